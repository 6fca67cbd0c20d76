//! The model of a survey file, `data/<survey>.yaml`: what it says, with positions.

use serde::{Deserialize, Serialize};

use super::{
    At, Count, Day, Design, Entries, MarginBasis, SeriesSpec, StatisticsSpec, non_empty,
    optional_non_empty, optional_text,
};

/// How respondents answer a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// One answer per respondent: answers of one segment add up to at most 100.
    Single,
    /// Several answers per respondent: each answer is at most 100, the sum is free.
    Multiple,
}

/// How a question is drawn as a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    /// Ranked horizontal bars, one per answer.
    Bars,
    /// Bars grouped by segment, one group per answer.
    Grouped,
    /// One 100 % stacked bar per segment.
    Stacked,
}

impl ChartKind {
    /// Every kind, in declaration order.
    pub const ALL: [ChartKind; 3] = [ChartKind::Bars, ChartKind::Grouped, ChartKind::Stacked];

    /// The name used in files and templates: `bars`, `grouped`, `stacked`.
    pub fn name(self) -> &'static str {
        match self {
            ChartKind::Bars => "bars",
            ChartKind::Grouped => "grouped",
            ChartKind::Stacked => "stacked",
        }
    }
}

/// `data/<survey>.yaml`: one edition of a survey.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyFile {
    /// Survey title, e.g. `Baromètre e-santé 2026`.
    #[serde(deserialize_with = "non_empty")]
    pub title: String,
    /// Edition, usually the year.
    pub edition: At<u32>,
    /// Organisation that ran the survey.
    #[serde(deserialize_with = "non_empty")]
    pub organisation: String,
    /// Who commissioned and paid for it, when not the organisation that ran it.
    #[serde(default, deserialize_with = "optional_text")]
    pub sponsor: Option<String>,
    /// The series its editions form, when not named by the title without the year.
    #[serde(default)]
    pub series: Option<SeriesSpec>,
    /// When the results were published (the date the infographic carries); the first
    /// article presenting the survey, or the end of fieldwork, when absent.
    #[serde(default)]
    pub published: Option<At<super::Moment>>,
    /// Partner organisations.
    #[serde(default)]
    pub partners: Vec<Partner>,
    /// The event the survey was published for, if any.
    #[serde(default)]
    pub occasion: Option<Occasion>,
    /// When the answers were collected.
    pub fieldwork: Fieldwork,
    /// Who answered.
    pub sample: Sample,
    /// Composition of the sample.
    #[serde(default)]
    pub breakdowns: Vec<Breakdown>,
    /// Groups of respondents that results are given for; the first is the default.
    pub segments: Vec<Segment>,
    /// The questions and their results.
    pub questions: Vec<Question>,
    /// Ids of earlier editions of this survey (other files in `data/`).
    #[serde(default)]
    pub previous_editions: Vec<At<String>>,
    /// Confidence level and small-base thresholds, over those of `site.yaml`.
    #[serde(default)]
    pub statistics: Option<StatisticsSpec>,
    /// How far a single-choice total may exceed 100 because of rounding (default 1).
    #[serde(default)]
    pub rounding_tolerance: Option<At<f64>>,
    /// Line crediting the source under charts; generated when absent.
    #[serde(default, deserialize_with = "optional_text")]
    pub source: Option<String>,
    /// What the infographic shows; chosen from the data when absent.
    #[serde(default)]
    pub infographic: Option<InfographicSpec>,
}

/// The composition of a survey's infographic.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InfographicSpec {
    /// 4–6 headline figures; chosen from the data when absent.
    #[serde(default)]
    pub key_figures: Option<Vec<KeyFigureSpec>>,
    /// Ids of the 3–4 questions drawn as charts; the first four when absent.
    #[serde(default)]
    pub charts: Option<Vec<At<String>>>,
    /// Id of the pull quote (from `content/quotes/`).
    #[serde(default)]
    pub quote: Option<At<String>>,
    /// Ids of the questions (at most 2) drawn as trends over the editions; by default
    /// the first key figure's question, when it was asked in an earlier edition.
    #[serde(default)]
    pub trends: Option<Vec<At<String>>>,
}

