//! Reading the documents the docs test checks: `docs/*.md` and `README.md`, their
//! fenced blocks with the `<!-- docs-test: … -->` marker before each, their inline
//! code spans, and what a marker may say.

use std::fs;

use crate::common;

/// A fenced block of a document.
#[derive(Debug, Clone)]
pub struct Block {
    /// `docs/commentary.md`.
    pub doc: String,
    /// The line of its opening fence.
    pub line: usize,
    /// `yaml`, `markdown`, `console`… (empty when none).
    pub lang: String,
    /// Its lines.
    pub body: String,
    /// What the `<!-- docs-test: … -->` comment right before it says, if any.
    pub marker: Option<String>,
}

impl Block {
    pub fn at(&self) -> String {
        format!("{}:{}", self.doc, self.line)
    }

    pub fn skipped(&self) -> bool {
        self.marker
            .as_deref()
            .is_some_and(|m| m.starts_with("skip"))
    }
}

/// The documents, `docs/*.md` then `README.md`: (path, text).
pub fn documents() -> Vec<(String, String)> {
    let root = common::repo_root();
    let mut names: Vec<String> = fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|e| format!("docs/{}", e.unwrap().file_name().to_string_lossy()))
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    names.push("README.md".into());
    let read = |n: &String| fs::read_to_string(root.join(n)).unwrap();
    names.iter().map(|n| (n.clone(), read(n))).collect()
}

/// The fenced blocks of `text`.
pub fn blocks(doc: &str, text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(lang) = lines[i].strip_prefix("```") else {
            i += 1;
            continue;
        };
        let end = (i + 1..lines.len())
            .find(|&j| lines[j].starts_with("```"))
            .unwrap_or_else(|| panic!("{doc}:{}: a fence is not closed", i + 1));
        out.push(Block {
            doc: doc.to_string(),
            line: i + 1,
            lang: lang.trim().to_string(),
            body: lines[i + 1..end].iter().map(|l| format!("{l}\n")).collect(),
            marker: i.checked_sub(1).and_then(|p| marker(lines[p])),
        });
        i = end + 1;
    }
    out
}

/// What a `<!-- docs-test: … -->` line says.
pub fn marker(line: &str) -> Option<String> {
    let inner = line.trim().strip_prefix("<!-- docs-test:")?;
    Some(inner.strip_suffix("-->")?.trim().to_string())
}

/// The inline code spans of `text`, outside fenced blocks: (line, code).
pub fn spans(text: &str) -> Vec<(usize, String)> {
    let mut prose = String::new();
    let mut fenced = false;
    for line in text.lines() {
        fenced ^= line.starts_with("```");
        if !fenced && !line.starts_with("```") {
            prose.push_str(line);
        }
        prose.push('\n');
    }
    let ticks = |from: usize| prose[from..].bytes().take_while(|&b| b == b'`').count();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(start) = prose[i..].find('`').map(|o| i + o) {
        let n = ticks(start);
        let open = start + n;
        // The span ends at the next run of as many backticks.
        let mut j = open;
        let close = loop {
            let Some(k) = prose[j..].find('`').map(|o| j + o) else {
                break None;
            };
            if ticks(k) == n {
                break Some(k);
            }
            j = k + ticks(k);
        };
        let Some(close) = close else {
            i = open;
            continue;
        };
        let line = prose[..start].matches('\n').count() + 1;
        out.push((
            line,
            prose[open..close].replace('\n', " ").trim().to_string(),
        ));
        i = close + n;
    }
    out
}

/// What is wrong with a marker before a block of kind `lang`, if anything.
pub fn marker_problem(marker: &str, lang: &str) -> Option<String> {
    let fits = match marker.split_whitespace().next() {
        Some("skip") => true,
        Some("project") => lang == "console",
        Some("article") => lang == "markdown",
        _ => return Some(format!("unknown marker `{marker}`")),
    };
    (!fits).then(|| format!("marker `{marker}` does not go with a ```{lang} block"))
}
