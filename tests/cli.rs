//! The command line as a newcomer uses it: `init` then `build`, `new article` and `new
//! survey` from a subfolder, `theme eject`, `help TOPIC`, `completions`, `-q`/`-v` and
//! the short flags. Each runs the real binary.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_barograph"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn init_makes_a_project_that_builds_and_checks_clean_in_both_languages() {
    for (lang, article, page) in [
        ("fr", "resultats.md", "resultats-2026/index.html"),
        ("en", "results.md", "results-2026/index.html"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let o = run(dir.path(), &["init", "site", "--language", lang]);
        let (out, err) = text(&o);
        assert!(o.status.success(), "{out}{err}");
        assert!(out.contains("created site/site.yaml"), "{out}");
        let root = dir.path().join("site");
        let gitignore = fs::read_to_string(root.join(".gitignore")).unwrap();
        assert!(gitignore.contains("/output/") && gitignore.contains(".output.barograph-cache"));
        assert!(root.join("content/articles").join(article).is_file());
        // The generated files teach the format: they are commented.
        let site = fs::read_to_string(root.join("site.yaml")).unwrap();
        assert!(
            site.lines().filter(|l| l.starts_with('#')).count() >= 3,
            "{site}"
        );
        // `check` finds nothing to say, not even a disclosure item.
        let o = run(&root, &["check"]);
        let (out, err) = text(&o);
        assert!(o.status.success() && err.is_empty(), "{out}{err}");
        let o = run(&root, &["build"]);
        assert!(o.status.success(), "{:?}", text(&o));
        let html = fs::read_to_string(root.join("output").join(page)).unwrap();
        assert!(html.contains(&format!("<html lang=\"{lang}\">")));
        // The made-up figures say so where a reader sees them.
        let made_up = if lang == "fr" {
            "données fictives"
        } else {
            "made-up figures"
        };
        assert!(
            html.contains(made_up),
            "{lang}: the article does not say its figures are made up"
        );
        // Run again: refused, nothing written over.
        fs::write(root.join("site.yaml"), "mine").unwrap();
        let o = run(dir.path(), &["init", "site"]);
        let (_, err) = text(&o);
        assert!(!o.status.success());
        assert!(err.contains("already exists"), "{err}");
        assert_eq!(fs::read_to_string(root.join("site.yaml")).unwrap(), "mine");
    }
}

#[test]
fn new_article_and_survey_find_the_project_from_a_subfolder() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    assert!(run(root, &["init", "-q"]).status.success());
    let deep = root.join("content/articles/drafts");
    fs::create_dir_all(&deep).unwrap();
    let o = run(&deep, &["new", "article", "Résultats 2027 : l'essentiel"]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}{err}");
    let file = root.join("content/articles/resultats-2027-l-essentiel.md");
    let article = fs::read_to_string(&file).unwrap();
    assert!(
        article.contains("draft: true\nsurvey: exemple\n"),
        "{article}"
    );
    assert!(
        article.contains("{{ pct(\"satisfaction.satisfaits\") }}"),
        "{article}"
    );
    // A draft: the build leaves it out, `--drafts` (`-D`) shows it, and it builds.
    let o = run(
        &deep,
        &["build", "-D", "-o", root.join("preview").to_str().unwrap()],
    );
    assert!(o.status.success(), "{:?}", text(&o));
    assert!(
        root.join("preview/resultats-2027-l-essentiel/index.html")
            .is_file()
    );
    // A new survey has no figure: the check says which values to give, where.
    let o = run(&deep, &["new", "survey", "Baromètre 2027"]);
    assert!(o.status.success(), "{:?}", text(&o));
    let o = run(&deep, &["check"]);
    let (_, err) = text(&o);
    assert!(!o.status.success());
    assert!(err.contains("data/barometre-2027.yaml:"), "{err}");
    // Every fact is left to fill in, each said at once, where.
    assert!(err.contains("invalid whole number `À COMPLÉTER`"), "{err}");
    assert!(err.contains("invalid date `À COMPLÉTER`"), "{err}");
    let survey = fs::read_to_string(root.join("data/barometre-2027.yaml")).unwrap();
    assert!(
        !survey.lines().any(|l| !l.trim_start().starts_with('#')
            && l.chars().any(|c| c.is_ascii_digit())
            && !l.contains("question-1")
            && !l.starts_with("title:")),
        "a number in the skeleton:\n{survey}"
    );
    // The same name twice: refused.
    let o = run(&deep, &["new", "survey", "Baromètre 2027"]);
    assert!(text(&o).1.contains("already exists"), "{:?}", text(&o));
    // Outside any project: said so, with what to do.
    let elsewhere = tempfile::tempdir().unwrap();
    let o = run(elsewhere.path(), &["new", "article", "x"]);
    let (_, err) = text(&o);
    assert!(
        err.contains("no `site.yaml`") && err.contains("barograph init"),
        "{err}"
    );
}

#[test]
fn theme_eject_copies_a_default_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    assert!(run(root, &["init", "-q"]).status.success());
    let o = run(root, &["theme", "eject", "partials/quote.html"]);
    assert!(o.status.success(), "{:?}", text(&o));
    let ejected = fs::read(root.join("templates/partials/quote.html")).unwrap();
    let default =
        fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/partials/quote.html"))
            .unwrap();
    assert_eq!(ejected, default);
    let o = run(root, &["theme", "eject", "partials/quote.html"]);
    assert!(text(&o).1.contains("already exists"));
    let o = run(root, &["theme", "eject", "artcle.html"]);
    assert!(
        text(&o).1.contains("did you mean `article.html`?"),
        "{:?}",
        text(&o)
    );
    let o = run(root, &["theme", "eject", "assets/style.css"]);
    assert!(o.status.success() && root.join("templates/assets/style.css").is_file());
    // The project still builds with its ejected files.
    assert!(run(root, &["build", "-q"]).status.success());
}

