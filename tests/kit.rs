//! Release day, for journalists: each survey's press kit (a reproducible zip of the
//! infographic, the social images, every chart as SVG, PNG and CSV, the data with its
//! codebook and each release as text and Word), each chart's PNG at twice its size, and
//! each chart's embeddable page with the embed code offered under the chart.
//!
//! That the Word document opens in LibreOffice is checked by the browser suite
//! (tests/e2e/kit.mjs), which installs it.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::io::{Cursor, Read};
use std::path::Path;

use common::*;

/// A zip's entries: name → bytes.
type Entries = BTreeMap<String, Vec<u8>>;

/// Every entry of the zip at `path`, and each entry's name and date.
fn unzip(path: &Path) -> (Entries, Vec<(String, String)>) {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut files = BTreeMap::new();
    let mut dates = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        let d = entry.last_modified().unwrap_or_default();
        dates.push((
            entry.name().to_string(),
            format!("{}-{:02}-{:02}", d.year(), d.month(), d.day()),
        ));
        files.insert(entry.name().to_string(), content);
    }
    (files, dates)
}

/// Width and height of a PNG, from its header.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let n = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (n(16), n(20))
}

/// The text of a Word document's body (every `w:t`), its XML checked well formed.
fn docx_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    for name in [
        "[Content_Types].xml",
        "word/styles.xml",
        "word/numbering.xml",
        "word/_rels/document.xml.rels",
    ] {
        let mut part = String::new();
        zip.by_name(name)
            .unwrap()
            .read_to_string(&mut part)
            .unwrap();
        roxmltree::Document::parse(&part).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let doc = roxmltree::Document::parse(&xml).unwrap();
    doc.descendants()
        .filter(|n| n.tag_name().name() == "t" || n.tag_name().name() == "p")
        .map(|n| match n.tag_name().name() {
            "p" => "\n".to_string(),
            _ => n.text().unwrap_or("").to_string(),
        })
        .collect()
}

/// Build the project at `root` into `root/output` for a preview (`--future`,
/// `--drafts`).
fn build_preview(root: &Path, publish: barograph::model::Publish) -> std::path::PathBuf {
    let out = root.join("output");
    barograph::build(&barograph::BuildOptions {
        root: root.to_path_buf(),
        output: out.clone(),
        base_url: None,
        publish,
    })
    .unwrap_or_else(|f| panic!("{}", f.diagnostics));
    out
}

/// The minimal fixture, its article's text changed by `edit`.
fn with_article(edit: impl FnOnce(String) -> String) -> tempfile::TempDir {
    let dir = project_with_overlay(None);
    let article = dir.path().join("content/articles/resultats.md");
    let text = fs::read_to_string(&article).unwrap();
    fs::write(&article, edit(text)).unwrap();
    dir
}