/// One headline figure of the infographic.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyFigureSpec {
    /// The figure, as `question.answer`.
    pub figure: At<String>,
    /// Segment id; the survey's first segment when absent.
    #[serde(default)]
    pub segment: Option<At<String>>,
    /// Words under the figure: `des soignants ont une perception positive…`.
    #[serde(deserialize_with = "non_empty")]
    pub caption: String,
}

/// A partner organisation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    /// Its name.
    #[serde(deserialize_with = "non_empty")]
    pub name: String,
    /// What it did, e.g. `organisateur des Grandes tendances de la e-santé`.
    #[serde(default, deserialize_with = "optional_text")]
    pub role: Option<String>,
}

/// The event a survey was released at.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Occasion {
    /// Event name.
    #[serde(deserialize_with = "non_empty")]
    pub name: String,
    /// Which edition of the event.
    #[serde(default)]
    pub edition: Option<u32>,
    /// Who organises it.
    #[serde(default, deserialize_with = "optional_text")]
    pub organiser: Option<String>,
    /// When the results were presented there.
    #[serde(default)]
    pub date: Option<At<Day>>,
}

/// Fieldwork dates.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fieldwork {
    /// First day of collection.
    pub start: At<Day>,
    /// Last day of collection.
    pub end: At<Day>,
}

/// The sample of respondents.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sample {
    /// Number of respondents, exact or approximate (`840`, `environ 1 700`).
    pub size: At<Count>,
    /// Who they are, as a plural noun phrase: `professionnels de santé`.
    #[serde(deserialize_with = "non_empty")]
    pub population: String,
    /// Where they were recruited: `issus de la communauté PulseLife`.
    #[serde(default, deserialize_with = "optional_text")]
    pub source: Option<String>,
    /// How they answered: `questionnaire auto-administré sur le web`, if said.
    #[serde(default, deserialize_with = "optional_non_empty")]
    pub method: Option<String>,
    /// The representativeness statement.
    #[serde(default, deserialize_with = "optional_text")]
    pub representativeness: Option<String>,
    /// How the respondents were drawn: `probability`, `quota` or `opt_in`.
    #[serde(default)]
    pub design: Option<At<Design>>,
    /// How margins of error are computed for a quota or opt-in sample, if at all:
    /// `simple_random`.
    #[serde(default)]
    pub margins: Option<At<MarginBasis>>,
    /// Size of the population sampled, for the finite-population correction.
    #[serde(default)]
    pub population_size: Option<At<Count>>,
    /// Design effect of the weighting or clustering (n_eff = n / deff).
    #[serde(default)]
    pub design_effect: Option<At<f64>>,
    /// How the results were weighted: `redressement sur le sexe, l'âge et la région`,
    /// or `aucune pondération`.
    #[serde(default, deserialize_with = "optional_text")]
    pub weighting: Option<String>,
}

/// A breakdown of the sample (profession, practice setting…).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Breakdown {
    /// Identifier, unique in the survey.
    pub id: At<String>,
    /// Heading, e.g. `Professions`.
    #[serde(deserialize_with = "non_empty")]
    pub label: String,
    /// True when only the top items are listed (they need not add up to 100).
    #[serde(default)]
    pub partial: bool,
    /// The shares.
    pub items: Vec<BreakdownItem>,
}

/// One share of a breakdown.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BreakdownItem {
    /// What the share is, e.g. `médecins`.
    #[serde(deserialize_with = "non_empty")]
    pub label: String,
    /// Percentage of the sample, 0–100.
    pub value: At<f64>,
}

/// A group of respondents that results are reported for.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Segment {
    /// Identifier used in answers' `values`.
    pub id: At<String>,
    /// Label, e.g. `Médecins`.
    #[serde(deserialize_with = "non_empty")]
    pub label: String,
    /// Number of respondents in the segment, if published.
    #[serde(default)]
    pub base: Option<At<Count>>,
}

