//! Trend charts: a question's answers over the editions of a series. Three editions or
//! more make a line chart (one line and marker shape per answer, every point labelled);
//! two make a dumbbell (the earlier value in grey, the later in colour, joined). A
//! significant change is marked with an arrow by its value, in the drawing, the data
//! table and the text alternative.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::locale::Locale;
use crate::resolve::{RPoint, RTrend};

use super::layout::{LABEL, MARGIN, MIN_WIDTH, VALUE, WIDTH, text};
use super::palette::{self, AXIS, Palette, TEXT};
use super::plot::{Anchor, Drawing, Mark, Shape};
use super::text::{Font, Measure, clean};
use super::{DataRow, DataTable, svg};

/// A trend chart, ready for the series page.
#[derive(Debug, Clone, Serialize)]
pub struct TrendChart {
    /// `trend-<question id>`.
    pub id: String,
    /// The question's wording.
    pub title: String,
    /// Standalone SVG document (it scales with its `viewBox`).
    pub svg: String,
    /// Width in px.
    pub width: u32,
    /// Height in px.
    pub height: u32,
    /// Text alternative: every answer's value in every edition.
    pub alt: String,
    /// The data, one column per edition.
    pub table: DataTable,
    /// What the caption says after the title: the segment, a rewording, the marks.
    pub note: String,
}

/// The words the chart needs, from the UI strings.
fn word(ui: &BTreeMap<String, String>, key: &str) -> String {
    ui.get(key).cloned().unwrap_or_default()
}

/// `55 % ↑` for a significant rise.
fn marked(p: &RPoint) -> String {
    match p.change.as_ref().filter(|c| c.significant == Some(true)) {
        Some(c) if c.direction == "up" => format!("{}\u{a0}↑", p.text),
        Some(c) if c.direction == "down" => format!("{}\u{a0}↓", p.text),
        _ => p.text.clone(),
    }
}

/// The trend `t` over `editions` (oldest first).
pub fn trend_chart(
    t: &RTrend,
    editions: &[u32],
    locale: Locale,
    ui: &BTreeMap<String, String>,
) -> TrendChart {
    trend_chart_at(t, editions, (locale, Palette::default()), ui, WIDTH as u32)
}

/// The trend `t` over `editions`, `width` px wide (320 at least).
pub fn trend_chart_at(
    t: &RTrend,
    editions: &[u32],
    (locale, palette): (Locale, Palette),
    ui: &BTreeMap<String, String>,
    width: u32,
) -> TrendChart {
    let width = (width as i32).max(MIN_WIDTH);
    let not_asked = word(ui, "not_asked");
    let withheld = word(ui, "withheld_short");
    let mut header = vec![word(ui, "chart_answer")];
    header.extend(editions.iter().map(u32::to_string));
    let rows: Vec<DataRow> = t
        .answers
        .iter()
        .map(|a| DataRow {
            label: clean(&a.label),
            cells: a
                .points
                .iter()
                .zip(editions)
                .map(|(p, e)| match p {
                    Some(p) => marked(p),
                    None if a.withheld.contains(e) => withheld.clone(),
                    None => not_asked.clone(),
                })
                .collect(),
        })
        .collect();
    let mut notes = vec![word(ui, "trend_segment").replace("{segment}", &t.segment_label)];
    if !t.reworded.is_empty() {
        let years: Vec<String> = t.reworded.iter().map(u32::to_string).collect();
        notes.push(word(ui, "trend_reworded").replace("{editions}", &years.join(", ")));
    }
    let any_significant = t
        .answers
        .iter()
        .flat_map(|a| a.points.iter().flatten())
        .any(|p| marked(p) != p.text);
    if any_significant {
        notes.push(word(ui, "trend_significant"));
    }
    let title = clean(&t.wording);
    notes.retain(|n| !n.is_empty());
    let note = locale.typography(&notes.join(" "));
    let lead = match title.trim_end().ends_with(['.', '?', '!', '…']) {
        true => title.trim_end().to_string(),
        false => format!("{}.", title.trim_end()),
    };
    let caption = locale.typography(
        &std::iter::once(lead)
            .chain(notes)
            .collect::<Vec<_>>()
            .join(" "),
    );
    let items: Vec<String> = t
        .answers
        .iter()
        .map(|a| {
            let said: Vec<String> = a
                .points
                .iter()
                .flatten()
                .map(|p| {
                    word(ui, "series_item")
                        .replace("{value}", &marked(p))
                        .replace("{edition}", &p.edition.to_string())
                })
                .collect();
            format!(
                "{}{}{}",
                clean(&a.label),
                super::content::colon(locale),
                said.join(", ")
            )
        })
        .collect();
    let alt = locale.typography(&format!(
        "{} {}",
        caption,
        items.join(&super::content::semicolon(locale))
    ));
    let drawing = if editions.len() >= 3 {
        lines(t, editions, width, palette)
    } else {
        dumbbell(t, editions, width, palette)
    };
    let document =
        svg::render(&drawing).unwrap_or_else(|_| svg::blank(drawing.width, drawing.height));
    let id = format!("trend-{}", t.question);
    TrendChart {
        svg: svg::accessible(&document, &format!("chart-{id}"), &title, &alt),
        width: drawing.width,
        height: drawing.height,
        title,
        alt,
        table: DataTable {
            caption,
            header,
            rows,
        },
        note,
        id,
    }
}

