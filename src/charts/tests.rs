//! Tests of the charts on the shipped example survey, with hostile labels, and of the
//! text alternative, the data table, contrast and determinism.

use std::collections::BTreeMap;
use std::path::Path;

use super::layout::{self, Mark};

use super::*;
use crate::resolve::{RQuestion, RSurvey, RValue};

/// The example survey and UI strings, resolved (French).
pub(super) fn example() -> (RSurvey, BTreeMap<String, String>) {
    let (project, diags) = crate::load::load(Path::new(env!("CARGO_MANIFEST_DIR")));
    assert!(!diags.has_errors(), "{diags}");
    let resolved = crate::resolve::resolve(&project).expect("example resolves");
    let survey = resolved
        .surveys
        .get("barometre-esante-2026")
        .expect("survey");
    (survey.clone(), resolved.ui)
}

pub(super) fn question<'a>(survey: &'a RSurvey, id: &str) -> &'a RQuestion {
    survey
        .questions
        .iter()
        .find(|q| q.id == id)
        .expect("question")
}

/// Every chart of the example: each question as its own kind and the breakdowns.
pub(super) fn all_charts(
    survey: &RSurvey,
    ui: &BTreeMap<String, String>,
    locale: Locale,
) -> Vec<Chart> {
    let mut charts: Vec<Chart> = survey
        .questions
        .iter()
        .map(|q| question_chart(survey, q, q.chart, locale, ui))
        .collect();
    charts.extend(
        survey
            .breakdowns
            .iter()
            .map(|b| breakdown_chart(survey, b, locale, ui)),
    );
    charts
}

fn labels(chart: &Chart) -> Vec<&str> {
    chart.table.rows.iter().map(|r| r.label.as_str()).collect()
}

fn cells(chart: &Chart) -> Vec<Vec<&str>> {
    let rows = chart.table.rows.iter();
    rows.map(|r| r.cells.iter().map(String::as_str).collect())
        .collect()
}

#[test]
fn bars_rank_answers_for_the_default_segment() {
    let (survey, ui) = example();
    let mut q = question(&survey, "freins").clone();
    q.answers.reverse();
    let chart = question_chart(&survey, &q, ChartKind::Bars, Locale::Fr, &ui);
    assert_eq!(chart.id, "freins");
    assert_eq!(
        chart.title,
        "Principaux obstacles à l’adoption du numérique"
    );
    assert_eq!(chart.table.caption, chart.title);
    assert_eq!(chart.table.header, ["Réponse", "Ensemble des soignants"]);
    assert_eq!(
        labels(&chart),
        [
            "Manque de formation initiale",
            "Sécurité et protection des données personnelles",
            "Complexité des outils",
            "Manque de fiabilité scientifique et clinique",
        ]
    );
    assert_eq!(chart.table.rows[0].cells, ["71\u{202f}%"]);
    assert_eq!((chart.width, chart.height), (640, 168));
}

#[test]
fn bars_keep_file_order_for_ties_and_show_parts_under_their_answer() {
    let (survey, ui) = example();
    let mut q = question(&survey, "perception").clone();
    let tie = q.answers[0].values["soignants"].clone();
    let mut twin = q.answers[0].clone();
    twin.label = "Jumelle".to_string();
    twin.values.insert("soignants".to_string(), tie);
    q.answers.push(twin);
    let chart = question_chart(&survey, &q, ChartKind::Bars, Locale::Fr, &ui);
    let parts = "dont très positive";
    assert_eq!(
        labels(&chart),
        ["Perception positive", parts, "Jumelle", parts]
    );
    assert_eq!(
        cells(&chart)[1],
        ["19\u{202f}%"],
        "a part follows its answer"
    );
}

#[test]
fn grouped_bars_compare_segments() {
    let (survey, ui) = example();
    let q = question(&survey, "perception-ia");
    let chart = question_chart(&survey, q, ChartKind::Grouped, Locale::Fr, &ui);
    assert_eq!(chart.kind, ChartKind::Grouped);
    assert_eq!(
        chart.table.header,
        ["Réponse", "Ensemble des soignants", "Médecins"]
    );
    assert_eq!(labels(&chart), ["Perception positive", "Aucun potentiel"]);
    assert_eq!(
        cells(&chart),
        [
            vec!["54\u{202f}%", "60\u{202f}%"],
            vec!["3\u{202f}%", "n.p."]
        ]
    );
    assert!(
        chart.svg.contains(">\nn.p.\n</text>"),
        "the chart says n.p."
    );
    assert!(
        chart.svg.contains(">\nMédecins\n</text>"),
        "legend names segments"
    );
}

