//! The infographic PDF: data handed to Typst as `data.json`, compiled in our own
//! [`world::InfographicWorld`], exported as a tagged PDF/UA-1 document.
//!
//! Data crosses into Typst only as data: the template reads `/data.json` and the chart
//! SVGs under `/charts/`; no string is ever pasted into Typst code. The compile runs on
//! its own thread under a watchdog and with panics caught, so a runaway template gives a
//! clear error instead of a hung or crashed build. Typst errors point at
//! `templates/infographic.typ:line:col` with Typst's message and hints.

pub mod data;
pub mod world;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::{World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::theme::Theme;
use world::{FontSet, InfographicWorld};

/// Name of the infographic template in the theme.
pub const TEMPLATE: &str = "infographic.typ";

/// How long a compile may run before the watchdog gives up on it.
pub const COMPILE_TIMEOUT: Duration = Duration::from_secs(30);

/// Everything one compile needs, owned so it can move to the compile thread.
#[derive(Clone)]
pub struct PdfJob {
    /// Project root, for project assets such as a logo.
    pub root: PathBuf,
    /// The template's source and the path shown in errors.
    pub template: String,
    /// `templates/infographic.typ`, relative to the root.
    pub template_path: PathBuf,
    /// Virtual files: `/data.json`, `/charts/<id>.svg`.
    pub files: BTreeMap<String, Vec<u8>>,
    /// The date `today()` returns and the PDF carries.
    pub date: time::Date,
    /// Stable identifier of the document.
    pub ident: String,
    /// What is being made, for messages: `infographic`, `social image`.
    pub what: &'static str,
}

/// The last font set built, keyed by the hash of its files.
type FontCache = Mutex<Option<(blake3::Hash, Arc<FontSet>)>>;

/// The fonts for this theme: built once per distinct font set and shared.
pub fn fonts_for(theme: &Theme) -> Arc<FontSet> {
    static CACHE: OnceLock<FontCache> = OnceLock::new();
    let mut hasher = blake3::Hasher::new();
    for (path, bytes) in &theme.fonts {
        hasher.update(path.to_string_lossy().as_bytes());
        hasher.update(bytes);
    }
    let key = hasher.finalize();
    let cache = CACHE.get_or_init(|| Mutex::new(None));
    let mut slot = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((k, set)) = slot.as_ref()
        && *k == key
    {
        return set.clone();
    }
    let set = load_fonts(theme);
    *slot = Some((key, set.clone()));
    set
}

/// Parse the theme's fonts and Typst's embedded ones, without any cache.
pub fn load_fonts(theme: &Theme) -> Arc<FontSet> {
    let files = theme
        .fonts
        .iter()
        .map(|(_, b)| Bytes::new(b.clone()))
        .chain(typst_assets::fonts().map(Bytes::new));
    Arc::new(FontSet::new(files))
}

/// The date the PDF carries: `SOURCE_DATE_EPOCH` if set, else `fallback`.
pub fn document_date(fallback: time::Date) -> time::Date {
    date_from_epoch(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref(), fallback)
}

/// The UTC date of a `SOURCE_DATE_EPOCH` value (seconds), or `fallback` if it is absent
/// or not a number.
pub fn date_from_epoch(epoch: Option<&str>, fallback: time::Date) -> time::Date {
    epoch
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| time::OffsetDateTime::from_unix_timestamp(secs).ok())
        .map_or(fallback, |t| t.date())
}

/// What to make of a compiled document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    /// A tagged PDF/UA-1 document.
    Pdf,
    /// A PNG of the first page, one pixel per point.
    Png,
}

/// Compile and export the job to PDF bytes.
pub fn compile(job: PdfJob, fonts: Arc<FontSet>) -> Result<Vec<u8>, Diagnostics> {
    run(job, fonts, Export::Pdf)
}

/// Compile the job and render its first page as a PNG.
pub fn render_png(job: PdfJob, fonts: Arc<FontSet>) -> Result<Vec<u8>, Diagnostics> {
    run(job, fonts, Export::Png)
}

/// Run the compile on its own thread, under the watchdog, with panics caught.
fn run(job: PdfJob, fonts: Arc<FontSet>, export: Export) -> Result<Vec<u8>, Diagnostics> {
    let template_path = job.template_path.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("typst".into())
        .stack_size(64 * 1024 * 1024)
        .spawn(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                compile_now(&job, fonts, export)
            }));
            let _ = tx.send(result);
        });
    if let Err(e) = spawned {
        return Err(Diagnostic::error(format!("cannot start the Typst compiler ({e})")).into());
    }
    match wait(&rx, COMPILE_TIMEOUT) {
        Some(Ok(result)) => result,
        Some(Err(payload)) => Err(crate::panic_diagnostic(payload.as_ref())
            .in_file(&template_path)
            .into()),
        None => Err(Diagnostic::error(format!(
            "template took too long to compile (stopped after {} s)",
            COMPILE_TIMEOUT.as_secs()
        ))
        .in_file(&template_path)
        .at_line_col(1, 1)
        .with_hint("look for a loop or a recursion that does not end in the template")
        .into()),
    }
}