/// The top of the value scale: 100 for percentages up to 100, else the largest value.
fn domain(t: &RTrend) -> f64 {
    let top = t
        .answers
        .iter()
        .flat_map(|a| a.points.iter().flatten())
        .map(|p| p.value)
        .fold(0.0, f64::max);
    if top <= 100.0 { 100.0 } else { top }
}

/// A line chart: editions across, values up, a line and a marker shape per answer.
fn lines(t: &RTrend, editions: &[u32], width: i32, palette: Palette) -> Drawing {
    let mut m = Measure::new();
    let (top, plot_h) = (24, 220);
    let (x0, x1) = (56, width - 64);
    let top_value = domain(t);
    let y_of = |v: f64| top + plot_h - (v.max(0.0) / top_value * f64::from(plot_h)).round() as i32;
    let mut marks = Vec::new();
    for k in 0..=4 {
        let v = top_value * f64::from(k) / 4.0;
        let y = y_of(v);
        marks.push(Mark::Rect {
            x: x0 - 8,
            y,
            w: x1 - x0 + 16,
            h: 1,
            fill: palette::Rgb(0xE3, 0xE5, 0xE8),
        });
        let label = if top_value == 100.0 {
            format!("{}", v as i32)
        } else {
            format!("{}", v.round())
        };
        marks.push(text(MARGIN, y, &label, LABEL));
    }
    let step = (x1 - x0) / (editions.len() as i32 - 1).max(1);
    let x_of = |i: usize| x0 + step * i as i32;
    // Past eight editions, every k-th year is labelled, and values only at both ends
    // (the data table has them all).
    let last = editions.len() - 1;
    let every = editions.len().div_ceil(8);
    let crowded = editions.len() > 8;
    for (i, e) in editions.iter().enumerate() {
        if i % every == 0 || i == last {
            marks.push(centred(x_of(i), top + plot_h + 18, &e.to_string(), LABEL));
        }
    }
    // Value labels at each edition, pushed apart when lines run close.
    let mut at: Vec<Vec<(i32, String)>> = vec![Vec::new(); editions.len()];
    for (s, a) in t.answers.iter().enumerate() {
        let colour = palette.series(s);
        let mut run: Vec<(i32, i32)> = Vec::new();
        for (i, p) in a.points.iter().enumerate() {
            match p {
                Some(p) => {
                    run.push((x_of(i), y_of(p.value)));
                    if !crowded || i == 0 || i == last {
                        at[i].push((y_of(p.value), marked(p)));
                    }
                }
                None => flush(&mut run, colour, &mut marks),
            }
        }
        flush(&mut run, colour, &mut marks);
        for (i, p) in a.points.iter().enumerate() {
            if let Some(p) = p {
                marks.push(Mark::Shape {
                    shape: Shape::of(s),
                    cx: x_of(i),
                    cy: y_of(p.value),
                    size: 11,
                    fill: colour,
                    on: palette::BACKGROUND,
                });
            }
        }
    }
    for (i, labels) in at.iter_mut().enumerate() {
        // Above its point, or below it when the label above would touch the one before.
        labels.sort();
        let mut last = i32::MIN;
        for (y, label) in labels.iter() {
            let above = *y - 14;
            let y = if above >= last + 16 {
                above
            } else {
                (*y + 14).max(last + 16)
            };
            last = y;
            marks.push(Mark::Text {
                x: x_of(i) + 8,
                y,
                text: label.clone(),
                font: VALUE,
                colour: TEXT,
                on: palette::BACKGROUND,
                anchor: Anchor::Start,
            });
        }
    }
    let bottom = legend(&mut m, t, (top + plot_h + 44, width), &mut marks, palette);
    Drawing {
        width: width as u32,
        height: bottom as u32,
        marks,
        cut: m.cut,
    }
}

