//! Press kits: one zip per survey (`surveys/<id>/<id>-press-kit.zip`), for the
//! journalists a release is sent to. It holds, under one folder:
//!
//! - the infographic PDF;
//! - `images/`: the social image of each article presenting the survey;
//! - `charts/`: every chart of the survey as SVG, as PNG at twice its size and as CSV
//!   (and the trends of its series, for the latest edition);
//! - `data/`: the results (CSV), the whole survey (JSON) and the codebook (CSV);
//! - `release/`: each article presenting the survey as plain text and as a Word
//!   document ([`text`], [`docx`]), read from what its page shows ([`doc`]);
//! - a `README.txt` (`LISEZMOI.txt` in French) listing all this, with the source and
//!   the press contact.
//!
//! The kit is made once the other files are: it packs the very bytes the site
//! publishes, and is kept in the build cache, keyed by its entries' hashes, so an
//! unchanged kit is not zipped again. It is reproducible: entries in a fixed order,
//! each dated the survey's publication day (or the end of its fieldwork), with fixed
//! permissions.

pub(crate) mod doc;
mod docx;
mod text;

use std::io::Write;
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::charts::ChartFiles;
use crate::diagnostics::{Diagnostics, internal};
use crate::output::cache::{Cache, Entry as CacheEntry};
use crate::output::{Content, OutputFile};
use crate::resolve::{RArticle, RSurvey, Resolved};

use super::Input;
use super::site::charts::site_charts;
use super::site::export;

/// A release as the text and Word writers receive it.
#[derive(Debug, Clone)]
pub(crate) struct Release {
    /// Lines above the title: `Embargo jusqu'au …` for an article built before its
    /// embargo lifts, the draft banner for a draft.
    pub status: Vec<String>,
    /// The headline.
    pub title: String,
    /// `27 janvier 2026 · Author`.
    pub byline: String,
    /// The lede.
    pub summary: String,
    /// The body.
    pub body: Vec<doc::Block>,
    /// `Contact presse`.
    pub contact_heading: String,
    /// The press contact, one line each: name and role, e-mail, phone.
    pub contact: Vec<String>,
    /// The survey's source line.
    pub source: String,
    /// `Lire en ligne : <address>`.
    pub read_more: String,
    /// The document's date, `2026-01-27T00:00:00Z`.
    pub created: String,
}

/// The press kit of every survey, from the files already made (`made`, sorted by path),
/// and the cache keys of the kits (kept in the build cache: a kit whose entries are
/// unchanged is not zipped again).
pub(super) fn files(
    input: Input,
    made: &[OutputFile],
    cache: &Cache,
) -> Result<(Vec<OutputFile>, Vec<blake3::Hash>), Diagnostics> {
    use rayon::prelude::*;
    let surveys: Vec<&RSurvey> = input.resolved.surveys.values().collect();
    let results: Vec<Result<(OutputFile, blake3::Hash), String>> = surveys
        .par_iter()
        .map(|s| {
            let (entries, date) = entries(input, s, made)?;
            let key = key(&entries, date);
            let content = match cache.get(&key) {
                Some(file) => Content::Cached(file),
                None => {
                    let bytes = zip(entries, date)?;
                    let entry = CacheEntry {
                        key,
                        deps: Vec::new(),
                        bytes,
                    };
                    match cache.put(&entry) {
                        Some(file) => Content::Cached(file),
                        None => Content::Memory(entry.bytes.into()),
                    }
                }
            };
            let path = Path::new("surveys").join(&s.id).join(&s.kit);
            Ok((OutputFile::with(path, content), key))
        })
        .collect();
    let mut diags = Diagnostics::new();
    let mut out = Vec::new();
    let mut keys = Vec::new();
    for (s, result) in surveys.iter().zip(results) {
        match result {
            Ok((file, key)) => {
                out.push(file);
                keys.push(key);
            }
            Err(e) => diags.push(internal(format!("press kit of `{}`: {e}", s.id))),
        }
    }
    diags.into_result()?;
    Ok((out, keys))
}

/// One entry of a kit: its path in the zip, its content, and whether to compress it.
struct Entry<'a> {
    path: String,
    body: Body<'a>,
    compress: bool,
}

/// What an entry holds: bytes made here, or a file of the site.
enum Body<'a> {
    Bytes(Vec<u8>),
    Made(&'a OutputFile),
}

