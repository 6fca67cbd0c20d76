//! What the commentary's source says before it renders: the helpers it may call and
//! their keywords (for did-you-mean), block helpers written inside a sentence (an
//! error: a figure cannot sit in a paragraph), and percentages typed by hand (a
//! warning naming the helper call that gives the same figure from the data, or saying
//! that no published value matches).

use crate::diagnostics::Diagnostic;
use crate::model::Measure;
use crate::resolve::RSurvey;

/// Every helper: its name, whether it makes a block (a figure, a list, a quote), and
/// the keywords it takes.
pub const HELPERS: &[(&str, bool, &[&str])] = &[
    ("pct", false, &["segment", "survey"]),
    ("value", false, &["segment", "survey"]),
    ("answer", false, &["segment", "survey"]),
    ("top", false, &["n", "segment", "survey"]),
    ("segment", false, &["survey"]),
    ("delta", false, &["segment", "survey"]),
    ("series", false, &["segment", "survey"]),
    (
        "stat_list",
        true,
        &["segment", "lead", "each", "limit", "only", "survey"],
    ),
    ("quote", true, &[]),
    ("chart", true, &["type", "survey"]),
    ("methodology", true, &["survey"]),
    ("infographic_link", true, &["text", "survey"]),
];

/// The names of the helpers.
pub fn names() -> Vec<&'static str> {
    HELPERS.iter().map(|(n, _, _)| *n).collect()
}

/// The keywords `helper` takes, if it is one.
pub fn keywords(helper: &str) -> Option<&'static [&'static str]> {
    HELPERS
        .iter()
        .find(|(n, _, _)| *n == helper)
        .map(|(_, _, k)| *k)
}

/// The byte ranges of the `{{ … }}`, `{% … %}` and `{# … #}` tags of `body`.
pub fn tags(body: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(start) = body[i..].find('{').map(|o| i + o) {
        let close = match body.as_bytes().get(start + 1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                i = start + 1;
                continue;
            }
        };
        let Some(end) = body[start + 2..].find(close).map(|o| start + 2 + o + 2) else {
            break;
        };
        out.push(start..end);
        i = end;
    }
    out
}

/// The helper a `{{ … }}` tag calls first, if any: `chart` in `{{ chart("x") }}`.
fn called(tag: &str) -> Option<&str> {
    let inner = tag.strip_prefix("{{")?.trim_start_matches(['-', ' ']);
    let name_len = inner
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(inner.len());
    let rest = inner[name_len..].trim_start();
    rest.starts_with('(').then(|| &inner[..name_len])
}

/// Block helpers called inside a sentence: (byte offset of the tag, helper name). A
/// block helper must be a paragraph of its own: alone on its line(s), with nothing but
/// blank lines (or the start or end of the body) around it.
pub fn blocks_inline(body: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    for range in tags(body) {
        let Some(name) = called(&body[range.clone()]) else {
            continue;
        };
        let is_block = HELPERS.iter().any(|(n, block, _)| *n == name && *block);
        if !is_block {
            continue;
        }
        let line_start = body[..range.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = body[range.end..]
            .find('\n')
            .map_or(body.len(), |i| range.end + i);
        let before = body[line_start..range.start].trim();
        let after = body[range.end..line_end].trim();
        let text_above = line_start > 0 && {
            let above = body[..line_start - 1].rsplit('\n').next().unwrap_or("");
            !above.trim().is_empty() && !above.trim_start().starts_with('#')
        };
        let text_below = body[line_end..]
            .strip_prefix('\n')
            .and_then(|rest| rest.split('\n').next())
            .is_some_and(|below| !below.trim().is_empty());
        if !before.is_empty() || !after.is_empty() || text_above || text_below {
            out.push((range.start, name));
        }
    }
    out
}

/// A percentage typed in the prose: its byte range and value.
#[derive(Debug, Clone, PartialEq)]
pub struct Typed {
    pub range: std::ops::Range<usize>,
    pub value: f64,
}

/// Percentages typed by hand in `body` (`72 %`, `72%`, `12,5 %`, `72 pour cent`,
/// `72 percent`), outside tags and code.
pub fn typed_percentages(body: &str) -> Vec<Typed> {
    let skip = skipped(body);
    let bytes = body.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit()
            || (i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'.'))
            || skip.iter().any(|r| r.contains(&i))
        {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i + 1 < bytes.len() && matches!(bytes[i], b'.' | b',') && bytes[i + 1].is_ascii_digit() {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
        }
        let number = &body[start..i];
        let rest = &body[i..];
        let spaces = rest.len() - rest.trim_start_matches([' ', '\u{a0}', '\u{202f}']).len();
        let after = &rest[spaces..];
        let unit = ["%", "pour cent", "pourcent", "percent", "per cent"]
            .iter()
            .find(|u| after.to_lowercase().starts_with(*u))
            .map(|u| u.len());
        if let (Some(len), Ok(value)) = (unit, number.replace(',', ".").parse::<f64>()) {
            out.push(Typed {
                range: start..i + spaces + len,
                value,
            });
            i += spaces + len;
        }
    }
    out
}

