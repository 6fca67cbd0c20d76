//! The commentary's helpers over editions: `delta` (a figure's change against the
//! previous edition, in words from the locale files, with the test's verdict) and
//! `series` (the figure in every edition of its series).

use std::sync::Arc;

use minijinja::value::{Kwargs, Object, Value};
use minijinja::{Error, State};

use crate::resolve::RChange;

use super::fragments::poisoned;
use super::helpers::{HelperData, common_kwargs};
use super::lookup::{Found, LookupError};

/// A change, printed as its words, with its parts as attributes.
#[derive(Debug)]
struct Delta(RChange);

impl Object for Delta {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let c = &self.0;
        Some(match key.as_str()? {
            "text" => Value::from(c.text.clone()),
            "points" => Value::from(c.points),
            "points_text" => Value::from(c.points_text.clone()),
            "direction" => Value::from(c.direction),
            "significant" => c.significant.map_or(Value::from(()), Value::from),
            "p_value" => c.p_value.map_or(Value::from(()), Value::from),
            "previous" => Value::from(c.previous),
            "previous_text" => Value::from(c.previous_text.clone()),
            "edition" => Value::from(c.edition),
            "reworded" => Value::from(c.reworded),
            _ => return None,
        })
    }

    fn render(self: &Arc<Self>, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.text)
    }
}

/// The figure `r` names with its keywords read: `(found, segment, survey)`; or, when it
/// cannot be found, what the helper returns (the error recorded).
type Looked = Result<(Found, Option<String>, Option<String>), Result<Value, Error>>;

fn look_up(d: &HelperData, state: &State, r: &str, seg: Option<String>, kw: &Kwargs) -> Looked {
    let (seg, survey) = common_kwargs(kw, seg).map_err(Err)?;
    kw.assert_all_used().map_err(Err)?;
    match d.lookup_answer(state, survey.as_deref(), r, seg.as_deref()) {
        Ok(found) => Ok((found, seg, survey)),
        Err(e) => Err(poisoned(e.emit())),
    }
}

/// `delta("q.a", segment=…, survey=…)`.
pub(super) fn delta(
    d: &HelperData,
    state: &State,
    r: &str,
    seg: Option<String>,
    kw: &Kwargs,
) -> Result<Value, Error> {
    let (found, _, survey) = match look_up(d, state, r, seg, kw) {
        Ok(looked) => looked,
        Err(returned) => return returned,
    };
    match found.figure.change {
        Some(change) => Ok(Value::from_object(Delta(change))),
        None => {
            let s = d.survey(state, survey.as_deref()).ok();
            let why = match s
                .and_then(|s| s.series.as_ref())
                .and_then(|l| l.previous.as_ref())
            {
                None => "the survey has no previous edition".to_string(),
                Some(p) => format!(
                    "edition {} has no value shown for it: not asked, not published, or withheld for its small base",
                    p.edition
                ),
            };
            poisoned(
                LookupError::new(
                    format!("no change to give for `{r}` ({why})"),
                    "list the earlier edition in `previous_editions`, match the question or answer with `previous:`, or write about a figure both editions have",
                    r,
                )
                .emit(),
            )
        }
    }
}

/// The figure in every edition, printed `48 % en 2024, 50 % en 2025, 55 % en 2026`.
#[derive(Debug)]
struct Series {
    items: Vec<Value>,
    text: String,
}

impl Object for Series {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        match key.as_str() {
            Some("text") => Some(Value::from(self.text.clone())),
            Some("points") => Some(Value::from(self.items.clone())),
            _ => self.items.get(key.as_usize()?).cloned(),
        }
    }

    fn enumerate(self: &Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Values(self.items.clone())
    }

    fn render(self: &Arc<Self>, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// `series("q.a", segment=…, survey=…)`: the figure back through the editions that
/// have it, oldest first.
pub(super) fn series(
    d: &HelperData,
    state: &State,
    r: &str,
    seg: Option<String>,
    kw: &Kwargs,
) -> Result<Value, Error> {
    let (mut found, seg, survey) = match look_up(d, state, r, seg, kw) {
        Ok(looked) => looked,
        Err(returned) => return returned,
    };
    let edition = match d.survey(state, survey.as_deref()) {
        Ok(s) => s.edition,
        Err(e) => return poisoned(e.emit()),
    };
    let (sid, _) = match d
        .survey(state, survey.as_deref())
        .and_then(|s| d.segment_of(s, seg.as_deref()))
    {
        Ok(found) => found,
        Err(e) => return poisoned(e.emit()),
    };
    let mut points = vec![(edition, found.pct.clone(), found.value)];
    let mut change = found.figure.change.take();
    while let Some(c) = change {
        points.push((c.edition, c.previous_text.clone(), c.previous));
        // Step back to the earlier edition's own value, and its own change.
        change = d
            .surveys
            .get(&c.survey)
            .and_then(|s| s.questions.iter().find(|q| q.id == c.question))
            .and_then(|q| q.answers.iter().find(|a| a.id == c.answer))
            .and_then(|a| a.values.get(sid))
            .and_then(|v| v.change.clone());
    }
    points.reverse();
    let item = d.ui.get("series_item").cloned().unwrap_or_default();
    let text = points
        .iter()
        .map(|(e, text, _)| {
            item.replace("{value}", text)
                .replace("{edition}", &e.to_string())
        })
        .collect::<Vec<_>>()
        .join(", ");
    let items = points
        .into_iter()
        .map(|(edition, text, value)| {
            let mut point = std::collections::BTreeMap::new();
            point.insert("edition", Value::from(edition));
            point.insert("value", Value::from(value));
            point.insert("pct", Value::from(text));
            Value::from(point)
        })
        .collect();
    Ok(Value::from_object(Series {
        text: d.locale.typography(&text),
        items,
    }))
}
