//! Editions over time, resolved: the change of each value against the previous edition
//! (in points, with the two-proportion test of [`crate::stats`] where both samples allow
//! one, and its words from the locale files), and each series of editions with the
//! trend of every repeated question.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::locale::Locale;
use crate::model::{
    Answer, Question, Statistics, SurveyDoc, SurveyFile, matching_answer, matching_question,
    previous_edition, series_name,
};
use crate::stats::{self, BaseFlag};

use super::Ctx;
use super::method::{effective, margins_apply, value_base, value_flag};

/// A value's change against the previous edition.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RChange {
    /// The previous edition, usually a year.
    pub edition: u32,
    /// Its survey id.
    pub survey: String,
    /// The question's id then.
    pub question: String,
    /// The answer's id then.
    pub answer: String,
    /// The value then.
    pub previous: f64,
    /// The value then, formatted.
    pub previous_text: String,
    /// Now minus then, in points (rounded to a tenth).
    pub points: f64,
    /// `+5 points`, `−3 points`, `0 point`.
    pub points_text: String,
    /// `up`, `down` or `same`.
    pub direction: &'static str,
    /// Whether the change is significant at the survey's confidence level; none when
    /// it cannot be tested (a non-probability sample, a base not published).
    pub significant: Option<bool>,
    /// The test's two-sided p-value, when tested.
    pub p_value: Option<f64>,
    /// True when the question was worded differently then.
    pub reworded: bool,
    /// The change in words: `en hausse de 5 points par rapport à 2025`.
    pub text: String,
}

/// The value of question `q`, answer `a`, segment `seg` in survey `s`, found with its
/// base: `(value, base)`.
fn value_of(
    s: &SurveyFile,
    q: &Question,
    a: &Answer,
    seg: &str,
) -> Option<(f64, Option<(u32, bool)>)> {
    let v = a.values.0.iter().find(|(k, _)| k.value == seg)?.1.value;
    Some((v, value_base(s, q, seg)))
}

/// The question of the previous edition that a question continues, with that edition's
/// settings: found once per question, read for each of its values.
pub(super) struct Before<'a> {
    doc: &'a SurveyDoc,
    q: &'a Question,
    st: Statistics,
}

/// What question `q` of survey `s` continues, if the previous edition asked it.
pub(super) fn before<'a>(ctx: &Ctx<'a>, s: &SurveyFile, q: &Question) -> Option<Before<'a>> {
    let doc = previous_edition(ctx.docs, s)?;
    Some(Before {
        q: matching_question(&doc.data, q)?,
        st: ctx.statistics(&doc.data),
        doc,
    })
}

/// The change of `value` (answer `a` of question `q`, segment `seg`, survey `s`) against
/// the previous edition (`before`, from [`before`]), if that edition has the same
/// figure, shown.
pub(super) fn change(
    ctx: &Ctx,
    (s, st): (&SurveyFile, &Statistics),
    before: Option<&Before>,
    (q, a, seg): (&Question, &Answer, &str),
    value: f64,
) -> Option<RChange> {
    let Before {
        doc: prev,
        q: pq,
        st: prev_st,
    } = before?;
    let pa = matching_answer(pq, a)?;
    let (then, then_base) = value_of(&prev.data, pq, pa, seg)?;
    let withheld = |s: &SurveyFile, st: &Statistics, q: &Question| {
        value_flag(s, st, q, seg).1 == BaseFlag::Suppressed
    };
    if withheld(&prev.data, prev_st, pq) || withheld(s, st, q) {
        return None;
    }
    let points = ((value - then) * 10.0).round() / 10.0;
    let test = match (value_base(s, q, seg), then_base) {
        (Some((n, true)), Some((m, true))) if margins_apply(s) && margins_apply(&prev.data) => {
            stats::two_proportion_test(
                then / 100.0,
                effective(&prev.data, m),
                value / 100.0,
                effective(s, n),
            )
        }
        _ => None,
    };
    let format = |v: f64| match q.measure {
        crate::model::Measure::Count => ctx.locale.number(v),
        _ => ctx.locale.percent(v),
    };
    let significant = test.map(|t| t.significant(st.alpha()));
    let direction = match points {
        p if p > 0.0 => "up",
        p if p < 0.0 => "down",
        _ => "same",
    };
    let count = q.measure == crate::model::Measure::Count;
    let points_text = signed_points(ctx, points, count);
    let reworded = !crate::text::same_words(&pq.wording, &q.wording);
    let mut text = words(
        ctx,
        (direction, significant),
        (points, count),
        &points_text,
        prev.data.edition.value,
    );
    // A change of percentages that could not be tested says so.
    if significant.is_none() && direction != "same" && !count {
        text.push_str(&ctx.text("delta_untested"));
    }
    if reworded {
        text.push_str(&ctx.text("delta_reworded"));
    }
    Some(RChange {
        edition: prev.data.edition.value,
        survey: prev.id.clone(),
        question: pq.id.value.clone(),
        answer: pa.id.value.clone(),
        previous: then,
        previous_text: format(then),
        text,
        points,
        points_text,
        direction,
        significant,
        p_value: test.map(|t| t.p_value),
        reworded,
    })
}