/// The cache key of a kit: every entry's path, compression and content hash, and the
/// date they carry.
fn key(entries: &[Entry], date: DateTime) -> blake3::Hash {
    let mut hasher = blake3::Hasher::new();
    hasher.update(b"barograph press kit 1");
    hasher.update(&[
        date.year() as u8,
        (date.year() >> 8) as u8,
        date.month(),
        date.day(),
    ]);
    for e in entries {
        hasher.update(e.path.as_bytes());
        hasher.update(&[0, u8::from(e.compress)]);
        let hash = match &e.body {
            Body::Bytes(b) => blake3::hash(b),
            Body::Made(f) => f.hash(),
        };
        hasher.update(hash.as_bytes());
    }
    hasher.finalize()
}

/// The entries of the kit of survey `s`, in order, and their date.
fn entries<'a>(
    input: Input,
    s: &RSurvey,
    made: &'a [OutputFile],
) -> Result<(Vec<Entry<'a>>, DateTime), String> {
    let r = input.resolved;
    let folder = s.kit.trim_end_matches(".zip").to_string();
    let mut entries = Vec::new();
    let mut add = |path: String, body: Body<'a>, compress: bool| {
        entries.push(Entry {
            path: format!("{folder}/{path}"),
            body,
            compress,
        })
    };
    let survey_dir = Path::new("surveys").join(&s.id);
    add(
        s.pdf.clone(),
        Body::Made(made_file(made, &survey_dir.join(&s.pdf))?),
        false,
    );
    let articles: Vec<(usize, &RArticle)> = r
        .articles
        .iter()
        .enumerate()
        .filter(|(_, a)| a.survey.as_deref() == Some(s.id.as_str()))
        .collect();
    for (i, a) in &articles {
        let social = Path::new(&a.slug).join(super::social::FILE_NAME);
        add(
            format!("images/{}-social.png", a.slug),
            Body::Made(made_file(made, &social)?),
            false,
        );
        let release = release(input, a, *i, s);
        add(
            format!("release/{}.txt", a.slug),
            Body::Bytes(text::release(&release).into_bytes()),
            true,
        );
        add(
            format!("release/{}.docx", a.slug),
            Body::Bytes(docx::release(&release)?),
            false,
        );
    }
    // Every chart of the survey, and the trends of the series this survey is the
    // latest edition of: (its files, its drawing, its data).
    let mut charts: Vec<(ChartFiles, String, String)> =
        site_charts(r, input.charts, &input.commentary.charts)
            .into_iter()
            .filter(|c| c.survey.id == s.id)
            .map(|c| (c.files.clone(), c.wide.svg.clone(), c.csv()))
            .collect();
    for series in r.series.values() {
        if series.editions.last().is_some_and(|e| e.survey == s.id) {
            let trends = super::site::series::trends(r, series);
            charts.extend(trends.into_iter().map(|t| {
                let csv = t.csv();
                (t.files, t.chart.svg, csv)
            }));
        }
    }
    for (files, svg, csv) in charts {
        let name = |p: &str| format!("charts/{}", p.rsplit('/').next().unwrap_or(p));
        add(name(&files.wide), Body::Bytes(svg.into_bytes()), true);
        let png = made_file(made, Path::new(&files.png))?;
        add(name(&files.png), Body::Made(png), false);
        add(name(&files.csv), Body::Bytes(csv.into_bytes()), true);
    }
    let d = export::downloads(s);
    let data = [
        (d.csv, export::csv(s)),
        (d.json, export::json(s)),
        (d.codebook, export::codebook(&[s])),
    ];
    for (file, text) in data {
        add(format!("data/{file}"), Body::Bytes(text.into_bytes()), true);
    }
    let (name, text) = readme(r, s, &entries, &folder);
    entries.push(Entry {
        path: format!("{folder}/{name}"),
        body: Body::Bytes(text.into_bytes()),
        compress: true,
    });
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((entries, zip_date(s)))
}

/// The made file at `path`.
fn made_file<'a>(made: &'a [OutputFile], path: &Path) -> Result<&'a OutputFile, String> {
    let at = made
        .binary_search_by(|f| f.path.as_path().cmp(path))
        .map_err(|_| format!("`{}` was not made", crate::diagnostics::display_path(path)))?;
    Ok(&made[at])
}

