//! The fixture projects of other survey shapes (`tests/fixtures/valid/officine`,
//! `teletravail`; fictional figures, shapes of publicly described barometers): each
//! builds without a warning but for missing disclosure items, from a bare project (no `templates/`), and states what the
//! data says and nothing more: approximate sizes with their qualifier, unknown bases as
//! unknown, a subgroup's base, shares of something else, counts, sub-parts, "n.p.".

mod common;

use common::*;

/// Build the fixture `name` in a temporary copy; the site's files by path.
fn built(name: &str) -> std::collections::BTreeMap<String, Vec<u8>> {
    let project = tempfile::tempdir().unwrap();
    copy_dir(&fixture(&format!("valid/{name}")), project.path());
    assert!(!project.path().join("templates").exists(), "a bare project");
    let out = project.path().join("output");
    let report = build(project.path(), &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    // Only the disclosure items these fixtures leave out, on purpose (an unknown base
    // stays unknown): `check` lists them, and nothing else is wrong.
    let other: Vec<_> = report
        .warnings
        .iter()
        .filter(|w| !w.message.starts_with("disclosure item"))
        .collect();
    assert!(other.is_empty(), "{name}: {other:?}");
    tree(&out)
}

fn text(files: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> String {
    let bytes = files
        .get(path)
        .unwrap_or_else(|| panic!("no {path}: {:?}", files.keys()));
    String::from_utf8(bytes.clone()).unwrap()
}

/// `text` with its no-break spaces (French typography) read as spaces.
fn spaced(text: &str) -> String {
    text.replace(['\u{a0}', '\u{202f}'], " ")
}

#[test]
fn officine_states_approximations_and_unknowns_without_inventing() {
    let files = built("officine");
    let html = text(&files, "autodiagnostic/index.html");
    // The approximate sample keeps its qualifier, never broken from its number.
    assert!(html.contains("environ\u{a0}1\u{202f}700"), "{html}");
    let article = spaced(&html);
    // A subgroup question says whom it was asked of, with its approximate base.
    assert!(
        article.contains(
            "Base : pharmaciens qui utilisent une application d’aide à la décision (environ 600)"
        ),
        "{article}"
    );
    // Sub-parts are drawn and described; an unpublished value is marked.
    assert!(article.contains("dont très positive"), "{article}");
    assert!(
        article.contains("n.p. : non publié."),
        "the table says what n.p. is"
    );
    // An answer unpublished for a segment: said so, and the rest of its bar (which
    // holds it) gets no computed figure.
    assert!(
        article.contains("Pharmaciens adjoints — Positive : 47,9 %, Négative : 48,6 %, Sans avis : non publié, Autres réponses / non précisé : non publié."),
        "{article}"
    );
    // A share of something else is never completed to 100 % of respondents.
    let share = text(&files, "surveys/autodiagnostic/charts/erreurs-grouped.svg");
    assert!(share.contains("62,5"), "{share}");
    assert!(!share.contains("Autres réponses"), "{share}");
    let csv = text(&files, "surveys/autodiagnostic/autodiagnostic.csv");
    assert!(
        csv.contains(",ensemble,Ensemble des pharmaciens d’officine,600,false,23.4,,\r\n"),
        "{csv}"
    );
    // Bases nobody published stay empty: no number is made up for them.
    assert!(
        csv.contains(",ensemble,Ensemble des pharmaciens d’officine,,,44.6,,\r\n"),
        "{csv}"
    );
    let json = text(&files, "surveys/autodiagnostic/autodiagnostic.json");
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["sample"]["approximate"], "about");
    assert!(
        json["segments"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["base"].is_null())
    );
    let pdf = &files["surveys/autodiagnostic/autodiagnostic.pdf"];
    if let Some(pdf) = pdf_text(pdf) {
        let flat = spaced(&pdf)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(flat.contains("Publication : 14 avril 2026"), "{flat}");
        assert!(flat.contains("Base : pharmaciens qui utilisent"), "{flat}");
        assert!(!flat.contains("Méthode"), "no method was published: {flat}");
    }
}

#[test]
fn teletravail_prints_partners_dates_counts_and_subgroups() {
    let files = built("teletravail");
    let article = spaced(&text(&files, "teletravail-2026/index.html"));
    assert!(
        article.contains("en moyenne 1,6 jours par semaine"),
        "{article}"
    );
    // Every published base of a subgroup, not only the first segment's.
    assert!(
        article.contains("Base : agents qui télétravaillent (Ensemble des agents publics : 1 238 ; Fonction publique d’État : 572 ; Fonction publique territoriale : 446 ; Fonction publique hospitalière : 221)"),
        "{article}"
    );
    // A subgroup's base is never the whole segment's: unpublished, it stays empty.
    let csv = text(&files, "surveys/teletravail-2026/teletravail-2026.csv");
    assert!(
        csv.contains(",ensemble,Ensemble des agents publics,1238,true,67.4,,\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains(",etat,Fonction publique d’État,,,70.2,,\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains(",etat,Fonction publique d’État,812,true,29.6,,\r\n"),
        "{csv}"
    );
    let survey = spaced(&text(&files, "surveys/teletravail-2026/index.html"));
    for fact in [
        "Association fictive des cadres publics",
        "co-organisatrice des Rencontres fictives du travail",
        "Fondation fictive pour l’emploi",
        "12 mars 2026",
        "10 mars 2026",
    ] {
        assert!(survey.contains(fact), "{fact}: {survey}");
    }
    // A count is not a percentage: no `%` after it, in the chart nor its table.
    let chart = text(&files, "surveys/teletravail-2026/charts/jours-grouped.svg");
    assert!(!chart.contains('%'), "{chart}");
    let pdf = &files["surveys/teletravail-2026/teletravail-2026.pdf"];
    if let Some(pdf) = pdf_text(pdf) {
        // Lines break anywhere in a PDF (pdftotext joins `co-` + `organisatrice` without
        // its hyphen): compare without spaces and hyphens.
        let flat: String = pdf
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        for fact in [
            "co-organisatrice des Rencontres fictives du travail",
            "Fondation fictive pour l’emploi",
            "12 mars 2026",
            "Publication : 10 mars 2026",
        ] {
            let fact: String = fact
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .collect();
            assert!(flat.contains(&fact), "{fact}: {flat}");
        }
    }
}
