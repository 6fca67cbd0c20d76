//! An English site uses English punctuation on every page: no space before `:`, `;`,
//! `?`, `!` or `%`, no French guillemets, whatever the templates add around the data.

mod common;

use std::fs;

use common::*;

#[test]
fn english_pages_use_english_punctuation_throughout() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build(&fixture("valid/english"), &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        pages += 1;
        let html = fs::read_to_string(entry.path()).unwrap();
        // The text between tags (attributes and scripts hold no prose to check).
        let text: String = html
            .split('<')
            .filter_map(|part| part.split_once('>').map(|(_, t)| t))
            .collect::<Vec<_>>()
            .join("\u{1}");
        for bad in [
            " :",
            "\u{a0}:",
            "\u{202f}:",
            "\u{202f};",
            "\u{202f}?",
            "\u{202f}!",
            "\u{202f}%",
            "«",
            "»",
        ] {
            if let Some(at) = text.find(bad) {
                let start = text[..at]
                    .char_indices()
                    .rev()
                    .nth(40)
                    .map_or(0, |(i, _)| i);
                panic!(
                    "{}: {bad:?} in …{}…",
                    entry.path().display(),
                    &text[start..(at + bad.len()).min(text.len())]
                );
            }
        }
    }
    assert!(pages >= 8, "{pages} pages");
}
