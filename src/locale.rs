//! Locale-aware formatting: numbers, percentages, dates, ordinals and typography.
//!
//! Every figure that reaches a reader goes through here, so the article, the PDF and the
//! site agree to the character: `72 %` with a narrow no-break space and `27 janvier 2026`
//! in French, `72%` and `January 27, 2026` in English. [`Locale::typography`] applies the
//! spacing rules of the language to running text (« » with no-break spaces, a narrow
//! no-break space before `;` `!` `?` `%`, digit groups, apostrophes).

use serde::Serialize;
use time::Date;

/// No-break space (U+00A0), used before `:` and inside « » in French.
pub const NBSP: char = '\u{a0}';
/// Narrow no-break space (U+202F), used before `;` `!` `?` `%` and between digit groups.
pub const NNBSP: char = '\u{202f}';

/// A supported output language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    /// French: the default.
    #[default]
    Fr,
    /// English.
    En,
}

const FR_MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Locale {
    /// The locale for a language tag such as `fr`, `fr-FR` or `en-GB`.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "fr" => Some(Locale::Fr),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The BCP 47 tag written into `lang` attributes and the PDF.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::Fr => "fr",
            Locale::En => "en",
        }
    }

    /// A number as readers expect it: `200 000` / `12,5` in French, `200,000` / `12.5` in
    /// English. Integers show no decimals; other values keep the precision they were given.
    pub fn number(self, value: f64) -> String {
        let (group, decimal) = match self {
            Locale::Fr => (NNBSP, ','),
            Locale::En => (',', '.'),
        };
        let raw = if value.fract() == 0.0 && value.abs() < 1e15 {
            format!("{}", value as i64)
        } else {
            format!("{value}")
        };
        let (sign, digits) = match raw.strip_prefix('-') {
            Some(rest) => ("\u{2212}", rest),
            None => ("", raw.as_str()),
        };
        let (int, frac) = match digits.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (digits, None),
        };
        let mut out = String::from(sign);
        out.push_str(&group_digits(int, group));
        if let Some(frac) = frac {
            out.push(decimal);
            out.push_str(frac);
        }
        out
    }

    /// A percentage: `72 %` (narrow no-break space) in French, `72%` in English.
    pub fn percent(self, value: f64) -> String {
        match self {
            Locale::Fr => format!("{}{NNBSP}%", self.number(value)),
            Locale::En => format!("{}%", self.number(value)),
        }
    }

    /// A date: `27 janvier 2026` (and `1er décembre 2025`) in French,
    /// `January 27, 2026` in English.
    pub fn date(self, date: Date) -> String {
        let month = usize::from(u8::from(date.month())) - 1;
        let day = date.day();
        match self {
            Locale::Fr => {
                let day = if day == 1 {
                    "1er".to_string()
                } else {
                    day.to_string()
                };
                format!("{day}{NBSP}{} {}", FR_MONTHS[month], date.year())
            }
            Locale::En => format!("{} {day}, {}", EN_MONTHS[month], date.year()),
        }
    }

    /// A number of people as published: `840`, `environ 1 700`, `more than 2,000`.
    pub fn count(self, count: crate::model::Count) -> String {
        use crate::model::Approx;
        let number = self.number(f64::from(count.n));
        let qualifier = match (self, count.approx) {
            (_, None) => return number,
            (Locale::Fr, Some(Approx::About)) => "environ",
            (Locale::Fr, Some(Approx::Nearly)) => "près de",
            (Locale::Fr, Some(Approx::MoreThan)) => "plus de",
            (Locale::Fr, Some(Approx::FewerThan)) => "moins de",
            (Locale::En, Some(Approx::About)) => "about",
            (Locale::En, Some(Approx::Nearly)) => "nearly",
            (Locale::En, Some(Approx::MoreThan)) => "more than",
            (Locale::En, Some(Approx::FewerThan)) => "fewer than",
        };
        // A no-break space: `environ` never ends a line apart from its number.
        format!("{qualifier}\u{a0}{number}")
    }

    /// `preposition` before `words`, with French elision: `auprès de` and `environ 1 700`
    /// give `auprès d’environ 1 700`; digits are never elided before (`auprès de 840`).
    pub fn before(self, preposition: &str, words: &str) -> String {
        let vowel = words
            .chars()
            .next()
            .is_some_and(|c| "aeiouyéèêàâîôûhAEIOUYÉÈÊÀÂÎÔÛH".contains(c));
        match (self, preposition.strip_suffix(" de")) {
            (Locale::Fr, Some(head)) if vowel => format!("{head} d’{words}"),
            _ => format!("{preposition} {words}"),
        }
    }

    /// A period: `du 1er décembre 2025 au 20 janvier 2026` / `from … to …`; within one
    /// month, the month and year said once: `du 3 au 17 février 2025`,
    /// `from February 3 to 17, 2025`.
    pub fn date_range(self, start: Date, end: Date) -> String {
        let same_month = start.year() == end.year() && start.month() == end.month();
        match (self, same_month) {
            (Locale::Fr, true) if start != end => {
                let first = self.date(start);
                let day = first.split(NBSP).next().unwrap_or_default().to_string();
                format!("du {day} au {}", self.date(end))
            }
            (Locale::En, true) if start != end => {
                let month = EN_MONTHS[usize::from(u8::from(start.month())) - 1];
                format!(
                    "from {month} {} to {}, {}",
                    start.day(),
                    end.day(),
                    end.year()
                )
            }
            (Locale::Fr, _) => format!("du {} au {}", self.date(start), self.date(end)),
            (Locale::En, _) => format!("from {} to {}", self.date(start), self.date(end)),
        }
    }

    /// Running text with the spacing and punctuation rules of the language, control
    /// characters removed (they are invalid in HTML and unprintable).
    pub fn typography(self, text: &str) -> String {
        let text = without_controls(text);
        match self {
            Locale::Fr => french_typography(&text),
            Locale::En => english_typography(&text),
        }
    }
}

