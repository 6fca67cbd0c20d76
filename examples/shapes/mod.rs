//! Generated survey shapes for the infographic's layout matrix: projects with 1 to 8 key
//! figures, 0 to 8 charts, 0 to 4 sample breakdowns, 1 to 4 segments, 2 to 8 answers,
//! long and multi-line labels, decimals, with or without a quote. The data is made up
//! and says so (`Enquête fictive`); it exercises the layout, not a real survey.
//!
//! Shared by `tests/infographic_layout.rs` (which checks each shape from Typst's
//! layout) and `examples/contact_sheet.rs` (which draws them all in one PNG).

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

/// One survey shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub key_figures: usize,
    pub charts: usize,
    pub breakdowns: usize,
    pub segments: usize,
    pub answers: usize,
    pub long: bool,
    pub decimals: bool,
    pub quote: bool,
    /// False for the shapes the matrix holds beyond the infographic's capacity: their
    /// build must fail with a clear error instead of a third page.
    pub fits: bool,
}

impl Shape {
    /// `kf5-c4-b2-s3-a6-long-dec-quote`.
    pub fn name(&self) -> String {
        let mut name = format!(
            "kf{}-c{}-b{}-s{}-a{}",
            self.key_figures, self.charts, self.breakdowns, self.segments, self.answers
        );
        for (on, tag) in [
            (self.long, "-long"),
            (self.decimals, "-dec"),
            (self.quote, "-quote"),
        ] {
            if on {
                name.push_str(tag);
            }
        }
        name
    }
}

/// A row of the matrix: key figures, charts, breakdowns, segments, answers, long
/// labels, decimals, quote.
type Row = (usize, usize, usize, usize, usize, bool, bool, bool);

/// The matrix: every value of each dimension appears, and most pairs of values do.
pub fn matrix() -> Vec<Shape> {
    #[rustfmt::skip]
    let rows: &[Row] = &[
        // kf, charts, breakdowns, segments, answers, long, decimals, quote
        // Beyond capacity (see `OVER`): six charts of five long answers in four
        // segments; four charts of eight long answers in four segments.
        (1, 0, 0, 1, 2, false, false, false),
        (2, 1, 1, 1, 3, false, false, true),
        (3, 2, 2, 2, 4, false, true, false),
        (4, 3, 3, 3, 5, true, false, true),
        (5, 4, 4, 4, 6, false, false, false),
        (6, 4, 1, 2, 8, true, true, true),
        (7, 5, 0, 1, 4, false, false, true),
        (8, 6, 2, 4, 5, true, false, false),
        (8, 8, 4, 2, 3, false, false, true),
        (1, 2, 1, 4, 8, true, false, false),
        (4, 1, 0, 3, 2, false, true, false),
        (2, 7, 3, 1, 4, false, false, false),
        (6, 0, 4, 4, 6, true, false, true),
        (5, 2, 2, 1, 8, true, true, false),
        (3, 8, 1, 3, 3, false, true, false),
        (7, 3, 4, 2, 7, true, false, true),
        (8, 4, 3, 4, 8, true, true, true),
        (4, 6, 1, 1, 6, false, true, true),
    ];
    rows.iter()
        .map(
            |&(key_figures, charts, breakdowns, segments, answers, long, decimals, quote)| {
                let mut shape = Shape {
                    key_figures,
                    charts,
                    breakdowns,
                    segments,
                    answers,
                    long,
                    decimals,
                    quote,
                    fits: true,
                };
                shape.fits = !OVER.contains(&shape.name().as_str());
                shape
            },
        )
        .collect()
}

/// The shapes that do not fit two pages: their charts alone take more.
pub const OVER: [&str; 2] = ["kf8-c6-b2-s4-a5-long", "kf8-c4-b3-s4-a8-long-dec-quote"];

/// Write the project of `shape` into `dir` (which must exist): `site.yaml`, one survey
/// and, with a quote, `content/quotes/`. No templates: the embedded theme is used.
pub fn write_project(dir: &Path, shape: &Shape) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join("data"))?;
    std::fs::write(
        dir.join("site.yaml"),
        "title: Matrice de mise en page\nbase_url: https://example.org/matrice/\n\
         language: fr\norganisation: Institut fictif\ndescription: Formes d'enquête générées.\n",
    )?;
    std::fs::write(dir.join("data/enquete.yaml"), survey_yaml(shape))?;
    if shape.quote {
        std::fs::create_dir_all(dir.join("content/quotes"))?;
        let text = if shape.long {
            "Ces chiffres fictifs servent à éprouver la mise en page : une citation longue, \
             sur plusieurs lignes, qui doit rester dans son cadre quelle que soit la forme \
             de l'enquête, sans déborder ni pousser le reste hors de la page."
        } else {
            "Des chiffres fictifs, pour éprouver la mise en page."
        };
        std::fs::write(
            dir.join("content/quotes/quotes.yaml"),
            format!(
                "- id: porte-parole\n  speaker: Camille Exemple\n  role: responsable des études\n  \
                 organisation: Institut fictif\n  text: \"{text}\"\n"
            ),
        )?;
    }
    Ok(())
}

fn segment_label(i: usize, long: bool) -> String {
    match (i, long) {
        (0, false) => "Ensemble".into(),
        (0, true) => "Ensemble des professionnels de santé interrogés".into(),
        (i, false) => format!("Groupe {i}"),
        (i, true) => format!("Professionnels exerçant en établissement, groupe {i}"),
    }
}

