//! The Typst engine of the build: the infographic PDF (data handed to Typst as
//! `data.json`, compiled in our own [`world::InfographicWorld`], exported as a tagged
//! PDF/UA-1 document), the compile behind each social image ([`Export::Png`]) and each chart's PNG
//! ([`Export::Png2x`]).
//!
//! Data crosses into Typst only as data: the template reads `/data.json` and the chart
//! SVGs under `/charts/`; no string is ever pasted into Typst code. The compile runs on
//! its own thread under a watchdog and with panics caught, so a runaway template gives a
//! clear error instead of a hung or crashed build. Typst errors point at
//! `templates/infographic.typ:line:col` with Typst's message and hints.

pub(crate) mod batch;
pub(crate) mod data;

pub use data::infographic_files;
mod fits;
pub mod layout;
mod session;
pub(crate) mod world;

pub use session::{Session, SessionLog};

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
use crate::load::theme::Theme;
use crate::output::cache::{self, Dep};
use world::{FontSet, InfographicWorld};

/// The most pages an infographic may take (see `docs/infographic.md`).
pub const MAX_INFOGRAPHIC_PAGES: usize = 2;

/// Name of the infographic template in the theme.
pub(crate) const TEMPLATE: &str = "infographic.typ";

/// How long a compile may run before the watchdog gives up on it, unless the
/// `BAROGRAPH_TYPST_TIMEOUT` environment variable gives another number of seconds.
pub const COMPILE_TIMEOUT: Duration = Duration::from_secs(30);

/// The watchdog's limit: [`COMPILE_TIMEOUT`] or `BAROGRAPH_TYPST_TIMEOUT` (seconds).
pub(crate) fn compile_timeout() -> Duration {
    static LIMIT: OnceLock<Duration> = OnceLock::new();
    *LIMIT.get_or_init(|| {
        std::env::var("BAROGRAPH_TYPST_TIMEOUT")
            .ok()
            .and_then(|s| s.trim().parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s > 0.0)
            .map_or(COMPILE_TIMEOUT, Duration::from_secs_f64)
    })
}

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
    /// The most pages the document may take; more is an error (the content does not
    /// fit), not a silently broken layout.
    pub max_pages: Option<usize>,
    /// Labels the document shows cut, to fit (a warning lists them).
    pub shortened: Vec<String>,
}

/// The last font set built, keyed by the hash of its files.
type FontCache = Mutex<Option<(blake3::Hash, Arc<FontSet>)>>;

