//! A barometer over time, with honest statistics, shown by the fictional series of
//! `tests/fixtures/valid/confiance` (2024, 2025, 2026; a bare project): each rule at
//! work in the pages, the PDF and the downloads. A significant change and one that is
//! not, a reworded question, a segment under 50 respondents (caution) and one under 30
//! (not shown), margins of error with a design effect; and the example's opt-in sample,
//! for which no margin is printed. Margins and tests are recomputed here from their
//! textbook formulas, not through barograph's own functions.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;

const SERIES: &str = "series/barometre-fictif-de-la-confiance-numerique";

/// Build `root` into a temporary output; the files by path, and the warnings.
fn built_at(root: &Path) -> (BTreeMap<String, Vec<u8>>, Vec<String>) {
    let out = tempfile::tempdir().unwrap();
    let report = build(root, out.path()).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    let warnings = report.warnings.iter().map(|w| w.message.clone()).collect();
    (tree(out.path()), warnings)
}

fn confiance() -> (BTreeMap<String, Vec<u8>>, Vec<String>) {
    let project = tempfile::tempdir().unwrap();
    copy_dir(&fixture("valid/confiance"), project.path());
    assert!(!project.path().join("templates").exists(), "a bare project");
    built_at(project.path())
}

fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    let bytes = files
        .get(path)
        .unwrap_or_else(|| panic!("no {path}: {:?}", files.keys()));
    String::from_utf8(bytes.clone())
        .unwrap()
        .replace(['\u{a0}', '\u{202f}'], " ")
}

/// The textbook margin of error, in points: 1.96 √(p(1 − p) / n).
fn margin(p: f64, n: f64) -> f64 {
    1.959_964 * (p * (1.0 - p) / n).sqrt() * 100.0
}

/// The textbook two-proportion z statistic, pooled.
fn z(p1: f64, n1: f64, p2: f64, n2: f64) -> f64 {
    let p = (p1 * n1 + p2 * n2) / (n1 + n2);
    (p2 - p1) / (p * (1.0 - p) * (1.0 / n1 + 1.0 / n2)).sqrt()
}

#[test]
fn changes_are_tested_and_worded_in_the_article() {
    let (files, warnings) = confiance();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("`protection-donnees` is worded differently"));
    let article = text(&files, "confiance-2026/index.html");
    // 50 % → 55 % on 1 005 and 1 010 respondents, design effect 1.2: |z| > 1.96.
    assert!(z(0.50, 1005.0 / 1.2, 0.55, 1010.0 / 1.2).abs() > 1.96);
    assert!(article.contains("55 % des Français font confiance aux services publics en ligne,\nen hausse de 5 points par rapport à 2025."), "{article}");
    // 71 % → 72 %: |z| < 1.96, so not significant.
    assert!(z(0.71, 1005.0 / 1.2, 0.72, 1010.0 / 1.2).abs() < 1.96);
    assert!(
        article.contains("stable par rapport à 2025 (+1 point, évolution non significative)"),
        "{article}"
    );
    assert!(
        article.contains("Sur trois éditions : 48 % en 2024, 50 % en 2025, 55 % en 2026."),
        "{article}"
    );
}

