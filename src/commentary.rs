//! Commentary helpers: the template functions an article uses to reach the data.
//!
//! `pct("question.answer")` prints a figure, `answer(…)` and `top(…)` give an answer's
//! label, phrase, figure and rank, `stat_list(…)` writes a list of figures, and
//! `quote(…)`, `methodology()`, `infographic_link()` and `chart(…)` insert blocks
//! rendered from `templates/partials/`. No number in the prose is typed by hand.
//!
//! While an article renders, helpers do not fail on a bad reference: they record it and
//! return a marker, so every bad reference of the article is reported at once, each at
//! the position of its call (see [`crate::markdown`]). Block HTML is returned as a marker
//! too and spliced in after the Markdown is sanitised, so it is never mangled.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Arc;

use minijinja::value::{Kwargs, Object, Value};
use minijinja::{Environment, Error, ErrorKind, State};

use crate::locale::Locale;
use crate::resolve::{RAnswer, RQuestion, RQuote, RSurvey};

/// Data the helpers read: surveys, quotes, language and UI strings.
#[derive(Debug)]
pub struct HelperData {
    /// Surveys by id.
    pub surveys: BTreeMap<String, RSurvey>,
    /// Quotes by id.
    pub quotes: BTreeMap<String, RQuote>,
    /// Site language.
    pub locale: Locale,
    /// UI strings.
    pub ui: BTreeMap<String, String>,
    /// Charts the commentary drew: (survey, question, kind). Their SVG files are
    /// written once, whatever the number of articles showing them.
    pub charts:
        std::sync::Mutex<std::collections::BTreeSet<(String, String, crate::model::ChartKind)>>,
}

/// What a helper left behind a marker.
#[derive(Debug, Clone, PartialEq)]
pub enum Fragment {
    /// Trusted HTML to splice in after sanitising.
    Html(String),
    /// An error with its own location (for example inside a partial template).
    Located(crate::diagnostics::Diagnostic),
    /// A bad reference: message, hint, and the id to look for in the source.
    Error {
        /// What is wrong.
        message: String,
        /// What to do.
        hint: String,
        /// The offending id as written, to locate the call.
        needle: String,
    },
}

thread_local! {
    static FRAGMENTS: RefCell<Option<Vec<Fragment>>> = const { RefCell::new(None) };
}

/// Start collecting fragments on this thread (one article at a time).
pub fn begin_collecting() {
    FRAGMENTS.with(|f| *f.borrow_mut() = Some(Vec::new()));
}

/// Stop collecting and return what the helpers left.
pub fn finish_collecting() -> Vec<Fragment> {
    FRAGMENTS.with(|f| f.borrow_mut().take().unwrap_or_default())
}

/// The marker standing for fragment `index`: private-use characters around the index.
pub fn marker(index: usize) -> String {
    format!("\u{e000}{index}\u{e001}")
}

/// Record a fragment and return its marker; without a collector, HTML is returned as is
/// and errors become template errors.
fn emit(fragment: Fragment) -> Result<Value, Error> {
    let pushed = FRAGMENTS.with(|f| {
        f.borrow_mut().as_mut().map(|list| {
            list.push(fragment.clone());
            list.len() - 1
        })
    });
    match (pushed, fragment) {
        (Some(i), _) => Ok(Value::from_safe_string(marker(i))),
        (None, Fragment::Html(html)) => Ok(Value::from_safe_string(html)),
        (None, Fragment::Error { message, hint, .. }) => Err(Error::new(
            ErrorKind::InvalidOperation,
            format!("{message}\nhint: {hint}"),
        )),
        (None, Fragment::Located(d)) => Err(Error::new(ErrorKind::InvalidOperation, d.to_string())),
    }
}

/// Record an error that carries its own location; returns its marker.
pub fn emit_located(d: crate::diagnostics::Diagnostic) -> Result<Value, Error> {
    emit(Fragment::Located(d))
}

/// Hand trusted block HTML back to the template (as a marker while collecting).
pub fn emit_html(html: String) -> Result<Value, Error> {
    emit(Fragment::Html(html))
}

fn fail(message: String, hint: &str, needle: &str) -> Result<Value, Error> {
    emit(Fragment::Error {
        message,
        hint: hint.to_string(),
        needle: needle.to_string(),
    })
}

