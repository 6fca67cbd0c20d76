//! Charts: survey questions and sample breakdowns drawn as accessible SVG with plotters.
//!
//! This module owns everything between a resolved record and a finished [`Chart`]: which
//! answers and segments a chart shows and in what order, the text alternative, the data
//! table, and (in the submodules) the palette, text measurement, layout and SVG output.
//! A chart is a pure function of its input: the same data gives the same bytes.
//!
//! - [`ChartKind::Bars`]: the answers ranked by their value for the default segment.
//! - [`ChartKind::Grouped`]: one bar per segment for each answer, with a legend.
//! - [`ChartKind::Stacked`]: one 100 % bar per segment, the answers end to end and a grey
//!   remainder for answers not shown or not given.
//! - [`breakdown_chart`]: the sample's composition as bars, in the data's order.
//! - [`trend_chart`]: a question over the editions of a series (lines, or a dumbbell
//!   for two editions).
//!
//! An answer that is `part_of` another is drawn with it (`dont …`); a value not
//! published is said to be so (`n.p.`), never left blank; each series has a marker shape
//! as well as a colour; the base, when known, ends the text alternative and the caption.

mod content;
mod layout;
mod palette;
mod plot;
mod set;
mod stacked;
mod svg;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_fit;
mod text;
mod trend;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::locale::Locale;
use crate::model::{ChartKind, Measure};
use crate::resolve::{RBreakdown, RQuestion, RSurvey};
use crate::text::slugify;

use content::{Alt, Content, Words, colon, semicolon};
use text::clean;

pub use palette::Palette;
pub use set::{ChartFiles, ChartSet, NARROW, WIDE};
pub use trend::{TrendChart, trend_chart, trend_chart_at};

/// A chart ready for the page and the infographic.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Chart {
    /// Stable id: the question id, or `breakdown-<id>` for a sample breakdown.
    pub id: String,
    /// The chart's kind as drawn.
    pub kind: ChartKind,
    /// Title (the question wording or the breakdown label).
    pub title: String,
    /// Standalone SVG document.
    pub svg: String,
    /// Width of the SVG in px.
    pub width: u32,
    /// Height of the SVG in px.
    pub height: u32,
    /// Text alternative generated from the data: `Manque de formation initiale : 71 % ; …`.
    pub alt: String,
    /// The data behind the chart, for an HTML table.
    pub table: DataTable,
    /// Labels too long for the drawing, cut with an ellipsis there (the table and the
    /// text alternative keep them whole).
    #[serde(skip)]
    pub cut_labels: Vec<String>,
}

/// The data of a chart as a table.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DataTable {
    /// Caption.
    pub caption: String,
    /// Column headers: the answer column, then one per series (segment).
    pub header: Vec<String>,
    /// One row per answer.
    pub rows: Vec<DataRow>,
}

/// One row of a data table.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DataRow {
    /// The answer's label.
    pub label: String,
    /// Formatted values, one per series; empty when the data has none.
    pub cells: Vec<String>,
}

/// Draw a question as `kind`, 640 px wide. Bars show the survey's first segment, answers
/// without a value for it left out; grouped and stacked charts show the segments that
/// have values. Parts of answers (`part_of`) are drawn with their answer.
pub fn question_chart(
    survey: &RSurvey,
    q: &RQuestion,
    kind: ChartKind,
    locale: Locale,
    ui: &BTreeMap<String, String>,
) -> Chart {
    question_chart_at(
        survey,
        q,
        kind,
        (locale, Palette::default()),
        ui,
        layout::WIDTH as u32,
    )
}

/// [`question_chart`] on a canvas `width` px wide (at least 320): the infographic draws
/// narrower charts so their text prints larger.
pub fn question_chart_at(
    survey: &RSurvey,
    q: &RQuestion,
    kind: ChartKind,
    (locale, palette): (Locale, Palette),
    ui: &BTreeMap<String, String>,
    width: u32,
) -> Chart {
    let words = Words {
        locale,
        ui,
        palette,
    };
    let (content, kind_name) = match kind {
        ChartKind::Bars => (content::ranked(survey, q, &words), "bars"),
        ChartKind::Grouped => (content::grouped(survey, q, &words), "grouped"),
        ChartKind::Stacked => (content::stacked(survey, q, &words), "stacked"),
    };
    let prefix = format!(
        "chart-{}-{}-{kind_name}",
        slugify(&survey.id),
        slugify(&q.id)
    );
    let mut title = clean(&q.wording);
    // A count says its unit where the chart is seen, not only in its table.
    if let (Measure::Count, Some(unit)) = (q.measure, &q.unit) {
        let unit = clean(unit);
        if !title.to_lowercase().contains(&unit.to_lowercase()) {
            title = format!("{title} ({unit})");
        }
    }
    let head = Head {
        id: q.id.clone(),
        kind,
        title,
        prefix,
    };
    finish(head, content, locale, ui, width)
}

/// Draw a sample breakdown, 640 px wide: a complete one as a single 100 % bar, a
/// partial one as bars in the order given, its title saying it lists only the main items.
pub fn breakdown_chart(
    survey: &RSurvey,
    b: &RBreakdown,
    locale: Locale,
    ui: &BTreeMap<String, String>,
) -> Chart {
    breakdown_chart_at(
        survey,
        b,
        (locale, Palette::default()),
        ui,
        layout::WIDTH as u32,
    )
}

