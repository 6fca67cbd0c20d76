//! Security of the inputs: the classes of docs/reliability.md's second round (an
//! outside red team's findings), each tested at its root: links out of the project,
//! files that must never be published, names that become paths, values in plain-text
//! formats, inputs that are not regular files, and the messages for each. The output
//! folder and the infographic's capacity are in `tests/output_safety.rs`; `serve` and
//! concurrent builds have tests of their own (`tests/serve.rs`, `tests/concurrency.rs`).

mod common;

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::time::{Duration, Instant};

use common::*;

// ---- links out of the project -----------------------------------------------------------

#[test]
fn a_photo_linked_to_a_system_file_is_refused_and_never_published() {
    let project = project_with_overlay(None);
    let root = project.path();
    symlink("/etc/passwd", root.join("portrait.jpg")).unwrap();
    set_photo(root, "portrait.jpg");
    let diags = errors(build_here(root));
    let d = diags.iter().find(|d| d.is_error()).unwrap();
    assert!(d.message.contains("leads outside the project"), "{d}");
    assert_eq!(d.location().unwrap(), "content/quotes/quotes.yaml:5:10");
    assert!(!root.join("output").exists(), "nothing was written");
}

#[test]
fn an_input_folder_that_is_a_link_out_of_the_project_is_refused() {
    for folder in [
        "data",
        "content/articles",
        "content/quotes",
        "templates",
        "fonts",
    ] {
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("leak.yaml"), "title: secret\n").unwrap();
        fs::write(outside.path().join("leak.md"), "secret").unwrap();
        let project = project_with_overlay(None);
        let root = project.path();
        let _ = fs::remove_dir_all(root.join(folder));
        fs::create_dir_all(root.join(folder).parent().unwrap()).unwrap();
        symlink(outside.path(), root.join(folder)).unwrap();
        let diags = errors(build_here(root));
        let text = diags.to_string();
        assert!(
            text.contains(&format!("`{folder}` leads outside the project")),
            "{folder}: {text}"
        );
        assert!(!text.contains("secret"), "{folder}: {text}");
    }
}

#[test]
fn a_linked_subfolder_inside_the_project_is_followed_and_one_outside_is_refused() {
    let project = project_with_overlay(None);
    let root = project.path();
    fs::create_dir(root.join("archive")).unwrap();
    let article = fs::read_to_string(root.join("content/articles/resultats.md")).unwrap();
    fs::write(
        root.join("archive/old.md"),
        article.replace("slug: resultats", "slug: archive"),
    )
    .unwrap();
    symlink(root.join("archive"), root.join("content/articles/linked")).unwrap();
    let report = build_here(root).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    assert_eq!(report.articles, 2);
    assert!(root.join("output/archive/index.html").is_file());
    let outside = tempfile::tempdir().unwrap();
    symlink(outside.path(), root.join("content/articles/away")).unwrap();
    let diags = errors(build_here(root));
    assert!(
        diags
            .to_string()
            .contains("`content/articles/away` leads outside the project"),
        "{diags}"
    );
}

#[test]
fn a_link_loop_is_called_a_loop() {
    let project = project_with_overlay(None);
    let root = project.path();
    symlink(root.join("data"), root.join("data/again")).unwrap();
    symlink("self.yaml", root.join("data/self.yaml")).unwrap();
    let text = warnings(build_here(root)).to_string();
    assert!(text.contains("`data/again` (symbolic link loop"), "{text}");
    assert!(
        text.contains("`data/self.yaml` (symbolic link loop"),
        "{text}"
    );
    assert!(!text.contains("outside"), "{text}");
}

#[test]
fn every_skipped_file_is_said() {
    let project = project_with_overlay(None);
    let root = project.path();
    fs::write(root.join("data/notes.txt"), "n").unwrap();
    fs::write(root.join("data/.draft.yaml"), "x").unwrap();
    fs::create_dir(root.join("content/articles/.obsidian")).unwrap();
    fs::write(root.join("content/articles/.obsidian/a.md"), "x").unwrap();
    fs::write(root.join("content/articles/image.png"), png()).unwrap();
    let text = warnings(build_here(root)).to_string();
    for skipped in [
        "skipped `data/notes.txt` (not a .yaml file)",
        "skipped `data/.draft.yaml` (hidden file",
        "skipped `content/articles/.obsidian` (hidden folder",
        "skipped `content/articles/image.png` (not a .md file)",
    ] {
        assert!(text.contains(skipped), "{skipped}\n{text}");
    }
}

// ---- files that must never be published -------------------------------------------------

