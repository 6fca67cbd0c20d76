//! Checks on the laid-out document, from Typst's own layout data: it takes no more
//! pages than allowed, no text runs off a page (text Typst could not break, such as a
//! very long line in a box, is otherwise cut silently at the page's edge), and no box
//! the template records leaves the page or its card ([`super::layout`]).

use typst::layout::{Abs, Frame, FrameItem, Point, Transform};
use typst_layout::PagedDocument;

use crate::diagnostics::Diagnostic;

use super::PdfJob;

/// How far text may reach past the page's edge (an italic overhang, a descender), in pt.
const TOLERANCE_PT: f64 = 1.0;

/// An error if `document` breaks the limits of `job`.
pub fn check(document: &PagedDocument, job: &PdfJob) -> Result<(), Diagnostic> {
    let Some(max) = job.max_pages else {
        return Ok(());
    };
    let name = job.ident.rsplit('/').next().unwrap_or(&job.ident);
    let pages = document.pages().len();
    let hint = "shorten the quote, the captions, the labels or the sample's description, or \
                choose fewer charts under `infographic: charts:` (`barograph help infographic` gives \
                its capacity)";
    if pages > max {
        return Err(Diagnostic::error(format!(
            "the {} of `{name}` does not fit on {max} pages (it takes {pages})",
            job.what
        ))
        .with_hint(hint));
    }
    if let Some(what) = overflow(&super::layout::Layout::of(document)) {
        return Err(Diagnostic::error(format!(
            "the {} of `{name}` does not fit: {what}",
            job.what
        ))
        .with_hint(hint));
    }
    for (i, page) in document.pages().iter().enumerate() {
        let size = page.frame.size();
        let mut found = None;
        off_page(
            &page.frame,
            Transform::identity(),
            size.x,
            size.y,
            &mut found,
        );
        if let Some(text) = found {
            let words: String = text.chars().take(40).collect();
            return Err(Diagnostic::error(format!(
                "the {} of `{name}` does not fit: text runs off page {} (`{}…`)",
                job.what,
                i + 1,
                words.trim()
            ))
            .with_hint(hint));
        }
    }
    Ok(())
}

/// What leaves its place in `layout`, if anything: a box off its page, or the value or
/// caption of a key figure off its card.
pub fn overflow(layout: &super::layout::Layout) -> Option<String> {
    let slack = TOLERANCE_PT;
    for b in &layout.boxes {
        let Some(page) = b.page.checked_sub(1).and_then(|i| layout.pages.get(i)) else {
            continue;
        };
        let off = b.x < -slack
            || b.y < -slack
            || b.right() > page.width + slack
            || b.bottom() > page.height + slack;
        if off {
            return Some(format!("its {} runs off page {}", b.kind, b.page));
        }
    }
    for inner in layout
        .boxes
        .iter()
        .filter(|b| b.kind == "figure-value" || b.kind == "figure-caption")
    {
        let card = layout
            .all("figure-card")
            .find(|c| c.index == inner.index && c.page == inner.page);
        if card.is_some_and(|c| !c.holds(inner, slack)) {
            let n = inner.index.map_or(0, |i| i + 1);
            return Some(format!(
                "key figure {n} runs out of its card ({})",
                inner.kind
            ));
        }
    }
    None
}

/// The first text of `frame` (placed by `ts`) that reaches outside a `width` × `height`
/// page, into `found`.
fn off_page(frame: &Frame, ts: Transform, width: Abs, height: Abs, found: &mut Option<String>) {
    let tolerance = Abs::pt(TOLERANCE_PT);
    for (pos, item) in frame.items() {
        if found.is_some() {
            return;
        }
        match item {
            FrameItem::Group(group) => {
                let inner = ts
                    .pre_concat(Transform::translate(pos.x, pos.y))
                    .pre_concat(group.transform);
                off_page(&group.frame, inner, width, height, found);
            }
            FrameItem::Text(text) => {
                let start = Point::new(pos.x, pos.y - text.size * 0.8).transform(ts);
                let end = Point::new(pos.x + text.width(), pos.y + text.size * 0.2).transform(ts);
                let (left, right) = (start.x.min(end.x), start.x.max(end.x));
                let (top, bottom) = (start.y.min(end.y), start.y.max(end.y));
                let outside = left < -tolerance
                    || top < -tolerance
                    || right > width + tolerance
                    || bottom > height + tolerance;
                if outside {
                    *found = Some(text.text.to_string());
                }
            }
            _ => {}
        }
    }
}
