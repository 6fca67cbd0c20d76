//! Looking data up for the helpers: a survey, a question, a segment, an answer (by
//! reference or by rank), with errors that suggest the id meant.

use std::collections::BTreeMap;

use minijinja::Error;
use minijinja::State;
use minijinja::value::Value;

use crate::resolve::{RAnswer, RQuestion, RSurvey, RValue};

use super::fragments::fail;
use super::helpers::HelperData;

/// A failed lookup, ready to be emitted as a fragment.
#[derive(Debug)]
pub struct LookupError {
    message: String,
    hint: String,
    needle: String,
}

impl LookupError {
    /// A lookup error: what is wrong, what to do, and the id to find in the source.
    pub fn new(message: String, hint: impl Into<String>, needle: &str) -> Self {
        LookupError {
            message,
            hint: hint.into(),
            needle: needle.to_string(),
        }
    }

    /// Record the error and return its marker (or fail outside articles).
    pub fn emit(self) -> Result<Value, Error> {
        fail(self.message, &self.hint, &self.needle)
    }
}

/// An answer found for one segment, with everything prose may want of it.
#[derive(Debug, Clone)]
pub struct Found {
    /// The answer.
    pub answer: RAnswer,
    /// Its percentage for the segment.
    pub value: f64,
    /// The formatted percentage.
    pub pct: String,
    /// 1-based rank among the question's top-level answers for the segment.
    pub rank: usize,
    /// The rank as a word (`deuxième`).
    pub rank_word: String,
    /// The segment's label.
    pub segment_label: String,
    /// The value with its base, margin, flag and change.
    pub figure: RValue,
}

impl Found {
    pub(super) fn into_value(self) -> Value {
        let mut map = BTreeMap::new();
        map.insert("id", Value::from(self.answer.id));
        map.insert("label", Value::from(self.answer.label));
        map.insert("phrase", Value::from(self.answer.phrase));
        map.insert("value", Value::from(self.value));
        map.insert("pct", Value::from(self.pct));
        map.insert("rank", Value::from(self.rank));
        map.insert("rank_word", Value::from(self.rank_word));
        map.insert("segment", Value::from(self.segment_label));
        Value::from(map)
    }
}

impl HelperData {
    /// The survey named by `explicit`, or the article's survey from the context.
    pub fn survey(&self, state: &State, explicit: Option<&str>) -> Result<&RSurvey, LookupError> {
        let from_ctx = state
            .lookup("survey_id")
            .and_then(|v| v.as_str().map(str::to_string));
        let Some(id) = explicit.map(str::to_string).or(from_ctx) else {
            return Err(LookupError::new(
                "no survey for this article (front matter has no `survey:`)".into(),
                "add `survey: <id>` to the front matter, or pass survey=\"<id>\"",
                "survey",
            ));
        };
        let published = state
            .lookup("article_published")
            .is_some_and(|v| v.is_true());
        if published && self.embargoed.contains(&id) {
            return Err(LookupError::new(
                format!("survey `{id}` is under embargo (a published article cannot show it yet)"),
                "date the article at or after the survey's release, or write about a published survey",
                &id,
            ));
        }
        self.surveys.get(&id).ok_or_else(|| {
            let ids: Vec<&str> = self.surveys.keys().map(String::as_str).collect();
            LookupError::new(
                format!("unknown survey `{id}`"),
                suggestion(&id, &ids, "surveys"),
                &id,
            )
        })
    }

