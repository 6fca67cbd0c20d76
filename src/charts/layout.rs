//! Chart geometry: a plot (labelled rows of bars) laid out as rectangles and text on a
//! 640 px wide canvas. Pure arithmetic on measured text, no drawing.
//!
//! Labels sit in a column on the left, wrapped onto at most two lines; bars start after
//! it on a 0–100 % scale (so that equal shares look equal from chart to chart); values
//! follow the bar ends, or sit inside stacked segments when they fit.

use super::palette::{self, AXIS, BACKGROUND, TEXT};
pub(super) use super::plot::*;
use super::text::{Font, Measure};

/// Default width of a chart in px (the infographic asks for narrower ones).
pub const WIDTH: i32 = 640;
/// Narrowest chart drawn.
pub const MIN_WIDTH: i32 = 320;
pub(super) const MARGIN: i32 = 4;
pub(super) const LABEL: Font = Font {
    size: 14.0,
    bold: false,
};
pub(super) const VALUE: Font = Font {
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
/// Between the label column and the bars.
const LABEL_GAP: i32 = 12;
/// Between a bar's end and its value.
const VALUE_GAP: i32 = 6;
/// Padding around a value inside a stacked segment.
const INSIDE_PAD: f64 = 6.0;
/// White gap between the segments of a stacked bar.
const SEGMENT_GAP: i32 = 2;

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
pub(super) struct Labels {
    pub lines: Vec<Vec<String>>,
    pub width: i32,
    pub row_min: i32,
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

/// How far a part's label (`dont …`) is indented under its answer's.
const PART_INDENT: i32 = 12;

/// The height of a line of label text, from the font's own metrics.
pub(super) fn line_height() -> i32 {
    super::text::line_height(LABEL).ceil() as i32
}

pub(super) fn labels(m: &mut Measure, rows: &[PlotRow], width: i32) -> Labels {
    let lines: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let indent = if r.part { f64::from(PART_INDENT) } else { 0.0 };
            m.wrap(
                &r.label,
                LABEL,
                label_max(width) - indent,
                label_lines(width),
            )
        })
        .collect();
    let width = rows
        .iter()
        .zip(&lines)
        .flat_map(|(r, l)| {
            let indent = if r.part { f64::from(PART_INDENT) } else { 0.0 };
            l.iter().map(move |line| (indent, line))
        })
        .map(|(indent, l)| indent + m.width(l, LABEL))
        .fold(0.0, f64::max);
    let most = lines.iter().map(Vec::len).max().unwrap_or(1) as i32;
    Labels {
        lines,
        width: width.ceil() as i32,
        row_min: (most * line_height() + 6).max(36),
    }
}

/// A row label, its lines centred on `cy`, indented when it is a part.
pub(super) fn label_marks(lines: &[String], part: bool, cy: i32, marks: &mut Vec<Mark>) {
    let lh = line_height();
    let first = cy - (lines.len() as i32 - 1) * lh / 2;
    let x = MARGIN + if part { PART_INDENT } else { 0 };
    for (i, line) in lines.iter().enumerate() {
        marks.push(text(x, first + i as i32 * lh, line, LABEL));
    }
}

