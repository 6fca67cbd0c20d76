//! "Get the data": each survey as CSV and JSON files and a codebook next to its page, with numbers as
//! numbers (not formatted), so anyone can reuse the results; and the one-sentence
//! description of a survey its page and metadata use.

use serde::Serialize;
use serde_json::json;

use crate::resolve::{RSurvey, Resolved};

/// The files a survey page offers for download, by name.
#[derive(Debug, Clone, Serialize)]
pub struct Downloads {
    /// The infographic.
    pub pdf: String,
    /// Results, one row per answer and segment.
    pub csv: String,
    /// The whole survey.
    pub json: String,
    /// Wordings, labels, bases and notes of every question.
    pub codebook: String,
    /// The press kit (zip).
    pub kit: String,
}

/// File names of a survey's downloads (in its page's folder).
pub fn downloads(s: &RSurvey) -> Downloads {
    Downloads {
        pdf: s.pdf.clone(),
        csv: format!("{}.csv", s.id),
        json: format!("{}.json", s.id),
        codebook: format!("{}-codebook.csv", s.id),
        kit: s.kit.clone(),
    }
}

/// One sentence describing the survey: title, fieldwork, sample.
pub fn description(r: &Resolved, s: &RSurvey) -> String {
    let ui = |k: &str| r.ui.get(k).cloned().unwrap_or_default();
    let mut text = format!(
        "{}. {} {} {} {}",
        s.title,
        ui("survey_among"),
        s.fieldwork.text,
        s.sample.among,
        s.sample.population
    );
    if let Some(source) = &s.sample.source {
        text.push(' ');
        text.push_str(source);
    }
    text.push('.');
    text
}

