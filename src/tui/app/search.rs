//! The entry list's search as the app runs it: the background worker, its answers, and
//! batching typed queries so that one search runs per batch of keys.

use super::App;

impl App {
    /// Moves searching to a worker thread: the query box and the list answer every key at
    /// once, and the results follow when ready (see [`App::poll_search`]). Worth it for large
    /// corpora, where one search takes longer than a frame.
    pub fn search_in_background(mut self) -> App {
        self.list.search_in_background();
        self
    }

    /// Whether a search answer is still due from the worker.
    pub fn searching(&self) -> bool {
        self.list.searching
    }

    /// Applies the worker's newest answer, if it answers the current query. Returns whether
    /// anything changed.
    pub fn poll_search(&mut self) -> bool {
        match self.list.try_answer() {
            Some(answer) => self.take_answer(answer),
            None => false,
        }
    }

    /// Waits up to `timeout` for the worker's answer to the current query (for tests).
    pub fn wait_search(&mut self, timeout: std::time::Duration) -> bool {
        let deadline = std::time::Instant::now() + timeout;
        while self.list.searching {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.list.wait_answer(left) {
                Some(answer) => {
                    self.take_answer(answer);
                }
                None => return false,
            }
        }
        true
    }

    fn take_answer(&mut self, answer: (u64, crate::search::Search)) -> bool {
        let page = self.list_height();
        let changed = self.list.take_answer(answer, page);
        if changed {
            self.show_selected();
        }
        changed
    }

    /// Types `query` into the search box and shows its best hit in the reader.
    pub fn type_query(&mut self, query: &str) {
        self.list.query.set(query);
        self.refresh_search();
        self.show_selected();
    }

    /// Re-runs the search for an edited query, or, inside a batch, once at its end.
    pub(in crate::tui) fn query_changed(&mut self) {
        if self.list.query_changed() {
            self.refresh_search();
            self.show_selected();
        }
    }

    /// Starts a batch of events (everything the terminal has queued): edits to the query are
    /// searched once, at [`App::end_batch`], so fast typing never waits on one search per key.
    pub fn begin_batch(&mut self) {
        self.list.begin_batch();
    }

    /// Ends a batch, running the search if the query changed in it.
    pub fn end_batch(&mut self) {
        if self.list.end_batch() {
            self.refresh_search();
            self.show_selected();
        }
    }

    pub(in crate::tui) fn refresh_search(&mut self) {
        let page = self.list_height();
        self.list.refresh(&self.corpus, page);
    }
}