/// Dark text on the background.
pub(super) fn text(x: i32, y: i32, text: &str, font: Font) -> Mark {
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
pub(super) fn share(value: f64) -> f64 {
    if value.is_finite() {
        value.max(0.0)
    } else {
        0.0
    }
}

/// Length in px of `value` on a scale where `domain` spans `span` px.
pub(super) fn scale(value: f64, domain: f64, span: i32) -> i32 {
    (share(value) / domain * f64::from(span)).round() as i32
}

/// Size of a marker after a bar, and the gap after it.
const MARKER: i32 = 10;
const MARKER_GAP: i32 = 4;

/// What follows a bar's end: its marker, if any, then its value.
fn after_bar(m: &mut Measure, bar: &PlotBar) -> f64 {
    let marker = if bar.marker.is_some() {
        f64::from(MARKER + MARKER_GAP)
    } else {
        0.0
    };
    marker + m.width(&bar.text, VALUE)
}

/// Ranked or grouped bars: one row per answer, bars one under the other, each followed
/// by its series marker (if any) and its value; a part's row is indented with thinner
/// bars; the legend (if any) on top. Returns the height.
fn bars(m: &mut Measure, plot: &Plot, marks: &mut Vec<Mark>) -> i32 {
    let mut top = MARGIN;
    if !plot.legend.is_empty() {
        top += legend(m, &plot.legend, top, plot.width, marks) + 8;
    }
    let labels = labels(m, &plot.rows, plot.width);
    let x0 = MARGIN + labels.width + LABEL_GAP;
    let all: Vec<&PlotBar> = plot.rows.iter().flat_map(|r| &r.bars).collect();
    let after = all.iter().map(|b| after_bar(m, b)).fold(0.0, f64::max);
    let span = (plot.width - MARGIN - after.ceil() as i32 - VALUE_GAP - x0).max(0);
    let largest = all.iter().map(|b| share(b.value)).fold(100.0, f64::max);
    let domain = plot.domain.unwrap_or(largest).max(f64::MIN_POSITIVE);
    let mut y = top;
    for (row, lines) in plot.rows.iter().zip(&labels.lines) {
        let (bar_h, bar_gap, padding) = match (plot.style, row.part) {
            // The pitch (16 px) clears a value's text box, as in a group of full bars.
            (_, true) => (12, 4, 12),
            (Style::Grouped, false) => (16, 4, 20),
            _ => (22, 0, 14),
        };
        let n = row.bars.len().max(1) as i32;
        let group_h = n * bar_h + (n - 1) * bar_gap;
        let row_h = labels.row_min.max(group_h + padding);
        label_marks(lines, row.part, y + row_h / 2, marks);
        let mut by = y + (row_h - group_h) / 2;
        for bar in &row.bars {
            bar_marks(bar, x0, by, bar_h, scale(bar.value, domain, span), marks);
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

/// A bar `len` px long at (`x0`, `y`), then its marker and its value; for a value not
/// published, only its text (`n.p.`).
fn bar_marks(bar: &PlotBar, x0: i32, y: i32, h: i32, len: i32, marks: &mut Vec<Mark>) {
    let cy = y + h / 2;
    if bar.missing {
        marks.push(text(x0 + VALUE_GAP, cy, &bar.text, LEGEND));
        return;
    }
    marks.push(Mark::Rect {
        x: x0,
        y,
        w: len,
        h,
        fill: bar.fill,
    });
    let mut x = x0 + len + VALUE_GAP;
    if let Some(shape) = bar.marker {
        marks.push(Mark::Shape {
            shape,
            cx: x + MARKER / 2,
            cy,
            size: MARKER,
            fill: bar.fill,
            on: BACKGROUND,
        });
        x += MARKER + MARKER_GAP;
    }
    marks.push(text(x, cy, &bar.text, VALUE));
}

/// A legend flowing left to right from `top`, wrapping as needed; returns its height.
pub(super) fn legend(
    m: &mut Measure,
    items: &[LegendItem],
    top: i32,
    width: i32,
    marks: &mut Vec<Mark>,
) -> i32 {
    const LINE: i32 = 20;
    const SWATCH: i32 = 14;
    const SWATCH_GAP: i32 = 6;
    const ITEM_GAP: i32 = 20;
    let room = f64::from(width - 2 * MARGIN - SWATCH - SWATCH_GAP);
    let (mut x, mut y) = (MARGIN, top);
    for item in items {
        let label = {
            let cut = m.truncate(&item.label, LEGEND, room);
            if cut != item.label {
                m.cut.push(item.label.clone());
            }
            cut
        };
        let w = SWATCH + SWATCH_GAP + m.width(&label, LEGEND).ceil() as i32;
        if x > MARGIN && x + w > width - MARGIN {
            x = MARGIN;
            y += LINE;
        }
        let (cx, cy) = (x + SWATCH / 2, y + LINE / 2);
        swatch(item, cx, cy, SWATCH, marks);
        marks.push(text(x + SWATCH + SWATCH_GAP, cy, &label, LEGEND));
        x += w + ITEM_GAP;
    }
    y + LINE - top
}

/// A legend's swatch: a coloured square (with the marker in a readable colour inside,
/// when framed), or the marker alone in the series colour.
fn swatch(item: &LegendItem, cx: i32, cy: i32, size: i32, marks: &mut Vec<Mark>) {
    match (item.framed, item.marker) {
        (false, Some(shape)) => marks.push(Mark::Shape {
            shape,
            cx,
            cy,
            size: size - 2,
            fill: item.fill,
            on: BACKGROUND,
        }),
        (_, marker) => {
            marks.push(Mark::Rect {
                x: cx - size / 2,
                y: cy - size / 2,
                w: size,
                h: size,
                fill: item.fill,
            });
            if let (Some(shape), Some(ink)) = (marker, palette::text_on(item.fill)) {
                marks.push(Mark::Shape {
                    shape,
                    cx,
                    cy,
                    size: size - 6,
                    fill: ink,
                    on: item.fill,
                });
            }
        }
    }
}

/// 100 % stacked bars (see [`super::stacked`]).
fn stacked(m: &mut Measure, plot: &Plot, marks: &mut Vec<Mark>) -> i32 {
    super::stacked::layout(m, plot, marks)
}

/// Layout constants the stacked layout shares.
pub(super) const FONTS: (Font, Font) = (VALUE, LEGEND);
pub(super) const GAPS: (i32, i32, f64, i32) = (MARGIN, LABEL_GAP, INSIDE_PAD, SEGMENT_GAP);
pub(super) const SMALL_MARKER: i32 = MARKER;