/// A question and its results.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Identifier, unique in the survey.
    pub id: At<String>,
    /// The question, or the topic it measures.
    #[serde(deserialize_with = "non_empty")]
    pub wording: String,
    /// Single or multiple choice.
    pub kind: QuestionKind,
    /// Preferred chart; chosen from the kind and segments when absent.
    #[serde(default)]
    pub chart: Option<ChartKind>,
    /// A note on the base or wording, shown under the chart.
    #[serde(default, deserialize_with = "optional_text")]
    pub note: Option<String>,
    /// Who was asked, when not the whole sample: `utilisateurs d'un outil d'IA`.
    #[serde(default, deserialize_with = "optional_non_empty")]
    pub population: Option<String>,
    /// How many answered, per segment id, when published.
    #[serde(default)]
    pub bases: Entries<At<Count>>,
    /// What the values measure: shares of the respondents (the default), shares of
    /// something else, or counts.
    #[serde(default)]
    pub measure: Measure,
    /// What the values are shares of, for `measure: share`: `des autodiagnostics vus`.
    #[serde(default, deserialize_with = "optional_non_empty")]
    pub of: Option<String>,
    /// The unit of counts, for `measure: count`: `visites`.
    #[serde(default, deserialize_with = "optional_non_empty")]
    pub unit: Option<String>,
    /// The id this question had in the previous edition, when it changed.
    #[serde(default)]
    pub previous: Option<At<String>>,
    /// The answers reported.
    pub answers: Vec<Answer>,
}

impl SurveyFile {
    /// The base of the values of question `q` for segment `seg`: the question's own, or
    /// for a question of the whole sample the segment's. `(n, exact)`.
    pub fn value_base(&self, q: &Question, seg: &str) -> Option<(u32, bool)> {
        let own = q
            .bases
            .0
            .iter()
            .find(|(k, _)| k.value == seg)
            .map(|(_, c)| c.value);
        let segment = || {
            let g = self.segments.iter().find(|g| g.id.value == seg)?;
            g.base
                .as_ref()
                .filter(|_| q.population.is_none())
                .map(|b| b.value)
        };
        own.or_else(segment).map(|c| (c.n, c.approx.is_none()))
    }

    /// The base the small-base rule reads for question `q`, segment `seg`: the
    /// question's own, or else the segment's, even for a question asked of a subgroup
    /// (which has at most that many respondents).
    pub fn flag_base(&self, q: &Question, seg: &str) -> Option<Count> {
        let own = q
            .bases
            .0
            .iter()
            .find(|(k, _)| k.value == seg)
            .map(|(_, c)| c.value);
        own.or_else(|| {
            let g = self.segments.iter().find(|g| g.id.value == seg)?;
            g.base.as_ref().map(|b| b.value)
        })
    }
}

impl Question {
    /// The chart the question is drawn as: its `chart`, or by default a stacked bar for
    /// a single-choice question on the respondents, grouped bars with several segments,
    /// bars otherwise.
    pub fn chart_kind(&self, segments: usize) -> ChartKind {
        self.chart
            .unwrap_or(match (self.measure, self.kind, segments > 1) {
                (Measure::Respondents, QuestionKind::Single, _) => ChartKind::Stacked,
                (_, _, true) => ChartKind::Grouped,
                (_, _, false) => ChartKind::Bars,
            })
    }
}

/// What a question's values measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Percentages of the respondents (of the question's base).
    #[default]
    Respondents,
    /// Percentages of something else (`of:` says what): never drawn against 100 % of
    /// the respondents.
    Share,
    /// Counts (`unit:` says of what).
    Count,
}

/// One answer and its results per segment.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// Identifier, unique in the question.
    pub id: At<String>,
    /// Label for charts and tables: `Aide à la rédaction`.
    #[serde(deserialize_with = "non_empty")]
    pub label: String,
    /// The answer as it reads inside a sentence: `une aide à la rédaction`.
    #[serde(default, deserialize_with = "optional_text")]
    pub phrase: Option<String>,
    /// The id of a broader answer this one is part of (`très positive` within `positive`).
    #[serde(default)]
    pub part_of: Option<At<String>>,
    /// The id this answer had in the previous edition, when it changed.
    #[serde(default)]
    pub previous: Option<At<String>>,
    /// Percentage per segment id, 0–100.
    pub values: Entries<At<f64>>,
}
