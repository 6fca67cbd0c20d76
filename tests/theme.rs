//! `theme.accent` in `site.yaml`: the brand colour reaches the site's CSS (light and
//! dark schemes), the chart palette, the infographic and the social image; a colour that
//! fails WCAG 2.2 AA against white is refused with its ratio and a shade that passes.

mod common;

use std::fs;

use common::*;

fn with_site(extra: &str) -> tempfile::TempDir {
    let dir = project_with_overlay(None);
    let site = fs::read_to_string(dir.path().join("site.yaml")).unwrap();
    fs::write(dir.path().join("site.yaml"), format!("{site}{extra}")).unwrap();
    dir
}

#[test]
fn the_accent_reaches_the_css_the_charts_and_the_typst_data() {
    let dir = with_site("theme:\n  accent: \"#6A1B9A\"\n");
    let out = dir.path().join("output");
    build(dir.path(), &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    for page in [
        "index.html",
        "resultats/index.html",
        "surveys/enquete/charts/usages-grouped/index.html",
    ] {
        let html = fs::read_to_string(out.join(page)).unwrap();
        assert!(html.contains("<style>:root{--accent:#6a1b9a;"), "{page}");
        // After the theme's stylesheet, so it wins; the dark scheme gets a lighter shade.
        assert!(html.find("assets/style.css").unwrap() < html.find("<style>").unwrap());
        assert!(
            html.contains("@media (prefers-color-scheme: dark){:root{--accent:#"),
            "{page}"
        );
    }
    // The first series of every chart is the accent.
    let svg = fs::read_to_string(out.join("surveys/enquete/charts/usages-grouped.svg")).unwrap();
    assert!(svg.contains("fill=\"#6A1B9A\""), "{svg}");
    assert!(!svg.contains("#0B5CAD"), "the default blue is gone");
    // The infographic and the social image read it from their data.
    let infographic = barograph::prepare(dir.path()).unwrap();
    let jobs = barograph::render::pdf_jobs(&infographic.project, &infographic.resolved).unwrap();
    let data = String::from_utf8(jobs[0].0.files["/data.json"].clone()).unwrap();
    assert!(data.contains("\"hex\": \"#6a1b9a\""), "{data}");
    // Without it, the default theme is untouched.
    let plain = project_with_overlay(None);
    let out = plain.path().join("output");
    build(plain.path(), &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    assert!(
        !fs::read_to_string(out.join("index.html"))
            .unwrap()
            .contains("<style>")
    );
}

#[test]
fn a_colour_too_light_or_not_a_colour_is_refused_where_written() {
    let dir = with_site("theme:\n  accent: \"#ffcc00\"\n");
    let err = errors(build_here(dir.path())).to_string();
    assert!(
        err.contains("accent `#ffcc00` is too light: 1.51:1 on white"),
        "{err}"
    );
    assert!(err.contains("site.yaml:7:"), "{err}");
    let shade = err
        .split("passes is `")
        .nth(1)
        .and_then(|s| s.get(..7))
        .unwrap();
    // The shade offered passes.
    let ok = with_site(&format!("theme:\n  accent: \"{shade}\"\n"));
    build_here(ok.path()).unwrap_or_else(|f| panic!("{shade}: {}", f.diagnostics));
    let dir = with_site("theme:\n  accent: purple\n");
    let err = errors(build_here(dir.path())).to_string();
    assert!(
        err.contains("invalid colour `purple` (expected `#rrggbb`"),
        "{err}"
    );
    let dir = with_site("theme:\n  acent: \"#6a1b9a\"\n");
    let err = errors(build_here(dir.path())).to_string();
    assert!(err.contains("unknown key `acent`"), "{err}");
}
