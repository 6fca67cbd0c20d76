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
//!
//! Only top-level answers are drawn; answers that are `part_of` another are left out.

mod layout;
mod palette;
mod set;
mod svg;
#[cfg(test)]
mod tests;
mod text;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::locale::{Locale, NBSP, NNBSP};
use crate::model::ChartKind;
use crate::resolve::{RAnswer, RBreakdown, RQuestion, RSegment, RSurvey};
use crate::text::slugify;

use layout::{Plot, PlotBar, PlotRow, Style};
use text::clean;

pub use set::{ChartFiles, ChartSet, NARROW, WIDE};

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
/// have values.
pub fn question_chart(
    survey: &RSurvey,
    q: &RQuestion,
    kind: ChartKind,
    locale: Locale,
    ui: &BTreeMap<String, String>,
) -> Chart {
    question_chart_at(survey, q, kind, locale, ui, layout::WIDTH as u32)
}

/// [`question_chart`] on a canvas `width` px wide (at least 320): the infographic draws
/// narrower charts so their text prints larger.
pub fn question_chart_at(
    survey: &RSurvey,
    q: &RQuestion,
    kind: ChartKind,
    locale: Locale,
    ui: &BTreeMap<String, String>,
    width: u32,
) -> Chart {
    let answers: Vec<&RAnswer> = q.answers.iter().filter(|a| a.part_of.is_none()).collect();
    let content = match kind {
        ChartKind::Bars => ranked(survey, &answers),
        ChartKind::Grouped => grouped(survey, &answers),
        ChartKind::Stacked => stacked(survey, &answers, locale, ui),
    };
    let kind_name = match kind {
        ChartKind::Bars => "bars",
        ChartKind::Grouped => "grouped",
        ChartKind::Stacked => "stacked",
    };
    let prefix = format!(
        "chart-{}-{}-{kind_name}",
        slugify(&survey.id),
        slugify(&q.id)
    );
    let title = clean(&q.wording);
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
    breakdown_chart_at(survey, b, locale, ui, layout::WIDTH as u32)
}

