//! Tests that every text of every chart fits: readable on what it sits on, inside the
//! canvas, clear of the bars and of every other text and marker, at every width drawn,
//! on the example, the fixture projects' surveys and with hostile labels.

use std::collections::BTreeMap;

use super::content::{self, Words};
use super::layout::{self, Anchor, Mark};
use super::palette::{BACKGROUND, MIN_TEXT_CONTRAST, Rgb, contrast};
use super::tests::{all_charts, example, question};
use super::text::{ELLIPSIS, Measure};
use super::*;
use crate::resolve::RSurvey;
use crate::text::escape as escape_xml;

/// The marks of every chart of `survey`, laid out again from their content, at the
/// widths the site (640 px) and the infographic (440 and 320 px) draw.
fn all_marks(survey: &RSurvey) -> Vec<(String, i32, Vec<Mark>)> {
    let ui = BTreeMap::new();
    let words = Words {
        palette: super::palette::Palette::default(),
        locale: Locale::Fr,
        ui: &ui,
    };
    let mut out = Vec::new();
    for width in [layout::WIDTH, 440, 340, layout::MIN_WIDTH] {
        for q in &survey.questions {
            for kind in [ChartKind::Bars, ChartKind::Grouped, ChartKind::Stacked] {
                let mut content = match kind {
                    ChartKind::Bars => content::ranked(survey, q, &words),
                    ChartKind::Grouped => content::grouped(survey, q, &words),
                    ChartKind::Stacked => content::stacked(survey, q, &words),
                };
                content.plot.width = width;
                let id = format!("{}/{kind:?}@{width}", q.id);
                out.push((id, width, layout::layout(&content.plot).marks));
            }
        }
        for b in &survey.breakdowns {
            let (_, mut content) = content::breakdown(b, &words);
            content.plot.width = width;
            let id = format!("{}@{width}", b.id);
            out.push((id, width, layout::layout(&content.plot).marks));
        }
    }
    out
}

/// The box a text or marker covers: left, top, right, bottom.
type Box4 = (f64, f64, f64, f64);

fn overlap(a: Box4, b: Box4) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Every text of every chart of `survey` is readable on what it sits on, inside the
/// canvas, clear of the bars (row labels) or inside its segment (stacked values), and
/// no two texts or markers overlap.
fn assert_texts_fit(survey: &RSurvey) {
    let mut m = Measure::new();
    for (id, width, marks) in all_marks(survey) {
        let rects: Vec<(i32, i32, i32, i32, Rgb)> = marks
            .iter()
            .filter_map(|mk| match mk {
                Mark::Rect { x, y, w, h, fill } => Some((*x, *y, *w, *h, *fill)),
                _ => None,
            })
            .collect();
        let bars: Vec<_> = rects.iter().filter(|r| r.2 >= 2 && r.3 >= 16).collect();
        let bars_start = bars.iter().map(|r| r.0).min().unwrap_or(width);
        let bars_top = bars.iter().map(|r| r.1).min().unwrap_or(0);
        let bars_bottom = bars.iter().map(|r| r.1 + r.3).max().unwrap_or(0);
        let mut boxes: Vec<(String, Box4)> = Vec::new();
        for mark in &marks {
            if let Mark::Shape {
                cx,
                cy,
                size,
                fill,
                on,
                ..
            } = mark
            {
                let ratio = contrast(*fill, *on);
                assert!(ratio >= 3.0, "marker in {id}: {ratio:.2}");
                let (cx, cy, r) = (f64::from(*cx), f64::from(*cy), f64::from(*size) / 2.0);
                boxes.push((format!("marker in {id}"), (cx - r, cy - r, cx + r, cy + r)));
                continue;
            }
            let Mark::Text {
                x,
                y,
                text,
                font,
                colour,
                on,
                anchor,
            } = mark
            else {
                continue;
            };
            let ratio = contrast(*colour, *on);
            assert!(ratio >= MIN_TEXT_CONTRAST, "{text:?} in {id}: {ratio:.2}");
            let w = m.width(text, *font);
            let (x, y) = (f64::from(*x), *y);
            let (left, right) = match anchor {
                Anchor::Start => (x, x + w),
                Anchor::Middle => (x - w / 2.0, x + w / 2.0),
            };
            assert!(left >= 0.0 && right <= f64::from(width), "{text:?} in {id}");
            let half = font.size * 0.6;
            let y0 = f64::from(y);
            boxes.push((
                format!("{text:?} in {id}"),
                (left, y0 - half, right, y0 + half),
            ));
            if *on != BACKGROUND {
                let inside = rects.iter().any(|&(rx, ry, rw, rh, fill)| {
                    fill == *on
                        && f64::from(rx) <= left
                        && right <= f64::from(rx + rw)
                        && (ry..=ry + rh).contains(&y)
                });
                assert!(inside, "{text:?} in {id} is not inside its segment");
            } else if left < f64::from(bars_start) && (bars_top..=bars_bottom).contains(&y) {
                assert!(
                    right < f64::from(bars_start),
                    "{text:?} in {id} runs into the bars"
                );
            }
        }
        for (i, (a, ba)) in boxes.iter().enumerate() {
            for (b, bb) in &boxes[i + 1..] {
                assert!(!overlap(*ba, *bb), "{a} overlaps {b}: {ba:?} {bb:?}");
            }
        }
    }
}

