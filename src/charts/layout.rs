//! Chart geometry: a plot (labelled rows of bars) laid out as rectangles and text on a
//! 640 px wide canvas. Pure arithmetic on measured text, no drawing.
//!
//! Labels sit in a column on the left, wrapped onto at most two lines; bars start after
//! it on a 0–100 % scale (so that equal shares look equal from chart to chart); values
//! follow the bar ends, or sit inside stacked segments when they fit.

use super::palette::{self, AXIS, BACKGROUND, Rgb, TEXT};
use super::text::{Font, Measure};

/// Default width of a chart in px (the infographic asks for narrower ones).
pub const WIDTH: i32 = 640;
/// Narrowest chart drawn.
pub const MIN_WIDTH: i32 = 320;
const MARGIN: i32 = 4;
const LABEL: Font = Font {
    size: 14.0,
    bold: false,
};
const VALUE: Font = Font {
    size: 13.0,
    bold: true,
};
const LEGEND: Font = Font {
    size: 13.0,
    bold: false,
};
/// Widest a label line may be, at the default width (narrower charts scale it down).
const LABEL_MAX: f64 = 220.0;
const LABEL_LINES: usize = 2;
const LINE_HEIGHT: i32 = 17;
/// Between the label column and the bars.
const LABEL_GAP: i32 = 12;
/// Between a bar's end and its value.
const VALUE_GAP: i32 = 6;
/// Padding around a value inside a stacked segment.
const INSIDE_PAD: f64 = 6.0;
/// White gap between the segments of a stacked bar.
const SEGMENT_GAP: i32 = 2;

/// How the bars of a row are arranged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    /// One bar per row.
    Bars,
    /// Several bars per row, one under the other.
    Grouped,
    /// Several bars per row, end to end, filling 100 %.
    Stacked,
}

/// What to draw: rows of bars and a legend.
#[derive(Debug, Clone)]
pub(super) struct Plot {
    /// Arrangement.
    pub style: Style,
    /// Rows in drawing order.
    pub rows: Vec<PlotRow>,
    /// Legend entries: label and colour (none for single-series bars).
    pub legend: Vec<(String, Rgb)>,
    /// Canvas width in px.
    pub width: i32,
}

/// A labelled row.
#[derive(Debug, Clone)]
pub(super) struct PlotRow {
    /// Label, cleaned.
    pub label: String,
    /// Its bars.
    pub bars: Vec<PlotBar>,
}

/// A bar (or stacked segment).
#[derive(Debug, Clone)]
pub(super) struct PlotBar {
    /// Percentage.
    pub value: f64,
    /// Formatted percentage.
    pub text: String,
    /// Colour.
    pub fill: Rgb,
}

/// Where a text's x coordinate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Anchor {
    /// Its start.
    Start,
    /// Its middle.
    Middle,
}

/// Something to draw; coordinates in px from the top left, text vertically centred on y.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Mark {
    /// A filled rectangle.
    Rect {
        x: i32,
        y: i32,
        w: i32,
        h: i32,
        fill: Rgb,
    },
    /// One line of text, with the colour it sits on (for contrast checks).
    Text {
        x: i32,
        y: i32,
        text: String,
        font: Font,
        colour: Rgb,
        on: Rgb,
        anchor: Anchor,
    },
}

/// A laid-out chart.
#[derive(Debug, Clone)]
pub(super) struct Drawing {
    /// Width in px.
    pub width: u32,
    /// Height in px.
    pub height: u32,
    /// Marks in painting order.
    pub marks: Vec<Mark>,
    /// Labels cut to fit, as given.
    pub cut: Vec<String>,
}

/// Lay `plot` out.
pub(super) fn layout(plot: &Plot) -> Drawing {
    let mut m = Measure::new();
    let mut marks = Vec::new();
    let height = match plot.style {
        Style::Bars | Style::Grouped => bars(&mut m, plot, &mut marks),
        Style::Stacked => stacked(&mut m, plot, &mut marks),
    };
    let mut cut = m.cut;
    cut.sort();
    cut.dedup();
    Drawing {
        width: plot.width as u32,
        height: height.max(2 * MARGIN) as u32,
        marks,
        cut,
    }
}

