//! The list pane's state: the query, the kind filter, the hits, the selection and its window,
//! and the search behind them (on this thread, or on a worker for large corpora).

use std::sync::Arc;

use super::line_edit::LineEditor;
use super::viewport::Viewport;
use crate::corpus::{Corpus, Kind};
use crate::search::{BackgroundIndex, Hit, Search, SearchWorker, all_hits};

/// The kind filters that `t` cycles through, in order.
pub const KIND_CYCLE: [Option<Kind>; 8] = [
    None,
    Some(Kind::Concept),
    Some(Kind::Pattern),
    Some(Kind::Rule),
    Some(Kind::Fallacy),
    Some(Kind::Law),
    Some(Kind::Principle),
    Some(Kind::Reference),
];

/// The entry list and its search.
pub struct ListPane {
    /// The search box: its text, cursor and history.
    pub query: LineEditor,
    /// Position in [`KIND_CYCLE`].
    pub kind_filter: usize,
    pub hits: Vec<Hit>,
    /// The selected hit and the first hit on screen.
    pub view: Viewport,
    /// Whether the worker's answer to the current query is still due.
    pub searching: bool,
    /// The index, for searching on this thread; `None` once a worker searches instead.
    index: Option<BackgroundIndex>,
    /// Searches in the background (large corpora): see [`ListPane::search_in_background`].
    worker: Option<SearchWorker>,
    /// The number of the newest search asked of the worker.
    generation: u64,
    /// The last search, with its "did you mean" names when nothing matched.
    pub last_search: Option<Search>,
    /// Context around the word that brought the selected hit up through its text.
    pub context: Option<String>,
    /// Inside a batch of events: whether the query changed and still needs a search.
    batch: Option<bool>,
}

impl ListPane {
    /// An empty query over `corpus`, its index building in the background.
    pub fn new(corpus: &Arc<Corpus>) -> ListPane {
        ListPane {
            query: LineEditor::default(),
            kind_filter: 0,
            hits: Vec::new(),
            view: Viewport::default(),
            searching: false,
            index: Some(BackgroundIndex::spawn(Arc::clone(corpus))),
            worker: None,
            generation: 0,
            last_search: None,
            context: None,
            batch: None,
        }
    }

    pub fn kind(&self) -> Option<Kind> {
        KIND_CYCLE[self.kind_filter % KIND_CYCLE.len()]
    }

    /// Corpus position of the highlighted row.
    pub fn selected_entry(&self) -> Option<usize> {
        self.hits.get(self.view.selected).map(|h| h.index)
    }

    /// Moves searching to a worker thread.
    pub fn search_in_background(&mut self) {
        if let Some(index) = self.index.take() {
            self.worker = Some(SearchWorker::spawn(index));
        }
    }

    /// The worker's newest answer, if one is ready.
    pub fn try_answer(&self) -> Option<(u64, Search)> {
        self.worker.as_ref().and_then(SearchWorker::try_result)
    }

    /// Waits up to `timeout` for the worker's next answer.
    pub fn wait_answer(&self, timeout: std::time::Duration) -> Option<(u64, Search)> {
        self.worker.as_ref().and_then(|w| w.wait_result(timeout))
    }

    /// Takes the worker's answer if it answers the current query: the hits are replaced and
    /// the first is selected. Returns whether anything changed.
    pub fn take_answer(&mut self, (generation, mut search): (u64, Search), page: usize) -> bool {
        if generation != self.generation || !self.searching {
            return false;
        }
        self.searching = false;
        self.hits = std::mem::take(&mut search.hits);
        self.last_search = Some(search);
        self.view.reset(0, self.hits.len(), page);
        true
    }

    /// Works out the line of context for the selected hit, when it came up through its text
    /// (searched on this thread only), at most `width` characters.
    pub fn update_context(&mut self, corpus: &Corpus, width: usize) {
        self.context = self.selected_context(corpus, width);
    }

    fn selected_context(&mut self, corpus: &Corpus, width: usize) -> Option<String> {
        let i = self
            .selected_entry()
            .filter(|_| !self.query.trim().is_empty())?;
        let index = self.index.as_mut()?.get();
        let matched = index.explain(&self.query, &[i]).pop()?;
        index.context(&corpus.entries()[i], &matched, width)
    }

    /// Re-runs the search for the current query and kind. With a worker, the old hits stay up
    /// until its answer arrives.
    pub fn refresh(&mut self, corpus: &Arc<Corpus>, page: usize) {
        let prev = self.selected_entry();
        let kind = self.kind();
        // Any answer still coming is for an older query now.
        self.generation += 1;
        self.searching = false;
        self.hits = if self.query.trim().is_empty() {
            self.last_search = None;
            all_hits(corpus, kind)
        } else if let Some(worker) = &self.worker {
            // The old hits stay up until the worker's answer arrives.
            worker.request(self.generation, &self.query, kind);
            self.searching = true;
            return;
        } else {
            let index = self
                .index
                .get_or_insert_with(|| BackgroundIndex::spawn(Arc::clone(corpus)));
            let mut search = index.get().search(&self.query, kind);
            let hits = std::mem::take(&mut search.hits);
            self.last_search = Some(search);
            hits
        };
        // Typing re-ranks: the best match is selected. Filtering keeps the selection if it can.
        let selected = if self.query.is_empty() {
            prev.and_then(|p| self.hits.iter().position(|h| h.index == p))
                .unwrap_or(0)
        } else {
            0
        };
        self.view.reset(selected, self.hits.len(), page);
    }

    /// Notes an edit to the query. Returns true if the search must run now (outside a batch);
    /// inside one it runs once, at [`ListPane::end_batch`].
    pub fn query_changed(&mut self) -> bool {
        match &mut self.batch {
            Some(pending) => {
                *pending = true;
                false
            }
            None => true,
        }
    }

    /// Starts a batch of events.
    pub fn begin_batch(&mut self) {
        self.batch.get_or_insert(false);
    }

    /// Ends a batch. Returns true if the query changed in it and the search must run.
    pub fn end_batch(&mut self) -> bool {
        self.batch.take() == Some(true)
    }
}