#[test]
fn hidden_and_non_image_files_are_never_published_as_photos() {
    for (path, setup, expected) in [
        (
            ".git/config",
            Some("[core]\n"),
            "hidden file or folder `.git`",
        ),
        (".env", Some("SECRET=1\n"), "hidden file or folder `.env`"),
        (
            "notes/secret.jpg",
            Some("password: hunter2\n"),
            "is a text file",
        ),
        (
            "evil.png",
            Some("<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
            "SVG",
        ),
        ("../outside.png", None, "leaves the project"),
        ("/etc/hostname", None, "leaves the project"),
        ("missing.png", None, "file not found"),
    ] {
        let project = project_with_overlay(None);
        let root = project.path();
        if let Some(text) = setup {
            fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
            fs::write(root.join(path), text).unwrap();
        }
        set_photo(root, path);
        let diags = errors(build_here(root));
        let d = diags.iter().find(|d| d.is_error()).unwrap();
        assert!(d.message.contains(expected), "{path}: {d}");
        assert_eq!(
            d.location().unwrap(),
            "content/quotes/quotes.yaml:5:10",
            "{path}"
        );
    }
}

#[test]
fn a_real_photo_is_published_under_a_safe_name() {
    let project = project_with_overlay(None);
    let root = project.path();
    fs::create_dir(root.join("photos")).unwrap();
    fs::write(root.join("photos/Dr Dupont #1.JPG"), png()).unwrap();
    set_photo(root, "\"photos/Dr Dupont #1.JPG\"");
    build_here(root).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    let media: Vec<String> = output_tree(root)
        .into_iter()
        .filter(|p| p.starts_with("assets/media/"))
        .collect();
    assert_eq!(media, ["assets/media/photos-dr-dupont-1.png"]);
    assert_eq!(
        fs::read(root.join("output").join(&media[0])).unwrap(),
        png()
    );
}

// ---- names that become paths -------------------------------------------------------------

#[test]
fn survey_ids_that_would_break_paths_are_refused_with_a_located_error() {
    let survey = fs::read_to_string(fixture("valid/minimal/data/enquete.yaml")).unwrap();
    for name in [
        "a#b",
        "a?b",
        "50%",
        "a\\b",
        "index.html",
        "Enquête",
        "x\u{7}y",
        "a b",
    ] {
        let project = project_with_overlay(None);
        let root = project.path();
        fs::write(root.join(format!("data/{name}.yaml")), &survey).unwrap();
        let diags = errors(build_here(root));
        let d = diags
            .iter()
            .find(|d| d.message.contains("invalid survey id"))
            .unwrap_or_else(|| panic!("{name:?}: {diags}"));
        assert_eq!(
            d.file.as_deref(),
            Some(Path::new("data").join(format!("{name}.yaml")).as_path())
        );
        assert!(
            d.hint.as_deref().unwrap().contains("rename the file"),
            "{d}"
        );
    }
}

#[test]
fn ids_inside_a_survey_are_checked_where_they_are_written() {
    let project = project_with_overlay(None);
    let root = project.path();
    let survey = fs::read_to_string(root.join("data/enquete.yaml")).unwrap();
    fs::write(
        root.join("data/enquete.yaml"),
        survey.replace("id: usages", "id: \"usages?x=1\""),
    )
    .unwrap();
    let diags = errors(build_here(root));
    let d = diags
        .iter()
        .find(|d| d.message.contains("invalid question id"))
        .unwrap();
    assert!(
        d.location().unwrap().starts_with("data/enquete.yaml:"),
        "{d}"
    );
}

// ---- values in plain-text formats ---------------------------------------------------------

#[test]
fn a_base_url_with_a_line_break_never_reaches_robots_txt() {
    let project = project_with_overlay(None);
    let root = project.path();
    let site = fs::read_to_string(root.join("site.yaml")).unwrap();
    fs::write(
        root.join("site.yaml"),
        site.replace(
            "base_url: https://example.org/obs/",
            "base_url: \"https://example.org/\\nDisallow: /\"",
        ),
    )
    .unwrap();
    let d = errors(build_here(root))
        .iter()
        .find(|d| d.is_error())
        .unwrap()
        .clone();
    assert!(d.message.starts_with("invalid base_url"), "{d}");
    assert!(d.message.contains("U+000A"), "{d}");
    assert_eq!(d.location().unwrap(), "site.yaml:2:11");
}

#[test]
fn csv_cells_never_become_formulas() {
    let project = project_with_overlay(None);
    let root = project.path();
    let survey = fs::read_to_string(root.join("data/enquete.yaml")).unwrap();
    fs::write(
        root.join("data/enquete.yaml"),
        survey.replace(
            "label: Satisfaits",
            "label: \"=HYPERLINK(\\\"http://evil.example\\\",\\\"x\\\")\"",
        ),
    )
    .unwrap();
    build_here(root).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    let csv = fs::read_to_string(root.join("output/surveys/enquete/enquete.csv")).unwrap();
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\""),
        "{csv}"
    );
    assert!(!csv.contains(",=HYPERLINK"), "{csv}");
}

