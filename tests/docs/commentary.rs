//! The commentary the docs show (```markdown blocks and inline `{{ … }}` calls) as
//! articles of the example, and the helpers and keywords of docs/commentary.md's
//! table next to the ones the binary says it knows.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use crate::common;
use crate::documents::{blocks, documents, spans};
use crate::project::{example, problems_but};

/// A piece of commentary the docs show: where, and its text.
#[derive(Debug, Clone)]
pub struct Example {
    /// `docs/commentary.md:121`.
    pub at: String,
    pub text: String,
}

/// Inline code that is a template example: it starts with a tag that calls a helper or
/// reads an attribute, not a placeholder such as `{{ … }}` or `{% set %}`.
fn is_template_example(code: &str) -> bool {
    let (rest, close) = match code.strip_prefix("{{") {
        Some(rest) => (rest, "}}"),
        None => match code.strip_prefix("{%") {
            Some(rest) => (rest, "%}"),
            None => return false,
        },
    };
    let inner = rest.find(close).map_or("", |end| &rest[..end]);
    inner.contains('(') || inner.contains('.')
}

/// Every piece of commentary the docs show (docs/templates.md is about the theme's
/// templates, not the commentary).
pub fn commentary_examples() -> Vec<Example> {
    let mut out = Vec::new();
    for (doc, text) in documents() {
        if doc == "docs/templates.md" {
            continue;
        }
        for b in blocks(&doc, &text) {
            if b.lang == "markdown" && b.marker.is_none() {
                out.push(Example {
                    at: b.at(),
                    text: b.body.clone(),
                });
            }
        }
        for (line, code) in spans(&text) {
            if is_template_example(&code) {
                out.push(Example {
                    at: format!("{doc}:{line}"),
                    text: format!("{code}\n"),
                });
            }
        }
    }
    out
}

/// The `slug:` of a whole article.
fn slug_of(article: &str) -> Option<&str> {
    article
        .lines()
        .find_map(|l| l.strip_prefix("slug:"))
        .map(str::trim)
}

/// Write `examples` as articles of the example at `root`, named after where the docs
/// show them (`content/articles/commentary-121-4.md`).
fn write_articles(root: &Path, examples: &[Example]) {
    let articles = root.join("content/articles");
    for (i, ex) in examples.iter().enumerate() {
        let place = ex
            .at
            .trim_start_matches("docs/")
            .replace(".md:", "-")
            .to_lowercase();
        let name = format!("{place}-{i}");
        let text = if ex.text.starts_with("---\n") {
            // A whole article: it replaces the example's article with its slug.
            for entry in fs::read_dir(&articles).unwrap() {
                let path = entry.unwrap().path();
                let other = fs::read_to_string(&path).unwrap();
                if slug_of(&other).is_some() && slug_of(&other) == slug_of(&ex.text) {
                    fs::remove_file(path).unwrap();
                }
            }
            ex.text.clone()
        } else {
            let front = concat!(
                "date: 2026-01-28\n",
                "survey: barometre-esante-2026\n",
                "summary: An example from the docs.\n",
            );
            format!(
                "---\ntitle: \"{}\"\nslug: {name}\n{front}---\n\n{}",
                ex.at, ex.text
            )
        };
        fs::write(articles.join(format!("{name}.md")), text).unwrap();
    }
}

/// Check `examples` as articles of the example, beside which the fictional series of
/// `tests/fixtures/valid/confiance` is copied (for the examples over editions, which
/// name it with `survey=`): no error, and no warning but the series' own (its
/// reworded question).
pub fn check_commentary(examples: &[Example]) -> Result<(), String> {
    let project = example();
    let series = common::fixture("valid/confiance").join("data");
    common::copy_dir(&series, &project.path().join("data"));
    write_articles(project.path(), examples);
    problems_but(project.path(), "data/confiance-")
}

/// The helpers the binary knows and the keywords each takes, as it says them: its
/// error for an unknown helper lists the helpers, and its error for an unknown keyword
/// lists the keywords (a helper without keywords takes none).
pub fn binary_helpers() -> BTreeMap<String, BTreeSet<String>> {
    let probe = |body: String| Example {
        at: "probe".into(),
        text: body,
    };
    let unknown = check_commentary(&[probe("{{ zzzzzz() }}\n".into())]).unwrap_err();
    let list = unknown
        .split("the helpers are ")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .unwrap_or_else(|| panic!("no list of helpers in:\n{unknown}"));
    let names: Vec<String> = list.split(", ").map(str::to_string).collect();
    // Each helper called with an unknown keyword, with and without a first argument.
    let probes: Vec<Example> = names
        .iter()
        .map(|n| {
            probe(format!(
                "{{{{ {n}(\"x\", zzzzzz=1) }}}}\n\n{{{{ {n}(zzzzzz=1) }}}}\n"
            ))
        })
        .collect();
    let said = check_commentary(&probes).unwrap_err();
    let keywords = |name: &str| -> BTreeSet<String> {
        let lead = format!("hint: `{name}` takes ");
        let Some((_, line)) = said.lines().find_map(|l| l.split_once(lead.as_str())) else {
            return BTreeSet::new();
        };
        line.split('`')
            .filter_map(|w| w.strip_suffix('='))
            .map(str::to_string)
            .collect()
    };
    names.iter().map(|n| (n.clone(), keywords(n))).collect()
}

/// The helpers of docs/commentary.md's table (`| Helper | Returns |`) and their
/// keywords: `top(question, n=1, segment=?, survey=?)` takes `n`, `segment` and
/// `survey`; a required argument (`question`) is not a keyword, an optional one
/// (`segment?`) is.
pub fn documented_helpers() -> BTreeMap<String, BTreeSet<String>> {
    let text = fs::read_to_string(common::repo_root().join("docs/commentary.md")).unwrap();
    let table = text
        .lines()
        .skip_while(|l| !l.starts_with("| Helper |"))
        .take_while(|l| l.starts_with('|'));
    let mut out = BTreeMap::new();
    for line in table {
        let Some(cell) = line.strip_prefix("| `").and_then(|l| l.split('`').next()) else {
            continue;
        };
        let Some((name, args)) = cell.strip_suffix(')').and_then(|c| c.split_once('(')) else {
            continue;
        };
        let keywords = args
            .split(", ")
            .filter(|a| a.contains(['=', '?']))
            .map(|a| a.split(['=', '?']).next().unwrap().to_string())
            .collect();
        out.insert(name.to_string(), keywords);
    }
    out
}
