//! The published website: every page kind, pagination, metadata (canonical, Open Graph,
//! JSON-LD), machine files (robots, sitemap, Atom), data downloads, the social image,
//! sub-path builds, and no reference to another origin.

mod common;

use std::fs;
use std::path::Path;

use common::*;

fn build_example(base_url: Option<&str>) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    barograph::build(&barograph::BuildOptions {
        root: repo_root(),
        output: site.clone(),
        base_url: base_url.map(str::to_string),
        publish: Default::default(),
    })
    .unwrap_or_else(|f| panic!("{}", f.sources.render(&f.diagnostics, false)));
    (dir, site)
}

fn read(site: &Path, rel: &str) -> String {
    fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The JSON-LD object of a page.
fn json_ld(html: &str) -> serde_json::Value {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD present")
        + 35;
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).expect("JSON-LD parses")
}

#[test]
fn every_page_kind_is_built() {
    let (_dir, site) = build_example(None);
    for rel in [
        "index.html",
        "barometre-e-sante-2026/index.html",
        "barometre-e-sante-2026/social.png",
        "tags/index.html",
        "tags/ia-generative/index.html",
        "surveys/index.html",
        "surveys/barometre-esante-2026/index.html",
        "surveys/barometre-esante-2026/barometre-esante-2026.pdf",
        "surveys/barometre-esante-2026/barometre-esante-2026.csv",
        "surveys/barometre-esante-2026/barometre-esante-2026.json",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "feed.xml",
        "assets/style.css",
        "assets/fonts/Inter-Regular.woff2",
    ] {
        assert!(site.join(rel).is_file(), "missing {rel}");
    }
}

#[test]
fn article_metadata_is_complete() {
    let (_dir, site) = build_example(None);
    let html = read(&site, "barometre-e-sante-2026/index.html");
    let url = "https://barometre.example.org/barometre-e-sante-2026/";
    for needle in [
        format!("<link rel=\"canonical\" href=\"{url}\">"),
        format!("<meta property=\"og:url\" content=\"{url}\">"),
        "<meta property=\"og:type\" content=\"article\">".to_string(),
        format!("<meta property=\"og:image\" content=\"{url}social.png\">"),
        "<meta name=\"twitter:card\" content=\"summary_large_image\">".to_string(),
        "href=\"../tags/ia-generative/\"".to_string(),
        "https://www.linkedin.com/sharing/share-offsite/?url=https%3A//barometre.example.org/barometre-e-sante-2026/".to_string(),
    ] {
        assert!(html.contains(&needle), "missing {needle}");
    }
    let ld = json_ld(&html);
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["datePublished"], "2026-01-27");
    assert_eq!(ld["inLanguage"], "fr");
    assert_eq!(
        ld["isBasedOn"],
        "https://barometre.example.org/surveys/barometre-esante-2026/"
    );
}

#[test]
fn survey_page_offers_the_data_and_describes_a_dataset() {
    let (_dir, site) = build_example(None);
    let html = read(&site, "surveys/barometre-esante-2026/index.html");
    for file in [
        "barometre-esante-2026.pdf",
        "barometre-esante-2026.csv",
        "barometre-esante-2026.json",
    ] {
        assert!(
            html.contains(&format!("href=\"{file}\"")),
            "no download link to {file}"
        );
    }
    let ld = json_ld(&html);
    assert_eq!(ld["@type"], "Dataset");
    assert_eq!(ld["temporalCoverage"], "2025-12-01/2026-01-20");
    let formats: Vec<&str> = ld["distribution"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["encodingFormat"].as_str().unwrap())
        .collect();
    assert_eq!(formats, ["text/csv", "application/json"]);
    // Every question has a chart with its table.
    let questions = 8;
    assert!(html.matches("<figure class=\"chart\"").count() >= questions);
    let csv = read(
        &site,
        "surveys/barometre-esante-2026/barometre-esante-2026.csv",
    );
    assert!(csv.starts_with(
        "series,edition,survey,question_id,question,kind,measure,population,answer_id,answer,part_of,segment_id,segment,base,base_exact,value,margin,flag\r\n"
    ));
    assert!(csv.contains(",2026,barometre-esante-2026,perception,Perception du développement des technologies numériques en santé,single,respondents,,positive,Perception positive,,medecins,Médecins,420,true,75,,\r\n"), "{csv}");
    let json: serde_json::Value = serde_json::from_str(&read(
        &site,
        "surveys/barometre-esante-2026/barometre-esante-2026.json",
    ))
    .unwrap();
    assert_eq!(json["sample"]["size"], 840);
    assert_eq!(
        json["questions"][0]["answers"][0]["values"]["soignants"],
        72.0
    );
}

#[test]
fn machine_files_are_valid_and_absolute() {
    let (_dir, site) = build_example(None);
    let sitemap = read(&site, "sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap is XML");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        locs.contains(&"https://barometre.example.org/barometre-e-sante-2026/"),
        "{locs:?}"
    );
    assert!(
        !locs.iter().any(|l| l.contains("404")),
        "the 404 page is not in the sitemap"
    );
    let feed = read(&site, "feed.xml");
    let doc = roxmltree::Document::parse(&feed).expect("feed is XML");
    assert_eq!(doc.root_element().tag_name().name(), "feed");
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name("entry"))
            .count(),
        1
    );
    assert!(
        read(&site, "robots.txt").contains("Sitemap: https://barometre.example.org/sitemap.xml")
    );
}