/// A CSV text field: quoted when it holds a comma, a quote or a line break (RFC 4180),
/// and never read as a formula. A text starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return gets a leading `'` and quotes, as OWASP recommends against CSV
/// injection, so a spreadsheet shows it as text instead of running it. Numbers are
/// written by [`csv`] itself, never through here.
pub(super) fn field(text: &str) -> String {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula {
        format!("\"'{}\"", text.replace('"', "\"\""))
    } else if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// The columns of the results CSV, of a survey and of a series.
pub const CSV_HEADER: &str = "series,edition,survey,question_id,question,kind,measure,population,answer_id,answer,part_of,segment_id,segment,base,base_exact,value,margin,flag\r\n";

/// Results as CSV: one row per answer and segment ([`CSV_HEADER`]), a value left empty
/// where none was published or where its base is too small to show it (`flag`
/// `suppressed`; `caution` for a base under the caution threshold); the base is the
/// question's own for that segment, else (for a question of the whole sample) the
/// segment's, and empty when unpublished; `base_exact` says whether that base is exact
/// (`false` for `environ 600`); `margin` is the margin of error in points, where one
/// applies.
pub fn csv(s: &RSurvey) -> String {
    let mut out = String::from(CSV_HEADER);
    csv_rows(s, &mut out);
    out
}

/// The rows of survey `s` in the results CSV, appended to `out`.
pub fn csv_rows(s: &RSurvey, out: &mut String) {
    let series = s.series.as_ref().map_or("", |l| l.id.as_str());
    for q in &s.questions {
        for a in &q.answers {
            for seg in &s.segments {
                // A subgroup's base is its own: the segment's would be a made-up one.
                let segment_base = seg.base.filter(|_| q.population.is_none());
                let (base, exact) = q
                    .bases
                    .get(&seg.id)
                    .map(|b| (b.n, b.exact))
                    .or(segment_base.map(|n| (n, seg.base_exact)))
                    .map_or((String::new(), String::new()), |(n, exact)| {
                        (n.to_string(), exact.to_string())
                    });
                let found = a.values.get(&seg.id);
                let value = found.map_or(String::new(), |v| v.value.to_string());
                let margin = found
                    .and_then(|v| v.margin)
                    .map_or(String::new(), |m| format!("{m:.2}"));
                let flag = match (found, a.withheld.contains_key(&seg.id)) {
                    (_, true) => "suppressed",
                    (Some(v), _) => v.flag.unwrap_or(""),
                    (None, false) => "",
                };
                let row = [
                    field(series),
                    s.edition.to_string(),
                    field(&s.id),
                    field(&q.id),
                    field(&q.wording),
                    name(&q.kind),
                    name(&q.measure),
                    field(q.population.as_deref().unwrap_or("")),
                    field(&a.id),
                    field(&a.label),
                    field(a.part_of.as_deref().unwrap_or("")),
                    field(&seg.id),
                    field(&seg.label),
                    base,
                    exact,
                    value,
                    margin,
                    flag.to_string(),
                ];
                out.push_str(&row.join(","));
                out.push_str("\r\n");
            }
        }
    }
}

/// The data of question `q`'s chart as CSV: one row per answer (parts after their
/// whole), one column per segment, values as numbers; empty where not published or
/// withheld for a small base.
pub fn chart_csv(s: &RSurvey, q: &crate::resolve::RQuestion) -> String {
    let mut out = String::from("answer");
    for g in &s.segments {
        out.push(',');
        out.push_str(&field(&g.label));
    }
    out.push_str("\r\n");
    for a in &q.answers {
        out.push_str(&field(&a.label));
        for g in &s.segments {
            out.push(',');
            if let Some(v) = a.values.get(&g.id) {
                out.push_str(&v.value.to_string());
            }
        }
        out.push_str("\r\n");
    }
    out
}

/// The data of breakdown `b`'s chart as CSV: one row per share.
pub fn breakdown_csv(b: &crate::resolve::RBreakdown) -> String {
    let mut out = format!("{},share\r\n", field(&b.label));
    for i in &b.items {
        out.push_str(&format!("{},{}\r\n", field(&i.label), i.value));
    }
    out
}

/// The name a value serialises to (`single`, `respondents`…).
pub(super) fn name(value: &impl Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The survey as JSON: metadata, sample, breakdowns, segments, method and results as
/// numbers, with each value's margin and small-base flag; what was not published, or
/// is withheld for its small base, is `null`.
pub fn json(s: &RSurvey) -> String {
    let questions: Vec<serde_json::Value> = s
        .questions
        .iter()
        .map(|q| {
            let answers: Vec<serde_json::Value> = q
                .answers
                .iter()
                .map(|a| {
                    let per_segment = |f: &dyn Fn(&str) -> serde_json::Value| -> serde_json::Map<String, serde_json::Value> {
                        s.segments.iter().map(|g| (g.id.clone(), f(&g.id))).collect()
                    };
                    let values = per_segment(&|g| json!(a.values.get(g).map(|v| v.value)));
                    let margins = per_segment(&|g| json!(a.values.get(g).and_then(|v| v.margin)));
                    let flags = per_segment(&|g| match a.withheld.contains_key(g) {
                        true => json!("suppressed"),
                        false => json!(a.values.get(g).and_then(|v| v.flag)),
                    });
                    json!({
                        "id": a.id, "label": a.label, "part_of": a.part_of,
                        "values": values, "margins": margins, "flags": flags,
                    })
                })
                .collect();
            let bases: serde_json::Map<String, serde_json::Value> = q
                .bases
                .iter()
                .map(|(k, b)| (k.clone(), json!({ "n": b.n, "exact": b.exact })))
                .collect();
            json!({
                "id": q.id, "wording": q.wording, "kind": q.kind, "measure": q.measure,
                "of": q.of, "unit": q.unit, "population": q.population, "bases": bases,
                "note": q.note, "answers": answers,
            })
        })
        .collect();
    let data = json!({
        "id": s.id,
        "title": s.title,
        "edition": s.edition,
        "organisation": s.organisation,
        "partners": s.partners,
        "fieldwork": { "start": s.fieldwork.start, "end": s.fieldwork.end },
        "sample": {
            "size": s.sample.size,
            "approximate": s.sample.approx,
            "population": s.sample.population,
            "source": s.sample.source,
            "method": s.sample.method,
            "representativeness": s.sample.representativeness,
        },
        "breakdowns": s.breakdowns.iter().map(|b| json!({
            "id": b.id,
            "label": b.label,
            "partial": b.partial,
            "items": b.items.iter().map(|i| json!({ "label": i.label, "value": i.value })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "segments": s.segments.iter().map(|g| json!({ "id": g.id, "label": g.label, "base": g.base, "base_exact": g.base_exact })).collect::<Vec<_>>(),
        "method": {
            "sponsor": s.method.sponsor,
            "design": s.method.design,
            "weighting": s.method.weighting,
            "margins": s.method.margins,
            "margin_statement": s.method.margin_statement,
            "confidence": s.method.statistics.confidence,
            "caution_below": s.method.statistics.caution_below,
            "suppress_below": s.method.statistics.suppress_below,
        },
        "series": s.series.as_ref().map(|l| json!({
            "id": l.id,
            "previous": l.previous.as_ref().map(|e| &e.survey),
            "next": l.next.as_ref().map(|e| &e.survey),
        })),
        "questions": questions,
    });
    let mut text = serde_json::to_string_pretty(&data).expect("JSON values serialise");
    text.push('\n');
    text
}

/// The codebook: one row per edition, question and answer, with the question's
/// wording, who was asked, its bases per segment and its note.
pub fn codebook(editions: &[&RSurvey]) -> String {
    let mut out = String::from(
        "edition,survey,question_id,question,kind,measure,unit,population,bases,note,answer_id,answer,part_of\r\n",
    );
    for s in editions {
        for q in &s.questions {
            let bases: Vec<String> = s
                .segments
                .iter()
                .filter_map(|g| {
                    // Numbers as numbers, an approximate one as printed (`environ 400`).
                    let own = q.bases.get(&g.id).map(|b| match b.exact {
                        true => b.n.to_string(),
                        false => b.text.clone(),
                    });
                    let whole =
                        g.base
                            .filter(|_| q.population.is_none())
                            .map(|n| match g.base_exact {
                                true => n.to_string(),
                                false => g.base_text.clone(),
                            });
                    own.or(whole).map(|b| format!("{}: {b}", g.id))
                })
                .collect();
            for a in &q.answers {
                let row = [
                    s.edition.to_string(),
                    field(&s.id),
                    field(&q.id),
                    field(&q.wording),
                    name(&q.kind),
                    name(&q.measure),
                    field(q.unit.as_deref().unwrap_or("")),
                    field(q.population.as_deref().unwrap_or("")),
                    field(&bases.join("; ")),
                    field(q.note.as_deref().unwrap_or("")),
                    field(&a.id),
                    field(&a.label),
                    field(a.part_of.as_deref().unwrap_or("")),
                ];
                out.push_str(&row.join(","));
                out.push_str("\r\n");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn csv_fields_are_never_formulas() {
        assert_eq!(field("=1+1"), "\"'=1+1\"");
        assert_eq!(field("+33 1 23"), "\"'+33 1 23\"");
        assert_eq!(field("-2"), "\"'-2\"");
        assert_eq!(field("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(field("\tx"), "\"'\tx\"");
        assert_eq!(
            field("=HYPERLINK(\"http://x\")"),
            "\"'=HYPERLINK(\"\"http://x\"\")\""
        );
        assert_eq!(field("a=b"), "a=b");
    }
}
