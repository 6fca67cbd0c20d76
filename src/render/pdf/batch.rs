//! Running Typst compiles: a few threads with large stacks take jobs from a shared queue,
//! each compile with its panics caught, under a watchdog that gives up on a job running
//! longer than [`super::compile_timeout`] (its thread is left behind and replaced).
//!
//! The waiting happens on the caller's thread, never on a rayon worker of Typst's own
//! pool, so Typst's parallel work always has threads to run on.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::world::FontSet;
use super::{Export, Made, PdfJob, compile_now, compile_timeout};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Typst's memoisation keeps results used within this many evictions (one per compile).
const EVICT_AFTER: usize = 8;

type Outcome<T> = std::thread::Result<Result<T, Diagnostics>>;

/// What a worker does with a result as soon as it is made (store it, say), so results
/// need not wait, all in memory, for the whole batch.
pub type Sink<T> = Arc<dyn Fn(usize, Made) -> T + Send + Sync>;

struct Shared<T> {
    jobs: Vec<(PdfJob, Export)>,
    next: AtomicUsize,
    started: Vec<Mutex<Option<Instant>>>,
    fonts: Arc<FontSet>,
    sink: Sink<T>,
}

/// Compile every job; results in the jobs' order.
pub fn run_batch(
    jobs: Vec<(PdfJob, Export)>,
    fonts: Arc<FontSet>,
) -> Vec<Result<Made, Diagnostics>> {
    run_batch_into(jobs, fonts, Arc::new(|_, made| made))
}

/// Compile every job, passing each result through `sink` on the worker that made it;
/// the sink's outputs in the jobs' order.
pub fn run_batch_into<T: Send + 'static>(
    jobs: Vec<(PdfJob, Export)>,
    fonts: Arc<FontSet>,
    sink: Sink<T>,
) -> Vec<Result<T, Diagnostics>> {
    let n = jobs.len();
    if n == 0 {
        return Vec::new();
    }
    let shared = Arc::new(Shared {
        started: (0..n).map(|_| Mutex::new(None)).collect(),
        jobs,
        next: AtomicUsize::new(0),
        fonts,
        sink,
    });
    let (tx, rx) = mpsc::channel::<(usize, Outcome<T>)>();
    let workers = std::thread::available_parallelism()
        .map_or(2, |p| p.get())
        .min(n);
    let mut results: Vec<Option<Result<T, Diagnostics>>> = (0..n).map(|_| None).collect();
    for _ in 0..workers {
        if let Err(e) = spawn_worker(&shared, tx.clone()) {
            return vec_of_errors(n, &format!("cannot start the Typst compiler ({e})"));
        }
    }
    let mut pending = n;
    while pending > 0 {
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok((i, outcome)) => {
                if results[i].is_none() {
                    results[i] =
                        Some(outcome.unwrap_or_else(|p| Err(panic_error(&shared, i, p.as_ref()))));
                    pending -= 1;
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                for i in overdue(&shared, &results) {
                    results[i] = Some(Err(timeout_error(&shared, i)));
                    pending -= 1;
                    // The stuck thread cannot be stopped; keep the queue moving without it.
                    let _ = spawn_worker(&shared, tx.clone());
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    results
        .into_iter()
        .map(|r| {
            r.unwrap_or_else(|| {
                Err(Diagnostic::error("the Typst compiler stopped unexpectedly").into())
            })
        })
        .collect()
}

fn spawn_worker<T: Send + 'static>(
    shared: &Arc<Shared<T>>,
    tx: mpsc::Sender<(usize, Outcome<T>)>,
) -> std::io::Result<()> {
    let shared = shared.clone();
    std::thread::Builder::new()
        .name("typst".into())
        .stack_size(64 * 1024 * 1024)
        .spawn(move || {
            loop {
                let i = shared.next.fetch_add(1, Ordering::Relaxed);
                let Some((job, export)) = shared.jobs.get(i) else {
                    break;
                };
                *shared.started[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
                let fonts = shared.fonts.clone();
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    compile_now(job, fonts, *export).map(|made| (shared.sink)(i, made))
                }));
                // Typst memoises across compiles; keep only what recent compiles used, so
                // memory stays flat over thousands of social images.
                typst::comemo::evict(EVICT_AFTER);
                if tx.send((i, outcome)).is_err() {
                    break;
                }
            }
        })
        .map(|_| ())
}

/// Jobs started more than [`COMPILE_TIMEOUT`] ago and still without a result.
fn overdue<T>(shared: &Shared<T>, results: &[Option<Result<T, Diagnostics>>]) -> Vec<usize> {
    (0..results.len())
        .filter(|&i| results[i].is_none())
        .filter(|&i| {
            shared.started[i]
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .is_some_and(|t| t.elapsed() > compile_timeout())
        })
        .collect()
}

fn timeout_error<T>(shared: &Shared<T>, i: usize) -> Diagnostics {
    Diagnostic::error(format!(
        "{} template took too long to compile (stopped after {} s)",
        shared.jobs[i].0.what,
        compile_timeout().as_secs_f64()
    ))
    .in_file(&shared.jobs[i].0.template_path)
    .at_line_col(1, 1)
    .with_hint("look for a loop or a recursion that does not end in the template")
    .into()
}

fn panic_error<T>(
    shared: &Shared<T>,
    i: usize,
    payload: &(dyn std::any::Any + Send),
) -> Diagnostics {
    crate::diagnostics::panic_diagnostic(payload)
        .in_file(&shared.jobs[i].0.template_path)
        .into()
}

fn vec_of_errors<T>(n: usize, message: &str) -> Vec<Result<T, Diagnostics>> {
    (0..n)
        .map(|_| Err(Diagnostic::error(message.to_string()).into()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error() {
        let job = PdfJob {
            root: std::env::temp_dir(),
            template: "#set document(title: \"t\")\n#set text(lang: \"en\")\n#set page(width: 10pt, height: 10pt)\nx".into(),
            template_path: "templates/t.typ".into(),
            files: Default::default(),
            date: time::macros::date!(2026 - 01 - 01),
            ident: "t".into(),
            what: "test",
            max_pages: None,
            shortened: Vec::new(),
        };
        let fonts = Arc::new(FontSet::new(
            typst_assets::fonts().map(typst::foundations::Bytes::new),
        ));
        let sink: Sink<()> = Arc::new(|_, _| panic!("boom"));
        let result = run_batch_into(vec![(job, Export::Pdf)], fonts, sink).remove(0);
        let err = result.expect_err("the panic is reported, not propagated");
        assert!(err.to_string().contains("internal error (boom)"), "{err}");
    }
}
