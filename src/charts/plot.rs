//! What a chart draws: rows of bars with their legend (the input of the layout), and
//! the marks the layout makes of them (rectangles, markers, lines of text).

use super::layout::WIDTH;
use super::palette::{Rgb, TEXT};
use super::text::Font;

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
    /// Legend entries (none for single-series bars).
    pub legend: Vec<LegendItem>,
    /// Canvas width in px.
    pub width: i32,
    /// The value the full bar length stands for; 100 (or the largest value, if more)
    /// when `None`.
    pub domain: Option<f64>,
}

impl Plot {
    /// A plot at the default width on the 0–100 scale.
    pub fn new(style: Style, rows: Vec<PlotRow>, legend: Vec<LegendItem>) -> Plot {
        Plot {
            style,
            rows,
            legend,
            width: WIDTH,
            domain: None,
        }
    }
}

/// A labelled row.
#[derive(Debug, Clone)]
pub(super) struct PlotRow {
    /// Label, cleaned.
    pub label: String,
    /// Its bars.
    pub bars: Vec<PlotBar>,
    /// A part of the answer above it (`dont …`): indented, with thinner bars.
    pub part: bool,
    /// Parts of the answers of a stacked bar, drawn as strips under their answer.
    pub parts: Vec<Part>,
}

/// A bar (or stacked segment).
#[derive(Debug, Clone)]
pub(super) struct PlotBar {
    /// The value.
    pub value: f64,
    /// Formatted value (or `n.p.` when missing).
    pub text: String,
    /// Colour.
    pub fill: Rgb,
    /// The series' marker, the cue besides colour.
    pub marker: Option<Shape>,
    /// No value was published: no bar, the text says so.
    pub missing: bool,
}

impl PlotBar {
    /// A bar of `value`, labelled `text`, in `fill`.
    pub fn new(value: f64, text: String, fill: Rgb) -> PlotBar {
        PlotBar {
            value,
            text,
            fill,
            marker: None,
            missing: false,
        }
    }

    /// The place of a value that was not published, labelled `text` (`n.p.`).
    pub fn missing(text: String) -> PlotBar {
        PlotBar {
            value: 0.0,
            text,
            fill: TEXT,
            marker: None,
            missing: true,
        }
    }

    /// The same bar with the series marker `shape`.
    pub fn with_marker(mut self, shape: Shape) -> PlotBar {
        self.marker = Some(shape);
        self
    }
}

/// A part of an answer in a stacked bar: where its answer starts, its value, what it
/// says (`dont très positive` and ` : 19 %`, the label cut first if space lacks) and
/// its answer's colour.
#[derive(Debug, Clone)]
pub(super) struct Part {
    pub start: f64,
    pub value: f64,
    pub label: String,
    pub tail: String,
    pub fill: Rgb,
}

/// A legend entry: its label, colour and marker, and whether the marker sits inside a
/// coloured square (as in stacked segments) or stands alone (as after grouped bars).
#[derive(Debug, Clone)]
pub(super) struct LegendItem {
    pub label: String,
    pub fill: Rgb,
    pub marker: Option<Shape>,
    pub framed: bool,
}

impl LegendItem {
    /// A marker in the series colour, as after a grouped bar.
    pub fn marker(label: String, fill: Rgb, shape: Shape) -> LegendItem {
        LegendItem {
            label,
            fill,
            marker: Some(shape),
            framed: false,
        }
    }
    /// A coloured square holding the marker, as a stacked segment.
    pub fn framed(label: String, fill: Rgb, shape: Shape) -> LegendItem {
        LegendItem {
            label,
            fill,
            marker: Some(shape),
            framed: true,
        }
    }
    /// A plain coloured square (the remainder).
    pub fn plain(label: String, fill: Rgb) -> LegendItem {
        LegendItem {
            label,
            fill,
            marker: None,
            framed: true,
        }
    }
}

/// The marker shapes, one per series, so series differ in shape as well as in colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    Circle,
    Square,
    Triangle,
    Diamond,
    TriangleDown,
    Hexagon,
    Cross,
    Bar,
}

impl Shape {
    /// The marker of series `i` (repeating past the eighth).
    pub fn of(i: usize) -> Shape {
        [
            Shape::Circle,
            Shape::Square,
            Shape::Triangle,
            Shape::Diamond,
            Shape::TriangleDown,
            Shape::Hexagon,
            Shape::Cross,
            Shape::Bar,
        ][i % 8]
    }

    /// The outline of the shape centred on (`cx`, `cy`), `size` px across, as a
    /// polygon (a circle as 16 points).
    pub fn points(self, cx: f64, cy: f64, size: f64) -> Vec<(f64, f64)> {
        let r = size / 2.0;
        let poly = |pts: &[(f64, f64)]| pts.iter().map(|(x, y)| (cx + x * r, cy + y * r)).collect();
        match self {
            Shape::Circle => (0..16)
                .map(|k| {
                    let a = f64::from(k) * std::f64::consts::PI / 8.0;
                    (cx + r * a.cos(), cy + r * a.sin())
                })
                .collect(),
            Shape::Square => poly(&[(-0.8, -0.8), (0.8, -0.8), (0.8, 0.8), (-0.8, 0.8)]),
            Shape::Triangle => poly(&[(0.0, -1.0), (1.0, 0.8), (-1.0, 0.8)]),
            Shape::Diamond => poly(&[(0.0, -1.0), (1.0, 0.0), (0.0, 1.0), (-1.0, 0.0)]),
            Shape::TriangleDown => poly(&[(-1.0, -0.8), (1.0, -0.8), (0.0, 1.0)]),
            Shape::Hexagon => poly(&[
                (-0.5, -0.9),
                (0.5, -0.9),
                (1.0, 0.0),
                (0.5, 0.9),
                (-0.5, 0.9),
                (-1.0, 0.0),
            ]),
            Shape::Cross => poly(&[
                (-0.35, -1.0),
                (0.35, -1.0),
                (0.35, -0.35),
                (1.0, -0.35),
                (1.0, 0.35),
                (0.35, 0.35),
                (0.35, 1.0),
                (-0.35, 1.0),
                (-0.35, 0.35),
                (-1.0, 0.35),
                (-1.0, -0.35),
                (-0.35, -0.35),
            ]),
            Shape::Bar => poly(&[(-1.0, -0.4), (1.0, -0.4), (1.0, 0.4), (-1.0, 0.4)]),
        }
    }
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
    /// A series marker, filled.
    Shape {
        shape: Shape,
        cx: i32,
        cy: i32,
        size: i32,
        fill: Rgb,
        /// What it sits on (for contrast checks).
        on: Rgb,
    },
    /// A polyline, `width` px thick.
    Line {
        points: Vec<(i32, i32)>,
        colour: Rgb,
        width: u32,
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