/// `5 points`, `1 point` (from the locale files); for a count, the number alone.
fn points_words(ctx: &Ctx, points: f64, count: bool) -> String {
    let n = points.abs();
    if count {
        return ctx.locale.number(n);
    }
    let key = if n <= 1.0 {
        "points_one"
    } else {
        "points_many"
    };
    ctx.text(key).replace("{n}", &ctx.locale.number(n))
}

/// `+5 points`, `−3 points`.
fn signed_points(ctx: &Ctx, points: f64, count: bool) -> String {
    let sign = match points {
        p if p > 0.0 => "+",
        p if p < 0.0 => "\u{2212}",
        _ => "",
    };
    format!("{sign}{}", points_words(ctx, points, count))
}

/// The change in words, from the locale files.
fn words(
    ctx: &Ctx,
    (direction, significant): (&str, Option<bool>),
    (points, count): (f64, bool),
    signed: &str,
    edition: u32,
) -> String {
    let key = match (direction, significant) {
        ("same", _) => "delta_same",
        (_, Some(false)) => "delta_not_significant",
        ("up", _) => "delta_up",
        _ => "delta_down",
    };
    let text = ctx
        .text(key)
        .replace("{points}", &points_words(ctx, points, count))
        .replace("{change}", signed)
        .replace("{edition}", &edition.to_string());
    ctx.locale.typography(&text)
}

/// An edition of a series.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct REdition {
    /// Survey id.
    pub survey: String,
    /// Edition, usually a year.
    pub edition: u32,
    /// Survey title.
    pub title: String,
}

/// Where a survey stands in its series.
#[derive(Debug, Clone, Serialize)]
pub struct RSeriesLink {
    /// Series id (its page is `series/<id>/`).
    pub id: String,
    /// Series title.
    pub title: String,
    /// The edition before, if any.
    pub previous: Option<REdition>,
    /// The edition after, if any.
    pub next: Option<REdition>,
}

/// A series of two or more editions.
#[derive(Debug, Clone, Serialize)]
pub struct RSeries {
    /// Id: its page is `series/<id>/`.
    pub id: String,
    /// Title.
    pub title: String,
    /// Its editions, oldest first.
    pub editions: Vec<REdition>,
    /// The trend of every question of the latest edition asked in an earlier one.
    pub trends: Vec<RTrend>,
}

/// One question over the editions, for the first segment of the latest edition.
#[derive(Debug, Clone, Serialize)]
pub struct RTrend {
    /// The survey of the latest edition.
    pub survey: String,
    /// The question's id in the latest edition.
    pub question: String,
    /// Its wording in the latest edition.
    pub wording: String,
    /// The segment the values are for.
    pub segment: String,
    /// Its label.
    pub segment_label: String,
    /// Editions where the question was worded differently from the one before.
    pub reworded: Vec<u32>,
    /// One line per answer.
    pub answers: Vec<RTrendLine>,
}

