//! What a chart shows, before layout: its rows of bars, legend, data table and text
//! alternative, built from a question or a breakdown.
//!
//! - A part of an answer (`part_of`) is shown with it: a row `dont …` under its answer
//!   in bar charts, a strip under its answer's segment in stacked charts, a line of the
//!   table and of the text alternative.
//! - A value that was not published is said to be so (`n.p.` in the table and on the
//!   chart, `non publié` in the text alternative), never left blank.
//! - Series carry a marker shape as well as a colour (WCAG 1.4.1).
//! - Counts are drawn on a scale of their own; shares on 0–100.

use std::collections::BTreeMap;

use crate::locale::{Locale, NBSP, NNBSP};
use crate::model::Measure;
use crate::resolve::{RAnswer, RBreakdown, RQuestion, RSegment, RSurvey};

use super::layout::{LegendItem, Part, Plot, PlotBar, PlotRow, Shape, Style};
use super::palette;
use super::text::clean;
use super::{DataRow, ui_text};

/// What a chart shows, before layout.
pub(super) struct Content {
    pub plot: Plot,
    /// Series headers of the table (after the answer column).
    pub columns: Vec<String>,
    pub rows: Vec<DataRow>,
    pub alt: Alt,
    /// A sentence ending the text alternative and the table's caption (the base).
    pub base: Option<String>,
}

/// The shape of the text alternative.
pub(super) enum Alt {
    /// `Title (qualifier). Label : value ; …`
    List {
        qualifier: Option<String>,
        items: Vec<(String, String)>,
    },
    /// `Title. Group — Label : value, … ; …`
    Groups(Vec<(String, Vec<(String, String)>)>),
}

/// The strings and rules a chart is written with.
pub(super) struct Words<'a> {
    pub locale: Locale,
    pub ui: &'a BTreeMap<String, String>,
    /// The site's series colours.
    pub palette: super::palette::Palette,
}

impl Words<'_> {
    fn get(&self, key: &str) -> String {
        ui_text(self.ui, key, self.locale)
    }
    /// `dont très positive`, from `Très positive` or from a label that already says
    /// `dont très positive`.
    fn part(&self, label: &str) -> String {
        let prefix = self.get("part_prefix");
        let said = label
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(&prefix))
            && label[prefix.len()..].starts_with(char::is_whitespace);
        if prefix.is_empty() || said {
            return label.to_string();
        }
        format!("{prefix} {}", lowercase_first(label))
    }
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The top-level answers of `q`, each with its parts.
fn families(q: &RQuestion) -> Vec<(&RAnswer, Vec<&RAnswer>)> {
    q.answers
        .iter()
        .filter(|a| a.part_of.is_none())
        .map(|a| {
            let parts = q
                .answers
                .iter()
                .filter(|p| p.part_of.as_deref() == Some(a.id.as_str()))
                .collect();
            (a, parts)
        })
        .collect()
}

/// The scale bars are drawn on: 0–100 for shares, the largest value for counts.
fn domain(q: &RQuestion) -> Option<f64> {
    (q.measure == Measure::Count).then(|| {
        q.answers
            .iter()
            .flat_map(|a| a.values.values())
            .map(|v| v.value)
            .fold(0.0, f64::max)
            .max(1.0)
    })
}

/// The table's column header of a single series: the segment, or what the values are.
fn series_header(q: &RQuestion, segment: &RSegment) -> String {
    match (q.measure, &q.of, &q.unit) {
        (Measure::Share, Some(of), _) => clean(&format!("% {of}")),
        (Measure::Count, _, Some(unit)) => clean(unit),
        _ => clean(q.population.as_deref().unwrap_or(&segment.label)),
    }
}

/// Ranked bars for the first segment (ties in file order), each answer's parts under it.
pub(super) fn ranked(survey: &RSurvey, q: &RQuestion, w: &Words) -> Content {
    let Some(segment) = survey.segments.first() else {
        let first = (String::new(), w.palette.series(0));
        return single_series(Vec::new(), first, None, q.base_line.clone());
    };
    let mut families: Vec<(&RAnswer, Vec<&RAnswer>)> = families(q)
        .into_iter()
        .filter(|(a, _)| a.values.contains_key(&segment.id))
        .collect();
    let value = |a: &RAnswer| a.values.get(&segment.id).map_or(0.0, |v| v.value);
    families.sort_by(|(a, _), (b, _)| value(b).total_cmp(&value(a)));
    let mut items = Vec::new();
    for (a, parts) in families {
        let v = &a.values[&segment.id];
        items.push(Item::top(clean(&a.label), v.value, v.text.clone()));
        for p in parts {
            if let Some(v) = p.values.get(&segment.id) {
                items.push(Item::part(
                    w.part(&clean(&p.label)),
                    v.value,
                    v.text.clone(),
                ));
            }
        }
    }
    let header = series_header(q, segment);
    let qualifier = Some(header.clone());
    let first = (header, w.palette.series(0));
    let mut content = single_series(items, first, qualifier, q.base_line.clone());
    content.plot.domain = domain(q);
    content
}

