//! Standalone pages (`content/pages/*.md`: legal notices, "about"): one page each at
//! `<slug>/`, linked from every page's footer.

use std::path::PathBuf;

use minijinja::context;
use minijinja::value::{Serde, Value};

use crate::render::Input;
use crate::resolve::Resolved;

use super::pages::{Content, Page, crumbs};

/// The page of every standalone page.
pub(super) fn pages(r: &Resolved) -> Vec<Page> {
    r.pages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let path = format!("{}/", p.slug);
            let mut page = Page::new(
                "page.html",
                PathBuf::from(&path).join("index.html"),
                format!("{} — {}", p.title, r.config.title),
                p.summary.clone(),
            );
            page.content = Content::Standalone(i);
            page.breadcrumbs = crumbs(r, &[(&p.title, &path)]);
            page
        })
        .collect()
}

/// The variables of standalone page `index`.
pub(super) fn context(input: Input, index: usize) -> Value {
    let r = input.resolved;
    let Some(p) = r.pages.get(index) else {
        return context! {};
    };
    let body = input.commentary.pages.get(index);
    context! {
        standalone => Serde(p),
        body_html => body.map(|b| Value::from_safe_string(b.html.clone())),
    }
}