/// An answer over the editions.
#[derive(Debug, Clone, Serialize)]
pub struct RTrendLine {
    /// Answer id in the latest edition.
    pub id: String,
    /// Label in the latest edition.
    pub label: String,
    /// One point per edition of the series, oldest first (none where not asked, or
    /// withheld).
    pub points: Vec<Option<RPoint>>,
    /// Editions where the value is withheld for its small base.
    pub withheld: Vec<u32>,
}

/// A value of a trend.
#[derive(Debug, Clone, Serialize)]
pub struct RPoint {
    /// The edition.
    pub edition: u32,
    /// The value.
    pub value: f64,
    /// Formatted.
    pub text: String,
    /// The change from the point before, when there is one.
    pub change: Option<RChange>,
}

/// The links between editions, found once per resolve: by survey id, the index of its
/// previous edition and of the edition that follows it. Walking a series is then a
/// lookup per edition, not a scan of every survey.
#[derive(Debug, Default)]
pub(crate) struct Links {
    prev: BTreeMap<String, usize>,
    next: BTreeMap<String, usize>,
}

impl Links {
    /// The links of `docs`.
    pub fn of(docs: &[SurveyDoc]) -> Links {
        let index: BTreeMap<&str, usize> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i))
            .collect();
        let mut links = Links::default();
        for (i, d) in docs.iter().enumerate() {
            if let Some(p) = previous_edition(docs, &d.data)
                && let Some(&j) = index.get(p.id.as_str())
            {
                links.prev.insert(d.id.clone(), j);
                links.next.insert(p.id.clone(), i);
            }
        }
        links
    }
}

/// The editions of the series `doc` belongs to, oldest first.
pub(super) fn chain<'a>(ctx: &Ctx<'a>, doc: &'a SurveyDoc) -> Vec<&'a SurveyDoc> {
    // Walk to the latest edition, then back through each previous one. A previous
    // edition is always an earlier one, so both walks end.
    let mut latest = doc;
    while let Some(&i) = ctx.links.next.get(&latest.id) {
        latest = &ctx.docs[i];
    }
    let mut out = vec![latest];
    let mut at = latest;
    while let Some(&i) = ctx.links.prev.get(&at.id) {
        at = &ctx.docs[i];
        out.push(at);
    }
    out.reverse();
    out
}

/// `doc`'s place in its series, if it has other editions.
pub(super) fn link(ctx: &Ctx, doc: &SurveyDoc) -> Option<RSeriesLink> {
    let editions = chain(ctx, doc);
    if editions.len() < 2 {
        return None;
    }
    let at = editions.iter().position(|d| d.id == doc.id)?;
    let (id, title) = series_name(&editions[editions.len() - 1].data);
    let edition = |d: &SurveyDoc| edition(ctx.locale, d);
    Some(RSeriesLink {
        id,
        title: ctx.locale.typography(&title),
        previous: at.checked_sub(1).map(|i| edition(editions[i])),
        next: editions.get(at + 1).map(|d| edition(d)),
    })
}

fn edition(locale: Locale, d: &SurveyDoc) -> REdition {
    REdition {
        survey: d.id.clone(),
        edition: d.data.edition.value,
        title: locale.typography(&d.data.title),
    }
}

/// Every series of two or more editions, by id.
pub(super) fn all(ctx: &Ctx) -> BTreeMap<String, RSeries> {
    let mut out = BTreeMap::new();
    for doc in ctx.docs {
        let editions = chain(ctx, doc);
        let Some(latest) = editions.last() else {
            continue;
        };
        if editions.len() < 2 || latest.id != doc.id {
            continue;
        }
        let (id, title) = series_name(&latest.data);
        let series = RSeries {
            title: ctx.locale.typography(&title),
            editions: editions.iter().map(|d| edition(ctx.locale, d)).collect(),
            trends: trends(ctx, &editions),
            id: id.clone(),
        };
        out.insert(id, series);
    }
    out
}

/// The editions of `doc`'s series up to it, oldest first.
fn until<'a>(ctx: &Ctx<'a>, doc: &'a SurveyDoc) -> Vec<&'a SurveyDoc> {
    let mut editions = chain(ctx, doc);
    if let Some(at) = editions.iter().position(|d| d.id == doc.id) {
        editions.truncate(at + 1);
    }
    editions
}

