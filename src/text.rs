//! Text rules shared by every stage, one function each: escaping for HTML and XML,
//! JSON inside a `<script>`, slugs (the web-address form of a name), the closest known
//! name (for "did you mean"), and which ids are allowed (they become file names and web
//! addresses).

/// `text` escaped for HTML and XML, in content and in quoted attribute values: `&`, `<`,
/// `>`, `"` and `'` become references, and characters XML 1.0 does not allow (control
/// characters, U+FFFE, U+FFFF) are dropped. The one escaper of the pages, the feed, the
/// sitemap and the chart SVGs.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Characters allowed in XML 1.0 documents.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{fffe}' | '\u{ffff}'))
}

/// JSON safe inside `<script>`: `<`, `>` and `&` escaped, so no string can close the tag.
pub fn json_for_script(value: &serde_json::Value) -> String {
    serde_json::to_string(value)
        .expect("JSON values serialise")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The candidate closest to `word`, if close enough to be a typo: an edit distance
/// (`strsim`'s optimal string alignment, where swapping two neighbours is one edit) of
/// one for names of up to seven letters, of a quarter of the length beyond. `methdo`
/// gives `method`, `segmnt` `segment`, `pcnt` `pct`; `date` does not give `name`.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .iter()
        .map(|c| (strsim::osa_distance(&word, &c.to_lowercase()), *c))
        .filter(|(d, c)| *d <= (c.chars().count() / 4).max(1))
        .min()
        .map(|(_, c)| c)
}

/// `text` with its first letter in capitals: `En hausse de 5 points…`.
pub fn ucfirst(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

/// True when two wordings are the same but for case, spacing and typographic
/// apostrophes (a question's wording compared across editions).
pub fn same_words(a: &str, b: &str) -> bool {
    let norm = |t: &str| {
        t.replace(['\u{2019}', '\u{2018}'], "'")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    norm(a) == norm(b)
}

/// The web-address form of `text`: transliterated to ASCII (`deunicode`: "Łódź" gives
/// `lodz`, "中国" `zhong-guo`), lowercase letters and digits, one hyphen between words.
/// Empty when `text` has no letter or digit at all (`"🙂"` may give a name, `"#"` not).
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-').len();
    out.truncate(trimmed);
    out
}

/// Longest id accepted, in characters.
pub const MAX_ID_LEN: usize = 64;

/// Why `id` cannot be an id, or `None` if it can. An id is 1 to [`MAX_ID_LEN`]
/// lowercase ASCII letters, digits, `-` and `_`, starting with a letter or a digit:
/// it becomes part of file names and web addresses, where anything else breaks links
/// (`#`, `?`, `%`, `/`, `\`, spaces), collides on case-insensitive disks, or names a
/// file of its own (`index.html`).
pub fn id_problem(id: &str) -> Option<String> {
    if id.is_empty() {
        return Some("an id cannot be empty".into());
    }
    if id.chars().count() > MAX_ID_LEN {
        return Some(format!(
            "{} characters, at most {MAX_ID_LEN}",
            id.chars().count()
        ));
    }
    let bad: Vec<String> = id
        .chars()
        .filter(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-' || *c == '_'))
        .map(|c| match c {
            ' ' => "a space".to_string(),
            c if c.is_control() => format!("U+{:04X}", c as u32),
            c => format!("`{c}`"),
        })
        .collect();
    if !bad.is_empty() {
        let mut unique = bad;
        unique.dedup();
        unique.truncate(5);
        return Some(format!(
            "{} not allowed: only lowercase letters, digits, `-` and `_`",
            unique.join(", ")
        ));
    }
    if id.starts_with(['-', '_']) {
        return Some("it must start with a letter or a digit".into());
    }
    None
}

/// An id close to `text` that [`id_problem`] accepts, to suggest: transliterated like
/// a slug ([`slugify`]), but keeping `_`.
pub fn suggest_id(text: &str) -> String {
    let mut out = String::new();
    for c in deunicode::deunicode(text)
        .chars()
        .flat_map(char::to_lowercase)
    {
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out: String = out
        .trim_matches(['-', '_'])
        .chars()
        .take(MAX_ID_LEN)
        .collect();
    if out.is_empty() { "id".into() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn unescape(s: &str) -> String {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn escaping_is_complete_and_reversible_for_xml_text(s in ".*") {
            let escaped = escape(&s);
            for c in ['<', '>', '"', '\''] {
                prop_assert!(!escaped.contains(c));
            }
            let allowed: String = s.chars().filter(|c| is_xml_char(*c)).collect();
            prop_assert_eq!(unescape(&escaped), allowed);
        }

        #[test]
        fn escaping_always_gives_well_formed_xml(s in ".*") {
            let doc = format!("<r a=\"{0}\">{0}</r>", escape(&s));
            let parsed = roxmltree::Document::parse(&doc);
            prop_assert!(parsed.is_ok(), "{:?}", parsed.err());
        }
    }

    #[test]
    fn escaping_basics() {
        assert_eq!(escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
        assert_eq!(escape("bell\u{7}here"), "bellhere");
        assert_eq!(
            json_for_script(&serde_json::json!({"a": "</script>&"})),
            r#"{"a":"\u003c/script\u003e\u0026"}"#
        );
    }

    #[test]
    fn close_names_only_are_suggested() {
        assert_eq!(
            closest("respondants", &["size", "respondents"]),
            Some("respondents")
        );
        assert_eq!(closest("pcnt", &["pct", "value"]), Some("pct"));
        assert_eq!(closest("zzz", &["size", "method"]), None);
        assert_eq!(closest("date", &["name", "edition", "organiser"]), None);
        assert_eq!(closest("segmnt", &["survey", "segment"]), Some("segment"));
        assert_eq!(closest("methdo", &["method"]), Some("method"));
    }

    #[test]
    fn slugs_transliterate_instead_of_dropping() {
        assert_eq!(slugify("e-santé"), "e-sante");
        assert_eq!(slugify("IA générative"), "ia-generative");
        assert_eq!(slugify("  Œuvres & co "), "oeuvres-co");
        assert_eq!(slugify("Łódź"), "lodz");
        assert_eq!(slugify("中国"), "zhong-guo");
        assert_ne!(slugify("中国"), slugify("日本"));
        assert_eq!(slugify("tres_positive"), "tres-positive");
        assert_eq!(slugify("!!!"), "");
        assert_eq!(slugify("#"), "");
    }

    #[test]
    fn ids_that_would_break_paths_are_refused() {
        for ok in ["barometre-esante-2026", "q1", "tres_positive", "2026"] {
            assert_eq!(id_problem(ok), None, "{ok}");
        }
        for bad in [
            "a#b",
            "a?b",
            "50%",
            "a\\b",
            "a/b",
            "index.html",
            "A",
            "é",
            "a b",
            "-x",
            "",
            "a\u{7}",
        ] {
            assert!(id_problem(bad).is_some(), "{bad:?} should be refused");
        }
        assert!(id_problem(&"a".repeat(65)).is_some());
        assert_eq!(
            id_problem("index.html").unwrap(),
            "`.` not allowed: only lowercase letters, digits, `-` and `_`"
        );
    }

    #[test]
    fn suggestions_are_valid_ids() {
        for text in [
            "Perception IA",
            "index.html",
            "a#b?c",
            "###",
            "Été 2026",
            "_x",
            "__",
            "-a-",
        ] {
            let s = suggest_id(text);
            assert_eq!(id_problem(&s), None, "{text} -> {s}");
        }
        assert_eq!(suggest_id("Perception IA"), "perception-ia");
    }
}
