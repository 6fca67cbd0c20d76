//! The commentary's template functions, registered on the build's environment: data
//! helpers (`pct`, `value`, `answer`, `top`, `segment`; `delta` and `series` over
//! editions, in [`super::evolution`]) and block helpers (`stat_list`,
//! `quote`, `chart`, `methodology`, `infographic_link`, in [`super::blocks`]). No number
//! in the prose is typed by hand.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, Error, State};

use crate::charts::ChartSet;
use crate::locale::Locale;
use crate::resolve::{RQuote, RSurvey};

use super::ChartRequests;
use super::blocks;
use super::fragments::poisoned;

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
    pub requests: Mutex<ChartRequests>,
    /// The build's charts, each drawn once per width.
    pub charts: Arc<ChartSet>,
    /// Surveys held back (under embargo): only articles held back with them may read
    /// them.
    pub embargoed: std::collections::BTreeSet<String>,
}

/// The `segment=` and `survey=` keyword arguments every data helper accepts; a
/// positional segment, where a helper takes one, wins over the keyword.
pub(super) fn common_kwargs(
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
    env.add_function(
        "delta",
        move |state: &State, r: String, seg: Option<String>, kw: Kwargs| {
            super::evolution::delta(&d, state, &r, seg, &kw)
        },
    );
    let d = data.clone();
    env.add_function(
        "series",
        move |state: &State, r: String, seg: Option<String>, kw: Kwargs| {
            super::evolution::series(&d, state, &r, seg, &kw)
        },
    );
    let d = data.clone();
    env.add_function("stat_list", move |state: &State, q: String, kw: Kwargs| {
        blocks::stat_list(&d, state, &q, &kw)
    });
    let d = data.clone();
    env.add_function("quote", move |state: &State, id: String| {
        blocks::quote(&d, state, &id)
    });
    let d = data.clone();
    env.add_function("chart", move |state: &State, q: String, kw: Kwargs| {
        blocks::chart(&d, state, &q, &kw)
    });
    let d = data.clone();
    env.add_function("methodology", move |state: &State, kw: Kwargs| {
        blocks::methodology(&d, state, &kw)
    });
    let d = data;
    env.add_function("infographic_link", move |state: &State, kw: Kwargs| {
        blocks::infographic_link(&d, state, &kw)
    });
}
