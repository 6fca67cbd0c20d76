//! YAML parsing policy: serde-saphyr with strict options and budgets, and the mapping of
//! its errors to our diagnostics (message, position, hint).
//!
//! Duplicate keys are errors, aliases and events are budgeted (a "billion laughs" file is
//! refused quickly with bounded memory), and only one document per file is accepted.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Position};

/// Parse one YAML document into `T` with the project's strict options.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, serde_saphyr::Error> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: 2_000_000,
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_depth: 64,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,
            max_alias_expansions_per_anchor: 100,
        },
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::Error,
        with_snippet: false,
    };
    serde_saphyr::from_str_with_options(text, options)
}

/// True for YAML text with nothing in it but blank lines and comments.
pub fn is_blank(text: &str) -> bool {
    text.lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
}

/// The error for a file with no YAML content.
pub fn blank_file(rel: &Path) -> Diagnostic {
    Diagnostic::error("empty file (no YAML content, only blank lines or comments)")
        .in_file(rel)
        .at_line_col(1, 1)
        .with_hint("write the file's keys, or remove the file; see `barograph help data-format`")
}

/// Turn a serde-saphyr error into a diagnostic for the file `rel` whose text is `text`.
pub fn to_diagnostic(err: &serde_saphyr::Error, rel: &Path, text: &str) -> Diagnostic {
    let pos = err
        .location()
        .filter(|l| l.line() > 0)
        .map_or(Position::new(1, 1), |l| {
            Position::new(l.line() as usize, l.column().max(1) as usize)
        });
    to_diagnostic_at(err, rel, text, pos)
}

/// [`to_diagnostic`] for an error at `pos` in `text` (when the error was found in a
/// repaired copy whose lines moved).
pub fn to_diagnostic_at(
    err: &serde_saphyr::Error,
    rel: &Path,
    text: &str,
    pos: Position,
) -> Diagnostic {
    if is_blank(text) {
        return blank_file(rel);
    }
    let raw = message(err);
    let token = token_at(text, pos);
    let comma = decimal_comma(text, pos);
    let (message, hint) = match &comma {
        Some((written, _)) => (
            format!("decimal comma in `{written}` (numbers are written with a point)"),
            Some(format!("write {}", written.replace(',', "."))),
        ),
        None => explain(&raw, &token),
    };
    let (pos, width) = match &comma {
        Some((written, column)) => (Position::new(pos.line, *column), written.chars().count()),
        None => (pos, token.chars().count()),
    };
    let d = Diagnostic::error(message)
        .in_file(rel)
        .at(pos)
        .spanning(width);
    match hint {
        Some(h) => d.with_hint(h),
        None => d,
    }
}

/// True for a message of the YAML parser itself (the text is not YAML), as against one
/// about what a valid YAML document holds.
pub(crate) fn is_syntax_error(message: &str) -> bool {
    let m = message.to_lowercase();
    let about_content = ["invalid", "unknown", "missing", "duplicate", "empty"];
    !about_content.iter().any(|p| m.starts_with(p))
}

/// The error's message without the location suffix serde-saphyr appends.
pub(crate) fn message(err: &serde_saphyr::Error) -> String {
    let options = serde_saphyr::render_options! {
        snippets: serde_saphyr::SnippetMode::Off,
    };
    let text = err.render_with_options(options);
    let text = text.lines().next().unwrap_or("").trim().to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].trim_end_matches([',', ' ']).to_string(),
        None => text,
    }
}

/// Names listed after "expected one of" in a serde message, with or without backticks.
pub(crate) fn expected_names(tail: &str) -> Vec<String> {
    let list = tail.split_once("one of").map_or(tail, |(_, l)| l);
    list.split(',')
        .map(|n| n.trim().trim_matches('`').trim().to_string())
        .filter(|n| !n.is_empty())
        .collect()
}

