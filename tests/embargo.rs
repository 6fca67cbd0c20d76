//! Release day: an article dated later (with a time and a time zone: an embargo) and a
//! draft are held back from every page, the feed and the sitemap, and said to be; a
//! survey whose only articles are under embargo is held back with them; `--future`
//! and `--drafts` build them for a preview, with a banner. The run's "now" is fixed
//! here, so the output is the same bytes whenever the tests run.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// 2026-01-27 08:30 in Paris: half an hour before the embargo of `annonce.md`.
fn now() -> time::OffsetDateTime {
    time::macros::datetime!(2026-01-27 08:30 +01:00)
}

fn publish(future: bool, drafts: bool) -> barograph::model::Publish {
    barograph::model::Publish {
        drafts,
        future,
        now: Some(now()),
    }
}

/// The minimal project with an article under embargo about a survey of its own, and a
/// draft.
fn project() -> tempfile::TempDir {
    let dir = project_with_overlay(None);
    let root = dir.path();
    let survey = fs::read_to_string(root.join("data/enquete.yaml")).unwrap();
    let secret = survey
        .replace("Enquête test 2025", "Enquête secrète 2026")
        .replace("edition: 2025", "edition: 2026");
    fs::write(root.join("data/secrete.yaml"), secret).unwrap();
    let article = fs::read_to_string(root.join("content/articles/resultats.md")).unwrap();
    let embargoed = article
        .replace("slug: resultats", "slug: annonce")
        .replace("date: 2025-04-02", "date: 2026-01-27T09:00:00+01:00")
        .replace("survey: enquete", "survey: secrete");
    fs::write(root.join("content/articles/annonce.md"), embargoed).unwrap();
    let draft = article
        .replace("slug: resultats", "slug: brouillon")
        .replace("summary:", "draft: true\nsummary:");
    fs::write(root.join("content/articles/brouillon.md"), draft).unwrap();
    dir
}

/// Add `line` at the end of the project file `rel`.
fn append(root: &Path, rel: &str, line: &str) {
    let text = fs::read_to_string(root.join(rel)).unwrap();
    fs::write(root.join(rel), format!("{text}{line}\n")).unwrap();
}

fn built(
    root: &Path,
    publish: barograph::model::Publish,
) -> (barograph::BuildReport, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let report = barograph::build(&barograph::BuildOptions {
        root: root.to_path_buf(),
        output: out.path().to_path_buf(),
        base_url: None,
        publish,
    })
    .unwrap_or_else(|f| panic!("{}", f.diagnostics));
    (report, out)
}

#[test]
fn what_is_under_embargo_is_held_back_everywhere() {
    let dir = project();
    let (report, out) = built(dir.path(), publish(false, false));
    assert_eq!(report.articles, 1);
    let held: Vec<&str> = report.held.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(
        held,
        [
            "content/articles/annonce.md",
            "content/articles/brouillon.md",
            "data/secrete.yaml"
        ]
    );
    assert!(
        report.held[0]
            .1
            .contains("embargoed until 2026-01-27T09:00:00+01:00"),
        "{:?}",
        report.held
    );
    assert!(report.held[1].1.contains("draft"));
    for (path, bytes) in tree(out.path()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !path.contains("annonce") && !path.contains("secrete") && !path.contains("brouillon"),
            "{path}"
        );
        assert!(
            !text.contains("annonce/") && !text.contains("secrète"),
            "{path} names a held-back page"
        );
    }
}

#[test]
fn a_preview_shows_them_with_a_banner() {
    let dir = project();
    let (report, out) = built(dir.path(), publish(true, true));
    assert_eq!(report.articles, 3);
    assert!(report.held.is_empty());
    let page = fs::read_to_string(out.path().join("annonce/index.html")).unwrap();
    assert!(
        page.contains("Embargo jusqu’au 27\u{a0}janvier 2026 à 09:00 (UTC+01:00)"),
        "{page}"
    );
    assert!(
        page.contains("<time datetime=\"2026-01-27T09:00:00+01:00\">"),
        "{page}"
    );
    let draft = fs::read_to_string(out.path().join("brouillon/index.html")).unwrap();
    assert!(
        draft
            .replace('\u{a0}', " ")
            .contains("Brouillon : cet article n’est pas publié."),
        "{draft}"
    );
    assert!(out.path().join("surveys/secrete/index.html").exists());
    // Half an hour later, the embargo has lifted: no banner, no preview needed.
    let later = barograph::model::Publish {
        now: Some(now() + time::Duration::minutes(30)),
        ..Default::default()
    };
    let (report, out) = built(dir.path(), later);
    assert_eq!(report.articles, 2, "{:?}", report.held);
    let page = fs::read_to_string(out.path().join("annonce/index.html")).unwrap();
    assert!(!page.contains("Embargo"), "{page}");
}

#[test]
fn the_same_now_gives_the_same_bytes() {
    let dir = project();
    let (_, a) = built(dir.path(), publish(true, false));
    let (_, b) = built(dir.path(), publish(true, false));
    assert_eq!(tree(a.path()), tree(b.path()));
}

