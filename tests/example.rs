//! The shipped example (the repository root) rebuilds the Baromètre e-santé 2026 press
//! release: every percentage, date and speaker of the reference text
//! (`tests/reference/barometre-esante-2026.txt`) is in the article, formatted the
//! French way, and no percentage is typed by hand in `content/`.

mod common;

use common::*;

const NNBSP: char = '\u{202f}';
const NBSP: char = '\u{a0}';

fn example_article() -> String {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build(&repo_root(), &site)
        .unwrap_or_else(|f| panic!("{}", f.sources.render(&f.diagnostics, false)));
    std::fs::read_to_string(site.join("barometre-e-sante-2026/index.html")).unwrap()
}

/// Every `N%` / `N %` in the reference, in order.
fn reference_percentages() -> Vec<String> {
    let text =
        std::fs::read_to_string(repo_root().join("tests/reference/barometre-esante-2026.txt"))
            .unwrap();
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if c != '%' {
            continue;
        }
        let mut j = i;
        while j > 0 && chars[j - 1] == ' ' {
            j -= 1;
        }
        let end = j;
        while j > 0 && chars[j - 1].is_ascii_digit() {
            j -= 1;
        }
        if j < end {
            found.push(chars[j..end].iter().collect());
        }
    }
    found
}

#[test]
fn every_reference_percentage_is_in_the_article_french_formatted() {
    let html = example_article();
    let figures = reference_percentages();
    assert!(
        figures.len() >= 36,
        "the reference has at least 36 percentages, found {figures:?}"
    );
    for n in &figures {
        let formatted = format!("{n}{NNBSP}%");
        assert!(html.contains(&formatted), "missing {n} % in the article");
    }
    assert!(
        !html.contains(" %"),
        "a plain space before % slipped through"
    );
}

#[test]
fn segments_are_attached_to_their_figures() {
    let html = example_article();
    for (figure, segment) in [("75", "médecins"), ("65", "médecins"), ("60", "médecins")] {
        let at = html.find(&format!("{figure}{NNBSP}%")).unwrap();
        let window: String = html[at..].chars().take(60).collect();
        let before: String = html[..at]
            .chars()
            .rev()
            .take(60)
            .collect::<String>()
            .chars()
            .rev()
            .collect();
        assert!(
            window.contains(segment) || before.contains(segment),
            "{figure} % is not tied to {segment}: …{before}|{window}…"
        );
    }
}

#[test]
fn dates_sample_speakers_and_sections_are_all_there() {
    let html = example_article();
    let expected = [
        format!("27{NBSP}janvier 2026"),
        format!("1er{NBSP}décembre 2025"),
        format!("20{NBSP}janvier 2026"),
        "840".to_string(),
        format!("200{NNBSP}000"),
        "Grégoire Pigné".to_string(),
        format!("Dr{NBSP}Grégoire Pigné"),
        "Jérôme Leleu".to_string(),
        "médecin oncologue et fondateur de PulseLife".to_string(),
        "fondateur d’Interaction Healthcare".to_string(),
        "PulseLife".to_string(),
        "Le numérique désormais largement accepté par les soignants".to_string(),
        "L’IA générative s’impose comme une technologie d’avenir".to_string(),
        format!(
            "Formation, sécurité des données et fiabilité{NBSP}: les trois piliers pour une adoption réussie"
        ),
        format!("Un point de vigilance demeure{NBSP}: la relation soignant-patient"),
        "Méthodologie de l’enquête".to_string(),
        "barometre-esante-2026.pdf".to_string(),
        "Questionnaire auto-administré sur le web".to_string(),
        "ex-360 Medics".to_string(),
    ];
    for needle in &expected {
        assert!(html.contains(needle.as_str()), "missing {needle:?}");
    }
    assert_eq!(html.matches("<blockquote>").count(), 3, "three quotations");
    assert_eq!(
        html.matches("<figcaption>").count(),
        3,
        "each quotation is attributed"
    );
}

#[test]
fn no_percentage_is_typed_by_hand_in_content() {
    for entry in walkdir::WalkDir::new(repo_root().join("content")) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for (i, line) in text.lines().enumerate() {
            let bytes = line.as_bytes();
            for (j, &b) in bytes.iter().enumerate() {
                let digit_before = (j >= 1 && bytes[j - 1].is_ascii_digit())
                    || (j >= 2 && bytes[j - 1] == b' ' && bytes[j - 2].is_ascii_digit());
                assert!(
                    !(b == b'%' && digit_before),
                    "{}:{}: a percentage is typed by hand: {line}",
                    entry.path().display(),
                    i + 1
                );
            }
        }
    }
}
