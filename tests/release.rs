//! Release day, beyond the embargo: the press contact of `site.yaml` on every article
//! and in the infographic, refused when malformed; and news without a survey (a
//! product launch, an announcement) listed, tagged, in the feed and related like any
//! other article.

mod common;

use std::fs;

use common::*;

const PRESS: &str = "press:\n  name: Camille Martin\n  role: Relations presse\n  email: presse@example.org\n  phone: +33 1 23 45 67 89\n";

#[test]
fn the_press_contact_is_on_articles_and_infographics() {
    let dir = project_with_overlay(None);
    let site = fs::read_to_string(dir.path().join("site.yaml")).unwrap();
    fs::write(dir.path().join("site.yaml"), format!("{site}{PRESS}")).unwrap();
    let out = dir.path().join("output");
    build(dir.path(), &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    let page = fs::read_to_string(out.join("resultats/index.html")).unwrap();
    assert!(
        page.contains("<a href=\"mailto:presse@example.org\">presse@example.org</a>"),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"tel:+33123456789\">+33 1 23 45 67 89</a>"),
        "{page}"
    );
    let pdf = out
        .join("resultats")
        .read_dir()
        .unwrap()
        .flatten()
        .find(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .unwrap();
    if let Some(text) = pdf_text(&fs::read(pdf.path()).unwrap()) {
        let text = text.replace(['\u{a0}', '\u{202f}'], " ").replace('\n', " ");
        assert!(
            text.contains("Contact presse : Camille Martin, Relations presse, presse@example.org"),
            "{text}"
        );
    }
}

#[test]
fn a_malformed_contact_is_refused_where_written() {
    let dir = project_with_overlay(None);
    let site = fs::read_to_string(dir.path().join("site.yaml")).unwrap();
    let bad = PRESS
        .replace("presse@example.org", "presse at example")
        .replace("+33 1 23 45 67 89", "+33 1 23 <b>");
    fs::write(dir.path().join("site.yaml"), format!("{site}{bad}")).unwrap();
    let failure = barograph::check(dir.path()).unwrap_err();
    let errors: Vec<String> = failure
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect();
    assert!(
        errors[0].starts_with("invalid e-mail address `presse at example`"),
        "{errors:?}"
    );
    assert!(
        errors[1].starts_with("invalid phone number `+33 1 23 <b>`"),
        "{errors:?}"
    );
}

#[test]
fn news_without_a_survey_is_an_article_like_any_other() {
    let dir = project_with_overlay(None);
    let root = dir.path();
    let news = "---\ntitle: Lancement de notre nouvel outil\nslug: lancement\ndate: 2025-05-10\ntags: [Test, Produit]\nsummary: Une annonce sans enquête.\n---\n\nNotre outil est disponible.\n";
    fs::write(root.join("content/articles/lancement.md"), news).unwrap();
    let out = root.join("output");
    let report = build(root, &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    assert!(report.warnings.is_empty(), "{}", report.warnings);
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("href=\"lancement/\""), "{home}");
    let page = fs::read_to_string(out.join("lancement/index.html")).unwrap();
    assert!(page.contains("Notre outil est disponible."));
    // Related through their shared tag, both ways; tagged, and in the feed.
    assert!(page.contains("href=\"../resultats/\""), "{page}");
    let other = fs::read_to_string(out.join("resultats/index.html")).unwrap();
    assert!(other.contains("href=\"../lancement/\""), "{other}");
    assert!(
        fs::read_to_string(out.join("tags/produit/index.html"))
            .unwrap()
            .contains("lancement/")
    );
    assert!(
        fs::read_to_string(out.join("feed.xml"))
            .unwrap()
            .contains("lancement/")
    );
    // No infographic or social figure is made up for it.
    assert!(
        !out.join("lancement")
            .read_dir()
            .unwrap()
            .flatten()
            .any(|e| e.path().extension().is_some_and(|x| x == "pdf"))
    );
}

#[test]
fn standalone_pages_are_written_and_linked_from_every_footer() {
    let dir = project_with_overlay(None);
    let root = dir.path();
    fs::create_dir_all(root.join("content/pages")).unwrap();
    let legal = "---\ntitle: Mentions légales\nslug: mentions-legales\nsummary: Qui publie ce site.\norder: 2\n---\n\nÉditeur : Institut Test.\n\n<script>alert(1)</script>\n";
    let about =
        "---\ntitle: À propos\nslug: a-propos\norder: 1\n---\n\nNous publions un baromètre.\n";
    fs::write(root.join("content/pages/mentions.md"), legal).unwrap();
    fs::write(root.join("content/pages/a-propos.md"), about).unwrap();
    let out = root.join("output");
    build(root, &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    let page = fs::read_to_string(out.join("mentions-legales/index.html")).unwrap();
    assert!(page.contains("<h1>Mentions légales</h1>"), "{page}");
    assert!(page.contains("Éditeur\u{a0}: Institut Test."), "{page}");
    assert!(!page.contains("<script>alert"), "sanitised: {page}");
    assert!(
        page.contains("<meta name=\"description\" content=\"Qui publie ce site.\">"),
        "{page}"
    );
    // Every page's footer links them, in their order.
    for p in [
        "index.html",
        "resultats/index.html",
        "surveys/index.html",
        "404.html",
    ] {
        let html = fs::read_to_string(out.join(p)).unwrap();
        let about = html
            .find("a-propos/\">À propos</a>")
            .unwrap_or_else(|| panic!("{p}"));
        let legal = html
            .find("mentions-legales/\">Mentions légales</a>")
            .unwrap();
        assert!(about < legal, "{p}");
    }
    assert!(
        fs::read_to_string(out.join("sitemap.xml"))
            .unwrap()
            .contains("/mentions-legales/</loc>")
    );
    // A page cannot take an article's address, nor the site's own folders.
    let clash = legal.replace("slug: mentions-legales", "slug: resultats");
    fs::write(root.join("content/pages/mentions.md"), clash).unwrap();
    let failure = barograph::check(root).unwrap_err();
    let d = failure.diagnostics.iter().find(|d| d.is_error()).unwrap();
    assert!(d.message.starts_with("duplicate slug `resultats`"), "{d}");
    assert_eq!(d.location().unwrap(), "content/pages/mentions.md:3:7");
    let reserved = legal.replace("slug: mentions-legales", "slug: series");
    fs::write(root.join("content/pages/mentions.md"), reserved).unwrap();
    let failure = barograph::check(root).unwrap_err();
    assert!(
        failure
            .diagnostics
            .iter()
            .any(|d| d.message.starts_with("invalid slug `series`"))
    );
}

#[test]
fn every_chart_offers_its_svg_and_its_data() {
    let dir = project_with_overlay(None);
    let out = dir.path().join("output");
    build(dir.path(), &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    let page = fs::read_to_string(out.join("surveys/enquete/index.html")).unwrap();
    let links = page.matches("class=\"chart-downloads\"").count();
    assert_eq!(
        links,
        page.matches("<figure class=\"chart\"").count(),
        "{page}"
    );
    assert!(
        page.contains(
            "href=\"../../surveys/enquete/charts/satisfaction-stacked.csv\" download>CSV"
        ),
        "{page}"
    );
    let csv =
        fs::read_to_string(out.join("surveys/enquete/charts/satisfaction-stacked.csv")).unwrap();
    assert_eq!(
        csv,
        "answer,Ensemble,Libéraux\r\nSatisfaits,58.5,61\r\nInsatisfaits,41.5,39\r\n"
    );
}
