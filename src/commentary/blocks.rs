//! Block helpers of the commentary: stat lists, quotes, charts, the methodology box and
//! the infographic link, each rendered from a partial in `templates/partials/` so a
//! project can restyle it, and handed back as a fragment to splice in after sanitising.

use minijinja::value::{Kwargs, Serde, Value};
use minijinja::{Error, State, context};

use crate::model::ChartKind;

use super::fragments::{emit_html, emit_located};
use super::helpers::HelperData;
use super::lookup::{LookupError, ranked};

/// Where article pages sit relative to the site root (`<slug>/index.html`).
pub const ARTICLE_ROOT: &str = "../";

fn render_partial(state: &State, name: &str, ctx: Value) -> Result<Value, Error> {
    let base = context! { ui => state.lookup("ui"), root => ARTICLE_ROOT };
    let template = state.env().get_template(name)?;
    match template.render(context! { ..ctx, ..base }) {
        Ok(html) => emit_html(html),
        Err(e) => {
            let source = e
                .name()
                .and_then(|n| state.env().get_template(n).ok())
                .map(|t| t.source().to_string());
            emit_located(crate::templating::located_template_error(
                &e,
                source.as_deref(),
            ))
        }
    }
}

/// `stat_list("question", segment=…, lead=…, each=…, limit=…, only=[…])`: one line per
/// answer, highest first: « 75 % des soignants citent l'IA comme une aide à la rédaction ».
/// `lead` follows the first figure, `each` the others.
pub fn stat_list(d: &HelperData, state: &State, qid: &str, kw: &Kwargs) -> Result<Value, Error> {
    let seg: Option<String> = kw.get("segment")?;
    let lead: Option<String> = kw.get("lead")?;
    let each: Option<String> = kw.get("each")?;
    let limit: Option<usize> = kw.get("limit")?;
    let only: Option<Vec<String>> = kw.get("only")?;
    let survey_kw: Option<String> = kw.get("survey")?;
    kw.assert_all_used()?;
    let result = (|| -> Result<Vec<Value>, LookupError> {
        let survey = d.survey(state, survey_kw.as_deref())?;
        let question = d.question(survey, qid)?;
        let (sid, _) = d.segment_of(survey, seg.as_deref())?;
        let sid = sid.to_string();
        let mut answers = ranked(question, &sid);
        if let Some(only) = &only {
            for id in only {
                if !question.answers.iter().any(|a| &a.id == id) {
                    let reference = format!("{qid}.{id}");
                    d.lookup_answer(state, survey_kw.as_deref(), &reference, seg.as_deref())?;
                }
            }
            answers.retain(|a| only.contains(&a.id));
        }
        if let Some(limit) = limit {
            answers.truncate(limit);
        }
        if answers.is_empty() {
            return Err(LookupError::new(
                format!(
                    "empty list (question `{qid}` has no answer with a value for segment `{sid}`)"
                ),
                "choose another segment, or check `only=` and `limit=`",
                qid,
            ));
        }
        let lead = lead.as_deref().map(|t| d.locale.typography(t));
        let each = each.as_deref().map(|t| d.locale.typography(t));
        Ok(answers
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let connective = if i == 0 { lead.clone() } else { each.clone() };
                context! {
                    pct => a.values[&sid].text.clone(),
                    value => a.values[&sid].value,
                    label => a.label.clone(),
                    phrase => a.phrase.clone(),
                    connective => connective.unwrap_or_default(),
                    last => i + 1 == answers.len(),
                }
            })
            .collect())
    })();
    match result {
        Ok(items) => render_partial(
            state,
            "partials/stat_list.html",
            context! { items => items, question => qid },
        ),
        Err(e) => e.emit(),
    }
}

