//! The infographic PDF of the shipped example: reproducible, tagged (PDF/UA-1) with its
//! metadata set, fonts embedded, linked from the article, and the charts in the article
//! have their text alternatives and data tables.

mod common;

use common::*;

fn build_example() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    build(&repo_root(), &site)
        .unwrap_or_else(|f| panic!("{}", f.sources.render(&f.diagnostics, false)));
    (dir, site)
}

const PDF: &str = "barometre-e-sante-2026/barometre-esante-2026.pdf";

#[test]
fn two_builds_give_the_same_pdf() {
    let (_a, first) = build_example();
    let (_b, second) = build_example();
    let one = std::fs::read(first.join(PDF)).unwrap();
    let two = std::fs::read(second.join(PDF)).unwrap();
    assert!(one.starts_with(b"%PDF-"), "not a PDF");
    assert_eq!(
        blake3::hash(&one),
        blake3::hash(&two),
        "the PDF differs between builds"
    );
}

#[test]
fn pdf_is_tagged_pdf_ua_with_metadata_and_embedded_fonts() {
    let (_dir, site) = build_example();
    let bytes = std::fs::read(site.join(PDF)).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    for needle in [
        "/StructTreeRoot",
        "/MarkInfo",
        "pdfuaid:part>1<",
        "/Lang",
        "/FontFile",
    ] {
        assert!(text.contains(needle), "missing {needle}");
    }
    assert!(
        text.contains("Baromètre e-santé 2026"),
        "the title is in the XMP metadata"
    );
    assert!(
        text.contains("<dc:language>") || text.contains("/Lang (fr)"),
        "the language is set"
    );
    assert!(
        text.matches("/FontFile").count() >= 4,
        "every Inter weight used is embedded"
    );
}

#[test]
fn the_article_links_the_pdf_and_has_accessible_charts() {
    let (_dir, site) = build_example();
    let html = std::fs::read_to_string(site.join("barometre-e-sante-2026/index.html")).unwrap();
    assert!(
        html.contains("href=\"barometre-esante-2026.pdf\""),
        "link to the infographic"
    );
    let figures = html.matches("<figure class=\"chart\"").count();
    assert!(
        figures >= 4,
        "the article shows its charts, found {figures}"
    );
    // Each chart is an image with its text alternative, drawn wide and narrow (phones).
    assert_eq!(
        html.matches("<picture class=\"chart-image\">").count(),
        figures
    );
    assert_eq!(
        html.matches("<source media=").count(),
        figures,
        "a narrow drawing for phones"
    );
    assert_eq!(
        html.matches("<table>").count(),
        figures,
        "every chart has a data table"
    );
    for src in html
        .split("<img src=\"")
        .skip(1)
        .map(|t| &t[..t.find('"').unwrap()])
    {
        let file = site.join("barometre-e-sante-2026").join(src);
        let svg = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{src}: {e}"));
        assert!(
            svg.contains("role=\"img\"") && svg.contains("<desc id="),
            "{src} is an accessible SVG"
        );
    }
    assert!(
        html.contains("alt=\"Innovations numériques les plus prometteuses"),
        "charts have alt text"
    );
    assert!(
        html.contains("Imagerie médicale\u{a0}: 76\u{202f}%"),
        "alt text carries the figures"
    );
}