/// The fonts for this theme: built once per distinct font set and shared.
pub fn fonts_for(theme: &Theme) -> Arc<FontSet> {
    static CACHE: OnceLock<FontCache> = OnceLock::new();
    let key = fonts_hash(theme);
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

impl PdfJob {
    /// The cache key of this job: everything its result is made from, given the fonts.
    pub(crate) fn cache_key(&self, export: Export, fonts: &blake3::Hash) -> blake3::Hash {
        let mut parts: Vec<&[u8]> = vec![
            match export {
                Export::Pdf => b"pdf",
                Export::Png => b"png",
                Export::Png2x => b"png2x",
                Export::Text => b"text",
                Export::Layout => b"layout",
                Export::Preview => b"preview",
            },
            self.template.as_bytes(),
            self.template_path.as_os_str().as_encoded_bytes(),
            self.ident.as_bytes(),
            fonts.as_bytes(),
        ];
        let date = self.date.to_string();
        parts.push(date.as_bytes());
        for (path, bytes) in &self.files {
            parts.push(path.as_bytes());
            parts.push(bytes);
        }
        cache::key(&parts)
    }
}

/// The hash of the theme's fonts (paths and bytes).
pub(crate) fn fonts_hash(theme: &Theme) -> blake3::Hash {
    let mut hasher = blake3::Hasher::new();
    for (path, bytes) in &theme.fonts {
        hasher.update(path.to_string_lossy().as_bytes());
        hasher.update(bytes);
    }
    hasher.finalize()
}

/// The date the PDF carries: `SOURCE_DATE_EPOCH` if set, else `fallback`.
pub(crate) fn document_date(fallback: time::Date) -> time::Date {
    date_from_epoch(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref(), fallback)
}

/// The UTC date of a `SOURCE_DATE_EPOCH` value (seconds), or `fallback` if it is absent
/// or not a number.
pub(crate) fn date_from_epoch(epoch: Option<&str>, fallback: time::Date) -> time::Date {
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
    /// A PNG of the first page, two pixels per point (charts for slides).
    Png2x,
    /// The text of the laid-out pages, one run per line after a `pages: N` line: what
    /// the PDF shows, for checks without a PDF reader.
    Text,
    /// The [`layout::Layout`] as JSON: pages and the boxes the template recorded.
    Layout,
    /// A PNG of every page, one under the other, at half a pixel per point: a preview.
    Preview,
}

/// What a compile made, and the project files it read.
#[derive(Debug, Clone)]
pub(crate) struct Made {
    /// The PDF or PNG.
    pub bytes: Vec<u8>,
    /// Project files read by the template, with their hashes.
    pub deps: Vec<Dep>,
}

/// Run one job through the batch runner (its own thread, watchdog, panics caught).
fn run(job: PdfJob, fonts: Arc<FontSet>, export: Export) -> Result<Made, Diagnostics> {
    batch::run_batch(vec![(job, export)], fonts)
        .pop()
        .unwrap_or_else(|| Err(Diagnostic::error("the Typst compiler returned nothing").into()))
}

pub(crate) fn compile_now(
    job: &PdfJob,
    fonts: Arc<FontSet>,
    export: Export,
) -> Result<Made, Diagnostics> {
    let mut world = None;
    let bytes = compile_in(job, fonts, export, &mut world)?;
    let deps = world
        .map(|w| {
            w.files_read()
                .into_iter()
                .map(|(path, hash)| Dep { path, hash })
                .collect()
        })
        .unwrap_or_default();
    Ok(Made { bytes, deps })
}

fn compile_in(
    job: &PdfJob,
    fonts: Arc<FontSet>,
    export: Export,
    slot: &mut Option<InfographicWorld>,
) -> Result<Vec<u8>, Diagnostics> {
    let date = job.date;
    let today =
        Datetime::from_ymd(date.year(), u8::from(date.month()), date.day()).expect("valid date");
    let document = lay_out(job, &fonts, today, slot)?;
    let world = slot.as_ref().expect("a compile made a world");
    // A layout or a preview is for looking at what does not fit, too.
    if !matches!(export, Export::Layout | Export::Preview) {
        fits::check(&document, job)?;
    }
    if export == Export::Layout {
        let layout = layout::Layout::of(&document);
        return Ok(serde_json::to_vec(&layout).expect("layout serialises"));
    }
    if export == Export::Preview {
        let options = typst_render::RenderOptions {
            pixel_per_pt: 0.5.into(),
            render_bleed: false,
        };
        let grey = typst::visualize::Color::from_u8(0x88, 0x8f, 0x99, 0xff);
        let gap = typst::layout::Abs::pt(16.0);
        let pixmap = typst_render::render_merged(&document, &options, gap, Some(grey));
        return encode_png(pixmap.width(), pixmap.height(), pixmap.data())
            .map_err(|e| Diagnostic::error(format!("cannot encode the image ({e})")).into());
    }
    if export == Export::Text {
        let mut text = format!("pages: {}\n", document.pages().len());
        for page in document.pages() {
            frame_text(&page.frame, &mut text);
        }
        return Ok(text.into_bytes());
    }
    if matches!(export, Export::Png | Export::Png2x) {
        let Some(page) = document.pages().first() else {
            return Err(Diagnostic::error("the template produced no page")
                .in_file(&job.template_path)
                .into());
        };
        let options = typst_render::RenderOptions {
            pixel_per_pt: if export == Export::Png2x { 2.0 } else { 1.0 }.into(),
            render_bleed: false,
        };
        let pixmap = typst_render::render(page, &options);
        return encode_png(pixmap.width(), pixmap.height(), pixmap.data())
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
    typst_pdf::pdf(&document, &options).map_err(|errors| typst_diagnostics(world, &errors, job))
}

/// The document of `job`. One allowed more than a page that takes two or more is
/// balanced: compiled again with tighter spacing, kept if that fits one page; else, if
/// its units fit two pages (normally spaced, or else tightly), compiled with the page
/// break that leaves the fuller page least full, so both carry about as much (see
/// [`layout`]).
fn lay_out(
    job: &PdfJob,
    fonts: &Arc<FontSet>,
    today: Datetime,
    slot: &mut Option<InfographicWorld>,
) -> Result<PagedDocument, Diagnostics> {
    let first = compile_once(job, &job.files, fonts, today, slot)?;
    if job.max_pages.is_none_or(|max| max < 2) || first.pages().len() < 2 {
        return Ok(first);
    }
    let Some(json) = job.files.get("/data.json") else {
        return Ok(first);
    };
    let mut retry = |pass: layout::Pass| -> Result<Option<PagedDocument>, Diagnostics> {
        let Some(data) = layout::with_pass(json, pass) else {
            return Ok(None);
        };
        let mut files = job.files.clone();
        files.insert("/data.json".to_string(), data);
        compile_once(job, &files, fonts, today, slot).map(Some)
    };
    let compact = layout::Pass {
        compact: true,
        break_before: None,
    };
    let Some(tight) = retry(compact)? else {
        return compile_once(job, &job.files, fonts, today, slot);
    };
    if tight.pages().len() == 1 {
        return Ok(tight);
    }
    let split = |doc: &PagedDocument| {
        let (heights, room, gap) = layout::Layout::of(doc).units()?;
        layout::even_split(&heights, room, gap)
    };
    let pass = match (split(&first), split(&tight)) {
        (Some(k), _) => Some(layout::Pass {
            compact: false,
            break_before: Some(k),
        }),
        (None, Some(k)) => Some(layout::Pass {
            compact: true,
            break_before: Some(k),
        }),
        (None, None) => None,
    };
    match pass {
        Some(pass) => match retry(pass)? {
            Some(doc) if doc.pages().len() <= 2 => Ok(doc),
            _ => compile_once(job, &job.files, fonts, today, slot),
        },
        // The first compile again, so the world left in `slot` is the one it read.
        None => compile_once(job, &job.files, fonts, today, slot),
    }
}

/// Compile `job`'s template once with `files`, in a new world left in `slot`.
fn compile_once(
    job: &PdfJob,
    files: &BTreeMap<String, Vec<u8>>,
    fonts: &Arc<FontSet>,
    today: Datetime,
    slot: &mut Option<InfographicWorld>,
) -> Result<PagedDocument, Diagnostics> {
    let files = files
        .iter()
        .map(|(k, v)| (k.clone(), Bytes::new(v.clone())))
        .collect();
    let vpath = format!("/{}", crate::diagnostics::display_path(&job.template_path));
    let world = slot.insert(InfographicWorld::new(
        &job.root,
        &vpath,
        job.template.clone(),
        files,
        fonts.clone(),
        today,
    ));
    let world = &*world;
    // Charts are decoded on a second thread meanwhile (if one can start: it only saves
    // time); a panic there surfaces here once the scope ends, and is caught as any other.
    let warned = std::thread::scope(|scope| {
        if world.has_svgs() {
            let _ = std::thread::Builder::new()
                .name("typst-svg".into())
                .spawn_scoped(scope, || world.decode_svgs_ahead());
        }
        typst::compile::<PagedDocument>(world)
    });
    warned
        .output
        .map_err(|errors| typst_diagnostics(world, &errors, job))
}

/// Append the text runs of `frame` (and its groups), one per line.
fn frame_text(frame: &typst::layout::Frame, out: &mut String) {
    for (_, item) in frame.items() {
        match item {
            typst::layout::FrameItem::Text(t) => {
                out.push_str(&t.text);
                out.push('\n');
            }
            typst::layout::FrameItem::Group(g) => frame_text(&g.frame, out),
            _ => {}
        }
    }
}

/// The laid-out text of the job's document (see [`Export::Text`]).
pub fn document_text(job: PdfJob, fonts: Arc<FontSet>) -> Result<String, Diagnostics> {
    run(job, fonts, Export::Text).map(|m| String::from_utf8_lossy(&m.bytes).into_owned())
}

/// Encode premultiplied RGBA pixels as a PNG, quickly: fdeflate compression, and RGB
/// when the image is opaque (social images always are).
pub fn encode_png(
    width: u32,
    height: u32,
    premultiplied: &[u8],
) -> Result<Vec<u8>, png::EncodingError> {
    let (pixels, _) = premultiplied.as_chunks::<4>();
    let alpha = pixels
        .iter()
        .fold(u32::MAX, |acc, p| acc & u32::from_le_bytes(*p));
    let opaque = alpha >> 24 == 255;
    let (color, data): (png::ColorType, Vec<u8>) = if opaque {
        let mut rgb = vec![0; pixels.len() * 3];
        let (quads, rest) = premultiplied.as_chunks::<16>();
        let (out4, out_rest) = rgb.as_chunks_mut::<12>();
        for (o, q) in out4.iter_mut().zip(quads) {
            *o = [
                q[0], q[1], q[2], q[4], q[5], q[6], q[8], q[9], q[10], q[12], q[13], q[14],
            ];
        }
        for (o, p) in out_rest.chunks_exact_mut(3).zip(rest.chunks_exact(4)) {
            o.copy_from_slice(&p[..3]);
        }
        (png::ColorType::Rgb, rgb)
    } else {
        let rgba = premultiplied
            .chunks_exact(4)
            .flat_map(|p| {
                let a = u16::from(p[3]);
                let un = |c: u8| {
                    (u16::from(c) * 255 + a / 2)
                        .checked_div(a)
                        .map_or(0, |v| v.min(255) as u8)
                };
                [un(p[0]), un(p[1]), un(p[2]), p[3]]
            })
            .collect();
        (png::ColorType::Rgba, rgba)
    };
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(color);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&data)?;
    writer.finish()?;
    Ok(out)
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
            "see `barograph help infographic` for the data the template receives".to_string()
        } else {
            hints.join(crate::diagnostics::HINT_SEPARATOR)
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
pub(crate) const MAX_TYPST_ERRORS: usize = 3;

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
pub(crate) fn template_path(theme: &Theme) -> PathBuf {
    theme.template(TEMPLATE).map_or_else(
        || Path::new("templates").join(TEMPLATE),
        |f| f.display_path(TEMPLATE),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn decode(png: &[u8]) -> (png::ColorType, Vec<u8>) {
        let mut reader = png::Decoder::new(std::io::Cursor::new(png))
            .read_info()
            .unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        buf.truncate(info.buffer_size());
        (info.color_type, buf)
    }

    #[test]
    fn png_of_an_opaque_image_is_rgb_with_every_pixel_kept() {
        // 7 × 3 pixels: five groups of four, and one pixel left over.
        let rgba: Vec<u8> = (0..21u8)
            .flat_map(|i| [i, i.wrapping_mul(7), 255 - i, 255])
            .collect();
        let (color, pixels) = decode(&encode_png(7, 3, &rgba).unwrap());
        assert_eq!(color, png::ColorType::Rgb);
        let rgb: Vec<u8> = rgba.chunks(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
        assert_eq!(pixels, rgb);
    }

    #[test]
    fn png_of_a_translucent_image_keeps_alpha_unpremultiplied() {
        let premultiplied = [100, 50, 0, 200, 0, 0, 0, 0, 10, 20, 30, 255];
        let (color, pixels) = decode(&encode_png(3, 1, &premultiplied).unwrap());
        assert_eq!(color, png::ColorType::Rgba);
        assert_eq!(pixels, [128, 64, 0, 200, 0, 0, 0, 0, 10, 20, 30, 255]);
    }

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
