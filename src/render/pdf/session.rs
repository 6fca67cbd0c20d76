//! A build's Typst work: jobs answered from the cache when up to date, the others
//! compiled together in parallel, fonts loaded once and only if something must compile.

use std::sync::{Arc, Mutex, OnceLock};

use super::world::FontSet;
use super::{Export, PdfJob, batch, fonts_for, fonts_hash};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::theme::Theme;
use crate::output::Content;
use crate::output::cache::{Cache, Entry};

/// Typst work of one build: fonts loaded at most once and only if something must be
/// compiled, results taken from the cache when up to date, new results recorded for it.
pub struct Session<'a> {
    cache: &'a Cache,
    theme: &'a Theme,
    fonts: OnceLock<Arc<FontSet>>,
    fonts_key: OnceLock<blake3::Hash>,
    log: Mutex<SessionLog>,
}

/// What a session did.
#[derive(Debug, Clone, Default)]
pub struct SessionLog {
    /// Keys of the cache entries this build uses (taken or made).
    pub used: Vec<blake3::Hash>,
    /// Compiles run.
    pub compiled: usize,
    /// Compiles skipped thanks to the cache.
    pub cached: usize,
}

impl<'a> Session<'a> {
    /// A session for `theme`, reading `cache`.
    pub fn new(theme: &'a Theme, cache: &'a Cache) -> Self {
        Session {
            cache,
            theme,
            fonts: OnceLock::new(),
            fonts_key: OnceLock::new(),
            log: Mutex::new(SessionLog::default()),
        }
    }

    /// A session using the given fonts (benchmarks pass freshly loaded ones).
    pub fn with_fonts(theme: &'a Theme, cache: &'a Cache, fonts: Arc<FontSet>) -> Self {
        let session = Session::new(theme, cache);
        let _ = session.fonts.set(fonts);
        session
    }

    fn fonts_key(&self) -> blake3::Hash {
        *self.fonts_key.get_or_init(|| fonts_hash(self.theme))
    }

    /// Each job's result, in order: from the cache when up to date, else compiled in
    /// parallel and stored in the cache at once (so results never pile up in memory).
    pub fn make_all(&self, jobs: Vec<(PdfJob, Export)>) -> Vec<Result<Content, Diagnostics>> {
        let mut results: Vec<Option<Result<Content, Diagnostics>>> = Vec::with_capacity(jobs.len());
        let mut misses = Vec::new();
        let mut miss_keys = Vec::new();
        let mut log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        for (job, export) in jobs {
            let key = job.cache_key(export, &self.fonts_key());
            match self.cache.get(&key) {
                Some(file) => {
                    log.used.push(key);
                    log.cached += 1;
                    results.push(Some(Ok(Content::Cached(file))));
                }
                None => {
                    miss_keys.push((results.len(), key));
                    misses.push((job, export));
                    results.push(None);
                }
            }
        }
        if !misses.is_empty() {
            let fonts = self.fonts.get_or_init(|| fonts_for(self.theme)).clone();
            let keys: Arc<Vec<blake3::Hash>> =
                Arc::new(miss_keys.iter().map(|(_, k)| *k).collect());
            let cache = self.cache.clone();
            // Each result goes to the cache on the worker that made it.
            let sink: batch::Sink<Content> = Arc::new(move |i, made| {
                let entry = Entry {
                    key: keys[i],
                    deps: made.deps,
                    bytes: made.bytes,
                };
                match cache.put(&entry) {
                    Some(file) => Content::Cached(file),
                    None => Content::Memory(entry.bytes.into()),
                }
            });
            for ((slot, key), made) in miss_keys
                .into_iter()
                .zip(batch::run_batch_into(misses, fonts, sink))
            {
                if made.is_ok() {
                    log.compiled += 1;
                    log.used.push(key);
                }
                results[slot] = Some(made);
            }
        }
        results
            .into_iter()
            .map(|r| r.unwrap_or_else(|| Err(Diagnostic::error("missing Typst result").into())))
            .collect()
    }

    /// What the session did.
    pub fn finish(self) -> SessionLog {
        let mut log = self.log.into_inner().unwrap_or_else(|e| e.into_inner());
        log.used.sort_by_key(|k| k.to_hex());
        log
    }
}
