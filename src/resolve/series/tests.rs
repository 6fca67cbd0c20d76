//! The changes between editions and the chains of editions, on small surveys written
//! here.

use super::*;
use crate::model::SurveyDoc;

/// A survey of edition `year` whose question `q` has answer `a` at `value` among
/// `n` respondents, with `extra` lines at the top level and in the sample.
fn doc(year: u32, value: f64, n: u32, design: &str, extra: &str) -> SurveyDoc {
    let text = format!(
        "title: Baromètre {year}\nedition: {year}\norganisation: O\n{extra}\
         fieldwork: {{ start: {year}-01-01, end: {year}-01-10 }}\n\
         sample: {{ size: {n}, population: gens{design} }}\n\
         segments: [{{ id: all, label: Tous, base: {n} }}]\n\
         questions:\n  - id: q\n    wording: Question\n    kind: multiple\n\
         \x20   answers: [{{ id: a, label: A, values: {{ all: {value} }} }}]\n"
    );
    let data = crate::load::parse_yaml(std::path::Path::new("data/s.yaml"), &text)
        .unwrap_or_else(|d| panic!("{d}\n{text}"));
    SurveyDoc {
        id: format!("s{year}"),
        path: format!("data/s{year}.yaml").into(),
        data,
    }
}

fn ui() -> BTreeMap<String, String> {
    let fr = include_str!("../../../templates/locales/fr.yaml");
    serde_saphyr::from_str(fr).unwrap()
}

fn change_of(docs: &[SurveyDoc]) -> Option<RChange> {
    let ui = ui();
    let ctx = Ctx::new(docs, None, Locale::Fr, &ui);
    let s = &docs[docs.len() - 1].data;
    let (q, a) = (&s.questions[0], &s.questions[0].answers[0]);
    change(
        &ctx,
        (s, &ctx.statistics(s)),
        before(&ctx, s, q).as_ref(),
        (q, a, "all"),
        a.values.0[0].1.value,
    )
}

#[test]
fn a_change_is_tested_only_when_both_samples_allow_it() {
    let p = ", design: probability";
    let later = "previous_editions: [s2025]\n";
    let docs = [
        doc(2025, 50.0, 1000, p, ""),
        doc(2026, 55.0, 1000, p, later),
    ];
    let c = change_of(&docs).unwrap();
    assert_eq!(
        (c.points, c.direction, c.significant),
        (5.0, "up", Some(true))
    );
    assert_eq!(c.text, "en hausse de 5\u{a0}points par rapport à 2025");
    // The same change among 200: not significant.
    let docs = [doc(2025, 50.0, 200, p, ""), doc(2026, 55.0, 200, p, later)];
    let c = change_of(&docs).unwrap();
    assert_eq!(c.significant, Some(false));
    assert_eq!(
        c.text,
        "stable par rapport à 2025 (+5\u{a0}points, évolution non significative)"
    );
    // An opt-in sample: said, not tested.
    let o = ", design: opt_in";
    let docs = [
        doc(2025, 50.0, 1000, o, ""),
        doc(2026, 55.0, 1000, o, later),
    ];
    let c = change_of(&docs).unwrap();
    assert_eq!((c.significant, c.p_value), (None, None));
    assert_eq!(
        c.text,
        "en hausse de 5\u{a0}points par rapport à 2025 (évolution non testée)"
    );
    // Down by one point, singular.
    let docs = [
        doc(2025, 50.0, 1000, o, ""),
        doc(2026, 49.0, 1000, o, later),
    ];
    assert_eq!(
        change_of(&docs).unwrap().text,
        "en baisse de 1\u{a0}point par rapport à 2025 (évolution non testée)"
    );
}

#[test]
fn no_change_without_a_previous_edition_or_with_a_withheld_value() {
    let p = ", design: probability";
    assert!(change_of(&[doc(2026, 55.0, 1000, p, "")]).is_none());
    let later = "previous_editions: [s2025]\n";
    let docs = [doc(2025, 50.0, 25, p, ""), doc(2026, 55.0, 1000, p, later)];
    assert!(
        change_of(&docs).is_none(),
        "the 2025 value is withheld (base 25)"
    );
}

#[test]
fn the_chain_runs_oldest_first_from_any_edition() {
    let o = ", design: opt_in";
    let docs = [
        doc(2024, 40.0, 100, o, ""),
        doc(2025, 45.0, 100, o, "previous_editions: [s2024]\n"),
        doc(2026, 50.0, 100, o, "previous_editions: [s2025, s2024]\n"),
    ];
    let ui = BTreeMap::new();
    let ctx = Ctx::new(&docs, None, Locale::Fr, &ui);
    for d in &docs {
        let ids: Vec<&str> = chain(&ctx, d).iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["s2024", "s2025", "s2026"]);
    }
}