#[test]
fn every_text_is_readable_and_fits() {
    let (survey, _) = example();
    assert_texts_fit(&survey);
    for label in [
        "<&>\"'",
        &"x".repeat(10_000),
        &"Réponse longue ".repeat(40),
        "👩‍💻 ✨",
    ] {
        assert_texts_fit(&hostile(&survey, label));
    }
}

/// The fixture projects' surveys (`tests/fixtures/valid/*`): other shapes than the
/// example's (approximate bases, subgroups, counts, unpublished values, four segments).
#[test]
fn every_text_fits_in_the_charts_of_every_fixture_survey() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let mut surveys = 0;
    let projects = walkdir::WalkDir::new(&dir)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name();
    for project in projects.into_iter().flatten() {
        let (project, diags) = crate::load::load(project.path());
        assert!(!diags.has_errors(), "{diags}");
        let resolved = crate::resolve::resolve(&project).unwrap_or_else(|d| panic!("{d}"));
        for survey in resolved.surveys.values() {
            assert_texts_fit(survey);
            surveys += 1;
        }
    }
    assert!(surveys >= 4, "only {surveys} fixture surveys found");
}

/// The survey with every label, wording and segment name replaced by `label`.
fn hostile(survey: &RSurvey, label: &str) -> RSurvey {
    let mut s = survey.clone();
    for q in &mut s.questions {
        q.wording = format!("{label} ?");
        for a in &mut q.answers {
            a.label = label.to_string();
        }
    }
    for g in &mut s.segments {
        g.label = label.to_string();
    }
    for b in &mut s.breakdowns {
        b.label = label.to_string();
        for i in &mut b.items {
            i.label = label.to_string();
        }
    }
    s
}

#[test]
fn hostile_labels_give_valid_svg() {
    let (survey, ui) = example();
    let long_word = "x".repeat(10_000);
    let labels = [
        "<script>alert(1)</script> & \"quotes\" 'apos' ]]> <!-- -->".to_string(),
        "control\u{0}\u{1}\u{8}\u{b}\u{c}\u{1b}\u{7f}\u{85}\u{fffe}\u{ffff}chars\nnew\r\nline\ttab"
            .to_string(),
        long_word.clone(),
        "שלום עולם مرحبا بالعالم — texte mêlé".to_string(),
        "👩‍👩‍👧‍👦 famille 🏳️‍🌈 👍🏽 e\u{301} ".repeat(30),
        String::new(),
    ];
    for label in &labels {
        let s = hostile(&survey, label);
        for chart in all_charts(&s, &ui, Locale::Fr) {
            let doc = roxmltree::Document::parse(&chart.svg)
                .unwrap_or_else(|e| panic!("{label:?}: {e}\n{}", chart.svg));
            assert_eq!(doc.root_element().tag_name().name(), "svg");
            assert!(
                !chart.svg.contains("<script"),
                "raw <script in {}",
                chart.id
            );
            let drawn =
                chart.svg.len() - escape_xml(&chart.alt).len() - escape_xml(&chart.title).len();
            assert!(
                drawn < 20_000,
                "{drawn} bytes besides the title and alt text"
            );
            for node in doc.descendants().filter(|n| n.has_tag_name("text")) {
                let text = node.text().unwrap_or("").trim();
                assert!(text.chars().count() < 200, "untruncated: {text}");
            }
            let clean_label = clean(label);
            if !clean_label.is_empty() && chart.kind == ChartKind::Bars {
                assert!(chart.alt.contains(&clean_label), "alt keeps the full label");
                assert!(chart.table.rows.iter().all(|r| r.label == clean_label));
            }
        }
    }
    let s = hostile(&survey, &long_word);
    let chart = question_chart(&s, question(&s, "freins"), ChartKind::Bars, Locale::Fr, &ui);
    assert!(chart.svg.contains(ELLIPSIS), "long label truncated");
}
