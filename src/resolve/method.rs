//! How far each figure can be trusted, resolved: the base behind each value, its margin
//! of error where the sample's design allows one, the small-base flag, and the survey's
//! method record (design, weighting, the margin statement and the margin table of the
//! methodology box). The arithmetic is in [`crate::stats`]; this module decides when it
//! applies and words it from the locale files.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::locale::Locale;
use crate::model::{Design, Measure, Question, Statistics, SurveyFile};
use crate::stats::{self, BaseFlag};

/// The method of a survey, for the methodology box and the survey page.
#[derive(Debug, Clone, Serialize)]
pub struct RMethod {
    /// Who commissioned it, if said.
    pub sponsor: Option<String>,
    /// `probability`, `quota` or `opt_in`, if said.
    pub design: Option<&'static str>,
    /// The design in words: `Échantillon par quotas`.
    pub design_text: Option<String>,
    /// How the results were weighted, if said.
    pub weighting: Option<String>,
    /// True when margins of error are computed.
    pub margins: bool,
    /// The statement on sampling error: the largest margin for the whole sample, or
    /// that none can be computed for a non-probability sample; none when the design
    /// is not said.
    pub margin_statement: Option<String>,
    /// The margin table by sample size and percentage, where margins apply.
    pub margin_table: Option<RMarginTable>,
    /// The settings in force.
    pub statistics: Statistics,
    /// Confidence level as printed: `95 %`.
    pub confidence_text: String,
    /// The small-base rule in words, for notes.
    pub small_base_rule: String,
}

/// Margins of error by sample size (rows) and percentage (columns), in points.
#[derive(Debug, Clone, Serialize)]
pub struct RMarginTable {
    /// Column headings: `5 % ou 95 %`…
    pub percentages: Vec<String>,
    /// One row per size: the size as printed, then each margin as printed (`±3,1`).
    pub rows: Vec<(String, Vec<String>)>,
}

/// True when the sample's design lets margins of error be computed.
pub(super) fn margins_apply(s: &SurveyFile) -> bool {
    match s.sample.design.as_ref().map(|d| d.value) {
        Some(Design::Probability) => true,
        Some(_) => s.sample.margins.is_some(),
        None => false,
    }
}

/// The base of the value of question `q` for segment `seg` (see
/// [`SurveyFile::value_base`]).
pub(super) fn value_base(s: &SurveyFile, q: &Question, seg: &str) -> Option<(u32, bool)> {
    s.value_base(q, seg)
}

/// The effective size of an exact base: divided by the design effect.
pub(super) fn effective(s: &SurveyFile, n: u32) -> f64 {
    stats::effective_n(
        f64::from(n),
        s.sample.design_effect.as_ref().map(|d| d.value),
    )
}

/// The margin of error, in points, of `value` (a percentage) on an exact base of `n`.
pub(super) fn margin(
    s: &SurveyFile,
    st: &Statistics,
    measure: Measure,
    value: f64,
    n: u32,
) -> Option<f64> {
    if !margins_apply(s) || measure != Measure::Respondents {
        return None;
    }
    // The finite-population correction holds for the whole sample only, and reads the
    // actual number of respondents, not the effective one.
    let population = s
        .sample
        .population_size
        .as_ref()
        .filter(|_| s.sample.size.value.exact_value() == Some(n))
        .map(|p| f64::from(p.value.n));
    let fpc = stats::finite_population_correction(f64::from(n), population);
    let z = stats::z_for_confidence(st.confidence);
    stats::margin_of_error(value / 100.0, effective(s, n), z, None).map(|m| m * fpc * 100.0)
}

/// The flag of a base, under the survey's thresholds.
pub(super) fn flag(st: &Statistics, n: u32) -> BaseFlag {
    stats::base_flag(n, st.caution_below, st.suppress_below)
}

/// The small-base flag of the values of question `q` for segment `seg`, with the base
/// it was read from ([`SurveyFile::flag_base`]); `Sufficient` when no base is known.
pub(super) fn value_flag(
    s: &SurveyFile,
    st: &Statistics,
    q: &Question,
    seg: &str,
) -> (Option<crate::model::Count>, BaseFlag) {
    match s.flag_base(q, seg) {
        Some(c) => (Some(c), flag(st, c.n)),
        None => (None, BaseFlag::Sufficient),
    }
}

