//! File helpers: keeping a file aside under a free timestamped name, sidecar names (`-wal`),
//! syncing a folder, and the file-name-safe timestamp.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use time::OffsetDateTime;

use super::error::{ProgressError, io_err};

/// Renames `path` to a free `<name>.<what>-<timestamp>[-n]` beside it.
pub(super) fn keep_aside(
    path: &Path,
    what: &str,
    now: OffsetDateTime,
) -> Result<PathBuf, ProgressError> {
    let stamp = compact_timestamp(now);
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for n in 0..1000 {
        let target = if n == 0 {
            dir.join(format!("{name}.{what}-{stamp}"))
        } else {
            dir.join(format!("{name}.{what}-{stamp}-{n}"))
        };
        if target.exists() {
            continue;
        }
        fs::rename(path, &target).map_err(io_err("cannot rename", path))?;
        sync_dir(dir)?;
        return Ok(target);
    }
    Err(ProgressError::Io {
        action: "cannot find a free name to keep",
        path: path.to_path_buf(),
        error: io::Error::from(io::ErrorKind::AlreadyExists),
    })
}

pub(super) fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

#[cfg(unix)]
pub(super) fn sync_dir(dir: &Path) -> Result<(), ProgressError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_err("cannot sync the folder", dir))
}

#[cfg(not(unix))]
pub(super) fn sync_dir(_dir: &Path) -> Result<(), ProgressError> {
    Ok(())
}

/// `20250102T030405Z`: a UTC timestamp safe in file names (the time's own offset if it has no
/// UTC form, near the ends of the calendar).
pub fn compact_timestamp(t: OffsetDateTime) -> String {
    let t = t.checked_to_offset(time::UtcOffset::UTC).unwrap_or(t);
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
