//! Where archdeck keeps user files, and why it chose each place.
//!
//! Each directory comes from a command-line flag, then an `ARCHDECK_*` environment variable,
//! then the platform default from the `directories` crate. The caller passes the environment in,
//! so that tests never touch the real home directory.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where a path came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Flag,
    Env(&'static str),
    /// The default folder inside a directory that came from this environment variable (the
    /// decks folder inside `$ARCHDECK_CONFIG_DIR`).
    InsideEnv(&'static str),
    Default,
}

/// A path and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathWithSource {
    pub path: PathBuf,
    pub source: Source,
}

impl fmt::Display for PathWithSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.source {
            Source::Flag => write!(f, "{} (from the command line)", self.path.display()),
            Source::Env(var) => write!(f, "{} (from ${var})", self.path.display()),
            Source::InsideEnv(var) => write!(f, "{} (inside ${var})", self.path.display()),
            Source::Default => write!(f, "{} (platform default)", self.path.display()),
        }
    }
}

/// The directories archdeck uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// Holds `config.toml` and the default `decks/` folder.
    pub config_dir: Option<PathWithSource>,
    /// Extra user decks (`*.toml`).
    pub decks_dir: Option<PathWithSource>,
    /// Progress and review log.
    pub data_dir: Option<PathWithSource>,
}

impl Paths {
    /// Resolves the directories from flags, then `env` lookups, then the platform defaults.
    pub fn resolve(
        decks_flag: Option<&Path>,
        data_flag: Option<&Path>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Paths {
        let project = directories::ProjectDirs::from("dev", "archdeck", "archdeck");
        let pick = |flag: Option<&Path>, var: &'static str, default: Option<PathBuf>| {
            if let Some(p) = flag {
                return Some(PathWithSource {
                    path: p.to_path_buf(),
                    source: Source::Flag,
                });
            }
            if let Some(v) = env(var).filter(|v| !v.is_empty()) {
                return Some(PathWithSource {
                    path: PathBuf::from(v),
                    source: Source::Env(var),
                });
            }
            default.map(|path| PathWithSource {
                path,
                source: Source::Default,
            })
        };
        let config_dir = pick(
            None,
            "ARCHDECK_CONFIG_DIR",
            project.as_ref().map(|p| p.config_dir().to_path_buf()),
        );
        let default_decks = config_dir.as_ref().map(|c| c.path.join("decks"));
        let mut decks_dir = pick(decks_flag, "ARCHDECK_DECKS_DIR", default_decks);
        if let (Some(decks), Some(config)) = (&mut decks_dir, &config_dir)
            && let (Source::Default, Source::Env(var)) = (decks.source, config.source)
        {
            decks.source = Source::InsideEnv(var);
        }
        Paths {
            decks_dir,
            data_dir: pick(
                data_flag,
                "ARCHDECK_DATA_DIR",
                project.as_ref().map(|p| p.data_dir().to_path_buf()),
            ),
            config_dir,
        }
    }

    /// The config file, `config.toml` in the config dir.
    pub fn config_file(&self) -> Option<PathBuf> {
        self.config_dir.as_ref().map(|c| c.path.join("config.toml"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_beats_env_beats_default() {
        let env = |k: &str| (k == "ARCHDECK_DATA_DIR").then(|| "/env/data".to_string());
        let p = Paths::resolve(Some(Path::new("/flag/decks")), None, env);
        let decks = p.decks_dir.unwrap();
        assert_eq!(decks.source, Source::Flag);
        let data = p.data_dir.unwrap();
        assert_eq!(data.path, PathBuf::from("/env/data"));
        assert_eq!(data.source, Source::Env("ARCHDECK_DATA_DIR"));
        assert!(data.to_string().contains("$ARCHDECK_DATA_DIR"));
    }

    #[test]
    fn decks_default_under_config() {
        let env = |k: &str| (k == "ARCHDECK_CONFIG_DIR").then(|| "/cfg".to_string());
        let p = Paths::resolve(None, None, env);
        assert_eq!(
            p.decks_dir.clone().unwrap().path,
            PathBuf::from("/cfg/decks")
        );
        assert_eq!(p.config_file(), Some(PathBuf::from("/cfg/config.toml")));
        let decks = p.decks_dir.unwrap().to_string();
        assert_eq!(decks, "/cfg/decks (inside $ARCHDECK_CONFIG_DIR)");
    }
}
