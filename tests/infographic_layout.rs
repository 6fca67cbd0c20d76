//! The infographic lays out any survey shape: a matrix of generated shapes
//! (`examples/shapes/`: 1 to 8 key figures, 0 to 8 charts, 0 to 4 breakdowns, 1 to 4
//! segments, long labels, decimals, with and without a quote) is compiled as the build
//! does, and each layout is checked from Typst's own layout data (the kind, page,
//! position and size of every unit and card the template records):
//!
//! - one page, or two only when the content needs them, and then balanced;
//! - every box inside the page's text area, every key figure's value and caption
//!   inside its card;
//! - the cards of a row the same height, their figures on the same line;
//! - units in order, never overlapping; charts (and breakdowns) all the same width;
//! - every figure, chart and breakdown asked for is there.
//!
//! Shapes beyond capacity must fail the build with the "does not fit" error. To look at
//! them all: `cargo run --example contact_sheet -- target/contact-sheet.png`.

#[path = "../examples/shapes/mod.rs"]
mod shapes;

use barograph::render::pdf::layout::{Layout, LayoutBox};

const SLACK: f64 = 1.0;

fn check(name: &str, shape: &shapes::Shape, layout: &Layout) -> Vec<String> {
    let mut problems = Vec::new();
    let mut fail = |what: String| problems.push(format!("{name}: {what}"));
    let pages = layout.pages.len();
    if !(1..=2).contains(&pages) {
        fail(format!("{pages} pages"));
    }
    let Some(area) = layout.all("area").next() else {
        fail("no `area` record: the template records nothing".into());
        return problems;
    };
    for b in &layout.boxes {
        let inside = b.x >= area.x - SLACK
            && b.right() <= area.right() + SLACK
            && b.y >= area.y - SLACK
            && b.bottom() <= area.bottom() + SLACK;
        if b.kind != "area" && !inside {
            fail(format!(
                "{} {:?} leaves the text area",
                b.kind,
                (b.x, b.y, b.width, b.height)
            ));
        }
    }
    figures(layout, &mut fail);
    units(layout, area, &mut fail);
    let counts = [
        ("figure-card", shape.key_figures),
        ("chart", shape.charts),
        ("breakdown", shape.breakdowns),
    ];
    for (kind, want) in counts {
        let got = layout.all(kind).count();
        if got != want {
            fail(format!("{got} {kind} boxes, {want} asked for"));
        }
    }
    for kind in ["chart", "breakdown"] {
        let widths: Vec<f64> = layout.all(kind).map(|b| b.width).collect();
        if widths.iter().any(|w| (w - widths[0]).abs() > 0.5) {
            fail(format!("{kind}s of different widths: {widths:?}"));
        }
    }
    problems
}

/// Each card holds its value and caption; the cards of a row are as tall as each
/// other, and their values on one line.
fn figures(layout: &Layout, fail: &mut impl FnMut(String)) {
    let cards: Vec<&LayoutBox> = layout.all("figure-card").collect();
    for inner in layout
        .all("figure-value")
        .chain(layout.all("figure-caption"))
    {
        let card = cards.iter().find(|c| c.index == inner.index);
        match card {
            Some(c) if c.holds(inner, SLACK) => {}
            Some(_) => fail(format!(
                "{} of figure {:?} leaves its card",
                inner.kind, inner.index
            )),
            None => fail(format!(
                "{} of figure {:?} has no card",
                inner.kind, inner.index
            )),
        }
    }
    for card in &cards {
        let row = cards
            .iter()
            .filter(|c| c.page == card.page && (c.y - card.y).abs() < 0.5);
        for other in row {
            if (other.height - card.height).abs() > 0.5 {
                fail(format!(
                    "cards {:?} and {:?} differ in height",
                    card.index, other.index
                ));
            }
            let value = |c: &LayoutBox| {
                layout
                    .all("figure-value")
                    .find(|v| v.index == c.index)
                    .map(|v| v.y)
            };
            if let (Some(a), Some(b)) = (value(card), value(other))
                && (a - b).abs() > 0.5
            {
                fail(format!(
                    "figures {:?} and {:?} are not aligned ({a} / {b})",
                    card.index, other.index
                ));
            }
        }
    }
}

