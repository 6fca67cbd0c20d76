//! The input model: plain types for `site.yaml`, surveys, articles and quotes.
//!
//! These are what the files say, deserialized strictly (`deny_unknown_fields`), with the
//! source position of every value a later check may need to point at ([`At`]). Nothing
//! here formats, validates across files or touches the disk.

use std::fmt;
use std::path::PathBuf;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use crate::diagnostics::Position;

mod content;
mod count;
mod method;
mod publish;
mod survey;

pub use content::{FrontMatter, PageFront, PressContact, QuoteEntry, SiteFile};
pub(crate) use count::HOW as COUNT_HOW;
pub use count::{Approx, Count, parse_count};
pub use method::*;
pub use publish::{Moment, Publish, parse_moment};
pub use survey::*;

/// A value with the position (and length, in characters) of the YAML node it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct At<T> {
    /// The value itself.
    pub value: T,
    /// Where it starts in its file (line 0 when unknown).
    pub pos: Position,
    /// Its length in characters.
    pub len: usize,
}

impl<T> At<T> {
    /// A value with no known position (for defaults and generated data).
    pub fn unplaced(value: T) -> Self {
        At {
            value,
            pos: Position::default(),
            len: 1,
        }
    }
}

impl<T> std::ops::Deref for At<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for At<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        let loc = spanned.referenced;
        Ok(At {
            value: spanned.value,
            pos: Position::new(loc.line() as usize, loc.column() as usize),
            len: (loc.span().len() as usize).max(1),
        })
    }
}

/// A calendar date written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub time::Date);

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_day(&text).map(Day).ok_or_else(|| {
            de::Error::custom(format!(
                "invalid date `{text}` (expected YYYY-MM-DD, e.g. 2026-01-27)"
            ))
        })
    }
}

/// Parse `YYYY-MM-DD`.
pub fn parse_day(text: &str) -> Option<time::Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text.trim(), &format).ok()
}

/// Deserialize a text that must say something: empty or blank text is refused (with
/// the value's position), as a heading, label or quotation needs words.
pub fn non_empty<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let text = String::deserialize(deserializer)?;
    if let Some(problem) = text_problem(&text) {
        return Err(de::Error::custom(problem));
    }
    if !text.chars().any(|c| !invisible(c)) {
        return Err(de::Error::custom(
            "empty text (this value must say something)",
        ));
    }
    Ok(text)
}

/// [`non_empty`] for an optional text: absent is fine, present and blank is not.
pub fn optional_non_empty<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    non_empty(deserializer).map(Some)
}

/// An optional text shown to readers: absent or blank is fine, a control character is not.
pub fn optional_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    let text = String::deserialize(deserializer)?;
    match text_problem(&text) {
        Some(problem) => Err(de::Error::custom(problem)),
        None => Ok(Some(text)),
    }
}

/// What makes `text` unfit to show, if anything: a control character (pasted from
/// another program, it cannot be shown in a page, a chart or a PDF), or a bidirectional
/// override (it reverses what follows it on the line: `41,5 %` would read `% 5,14`).
fn text_problem(text: &str) -> Option<String> {
    if let Some(c) = text
        .chars()
        .find(|c| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
    {
        return Some(format!(
            "control character U+{:04X} in the text (a direction override: it reverses \
             how the text after it reads)",
            c as u32
        ));
    }
    let c = text
        .chars()
        .find(|&c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))?;
    Some(format!(
        "control character U+{:04X} in the text (a page, a chart or a PDF cannot show it)",
        c as u32
    ))
}

/// A character that shows nothing: a space, a control or formatting character (zero-width
/// spaces and joiners, direction marks, the byte-order mark, a soft hyphen).
fn invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}' | '\u{feff}'
        )
}

/// Entries of a YAML mapping in file order, with the position of each key.
#[derive(Debug, Clone, PartialEq)]
pub struct Entries<V>(pub Vec<(At<String>, V)>);

impl<V> Default for Entries<V> {
    fn default() -> Self {
        Entries(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Entries<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for EntriesVisitor<V> {
            type Value = Entries<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of segment ids to percentages")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<At<String>, V>()? {
                    out.push((k, v));
                }
                Ok(Entries(out))
            }
        }
        deserializer.deserialize_map(EntriesVisitor(std::marker::PhantomData))
    }
}

/// A survey file once parsed, with its id and path.
#[derive(Debug, Clone)]
pub struct SurveyDoc {
    /// The file stem, used as the survey id.
    pub id: String,
    /// Path relative to the project root.
    pub path: PathBuf,
    /// What the file says.
    pub data: SurveyFile,
}

/// An article once parsed.
#[derive(Debug, Clone)]
pub struct ArticleDoc {
    /// Path relative to the project root.
    pub path: PathBuf,
    /// The front matter.
    pub front: FrontMatter,
    /// The Markdown commentary after the front matter.
    pub body: String,
    /// 1-based line in the file where the body starts.
    pub body_line: usize,
}

/// A standalone page once parsed.
#[derive(Debug, Clone)]
pub struct PageDoc {
    /// Path relative to the project root.
    pub path: PathBuf,
    /// The front matter.
    pub front: PageFront,
    /// The Markdown after the front matter.
    pub body: String,
}

/// A quote once parsed, with the file it came from.
#[derive(Debug, Clone)]
pub struct QuoteDoc {
    /// Path relative to the project root.
    pub path: PathBuf,
    /// What the file says.
    pub quote: QuoteEntry,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct T {
        #[serde(deserialize_with = "non_empty")]
        a: String,
        #[serde(default, deserialize_with = "optional_text")]
        b: Option<String>,
    }

    fn parse(yaml: &str) -> Result<T, String> {
        serde_saphyr::from_str::<T>(yaml).map_err(|e| e.to_string())
    }

    #[test]
    fn text_needs_a_visible_character_and_no_control_character() {
        assert_eq!(
            parse("a: \"Oui, tout à fait\"").unwrap().a,
            "Oui, tout à fait"
        );
        for blank in ["\"  \"", "\"\\u200b\"", "\"\\u00ad\\ufeff \\u200d\""] {
            let err = parse(&format!("a: {blank}")).unwrap_err();
            assert!(err.contains("empty text"), "{blank}: {err}");
        }
        let err = parse("a: \"ok\\u0002\"").unwrap_err();
        assert!(err.contains("control character U+0002"), "{err}");
        let err = parse("a: ok\nb: \"x\\u001b[2J\"").unwrap_err();
        assert!(err.contains("U+001B"), "{err}");
        let err = parse("a: \"Satisfaits\\u202e\"").unwrap_err();
        assert!(err.contains("U+202E") && err.contains("override"), "{err}");
        // Right-to-left scripts need no override.
        assert!(parse("a: \"مرحبا שלום\"").is_ok());
        // Line breaks and tabs are text; an optional text may be blank.
        let ok = parse("a: \"deux\\nlignes\\tet tab\"\nb: \"\"").unwrap();
        assert_eq!(ok.b.as_deref(), Some(""));
    }
}