/// `text` without control characters (tabs and line breaks become spaces).
pub fn without_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect::<String>()
        .into()
}

/// `1234567` → `1 234 567` with the given separator; shorter than 4 digits is unchanged.
fn group_digits(int: &str, sep: char) -> String {
    if int.len() < 4 {
        return int.to_string();
    }
    let mut out = String::with_capacity(int.len() + int.len() / 3 * 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

fn is_space(c: char) -> bool {
    c == ' ' || c == NBSP || c == NNBSP || c == '\u{2009}'
}

/// Apostrophes and nothing else: English needs no spaces around punctuation.
fn english_typography(text: &str) -> String {
    curly_apostrophes(text)
}

/// `l'IA` → `l’IA`: a straight apostrophe between two letters becomes typographic.
fn curly_apostrophes(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let between_letters = c == '\''
            && i > 0
            && chars[i - 1].is_alphabetic()
            && chars.get(i + 1).is_some_and(|n| n.is_alphabetic());
        out.push(if between_letters { '’' } else { c });
    }
    out
}

/// French spacing: no-break spaces before `:` `»` and after `«`, narrow no-break spaces
/// before `;` `!` `?` `%` and between digit groups; curly double quotes become « ».
fn french_typography(text: &str) -> String {
    let text = curly_apostrophes(text);
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(chars.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ';' | '!' | '?' | ':' | '%' | '»' | '”' => {
                let space = if matches!(c, ':' | '»' | '”') {
                    NBSP
                } else {
                    NNBSP
                };
                let had_space = out.last().is_some_and(|&p| is_space(p));
                if had_space {
                    out.pop();
                    out.push(space);
                } else if c == '%' && out.last().is_some_and(char::is_ascii_digit)
                    || matches!(c, '»' | '”') && !out.is_empty()
                {
                    out.push(space);
                }
                out.push(if c == '”' { '»' } else { c });
            }
            '«' | '“' => {
                out.push('«');
                let had_space = chars.get(i + 1).is_some_and(|&n| is_space(n));
                while chars.get(i + 1).is_some_and(|&n| is_space(n)) {
                    i += 1;
                }
                if had_space || i + 1 < chars.len() {
                    out.push(NBSP);
                }
            }
            ' ' if is_digit_group_gap(&chars, i) => out.push(NNBSP),
            _ => out.push(c),
        }
        i += 1;
    }
    out.into_iter().collect()
}

