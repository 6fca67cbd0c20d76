//! Numbers of people as publishers give them: exact (`840`) or approximate
//! (`environ 1 700`, `~1700`, `près de 2 000`, `plus de 2 000`), so a release that
//! never gave an exact size can be transcribed without inventing one.

use std::fmt;

use serde::Serialize;
use serde::de::{self, Deserialize, Deserializer, Visitor};

/// How an approximate number relates to the true one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Approx {
    /// About that many (`environ`, `about`, `~`).
    About,
    /// Nearly that many, a little fewer (`près de`, `nearly`).
    Nearly,
    /// More than that (`plus de`, `more than`, `>`).
    MoreThan,
    /// Fewer than that (`moins de`, `fewer than`, `<`).
    FewerThan,
}

/// A number of people, exact unless `approx` says how it is approximate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Count {
    /// The number as written.
    pub n: u32,
    /// How it is approximate, if it is.
    pub approx: Option<Approx>,
}

impl Count {
    /// An exact count.
    pub fn exact(n: u32) -> Count {
        Count { n, approx: None }
    }

    /// The number, when it is exact.
    pub fn exact_value(self) -> Option<u32> {
        self.approx.is_none().then_some(self.n)
    }
}

/// The qualifiers understood before a number, lowercase, longest first where one is a
/// prefix of another.
const QUALIFIERS: &[(&str, Approx)] = &[
    ("approximately", Approx::About),
    ("approx.", Approx::About),
    ("environ", Approx::About),
    ("around", Approx::About),
    ("about", Approx::About),
    ("circa", Approx::About),
    ("ca.", Approx::About),
    ("~", Approx::About),
    ("≈", Approx::About),
    ("près de", Approx::Nearly),
    ("presque", Approx::Nearly),
    ("nearly", Approx::Nearly),
    ("almost", Approx::Nearly),
    ("plus de", Approx::MoreThan),
    ("more than", Approx::MoreThan),
    ("over", Approx::MoreThan),
    (">", Approx::MoreThan),
    ("moins de", Approx::FewerThan),
    ("fewer than", Approx::FewerThan),
    ("less than", Approx::FewerThan),
    ("under", Approx::FewerThan),
    ("<", Approx::FewerThan),
];

/// The help every refused count gets.
pub(crate) const HOW: &str = "write a whole number such as 840, or an approximate one such as `environ 1700`, `~1700`, `près de 2000` or `plus de 2000`";

/// Parse a count as written: an optional qualifier, then a whole number whose digits
/// may be grouped by spaces (`1 700`), or by commas or dots in groups of three
/// (`1,700`). A decimal is refused: a number of people is whole.
pub fn parse_count(text: &str) -> Result<Count, String> {
    let trimmed = text.trim();
    let lower = trimmed.to_lowercase();
    let (approx, rest) = QUALIFIERS
        .iter()
        .find_map(|(q, a)| lower.strip_prefix(q).map(|rest| (Some(*a), rest)))
        .unwrap_or((None, lower.as_str()));
    let digits = parse_grouped(rest.trim())
        .ok_or_else(|| format!("invalid number of people `{trimmed}` (not a whole number)"))?;
    Ok(Count { n: digits, approx })
}

/// A whole number with optional digit groups: spaces (any kind), `_`, or commas or
/// dots followed by exactly three digits each.
fn parse_grouped(text: &str) -> Option<u32> {
    if text.is_empty() || !text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let spaces =
        |c: char| c == ' ' || c == '_' || c == '\u{a0}' || c == '\u{202f}' || c == '\u{2009}';
    let compact: String = text.chars().filter(|c| !spaces(*c)).collect();
    for sep in [',', '.'] {
        if compact.contains(sep) {
            let mut groups = compact.split(sep);
            let first = groups.next()?;
            if first.is_empty() || first.len() > 3 {
                return None;
            }
            if !groups.all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit())) {
                return None;
            }
        }
    }
    let plain: String = compact.chars().filter(|c| *c != ',' && *c != '.').collect();
    if !plain.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    plain.parse().ok()
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CountVisitor;
        impl Visitor<'_> for CountVisitor {
            type Value = Count;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number of people")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Count, E> {
                u32::try_from(v).map(Count::exact).map_err(|_| {
                    E::custom(format!("invalid number of people `{v}` (it is too large)"))
                })
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Count, E> {
                match u64::try_from(v) {
                    Ok(v) => self.visit_u64(v),
                    Err(_) => Err(E::custom(format!(
                        "invalid number of people `{v}` (it cannot be negative)"
                    ))),
                }
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Count, E> {
                if v.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&v) {
                    return Ok(Count::exact(v as u32));
                }
                Err(E::custom(format!(
                    "invalid number of people `{v}` (not a whole number)"
                )))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Count, E> {
                parse_count(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(CountVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_publishers_write_them() {
        let cases = [
            ("840", 840, None),
            ("1 700", 1700, None),
            ("1\u{202f}700", 1700, None),
            ("1,700", 1700, None),
            ("environ 1 700", 1700, Some(Approx::About)),
            ("~1700", 1700, Some(Approx::About)),
            ("Près de 2 000", 2000, Some(Approx::Nearly)),
            ("plus de 2000", 2000, Some(Approx::MoreThan)),
            ("more than 10,000", 10000, Some(Approx::MoreThan)),
            ("< 500", 500, Some(Approx::FewerThan)),
        ];
        for (text, n, approx) in cases {
            assert_eq!(parse_count(text), Ok(Count { n, approx }), "{text}");
        }
        for bad in [
            "",
            "lots",
            "1,7",
            "17,00",
            "12.5",
            "environ",
            "-3",
            "1 700 000 000 000",
        ] {
            let err = parse_count(bad).unwrap_err();
            assert!(err.starts_with("invalid number of people"), "{bad}: {err}");
        }
    }

    #[test]
    fn counts_come_from_numbers_and_texts_in_yaml() {
        #[derive(Debug, serde::Deserialize)]
        struct S {
            a: Count,
            b: Count,
        }
        let s: S = serde_saphyr::from_str("a: 840\nb: ~1700\n").unwrap();
        assert_eq!(s.a, Count::exact(840));
        assert_eq!(s.b.approx, Some(Approx::About));
        assert!(serde_saphyr::from_str::<S>("a: 12.5\nb: 1\n").is_err());
    }
}
