//! The infographic's layout as Typst made it: the kind, page, position and size of each
//! unit and card the template records (`probe` in `templates/infographic.typ`, read
//! back from the `<barograph-layout>` metadata), and the passes that balance a
//! document that needs two pages.
//!
//! A template without records (a project's own) has an empty layout: it is still
//! checked for its page count and for text off the page ([`super::fits`]).

use serde::{Deserialize, Serialize};
use typst::foundations::{Label, Value};
use typst::introspection::{Introspector, MetadataElem};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

/// The size of a page, in pt.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PageSize {
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// A box the template recorded: what it is, where and how large (pt, from the page's
/// top-left corner; pages from 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayoutBox {
    /// `header`, `key-figures`, `figure-card`, `figure-value`, `figure-caption`,
    /// `chart-row`, `chart`, `quote`, `methodology`, `breakdown-row`, `breakdown`,
    /// `source`; `unit` (a unit of the page's column, whatever it holds); `area` (the
    /// text area of a page, with the gap between units).
    pub kind: String,
    /// Page, from 1.
    pub page: usize,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    #[serde(default, rename = "w")]
    pub width: f64,
    /// Height.
    #[serde(default, rename = "h")]
    pub height: f64,
    /// The position of a card among its siblings, or of a unit in the column.
    #[serde(default)]
    pub index: Option<usize>,
    /// The chart or breakdown's id.
    #[serde(default)]
    pub id: Option<String>,
    /// For the `area` record (the page's text area): the gap between two units.
    #[serde(default)]
    pub gap: Option<f64>,
}

impl LayoutBox {
    /// Bottom edge.
    pub fn bottom(&self) -> f64 {
        self.y + self.height
    }
    /// Right edge.
    pub fn right(&self) -> f64 {
        self.x + self.width
    }
    /// True if `inner` lies inside this box (on the same page), give or take `slack` pt.
    pub fn holds(&self, inner: &LayoutBox, slack: f64) -> bool {
        self.page == inner.page
            && inner.x >= self.x - slack
            && inner.y >= self.y - slack
            && inner.right() <= self.right() + slack
            && inner.bottom() <= self.bottom() + slack
    }
}

/// The laid-out document: its pages and the boxes the template recorded.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Layout {
    /// Page sizes, in order.
    pub pages: Vec<PageSize>,
    /// Recorded boxes, in document order.
    pub boxes: Vec<LayoutBox>,
}

/// The record the template writes at its end.
#[derive(Deserialize)]
struct Records {
    boxes: Vec<LayoutBox>,
}

impl Layout {
    /// The layout of `document`.
    pub fn of(document: &PagedDocument) -> Layout {
        let pages = document
            .pages()
            .iter()
            .map(|p| PageSize {
                width: p.frame.width().to_pt(),
                height: p.frame.height().to_pt(),
            })
            .collect();
        let boxes = Label::new(PicoStr::intern("barograph-layout"))
            .and_then(|label| document.introspector().query_label(label).ok())
            .and_then(|content| content.to_packed::<MetadataElem>())
            .and_then(|meta| records(&meta.value))
            .unwrap_or_default();
        Layout { pages, boxes }
    }

    /// The boxes of kind `kind`.
    pub fn all<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a LayoutBox> + 'a {
        self.boxes.iter().filter(move |b| b.kind == kind)
    }
}

fn records(value: &Value) -> Option<Vec<LayoutBox>> {
    let json = serde_json::to_value(value).ok()?;
    serde_json::from_value::<Records>(json)
        .ok()
        .map(|r| r.boxes)
}

/// How the template is asked to lay the page out: `/data.json`'s `layout`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pass {
    /// Tighter spacing.
    pub compact: bool,
    /// A page break before this unit.
    pub break_before: Option<usize>,
}

/// `/data.json` with `layout` set for `pass`; `None` if it is not a JSON object.
pub fn with_pass(json: &[u8], pass: Pass) -> Option<Vec<u8>> {
    let mut value: serde_json::Value = serde_json::from_slice(json).ok()?;
    let layout = serde_json::json!({
        "compact": pass.compact,
        "break_before": pass.break_before,
    });
    value.as_object_mut()?.insert("layout".into(), layout);
    serde_json::to_vec(&value).ok()
}