/// Wait for the compile thread's answer, at most `timeout`. On a rayon worker, keep
/// running other rayon jobs meanwhile: Typst uses the same pool, and a worker that only
/// blocked could starve the very compile it waits for.
fn wait<T>(rx: &std::sync::mpsc::Receiver<T>, timeout: Duration) -> Option<T> {
    let deadline = std::time::Instant::now() + timeout;
    if rayon::current_thread_index().is_none() {
        return rx.recv_timeout(timeout).ok();
    }
    loop {
        match rx.try_recv() {
            Ok(v) => return Some(v),
            Err(std::sync::mpsc::TryRecvError::Disconnected) => return None,
            Err(std::sync::mpsc::TryRecvError::Empty) => {}
        }
        if std::time::Instant::now() >= deadline {
            return None;
        }
        if rayon::yield_now() != Some(rayon::Yield::Executed) {
            std::thread::sleep(Duration::from_micros(200));
        }
    }
}

fn compile_now(job: &PdfJob, fonts: Arc<FontSet>, export: Export) -> Result<Vec<u8>, Diagnostics> {
    let date = job.date;
    let today =
        Datetime::from_ymd(date.year(), u8::from(date.month()), date.day()).expect("valid date");
    let files = job
        .files
        .iter()
        .map(|(k, v)| (k.clone(), Bytes::new(v.clone())))
        .collect();
    let vpath = format!("/{}", crate::diagnostics::display_path(&job.template_path));
    let world = InfographicWorld::new(&job.root, &vpath, job.template.clone(), files, fonts, today);
    let warned = typst::compile::<PagedDocument>(&world);
    let document = warned
        .output
        .map_err(|errors| typst_diagnostics(&world, &errors, job))?;
    if export == Export::Png {
        let Some(page) = document.pages().first() else {
            return Err(Diagnostic::error("the template produced no page")
                .in_file(&job.template_path)
                .into());
        };
        let options = typst_render::RenderOptions {
            pixel_per_pt: 1.0.into(),
            render_bleed: false,
        };
        return typst_render::render(page, &options)
            .encode_png()
            .map_err(|e| Diagnostic::error(format!("cannot encode the image ({e})")).into());
    }
    let standards = PdfStandards::new(&[PdfStandard::Ua_1])
        .map_err(|e| Diagnostic::error(format!("invalid PDF standard ({})", e.message())))?;
    let options = PdfOptions {
        ident: Smart::Custom(job.ident.clone()),
        creator: Smart::Custom(Some("barograph".into())),
        timestamp: Some(Timestamp::new_utc(today)),
        standards,
        tagged: true,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|errors| typst_diagnostics(&world, &errors, job))
}

/// Typst diagnostics as ours, located in the template (or the file they point into).
fn typst_diagnostics(
    world: &InfographicWorld,
    errors: &[SourceDiagnostic],
    job: &PdfJob,
) -> Diagnostics {
    let mut out = Diagnostics::new();
    for e in errors.iter().filter(|e| e.severity == Severity::Error) {
        let mut d = Diagnostic::error(format!("{} template error ({})", job.what, e.message));
        let located = e.span.id().and_then(|id| {
            let range = world.range(e.span)?;
            let text = world.source(id).ok()?;
            let path = id.vpath().get_without_slash().to_string();
            Some((
                PathBuf::from(path),
                Position::of_offset(text.text(), range.start),
                range.len(),
            ))
        });
        d = match located {
            Some((path, pos, len)) => d.in_file(path).at(pos).spanning(len.max(1)),
            None => d.in_file(&job.template_path),
        };
        let hints: Vec<String> = e.hints.iter().map(|h| h.v.to_string()).collect();
        let hint = if hints.is_empty() {
            "see docs/infographic.md for the data the template receives".to_string()
        } else {
            hints.join("\n  = hint: ")
        };
        out.push(d.with_hint(hint));
    }
    if out.is_empty() {
        out.push(
            Diagnostic::error("infographic failed to compile (no message from Typst)")
                .in_file(&job.template_path),
        );
    }
    cap(out)
}

/// Most Typst errors shown: one syntax error can cascade into dozens.
pub const MAX_TYPST_ERRORS: usize = 3;

fn cap(mut found: Diagnostics) -> Diagnostics {
    let total = found.0.len();
    if total > MAX_TYPST_ERRORS {
        found.0.truncate(MAX_TYPST_ERRORS);
        let last = found.0[MAX_TYPST_ERRORS - 1].clone();
        found.0[MAX_TYPST_ERRORS - 1] = Diagnostic::error(format!(
            "{} more template errors not shown ({total} in all)",
            total - MAX_TYPST_ERRORS + 1
        ))
        .with_hint("fix the first errors: the others often follow from them")
        .in_file(last.file.unwrap_or_default())
        .at(last.position.unwrap_or_default());
    }
    found
}

/// The template's path in the project (for errors), or where the default would be.
pub fn template_path(theme: &Theme) -> PathBuf {
    theme.template(TEMPLATE).map_or_else(
        || Path::new("templates").join(TEMPLATE),
        |f| f.display_path(TEMPLATE),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn source_date_epoch_sets_the_document_date() {
        let fallback = date!(2026 - 01 - 20);
        assert_eq!(
            date_from_epoch(Some("1769472000"), fallback),
            date!(2026 - 01 - 27)
        );
        assert_eq!(date_from_epoch(None, fallback), fallback);
        assert_eq!(date_from_epoch(Some("soon"), fallback), fallback);
    }

    #[test]
    fn long_error_lists_are_capped() {
        let many = Diagnostics(
            (0..10)
                .map(|i| {
                    Diagnostic::error(format!("e{i}"))
                        .in_file("t.typ")
                        .at_line_col(i + 1, 1)
                })
                .collect(),
        );
        let capped = cap(many);
        assert_eq!(capped.0.len(), MAX_TYPST_ERRORS);
        assert!(
            capped.0.last().unwrap().message.contains("8 more"),
            "{capped}"
        );
    }
}