/// The byte ranges of `body` that are not prose: template tags and code.
fn skipped(body: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = tags(body);
    let mut i = 0;
    while let Some(start) = body[i..].find('`').map(|o| i + o) {
        let fence = if body[start..].starts_with("```") {
            "```"
        } else {
            "`"
        };
        let from = start + fence.len();
        let end = body[from..]
            .find(fence)
            .map_or(body.len(), |o| from + o + fence.len());
        out.push(start..end);
        i = end;
    }
    out
}

/// The helper calls that give `value` as a percentage from `surveys` (the article's
/// survey first, if any), at most three: `pct("perception.positive")`.
pub fn calls_giving(value: f64, surveys: &[&RSurvey], article_survey: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    for s in surveys {
        let other_survey = article_survey != Some(s.id.as_str());
        for q in s.questions.iter().filter(|q| q.measure != Measure::Count) {
            for a in &q.answers {
                for (i, seg) in s.segments.iter().enumerate() {
                    let Some(v) = a.values.get(&seg.id) else {
                        continue;
                    };
                    if (v.value - value).abs() > 0.05 {
                        continue;
                    }
                    let mut args = vec![format!("\"{}.{}\"", q.id, a.id)];
                    if i > 0 {
                        args.push(format!("\"{}\"", seg.id));
                    }
                    if other_survey {
                        args.push(format!("survey=\"{}\"", s.id));
                    }
                    out.push(format!("pct({})", args.join(", ")));
                }
            }
        }
    }
    out.truncate(3);
    out
}

/// The sample shares (breakdowns) equal to `value`: `médecins (Professions)`.
pub fn shares_giving(value: f64, surveys: &[&RSurvey]) -> Vec<String> {
    surveys
        .iter()
        .flat_map(|s| &s.breakdowns)
        .flat_map(|b| b.items.iter().map(move |i| (b, i)))
        .filter(|(_, i)| (i.value - value).abs() <= 0.05)
        .map(|(b, i)| format!("{} ({})", i.label, b.label))
        .take(3)
        .collect()
}

/// The warning for a percentage typed by hand, as written, with the calls that give
/// it or the shares it matches.
pub fn typed_warning(written: &str, calls: &[String], shares: &[String]) -> Diagnostic {
    let message = format!("percentage typed by hand `{written}` (figures come from the data)");
    let hint = if !calls.is_empty() {
        let list: Vec<String> = calls.iter().map(|c| format!("{{{{ {c} }}}}")).collect();
        format!(
            "write {} instead: it gives the same figure",
            list.join(" or ")
        )
    } else if !shares.is_empty() {
        format!(
            "it is a share of the sample ({}); the methodology() block shows it from the data",
            shares.join(", ")
        )
    } else {
        "no published value is this figure: check it for a typo or a figure from another \
         edition, and take it from the data with {{ pct(\"question.answer\") }}"
            .to_string()
    };
    Diagnostic::warning(message).with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_found_outside_tags_and_code() {
        let body = "Soit 72 % et 80% ; 12,5 % ou 3 pour cent. {{ pct(\"a\") }} 45 % `90 %` x2 %";
        let found: Vec<(f64, &str)> = typed_percentages(body)
            .iter()
            .map(|t| (t.value, &body[t.range.clone()]))
            .collect();
        assert_eq!(
            found,
            [
                (72.0, "72 %"),
                (80.0, "80%"),
                (12.5, "12,5 %"),
                (3.0, "3 pour cent"),
                (45.0, "45 %")
            ]
        );
        assert!(typed_percentages("{{ \"72 %\" }} et ```\n50 %\n```").is_empty());
    }

    #[test]
    fn block_helpers_must_stand_alone() {
        let alone = "Texte.\n\n{{ chart(\"q\") }}\n\nSuite.";
        assert!(blocks_inline(alone).is_empty());
        let inline = "Voir {{ chart(\"q\") }} ici.";
        assert_eq!(blocks_inline(inline), [(5, "chart")]);
        let glued = "Texte.\n{{ quote(\"x\") }}";
        assert_eq!(blocks_inline(glued), [(7, "quote")]);
        // Data helpers belong in sentences.
        assert!(blocks_inline("Soit {{ pct(\"a.b\") }} des répondants.").is_empty());
    }

    #[test]
    fn tags_and_calls_are_read() {
        let body = "a {{ chart(\"x\", type=\"bars\") }} b {% if x %}c{% endif %}";
        let found: Vec<&str> = tags(body).into_iter().map(|r| &body[r]).collect();
        assert_eq!(found[0], "{{ chart(\"x\", type=\"bars\") }}");
        assert_eq!(found.len(), 3);
        assert_eq!(called(found[0]), Some("chart"));
        assert_eq!(called("{{ survey.title }}"), None);
    }
}
