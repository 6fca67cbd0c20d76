//! Integration tests over the fixture projects in `tests/fixtures/`: valid ones build,
//! and each invalid one fails with `file:line:column`, a hint, a non-zero exit code and
//! an untouched previous output.

mod common;

use std::process::Command;

use common::*;

#[test]
fn valid_minimal_fixture_builds_the_expected_pages() {
    let project = project_with_overlay(None);
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("site");
    let report = build(project.path(), &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    assert_eq!(report.articles, 1);
    let files = tree(&out);
    for expected in ["index.html", "resultats/index.html", "assets/style.css"] {
        assert!(
            files.contains_key(expected),
            "missing {expected}: {:?}",
            files.keys()
        );
    }
    let article = String::from_utf8(files["resultats/index.html"].clone()).unwrap();
    insta::assert_snapshot!("minimal_article", article);
}

#[test]
fn valid_english_fixture_uses_english_formatting() {
    let project = tempfile::tempdir().unwrap();
    copy_dir(&fixture("valid/english"), project.path());
    let out = project.path().join("output");
    build(project.path(), &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    let html = std::fs::read_to_string(out.join("results/index.html")).unwrap();
    assert!(html.contains("<html lang=\"en\">"), "{html}");
    assert!(
        html.contains("58.5%"),
        "English percentages have no space: {html}"
    );
    assert!(html.contains("April 2, 2025"), "{html}");
    assert!(html.contains("1,200"), "English digit grouping: {html}");
    assert!(
        !html.contains('\u{202f}'),
        "no French narrow spaces in English"
    );
}

/// Build each invalid fixture over a previous good output: it must fail, point at a
/// file, line and column, and leave the output byte-identical.
#[test]
fn invalid_fixtures_fail_with_positions_and_keep_the_output() {
    let names = fixture_names("invalid");
    assert!(
        names.len() >= 14,
        "one fixture per error class, found {names:?}"
    );
    for name in names {
        let project = project_with_overlay(None);
        let out = project.path().join("output");
        build(project.path(), &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
        let before = tree(&out);
        copy_dir(&fixture(&format!("invalid/{name}")), project.path());
        let failure = match build(project.path(), &out) {
            Ok(_) => panic!("fixture {name} built, but it must fail"),
            Err(f) => f,
        };
        assert!(failure.diagnostics.has_errors(), "{name}");
        for d in failure.diagnostics.iter() {
            let pos = d
                .position
                .unwrap_or_else(|| panic!("{name}: no position in {d}"));
            assert!(pos.line > 0 && pos.column > 0, "{name}: {d}");
            assert!(d.file.is_some(), "{name}: no file in {d}");
            assert!(d.hint.is_some(), "{name}: no hint in {d}");
            assert_eq!(d.message, d.message.trim(), "{name}");
        }
        // The errors the fixture is about; the example's disclosure warnings are the
        // same in every run and tested on their own.
        let errors = barograph::diagnostics::Diagnostics(
            failure
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .cloned()
                .collect(),
        );
        let rendered = failure.sources.render(&errors, false);
        insta::assert_snapshot!(format!("invalid_{name}"), rendered);
        assert_eq!(tree(&out), before, "{name}: the previous output changed");
    }
}

#[test]
fn several_errors_are_all_reported_in_one_run() {
    let project = project_with_overlay(Some("invalid/several-errors"));
    let failure = barograph::check(project.path()).unwrap_err();
    assert_eq!(
        failure.diagnostics.error_count(),
        3,
        "{}",
        failure.diagnostics
    );
    let project = project_with_overlay(Some("invalid/several-commentary-errors"));
    let failure = barograph::check(project.path()).unwrap_err();
    assert_eq!(
        failure.diagnostics.error_count(),
        2,
        "{}",
        failure.diagnostics
    );
}

#[test]
fn cli_exits_non_zero_and_prints_file_line_column() {
    let project = project_with_overlay(Some("invalid/unknown-key"));
    let output = Command::new(env!("CARGO_BIN_EXE_barograph"))
        .args(["build", "--root"])
        .arg(project.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("data/enquete.yaml:8:3"), "{stderr}");
    assert!(stderr.contains("unknown key `respondants`"), "{stderr}");
    assert!(
        !project.path().join("output").exists(),
        "nothing is written on failure"
    );
}

#[test]
fn cli_build_prints_a_summary_and_check_writes_nothing() {
    let project = project_with_overlay(None);
    let check = Command::new(env!("CARGO_BIN_EXE_barograph"))
        .args(["check", "--root"])
        .arg(project.path())
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(
        !project.path().join("output").exists(),
        "check must not write"
    );
    let build = Command::new(env!("CARGO_BIN_EXE_barograph"))
        .args(["build", "--root"])
        .arg(project.path())
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let stdout = String::from_utf8_lossy(&build.stdout);
    assert!(stdout.starts_with("built 1 article"), "{stdout}");
    assert!(stdout.trim_end().ends_with(" ms"), "{stdout}");
    assert!(project.path().join("output/resultats/index.html").is_file());
}

#[test]
fn help_lists_the_commands() {
    let output = Command::new(env!("CARGO_BIN_EXE_barograph"))
        .arg("--help")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    for word in ["build", "check", "survey"] {
        assert!(text.contains(word), "--help lacks {word}: {text}");
    }
}

/// A percentage typed in the title or the summary (a folded one too) is a located
/// warning, whose hint does not ask for a helper where none runs.
#[test]
fn percentages_typed_in_the_title_and_summary_are_located_warnings() {
    let project = project_with_overlay(None);
    let article = project.path().join("content/articles/resultats.md");
    let text = std::fs::read_to_string(&article)
        .unwrap()
        .replace(
            "title: Résultats de l'enquête test",
            "title: 58,5 % satisfaits",
        )
        .replace(
            "summary: Ce que disent les infirmiers.",
            "summary: >-\n  Ce que disent\n  61 % des libéraux.",
        );
    std::fs::write(&article, text).unwrap();
    let found = warnings(barograph::check(project.path()));
    let typed: Vec<(usize, usize, Option<&str>)> = found
        .iter()
        .filter(|d| d.message.starts_with("percentage typed by hand"))
        .map(|d| {
            let p = d.position.unwrap();
            (p.line, p.column, d.hint.as_deref())
        })
        .collect();
    assert_eq!(typed.len(), 2, "{found}");
    assert_eq!((typed[0].0, typed[0].1), (2, 8), "{found}");
    assert_eq!((typed[1].0, typed[1].1), (9, 3), "{found}");
    for (_, _, hint) in typed {
        assert!(hint.unwrap().contains("takes no helper"), "{found}");
    }
}