/// [`breakdown_chart`] on a canvas `width` px wide (at least 320).
pub fn breakdown_chart_at(
    survey: &RSurvey,
    b: &RBreakdown,
    (locale, palette): (Locale, Palette),
    ui: &BTreeMap<String, String>,
    width: u32,
) -> Chart {
    let mut title = clean(&b.label);
    let partial = ui_text(ui, "chart_partial", locale);
    // `(principales)` after a label that already says so would say it twice.
    let said = partial
        .trim_matches(['(', ')'])
        .to_lowercase()
        .get(..6)
        .is_some_and(|stem| title.to_lowercase().contains(stem));
    if b.partial && !partial.is_empty() && !said {
        title = format!("{title} {partial}");
    }
    let id = format!("breakdown-{}", b.id);
    let prefix = format!("chart-{}-{}", slugify(&survey.id), slugify(&id));
    let words = Words {
        locale,
        ui,
        palette,
    };
    let (kind, content) = content::breakdown(b, &words);
    finish(
        Head {
            id,
            kind,
            title,
            prefix,
        },
        content,
        locale,
        ui,
        width,
    )
}

/// Who a chart is: its id, kind, title and the prefix of the ids inside its SVG.
struct Head {
    id: String,
    kind: ChartKind,
    title: String,
    prefix: String,
}

/// Lay out, draw and describe `content`.
fn finish(
    head: Head,
    content: Content,
    locale: Locale,
    ui: &BTreeMap<String, String>,
    width: u32,
) -> Chart {
    let Head {
        id,
        kind,
        title,
        prefix,
    } = head;
    // Ids stay unique when a page shows the same chart at two widths.
    let prefix = if width == layout::WIDTH as u32 {
        prefix
    } else {
        format!("{prefix}-w{width}")
    };
    let prefix = prefix.as_str();
    let base = content.base.as_deref();
    let alt = alt_text(&title, &content.alt, base, locale);
    let mut caption = match base {
        Some(b) if !b.trim().is_empty() => format!("{} {}", sentence(&title), sentence(&clean(b))),
        _ => title.clone(),
    };
    // The table's abbreviation, explained where it is used.
    let np = ui_text(ui, "not_published", locale);
    if content.rows.iter().any(|r| r.cells.contains(&np)) {
        let long = ui_text(ui, "not_published_long", locale);
        let key = format!("{np}{}{long}", content::colon(locale));
        caption = format!("{} {}", sentence(&caption), sentence(&key));
    }
    let mut content = content;
    content.plot.width = (width as i32).max(layout::MIN_WIDTH);
    let drawing = layout::layout(&content.plot);
    let document =
        svg::render(&drawing).unwrap_or_else(|_| svg::blank(drawing.width, drawing.height));
    let mut header = vec![ui_text(ui, "chart_answer", locale)];
    header.extend(content.columns);
    Chart {
        id,
        kind,
        svg: svg::accessible(&document, prefix, &title, &alt),
        width: drawing.width,
        height: drawing.height,
        cut_labels: drawing.cut,
        alt,
        table: DataTable {
            caption,
            header,
            rows: content.rows,
        },
        title,
    }
}

/// The text alternative: the title as a sentence, then every value shown, with the
/// language's punctuation (`Label : 71 % ; …` in French, `Label: 71%; …` in English),
/// then the base when known.
fn alt_text(title: &str, alt: &Alt, base: Option<&str>, locale: Locale) -> String {
    let (colon, semicolon) = (colon(locale), semicolon(locale));
    let pair = |(label, value): &(String, String)| format!("{label}{colon}{value}");
    let (head, body) = match alt {
        Alt::List { qualifier, items } => {
            let head = match qualifier {
                Some(q) if !items.is_empty() => format!("{title} ({q})"),
                _ => title.to_string(),
            };
            let body: Vec<String> = items.iter().map(pair).collect();
            (head, body.join(&semicolon))
        }
        Alt::Groups(groups) => {
            let body: Vec<String> = groups
                .iter()
                .map(|(group, items)| {
                    let values: Vec<String> = items.iter().map(pair).collect();
                    format!("{group} — {}", values.join(", "))
                })
                .collect();
            (title.to_string(), body.join(&semicolon))
        }
    };
    let mut out = sentence(&head);
    for more in [Some(body.as_str()), base].into_iter().flatten() {
        if !more.trim().is_empty() {
            out.push(' ');
            out.push_str(&sentence(&clean(more)));
        }
    }
    out
}

/// `text` ending with a full stop unless it already ends a sentence.
fn sentence(text: &str) -> String {
    let text = text.trim_end();
    if text.is_empty() || text.ends_with(['.', '!', '?', '…']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

/// A UI string, or the built-in text if the theme's locale file lacks it.
pub(super) fn ui_text(ui: &BTreeMap<String, String>, key: &str, locale: Locale) -> String {
    if let Some(text) = ui.get(key) {
        return clean(text);
    }
    let text = match (key, locale) {
        ("chart_answer", Locale::Fr) => "Réponse",
        ("chart_answer", Locale::En) => "Answer",
        ("chart_share", Locale::Fr) => "Part de l’échantillon",
        ("chart_share", Locale::En) => "Share of sample",
        ("chart_other", Locale::Fr) => "Autres réponses / non précisé",
        ("chart_other", Locale::En) => "Other answers / not stated",
        ("chart_partial", Locale::Fr) => "(principales)",
        ("chart_partial", Locale::En) => "(top items)",
        ("part_prefix", Locale::Fr) => "dont",
        ("part_prefix", Locale::En) => "of which",
        ("not_published", Locale::Fr) => "n.p.",
        ("not_published", Locale::En) => "n.p.",
        ("not_published_long", Locale::Fr) => "non publié",
        ("not_published_long", Locale::En) => "not published",
        _ => "",
    };
    text.to_string()
}