fn build_example(out: &Path) {
    build(&repo_root(), out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
}

#[test]
fn the_example_kit_holds_everything_a_newsroom_needs() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build_example(&out);
    let id = "barometre-esante-2026";
    let kit = out.join(format!("surveys/{id}/{id}-press-kit.zip"));
    let (files, dates) = unzip(&kit);
    let top = format!("{id}-press-kit/");
    assert!(
        files.keys().all(|k| k.starts_with(&top)),
        "{:?}",
        files.keys()
    );
    let name = |rest: &str| format!("{top}{rest}");
    // The very bytes the site publishes.
    let pdf = fs::read(out.join(format!("surveys/{id}/{id}.pdf"))).unwrap();
    assert_eq!(files[&name(&format!("{id}.pdf"))], pdf);
    let slug = "barometre-e-sante-2026";
    let social = fs::read(out.join(format!("{slug}/social.png"))).unwrap();
    assert_eq!(files[&name(&format!("images/{slug}-social.png"))], social);
    for data in [
        format!("{id}.csv"),
        format!("{id}.json"),
        format!("{id}-codebook.csv"),
    ] {
        let site = fs::read(out.join(format!("surveys/{id}/{data}"))).unwrap();
        assert_eq!(files[&name(&format!("data/{data}"))], site, "{data}");
    }
    // Every chart of the site, in three forms; the PNG at twice the SVG's width, plus
    // its margins.
    let charts: Vec<String> = fs::read_dir(out.join(format!("surveys/{id}/charts")))
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(charts.len() >= 8, "{charts:?}");
    for c in &charts {
        for ext in ["svg", "png", "csv"] {
            let site = fs::read(out.join(format!("surveys/{id}/charts/{c}.{ext}"))).unwrap();
            assert_eq!(
                files[&name(&format!("charts/{c}.{ext}"))],
                site,
                "{c}.{ext}"
            );
        }
        let svg = String::from_utf8(files[&name(&format!("charts/{c}.svg"))].clone()).unwrap();
        let svg_width: u32 = svg
            .split("width=\"")
            .nth(1)
            .and_then(|w| w.split('"').next())
            .and_then(|w| w.parse().ok())
            .unwrap();
        let (w, h) = png_size(&files[&name(&format!("charts/{c}.png"))]);
        assert_eq!(w, 2 * (svg_width + 32), "{c}: {w}×{h}");
    }
    // The release, as text and as Word, with the figures and quotes of the page.
    let text = String::from_utf8(files[&name(&format!("release/{slug}.txt"))].clone()).unwrap();
    let word = docx_text(&files[&name(&format!("release/{slug}.docx"))]);
    for (doc, is_text) in [(&text, true), (&word, false)] {
        let doc = &doc.replace(['\u{a0}', '\u{202f}'], " ");
        for needle in [
            "Baromètre e-santé 2026 : de l’adoption à l’exigence",
            "Plus de 72 % des soignants",
            "Grégoire Pigné, médecin oncologue et fondateur de PulseLife",
            "Imagerie médicale | 76 %",
            "Source : Baromètre e-santé 2026, PulseLife",
        ] {
            let needle = match is_text {
                true => needle.to_string(),
                // Each table cell is a paragraph of its own.
                false => needle.replace(" | ", "\n"),
            };
            assert!(doc.contains(&needle), "{needle:?} missing from:\n{doc}");
        }
        for screen_only in ["Télécharger", "Intégrer", "iframe", "Voir les données"] {
            assert!(!doc.contains(screen_only), "{screen_only:?} in:\n{doc}");
        }
    }
    // The read-me lists every other entry.
    let readme = String::from_utf8(files[&name("LISEZMOI.txt")].clone()).unwrap();
    for entry in files.keys().filter(|k| !k.ends_with("LISEZMOI.txt")) {
        assert!(
            readme.contains(&format!("- {}\n", &entry[top.len()..])),
            "{entry}"
        );
    }
    // Every entry dated the survey's publication day.
    assert!(dates.iter().all(|(_, d)| d == "2026-01-27"), "{dates:?}");
    // Linked from the survey page and the article.
    let survey_page = fs::read_to_string(out.join(format!("surveys/{id}/index.html"))).unwrap();
    assert!(survey_page.contains(&format!(
        "href=\"{id}-press-kit.zip\" type=\"application/zip\""
    )));
    let article = fs::read_to_string(out.join(format!("{slug}/index.html"))).unwrap();
    assert!(article.contains(&format!("href=\"../surveys/{id}/{id}-press-kit.zip\"")));
}

#[test]
fn kits_are_reproducible_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    // Two builds in one process: docx-rs's own counters have moved on in between.
    build_example(&a);
    build_example(&b);
    let kit = "surveys/barometre-esante-2026/barometre-esante-2026-press-kit.zip";
    let (x, y) = (
        fs::read(a.join(kit)).unwrap(),
        fs::read(b.join(kit)).unwrap(),
    );
    assert!(x == y, "the two kits differ");
    let (files, _) = unzip(&a.join(kit));
    let mut names: Vec<&String> = files.keys().collect();
    let listed = names.clone();
    names.sort();
    assert_eq!(names, listed, "entries in order");
}