#[test]
fn help_topics_completions_and_quiet_runs() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let o = run(root, &["help", "data-format"]);
    let (out, _) = text(&o);
    assert!(o.status.success() && out.starts_with("# "), "{out}");
    assert!(out.contains("`questions`"), "not the data format page");
    let o = run(root, &["help", "build"]);
    assert!(text(&o).0.contains("--base-url"), "a command's help");
    let o = run(root, &["help", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).1.contains("data-format"));
    for shell in ["bash", "zsh", "fish"] {
        let o = run(root, &["completions", shell]);
        let (out, _) = text(&o);
        assert!(
            o.status.success() && out.contains("barograph") && out.contains("eject"),
            "{shell}"
        );
    }
    assert!(run(root, &["init", "-q"]).status.success());
    let o = run(root, &["build", "-q"]);
    assert_eq!(text(&o), (String::new(), String::new()));
    let o = run(root, &["build", "-v"]);
    assert!(
        text(&o).0.contains("press kits"),
        "-v prints the stages' times"
    );
    // A hint names a help topic the binary has.
    fs::write(
        root.join("site.yaml"),
        "title: x\nbase_url: https://example.org/\n",
    )
    .unwrap();
    let o = run(root, &["check"]);
    let err = text(&o).1;
    let topic = err
        .split("`barograph help ")
        .nth(1)
        .and_then(|s| s.split('`').next())
        .unwrap_or_else(|| panic!("no help topic in: {err}"));
    assert!(run(root, &["help", topic]).status.success(), "{topic}");
}

#[test]
fn an_extra_stylesheet_adds_to_the_theme_instead_of_replacing_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    assert!(run(root, &["init", "-q"]).status.success());
    assert!(run(root, &["build", "-q"]).status.success());
    let without = fs::read_to_string(root.join("output/index.html")).unwrap();
    assert!(!without.contains("extra.css"));
    fs::create_dir_all(root.join("templates/assets")).unwrap();
    fs::write(
        root.join("templates/assets/extra.css"),
        ":root { --accent: #6a1b9a; }\n",
    )
    .unwrap();
    assert!(run(root, &["build", "-q"]).status.success());
    for page in [
        "index.html",
        "404.html",
        "resultats-2026/index.html",
        "surveys/exemple/charts/satisfaction-stacked/index.html",
    ] {
        let html = fs::read_to_string(root.join("output").join(page)).unwrap();
        let style = html
            .find("assets/style.css")
            .unwrap_or_else(|| panic!("{page}"));
        let extra = html
            .find("assets/extra.css\"")
            .unwrap_or_else(|| panic!("{page}: no extra.css"));
        assert!(
            style < extra,
            "{page}: extra.css must come after the theme's stylesheet"
        );
    }
    let css = fs::read_to_string(root.join("output/assets/style.css")).unwrap();
    assert!(css.len() > 1000, "the theme's stylesheet is still whole");
    assert!(root.join("output/assets/extra.css").is_file());
}

#[test]
fn hostile_names_and_foreign_site_files_are_refused_or_made_safe() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    assert!(run(root, &["init", "-q"]).status.success());
    // A reserved address: refused, with the list.
    let o = run(root, &["new", "article", "Tags"]);
    let err = text(&o).1;
    assert!(
        !o.status.success() && err.contains("reserved") && err.contains("`surveys`"),
        "{err}"
    );
    // Control, direction and quote characters: the file still builds.
    let o = run(
        root,
        &[
            "new",
            "article",
            "bell\u{7}x \u{202e}l'été \"cité\" : #1\nsuite",
        ],
    );
    assert!(o.status.success(), "{:?}", text(&o));
    let o = run(root, &["build", "-q", "-D"]);
    assert!(o.status.success(), "{:?}", text(&o));
    // A `site.yaml` of another tool above: not a barograph project, nothing written there.
    let other = tempfile::tempdir().unwrap();
    fs::write(other.path().join("site.yaml"), "- hosts: all\n").unwrap();
    let deep = other.path().join("roles/web");
    fs::create_dir_all(&deep).unwrap();
    let o = run(&deep, &["new", "article", "x"]);
    assert!(!o.status.success());
    assert!(!other.path().join("content").exists());
    // A build outside any project leaves nothing behind.
    let empty = tempfile::tempdir().unwrap();
    let o = run(empty.path(), &["build"]);
    assert!(text(&o).1.contains("barograph init"), "{:?}", text(&o));
    assert_eq!(
        fs::read_dir(empty.path()).unwrap().count(),
        0,
        "files left by a failed build"
    );
}

#[test]
fn typos_get_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let o = run(root, &["help", "data-formt"]);
    assert!(
        text(&o).1.contains("did you mean `data-format`?"),
        "{:?}",
        text(&o)
    );
    assert!(run(root, &["init", "-q"]).status.success());
    let o = run(root, &["theme", "eject", "style.css"]);
    assert!(
        text(&o).1.contains("did you mean `assets/style.css`?"),
        "{:?}",
        text(&o)
    );
    let o = run(root, &["help", "build"]);
    assert!(
        text(&o).0.contains("Usage: barograph build"),
        "{:?}",
        text(&o)
    );
}
