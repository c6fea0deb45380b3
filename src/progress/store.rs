//! The store: `progress.toml` in the data dir, loaded and saved under a lock, written
//! atomically, with a corrupt file set aside rather than overwritten.

use std::fmt;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use time::OffsetDateTime;

use super::format::{ParseError, SCHEMA_VERSION};
use super::model::Progress;

/// The progress file's name in the data dir.
pub const FILE_NAME: &str = "progress.toml";
/// The lock file's name in the data dir.
pub const LOCK_NAME: &str = "progress.lock";
/// The start of the temporary files a save writes before renaming.
const TEMP_PREFIX: &str = ".progress-";

/// Something the UI must tell the user, though work can go on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// The progress file could not be read; it was kept under another name and progress starts
    /// empty.
    Corrupt {
        file: PathBuf,
        kept_as: PathBuf,
        reason: String,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::Corrupt {
                file,
                kept_as,
                reason,
            } => write!(
                f,
                "the progress file {} could not be read ({reason}); it was kept as {} and \
                 progress starts empty. Fix or delete that file; archdeck will not touch it again",
                file.display(),
                kept_as.display()
            ),
        }
    }
}

/// Progress could not be loaded or saved.
#[derive(Debug, thiserror::Error)]
pub enum ProgressError {
    #[error("{action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    #[error(
        "{} was written by a newer archdeck (schema_version {version}, this one knows {SCHEMA_VERSION}); upgrade archdeck to use it",
        path.display()
    )]
    Newer { path: PathBuf, version: u32 },
    #[error("cannot encode progress: {0}")]
    Serialize(String),
}

fn io_err(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> ProgressError {
    let path = path.to_path_buf();
    move |source| ProgressError::Io {
        action,
        path,
        source,
    }
}

/// Progress as loaded or saved, with anything the user must be told.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub progress: Progress,
    pub warnings: Vec<Warning>,
}

/// The progress file in a data dir.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// The store in `data_dir`. Nothing is touched until [`Store::load`] or [`Store::save`].
    pub fn new(data_dir: impl Into<PathBuf>) -> Store {
        Store {
            dir: data_dir.into(),
        }
    }

    /// `progress.toml` in the data dir.
    pub fn file(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    fn lock(&self) -> Result<File, ProgressError> {
        fs::create_dir_all(&self.dir)
            .map_err(io_err("cannot create the data folder", &self.dir))?;
        let path = self.dir.join(LOCK_NAME);
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io_err("cannot open the lock file", &path))?;
        file.lock().map_err(io_err("cannot lock", &path))?;
        Ok(file)
    }

    /// Loads progress. A missing file is empty progress; an unreadable or corrupt one is renamed
    /// aside (see [`Warning::Corrupt`]). `now` names the renamed file.
    pub fn load(&self, now: OffsetDateTime) -> Result<Loaded, ProgressError> {
        if !self.file().exists() {
            return Ok(Loaded::default());
        }
        let _lock = self.lock()?;
        self.read_locked(now)
    }

    fn read_locked(&self, now: OffsetDateTime) -> Result<Loaded, ProgressError> {
        let path = self.file();
        let reason = match fs::read(&path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Loaded::default()),
            Err(e) => format!("cannot read it: {e}"),
            Ok(bytes) => match String::from_utf8(bytes) {
                Err(_) => "it is not UTF-8 text".to_string(),
                Ok(text) => match Progress::from_toml(&text) {
                    Ok(progress) => {
                        return Ok(Loaded {
                            progress,
                            warnings: Vec::new(),
                        });
                    }
                    Err(ParseError::Newer(version)) => {
                        return Err(ProgressError::Newer { path, version });
                    }
                    Err(ParseError::Corrupt(reason)) => first_line(&reason),
                },
            },
        };
        let kept_as = self.set_aside(now)?;
        Ok(Loaded {
            progress: Progress::default(),
            warnings: vec![Warning::Corrupt {
                file: path,
                kept_as,
                reason,
            }],
        })
    }

    /// Renames the progress file to a free `progress.toml.corrupt-<timestamp>[-n]` name.
    fn set_aside(&self, now: OffsetDateTime) -> Result<PathBuf, ProgressError> {
        let stamp = compact_timestamp(now);
        let path = self.file();
        for n in 0..1000 {
            let name = if n == 0 {
                format!("{FILE_NAME}.corrupt-{stamp}")
            } else {
                format!("{FILE_NAME}.corrupt-{stamp}-{n}")
            };
            let target = self.dir.join(name);
            if target.exists() {
                continue;
            }
            fs::rename(&path, &target)
                .map_err(io_err("cannot move the unreadable progress file", &path))?;
            sync_dir(&self.dir)?;
            return Ok(target);
        }
        Err(ProgressError::Io {
            action: "cannot find a free name to keep the unreadable progress file",
            path,
            source: io::Error::from(io::ErrorKind::AlreadyExists),
        })
    }

    /// Durably saves `progress` merged with what is on disk, under the lock, and returns the
    /// merged progress. `now` names a corrupt file found on disk, which is kept aside.
    pub fn save(&self, progress: &Progress, now: OffsetDateTime) -> Result<Loaded, ProgressError> {
        let _lock = self.lock()?;
        let mut loaded = self.read_locked(now)?;
        loaded.progress.merge(progress);
        let text = loaded
            .progress
            .to_toml()
            .map_err(|e| ProgressError::Serialize(e.to_string()))?;
        let path = self.file();
        // Under the lock, any temporary file left is from a writer that crashed.
        self.remove_stale_temp_files();
        let mut tmp = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .suffix(".tmp")
            .tempfile_in(&self.dir)
            .map_err(io_err("cannot create a temporary file in", &self.dir))?;
        tmp.write_all(text.as_bytes())
            .map_err(io_err("cannot write progress to", tmp.path()))?;
        tmp.as_file()
            .sync_all()
            .map_err(io_err("cannot sync progress to disk", tmp.path()))?;
        tmp.persist(&path).map_err(|e| ProgressError::Io {
            action: "cannot replace",
            path: path.clone(),
            source: e.error,
        })?;
        sync_dir(&self.dir)?;
        Ok(loaded)
    }
}

impl Store {
    fn remove_stale_temp_files(&self) {
        let Ok(dir) = fs::read_dir(&self.dir) else {
            return;
        };
        for entry in dir.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(TEMP_PREFIX) && name.ends_with(".tmp") {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

fn first_line(s: &str) -> String {
    let line = s.lines().find(|l| !l.trim().is_empty()).unwrap_or(s);
    line.trim().to_string()
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> Result<(), ProgressError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_err("cannot sync the folder", dir))
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> Result<(), ProgressError> {
    Ok(())
}

/// `20250102T030405Z`: a UTC timestamp safe in file names.
pub fn compact_timestamp(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn timestamp_for_file_names() {
        assert_eq!(
            compact_timestamp(datetime!(2025-01-02 03:04:05 +02:00)),
            "20250102T010405Z"
        );
    }
}