#[test]
fn stacked_bars_add_the_remainder() {
    let (survey, ui) = example();
    let q = question(&survey, "perception");
    let chart = question_chart(&survey, q, ChartKind::Stacked, Locale::Fr, &ui);
    assert_eq!(
        chart.table.header,
        ["Réponse", "Ensemble des soignants", "Médecins"]
    );
    assert_eq!(
        labels(&chart),
        [
            "Perception positive",
            "dont très positive",
            "Autres réponses / non précisé"
        ]
    );
    assert_eq!(
        cells(&chart),
        [
            vec!["72\u{202f}%", "75\u{202f}%"],
            vec!["19\u{202f}%", "n.p."],
            vec!["28\u{202f}%", "25\u{202f}%"]
        ]
    );
    let q = question(&survey, "relation-patient");
    let chart = question_chart(&survey, q, ChartKind::Stacked, Locale::Fr, &ui);
    assert_eq!(chart.table.header, ["Réponse", "Ensemble des soignants"]);
    assert_eq!(
        cells(&chart),
        [
            vec!["34\u{202f}%"],
            vec!["40\u{202f}%"],
            vec!["26\u{202f}%"]
        ]
    );
    assert!(
        chart.svg.contains("fill=\"#8A8F99\""),
        "grey remainder drawn"
    );
}

#[test]
fn breakdowns_keep_their_order_and_say_when_partial() {
    let (survey, ui) = example();
    let charts: Vec<Chart> = survey
        .breakdowns
        .iter()
        .map(|b| breakdown_chart(&survey, b, Locale::Fr, &ui))
        .collect();
    assert_eq!(charts[0].id, "breakdown-profession");
    assert_eq!(charts[0].title, "Professions");
    assert_eq!(charts[0].table.header, ["Réponse", "Part de l’échantillon"]);
    assert_eq!(
        labels(&charts[0]),
        ["médecins", "infirmiers", "autres professionnels"]
    );
    assert_eq!(labels(&charts[1])[..2], ["hôpital public", "libéral/ville"]);
    assert_eq!(charts[2].title, "Top spécialités (principales)");
    assert_eq!(charts[2].table.rows[0].cells, ["39\u{202f}%"]);
    assert!(
        charts[2]
            .alt
            .starts_with("Top spécialités (principales). médecine générale")
    );
}

#[test]
fn alt_text_has_every_value_with_french_typography() {
    let (survey, ui) = example();
    for chart in all_charts(&survey, &ui, Locale::Fr) {
        assert!(chart.alt.starts_with(&chart.title), "{}", chart.alt);
        for row in &chart.table.rows {
            for cell in row.cells.iter().filter(|c| !c.is_empty() && *c != "n.p.") {
                let pair = format!("{}\u{a0}: {cell}", row.label);
                let in_group = format!("\u{a0}: {cell}");
                assert!(chart.alt.contains(&pair) || chart.alt.contains(&in_group));
            }
        }
        assert!(
            !chart.alt.contains(" :") && !chart.alt.contains(" ;"),
            "{}",
            chart.alt
        );
    }
    let freins = question(&survey, "freins");
    let chart = question_chart(&survey, freins, ChartKind::Bars, Locale::Fr, &ui);
    assert_eq!(
        chart.alt,
        "Principaux obstacles à l’adoption du numérique (Ensemble des soignants). \
         Manque de formation initiale\u{a0}: 71\u{202f}%\u{202f}; \
         Sécurité et protection des données personnelles\u{a0}: 67\u{202f}%\u{202f}; \
         Complexité des outils\u{a0}: 47\u{202f}%\u{202f}; \
         Manque de fiabilité scientifique et clinique\u{a0}: 46\u{202f}%."
    );
    let ia = question(&survey, "perception-ia");
    let chart = question_chart(&survey, ia, ChartKind::Grouped, Locale::Fr, &ui);
    assert_eq!(
        chart.alt,
        "Perception de l’IA générative. \
         Perception positive — Ensemble des soignants\u{a0}: 54\u{202f}%, Médecins\u{a0}: 60\u{202f}%\u{202f}; \
         Aucun potentiel — Ensemble des soignants\u{a0}: 3\u{202f}%, Médecins\u{a0}: non publié."
    );
    let rel = question(&survey, "relation-patient");
    let chart = question_chart(&survey, rel, ChartKind::Stacked, Locale::Fr, &ui);
    assert!(chart.alt.ends_with(
        "Ensemble des soignants — L’améliore\u{a0}: 34\u{202f}%, La détériore\u{a0}: 40\u{202f}%, \
         Autres réponses / non précisé\u{a0}: 26\u{202f}%."
    ));
}