/// One row of a single-series chart.
pub(super) struct Item {
    label: String,
    value: f64,
    text: String,
    part: bool,
}

impl Item {
    pub(super) fn top(label: String, value: f64, text: String) -> Item {
        Item {
            label,
            value,
            text,
            part: false,
        }
    }
    fn part(label: String, value: f64, text: String) -> Item {
        Item {
            label,
            value,
            text,
            part: true,
        }
    }
}

/// One bar per item, in the given order, in `colour` (the first series').
pub(super) fn single_series(
    items: Vec<Item>,
    (column, colour): (String, palette::Rgb),
    qualifier: Option<String>,
    base: Option<String>,
) -> Content {
    let rows = items
        .iter()
        .map(|i| PlotRow {
            label: i.label.clone(),
            bars: vec![PlotBar::new(i.value, i.text.clone(), colour)],
            part: i.part,
            parts: Vec::new(),
        })
        .collect();
    Content {
        plot: Plot::new(Style::Bars, rows, Vec::new()),
        columns: vec![column],
        rows: items
            .iter()
            .map(|i| DataRow {
                label: i.label.clone(),
                cells: vec![i.text.clone()],
            })
            .collect(),
        alt: Alt::List {
            qualifier,
            items: items.into_iter().map(|i| (i.label, i.text)).collect(),
        },
        base,
    }
}

/// Segments (with their index, which picks their colour and marker) that have a value
/// for at least one answer of `q`.
fn segments_with_values<'a>(survey: &'a RSurvey, q: &RQuestion) -> Vec<(usize, &'a RSegment)> {
    survey
        .segments
        .iter()
        .enumerate()
        .filter(|(_, s)| q.answers.iter().any(|a| a.values.contains_key(&s.id)))
        .collect()
}

/// For each answer (and each of its parts) a group of bars, one per segment, with a
/// marker per segment; a value not published says so.
pub(super) fn grouped(survey: &RSurvey, q: &RQuestion, w: &Words) -> Content {
    let segments = segments_with_values(survey, q);
    let np = w.get("not_published");
    let np_long = w.get("not_published_long");
    let (mut rows, mut table, mut groups) = (Vec::new(), Vec::new(), Vec::new());
    for (a, parts) in families(q) {
        let members = std::iter::once((a, false)).chain(parts.into_iter().map(|p| (p, true)));
        for (answer, part) in members {
            if !segments
                .iter()
                .any(|(_, s)| answer.values.contains_key(&s.id))
            {
                continue;
            }
            let label = match part {
                true => w.part(&clean(&answer.label)),
                false => clean(&answer.label),
            };
            let mut bars = Vec::new();
            let (mut cells, mut said) = (Vec::new(), Vec::new());
            for &(i, s) in &segments {
                let bar = match answer.values.get(&s.id) {
                    Some(v) => PlotBar::new(v.value, v.text.clone(), w.palette.series(i)),
                    None => PlotBar::missing(np.clone()),
                };
                bars.push(bar.with_marker(Shape::of(i)));
                let value = answer.values.get(&s.id).map(|v| v.text.clone());
                cells.push(value.clone().unwrap_or_else(|| np.clone()));
                said.push((clean(&s.label), value.unwrap_or_else(|| np_long.clone())));
            }
            table.push(DataRow {
                label: label.clone(),
                cells,
            });
            groups.push((label.clone(), said));
            rows.push(PlotRow {
                label,
                bars,
                part,
                parts: Vec::new(),
            });
        }
    }
    let legend: Vec<LegendItem> = segments
        .iter()
        .map(|&(i, s)| LegendItem::marker(clean(&s.label), w.palette.series(i), Shape::of(i)))
        .collect();
    let mut plot = Plot::new(Style::Grouped, rows, legend);
    plot.domain = domain(q);
    Content {
        columns: segments.iter().map(|(_, s)| clean(&s.label)).collect(),
        plot,
        rows: table,
        alt: Alt::Groups(groups),
        base: q.base_line.clone(),
    }
}