/// Wrapped row labels and the width of the column they need.
struct Labels {
    lines: Vec<Vec<String>>,
    width: i32,
    row_min: i32,
}

/// Widest a label line may be on a canvas of `width` px: narrower canvases give labels
/// a larger share of the width.
fn label_max(width: i32) -> f64 {
    let share = if width < WIDTH {
        0.42
    } else {
        LABEL_MAX / f64::from(WIDTH)
    };
    (f64::from(width) * share).min(LABEL_MAX)
}

/// Lines a label may take: three on narrow canvases, two otherwise.
fn label_lines(width: i32) -> usize {
    if width < WIDTH {
        LABEL_LINES + 1
    } else {
        LABEL_LINES
    }
}

fn labels(m: &mut Measure, rows: &[PlotRow], width: i32) -> Labels {
    let lines: Vec<Vec<String>> = rows
        .iter()
        .map(|r| m.wrap(&r.label, LABEL, label_max(width), label_lines(width)))
        .collect();
    let width = lines
        .iter()
        .flatten()
        .map(|l| m.width(l, LABEL))
        .fold(0.0, f64::max);
    let wrapped = lines.iter().any(|l| l.len() > 1);
    Labels {
        lines,
        width: width.ceil() as i32,
        row_min: if wrapped { 40 } else { 36 },
    }
}

/// A row label, its lines centred on `cy`.
fn label_marks(lines: &[String], cy: i32, marks: &mut Vec<Mark>) {
    let first = cy - (lines.len() as i32 - 1) * LINE_HEIGHT / 2;
    for (i, line) in lines.iter().enumerate() {
        marks.push(text(MARGIN, first + i as i32 * LINE_HEIGHT, line, LABEL));
    }
}

/// Dark text on the background.
fn text(x: i32, y: i32, text: &str, font: Font) -> Mark {
    Mark::Text {
        x,
        y,
        text: text.to_string(),
        font,
        colour: TEXT,
        on: BACKGROUND,
        anchor: Anchor::Start,
    }
}

/// `value` as a drawable share: finite and not negative.
fn share(value: f64) -> f64 {
    if value.is_finite() {
        value.max(0.0)
    } else {
        0.0
    }
}

/// Length in px of `value` on a scale where `domain` spans `span` px.
fn scale(value: f64, domain: f64, span: i32) -> i32 {
    (share(value) / domain * f64::from(span)).round() as i32
}

/// Ranked or grouped bars: one row per answer, bars one under the other, values after
/// the bar ends; the legend (if any) on top. Returns the height.
fn bars(m: &mut Measure, plot: &Plot, marks: &mut Vec<Mark>) -> i32 {
    let mut top = MARGIN;
    if !plot.legend.is_empty() {
        top += legend(m, &plot.legend, top, plot.width, marks) + 8;
    }
    let labels = labels(m, &plot.rows, plot.width);
    let x0 = MARGIN + labels.width + LABEL_GAP;
    let all = plot.rows.iter().flat_map(|r| &r.bars);
    let value_w = all
        .clone()
        .map(|b| m.width(&b.text, VALUE))
        .fold(0.0, f64::max);
    let span = (plot.width - MARGIN - value_w.ceil() as i32 - VALUE_GAP - x0).max(0);
    let domain = all.map(|b| share(b.value)).fold(100.0, f64::max);
    let (bar_h, bar_gap, padding) = match plot.style {
        Style::Grouped => (16, 4, 20),
        _ => (22, 0, 14),
    };
    let mut y = top;
    for (row, lines) in plot.rows.iter().zip(&labels.lines) {
        let n = row.bars.len().max(1) as i32;
        let group_h = n * bar_h + (n - 1) * bar_gap;
        let row_h = labels.row_min.max(group_h + padding);
        label_marks(lines, y + row_h / 2, marks);
        let mut by = y + (row_h - group_h) / 2;
        for bar in &row.bars {
            let len = scale(bar.value, domain, span);
            marks.push(Mark::Rect {
                x: x0,
                y: by,
                w: len,
                h: bar_h,
                fill: bar.fill,
            });
            marks.push(text(x0 + len + VALUE_GAP, by + bar_h / 2, &bar.text, VALUE));
            by += bar_h + bar_gap;
        }
        y += row_h;
    }
    if y > top {
        marks.push(Mark::Rect {
            x: x0 - 1,
            y: top,
            w: 1,
            h: y - top,
            fill: AXIS,
        });
    }
    y + MARGIN
}