// ---- inputs that are not regular files -----------------------------------------------------

#[test]
fn a_pipe_among_the_inputs_never_hangs_the_build() {
    let project = project_with_overlay(None);
    let root = project.path();
    mkfifo(&root.join("pipe"));
    symlink(root.join("pipe"), root.join("data/pipe.yaml")).unwrap();
    mkfifo(&root.join("content/articles/direct.md"));
    let start = Instant::now();
    let text = warnings(build_here(root)).to_string();
    assert!(start.elapsed() < Duration::from_secs(20));
    assert!(
        text.contains("skipped `data/pipe.yaml` (not a regular file: a named pipe)"),
        "{text}"
    );
    assert!(text.contains("`content/articles/direct.md`"), "{text}");
}

#[test]
fn a_template_reading_a_pipe_gets_a_clear_error_at_once() {
    let project = project_with_overlay(None);
    let root = project.path();
    mkfifo(&root.join("logo.svg"));
    fs::create_dir_all(root.join("templates")).unwrap();
    let template = fs::read_to_string(repo_root().join("templates/infographic.typ")).unwrap();
    fs::write(
        root.join("templates/infographic.typ"),
        format!("#let logo = read(\"/logo.svg\")\n{template}"),
    )
    .unwrap();
    let start = Instant::now();
    let diags = errors(build_here(root));
    assert!(start.elapsed() < Duration::from_secs(20), "it waited");
    let text = diags.to_string();
    assert!(
        text.contains("is not a regular file (it is a named pipe)"),
        "{text}"
    );
    assert!(!text.contains("loop"), "{text}");
    assert!(text.contains("templates/infographic.typ:1:"), "{text}");
}

#[test]
fn huge_files_are_refused_before_they_are_read() {
    let project = project_with_overlay(None);
    let root = project.path();
    fs::create_dir(root.join("fonts")).unwrap();
    let font = fs::File::create(root.join("fonts/Huge.otf")).unwrap();
    font.set_len(1 << 30).unwrap();
    let start = Instant::now();
    let diags = errors(build_here(root));
    assert!(start.elapsed() < Duration::from_secs(20));
    let text = diags.to_string();
    assert!(
        text.contains("file too large (`fonts/Huge.otf` has 1073741824 bytes"),
        "{text}"
    );
}

#[test]
fn a_build_never_reads_what_a_build_wrote() {
    let project = project_with_overlay(None);
    let root = project.path();
    fs::write(root.join("p.png"), png()).unwrap();
    set_photo(root, "p.png");
    build_here(root).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    set_photo(root, "output/assets/media/p.png");
    let d = errors(build_here(root)).iter().next().unwrap().clone();
    assert!(
        d.message
            .contains("is inside `output`, a folder barograph builds"),
        "{d}"
    );
    set_photo(root, "p.png");
    fs::create_dir_all(root.join("templates")).unwrap();
    let template = fs::read_to_string(repo_root().join("templates/infographic.typ")).unwrap();
    fs::write(
        root.join("templates/infographic.typ"),
        format!("#let page = read(\"/output/index.html\")\n{template}"),
    )
    .unwrap();
    let text = errors(build_here(root)).to_string();
    assert!(text.contains("a folder barograph builds"), "{text}");
}

#[test]
fn a_file_that_only_starts_like_an_image_is_not_a_photo() {
    for fake in [
        &b"\x89PNG\r\n\x1a\nSECRET-DATA-NOT-A-PNG"[..],
        b"GIF89aSECRET",
        b"\xff\xd8\xff\xe0SECRET",
    ] {
        let project = project_with_overlay(None);
        let root = project.path();
        fs::write(root.join("fake.png"), fake).unwrap();
        set_photo(root, "fake.png");
        let d = errors(build_here(root)).iter().next().unwrap().clone();
        assert!(d.message.starts_with("photo is not an image"), "{d}");
    }
}