/// One 100 % bar per segment with values: the answers in file order, each with a
/// marker, then the remainder; each part as a strip under its answer.
pub(super) fn stacked(survey: &RSurvey, q: &RQuestion, w: &Words) -> Content {
    let segments = segments_with_values(survey, q);
    let families = families(q);
    let other = w.get("chart_other");
    let (np, np_long) = (w.get("not_published"), w.get("not_published_long"));
    let (mut rows, mut groups, mut remainders) = (Vec::new(), Vec::new(), Vec::new());
    for (_, s) in &segments {
        let (mut bars, mut items, mut parts) = (Vec::new(), Vec::new(), Vec::new());
        let mut start = 0.0;
        let mut missing = false;
        for (i, (a, children)) in families.iter().enumerate() {
            let Some(v) = a.values.get(&s.id) else {
                missing = true;
                items.push((clean(&a.label), np_long.clone()));
                continue;
            };
            bars.push(
                PlotBar::new(v.value, v.text.clone(), w.palette.series(i))
                    .with_marker(Shape::of(i)),
            );
            items.push((clean(&a.label), v.text.clone()));
            for p in children {
                if let Some(pv) = p.values.get(&s.id) {
                    let label = w.part(&clean(&p.label));
                    parts.push(Part {
                        start,
                        value: pv.value,
                        label: label.clone(),
                        tail: format!("{}{}", colon(w.locale), pv.text),
                        fill: w.palette.series(i),
                    });
                    items.push((label, pv.text.clone()));
                }
            }
            start += v.value;
        }
        let rest = ((100.0 - start) * 10.0).round() / 10.0;
        // With an answer unpublished, the rest holds it too: no figure is computed for it.
        let remainder = (rest > 0.0).then(|| match missing {
            true => np.clone(),
            false => w.locale.percent(rest),
        });
        if let Some(text) = &remainder {
            bars.push(PlotBar::new(rest, text.clone(), palette::REMAINDER));
            let said = if missing {
                np_long.clone()
            } else {
                text.clone()
            };
            items.push((other.clone(), said));
        }
        remainders.push(remainder);
        let label = clean(&s.label);
        groups.push((label.clone(), items));
        rows.push(PlotRow {
            label,
            bars,
            part: false,
            parts,
        });
    }
    let (mut legend, mut table) = (Vec::new(), Vec::new());
    for (i, (a, children)) in families.iter().enumerate() {
        let cell = |x: &RAnswer, s: &RSegment| x.values.get(&s.id).map(|v| v.text.clone());
        if !segments.iter().any(|(_, s)| cell(a, s).is_some()) {
            continue;
        }
        let fill = w.palette.series(i);
        legend.push(LegendItem::framed(clean(&a.label), fill, Shape::of(i)));
        let cells = segments
            .iter()
            .map(|(_, s)| cell(a, s).unwrap_or_else(|| np.clone()))
            .collect();
        table.push(DataRow {
            label: clean(&a.label),
            cells,
        });
        for p in children {
            let cells = segments
                .iter()
                .map(|(_, s)| cell(p, s).unwrap_or_else(|| np.clone()))
                .collect();
            table.push(DataRow {
                label: w.part(&clean(&p.label)),
                cells,
            });
        }
    }
    if remainders.iter().any(Option::is_some) {
        legend.push(LegendItem::plain(other.clone(), palette::REMAINDER));
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
        plot: Plot::new(Style::Stacked, rows, legend),
        columns: segments.iter().map(|(_, s)| clean(&s.label)).collect(),
        rows: table,
        alt: Alt::Groups(groups),
        base: q.base_line.clone(),
    }
}

/// `Label : ` in French (no-break space), `Label: ` in English.
pub(super) fn colon(locale: Locale) -> String {
    match locale {
        Locale::Fr => format!("{NBSP}: "),
        Locale::En => ": ".to_string(),
    }
}

/// `Label : value ; …` separator in French (narrow no-break space), `; ` in English.
pub(super) fn semicolon(locale: Locale) -> String {
    match locale {
        Locale::Fr => format!("{NNBSP}; "),
        Locale::En => "; ".to_string(),
    }
}

/// A breakdown's items: one stacked 100 % bar when complete, single-series bars when
/// partial (the shares then do not add up to 100).
pub(super) fn breakdown(b: &RBreakdown, w: &Words) -> (crate::model::ChartKind, Content) {
    use crate::model::ChartKind;
    let items: Vec<(String, f64, String)> = b
        .items
        .iter()
        .map(|i| (clean(&i.label), i.value, i.text.clone()))
        .collect();
    let list = items
        .iter()
        .map(|(l, v, t)| Item::top(l.clone(), *v, t.clone()))
        .collect();
    let first = (w.get("chart_share"), w.palette.series(0));
    let mut content = single_series(list, first, None, None);
    if b.partial || items.is_empty() {
        return (ChartKind::Bars, content);
    }
    let bars = items
        .iter()
        .enumerate()
        .map(|(i, (_, value, text))| {
            PlotBar::new(*value, text.clone(), w.palette.series(i)).with_marker(Shape::of(i))
        })
        .collect();
    let legend = items
        .iter()
        .enumerate()
        .map(|(i, (l, _, t))| {
            LegendItem::framed(format!("{l} {t}"), w.palette.series(i), Shape::of(i))
        })
        .collect();
    let rows = vec![PlotRow {
        label: String::new(),
        bars,
        part: false,
        parts: Vec::new(),
    }];
    content.plot = Plot::new(Style::Stacked, rows, legend);
    (ChartKind::Stacked, content)
}