#[test]
fn alt_text_in_english() {
    let (mut survey, _) = example();
    for q in &mut survey.questions {
        for a in &mut q.answers {
            for v in a.values.values_mut() {
                v.text = Locale::En.percent(v.value);
            }
        }
    }
    let q = question(&survey, "perception");
    let chart = question_chart(&survey, q, ChartKind::Stacked, Locale::En, &BTreeMap::new());
    assert!(
        chart
            .alt
            .ends_with("Médecins — Perception positive: 75%, Other answers / not stated: 25%."),
        "{}",
        chart.alt
    );
    assert_eq!(chart.table.header[0], "Answer");
}

#[test]
fn same_input_gives_the_same_bytes() {
    let (survey, ui) = example();
    let first = all_charts(&survey, &ui, Locale::Fr);
    let second = all_charts(&survey, &ui, Locale::Fr);
    assert_eq!(first, second);
    let again = std::thread::spawn(move || all_charts(&survey, &ui, Locale::Fr))
        .join()
        .expect("thread");
    assert_eq!(first, again);
}

#[test]
fn svg_is_accessible_and_scalable() {
    let (survey, ui) = example();
    let mut ids = std::collections::BTreeSet::new();
    for chart in all_charts(&survey, &ui, Locale::Fr) {
        let doc = roxmltree::Document::parse(&chart.svg).expect("valid svg");
        let svg = doc.root_element();
        let (w, h) = (chart.width.to_string(), chart.height.to_string());
        assert_eq!(svg.attribute("width"), Some(w.as_str()));
        assert_eq!(svg.attribute("height"), Some(h.as_str()));
        assert_eq!(
            svg.attribute("viewBox"),
            Some(format!("0 0 {w} {h}").as_str())
        );
        assert_eq!(svg.attribute("role"), Some("img"));
        let title_id = svg.attribute("aria-labelledby").expect("labelled");
        let desc_id = svg.attribute("aria-describedby").expect("described");
        assert!(
            title_id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        );
        assert!(ids.insert(title_id.to_string()), "duplicate id {title_id}");
        let by_id = |id: &str| doc.descendants().find(|n| n.attribute("id") == Some(id));
        let title = by_id(title_id).expect("title element");
        assert_eq!(title.tag_name().name(), "title");
        assert_eq!(title.text(), Some(chart.title.as_str()));
        assert_eq!(
            by_id(desc_id).and_then(|n| n.text()),
            Some(chart.alt.as_str())
        );
        for text in doc.descendants().filter(|n| n.has_tag_name("text")) {
            assert_eq!(
                text.attribute("font-family"),
                Some("Inter, Arial, sans-serif")
            );
            let size = text.attribute("font-size").unwrap_or("");
            assert!(size == "14" || size == "13", "font-size {size}");
        }
    }
}

#[test]
fn missing_values_and_strings_do_not_break_charts() {
    let (mut survey, _) = example();
    let mut q = question(&survey, "freins").clone();
    q.answers[1].values.clear();
    let chart = question_chart(&survey, &q, ChartKind::Bars, Locale::Fr, &BTreeMap::new());
    assert_eq!(chart.table.rows.len(), 3, "no bar without a value");
    assert_eq!(chart.table.header[0], "Réponse", "built-in strings");
    let over = RValue {
        value: 101.0,
        text: "101\u{202f}%".to_string(),
        base: None,
        margin: None,
        margin_text: None,
        flag: None,
        change: None,
    };
    q.answers[0].values.insert("soignants".to_string(), over);
    for kind in ChartKind::ALL {
        let chart = question_chart(&survey, &q, kind, Locale::Fr, &BTreeMap::new());
        assert!(roxmltree::Document::parse(&chart.svg).is_ok());
    }
    for a in &mut q.answers {
        a.values.clear();
    }
    survey.segments.clear();
    for kind in ChartKind::ALL {
        let chart = question_chart(&survey, &q, kind, Locale::Fr, &BTreeMap::new());
        assert!(chart.table.rows.is_empty());
        assert!(roxmltree::Document::parse(&chart.svg).is_ok());
        assert_eq!(chart.alt, "Principaux obstacles à l’adoption du numérique.");
    }
}

/// Snapshots live in `src/snapshots/`.
fn snapshot(name: &str, svg: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.bind(|| insta::assert_snapshot!(name, svg));
}