fn quoted_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Our wording of a parser message, and a hint on what to do.
fn explain(raw: &str, token: &str) -> (String, Option<String>) {
    let lower = lowercase_first(raw);
    let folded = raw.to_lowercase();
    if folded.contains("multiple yaml documents") || folded.contains("multiple documents") {
        return (
            "several YAML documents in one file (only one is allowed)".into(),
            Some("keep one YAML document per file: remove the `---` separators".into()),
        );
    }
    if let Some(rest) = raw.strip_prefix("unknown field `") {
        let (key, tail) = rest.split_once('`').unwrap_or((rest, ""));
        let names = expected_names(tail);
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let hint = match crate::text::closest(key, &refs) {
            Some(best) => format!("did you mean `{best}`?"),
            None => "remove the key, or see `barograph help data-format` for the keys allowed here"
                .to_string(),
        };
        let message = match names.is_empty() {
            true => format!("unknown key `{key}` (no keys are allowed here)"),
            false => format!(
                "unknown key `{key}` (expected one of {})",
                quoted_list(&names)
            ),
        };
        return (message, Some(hint));
    }
    if let Some(rest) = raw.strip_prefix("unknown variant `") {
        let (value, tail) = rest.split_once('`').unwrap_or((rest, ""));
        let names = expected_names(tail);
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let hint = match crate::text::closest(value, &refs) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("use one of {}", quoted_list(&names)),
        };
        return (
            format!(
                "unknown value `{value}` (expected one of {})",
                quoted_list(&names)
            ),
            Some(hint),
        );
    }
    if let Some(rest) = raw.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim();
        return (
            format!("duplicate key `{key}` (a key may appear only once in a mapping)"),
            Some("remove or rename the repeated key".into()),
        );
    }
    if let Some(field) = raw.strip_prefix("missing field `") {
        let field = field.split('`').next().unwrap_or(field);
        return (
            format!("missing key `{field}` (it is required here)"),
            Some(format!(
                "add `{field}:` with a value; see `barograph help data-format`"
            )),
        );
    }
    if token.contains('%') && (lower.contains("invalid") || lower.contains("expected")) {
        return (
            format!("invalid number `{token}` (percent signs are not allowed in values)"),
            Some("write percentages as plain numbers: `45`, not `45%`".into()),
        );
    }
    if lower.starts_with("invalid u") || lower.starts_with("invalid i") {
        return (
            format!("invalid whole number `{token}` (expected a whole number such as 840)"),
            Some("write a whole number such as 840, or check the indentation above".into()),
        );
    }
    if lower.starts_with("invalid floating point") {
        return (
            format!("invalid number `{token}` (expected a number such as 45 or 12.5)"),
            Some("write the value as a plain number".into()),
        );
    }
    if lower.starts_with("empty text") {
        return (
            lower,
            Some("write the text, or remove the key if it is optional".into()),
        );
    }
    if lower.starts_with("invalid number of people") {
        // The value as written: YAML has already read `1.700` as the number 1.7.
        let written = token.trim();
        let grouped = written.split_once('.').is_some_and(|(a, b)| {
            !a.is_empty()
                && a.chars().all(|c| c.is_ascii_digit())
                && b.len() == 3
                && b.chars().all(|c| c.is_ascii_digit())
        });
        let hint = if grouped {
            format!(
                "write {} or \"{}\" (unquoted, a point is a decimal point)",
                written.replace('.', ""),
                written.replace('.', " ")
            )
        } else {
            crate::model::COUNT_HOW.into()
        };
        let message = match written.is_empty() {
            true => lower,
            false => format!("invalid number of people `{written}` (not a whole number)"),
        };
        return (message, Some(hint));
    }
    if lower.starts_with("control character") {
        return (
            lower,
            Some("delete the character (retype the text around it if it does not show)".into()),
        );
    }
    if lower.starts_with("invalid date") {
        return (lower, Some("write dates as YYYY-MM-DD".into()));
    }
    if lower.contains("budget") || lower.contains("alias") || lower.contains("anchor") {
        return (
            format!("YAML too complex ({lower})"),
            Some("the file uses too many aliases or nodes; write the values out plainly".into()),
        );
    }
    if lower.contains("multiple yaml documents") || lower.contains("multiple documents") {
        return (
            "several YAML documents in one file (only one is allowed)".into(),
            Some("keep one YAML document per file: remove the `---` separators".into()),
        );
    }
    if lower.contains("more than one document") {
        return (
            lower,
            Some("keep one YAML document per file: remove the `---` separators".into()),
        );
    }
    if lower.starts_with("invalid type") || lower.starts_with("expected") {
        return (lower, Some("check the value's type and the indentation of the lines above; see `barograph help data-format`".into()));
    }
    (
        format!("invalid YAML ({lower})"),
        Some("check the YAML syntax around this position".into()),
    )
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if !s.starts_with("YAML") => c.to_lowercase().chain(chars).collect(),
        Some(_) => s.to_string(),
        None => String::from("invalid YAML"),
    }
}

