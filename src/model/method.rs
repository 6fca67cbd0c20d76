//! The model of how a survey was made and how far its figures can be trusted: the
//! sample's design, the statistical settings (confidence, small-base thresholds) a
//! survey or `site.yaml` may set, and the series a survey's editions form.

use serde::{Deserialize, Serialize};

use super::{Answer, At, Question, SurveyFile, non_empty};

/// How the respondents were drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Design {
    /// A probability sample: every member of the population had a known chance of
    /// being drawn. Margins of error apply.
    Probability,
    /// A quota sample: respondents chosen to match the population on a few criteria.
    /// A non-probability sample.
    Quota,
    /// Volunteers, such as an opt-in online panel or community. A non-probability
    /// sample.
    OptIn,
}

impl Design {
    /// The name used in files.
    pub fn name(self) -> &'static str {
        match self {
            Design::Probability => "probability",
            Design::Quota => "quota",
            Design::OptIn => "opt_in",
        }
    }
}

/// How margins of error are computed for a non-probability sample, when the data
/// declares a method that allows one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MarginBasis {
    /// As for a simple random sample of the same size, the convention French
    /// institutes state for quota samples.
    SimpleRandom,
}

/// Statistical settings, in `site.yaml` or a survey (which wins).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatisticsSpec {
    /// Confidence level of margins and tests, e.g. `0.95` (the default).
    #[serde(default)]
    pub confidence: Option<At<f64>>,
    /// Bases below this are flagged "to be read with caution" (default 50).
    #[serde(default)]
    pub caution_below: Option<At<u32>>,
    /// Figures on bases below this are not shown (default 30).
    #[serde(default)]
    pub suppress_below: Option<At<u32>>,
}

/// The statistical settings in force, defaults filled in.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Statistics {
    /// Confidence level, e.g. 0.95.
    pub confidence: f64,
    /// Caution below this base.
    pub caution_below: u32,
    /// Suppression below this base.
    pub suppress_below: u32,
}

impl Default for Statistics {
    fn default() -> Self {
        Statistics {
            confidence: 0.95,
            caution_below: 50,
            suppress_below: 30,
        }
    }
}

impl Statistics {
    /// The settings of `site`, overridden key by key by those of `survey`.
    pub fn merged(site: Option<&StatisticsSpec>, survey: Option<&StatisticsSpec>) -> Statistics {
        let mut out = Statistics::default();
        for spec in [site, survey].into_iter().flatten() {
            if let Some(c) = &spec.confidence {
                out.confidence = c.value;
            }
            if let Some(c) = &spec.caution_below {
                out.caution_below = c.value;
            }
            if let Some(s) = &spec.suppress_below {
                out.suppress_below = s.value;
            }
        }
        out
    }

    /// The significance level of tests: 1 − confidence.
    pub fn alpha(&self) -> f64 {
        1.0 - self.confidence
    }
}

/// Whether and how a run reports missing disclosure items: `build` does not, `check`
/// lists them as warnings, `check --strict` as errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Disclosure {
    /// Not reported.
    #[default]
    Off,
    /// Reported as warnings.
    Warn,
    /// Reported as errors.
    Strict,
}

/// The series a survey belongs to, when its editions should be named otherwise than
/// by their title without the year.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesSpec {
    /// Identifier, the series page's address: `barometre-teletravail`.
    pub id: At<String>,
    /// Title, e.g. `Baromètre du télétravail`.
    #[serde(deserialize_with = "non_empty")]
    pub title: String,
}

/// The previous edition of `s` among `docs`: of the surveys its `previous_editions`
/// name, the one with the highest edition below its own.
pub fn previous_edition<'a>(
    docs: &'a [super::SurveyDoc],
    s: &SurveyFile,
) -> Option<&'a super::SurveyDoc> {
    docs.iter()
        .filter(|d| s.previous_editions.iter().any(|p| p.value == d.id))
        .filter(|d| d.data.edition.value < s.edition.value)
        .max_by_key(|d| d.data.edition.value)
}

/// The question of `prev` that `q` continues: the one `q.previous` names, or else the
/// one with the same id.
pub fn matching_question<'a>(prev: &'a SurveyFile, q: &Question) -> Option<&'a Question> {
    let id = q.previous.as_ref().map_or(&q.id.value, |p| &p.value);
    prev.questions.iter().find(|pq| &pq.id.value == id)
}

/// The answer of `prev_q` that `a` continues: the one `a.previous` names, or else the
/// one with the same id.
pub fn matching_answer<'a>(prev_q: &'a Question, a: &Answer) -> Option<&'a Answer> {
    let id = a.previous.as_ref().map_or(&a.id.value, |p| &p.value);
    prev_q.answers.iter().find(|pa| &pa.id.value == id)
}

/// The series id and title of `s`: its `series`, or else its title without the
/// edition's number (`Baromètre e-santé 2026` → `barometre-e-sante`).
pub fn series_name(s: &SurveyFile) -> (String, String) {
    if let Some(spec) = &s.series {
        return (spec.id.value.clone(), spec.title.clone());
    }
    let edition = s.edition.value.to_string();
    let title: String = s.title.replace(&edition, " ");
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let title = title
        .trim_end_matches([',', '-', '–', '—', ':', ' '])
        .to_string();
    let title = if title.is_empty() {
        s.title.clone()
    } else {
        title
    };
    (crate::text::slugify(&title), title)
}
