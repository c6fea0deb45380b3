//! Searching off the UI thread: an index built in the background, and a worker that answers
//! the newest query.

use std::sync::{Arc, mpsc};
use std::thread::JoinHandle;

use super::{Index, Search};
use crate::corpus::{Corpus, Kind};

/// An index built on a background thread, so that the first frame never waits for it. The
/// first query that needs it joins the thread (by then it is usually long finished).
pub struct BackgroundIndex {
    corpus: Arc<Corpus>,
    building: Option<JoinHandle<Index>>,
    ready: Option<Index>,
}

impl BackgroundIndex {
    pub fn spawn(corpus: Arc<Corpus>) -> BackgroundIndex {
        let for_thread = Arc::clone(&corpus);
        let building = std::thread::Builder::new()
            .name("archdeck-index".into())
            .spawn(move || Index::new(&for_thread))
            .ok();
        BackgroundIndex {
            corpus,
            building,
            ready: None,
        }
    }

    /// The index, waiting for the thread if it is still building it.
    pub fn get(&mut self) -> &Index {
        let corpus = &self.corpus;
        let building = &mut self.building;
        self.ready.get_or_insert_with(|| {
            building
                .take()
                .and_then(|handle| handle.join().ok())
                .unwrap_or_else(|| Index::new(corpus))
        })
    }
}

/// Runs searches on a thread of its own, so that typing never waits for one. The newest
/// request wins: requests still queued behind it are skipped. Each answer carries the number of
/// the request it answers, so the caller can drop answers to queries it no longer shows.
pub struct SearchWorker {
    requests: mpsc::Sender<(u64, String, Option<Kind>)>,
    results: mpsc::Receiver<(u64, Search)>,
}

impl SearchWorker {
    /// Starts the worker; it waits for the index first.
    pub fn spawn(mut index: BackgroundIndex) -> SearchWorker {
        let (requests, inbox) = mpsc::channel::<(u64, String, Option<Kind>)>();
        let (outbox, results) = mpsc::channel();
        let _ = std::thread::Builder::new()
            .name("archdeck-search".into())
            .spawn(move || {
                while let Ok(mut request) = inbox.recv() {
                    while let Ok(newer) = inbox.try_recv() {
                        request = newer;
                    }
                    let (generation, query, kind) = request;
                    let search = index.get().search(&query, kind);
                    if outbox.send((generation, search)).is_err() {
                        return;
                    }
                }
            });
        SearchWorker { requests, results }
    }

    /// Asks for a search; `generation` identifies it in the answer.
    pub fn request(&self, generation: u64, query: &str, kind: Option<Kind>) {
        let _ = self.requests.send((generation, query.to_string(), kind));
    }

    /// The newest answer that has arrived, if any, without waiting.
    pub fn try_result(&self) -> Option<(u64, Search)> {
        self.results.try_iter().last()
    }

    /// Waits up to `timeout` for an answer.
    pub fn wait_result(&self, timeout: std::time::Duration) -> Option<(u64, Search)> {
        let first = self.results.recv_timeout(timeout).ok()?;
        Some(self.try_result().unwrap_or(first))
    }
}