/// 100 % stacked bars: one row per segment, answers end to end with their values inside
/// when they fit, the legend below. Returns the height.
fn stacked(m: &mut Measure, plot: &Plot, marks: &mut Vec<Mark>) -> i32 {
    let labels = labels(m, &plot.rows, plot.width);
    let x0 = MARGIN + labels.width + LABEL_GAP;
    let span = (plot.width - MARGIN - x0).max(0);
    let bar_h = 28;
    let row_h = labels.row_min.max(44);
    let mut y = MARGIN;
    for (row, lines) in plot.rows.iter().zip(&labels.lines) {
        let cy = y + row_h / 2;
        label_marks(lines, cy, marks);
        let total = row
            .bars
            .iter()
            .map(|b| share(b.value))
            .sum::<f64>()
            .max(100.0);
        let mut start = 0.0;
        for (i, bar) in row.bars.iter().enumerate() {
            let a = x0 + scale(start, total, span);
            start += share(bar.value);
            let b = x0 + scale(start, total, span);
            let last = i + 1 == row.bars.len();
            let w = if last {
                b - a
            } else {
                (b - a - SEGMENT_GAP).max(0)
            };
            if w == 0 {
                continue;
            }
            marks.push(Mark::Rect {
                x: a,
                y: cy - bar_h / 2,
                w,
                h: bar_h,
                fill: bar.fill,
            });
            let fits = m.width(&bar.text, VALUE) + 2.0 * INSIDE_PAD <= f64::from(w);
            if let Some(colour) = palette::text_on(bar.fill).filter(|_| fits) {
                marks.push(Mark::Text {
                    x: a + w / 2,
                    y: cy,
                    text: bar.text.clone(),
                    font: VALUE,
                    colour,
                    on: bar.fill,
                    anchor: Anchor::Middle,
                });
            }
        }
        y += row_h;
    }
    if !plot.legend.is_empty() {
        y += 6 + legend(m, &plot.legend, y + 6, plot.width, marks);
    }
    y + MARGIN
}

/// A legend flowing left to right from `top`, wrapping as needed; returns its height.
fn legend(
    m: &mut Measure,
    items: &[(String, Rgb)],
    top: i32,
    width: i32,
    marks: &mut Vec<Mark>,
) -> i32 {
    const LINE: i32 = 20;
    const SWATCH: i32 = 12;
    const SWATCH_GAP: i32 = 6;
    const ITEM_GAP: i32 = 20;
    let room = f64::from(width - 2 * MARGIN - SWATCH - SWATCH_GAP);
    let (mut x, mut y) = (MARGIN, top);
    for (label, fill) in items {
        let label = {
            let cut = m.truncate(label, LEGEND, room);
            if &cut != label {
                m.cut.push(label.clone());
            }
            cut
        };
        let w = SWATCH + SWATCH_GAP + m.width(&label, LEGEND).ceil() as i32;
        if x > MARGIN && x + w > width - MARGIN {
            x = MARGIN;
            y += LINE;
        }
        marks.push(Mark::Rect {
            x,
            y: y + (LINE - SWATCH) / 2,
            w: SWATCH,
            h: SWATCH,
            fill: *fill,
        });
        marks.push(text(x + SWATCH + SWATCH_GAP, y + LINE / 2, &label, LEGEND));
        x += w + ITEM_GAP;
    }
    y + LINE - top
}
