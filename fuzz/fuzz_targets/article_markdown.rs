//! Fuzz front matter + Markdown commentary with the data helpers: any bytes as an article.
//! It must never panic, and nothing executable may survive into the HTML.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let labels: Vec<String> = (0..14).map(|i| format!("l{i}")).collect();
    let files = [
        ("site.yaml", common::SITE.to_string()),
        (
            "data/s.yaml",
            common::survey(&labels, &[50.0, 40.0, 30.0, 20.0, 10.0, 30.0, 20.0, 10.0]),
        ),
        ("content/quotes/q.yaml", common::quotes("a", "b")),
        ("content/articles/a.md", text),
    ];
    let (project, diags) = common::project(&files);
    if let Ok(prepared) = barograph::prepare_loaded(project, diags, Default::default()) {
        for body in &prepared.commentary.bodies {
            // Text may say "javascript:" (it is escaped); tags and attributes may not.
            let html = body
                .html
                .to_ascii_lowercase()
                .replace(['\t', '\n', '\r', ' '], "");
            assert!(!html.contains("<script"), "a script survived: {html}");
            for attr in [
                "href=\"javascript:",
                "src=\"javascript:",
                "href=\"data:",
                "src=\"data:",
            ] {
                assert!(!html.contains(attr), "a dangerous URL survived: {html}");
            }
            for handler in ["onerror=\"", "onload=\"", "onclick=\"", "onmouseover=\""] {
                assert!(!html.contains(handler), "an event handler survived: {html}");
            }
        }
    }
});