/// `±3,1 points`.
pub(super) fn margin_text(locale: Locale, ui: &BTreeMap<String, String>, points: f64) -> String {
    let text = ui.get("margin_points").cloned().unwrap_or_default();
    text.replace("{n}", &one_decimal(locale, points))
}

/// `3,1` (fr) or `3.1` (en): margins always keep their tenth.
fn one_decimal(locale: Locale, x: f64) -> String {
    let text = format!("{x:.1}");
    match locale {
        Locale::Fr => text.replace('.', ","),
        Locale::En => text,
    }
}

/// The method record of `s`.
pub(super) fn method(
    s: &SurveyFile,
    st: &Statistics,
    locale: Locale,
    ui: &BTreeMap<String, String>,
) -> RMethod {
    let text = |k: &str| ui.get(k).cloned().unwrap_or_default();
    let typo = |t: &str| locale.typography(t);
    let design = s.sample.design.as_ref().map(|d| d.value);
    let confidence_text = locale.percent((st.confidence * 1000.0).round() / 10.0);
    let margins = margins_apply(s);
    let statement = match (design, margins) {
        (None, _) => None,
        (Some(_), false) => Some(text("margin_none")),
        (Some(_), true) => {
            let n = s.sample.size.value.exact_value();
            let worst = n.and_then(|n| margin(s, st, Measure::Respondents, 50.0, n));
            let mut line = match worst {
                Some(m) => text("margin_largest")
                    .replace("{confidence}", &confidence_text)
                    .replace("{margin}", &margin_text(locale, ui, m))
                    .replace("{n}", &locale.count(s.sample.size.value)),
                None => text("margin_size_unknown"),
            };
            if design != Some(Design::Probability) {
                line.push(' ');
                line.push_str(&text("margin_simple_random"));
            }
            Some(typo(&line))
        }
    };
    RMethod {
        sponsor: s.sponsor.as_deref().map(typo),
        design: design.map(Design::name),
        design_text: design.map(|d| text(&format!("design_{}", d.name()))),
        weighting: s.sample.weighting.as_deref().map(typo),
        margins,
        margin_statement: statement,
        margin_table: margins.then(|| table(s, st, locale, ui)),
        statistics: *st,
        confidence_text,
        small_base_rule: typo(
            &text("small_base_rule")
                .replace("{caution}", &st.caution_below.to_string())
                .replace("{suppress}", &st.suppress_below.to_string()),
        ),
    }
}

/// The margin table: the usual sizes up to the sample's, and the sample's own.
fn table(
    s: &SurveyFile,
    st: &Statistics,
    locale: Locale,
    ui: &BTreeMap<String, String>,
) -> RMarginTable {
    let sample = s.sample.size.value.n;
    let mut sizes: Vec<u32> = [100, 200, 300, 500, 1000, 2000, 5000]
        .into_iter()
        .filter(|n| n + sample / 10 < sample)
        .collect();
    sizes.push(sample);
    let percentages = [5.0, 10.0, 20.0, 30.0, 40.0, 50.0];
    let or = ui.get("or").cloned().unwrap_or_default();
    let z = stats::z_for_confidence(st.confidence);
    let population = s
        .sample
        .population_size
        .as_ref()
        .map(|p| f64::from(p.value.n));
    RMarginTable {
        percentages: percentages
            .iter()
            .map(|p| {
                let (a, b) = (locale.percent(*p), locale.percent(100.0 - p));
                if *p == 50.0 {
                    a
                } else {
                    locale.typography(&format!("{a} {or} {b}"))
                }
            })
            .collect(),
        rows: sizes
            .into_iter()
            .map(|n| {
                let eff = effective(s, n);
                // A sample of n from the population: its correction, as for the headline.
                let fpc = stats::finite_population_correction(f64::from(n), population);
                let cells = percentages
                    .iter()
                    .map(|p| {
                        let m =
                            stats::margin_of_error(p / 100.0, eff, z, None).unwrap_or(0.0) * fpc;
                        format!("±{}", one_decimal(locale, m * 100.0))
                    })
                    .collect();
                (locale.number(f64::from(n)), cells)
            })
            .collect(),
    }
}