/// Units follow each other on their page; a second page only when they need it, and
/// then both pages hold some.
fn units(layout: &Layout, area: &LayoutBox, fail: &mut impl FnMut(String)) {
    let mut units: Vec<&LayoutBox> = layout.all("unit").collect();
    units.sort_by_key(|u| u.index);
    for pair in units.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a.page == b.page && a.bottom() > b.y + SLACK {
            fail(format!("units {:?} and {:?} overlap", a.index, b.index));
        }
        if b.page < a.page {
            fail(format!("unit {:?} comes back to an earlier page", b.index));
        }
    }
    if layout.pages.len() == 2 {
        let heights: f64 = units.iter().map(|u| u.height).sum();
        // With the tightest gap, 6 pt: the content would not fit one page.
        let needed = heights + 6.0 * (units.len().saturating_sub(1)) as f64;
        if needed <= area.height {
            fail(format!(
                "two pages for {needed:.0} pt of units on a {:.0} pt page",
                area.height
            ));
        }
        let on = |p: usize| units.iter().filter(|u| u.page == p).count();
        if on(1) < 2 || on(2) < 1 {
            fail(format!("unbalanced pages: {} units then {}", on(1), on(2)));
        }
    }
}

#[test]
fn every_shape_of_the_matrix_lays_out() {
    let scratch = tempfile::tempdir().unwrap();
    let mut problems = Vec::new();
    let mut pages = std::collections::BTreeMap::new();
    for shape in shapes::matrix().iter().filter(|s| s.fits) {
        let name = shape.name();
        let dir = scratch.path().join(&name);
        shapes::write_project(&dir, shape).unwrap();
        let layouts = match barograph::infographic_layouts(&dir, false) {
            Ok(l) => l,
            Err(f) => {
                problems.push(format!("{name}: {}", f.diagnostics));
                continue;
            }
        };
        assert_eq!(layouts.len(), 1, "{name}");
        let layout = &layouts[0].layout;
        *pages.entry(layout.pages.len()).or_insert(0) += 1;
        problems.extend(check(&name, shape, layout));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The matrix holds both one-page and two-page shapes.
    assert!(pages.get(&1).is_some_and(|&n| n > 3), "{pages:?}");
    assert!(pages.get(&2).is_some_and(|&n| n > 3), "{pages:?}");
}

#[test]
fn shapes_beyond_capacity_fail_with_a_clear_error() {
    let scratch = tempfile::tempdir().unwrap();
    for shape in shapes::matrix().iter().filter(|s| !s.fits) {
        let dir = scratch.path().join(shape.name());
        shapes::write_project(&dir, shape).unwrap();
        let opts = barograph::BuildOptions {
            root: dir.clone(),
            output: scratch.path().join("out"),
            base_url: None,
            publish: Default::default(),
        };
        let failure = barograph::build(&opts).expect_err("the build fails");
        let text = failure.diagnostics.to_string();
        assert!(
            text.contains("does not fit on 2 pages") && text.contains("choose fewer charts"),
            "{text}"
        );
    }
}

#[test]
fn the_checks_see_a_caption_out_of_its_card_and_misaligned_figures() {
    let scratch = tempfile::tempdir().unwrap();
    let shape = shapes::matrix()[3];
    let dir = scratch.path().join("one");
    shapes::write_project(&dir, &shape).unwrap();
    let mut layout = barograph::infographic_layouts(&dir, false).unwrap()[0]
        .layout
        .clone();
    assert!(check("as made", &shape, &layout).is_empty());
    let caption = layout
        .boxes
        .iter_mut()
        .find(|b| b.kind == "figure-caption")
        .unwrap();
    caption.height += 40.0;
    let value = layout
        .boxes
        .iter_mut()
        .find(|b| b.kind == "figure-value")
        .unwrap();
    value.y += 3.0;
    let problems = check("broken", &shape, &layout).join("\n");
    assert!(problems.contains("leaves its card"), "{problems}");
    assert!(problems.contains("not aligned"), "{problems}");
}