impl Layout {
    /// The heights of the units of the page's column, in order, and the room a page
    /// has for them with the gap between two; `None` without the template's records.
    pub fn units(&self) -> Option<(Vec<f64>, f64, f64)> {
        let area = self.all("area").next()?;
        let mut units: Vec<(usize, f64)> = self
            .all("unit")
            .filter_map(|b| Some((b.index?, b.height)))
            .collect();
        units.sort_by_key(|(i, _)| *i);
        let gap = area.gap.unwrap_or(0.0);
        Some((
            units.into_iter().map(|(_, h)| h).collect(),
            area.height,
            gap,
        ))
    }
}

/// Where to break a column of units of `heights` into two pages of `room` pt (with
/// `gap` between units): the split that leaves the fuller page least full, or a later
/// one (more on page 1) that leaves it fuller by a tenth of a page at most; `None` if no
/// split fits both pages.
pub fn even_split(heights: &[f64], room: f64, gap: f64) -> Option<usize> {
    let used = |part: &[f64]| part.iter().sum::<f64>() + gap * part.len().saturating_sub(1) as f64;
    let fitting: Vec<(usize, f64)> = (1..heights.len())
        .map(|k| (k, used(&heights[..k]), used(&heights[k..])))
        .filter(|&(_, a, b)| a <= room && b <= room)
        .map(|(k, a, b)| (k, a.max(b)))
        .collect();
    let best = fitting.iter().map(|&(_, m)| m).min_by(f64::total_cmp)?;
    fitting
        .iter()
        .rev()
        .find(|&&(_, m)| m <= best + room / 10.0)
        .map(|&(k, _)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(kind: &str, page: usize, y: f64, h: f64) -> LayoutBox {
        LayoutBox {
            kind: kind.into(),
            page,
            x: 10.0,
            y,
            width: 100.0,
            height: h,
            index: None,
            id: None,
            gap: None,
        }
    }

    #[test]
    fn a_box_holds_what_lies_inside_it_on_its_page() {
        let card = b("figure-card", 1, 100.0, 50.0);
        assert!(card.holds(&b("figure-caption", 1, 120.0, 30.0), 0.0));
        assert!(!card.holds(&b("figure-caption", 1, 120.0, 31.0), 0.0));
        assert!(card.holds(&b("figure-caption", 1, 120.0, 31.0), 1.0));
        assert!(!card.holds(&b("figure-caption", 2, 120.0, 30.0), 0.0));
    }

    #[test]
    fn a_pass_is_written_into_the_data() {
        let pass = Pass {
            compact: true,
            break_before: Some(3),
        };
        let json = with_pass(br#"{"survey": 1}"#, pass).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(v["layout"]["break_before"], 3);
        assert_eq!(v["layout"]["compact"], true);
        assert_eq!(v["survey"], 1);
        assert!(with_pass(b"[1]", pass).is_none());
    }

    #[test]
    fn the_even_split_leaves_the_fuller_page_least_full() {
        // 100 + 10 + 300 = 410 | 200 + 10 + 150 = 360: the fuller page holds 410; the
        // later split (620 | 150) does not fit.
        assert_eq!(
            even_split(&[100.0, 300.0, 200.0, 150.0], 500.0, 10.0),
            Some(2)
        );
        // 100 | 450 (the fullest page 450) against 300 | 250: the second.
        assert_eq!(even_split(&[100.0, 190.0, 250.0], 500.0, 10.0), Some(2));
        // A later split fuller by less than a tenth of a page wins: 120 | 460 against
        // 480 | 100, the results on page 1.
        assert_eq!(even_split(&[120.0, 350.0, 100.0], 500.0, 10.0), Some(2));
        // One unit too tall for a page: no split fits.
        assert_eq!(even_split(&[600.0, 10.0], 500.0, 10.0), None);
        assert_eq!(even_split(&[100.0], 500.0, 10.0), None);
        // Three pages' worth: no split into two fits.
        assert_eq!(even_split(&[400.0, 400.0, 400.0], 500.0, 10.0), None);
    }
}