#[test]
fn a_kit_without_an_article_has_no_release_and_an_embargoed_release_says_so() {
    // Under embargo until far ahead, built for a preview (--future).
    let dir = with_article(|t| t.replace("date: 2025-04-02", "date: 2099-01-27T09:00:00+01:00"));
    let root = dir.path();
    let article = root.join("content/articles/resultats.md");
    let publish = barograph::model::Publish {
        future: true,
        ..Default::default()
    };
    let out = build_preview(root, publish);
    let (files, _) = unzip(&out.join("surveys/enquete/enquete-press-kit.zip"));
    let release = String::from_utf8(files["enquete-press-kit/release/resultats.txt"].clone())
        .unwrap()
        .replace(['\u{a0}', '\u{202f}'], " ");
    assert!(
        release.starts_with("Embargo jusqu’au 27 janvier 2099 à 09:00 (UTC+01:00)\n"),
        "{release}"
    );
    let word = docx_text(&files["enquete-press-kit/release/resultats.docx"]);
    assert!(
        word.replace(['\u{a0}', '\u{202f}'], " ")
            .contains("Embargo jusqu’au 27 janvier 2099"),
        "{word}"
    );
    // With no article presenting the survey, the kit still has the infographic and
    // the data.
    let news = "---\ntitle: Une nouvelle\nslug: nouvelle\ndate: 2025-04-02\nsummary: Rien à voir.\n---\n\nUn texte.\n";
    fs::write(&article, news).unwrap();
    build(root, &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    let (files, _) = unzip(&out.join("surveys/enquete/enquete-press-kit.zip"));
    assert!(
        files
            .keys()
            .all(|k| !k.contains("/release/") && !k.contains("/images/")),
        "{:?}",
        files.keys()
    );
    assert!(files.contains_key("enquete-press-kit/enquete.pdf"));
    assert!(files.contains_key("enquete-press-kit/data/enquete-codebook.csv"));
}

#[test]
fn every_chart_has_an_embeddable_page_and_an_embed_code() {
    let dir = project_with_overlay(None);
    let root = dir.path();
    // A title that needs escaping in the embed code and on the page.
    let data = root.join("data/enquete.yaml");
    let text = fs::read_to_string(&data).unwrap();
    fs::write(
        &data,
        text.replace(
            "wording: Usages quotidiens",
            "wording: Usages \"quotidiens\" <b>&</b>",
        ),
    )
    .unwrap();
    let out = root.join("output");
    build(root, &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    let page =
        fs::read_to_string(out.join("surveys/enquete/charts/usages-grouped/index.html")).unwrap();
    for needle in [
        "<html lang=\"fr\">",
        "<h1 class=\"chart-title\">Usages &quot;quotidiens&quot; &lt;b&gt;&amp;&lt;/b&gt;</h1>",
        "alt=\"",
        "src=\"../../../../surveys/enquete/charts/usages-grouped.svg\"",
        "href=\"../../../../surveys/enquete/charts/usages-grouped.png\" download>PNG",
        "href=\"https://example.org/obs/surveys/enquete/\" target=\"_top\">Source",
        "<meta name=\"robots\" content=\"noindex\">",
        "assets/embed.js",
    ] {
        assert!(page.contains(needle), "{needle:?} missing from:\n{page}");
    }
    let survey = fs::read_to_string(out.join("surveys/enquete/index.html")).unwrap();
    // The embed code, escaped once as HTML in its text field: pasted, it is an iframe
    // with the title escaped once.
    let code = survey
        .split("id=\"embed-usages-grouped\"")
        .nth(1)
        .and_then(|s| s.split_once('>'))
        .and_then(|(_, s)| s.split_once("</textarea>"))
        .map(|(code, _)| code)
        .expect("an embed code for the usages chart");
    let pasted = code
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    assert!(
        pasted.starts_with(
            "<iframe src=\"https://example.org/obs/surveys/enquete/charts/usages-grouped/\" \
             title=\"Usages &quot;quotidiens&quot; &lt;b&gt;&amp;&lt;/b&gt;\""
        ),
        "{pasted}"
    );
    assert!(
        pasted.contains("e.origin!==\"https://example.org\""),
        "{pasted}"
    );
    // Not in the sitemap.
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("/charts/"), "{sitemap}");
}

#[test]
fn a_kit_follows_its_entries_through_the_build_cache() {
    let dir = project_with_overlay(None);
    let root = dir.path();
    let out = root.join("output");
    let kit = out.join("surveys/enquete/enquete-press-kit.zip");
    build(root, &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    let first = fs::read(&kit).unwrap();
    // Kept in the cache beside the output, and reused as is.
    let report = build(root, &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    assert_eq!(report.written, 0, "{report:?}");
    assert_eq!(fs::read(&kit).unwrap(), first);
    // A quotation changes: the release in the kit says the new words.
    let quotes = root.join("content/quotes/quotes.yaml");
    let text = fs::read_to_string(&quotes).unwrap();
    fs::write(
        &quotes,
        text.replace("Les chiffres parlent d'eux-mêmes.", "Des chiffres neufs."),
    )
    .unwrap();
    build(root, &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    let (files, _) = unzip(&kit);
    let release =
        String::from_utf8(files["enquete-press-kit/release/resultats.txt"].clone()).unwrap();
    assert!(release.contains("Des chiffres neufs."), "{release}");
    assert!(!release.contains("parlent d"), "{release}");
}

#[test]
fn trend_charts_have_their_png_csv_page_and_embed_code_too() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build(&fixture("valid/confiance"), &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    let series = out.join("series/barometre-fictif-de-la-confiance-numerique");
    let csv = fs::read_to_string(series.join("trend-confiance.csv")).unwrap();
    let data = fs::read_to_string(fixture("valid/confiance/data/confiance-2024.yaml")).unwrap();
    assert!(csv.starts_with("answer,2024,2025,2026\r\n"), "{csv}");
    // The 2024 edition's value of the whole sample, as written in its data file.
    let yes_2024 = csv.lines().nth(1).unwrap().split(',').nth(1).unwrap();
    assert!(
        data.contains(&format!("label: Oui, values: {{ ensemble: {yes_2024},")),
        "{csv}"
    );
    let (w, _) = png_size(&fs::read(series.join("trend-confiance.png")).unwrap());
    assert!(w > 1000, "{w}");
    let page = fs::read_to_string(series.join("trend-confiance/index.html")).unwrap();
    assert!(page.contains("<h1 class=\"chart-title\">"), "{page}");
    let series_page = fs::read_to_string(series.join("index.html")).unwrap();
    for needle in [
        "trend-confiance.png\" download>PNG",
        "trend-confiance.csv\" download>CSV",
        "id=\"embed-trend-confiance\"",
    ] {
        assert!(series_page.contains(needle), "{needle}");
    }
    let latest = fs::read_dir(out.join("surveys"))
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .find(|n| n.contains("2026"))
        .unwrap();
    let (files, _) = unzip(&out.join(format!("surveys/{latest}/{latest}-press-kit.zip")));
    for ext in ["svg", "png", "csv"] {
        assert!(
            files.contains_key(&format!("{latest}-press-kit/charts/trend-confiance.{ext}")),
            "{:?}",
            files.keys()
        );
    }
}

#[test]
fn one_question_drawn_twice_on_a_page_gives_two_embed_codes_and_a_subgroup_says_its_base() {
    let dir = project_with_overlay(None);
    let root = dir.path();
    let article = root.join("content/articles/resultats.md");
    let text = fs::read_to_string(&article).unwrap();
    let twice =
        "{{ chart(\"satisfaction\") }}\n\n{{ chart(\"satisfaction\", type=\"grouped\") }}\n";
    fs::write(&article, format!("{text}\n{twice}")).unwrap();
    let data = root.join("data/enquete.yaml");
    let yaml = fs::read_to_string(&data).unwrap().replace(
        "    wording: Usages quotidiens\n",
        "    wording: Usages quotidiens\n    population: utilisateurs d'un outil\n    bases: { tous: 312 }\n",
    );
    fs::write(&data, yaml).unwrap();
    let out = root.join("output");
    build(root, &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    let page = fs::read_to_string(out.join("resultats/index.html")).unwrap();
    let ids: Vec<&str> = page
        .split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    let unique: std::collections::BTreeSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "repeated ids: {ids:?}");
    for (id, target) in [
        ("embed-satisfaction-stacked", "satisfaction-stacked/"),
        ("embed-satisfaction-grouped", "satisfaction-grouped/"),
    ] {
        let code = page_code(&page, id);
        assert!(code.contains(target), "{id}: {code}");
    }
    // Shown alone, a subgroup's chart says whom it is about.
    let alone =
        fs::read_to_string(out.join("surveys/enquete/charts/usages-grouped/index.html")).unwrap();
    assert!(alone.contains("utilisateurs d’un outil"), "{alone}");
    assert!(alone.contains("312"), "{alone}");

    fn page_code<'a>(html: &'a str, id: &str) -> &'a str {
        html.split(&format!("id=\"{id}\""))
            .nth(1)
            .and_then(|s| s.split("</textarea>").next())
            .unwrap_or_else(|| panic!("no {id}"))
    }
}

#[test]
fn a_draft_release_says_it_is_a_draft() {
    let dir = with_article(|t| t.replace("slug: resultats\n", "slug: resultats\ndraft: true\n"));
    let publish = barograph::model::Publish {
        drafts: true,
        ..Default::default()
    };
    let out = build_preview(dir.path(), publish);
    let (files, _) = unzip(&out.join("surveys/enquete/enquete-press-kit.zip"));
    let release =
        String::from_utf8(files["enquete-press-kit/release/resultats.txt"].clone()).unwrap();
    assert!(release.starts_with("Brouillon"), "{release}");
    assert!(docx_text(&files["enquete-press-kit/release/resultats.docx"]).contains("Brouillon"));
}