#[test]
fn an_article_cannot_leak_its_survey_and_a_time_needs_its_zone() {
    let dir = project();
    let root = dir.path();
    // The survey under embargo until a date, the article about it dated before.
    append(
        root,
        "data/enquete.yaml",
        "published: 2026-01-27T10:00:00+01:00",
    );
    let failure = barograph::build(&barograph::BuildOptions {
        root: root.to_path_buf(),
        output: root.join("output"),
        base_url: None,
        publish: publish(false, false),
    })
    .unwrap_err();
    let d = failure.diagnostics.iter().find(|d| d.is_error()).unwrap();
    assert!(
        d.message
            .starts_with("article published before its survey `enquete`"),
        "{d}"
    );
    assert_eq!(d.location().unwrap(), "content/articles/resultats.md:6:9");
    // A time without a time zone says which is missing, where.
    let article = fs::read_to_string(root.join("content/articles/annonce.md")).unwrap();
    fs::write(
        root.join("content/articles/annonce.md"),
        article.replace("09:00:00+01:00", "09:00:00"),
    )
    .unwrap();
    let failure = barograph::check(root).unwrap_err();
    let d = failure
        .diagnostics
        .iter()
        .find(|d| d.message.contains("no time zone"))
        .unwrap();
    assert_eq!(
        d.location().unwrap(),
        "content/articles/annonce.md:4:7",
        "{d}"
    );
}

/// The outside check's leaks: a published article naming a survey under embargo with
/// `survey=`, and a draft that let its survey out.
#[test]
fn no_back_door_to_a_survey_under_embargo() {
    let dir = project();
    let root = dir.path();
    let article = fs::read_to_string(root.join("content/articles/resultats.md")).unwrap();
    let peek = article.replace("slug: resultats", "slug: fuite").replace(
        "{{ pct(\"satisfaction.satisfaits\") }}",
        "{{ pct(\"satisfaction.satisfaits\", survey=\"secrete\") }}",
    );
    assert_ne!(peek, article.replace("slug: resultats", "slug: fuite"));
    fs::write(root.join("content/articles/fuite.md"), peek).unwrap();
    let failure = barograph::check_with(root, false, publish(false, false)).unwrap_err();
    let d = failure.diagnostics.iter().find(|d| d.is_error()).unwrap();
    assert!(
        d.message.starts_with("survey `secrete` is under embargo"),
        "{d}"
    );
    fs::remove_file(root.join("content/articles/fuite.md")).unwrap();
    // A draft is held back: the survey it alone presents stays held back too.
    let embargoed = fs::read_to_string(root.join("content/articles/annonce.md")).unwrap();
    let draft = embargoed
        .replace("date: 2026-01-27T09:00:00+01:00", "date: 2020-01-01")
        .replace("summary:", "draft: true\nsummary:");
    fs::write(root.join("content/articles/annonce.md"), draft).unwrap();
    let (report, out) = built(root, publish(false, false));
    assert!(
        report.held.iter().any(|(s, _)| s == "data/secrete.yaml"),
        "{:?}",
        report.held
    );
    assert!(!out.path().join("surveys/secrete").exists());
}

#[test]
fn an_article_dated_before_its_survey_is_refused_on_any_day() {
    let dir = project();
    let root = dir.path();
    append(
        root,
        "data/secrete.yaml",
        "published: 2030-01-27T10:00:00+01:00",
    );
    let article = fs::read_to_string(root.join("content/articles/annonce.md")).unwrap();
    fs::write(
        root.join("content/articles/annonce.md"),
        article.replace("2026-01-27T09:00:00+01:00", "2030-01-27T09:59:00+01:00"),
    )
    .unwrap();
    let failure = barograph::check_with(root, false, publish(false, false)).unwrap_err();
    let d = failure.diagnostics.iter().find(|d| d.is_error()).unwrap();
    assert!(
        d.message
            .starts_with("article published before its survey `secrete`"),
        "{d}"
    );
}

#[test]
fn the_feed_keeps_the_time_of_an_embargo() {
    let dir = project();
    let later = barograph::model::Publish {
        now: Some(now() + time::Duration::hours(1)),
        ..Default::default()
    };
    let (_, out) = built(dir.path(), later);
    let feed = fs::read_to_string(out.path().join("feed.xml")).unwrap();
    assert!(
        feed.contains("<published>2026-01-27T09:00:00+01:00</published>"),
        "{feed}"
    );
}

#[test]
fn a_day_alone_says_the_embargo_lifts_at_midnight_utc() {
    let dir = project();
    let root = dir.path();
    let article = root.join("content/articles/annonce.md");
    let text = fs::read_to_string(&article).unwrap();
    fs::write(
        &article,
        text.replace("date: 2026-01-27T09:00:00+01:00", "date: 2026-01-28"),
    )
    .unwrap();
    let (_, out) = built(root, publish(true, false));
    let page = fs::read_to_string(out.path().join("annonce/index.html")).unwrap();
    let banner = page.replace(['\u{a0}', '\u{202f}'], " ");
    assert!(
        banner.contains("Embargo jusqu’au 28 janvier 2026 à 00:00 (UTC)"),
        "{}",
        banner.lines().find(|l| l.contains("embargo")).unwrap_or("")
    );
}