/// `quote("id")`: the quotation with its speaker, as a `<figure>`.
pub fn quote(d: &HelperData, state: &State, id: &str) -> Result<Value, Error> {
    match d.quotes.get(id) {
        Some(q) => render_partial(state, "partials/quote.html", context! { quote => Serde(q) }),
        None => {
            let ids: Vec<&str> = d.quotes.keys().map(String::as_str).collect();
            let hint = match crate::text::closest(id, &ids) {
                Some(best) => format!("did you mean `{best}`?"),
                None => {
                    "quotes are defined in content/quotes/*.yaml; use one of their ids".to_string()
                }
            };
            LookupError::new(format!("unknown quote `{id}`"), hint, id).emit()
        }
    }
}

/// `methodology()`: the box with fieldwork, sample, method and breakdowns.
pub fn methodology(d: &HelperData, state: &State, kw: &Kwargs) -> Result<Value, Error> {
    let survey_kw: Option<String> = kw.get("survey")?;
    kw.assert_all_used()?;
    match d.survey(state, survey_kw.as_deref()) {
        Ok(s) => render_partial(
            state,
            "partials/methodology.html",
            context! { survey => Serde(s) },
        ),
        Err(e) => e.emit(),
    }
}

/// `infographic_link(text=…)`: a link to the survey's infographic PDF.
pub fn infographic_link(d: &HelperData, state: &State, kw: &Kwargs) -> Result<Value, Error> {
    let text: Option<String> = kw.get("text")?;
    let survey_kw: Option<String> = kw.get("survey")?;
    kw.assert_all_used()?;
    match d.survey(state, survey_kw.as_deref()) {
        Ok(s) => {
            let text = text
                .map(|t| d.locale.typography(&t))
                .unwrap_or_else(|| d.ui.get("infographic_link").cloned().unwrap_or_default());
            render_partial(
                state,
                "partials/infographic_link.html",
                context! { href => s.pdf.clone(), text => text, survey => Serde(s) },
            )
        }
        Err(e) => e.emit(),
    }
}

/// `chart("question", type=…)`: the question drawn as SVG, with its text alternative and
/// a data table. `type` is `bars`, `grouped` or `stacked`; the question's own chart
/// type otherwise.
pub fn chart(d: &HelperData, state: &State, qid: &str, kw: &Kwargs) -> Result<Value, Error> {
    let kind: Option<String> = kw.get("type")?;
    let survey_kw: Option<String> = kw.get("survey")?;
    kw.assert_all_used()?;
    let survey = match d.survey(state, survey_kw.as_deref()) {
        Ok(s) => s,
        Err(e) => return e.emit(),
    };
    let question = match d.question(survey, qid) {
        Ok(q) => q,
        Err(e) => return e.emit(),
    };
    let kind = match kind.as_deref() {
        None => question.chart,
        Some("bars") => ChartKind::Bars,
        Some("grouped") => ChartKind::Grouped,
        Some("stacked") => ChartKind::Stacked,
        Some(other) => {
            return LookupError::new(
                format!("unknown chart type `{other}` (expected `bars`, `grouped` or `stacked`)"),
                "leave type out to use the question's chart type",
                other,
            )
            .emit();
        }
    };
    if kind == ChartKind::Stacked && question.measure != crate::model::Measure::Respondents {
        return LookupError::new(
            format!(
                "a stacked chart adds shares of the respondents up to 100 % (question `{}` gives {})",
                question.id,
                match question.measure {
                    crate::model::Measure::Count => "counts",
                    _ => "shares of something else",
                }
            ),
            "use type=\"bars\" or type=\"grouped\", or leave type out",
            "stacked",
        )
        .emit();
    }
    let chart = d
        .charts
        .question(survey, question, kind, crate::charts::WIDE);
    d.requests
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert((survey.id.clone(), question.id.clone(), kind));
    let files = crate::charts::ChartFiles::of(&survey.id, &question.id, kind);
    let ctx =
        context! { chart => Serde(&*chart), files => Serde(&files), note => question.chart_note() };
    render_partial(state, "partials/chart.html", ctx)
}