fn answer_label(q: usize, a: usize, long: bool) -> String {
    if long && a.is_multiple_of(2) {
        format!(
            "Réponse {} de la question {}, formulée longuement pour occuper plusieurs lignes",
            a + 1,
            q + 1
        )
    } else {
        format!("Réponse {}", a + 1)
    }
}

/// A value with one decimal or none.
fn value(v: f64, decimals: bool) -> String {
    if decimals {
        format!("{:.1}", v - 0.3)
    } else {
        format!("{}", v.round())
    }
}

fn survey_yaml(shape: &Shape) -> String {
    let mut y = String::new();
    let title = format!("Enquête fictive {}", shape.name());
    let _ = writeln!(
        y,
        "title: {title}\nedition: 2026\norganisation: Institut fictif"
    );
    y.push_str("published: 2026-03-10\n");
    y.push_str("fieldwork:\n  start: 2026-01-05\n  end: 2026-02-05\n");
    y.push_str("sample:\n  size: environ 1 500\n  population: professionnels de santé\n");
    if shape.long {
        y.push_str(
            "  source: recrutés par un panel fictif, à parts égales en ville et à l'hôpital, \
             sur tout le territoire\n  method: questionnaire en ligne\n",
        );
    }
    breakdowns(&mut y, shape);
    y.push_str("segments:\n");
    for s in 0..shape.segments {
        let _ = writeln!(
            y,
            "  - id: s{s}\n    label: {}",
            segment_label(s, shape.long)
        );
        if s == 0 {
            y.push_str("    base: 1500\n");
        }
    }
    // Enough questions for the charts, and for the key figures (one per answer).
    let questions = shape
        .charts
        .max(1)
        .max(shape.key_figures.div_ceil(shape.answers));
    y.push_str("questions:\n");
    for q in 0..questions {
        question(&mut y, shape, q);
    }
    y.push_str("infographic:\n  key_figures:\n");
    for k in 0..shape.key_figures {
        let (q, a) = (k % questions, k / questions);
        let caption = if shape.long {
            "des répondants donnent cette réponse fictive, dont la légende s'étend sur quatre \
             lignes pour éprouver la hauteur des cartes et l'alignement des chiffres"
        } else {
            "des répondants donnent cette réponse"
        };
        let _ = writeln!(y, "    - figure: q{q}.a{a}\n      caption: {caption}");
        if k % 3 == 2 && shape.segments > 1 {
            let _ = writeln!(y, "      segment: s{}", shape.segments - 1);
        }
    }
    let charts: Vec<String> = (0..shape.charts).map(|q| format!("q{q}")).collect();
    let _ = writeln!(y, "  charts: [{}]", charts.join(", "));
    if shape.quote {
        y.push_str("  quote: porte-parole\n");
    }
    y
}

fn breakdowns(y: &mut String, shape: &Shape) {
    if shape.breakdowns == 0 {
        return;
    }
    y.push_str("breakdowns:\n");
    for b in 0..shape.breakdowns {
        let label = if shape.long {
            format!("Répartition fictive numéro {} des répondants", b + 1)
        } else {
            format!("Répartition {}", b + 1)
        };
        let _ = writeln!(y, "  - id: b{b}\n    label: {label}\n    items:");
        let shares: &[f64] = match b % 3 {
            0 => &[50.0, 30.0, 20.0],
            1 => &[38.0, 35.0, 13.0, 8.0, 6.0],
            _ => &[60.0, 40.0],
        };
        for (i, v) in shares.iter().enumerate() {
            let _ = writeln!(y, "      - {{ label: catégorie {}, value: {v} }}", i + 1);
        }
    }
}

fn question(y: &mut String, shape: &Shape, q: usize) {
    let single = q.is_multiple_of(2);
    let wording = if shape.long {
        format!(
            "Question fictive {} dont l'intitulé est assez long pour tenir sur deux lignes",
            q + 1
        )
    } else {
        format!("Question {}", q + 1)
    };
    let kind = if single { "single" } else { "multiple" };
    let _ = writeln!(
        y,
        "  - id: q{q}\n    wording: {wording}\n    kind: {kind}\n    answers:"
    );
    let n = shape.answers;
    for a in 0..n {
        let v = if single {
            // Shares that add up to 90 at most: a remainder is left.
            (90.0 / n as f64).floor() - (a as f64 % 3.0)
        } else {
            80.0 - 8.0 * a as f64
        };
        // Segments differ; a single-choice question's total stays the same.
        let shift = |s: usize| match (single, a) {
            (false, _) | (true, 0) => s as f64,
            (true, 1) => -(s as f64),
            _ => 0.0,
        };
        let values: Vec<String> = (0..shape.segments)
            .map(|s| format!("s{s}: {}", value(v + shift(s), shape.decimals)))
            .collect();
        let _ = writeln!(
            y,
            "      - id: a{a}\n        label: {}\n        values: {{ {} }}",
            answer_label(q, a, shape.long),
            values.join(", ")
        );
    }
    if single {
        // A part of the first answer (`dont …`).
        let half = ((90.0 / n as f64).floor() / 2.0).floor();
        let values: Vec<String> = (0..shape.segments)
            .map(|s| format!("s{s}: {}", value(half + s as f64, shape.decimals)))
            .collect();
        let _ = writeln!(
            y,
            "      - id: a0-part\n        label: dont une partie\n        part_of: a0\n        \
             values: {{ {} }}",
            values.join(", ")
        );
    }
}