/// The trends of `doc`'s questions over its series up to it (none without an earlier
/// edition).
pub(super) fn trends_until(ctx: &Ctx, doc: &SurveyDoc) -> Vec<RTrend> {
    let editions = until(ctx, doc);
    if editions.len() < 2 {
        return Vec::new();
    }
    trends(ctx, &editions)
}

/// The edition numbers of `doc`'s series up to it, when it has an earlier one.
pub(super) fn editions_until(ctx: &Ctx, doc: &SurveyDoc) -> Vec<u32> {
    let editions = until(ctx, doc);
    match editions.len() {
        0 | 1 => Vec::new(),
        _ => editions.iter().map(|d| d.data.edition.value).collect(),
    }
}

/// The trends of the latest edition's questions, for its first segment.
fn trends(ctx: &Ctx, editions: &[&SurveyDoc]) -> Vec<RTrend> {
    let Some(latest) = editions.last() else {
        return Vec::new();
    };
    let Some(seg) = latest.data.segments.first() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for q in &latest.data.questions {
        // The question in each edition, newest first, as long as it is matched.
        // An edition that did not ask it is skipped: the trend goes on before it.
        let mut asked = vec![(*latest, q)];
        for doc in editions.iter().rev().skip(1) {
            let Some(&(_, now)) = asked.last() else { break };
            if let Some(pq) = matching_question(&doc.data, now) {
                asked.push((doc, pq));
            }
        }
        if asked.len() < 2 {
            continue;
        }
        asked.reverse();
        let reworded = asked
            .windows(2)
            .filter(|w| !crate::text::same_words(&w[0].1.wording, &w[1].1.wording))
            .map(|w| w[1].0.data.edition.value)
            .collect();
        let answers = q
            .answers
            .iter()
            .map(|a| line(ctx, editions, &asked, a, &seg.id.value))
            .filter(|l| l.points.iter().flatten().count() >= 2)
            .collect::<Vec<_>>();
        if answers.is_empty() {
            continue;
        }
        out.push(RTrend {
            survey: latest.id.clone(),
            question: q.id.value.clone(),
            wording: ctx.locale.typography(&q.wording),
            segment: seg.id.value.clone(),
            segment_label: ctx.locale.typography(&seg.label),
            reworded,
            answers,
        });
    }
    out
}

/// Answer `a` of the latest edition, followed back through the editions it was asked in.
fn line(
    ctx: &Ctx,
    editions: &[&SurveyDoc],
    asked: &[(&SurveyDoc, &Question)],
    a: &Answer,
    seg: &str,
) -> RTrendLine {
    // The answer in each edition it was asked in, newest first.
    let mut answers: Vec<Option<&Answer>> = vec![Some(a)];
    for w in asked.windows(2).rev() {
        let now = answers.last().copied().flatten();
        answers.push(now.and_then(|now| matching_answer(w[0].1, now)));
    }
    answers.reverse();
    let mut withheld = Vec::new();
    let mut points = Vec::new();
    for doc in editions {
        let found = asked
            .iter()
            .position(|(d, _)| d.id == doc.id)
            .and_then(|i| Some((asked[i].1, answers[i]?)));
        let Some((q, answer)) = found else {
            points.push(None);
            continue;
        };
        let st = ctx.statistics(&doc.data);
        let Some((value, _)) = value_of(&doc.data, q, answer, seg) else {
            points.push(None);
            continue;
        };
        if value_flag(&doc.data, &st, q, seg).1 == BaseFlag::Suppressed {
            withheld.push(doc.data.edition.value);
            points.push(None);
            continue;
        }
        let text = match q.measure {
            crate::model::Measure::Count => ctx.locale.number(value),
            _ => ctx.locale.percent(value),
        };
        points.push(Some(RPoint {
            edition: doc.data.edition.value,
            value,
            text,
            change: change(
                ctx,
                (&doc.data, &st),
                before(ctx, &doc.data, q).as_ref(),
                (q, answer, seg),
                value,
            ),
        }));
    }
    RTrendLine {
        id: a.id.value.clone(),
        label: ctx.locale.typography(&a.label),
        points,
        withheld,
    }
}

#[cfg(test)]
mod tests;