/// The release of article `a` (number `i`) presenting survey `s`.
fn release(input: Input, a: &RArticle, i: usize, s: &RSurvey) -> Release {
    let r = input.resolved;
    let ui = |k: &str| r.ui.get(k).cloned().unwrap_or_default();
    let page = format!("{}{}/", r.config.base_url, a.slug);
    let body = match url::Url::parse(&page) {
        Ok(base) => doc::blocks(&input.commentary.bodies[i].html, &base, &ui("colon")),
        Err(_) => Vec::new(),
    };
    let contact = r.config.press.as_ref().map_or_else(Vec::new, |p| {
        let mut lines = vec![match &p.role {
            Some(role) => format!("{}, {role}", p.name),
            None => p.name.clone(),
        }];
        lines.extend(p.email.iter().cloned());
        lines.extend(p.phone.iter().cloned());
        lines
    });
    Release {
        status: a
            .embargo
            .iter()
            .cloned()
            .chain(a.draft.then(|| ui("draft_banner")))
            .collect(),
        title: a.title.clone(),
        byline: format!("{} · {}", a.date_text, a.author),
        summary: a.summary.clone(),
        body,
        contact_heading: ui("press_contact"),
        contact,
        source: s.source.clone(),
        read_more: format!("{}{} {page}", ui("kit_read_more"), ui("colon")),
        created: format!("{}T00:00:00Z", a.date.get(..10).unwrap_or("1980-01-01")),
    }
}

/// The kit's read-me: its name and text, listing the other entries.
fn readme(r: &Resolved, s: &RSurvey, entries: &[Entry], folder: &str) -> (String, String) {
    let ui = |k: &str| r.ui.get(k).cloned().unwrap_or_default();
    let name = match r.config.locale {
        crate::locale::Locale::Fr => "LISEZMOI.txt",
        crate::locale::Locale::En => "README.txt",
    };
    let mut text = format!("{} — {}\n\n{}\n", ui("kit_title"), s.title, s.source);
    text.push_str(&format!("{}surveys/{}/\n\n", r.config.base_url, s.id));
    text.push_str(&format!("{}{}\n", ui("kit_contents"), ui("colon")));
    let mut paths: Vec<&str> = entries
        .iter()
        .map(|e| {
            e.path
                .strip_prefix(folder)
                .unwrap_or(&e.path)
                .trim_start_matches('/')
        })
        .collect();
    paths.sort();
    for p in paths {
        text.push_str(&format!("- {p}\n"));
    }
    if let Some(p) = &r.config.press {
        text.push_str(&format!(
            "\n{}{} {}",
            ui("press_contact"),
            ui("colon"),
            p.name
        ));
        for part in [&p.role, &p.email, &p.phone].into_iter().flatten() {
            text.push_str(&format!(", {part}"));
        }
        text.push('\n');
    }
    (name.to_string(), text)
}

/// The date every entry carries: the survey's publication day, else the end of its
/// fieldwork, else 1980-01-01 (the earliest a zip can say).
fn zip_date(s: &RSurvey) -> DateTime {
    let day = s.published.as_ref().map_or(&s.fieldwork.end, |d| &d.iso);
    crate::model::parse_day(day)
        .and_then(|d| {
            DateTime::from_date_and_time(
                d.year().try_into().ok()?,
                d.month().into(),
                d.day(),
                0,
                0,
                0,
            )
            .ok()
        })
        .unwrap_or_default()
}

/// The zip of `entries`, in their order, each dated `date`.
fn zip(entries: Vec<Entry>, date: DateTime) -> Result<Vec<u8>, String> {
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for e in entries {
        let method = if e.compress {
            CompressionMethod::Deflated
        } else {
            CompressionMethod::Stored
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(date)
            .unix_permissions(0o644);
        let bytes = match &e.body {
            Body::Bytes(b) => std::borrow::Cow::Borrowed(b.as_slice()),
            Body::Made(f) => f
                .bytes()
                .map_err(|err| format!("cannot read `{}` ({err})", e.path))?,
        };
        zip.start_file(e.path.as_str(), options)
            .and_then(|()| zip.write_all(&bytes).map_err(Into::into))
            .map_err(|err| format!("cannot add `{}` to the zip ({err})", e.path))?;
    }
    zip.finish()
        .map(|c| c.into_inner())
        .map_err(|e| format!("cannot finish the zip ({e})"))
}