/// The segments of a line run so far, drawn.
fn flush(run: &mut Vec<(i32, i32)>, colour: palette::Rgb, marks: &mut Vec<Mark>) {
    if run.len() >= 2 {
        marks.push(Mark::Line {
            points: std::mem::take(run),
            colour,
            width: 3,
        });
    }
    run.clear();
}

/// A text centred on `x`.
fn centred(x: i32, y: i32, label: &str, font: Font) -> Mark {
    Mark::Text {
        x,
        y,
        text: label.to_string(),
        font,
        colour: TEXT,
        on: palette::BACKGROUND,
        anchor: Anchor::Middle,
    }
}

/// The answers' markers and labels from `y` down, wrapping; returns the bottom.
fn legend(
    m: &mut Measure,
    t: &RTrend,
    (y, width): (i32, i32),
    marks: &mut Vec<Mark>,
    palette: Palette,
) -> i32 {
    let (mut x, mut y) = (MARGIN, y);
    for (s, a) in t.answers.iter().enumerate() {
        let label = m.truncate(&clean(&a.label), LABEL, f64::from(width - 40));
        let w = 18 + m.width(&label, LABEL).ceil() as i32 + 16;
        if x > MARGIN && x + w > width - MARGIN {
            (x, y) = (MARGIN, y + 24);
        }
        marks.push(Mark::Shape {
            shape: Shape::of(s),
            cx: x + 6,
            cy: y,
            size: 11,
            fill: palette.series(s),
            on: palette::BACKGROUND,
        });
        marks.push(text(x + 18, y, &label, LABEL));
        x += w;
    }
    y + 16
}