#[test]
fn small_bases_are_flagged_or_withheld_everywhere() {
    let (files, _) = confiance();
    let page = text(&files, "surveys/confiance-2026/index.html");
    assert!(
        page.contains(
            "Base inférieure à 50 pour 18-24 ans (45) : résultats à interpréter avec prudence."
        ),
        "{page}"
    );
    assert!(
        page.contains("Résultats non présentés pour Outre-mer (24), base inférieure à 30."),
        "{page}"
    );
    // No column, bar or cell for the withheld segment.
    assert!(
        !page.contains("<th scope=\"col\" class=\"num\">Outre-mer</th>"),
        "{page}"
    );
    let svg = text(
        &files,
        "surveys/confiance-2026/charts/confiance-stacked.svg",
    );
    let drawn = &svg[svg.find("</desc>").unwrap()..];
    assert!(!drawn.contains("Outre-mer"), "{svg}");
    let csv = text(&files, "surveys/confiance-2026/confiance-2026.csv");
    let rows: Vec<&str> = csv.lines().collect();
    let outremer: Vec<&&str> = rows.iter().filter(|r| r.contains(",outremer,")).collect();
    assert!(!outremer.is_empty());
    for r in &outremer {
        assert!(r.ends_with(",24,true,,,suppressed"), "{r}");
    }
    for r in rows.iter().filter(|r| r.contains(",jeunes,")) {
        assert!(r.ends_with(",caution"), "{r}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&text(&files, "surveys/confiance-2026/confiance-2026.json")).unwrap();
    let oui = &json["questions"][0]["answers"][0];
    assert_eq!(oui["values"]["outremer"], serde_json::Value::Null);
    assert_eq!(oui["flags"]["outremer"], "suppressed");
    assert_eq!(oui["flags"]["jeunes"], "caution");
    if let Some(pdf) = pdf_text(&files["surveys/confiance-2026/confiance-2026.pdf"]) {
        let pdf = pdf.replace(['\u{a0}', '\u{202f}'], " ");
        assert!(pdf.contains("Outre-mer (24)"), "{pdf}");
        assert!(pdf.contains("prudence"), "{pdf}");
    }
}

#[test]
fn margins_follow_the_design() {
    let (files, _) = confiance();
    let csv = text(&files, "surveys/confiance-2026/confiance-2026.csv");
    let row = csv
        .lines()
        .find(|r| r.contains(",confiance,") && r.contains(",oui,Oui,,ensemble,"))
        .unwrap();
    let printed: f64 = row.split(',').nth_back(1).unwrap().parse().unwrap();
    let expected = margin(0.55, 1010.0 / 1.2);
    assert!((printed - expected).abs() < 0.01, "{printed} vs {expected}");
    let page = text(&files, "surveys/confiance-2026/index.html");
    let largest = format!("Au plus ±{:.1} points", margin(0.5, 1010.0 / 1.2)).replace('.', ",");
    assert!(page.contains(&largest), "{largest} in {page}");
    assert!(page.contains("Échantillon aléatoire (probabiliste)"));
    assert!(page.contains("Agence fictive du numérique public"));
    // The example's opt-in sample: the statement, and no margin anywhere.
    let (example, _) = built_at(&repo_root());
    let survey = text(&example, "surveys/barometre-esante-2026/index.html");
    assert!(
        survey.contains("Échantillon non probabiliste : aucune marge d’erreur"),
        "{survey}"
    );
    for (path, bytes) in &example {
        if path.ends_with(".html") || path.ends_with(".csv") {
            let t = String::from_utf8_lossy(bytes);
            assert!(!t.contains('±'), "a margin in {path}");
        }
    }
}

#[test]
fn the_series_page_links_every_edition_and_draws_each_trend() {
    let (files, _) = confiance();
    let page = text(&files, &format!("{SERIES}/index.html"));
    for year in ["2024", "2025", "2026"] {
        assert!(
            page.contains(&format!("href=\"../../surveys/confiance-{year}/\"")),
            "{page}"
        );
    }
    // The reworded question is followed through its old id, and said to be reworded.
    assert!(page.contains("Libellé modifié en 2026"), "{page}");
    assert!(
        page.contains(
            "<th scope=\"row\">Inquiets</th><td class=\"num\">61 %</td><td class=\"num\">63 %</td>"
        ),
        "{page}"
    );
    // The significant rise is marked in the table; the small one is not.
    assert!(page.contains("<td class=\"num\">55 % ↑</td>"), "{page}");
    assert!(page.contains("<td class=\"num\">72 %</td>"), "{page}");
    // An answer first asked in 2025 is said not asked in 2024.
    assert!(page.contains("<th scope=\"row\">Prestations familiales et sociales</th><td class=\"num\">non posée</td>"), "{page}");
    for q in ["confiance", "usages", "protection-donnees"] {
        let svg = text(&files, &format!("{SERIES}/trend-{q}.svg"));
        assert!(roxmltree::Document::parse(&svg).is_ok());
        assert!(svg.contains("role=\"img\""));
    }
    let middle = text(&files, "surveys/confiance-2025/index.html");
    assert!(
        middle.contains("href=\"../../surveys/confiance-2024/\" rel=\"prev\""),
        "{middle}"
    );
    assert!(
        middle.contains("href=\"../../surveys/confiance-2026/\" rel=\"next\""),
        "{middle}"
    );
    let first = text(&files, "surveys/confiance-2024/index.html");
    assert!(!first.contains("rel=\"prev\""));
}

#[test]
fn key_figures_carry_their_change() {
    let (files, _) = confiance();
    let home = text(&files, "index.html");
    assert!(
        home.contains("En hausse de 5 points par rapport à 2025"),
        "{home}"
    );
    // The reworded question's change says so.
    assert!(
        home.contains("En baisse de 5 points par rapport à 2025 (question reformulée depuis)"),
        "{home}"
    );
    if let Some(pdf) = pdf_text(&files["surveys/confiance-2026/confiance-2026.pdf"]) {
        let pdf = pdf.replace(['\u{a0}', '\u{202f}'], " ").replace('\n', " ");
        assert!(
            pdf.contains("En hausse de 5 points par rapport à 2025"),
            "{pdf}"
        );
    }
    // The social image shows it, and its text alternative says it.
    let article = text(&files, "confiance-2026/index.html");
    let alt = article.split("og:image:alt\" content=\"").nth(1).unwrap();
    let alt = &alt[..alt.find('"').unwrap()];
    assert!(alt.contains("55 % Oui — Faites-vous confiance aux services publics en ligne ? En hausse de 5 points par rapport à 2025."), "{alt}");
}

#[test]
fn series_downloads_cover_every_edition_with_a_codebook() {
    let (files, _) = confiance();
    let csv = text(
        &files,
        &format!("{SERIES}/barometre-fictif-de-la-confiance-numerique.csv"),
    );
    let header = csv.lines().next().unwrap();
    assert_eq!(
        header,
        "series,edition,survey,question_id,question,kind,measure,population,answer_id,answer,part_of,segment_id,segment,base,base_exact,value,margin,flag"
    );
    for year in ["2024", "2025", "2026"] {
        assert!(
            csv.lines()
                .any(|l| l.contains(&format!(",{year},confiance-{year},"))),
            "{year}"
        );
    }
    // 2024: 3 + 2 + 2 answers, 2025 and 2026: 3 + 3 + 2, each for 3 segments.
    assert_eq!(csv.lines().count() - 1, (7 + 8 + 8) * 3);
    let codebook = text(
        &files,
        &format!("{SERIES}/barometre-fictif-de-la-confiance-numerique-codebook.csv"),
    );
    assert!(codebook.contains("2026,confiance-2026,protection-donnees,Inquiétude quant à la protection des données personnelles par l’administration,single,respondents,,,ensemble: 1010; jeunes: 45; outremer: 24,,inquiet,Inquiets,"), "{codebook}");
    let json: serde_json::Value = serde_json::from_str(&text(
        &files,
        &format!("{SERIES}/barometre-fictif-de-la-confiance-numerique.json"),
    ))
    .unwrap();
    assert_eq!(json["surveys"].as_array().unwrap().len(), 3);
    assert_eq!(json["editions"][0]["edition"], 2024);
}

#[test]
fn check_lists_missing_disclosure_and_strict_refuses_it() {
    let project = project_with_overlay(None);
    let report = barograph::check(project.path()).unwrap();
    let said: Vec<&str> = report.warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(
        said.contains(&"disclosure items missing: sponsor, how the sample was drawn, weighting"),
        "{said:?}"
    );
    // A build does not repeat them.
    let out = project.path().join("output");
    let built = build(project.path(), &out).unwrap();
    assert!(
        built
            .warnings
            .iter()
            .all(|w| !w.message.starts_with("disclosure"))
    );
    let failure = barograph::check_with(project.path(), true, Default::default()).unwrap_err();
    let d = failure.diagnostics.iter().find(|d| d.is_error()).unwrap();
    assert!(d.message.starts_with("disclosure items missing"), "{d}");
    assert_eq!(d.location().unwrap(), "data/enquete.yaml:2:10");
    // The fixture gives every item: nothing to say.
    let confiance = tempfile::tempdir().unwrap();
    copy_dir(&fixture("valid/confiance"), confiance.path());
    let report = barograph::check_with(confiance.path(), true, Default::default()).unwrap();
    assert!(
        report
            .warnings
            .iter()
            .all(|w| !w.message.starts_with("disclosure"))
    );
}
