//! When an article is published: its date, with an optional time and time zone
//! (`2026-01-27T09:00:00+01:00`, an embargo), and what a run publishes (drafts and
//! future articles only when asked, at the run's own "now").

use serde::Deserialize;
use serde::de::{self, Deserializer};
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

use super::{Day, parse_day};

/// A publication date, with the moment it may be published when a time is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    /// The day as written (in the time zone written).
    pub day: Day,
    /// The moment, when a time and a time zone are written.
    pub at: Option<OffsetDateTime>,
}

impl Moment {
    /// The moment the article may be published: its time, or the start of its day in
    /// UTC when only a day is written.
    pub fn instant(&self) -> OffsetDateTime {
        self.at
            .unwrap_or_else(|| self.day.0.midnight().assume_offset(UtcOffset::UTC))
    }
}

/// Parse `YYYY-MM-DD`, or a date and time with its time zone (RFC 3339, seconds
/// optional): `2026-01-27T09:00+01:00`, `2026-01-27T08:00:00Z`.
pub fn parse_moment(text: &str) -> Result<Moment, String> {
    let text = text.trim();
    if let Some(day) = parse_day(text) {
        return Ok(Moment {
            day: Day(day),
            at: None,
        });
    }
    let Some((date, time)) = text.split_once(['T', 't', ' ']) else {
        return Err(format!(
            "invalid date `{text}` (expected YYYY-MM-DD, or a date, time and time zone such as 2026-01-27T09:00:00+01:00)"
        ));
    };
    if !time.is_ascii() {
        return Err(format!(
            "invalid date and time `{text}` (expected e.g. 2026-01-27T09:00:00+01:00)"
        ));
    }
    // Seconds are optional: `09:00+01:00` reads as `09:00:00+01:00`.
    let has_seconds = time.len() >= 8 && time.as_bytes().get(5) == Some(&b':');
    let time = match (has_seconds, time.get(..5), time.get(5..)) {
        (false, Some(hm), Some(zone)) => format!("{hm}:00{zone}"),
        _ => time.to_string(),
    };
    let zoned = time
        .get(8..)
        .is_some_and(|zone| zone.ends_with(['Z', 'z']) || zone.contains(['+', '-']));
    if !zoned {
        return Err(format!(
            "date `{text}` has a time but no time zone (an embargo must say which 09:00 it means)"
        ));
    }
    let full = format!("{date}T{time}");
    let at = OffsetDateTime::parse(&full, &Rfc3339).map_err(|e| {
        format!("invalid date and time `{text}` ({e}; expected e.g. 2026-01-27T09:00:00+01:00)")
    })?;
    Ok(Moment {
        day: Day(at.date()),
        at: Some(at),
    })
}

impl<'de> Deserialize<'de> for Moment {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_moment(&text).map_err(de::Error::custom)
    }
}

/// What a run publishes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Publish {
    /// Drafts too (`--drafts`, for a preview).
    pub drafts: bool,
    /// Articles dated after `now` too (`--future`, for a preview).
    pub future: bool,
    /// The run's "now"; the system clock when none (tests fix it).
    pub now: Option<OffsetDateTime>,
}

impl Publish {
    /// The run's "now".
    pub fn now(&self) -> OffsetDateTime {
        self.now.unwrap_or_else(OffsetDateTime::now_utc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_times_and_zones() {
        let day = parse_moment("2026-01-27").unwrap();
        assert_eq!(
            (day.day.0.to_string(), day.at),
            ("2026-01-27".to_string(), None)
        );
        assert_eq!(day.instant().to_string(), "2026-01-27 0:00:00.0 +00:00:00");
        let at = parse_moment("2026-01-27T09:00:00+01:00").unwrap();
        assert_eq!(at.instant().to_offset(UtcOffset::UTC).hour(), 8);
        assert_eq!(parse_moment("2026-01-27T09:00+01:00").unwrap(), at);
        assert_eq!(
            parse_moment("2026-01-27T08:00:00Z").unwrap().instant(),
            at.instant()
        );
        // The day written stays the day in its own zone.
        let late = parse_moment("2026-01-27T23:30:00-05:00").unwrap();
        assert_eq!(late.day.0.to_string(), "2026-01-27");
    }

    proptest::proptest! {
        /// Any text, above all around the `T`: an answer, never a panic.
        #[test]
        fn any_text_is_read_or_refused(date in "[0-9]{4}-[0-9]{2}-[0-9]{2}", rest in "\\PC{0,12}") {
            let _ = parse_moment(&format!("{date}T{rest}"));
            let _ = parse_moment(&rest);
        }
    }

    #[test]
    fn refusals_say_why() {
        assert!(
            parse_moment("2026-01-27T09:00")
                .unwrap_err()
                .contains("no time zone")
        );
        assert!(
            parse_moment("2026-01-27T09:00:00")
                .unwrap_err()
                .contains("no time zone")
        );
        assert!(
            parse_moment("27/01/2026")
                .unwrap_err()
                .contains("expected YYYY-MM-DD")
        );
        assert!(
            parse_moment("2026-01-27T25:00:00+01:00")
                .unwrap_err()
                .contains("invalid date and time")
        );
        assert!(parse_moment("2026-02-30").is_err());
        // Not ASCII, or cut short: refused, never a panic.
        for odd in [
            "2026-01-27Té:00+01:00",
            "2026-01-27T9",
            "2026-01-27T",
            "2026-01-27T09:0é",
            "x T y",
        ] {
            assert!(parse_moment(odd).is_err(), "{odd}");
        }
    }
}