    /// The question `qid` of the current survey.
    pub fn question<'a>(
        &'a self,
        survey: &'a RSurvey,
        qid: &str,
    ) -> Result<&'a RQuestion, LookupError> {
        survey
            .questions
            .iter()
            .find(|q| q.id == qid)
            .ok_or_else(|| {
                let ids: Vec<&str> = survey.questions.iter().map(|q| q.id.as_str()).collect();
                LookupError::new(
                    format!("unknown question `{qid}` (survey `{}`)", survey.id),
                    suggestion(qid, &ids, "questions"),
                    qid,
                )
            })
    }

    /// The segment `seg` (or the default one) of a survey: (id, label).
    pub fn segment_of<'a>(
        &self,
        survey: &'a RSurvey,
        seg: Option<&str>,
    ) -> Result<(&'a str, &'a str), LookupError> {
        let found = match seg {
            None => survey.segments.first(),
            Some(id) => survey.segments.iter().find(|s| s.id == id),
        };
        found
            .map(|s| (s.id.as_str(), s.label.as_str()))
            .ok_or_else(|| {
                let id = seg.unwrap_or("");
                let ids: Vec<&str> = survey.segments.iter().map(|s| s.id.as_str()).collect();
                LookupError::new(
                    format!("unknown segment `{id}` (survey `{}`)", survey.id),
                    suggestion(id, &ids, "segments"),
                    id,
                )
            })
    }

    pub(super) fn segment(
        &self,
        state: &State,
        survey: Option<&str>,
        id: &str,
    ) -> Result<Value, LookupError> {
        let survey = self.survey(state, survey)?;
        let (sid, _) = self.segment_of(survey, Some(id))?;
        let s = survey
            .segments
            .iter()
            .find(|s| s.id == sid)
            .expect("segment found above");
        Ok(Value::from(minijinja::value::Serde(s)))
    }

    /// Look up `question.answer` for a segment.
    pub fn lookup_answer(
        &self,
        state: &State,
        survey: Option<&str>,
        reference: &str,
        seg: Option<&str>,
    ) -> Result<Found, LookupError> {
        let survey = self.survey(state, survey)?;
        let Some((qid, aid)) = reference.split_once('.') else {
            return Err(LookupError::new(
                format!("malformed reference `{reference}` (expected `question.answer`)"),
                "write the question id, a dot, and the answer id, e.g. \"perception.positive\"",
                reference,
            ));
        };
        let question = self.question(survey, qid)?;
        let answer = question
            .answers
            .iter()
            .find(|a| a.id == aid)
            .ok_or_else(|| {
                let ids: Vec<&str> = question.answers.iter().map(|a| a.id.as_str()).collect();
                LookupError::new(
                    format!("unknown answer `{aid}` (question `{qid}`)"),
                    suggestion(aid, &ids, "answers"),
                    reference,
                )
            })?;
        self.found(survey, question, answer, seg, reference)
    }

    /// The `n`-th answer of a question, ranked by value for a segment.
    pub fn ranked_answer(
        &self,
        state: &State,
        survey: Option<&str>,
        qid: &str,
        n: usize,
        seg: Option<&str>,
    ) -> Result<Found, LookupError> {
        let survey = self.survey(state, survey)?;
        let question = self.question(survey, qid)?;
        let (sid, _) = self.segment_of(survey, seg)?;
        let ranked = ranked(question, sid);
        let answer = n
            .checked_sub(1)
            .and_then(|i| ranked.get(i))
            .ok_or_else(|| {
                LookupError::new(
                    format!(
                        "no answer ranked {n} (question `{qid}` has {} for this segment)",
                        ranked.len()
                    ),
                    "use n from 1 to the number of answers",
                    qid,
                )
            })?;
        self.found(survey, question, answer, seg, qid)
    }

    fn found(
        &self,
        survey: &RSurvey,
        question: &RQuestion,
        answer: &RAnswer,
        seg: Option<&str>,
        needle: &str,
    ) -> Result<Found, LookupError> {
        let (sid, label) = self.segment_of(survey, seg)?;
        if let Some(w) = answer.withheld.get(sid) {
            return Err(LookupError::new(
                format!(
                    "value not shown for segment `{sid}` (answer `{}.{}`: its base of {} is below the threshold of {})",
                    question.id, answer.id, w.base, survey.method.statistics.suppress_below
                ),
                "a figure on so few respondents is not published: write about another segment, or set `statistics: { suppress_below: … }` if your own rule allows it",
                needle,
            ));
        }
        let value = answer.values.get(sid).ok_or_else(|| {
            LookupError::new(
                format!(
                    "no value for segment `{sid}` (answer `{}.{}`)",
                    question.id, answer.id
                ),
                format!("add `{sid}:` under the answer's values, or choose another segment"),
                needle,
            )
        })?;
        let rank = ranked(question, sid)
            .iter()
            .position(|a| a.id == answer.id)
            .map_or(0, |i| i + 1);
        Ok(Found {
            answer: answer.clone(),
            value: value.value,
            pct: value.text.clone(),
            rank,
            rank_word: match rank {
                0 => String::new(),
                r => self
                    .ui
                    .get(&format!("ordinal_{r}"))
                    .cloned()
                    .unwrap_or_else(|| r.to_string()),
            },
            segment_label: label.to_string(),
            figure: value.clone(),
        })
    }
}

/// Top-level answers with a value for `seg`, highest first (file order breaks ties).
pub fn ranked<'a>(question: &'a RQuestion, seg: &str) -> Vec<&'a RAnswer> {
    let mut list: Vec<&RAnswer> = question
        .answers
        .iter()
        .filter(|a| a.part_of.is_none() && a.values.contains_key(seg))
        .collect();
    list.sort_by(|a, b| b.values[seg].value.total_cmp(&a.values[seg].value));
    list
}

fn suggestion(id: &str, known: &[&str], what: &str) -> String {
    match crate::text::closest(id, known) {
        Some(best) => format!("did you mean `{best}`?"),
        None if known.is_empty() => format!("there are no {what} to refer to"),
        None => {
            let list = known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            format!("known {what}: {list}")
        }
    }
}