/// True when the space at `i` sits between digit groups such as `200 000`: 1–3 digits
/// (not preceded by another digit) on the left, exactly 3 digits on the right.
fn is_digit_group_gap(chars: &[char], i: usize) -> bool {
    let left = chars[..i]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let right = chars[i + 1..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if right != 3 {
        return false;
    }
    // The left side may itself be a group of an earlier gap ("1 200 000").
    let left_start = i - left;
    let left_is_group = left == 3
        && left_start > 0
        && is_space(chars[left_start - 1])
        && left_start >= 2
        && chars[left_start - 2].is_ascii_digit();
    (1..=3).contains(&left) && (left_start == 0 || !chars[left_start - 1].is_alphanumeric())
        || left_is_group
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_elision() {
        use crate::model::{Approx, Count};
        let about = Count {
            n: 1700,
            approx: Some(Approx::About),
        };
        assert_eq!(Locale::Fr.count(about), "environ\u{a0}1\u{202f}700");
        assert_eq!(Locale::En.count(about), "about\u{a0}1,700");
        assert_eq!(Locale::Fr.count(Count::exact(840)), "840");
        assert_eq!(
            Locale::Fr.before("auprès de", "environ 1 700"),
            "auprès d’environ 1 700"
        );
        assert_eq!(Locale::Fr.before("auprès de", "840"), "auprès de 840");
        assert_eq!(
            Locale::Fr.before("auprès de", "plus de 2 000"),
            "auprès de plus de 2 000"
        );
        assert_eq!(
            Locale::En.before("among", "about 1,700"),
            "among about 1,700"
        );
    }
    use time::macros::date;

    #[test]
    fn french_numbers_and_percentages() {
        let fr = Locale::Fr;
        assert_eq!(fr.percent(72.0), "72\u{202f}%");
        assert_eq!(fr.percent(12.5), "12,5\u{202f}%");
        assert_eq!(fr.number(200000.0), "200\u{202f}000");
        assert_eq!(fr.number(840.0), "840");
        assert_eq!(fr.number(1234567.0), "1\u{202f}234\u{202f}567");
        assert_eq!(fr.number(-3.0), "\u{2212}3");
    }

    #[test]
    fn english_numbers_and_percentages() {
        let en = Locale::En;
        assert_eq!(en.percent(72.0), "72%");
        assert_eq!(en.percent(12.5), "12.5%");
        assert_eq!(en.number(200000.0), "200,000");
    }

    #[test]
    fn dates_in_both_languages() {
        assert_eq!(
            Locale::Fr.date(date!(2026 - 01 - 27)),
            "27\u{a0}janvier 2026"
        );
        assert_eq!(
            Locale::Fr.date(date!(2025 - 12 - 01)),
            "1er\u{a0}décembre 2025"
        );
        assert_eq!(Locale::En.date(date!(2026 - 01 - 27)), "January 27, 2026");
        assert_eq!(
            Locale::Fr.date_range(date!(2025 - 12 - 01), date!(2026 - 01 - 20)),
            "du 1er\u{a0}décembre 2025 au 20\u{a0}janvier 2026"
        );
        assert_eq!(
            Locale::Fr.date_range(date!(2025 - 02 - 01), date!(2025 - 02 - 17)),
            "du 1er au 17\u{a0}février 2025"
        );
        assert_eq!(
            Locale::En.date_range(date!(2025 - 02 - 03), date!(2025 - 02 - 17)),
            "from February 3 to 17, 2025"
        );
    }

    #[test]
    fn french_spacing_rules() {
        let fr = Locale::Fr;
        assert_eq!(
            fr.typography("Bilan : oui ; non ! Quoi ?"),
            "Bilan\u{a0}: oui\u{202f}; non\u{202f}! Quoi\u{202f}?"
        );
        assert_eq!(fr.typography("« Bonjour »"), "«\u{a0}Bonjour\u{a0}»");
        assert_eq!(fr.typography("“Bonjour”"), "«\u{a0}Bonjour\u{a0}»");
        assert_eq!(
            fr.typography("« "),
            "«\u{a0}",
            "an opening guillemet alone keeps its space"
        );
        assert_eq!(fr.typography("72%"), "72\u{202f}%");
        assert_eq!(
            fr.typography("plus de 200 000 visites"),
            "plus de 200\u{202f}000 visites"
        );
        assert_eq!(fr.typography("1 200 000"), "1\u{202f}200\u{202f}000");
        assert_eq!(fr.typography("l'IA"), "l’IA");
    }

    #[test]
    fn french_spacing_leaves_urls_and_years_alone() {
        let fr = Locale::Fr;
        assert_eq!(fr.typography("https://example.org"), "https://example.org");
        assert_eq!(
            fr.typography("en 2025 200 soignants"),
            "en 2025 200 soignants"
        );
        assert_eq!(fr.typography("10:30"), "10:30");
    }

    #[test]
    fn control_characters_are_removed() {
        assert_eq!(Locale::Fr.typography("a\u{1}b\u{1b}c\nd"), "abc d");
        assert_eq!(without_controls("plain"), "plain");
    }

    #[test]
    fn language_tags() {
        assert_eq!(Locale::from_tag("fr-FR"), Some(Locale::Fr));
        assert_eq!(Locale::from_tag("EN"), Some(Locale::En));
        assert_eq!(Locale::from_tag("de"), None);
    }
}
