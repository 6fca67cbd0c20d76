//! Every problem of a YAML file, not only the first. The parser stops at its first
//! error; after each one the text is repaired where the error is, and parsed again:
//!
//! - a misspelt key (`rôle`): renamed as meant (`role`), so no "missing key" follows;
//! - another unknown key, or a repeated one: its line (and the lines nested under it)
//!   blanked;
//! - a decimal comma (`58,7`): the number as meant (`58.7`);
//! - a value of the wrong kind (`douze`): replaced by a placeholder of each kind in turn
//!   until the error moves on (an error where the placeholder is, is the placeholder's);
//! - a missing key: added under its mapping with a placeholder, likewise.
//!
//! Lines are only blanked or edited in place, or added (and then mapped back), so every
//! later error keeps its position in the file as written. The repaired text is never
//! used: a file with an error is left out of the build, and only its diagnostics count.
//! A syntax error, an error the repair does not move, or [`MAX_PROBLEMS`] problems end
//! the search.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::yaml;
use crate::diagnostics::{Diagnostics, Position};

/// Most problems reported for one file.
pub const MAX_PROBLEMS: usize = 12;
/// Most parses of one file (each repair may need a few placeholders).
const MAX_PARSES: usize = 60;
/// What a value is replaced with, in turn: a number, a text, a date, a list, a mapping.
const PLACEHOLDERS: [&str; 5] = ["0", "x", "2000-01-01", "[]", "{}"];

/// Parse `text` (the file `rel`) into `T`, or give every problem found.
pub fn parse_all<T: DeserializeOwned>(rel: &Path, text: &str) -> Result<T, Diagnostics> {
    let first = match yaml::from_str::<T>(text) {
        Ok(value) => return Ok(value),
        Err(e) => e,
    };
    let mut work = Work::new(text);
    // The values quoted in messages are read from the lines as YAML counts them.
    let lines = work.text();
    let text = lines.as_str();
    let mut found = vec![yaml::to_diagnostic(&first, rel, text)];
    let mut error = first;
    let mut parses = 1;
    'problems: while found.len() < MAX_PROBLEMS {
        let Some(at) = error_position(&error) else {
            break;
        };
        let before = (at, yaml::message(&error));
        let mut tried = 0;
        loop {
            let Some(repaired) = work.repair(&error, at, tried) else {
                break 'problems;
            };
            tried += 1;
            parses += 1;
            if parses > MAX_PARSES {
                break 'problems;
            }
            match yaml::from_str::<T>(&repaired.text()) {
                Ok(_) => break 'problems,
                Err(next) => {
                    let Some(pos) = error_position(&next) else {
                        break 'problems;
                    };
                    // An error where the repair was made is about the placeholder;
                    // one in what the repair added, likewise: another try.
                    let inside = pos.line == at.line && pos.column == at.column + 1;
                    let same = pos == at || inside || (pos, yaml::message(&next)) == before;
                    if same || repaired.original_line(pos.line).is_none() {
                        continue;
                    }
                    let original = repaired.to_original(pos);
                    let d = yaml::to_diagnostic_at(&next, rel, text, original);
                    if found
                        .iter()
                        .any(|f| f.position == d.position && f.message == d.message)
                    {
                        break 'problems;
                    }
                    found.push(d);
                    work = repaired;
                    error = next;
                    break;
                }
            }
        }
    }
    Err(Diagnostics(found))
}

fn error_position(e: &serde_saphyr::Error) -> Option<Position> {
    e.location()
        .filter(|l| l.line() > 0)
        .map(|l| Position::new(l.line() as usize, l.column().max(1) as usize))
}

/// The text being repaired, line by line, each with the line of the file it was (or
/// `None` for a line the repair added).
#[derive(Clone)]
struct Work {
    lines: Vec<(String, Option<usize>)>,
}

impl Work {
    /// The lines of `text` as YAML counts them: `\r\n`, a lone `\r` and `\n` each end
    /// one (the parser's line numbers index these).
    fn new(text: &str) -> Work {
        let unified = text.replace("\r\n", "\n").replace('\r', "\n");
        Work {
            lines: unified
                .split('\n')
                .enumerate()
                .map(|(i, l)| (l.to_string(), Some(i + 1)))
                .collect(),
        }
    }

    fn text(&self) -> String {
        let lines: Vec<&str> = self.lines.iter().map(|(l, _)| l.as_str()).collect();
        lines.join("\n")
    }

    /// The line of the file that line `n` (from 1) of the work text was.
    fn original_line(&self, n: usize) -> Option<usize> {
        self.lines.get(n.checked_sub(1)?).and_then(|(_, o)| *o)
    }