/// An object whose every attribute is the same error marker, returned by helpers that
/// give objects, so `answer("bad").pct` reports the bad id rather than a missing attribute.
#[derive(Debug)]
struct Poisoned(Value);

impl Object for Poisoned {
    fn get_value(self: &Arc<Self>, _key: &Value) -> Option<Value> {
        Some(self.0.clone())
    }
    fn render(self: &Arc<Self>, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

fn poisoned(result: Result<Value, Error>) -> Result<Value, Error> {
    result.map(|marker| Value::from_object(Poisoned(marker)))
}

/// The `segment=` and `survey=` keyword arguments every data helper accepts; a
/// positional segment, where a helper takes one, wins over the keyword.
fn common_kwargs(
    kw: &Kwargs,
    positional: Option<String>,
) -> Result<(Option<String>, Option<String>), Error> {
    let seg: Option<String> = kw.get("segment")?;
    let survey: Option<String> = kw.get("survey")?;
    Ok((positional.or(seg), survey))
}

/// Register every helper on `env`.
pub fn register(env: &mut Environment<'static>, data: Arc<HelperData>) {
    let d = data.clone();
    env.add_function(
        "pct",
        move |state: &State, r: String, seg: Option<String>, kw: Kwargs| {
            let (seg, survey) = common_kwargs(&kw, seg)?;
            kw.assert_all_used()?;
            match d.lookup_answer(state, survey.as_deref(), &r, seg.as_deref()) {
                Ok(found) => Ok(Value::from(found.pct)),
                Err(e) => e.emit(),
            }
        },
    );
    let d = data.clone();
    env.add_function(
        "value",
        move |state: &State, r: String, seg: Option<String>, kw: Kwargs| {
            let (seg, survey) = common_kwargs(&kw, seg)?;
            kw.assert_all_used()?;
            match d.lookup_answer(state, survey.as_deref(), &r, seg.as_deref()) {
                Ok(found) => Ok(Value::from(found.value)),
                Err(e) => e.emit(),
            }
        },
    );
    let d = data.clone();
    env.add_function(
        "answer",
        move |state: &State, r: String, seg: Option<String>, kw: Kwargs| {
            let (seg, survey) = common_kwargs(&kw, seg)?;
            kw.assert_all_used()?;
            match d.lookup_answer(state, survey.as_deref(), &r, seg.as_deref()) {
                Ok(found) => Ok(found.into_value()),
                Err(e) => poisoned(e.emit()),
            }
        },
    );
    let d = data.clone();
    env.add_function(
        "top",
        move |state: &State, q: String, n: Option<usize>, kw: Kwargs| {
            let n = match n {
                Some(n) => Some(n),
                None => kw.get::<Option<usize>>("n")?,
            };
            let (seg, survey) = common_kwargs(&kw, None)?;
            kw.assert_all_used()?;
            match d.ranked_answer(state, survey.as_deref(), &q, n.unwrap_or(1), seg.as_deref()) {
                Ok(found) => Ok(found.into_value()),
                Err(e) => poisoned(e.emit()),
            }
        },
    );
    let d = data.clone();
    env.add_function("segment", move |state: &State, id: String, kw: Kwargs| {
        let (_, survey) = common_kwargs(&kw, None)?;
        kw.assert_all_used()?;
        match d.segment(state, survey.as_deref(), &id) {
            Ok(v) => Ok(v),
            Err(e) => poisoned(e.emit()),
        }
    });
    let d = data.clone();
    env.add_function("stat_list", move |state: &State, q: String, kw: Kwargs| {
        crate::blocks::stat_list(&d, state, &q, &kw)
    });
    let d = data.clone();
    env.add_function("quote", move |state: &State, id: String| {
        crate::blocks::quote(&d, state, &id)
    });
    let d = data.clone();
    env.add_function("chart", move |state: &State, q: String, kw: Kwargs| {
        crate::blocks::chart(&d, state, &q, &kw)
    });
    let d = data.clone();
    env.add_function("methodology", move |state: &State, kw: Kwargs| {
        crate::blocks::methodology(&d, state, &kw)
    });
    let d = data;
    env.add_function("infographic_link", move |state: &State, kw: Kwargs| {
        crate::blocks::infographic_link(&d, state, &kw)
    });
}

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
}

impl Found {
    fn into_value(self) -> Value {
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

    fn segment(&self, state: &State, survey: Option<&str>, id: &str) -> Result<Value, LookupError> {
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