#[test]
fn social_image_is_a_1200_by_630_png() {
    let (_dir, site) = build_example(None);
    let png = fs::read(site.join("barometre-e-sante-2026/social.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((width, height), (1200, 630));
}

#[test]
fn a_sub_path_build_keeps_relative_links_and_absolute_metadata() {
    let (_dir, site) = build_example(Some("https://example.org/sub/path/"));
    let html = read(&site, "barometre-e-sante-2026/index.html");
    assert!(html.contains(
        "<link rel=\"canonical\" href=\"https://example.org/sub/path/barometre-e-sante-2026/\">"
    ));
    assert!(
        html.contains("href=\"../assets/style.css\""),
        "links stay relative"
    );
    let not_found = read(&site, "404.html");
    assert!(
        not_found.contains("href=\"/sub/path/assets/style.css\""),
        "the 404 page links from the base path"
    );
}

#[test]
fn pages_reference_no_other_origin() {
    let (_dir, site) = build_example(None);
    for entry in walkdir::WalkDir::new(&site) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = fs::read_to_string(entry.path()).unwrap();
        for attr in ["src=\"http", "href=\"http"] {
            for (i, _) in html.match_indices(attr) {
                let tail: String = html[i..].chars().take(80).collect();
                let line_start = html[..i].rfind('<').unwrap_or(0);
                let tag: String = html[line_start..].chars().take(12).collect();
                // Links the reader may follow (share, canonical) are fine; nothing is loaded.
                assert!(
                    !tag.starts_with("<script")
                        && !tag.starts_with("<img")
                        && !tag.contains("stylesheet"),
                    "{}: {tail}",
                    entry.path().display()
                );
            }
        }
        assert!(
            !html.contains("rel=\"stylesheet\" href=\"http"),
            "{}",
            entry.path().display()
        );
    }
}

#[test]
fn the_home_page_paginates_beyond_ten_articles_newest_first() {
    let project = project_with_overlay(None);
    for i in 1..=11 {
        let text = format!(
            "---\ntitle: Article {i:02}\nslug: article-{i:02}\ndate: 2025-05-{i:02}\ntags: [Test]\nsummary: Numéro {i}.\n---\n\nTexte.\n"
        );
        fs::write(
            project.path().join(format!("content/articles/a{i:02}.md")),
            text,
        )
        .unwrap();
    }
    let out = project.path().join("output");
    build(project.path(), &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    let first = read(&out, "index.html");
    let second = read(&out, "page/2/index.html");
    assert_eq!(first.matches("class=\"card\"").count(), 10);
    assert_eq!(second.matches("class=\"card\"").count(), 2);
    assert!(
        first.find("Article 11").unwrap() < first.find("Article 10").unwrap(),
        "newest first"
    );
    assert!(first.contains("href=\"page/2/\" rel=\"next\""));
    assert!(second.contains("href=\"../../\" rel=\"prev\""));
    assert!(!out.join("page/3/index.html").exists());
    let tag = read(&out, "tags/test/index.html");
    assert_eq!(
        tag.matches("class=\"card\"").count(),
        12,
        "every tagged article is listed"
    );
}

#[test]
fn each_chart_is_drawn_once_per_width() {
    let prepared = barograph::prepare(&repo_root()).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    let rendered =
        barograph::render(&prepared, &barograph::output::cache::Cache::disabled()).unwrap();
    let chart_files = rendered
        .files
        .iter()
        .filter(|f| {
            let p = f.path.to_string_lossy();
            p.contains("/charts/") && p.ends_with(".svg")
        })
        .count();
    let (draws, asked) = prepared.charts.counts();
    assert!(chart_files > 0);
    // The article, its survey page and the chart files all use the same drawings: one
    // per chart and width, each of which is a file.
    assert_eq!(draws, asked);
    assert_eq!(
        draws, chart_files,
        "{draws} drawings for {chart_files} chart files"
    );
}

/// The social image's headline figure shrinks to fit its box (the template refuses to
/// compile one that cannot fit): a decimal and a seven-digit count, which once ran over
/// the title.
#[test]
fn wide_headline_figures_fit_the_social_image() {
    for (value, measure) in [("64.3", "respondents"), ("4294967295", "count")] {
        let project = common::project_with_overlay(None);
        let data = project.path().join("data/enquete.yaml");
        let mut text = fs::read_to_string(&data).unwrap();
        let unit = if measure == "count" {
            "    unit: visites\n"
        } else {
            ""
        };
        text.push_str(&format!(
            "  - id: grand\n    wording: Grand\n    kind: multiple\n    measure: {measure}\n{unit}    answers:\n      - {{ id: g, label: G, values: {{ tous: {value} }} }}\ninfographic:\n  key_figures:\n    - {{ figure: grand.g, caption: légende }}\n"
        ));
        fs::write(&data, text).unwrap();
        let out = project.path().join("output");
        common::build(project.path(), &out)
            .unwrap_or_else(|f| panic!("{value}: {}", f.diagnostics));
        assert!(out.join("resultats/social.png").exists());
    }
}