/// [`breakdown_chart`] on a canvas `width` px wide (at least 320).
pub fn breakdown_chart_at(
    survey: &RSurvey,
    b: &RBreakdown,
    locale: Locale,
    ui: &BTreeMap<String, String>,
    width: u32,
) -> Chart {
    let mut title = clean(&b.label);
    let partial = ui_text(ui, "chart_partial", locale);
    if b.partial && !partial.is_empty() {
        title = format!("{title} {partial}");
    }
    let id = format!("breakdown-{}", b.id);
    let prefix = format!("chart-{}-{}", slugify(&survey.id), slugify(&id));
    let (kind, content) = breakdown_content(b, locale, ui);
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

/// A breakdown's items: one stacked 100 % bar when complete, single-series bars when
/// partial (the shares then do not add up to 100).
fn breakdown_content(
    b: &RBreakdown,
    locale: Locale,
    ui: &BTreeMap<String, String>,
) -> (ChartKind, Content) {
    let items: Vec<(String, f64, String)> = b
        .items
        .iter()
        .map(|i| (clean(&i.label), i.value, i.text.clone()))
        .collect();
    let mut content = single_series(items.clone(), ui_text(ui, "chart_share", locale), None);
    if b.partial || items.is_empty() {
        return (ChartKind::Bars, content);
    }
    let bars = items
        .iter()
        .enumerate()
        .map(|(i, (_, value, text))| PlotBar {
            value: *value,
            text: text.clone(),
            fill: palette::series(i),
        })
        .collect();
    content.plot = Plot {
        style: Style::Stacked,
        rows: vec![PlotRow {
            label: String::new(),
            bars,
        }],
        legend: items
            .iter()
            .enumerate()
            .map(|(i, (l, _, t))| (format!("{l} {t}"), palette::series(i)))
            .collect(),
        width: layout::WIDTH,
    };
    (ChartKind::Stacked, content)
}

/// What a chart shows, before layout.
struct Content {
    plot: Plot,
    /// Series headers of the table (after the answer column).
    columns: Vec<String>,
    rows: Vec<DataRow>,
    alt: Alt,
}

/// The shape of the text alternative.
enum Alt {
    /// `Title (qualifier). Label : value ; …`
    List {
        qualifier: Option<String>,
        items: Vec<(String, String)>,
    },
    /// `Title. Group — Label : value, … ; …`
    Groups(Vec<(String, Vec<(String, String)>)>),
}

/// Ranked bars for the first segment, ties in file order.
fn ranked(survey: &RSurvey, answers: &[&RAnswer]) -> Content {
    let Some(segment) = survey.segments.first() else {
        return single_series(Vec::new(), String::new(), None);
    };
    let mut items: Vec<(String, f64, String)> = answers
        .iter()
        .filter_map(|a| {
            let v = a.values.get(&segment.id)?;
            Some((clean(&a.label), v.value, v.text.clone()))
        })
        .collect();
    items.sort_by(|a, b| b.1.total_cmp(&a.1));
    let label = clean(&segment.label);
    single_series(items, label.clone(), Some(label))
}

/// One bar per item, in the given order, in the first series colour.
fn single_series(
    items: Vec<(String, f64, String)>,
    column: String,
    qualifier: Option<String>,
) -> Content {
    let rows = items
        .iter()
        .map(|(label, value, text)| PlotRow {
            label: label.clone(),
            bars: vec![PlotBar {
                value: *value,
                text: text.clone(),
                fill: palette::series(0),
            }],
        })
        .collect();
    Content {
        plot: Plot {
            style: Style::Bars,
            rows,
            legend: Vec::new(),
            width: layout::WIDTH,
        },
        columns: vec![column],
        rows: items
            .iter()
            .map(|(label, _, text)| DataRow {
                label: label.clone(),
                cells: vec![text.clone()],
            })
            .collect(),
        alt: Alt::List {
            qualifier,
            items: items.into_iter().map(|(l, _, t)| (l, t)).collect(),
        },
    }
}

/// Segments (with their index, which picks their colour) that have a value for at least
/// one of `answers`.
fn segments_with_values<'a>(
    survey: &'a RSurvey,
    answers: &[&RAnswer],
) -> Vec<(usize, &'a RSegment)> {
    survey
        .segments
        .iter()
        .enumerate()
        .filter(|(_, s)| answers.iter().any(|a| a.values.contains_key(&s.id)))
        .collect()
}

/// For each answer with a value, one bar per segment that has one.
fn grouped(survey: &RSurvey, answers: &[&RAnswer]) -> Content {
    let segments = segments_with_values(survey, answers);
    let mut rows = Vec::new();
    let mut table = Vec::new();
    let mut groups = Vec::new();
    for a in answers {
        let bars: Vec<(usize, &RSegment, PlotBar)> = segments
            .iter()
            .filter_map(|&(i, s)| {
                let v = a.values.get(&s.id)?;
                let fill = palette::series(i);
                Some((
                    i,
                    s,
                    PlotBar {
                        value: v.value,
                        text: v.text.clone(),
                        fill,
                    },
                ))
            })
            .collect();
        if bars.is_empty() {
            continue;
        }
        let label = clean(&a.label);
        let cells = segments
            .iter()
            .map(|(_, s)| {
                a.values
                    .get(&s.id)
                    .map(|v| v.text.clone())
                    .unwrap_or_default()
            })
            .collect();
        table.push(DataRow {
            label: label.clone(),
            cells,
        });
        let values = bars
            .iter()
            .map(|(_, s, b)| (clean(&s.label), b.text.clone()));
        groups.push((label.clone(), values.collect()));
        let bars = bars.into_iter().map(|(_, _, b)| b).collect();
        rows.push(PlotRow { label, bars });
    }
    let legend: Vec<(String, palette::Rgb)> = segments
        .iter()
        .map(|&(i, s)| (clean(&s.label), palette::series(i)))
        .collect();
    Content {
        columns: legend.iter().map(|(l, _)| l.clone()).collect(),
        plot: Plot {
            style: Style::Grouped,
            rows,
            legend,
            width: layout::WIDTH,
        },
        rows: table,
        alt: Alt::Groups(groups),
    }
}