#[test]
fn a_photo_never_takes_the_place_of_a_theme_asset() {
    let project = project_with_overlay(None);
    let root = project.path();
    fs::create_dir_all(root.join("templates/assets/media")).unwrap();
    fs::write(root.join("templates/assets/media/p.png"), png()).unwrap();
    let mut mine = png();
    mine.extend_from_slice(b"");
    let other = {
        let mut bytes = Vec::new();
        let mut enc = png::Encoder::new(&mut bytes, 1, 1);
        enc.set_color(png::ColorType::Rgb);
        enc.write_header()
            .unwrap()
            .write_image_data(&[255, 0, 0])
            .unwrap();
        bytes
    };
    fs::write(root.join("p.png"), &other).unwrap();
    set_photo(root, "p.png");
    build_here(root).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    assert_eq!(
        fs::read(root.join("output/assets/media/p.png")).unwrap(),
        png()
    );
    assert_eq!(
        fs::read(root.join("output/assets/media/p-2.png")).unwrap(),
        other
    );
    let page = fs::read_to_string(root.join("output/resultats/index.html")).unwrap();
    assert!(
        page.contains("assets/media/p-2.png"),
        "the quote shows its own photo"
    );
}

#[test]
fn tags_that_collide_or_say_nothing_are_reported() {
    let project = project_with_overlay(None);
    let root = project.path();
    let path = root.join("content/articles/resultats.md");
    let article = fs::read_to_string(&path).unwrap();
    fs::write(&path, article.replace("tags: [Test]", "tags: [\"#\", Été]")).unwrap();
    fs::write(
        root.join("content/articles/autre.md"),
        article
            .replace("slug: resultats", "slug: autre")
            .replace("tags: [Test]", "tags: [ete, 中国, 日本]"),
    )
    .unwrap();
    let diags = errors(build_here(root));
    let text = diags.to_string();
    assert!(text.contains("tag `#` has no letter or digit"), "{text}");
    assert!(
        text.contains("tags `ete` and `Été`") || text.contains("tags `Été` and `ete`"),
        "{text}"
    );
    fs::write(&path, article.replace("tags: [Test]", "tags: [Été]")).unwrap();
    build_here(root).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    assert!(root.join("output/tags/zhong-guo/index.html").is_file());
    assert!(root.join("output/tags/ri-ben/index.html").is_file());
}

#[test]
fn slugs_and_tags_too_long_for_a_file_name_are_located_errors() {
    let project = project_with_overlay(None);
    let root = project.path();
    let path = root.join("content/articles/resultats.md");
    let article = fs::read_to_string(&path).unwrap();
    let long = "z".repeat(300);
    fs::write(
        &path,
        article
            .replace("slug: resultats", &format!("slug: {long}"))
            .replace("tags: [Test]", &format!("tags: [{long}]")),
    )
    .unwrap();
    let text = errors(build_here(root)).to_string();
    assert!(
        text.contains("slug too long (300 characters, at most 100)"),
        "{text}"
    );
    assert!(text.contains("tag too long"), "{text}");
    assert!(!text.contains("os error"), "{text}");
}

#[test]
fn names_printed_on_the_terminal_cannot_send_escape_sequences() {
    let project = project_with_overlay(None);
    let root = project.path();
    let out = root.join("o\u{1b}]0;PWNED\u{7}\u{1b}[2Jut");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_barograph"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed = [output.stdout, output.stderr].concat();
    assert!(
        !printed.contains(&0x1b),
        "{}",
        String::from_utf8_lossy(&printed)
    );
    assert!(String::from_utf8_lossy(&printed).contains("o\\u{1b}]0;PWNED"));
}

#[test]
fn a_question_id_that_would_name_a_breakdowns_charts_is_refused() {
    let project = project_with_overlay(None);
    let root = project.path();
    let survey = fs::read_to_string(root.join("data/enquete.yaml")).unwrap();
    fs::write(
        root.join("data/enquete.yaml"),
        survey.replace("id: usages", "id: breakdown-usages"),
    )
    .unwrap();
    let d = errors(build_here(root))
        .iter()
        .find(|d| d.message.contains("is reserved"))
        .cloned()
        .unwrap();
    assert!(
        d.location().unwrap().starts_with("data/enquete.yaml:"),
        "{d}"
    );
}

#[test]
fn an_empty_quotes_file_is_an_error_of_its_own() {
    let project = project_with_overlay(None);
    let root = project.path();
    fs::write(root.join("content/quotes/quotes.yaml"), "# nothing yet\n").unwrap();
    let d = errors(build_here(root)).iter().next().unwrap().clone();
    assert!(d.message.starts_with("empty file"), "{d}");
    assert_eq!(d.location().unwrap(), "content/quotes/quotes.yaml:1:1");
}