    fn to_original(&self, pos: Position) -> Position {
        Position::new(self.original_line(pos.line).unwrap_or(pos.line), pos.column)
    }

    /// The text repaired for `error` at `at` (work-text position), the `attempt`-th way;
    /// `None` when there is no (other) way.
    fn repair(&self, error: &serde_saphyr::Error, at: Position, attempt: usize) -> Option<Work> {
        let message = yaml::message(error);
        let index = at.line.checked_sub(1).filter(|i| *i < self.lines.len())?;
        if let Some(rest) = message.strip_prefix("unknown field `") {
            // A misspelt key is read as the key meant (no "missing key" follows from it);
            // another is dropped with what it holds.
            let written = rest.split('`').next()?;
            let names = yaml::expected_names(rest);
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            return (attempt == 0).then(|| match crate::text::closest(written, &names) {
                Some(meant) => self.rename_key(index, at.column, written, meant),
                None => self.blank_block(index),
            });
        }
        if message.starts_with("duplicate mapping key") {
            return (attempt == 0).then(|| self.blank_block(index));
        }
        // `58,7`: the number as meant, same width, so nothing else moves.
        if let Some((written, column)) = yaml::decimal_comma(&self.text(), at) {
            return (attempt == 0).then(|| {
                let mut out = self.clone();
                let line = &mut out.lines[index].0;
                let start: usize = line.chars().take(column - 1).map(char::len_utf8).sum();
                line.replace_range(start..start + written.len(), &written.replace(',', "."));
                out
            });
        }
        // `kind: multiples`: the first of the names it expected.
        if message.starts_with("unknown variant") {
            let first = yaml::expected_names(&message).into_iter().next()?;
            return (attempt == 0)
                .then(|| self.replace_value(index, at.column, &first))
                .flatten();
        }
        let placeholder = PLACEHOLDERS.get(attempt)?;
        if let Some(rest) = message.strip_prefix("missing field `") {
            let field = rest.split('`').next()?;
            return self.add_key(index, at.column, field, placeholder);
        }
        if yaml::is_syntax_error(&message) {
            return None;
        }
        self.replace_value(index, at.column, placeholder)
    }

    /// Line `index` and the lines nested under it, blanked.
    fn blank_block(&self, index: usize) -> Work {
        let mut out = self.clone();
        let indent = indent_of(&self.lines[index].0);
        out.lines[index].0.clear();
        for line in out.lines.iter_mut().skip(index + 1) {
            let blank = line.0.trim().is_empty();
            if !blank && indent_of(&line.0) <= indent {
                break;
            }
            line.0.clear();
        }
        out
    }

