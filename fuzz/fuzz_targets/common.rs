//! Shared by the fuzz targets: an in-memory project around fuzzed pieces.
// Each target includes this file and uses only some of its helpers.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const SITE: &str =
    "title: Fuzz\nbase_url: https://example.org/\nlanguage: fr\norganisation: Org\n";

/// Split fuzz input into strings at 0xFF bytes (never valid UTF-8, so a natural separator).
pub fn parts(data: &[u8], n: usize) -> Vec<String> {
    let mut out: Vec<String> = data
        .split(|&b| b == 0xff)
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect();
    out.resize(n.max(out.len()), String::new());
    out
}

/// A YAML double-quoted string (JSON strings are valid YAML).
pub fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// A survey whose title, segment and answer labels and question wording come from `s`,
/// with values from `v`.
pub fn survey(s: &[String], v: &[f64]) -> String {
    let val = |i: usize| v.get(i).copied().unwrap_or(10.0).abs() % 100.0;
    format!(
        "title: {}\nedition: 2026\norganisation: {}\nfieldwork: {{ start: 2026-01-01, end: 2026-01-31 }}\nsample: {{ size: 100, population: {}, method: web }}\nbreakdowns:\n  - id: b\n    label: {}\n    partial: true\n    items:\n      - {{ label: {}, value: {} }}\nsegments:\n  - {{ id: all, label: {}, base: 100 }}\n  - {{ id: sub, label: {}, base: 50 }}\nquestions:\n  - id: q\n    wording: {}\n    kind: multiple\n    answers:\n      - {{ id: a, label: {}, values: {{ all: {}, sub: {} }} }}\n      - {{ id: b, label: {}, values: {{ all: {}, sub: {} }} }}\n  - id: s\n    wording: {}\n    kind: single\n    answers:\n      - {{ id: a, label: {}, values: {{ all: {}, sub: {} }} }}\n      - {{ id: b, label: {}, values: {{ all: {} }} }}\ninfographic:\n  key_figures:\n    - {{ figure: q.a, caption: {} }}\n  charts: [q, s]\n  quote: z\n",
        q(&s[0]),
        q(&s[1]),
        q(&s[2]),
        q(&s[3]),
        q(&s[4]),
        val(0),
        q(&s[5]),
        q(&s[6]),
        q(&s[7]),
        q(&s[8]),
        val(1),
        val(2),
        q(&s[9]),
        val(3),
        val(4),
        q(&s[10]),
        q(&s[11]),
        val(5) / 2.0,
        val(6) / 2.0,
        q(&s[12]),
        val(7) / 2.0,
        q(&s[13]),
    )
}

/// A quote file with one quote `z` whose words come from `text`.
pub fn quotes(speaker: &str, text: &str) -> String {
    format!(
        "- id: z\n  speaker: {}\n  role: {}\n  text: {}\n",
        q(&format!("S{speaker}")),
        q("r"),
        q(&format!("x{text}"))
    )
}

pub fn project(
    files: &[(&str, String)],
) -> (
    barograph::load::Project,
    barograph::diagnostics::Diagnostics,
) {
    let map: BTreeMap<PathBuf, String> = files
        .iter()
        .map(|(p, t)| (PathBuf::from(p), t.clone()))
        .collect();
    barograph::load::load_from_memory(Path::new("/nonexistent-fuzz-root"), map)
}
