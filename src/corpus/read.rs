//! Reading user decks from disk: a file, or every `*.toml` in a folder. Not used by
//! `build.rs`, which reads the built-in decks itself.

use std::path::Path;

use super::deck::DeckFile;
use super::diagnostic::{Diagnostic, line_col};
use super::link::Corpus;

/// The largest deck file read; a larger one is refused (the whole corpus is kept in memory).
pub const MAX_DECK_BYTES: u64 = 64 * 1024 * 1024;

impl DeckFile {
    /// Reads a user deck, or every `*.toml` file (sorted) in a directory. A file that cannot be
    /// read becomes a diagnostic rather than an error, so that one bad file never hides the rest.
    /// Only regular files and folders are read: a FIFO, device or socket (or a link to one) is
    /// refused before it is opened (reading `/dev/zero` would never end, opening a FIFO would
    /// hang), and so is a file over [`MAX_DECK_BYTES`]. In a folder, such a `*.toml` is
    /// reported too, as is a link that leads nowhere; a folder named `*.toml` is left alone.
    pub fn read_user(path: &Path, files: &mut Vec<DeckFile>, problems: &mut Vec<Diagnostic>) {
        Self::read_one(path, false, files, problems);
    }

    fn read_one(
        path: &Path,
        in_folder: bool,
        files: &mut Vec<DeckFile>,
        problems: &mut Vec<Diagnostic>,
    ) {
        let shown = crate::sanitize::line(&path.display().to_string()).into_owned();
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(_) if path.symlink_metadata().is_ok_and(|m| m.is_symlink()) => {
                problems.push(Diagnostic::at_start(
                    &shown,
                    "a link to nothing (its target does not exist or cannot be reached); fix \
                     the link or remove it"
                        .to_string(),
                ));
                return;
            }
            Err(e) => {
                problems.push(Diagnostic::at_start(
                    &shown,
                    format!("cannot read deck: {e}"),
                ));
                return;
            }
        };
        if !meta.is_dir() && !meta.is_file() {
            let message = if in_folder {
                "not a regular file (a FIFO, device or socket), so it was not read; move it out \
                 of the decks folder or replace it with a deck file"
            } else {
                "not a regular file or folder (a FIFO, device or socket); give a deck file or a \
                 folder of them"
            };
            problems.push(Diagnostic::at_start(&shown, message.to_string()));
            return;
        }
        if meta.is_file() && meta.len() > MAX_DECK_BYTES {
            problems.push(Diagnostic::at_start(
                &shown,
                format!(
                    "deck is {} MB, over the limit of {} MB; split it into several files",
                    meta.len() / (1024 * 1024),
                    MAX_DECK_BYTES / (1024 * 1024)
                ),
            ));
            return;
        }
        if meta.is_dir() {
            let mut paths: Vec<_> = match std::fs::read_dir(path) {
                // Not only regular files: anything else named `*.toml` is reported, not
                // passed over in silence.
                Ok(dir) => dir
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|e| e == "toml") && !p.is_dir())
                    .collect(),
                Err(e) => {
                    problems.push(Diagnostic::at_start(
                        &shown,
                        format!("cannot read deck folder: {e}"),
                    ));
                    return;
                }
            };
            paths.sort();
            for p in paths {
                Self::read_one(&p, true, files, problems);
            }
            return;
        }
        let read = std::fs::File::open(path).and_then(|f| {
            use std::io::Read as _;
            let mut bytes = Vec::new();
            // The size was checked, but the file may grow: never read past the limit.
            f.take(MAX_DECK_BYTES + 1).read_to_end(&mut bytes)?;
            if bytes.len() as u64 > MAX_DECK_BYTES {
                return Err(std::io::Error::other(format!(
                    "it grew over the limit of {} MB while being read",
                    MAX_DECK_BYTES / (1024 * 1024)
                )));
            }
            Ok(bytes)
        });
        match read {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => files.push(DeckFile {
                    name: shown,
                    text,
                    builtin: false,
                }),
                Err(e) => {
                    let (line, col) = line_col(
                        &String::from_utf8_lossy(e.as_bytes()),
                        e.utf8_error().valid_up_to(),
                    );
                    problems.push(Diagnostic {
                        file: shown,
                        line,
                        col,
                        message: "deck is not valid UTF-8; save it as UTF-8".into(),
                    });
                }
            },
            Err(e) => problems.push(Diagnostic::at_start(
                &shown,
                format!("cannot read deck: {e}"),
            )),
        }
    }
}

impl DeckFile {
    /// Every user deck file found at `user_paths` (files or folders; a folder that does not
    /// exist is skipped quietly, and the same folder given twice is read once), with the
    /// problems reading them.
    pub fn read_users(user_paths: &[&Path]) -> (Vec<DeckFile>, Vec<Diagnostic>) {
        let mut files = Vec::new();
        let mut problems = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for path in user_paths.iter().filter(|p| p.exists()) {
            if seen.insert(path.canonicalize().unwrap_or_else(|_| path.to_path_buf())) {
                DeckFile::read_user(path, &mut files, &mut problems);
            }
        }
        (files, problems)
    }
}

impl Corpus {
    /// The built-in corpus plus every user deck found at `user_paths` (files or folders; a
    /// folder that does not exist is skipped quietly, and the same folder given twice is read
    /// once).
    pub fn with_user_decks(user_paths: &[&Path]) -> (Corpus, Vec<Diagnostic>) {
        let (files, mut problems) = DeckFile::read_users(user_paths);
        let (corpus, more) = Corpus::with_files(&files);
        problems.extend(more);
        (corpus, problems)
    }
}