    /// The key `written` at `column` of line `index` renamed `meant` (when it is there as
    /// written; else the line is blanked).
    fn rename_key(&self, index: usize, column: usize, written: &str, meant: &str) -> Work {
        let line = &self.lines[index].0;
        let start: usize = line
            .chars()
            .take(column.saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        if !line[start..].starts_with(written) {
            return self.blank_block(index);
        }
        let mut out = self.clone();
        out.lines[index]
            .0
            .replace_range(start..start + written.len(), meant);
        out
    }

    /// `field: placeholder` added to the mapping whose first key is on line `index` at
    /// `column`, after that key's block.
    fn add_key(&self, index: usize, column: usize, field: &str, value: &str) -> Option<Work> {
        let line = &self.lines.get(index)?.0;
        let indent = column.checked_sub(1)?;
        // A key written inside braces cannot be followed by a line.
        if line.contains('{') {
            return None;
        }
        let mut end = index + 1;
        while let Some((l, _)) = self.lines.get(end) {
            if !l.trim().is_empty() && indent_of(l) <= indent {
                break;
            }
            end += 1;
        }
        let mut out = self.clone();
        let added = format!("{}{field}: {value}", " ".repeat(indent));
        out.lines.insert(end, (added, None));
        Some(out)
    }

    /// The scalar at `column` of line `index` replaced by `value`, padded to its width so
    /// that later columns of the line do not move.
    fn replace_value(&self, index: usize, column: usize, value: &str) -> Option<Work> {
        let line = &self.lines.get(index)?.0;
        let start = line
            .char_indices()
            .nth(column.checked_sub(1)?)
            .map_or(line.len(), |(i, _)| i);
        let rest = &line[start..];
        let len = scalar_len(rest);
        let mut out = self.clone();
        let width = rest[..len].chars().count();
        let padded = format!("{value:<width$}");
        if len == 0 {
            // An empty value: after `key:`.
            if !line.trim_end().ends_with(':') {
                return None;
            }
            out.lines[index].0 = format!("{} {value}", line.trim_end());
        } else {
            out.lines[index].0 = format!("{}{padded}{}", &line[..start], &rest[len..]);
        }
        Some(out)
    }
}

/// Length in bytes of the scalar at the start of `rest`: up to the end of the line, or
/// to the end of a flow item (`,` followed by a space, `}` or `]`), or a comment.
fn scalar_len(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'}' | b']' => break,
            b',' if bytes.get(i + 1).is_none_or(|c| *c == b' ') => break,
            b'#' if i > 0 && bytes[i - 1] == b' ' => break,
            _ => i += 1,
        }
    }
    rest[..i].trim_end().len()
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        size: u32,
        method: String,
        fieldwork: Dates,
        values: std::collections::BTreeMap<String, f64>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Dates {
        start: String,
        end: String,
    }

    fn problems(text: &str) -> Vec<(usize, String)> {
        let err = parse_all::<Doc>(Path::new("d.yaml"), text).unwrap_err();
        err.0
            .iter()
            .map(|d| (d.position.map_or(0, |p| p.line), d.message.clone()))
            .collect()
    }

    #[test]
    fn every_problem_of_a_file_is_found_at_its_line() {
        let text =
            "size: douze\nfieldwork:\n  start: a\n  date: b\n  end: c\nvalues: { a: 1, b: deux }\n";
        let found = problems(text);
        let lines: Vec<usize> = found.iter().map(|(l, _)| *l).collect();
        // A missing key is reported where its mapping ends.
        assert_eq!(lines, [1, 4, 6, 6], "{found:?}");
        assert!(found[1].1.contains("unknown key `date`"), "{found:?}");
        assert!(found[3].1.contains("missing key `method`"), "{found:?}");
    }

    #[test]
    fn a_valid_file_parses_and_a_syntax_error_stops_the_search() {
        let ok = "size: 1\nmethod: m\nfieldwork: { start: a, end: b }\nvalues: {}\n";
        assert!(parse_all::<Doc>(Path::new("d.yaml"), ok).is_ok());
        let broken = "size: [1\nmethod: m\n";
        assert_eq!(problems(broken).len(), 1);
    }

    #[test]
    fn blanking_takes_the_nested_lines_and_keeps_the_count() {
        let w = Work::new("a: 1\nb:\n  c: 2\n\n  d: 3\ne: 4");
        let out = w.blank_block(1).text();
        assert_eq!(out, "a: 1\n\n\n\n\ne: 4");
    }

    #[test]
    fn a_value_is_replaced_in_place() {
        let w = Work::new("values: { a: 58,7, b: 2 }");
        let out = w.replace_value(0, 14, "0").unwrap().text();
        assert_eq!(out, "values: { a: 0   , b: 2 }");
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Typed {
        day: crate::model::Day,
        kind: Kind,
        values: std::collections::BTreeMap<String, f64>,
        more: std::collections::BTreeMap<String, f64>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        Single,
        Multiple,
    }

    #[test]
    fn placeholders_never_reach_a_message_and_commas_do_not_hide_what_follows() {
        let text =
            "day: 2025-3-1\nkind: multiples\nvalues: { a: 58,5, b: 61% }\nmore: { c: 41,5 }\n";
        let err = parse_all::<Typed>(Path::new("d.yaml"), text).unwrap_err();
        let found: Vec<(usize, usize, &str)> = err
            .0
            .iter()
            .map(|d| {
                let p = d.position.unwrap();
                (p.line, p.column, d.message.as_str())
            })
            .collect();
        let at: Vec<(usize, usize)> = found.iter().map(|f| (f.0, f.1)).collect();
        assert_eq!(at, [(1, 6), (2, 7), (3, 14), (3, 23), (4, 12)], "{found:?}");
        for (_, _, message) in &found {
            for placeholder in ["`0`", "`x`", "`2000-01-01`", "`[]`", "`{}`"] {
                assert!(!message.contains(placeholder), "{found:?}");
            }
        }
    }

    #[test]
    fn carriage_returns_end_lines_as_yaml_counts_them() {
        // Found by the article_markdown fuzzer: lone `\r`s in a front matter made the
        // parser's line numbers run past the lines split on `\n` only.
        let text = "size: 1\r\r\r\rmethod: m\rfieldwork: { start: a, end: b }\rextra: 1\rvalues: { a: x }\r";
        let found = problems(text);
        let lines: Vec<usize> = found.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [7, 8], "{found:?}");
        assert!(
            found[1].1.contains("`x`"),
            "the value as written: {found:?}"
        );
        let w = Work::new("a\r\nb\rc\nd");
        assert_eq!(w.text(), "a\nb\nc\nd");
    }
}