/// A dumbbell per answer: the earlier edition's value in grey, the later's in colour.
fn dumbbell(t: &RTrend, editions: &[u32], width: i32, palette: Palette) -> Drawing {
    let mut m = Measure::new();
    let labels: Vec<Vec<String>> = t
        .answers
        .iter()
        .map(|a| m.wrap(&clean(&a.label), LABEL, 200.0, 2))
        .collect();
    let label_w = labels
        .iter()
        .flatten()
        .map(|l| m.width(l, LABEL))
        .fold(0.0, f64::max)
        .ceil() as i32;
    let (x0, x1) = (MARGIN + label_w + 56, width - 64);
    let top_value = domain(t);
    let x_of = |v: f64| x0 + (v.max(0.0) / top_value * f64::from(x1 - x0)).round() as i32;
    let mut marks = Vec::new();
    // The key: which colour is which edition.
    let mut y = 12;
    let mut x = MARGIN;
    for (i, e) in editions.iter().enumerate() {
        let fill = if i == 0 { AXIS } else { palette.series(0) };
        let shape = if i == 0 {
            Shape::Circle
        } else {
            Shape::Diamond
        };
        marks.push(Mark::Shape {
            shape,
            cx: x + 6,
            cy: y,
            size: 11,
            fill,
            on: palette::BACKGROUND,
        });
        marks.push(text(x + 18, y, &e.to_string(), LABEL));
        x += 18 + m.width(&e.to_string(), LABEL).ceil() as i32 + 20;
    }
    y += 24;
    for (a, lines) in t.answers.iter().zip(&labels) {
        let row_h = (lines.len() as i32 * 18 + 12).max(40);
        let cy = y + row_h / 2;
        super::layout::label_marks(lines, false, cy, &mut marks);
        let (Some(Some(then)), Some(Some(now))) = (a.points.first(), a.points.get(1)) else {
            y += row_h;
            continue;
        };
        let (xa, xb) = (x_of(then.value), x_of(now.value));
        marks.push(Mark::Rect {
            x: x0,
            y: cy,
            w: x1 - x0,
            h: 1,
            fill: palette::Rgb(0xE3, 0xE5, 0xE8),
        });
        marks.push(Mark::Line {
            points: vec![(xa, cy), (xb, cy)],
            colour: AXIS,
            width: 3,
        });
        marks.push(Mark::Shape {
            shape: Shape::Circle,
            cx: xa,
            cy,
            size: 11,
            fill: AXIS,
            on: palette::BACKGROUND,
        });
        marks.push(Mark::Shape {
            shape: Shape::Diamond,
            cx: xb,
            cy,
            size: 13,
            fill: palette.series(0),
            on: palette::BACKGROUND,
        });
        // Each value on the outer side of its marker.
        let (left, right) = if xa <= xb {
            (then.text.clone(), marked(now))
        } else {
            (marked(now), then.text.clone())
        };
        let (lx, rx) = (xa.min(xb), xa.max(xb));
        let lw = m.width(&left, VALUE).ceil() as i32;
        marks.push(Mark::Text {
            x: lx - 10 - lw,
            y: cy,
            text: left,
            font: VALUE,
            colour: TEXT,
            on: palette::BACKGROUND,
            anchor: Anchor::Start,
        });
        marks.push(Mark::Text {
            x: rx + 10,
            y: cy,
            text: right,
            font: VALUE,
            colour: TEXT,
            on: palette::BACKGROUND,
            anchor: Anchor::Start,
        });
        y += row_h;
    }
    Drawing {
        width: width as u32,
        height: (y + 8) as u32,
        marks,
        cut: m.cut,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::{RChange, RTrendLine};

    fn point(edition: u32, value: f64, significant: Option<bool>) -> Option<RPoint> {
        let change = significant.map(|s| RChange {
            edition: edition - 1,
            survey: "s".into(),
            question: "q".into(),
            answer: "a".into(),
            previous: value - 5.0,
            previous_text: String::new(),
            points: 5.0,
            points_text: "+5 points".into(),
            direction: "up",
            significant: Some(s),
            p_value: None,
            reworded: false,
            text: String::new(),
        });
        Some(RPoint {
            edition,
            value,
            text: format!("{value} %"),
            change,
        })
    }

    fn trend(points: Vec<Option<RPoint>>) -> RTrend {
        RTrend {
            survey: "s".into(),
            question: "q".into(),
            wording: "Question".into(),
            segment: "all".into(),
            segment_label: "Ensemble".into(),
            reworded: vec![],
            answers: vec![RTrendLine {
                id: "a".into(),
                label: "Oui".into(),
                points,
                withheld: vec![],
            }],
        }
    }

    fn lines_of(d: &Drawing) -> Vec<usize> {
        d.marks
            .iter()
            .filter_map(|m| match m {
                Mark::Line { points, .. } => Some(points.len()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn three_editions_make_a_line_and_two_a_dumbbell() {
        let t = trend(vec![
            point(2024, 40.0, None),
            point(2025, 45.0, Some(false)),
            point(2026, 55.0, Some(true)),
        ]);
        assert_eq!(
            lines_of(&lines(&t, &[2024, 2025, 2026], WIDTH, Palette::default())),
            vec![3]
        );
        let two = trend(vec![point(2025, 45.0, None), point(2026, 55.0, Some(true))]);
        let d = dumbbell(&two, &[2025, 2026], WIDTH, Palette::default());
        assert_eq!(lines_of(&d), vec![2]);
        let shapes: Vec<Shape> = d
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Shape { shape, .. } => Some(*shape),
                _ => None,
            })
            .collect();
        // The key's two markers, then the row's earlier (circle) and later (diamond).
        assert_eq!(
            shapes,
            vec![Shape::Circle, Shape::Diamond, Shape::Circle, Shape::Diamond]
        );
    }

    #[test]
    fn a_gap_breaks_the_line_and_significance_is_marked() {
        let t = trend(vec![
            point(2023, 40.0, None),
            None,
            point(2025, 45.0, None),
            point(2026, 55.0, Some(true)),
        ]);
        assert_eq!(
            lines_of(&lines(
                &t,
                &[2023, 2024, 2025, 2026],
                WIDTH,
                Palette::default()
            )),
            vec![2]
        );
        let mut ui = BTreeMap::new();
        ui.insert("not_asked".to_string(), "non posée".to_string());
        ui.insert(
            "series_item".to_string(),
            "{value} en {edition}".to_string(),
        );
        let chart = trend_chart(&t, &[2023, 2024, 2025, 2026], Locale::Fr, &ui);
        assert_eq!(chart.table.header, vec!["", "2023", "2024", "2025", "2026"]);
        assert_eq!(
            chart.table.rows[0].cells,
            vec!["40 %", "non posée", "45 %", "55 %\u{a0}↑"]
        );
        assert!(chart.alt.starts_with("Question. Oui"), "{}", chart.alt);
        assert!(chart.alt.contains("↑ en 2026"), "{}", chart.alt);
        assert!(roxmltree::Document::parse(&chart.svg).is_ok());
        // A change that is not significant is not marked.
        let t = trend(vec![
            point(2025, 45.0, None),
            point(2026, 47.0, Some(false)),
        ]);
        let chart = trend_chart(&t, &[2025, 2026], Locale::Fr, &ui);
        assert_eq!(chart.table.rows[0].cells, vec!["45 %", "47 %"]);
    }
}