/// One 100 % bar per segment with values: the answers in file order, then the remainder.
fn stacked(
    survey: &RSurvey,
    answers: &[&RAnswer],
    locale: Locale,
    ui: &BTreeMap<String, String>,
) -> Content {
    let segments = segments_with_values(survey, answers);
    let other = ui_text(ui, "chart_other", locale);
    let mut rows = Vec::new();
    let mut groups = Vec::new();
    let mut remainders = Vec::new();
    for (_, s) in &segments {
        let mut bars = Vec::new();
        let mut items = Vec::new();
        for (i, a) in answers.iter().enumerate() {
            if let Some(v) = a.values.get(&s.id) {
                let fill = palette::series(i);
                bars.push(PlotBar {
                    value: v.value,
                    text: v.text.clone(),
                    fill,
                });
                items.push((clean(&a.label), v.text.clone()));
            }
        }
        let sum: f64 = bars.iter().map(|b| b.value).sum();
        let rest = ((100.0 - sum) * 10.0).round() / 10.0;
        let remainder = (rest > 0.0).then(|| locale.percent(rest));
        if let Some(text) = &remainder {
            let fill = palette::REMAINDER;
            bars.push(PlotBar {
                value: rest,
                text: text.clone(),
                fill,
            });
            items.push((other.clone(), text.clone()));
        }
        remainders.push(remainder);
        let label = clean(&s.label);
        groups.push((label.clone(), items));
        rows.push(PlotRow { label, bars });
    }
    let mut legend = Vec::new();
    let mut table = Vec::new();
    for (i, a) in answers.iter().enumerate() {
        let cells: Vec<String> = segments
            .iter()
            .map(|(_, s)| {
                a.values
                    .get(&s.id)
                    .map(|v| v.text.clone())
                    .unwrap_or_default()
            })
            .collect();
        if cells.iter().any(|c| !c.is_empty()) {
            legend.push((clean(&a.label), palette::series(i)));
            table.push(DataRow {
                label: clean(&a.label),
                cells,
            });
        }
    }
    if remainders.iter().any(Option::is_some) {
        legend.push((other.clone(), palette::REMAINDER));
        let cells = remainders
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect();
        table.push(DataRow {
            label: other,
            cells,
        });
    }
    Content {
        plot: Plot {
            style: Style::Stacked,
            rows,
            legend,
            width: layout::WIDTH,
        },
        columns: segments.iter().map(|(_, s)| clean(&s.label)).collect(),
        rows: table,
        alt: Alt::Groups(groups),
    }
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
    let alt = alt_text(&title, &content.alt, locale);
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
            caption: title.clone(),
            header,
            rows: content.rows,
        },
        title,
    }
}

/// The text alternative: the title as a sentence, then every value shown, with the
/// language's punctuation (`Label : 71 % ; …` in French, `Label: 71%; …` in English).
fn alt_text(title: &str, alt: &Alt, locale: Locale) -> String {
    let (colon, semicolon) = match locale {
        Locale::Fr => (format!("{NBSP}: "), format!("{NNBSP}; ")),
        Locale::En => (": ".to_string(), "; ".to_string()),
    };
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
    if !body.is_empty() {
        out.push(' ');
        out.push_str(&sentence(&body));
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
fn ui_text(ui: &BTreeMap<String, String>, key: &str, locale: Locale) -> String {
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
        _ => "",
    };
    text.to_string()
}