#[test]
fn svg_snapshots() {
    let (survey, ui) = example();
    let questions = [
        ("bars_freins", "freins", ChartKind::Bars),
        ("bars_benefices_ia", "benefices-ia", ChartKind::Bars),
        ("grouped_perception_ia", "perception-ia", ChartKind::Grouped),
        ("stacked_perception", "perception", ChartKind::Stacked),
        (
            "stacked_relation_patient",
            "relation-patient",
            ChartKind::Stacked,
        ),
    ];
    for (name, id, kind) in questions {
        let chart = question_chart(&survey, question(&survey, id), kind, Locale::Fr, &ui);
        snapshot(name, &chart.svg);
    }
    let chart = breakdown_chart(&survey, &survey.breakdowns[2], Locale::Fr, &ui);
    snapshot("breakdown_specialites", &chart.svg);
}

/// The widest bar of `q` drawn as ranked bars, in px.
fn widest_bar(survey: &RSurvey, q: &RQuestion) -> i32 {
    let ui = BTreeMap::new();
    let words = Words {
        palette: super::palette::Palette::default(),
        locale: Locale::Fr,
        ui: &ui,
    };
    let content = content::ranked(survey, q, &words);
    layout::layout(&content.plot)
        .marks
        .iter()
        .filter_map(|m| match m {
            Mark::Rect { w, h, .. } if *h >= 16 => Some(*w),
            _ => None,
        })
        .max()
        .unwrap_or(0)
}

#[test]
fn counts_have_their_own_scale_and_shares_of_something_else_say_so() {
    let (survey, ui) = example();
    let mut q = question(&survey, "freins").clone();
    q.measure = crate::model::Measure::Count;
    q.unit = Some("visites".to_string());
    for (k, a) in q.answers.iter_mut().enumerate() {
        for v in a.values.values_mut() {
            v.value = 1000.0 * (k as f64 + 1.0);
            v.text = Locale::Fr.number(v.value);
        }
    }
    let chart = question_chart(&survey, &q, ChartKind::Bars, Locale::Fr, &ui);
    assert_eq!(chart.table.header, ["Réponse", "visites"]);
    assert_eq!(chart.table.rows[0].cells, ["4\u{202f}000"]);
    // The largest count spans the whole bar area; on a 0–100 scale it would overflow.
    let full = widest_bar(&survey, &q);
    let mut half = q.clone();
    for v in half.answers[3].values.values_mut() {
        v.value = 2000.0;
    }
    assert!(full > 200, "{full}");
    assert!(
        widest_bar(&survey, &half) == full,
        "scale follows the largest"
    );
    assert!(!chart.alt.contains('%'), "{}", chart.alt);

    let mut share = question(&survey, "freins").clone();
    share.measure = crate::model::Measure::Share;
    share.of = Some("des autodiagnostics vus".to_string());
    let chart = question_chart(&survey, &share, ChartKind::Bars, Locale::Fr, &ui);
    assert_eq!(chart.table.header, ["Réponse", "% des autodiagnostics vus"]);
    assert!(!chart.alt.contains("Autres réponses"), "{}", chart.alt);
}

#[test]
fn a_question_of_a_subgroup_gives_its_base_in_the_alt_and_caption() {
    let (survey, ui) = example();
    let mut q = question(&survey, "freins").clone();
    q.population = Some("utilisateurs d’un outil d’IA".to_string());
    q.base_line = Some("Base : utilisateurs d’un outil d’IA (312)".to_string());
    let chart = question_chart(&survey, &q, ChartKind::Bars, Locale::Fr, &ui);
    assert_eq!(chart.table.header[1], "utilisateurs d’un outil d’IA");
    assert!(
        chart
            .alt
            .ends_with("Base : utilisateurs d’un outil d’IA (312)."),
        "{}",
        chart.alt
    );
    assert!(
        chart.table.caption.ends_with("(312)."),
        "{}",
        chart.table.caption
    );
}

#[test]
fn a_count_names_its_unit_and_a_partial_breakdown_says_so_once() {
    let (survey, ui) = example();
    let mut q = question(&survey, "freins").clone();
    q.measure = crate::model::Measure::Count;
    q.wording = "Délai moyen".to_string();
    q.unit = Some("jours".to_string());
    let chart = question_chart(&survey, &q, ChartKind::Bars, Locale::Fr, &ui);
    assert_eq!(chart.title, "Délai moyen (jours)");
    q.wording = "Nombre de jours".to_string();
    let chart = question_chart(&survey, &q, ChartKind::Bars, Locale::Fr, &ui);
    assert_eq!(
        chart.title, "Nombre de jours",
        "the wording already says it"
    );
    let mut b = survey.breakdowns[2].clone();
    b.label = "Principales spécialités".to_string();
    assert_eq!(breakdown_chart(&survey, &b, Locale::Fr, &ui).title, b.label);
}