/// A number written with a decimal comma (`58,7`) on the line of `pos`, and its column:
/// the last one
/// starting at or before the error's column and ending just before it at the latest (in braces, YAML reads `{ a: 58,7 }` as
/// `58` and a key `7`, and the error comes after it).
pub(crate) fn decimal_comma(text: &str, pos: Position) -> Option<(String, usize)> {
    let line = text.lines().nth(pos.line.checked_sub(1)?)?;
    let chars: Vec<char> = line.chars().collect();
    let col = pos.column.saturating_sub(1);
    let mut found = None;
    let mut i = 0;
    while i < chars.len() && i <= col {
        let digits_from = |mut j: usize| {
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            j
        };
        let starts = chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_alphanumeric());
        if !starts {
            i += 1;
            continue;
        }
        let whole = digits_from(i);
        let fraction = if chars.get(whole) == Some(&',') {
            digits_from(whole + 1)
        } else {
            whole
        };
        // `1,2,3` is a list, not a number; `58,5, b` ends at its comma.
        let ends = match chars.get(fraction) {
            None => true,
            Some(',') => !chars.get(fraction + 1).is_some_and(char::is_ascii_digit),
            Some(c) => !c.is_ascii_alphanumeric(),
        };
        // The error is at the number or right after it, not at a later value.
        if fraction > whole + 1 && ends && col <= fraction + 1 {
            found = Some((chars[i..fraction].iter().collect(), i + 1));
        }
        i = fraction.max(i + 1);
    }
    found
}

/// The token (key or scalar) starting at `pos`, as written.
fn token_at(text: &str, pos: Position) -> String {
    let Some(line) = text.lines().nth(pos.line.saturating_sub(1)) else {
        return String::new();
    };
    let rest: String = line.chars().skip(pos.column.saturating_sub(1)).collect();
    let token = rest
        .split([':', ',', '#', '}', ']'])
        .next()
        .unwrap_or("")
        .trim_end();
    token.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        size: u32,
        method: String,
    }

    #[test]
    fn unknown_key_suggests_the_right_one() {
        let text = "size: 3\nmethdo: web\n";
        let err = from_str::<Sample>(text).unwrap_err();
        let d = to_diagnostic(&err, Path::new("s.yaml"), text);
        assert!(d.message.starts_with("unknown key `methdo`"), "{d}");
        assert_eq!(d.hint.as_deref(), Some("did you mean `method`?"));
        assert_eq!(d.position, Some(Position::new(2, 1)));
    }

    #[test]
    fn a_decimal_comma_is_named_with_its_fix() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct One {
            share: f64,
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Many {
            share: std::collections::BTreeMap<String, f64>,
        }
        let block = "share: 58,7\n";
        let flow = "share: { a: 58,7 }\n";
        let errors = [
            (block, from_str::<One>(block).unwrap_err()),
            (flow, from_str::<Many>(flow).unwrap_err()),
        ];
        for (text, err) in errors {
            let d = to_diagnostic(&err, Path::new("s.yaml"), text);
            assert_eq!(
                d.message, "decimal comma in `58,7` (numbers are written with a point)",
                "{text}"
            );
            assert_eq!(d.hint.as_deref(), Some("write 58.7"));
        }
        assert_eq!(decimal_comma("a: 1,2,3", Position::new(1, 4)), None);
        let flow = "v: { a: 58,5, b: 61 }";
        assert_eq!(
            decimal_comma(flow, Position::new(1, 14)),
            Some(("58,5".into(), 9))
        );
        assert_eq!(decimal_comma("a: 12", Position::new(1, 4)), None);
        assert_eq!(decimal_comma("a: x2,5", Position::new(1, 4)), None);
    }

    #[test]
    fn duplicate_keys_are_refused() {
        let text = "size: 3\nsize: 4\nmethod: web\n";
        let err = from_str::<Sample>(text).unwrap_err();
        let d = to_diagnostic(&err, Path::new("s.yaml"), text);
        assert!(d.message.contains("duplicate"), "{d}");
        assert_eq!(d.position.map(|p| p.line), Some(2), "{d}");
    }

    #[test]
    fn a_number_of_people_is_quoted_as_written() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct People {
            size: crate::model::Count,
        }
        for (text, shown, hint) in [
            ("size: 1.700", "`1.700`", "write 1700 or \"1 700\""),
            ("size: 12.5", "`12.5`", "write a whole number"),
        ] {
            let err = from_str::<People>(text).unwrap_err();
            let d = to_diagnostic(&err, Path::new("s.yaml"), text);
            assert!(d.message.contains(shown), "{text}: {d}");
            assert!(d.hint.as_deref().unwrap().starts_with(hint), "{text}: {d}");
        }
    }
}
