//! The layout of 100 % stacked bars: one bar per row, the answers end to end, each
//! segment with its marker and value inside when they fit. Every value is labelled: one
//! that does not fit in its segment goes under the bar, in the first lane where it
//! meets no other label, and so does each part of an answer (`dont …`), under a strip
//! that shows it beneath its answer's segment.

use super::layout::{FONTS, GAPS, SMALL_MARKER, label_marks, labels, legend, scale, share};
use super::palette::{self, BACKGROUND, TEXT};
use super::plot::{Anchor, Mark, Plot, PlotBar, Shape};
use super::text::Measure;

const BAR_H: i32 = 28;
/// Height of a lane of labels under a bar.
const LANE_H: i32 = 18;
/// Height of a part's strip under its answer's segment.
const STRIP_H: i32 = 5;

/// A label that goes under the bar: where it is centred, what it says, its marker.
struct Outside {
    cx: i32,
    /// What may be cut (a part's label), then what may not (its value).
    text: String,
    tail: String,
    marker: Option<(Shape, palette::Rgb)>,
}

/// Lay the stacked rows out; returns the height.
pub(super) fn layout(m: &mut Measure, plot: &Plot, marks: &mut Vec<Mark>) -> i32 {
    let (margin, label_gap, _, _) = GAPS;
    let labels = labels(m, &plot.rows, plot.width);
    let x0 = margin + labels.width + label_gap;
    let span = (plot.width - margin - x0).max(0);
    let mut y = margin;
    for (row, lines) in plot.rows.iter().zip(&labels.lines) {
        let total = row
            .bars
            .iter()
            .map(|b| share(b.value))
            .sum::<f64>()
            .max(100.0);
        let bar_top = y + (labels.row_min.max(BAR_H + 12) - BAR_H) / 2;
        let mut outside = Vec::new();
        let mut start = 0.0;
        for (i, bar) in row.bars.iter().enumerate() {
            let a = x0 + scale(start, total, span);
            start += share(bar.value);
            let b = x0 + scale(start, total, span);
            let last = i + 1 == row.bars.len();
            let w = if last { b - a } else { (b - a - GAPS.3).max(0) };
            segment(m, bar, a, w, bar_top, &mut outside, marks);
        }
        let mut strip_bottom = bar_top + BAR_H;
        for part in &row.parts {
            let a = x0 + scale(part.start, total, span);
            let w = scale(part.value, total, span).max(1);
            strip_bottom = bar_top + BAR_H + 2 + STRIP_H;
            marks.push(Mark::Rect {
                x: a,
                y: bar_top + BAR_H + 2,
                w,
                h: STRIP_H,
                fill: part.fill,
            });
            outside.push(Outside {
                cx: a + w / 2,
                text: part.label.clone(),
                tail: part.tail.clone(),
                marker: None,
            });
        }
        let area = (x0, plot.width - margin);
        let lanes = place(m, &outside, strip_bottom + 4, area, marks);
        let bottom = strip_bottom + lanes * LANE_H + if lanes > 0 { 4 } else { 0 };
        let row_h = (bottom - y + 6).max(labels.row_min);
        label_marks(lines, false, bar_top + BAR_H / 2, marks);
        y += row_h;
    }
    if !plot.legend.is_empty() {
        y += 6 + legend(m, &plot.legend, y + 6, plot.width, marks);
    }
    y + margin
}

/// A segment `w` px wide at `a`: its rectangle, and its marker and value inside when
/// they fit (else they go to `outside`).
fn segment(
    m: &mut Measure,
    bar: &PlotBar,
    a: i32,
    w: i32,
    top: i32,
    outside: &mut Vec<Outside>,
    marks: &mut Vec<Mark>,
) {
    if w <= 0 {
        outside.push(Outside {
            cx: a,
            text: bar.text.clone(),
            tail: String::new(),
            marker: bar.marker.map(|s| (s, bar.fill)),
        });
        return;
    }
    let (value_font, _) = FONTS;
    let pad = GAPS.2;
    marks.push(Mark::Rect {
        x: a,
        y: top,
        w,
        h: BAR_H,
        fill: bar.fill,
    });
    let cy = top + BAR_H / 2;
    let ink = palette::text_on(bar.fill);
    let text_w = m.width(&bar.text, value_font);
    let marker_w = if bar.marker.is_some() {
        f64::from(SMALL_MARKER + 4)
    } else {
        0.0
    };
    let fits = text_w + marker_w + 2.0 * pad <= f64::from(w);
    match ink.filter(|_| fits) {
        Some(colour) => {
            let content = text_w + marker_w;
            let left = f64::from(a) + (f64::from(w) - content) / 2.0;
            if let Some(shape) = bar.marker {
                marks.push(Mark::Shape {
                    shape,
                    cx: (left + f64::from(SMALL_MARKER) / 2.0).round() as i32,
                    cy,
                    size: SMALL_MARKER,
                    fill: colour,
                    on: bar.fill,
                });
            }
            marks.push(Mark::Text {
                x: (left + marker_w + text_w / 2.0).round() as i32,
                y: cy,
                text: bar.text.clone(),
                font: value_font,
                colour,
                on: bar.fill,
                anchor: Anchor::Middle,
            });
        }
        None => outside.push(Outside {
            cx: a + w / 2,
            text: bar.text.clone(),
            tail: String::new(),
            marker: bar.marker.map(|s| (s, bar.fill)),
        }),
    }
}

/// Place the labels under the bar from `top`, each centred on its segment as far as
/// the bar's `area` (left and right x) allows and cut to fit it, in the first lane
/// where it overlaps no other; returns the number of lanes used.
fn place(
    m: &mut Measure,
    items: &[Outside],
    top: i32,
    area: (i32, i32),
    marks: &mut Vec<Mark>,
) -> i32 {
    let (_, small) = FONTS;
    let (start, end) = area;
    let mut lanes: Vec<Vec<(i32, i32)>> = Vec::new();
    for item in items {
        let marker_w = if item.marker.is_some() {
            SMALL_MARKER + 4
        } else {
            0
        };
        let room = f64::from((end - start - marker_w).max(0)) - m.width(&item.tail, small);
        let head = m.truncate(&item.text, small, room.max(0.0));
        if head != item.text {
            m.cut.push(item.text.clone());
        }
        let text = format!("{head}{}", item.tail);
        let w = m.width(&text, small).ceil() as i32 + marker_w;
        let left = (item.cx - w / 2).clamp(start, (end - w).max(start));
        let span = (left - 4, left + w + 4);
        let lane = lanes
            .iter()
            .position(|taken| taken.iter().all(|&(a, b)| span.1 <= a || b <= span.0))
            .unwrap_or_else(|| {
                lanes.push(Vec::new());
                lanes.len() - 1
            });
        lanes[lane].push(span);
        let cy = top + lane as i32 * LANE_H + LANE_H / 2;
        let mut x = left;
        if let Some((shape, fill)) = item.marker {
            marks.push(Mark::Shape {
                shape,
                cx: x + SMALL_MARKER / 2,
                cy,
                size: SMALL_MARKER,
                fill,
                on: BACKGROUND,
            });
            x += marker_w;
        }
        marks.push(Mark::Text {
            x,
            y: cy,
            text,
            font: small,
            colour: TEXT,
            on: BACKGROUND,
            anchor: Anchor::Start,
        });
    }
    lanes.len() as i32
}
