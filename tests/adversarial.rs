//! The adversarial corpus: hostile and broken input, one test per scenario (listed in
//! `docs/reliability.md`). Each names its expected behaviour: a clear error with its
//! location, or literal rendering, and never a crash, a hang or lost output.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use barograph::diagnostics::Diagnostics;
use common::*;

/// The minimal fixture's files in memory, with `changes` applied (path → text).
fn files(changes: &[(&str, &str)]) -> BTreeMap<PathBuf, String> {
    let mut map: BTreeMap<PathBuf, String> = BTreeMap::new();
    for rel in [
        "site.yaml",
        "data/enquete.yaml",
        "content/articles/resultats.md",
        "content/quotes/quotes.yaml",
    ] {
        map.insert(
            rel.into(),
            fs::read_to_string(fixture("valid/minimal").join(rel)).unwrap(),
        );
    }
    for (rel, text) in changes {
        map.insert(rel.into(), text.to_string());
    }
    map
}

/// Load, validate and resolve an in-memory project; the diagnostics on failure.
fn run(map: BTreeMap<PathBuf, String>) -> Result<barograph::Prepared, Diagnostics> {
    let (project, diags) = barograph::load::load_from_memory(Path::new("/nonexistent"), map);
    barograph::prepare_loaded(project, diags, Default::default()).map_err(|f| f.diagnostics)
}

/// The first error, which must name a file and a position.
fn first_error(
    result: Result<barograph::Prepared, Diagnostics>,
) -> barograph::diagnostics::Diagnostic {
    let Err(diags) = result else {
        panic!("the input must be refused")
    };
    let d = diags
        .iter()
        .find(|d| d.is_error())
        .expect("an error")
        .clone();
    assert!(
        d.file.is_some() && d.position.is_some_and(|p| p.line > 0),
        "no location: {d}"
    );
    assert!(d.hint.is_some(), "no hint: {d}");
    d
}

fn survey_text() -> String {
    fs::read_to_string(fixture("valid/minimal/data/enquete.yaml")).unwrap()
}

// ---- YAML -----------------------------------------------------------------------------

#[test]
fn yaml_syntax_error_mid_file_is_located() {
    let text = survey_text().replace(
        "    wording: Usages quotidiens",
        "    wording: [Usages quotidiens",
    );
    let d = first_error(run(files(&[("data/enquete.yaml", &text)])));
    assert_eq!(d.position.unwrap().line, 30, "{d}");
}

#[test]
fn duplicate_keys_top_level_and_nested_are_refused() {
    let top = survey_text().replace("edition: 2025", "edition: 2025\nedition: 2026");
    assert!(
        first_error(run(files(&[("data/enquete.yaml", &top)])))
            .message
            .contains("duplicate key `edition`")
    );
    let nested = survey_text().replace("  size: 1200", "  size: 1200\n  size: 1300");
    let d = first_error(run(files(&[("data/enquete.yaml", &nested)])));
    assert!(d.message.contains("duplicate key `size`"), "{d}");
    assert_eq!(d.position.unwrap().line, 9);
}

#[test]
fn an_alias_bomb_is_refused() {
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, c) in ('b'..='j').enumerate() {
        let prev = char::from(b'a' + i as u8);
        bomb.push_str(&format!(
            "{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
    }
    let text = format!("{bomb}{}", survey_text());
    let d = first_error(run(files(&[("data/enquete.yaml", &text)])));
    assert!(
        d.message.contains("too complex")
            || d.message.contains("alias")
            || d.message.contains("unknown key"),
        "{d}"
    );
}

#[test]
fn the_norway_problem_and_percent_strings() {
    // Labels that look like booleans or numbers stay text.
    let text = survey_text()
        .replace("label: Satisfaits", "label: NO")
        .replace("label: Insatisfaits", "label: 1.10");
    let resolved = run(files(&[("data/enquete.yaml", &text)])).unwrap_or_else(|d| panic!("{d}"));
    let labels: Vec<&str> = resolved.resolved.surveys["enquete"].questions[0]
        .answers
        .iter()
        .map(|a| a.label.as_str())
        .collect();
    assert_eq!(labels, ["NO", "1.10"]);
    for bad in ["45%", "145%"] {
        let text = survey_text().replace(
            "values: { tous: 80 }",
            &format!("values: {{ tous: {bad} }}"),
        );
        let d = first_error(run(files(&[("data/enquete.yaml", &text)])));
        assert!(d.message.contains("percent signs are not allowed"), "{d}");
    }
    let text = survey_text().replace("values: { tous: 80 }", "values: { tous: 145 }");
    assert!(
        first_error(run(files(&[("data/enquete.yaml", &text)])))
            .message
            .contains("out of range")
    );
}

#[test]
fn empty_and_comment_only_files_are_refused_clearly() {
    for text in ["", "# nothing here\n# at all\n"] {
        let d = first_error(run(files(&[("data/enquete.yaml", text)])));
        assert!(d.message.starts_with("empty file"), "{d}");
    }
}

#[test]
fn several_documents_in_one_file_are_refused() {
    let text = format!("{}---\ntitle: Again\n", survey_text());
    let d = first_error(run(files(&[("data/enquete.yaml", &text)])));
    assert!(d.message.contains("several YAML documents"), "{d}");
}

#[test]
fn byte_order_mark_and_crlf_are_accepted() {
    let project = project_with_overlay(None);
    let path = project.path().join("data/enquete.yaml");
    let text = format!("\u{feff}{}", survey_text().replace('\n', "\r\n"));
    fs::write(&path, text).unwrap();
    let out = project.path().join("output");
    build(project.path(), &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
}

#[test]
fn invalid_utf8_gives_the_byte_offset() {
    let project = project_with_overlay(None);
    let mut bytes = survey_text().into_bytes();
    bytes.splice(20..20, [0xff, 0xfe]);
    fs::write(project.path().join("data/enquete.yaml"), bytes).unwrap();
    let failure = barograph::check(project.path()).unwrap_err();
    let d = failure.diagnostics.iter().next().unwrap();
    assert!(
        d.message.contains("not valid UTF-8") && d.message.contains("byte offset 20"),
        "{d}"
    );
}

// ---- commentary and quotes -------------------------------------------------------------

#[test]
fn scripts_handlers_and_dangerous_urls_never_reach_the_html() {
    let body = "---\ntitle: T\nslug: t\ndate: 2025-01-01\nsurvey: enquete\nsummary: S\n---\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) [y](data:text/html;base64,PHNjcmlwdD4=) <a href=\"JaVaScRiPt:alert(1)\">z</a>\n\n<iframe src=\"https://evil.example\"></iframe><svg onload=alert(1)></svg><style>*{}</style>\n";
    let resolved =
        run(files(&[("content/articles/resultats.md", body)])).unwrap_or_else(|d| panic!("{d}"));
    let html = resolved.commentary.bodies[0].html.to_ascii_lowercase();
    for bad in [
        "<script",
        "onerror",
        "javascript:",
        "data:",
        "<iframe",
        "onload",
        "<style",
    ] {
        assert!(!html.contains(bad), "{bad} survived: {html}");
    }
}

#[test]
fn template_syntax_in_data_and_quotes_is_printed_literally() {
    let quotes = "- id: porte-parole\n  speaker: \"{{ 7 * 7 }}\"\n  role: \"{% if true %}x{% endif %}\"\n  text: \"{{ pct('satisfaction.satisfaits') }} {% for i in range(3) %}{{ i }}{% endfor %}\"\n";
    let data = survey_text().replace("label: Satisfaits", "label: \"{{ site.title }}\"");
    let body = "---\ntitle: T\nslug: t\ndate: 2025-01-01\nsurvey: enquete\nsummary: S\n---\n\n{{ answer(\"satisfaction.satisfaits\").label }}\n\n{{ quote(\"porte-parole\") }}\n";
    let resolved = run(files(&[
        ("content/quotes/quotes.yaml", quotes),
        ("data/enquete.yaml", &data),
        ("content/articles/resultats.md", body),
    ]))
    .unwrap_or_else(|d| panic!("{d}"));
    // Typography may turn a space into a no-break one; the text itself stays as written.
    let html = resolved.commentary.bodies[0]
        .html
        .replace(['\u{a0}', '\u{202f}'], " ");
    for literal in [
        "{{ 7 * 7 }}",
        "{% if true %}x{% endif %}",
        "{{ pct(",
        "{% for i in range(3) %}",
        "{{ site.title }}",
    ] {
        let escaped = literal.replace('\'', "&#39;");
        assert!(
            html.contains(literal) || html.contains(&escaped),
            "{literal} was evaluated: {html}"
        );
    }
    assert!(!html.contains("49"), "nothing was computed");
}

// ---- Typst injection ---------------------------------------------------------------------

/// Strings that would be code if pasted into Typst markup.
const INJECTIONS: &[&str] = &[
    "#read(\"/etc/passwd\")",
    "]#set page(width: 1pt)[",
    "$x^2$ dollars",
    "@x reference",
    "<l> label",
    "= not a heading",
    "- not a list",
    "// not a comment",
    "back\\slash",
    "\"quoted\"",
    "`raw` ticks",
];

/// The laid-out text of the example-like infographic built from `data` and `quotes`.
fn infographic_text(data: &str, quotes: &str) -> String {
    let map = files(&[
        ("data/enquete.yaml", data),
        ("content/quotes/quotes.yaml", quotes),
    ]);
    let (project, _) = barograph::load::load_from_memory(Path::new("/nonexistent"), map);
    let resolved = barograph::resolve::resolve(&project).unwrap_or_else(|d| panic!("{d}"));
    let (job, _) = barograph::render::pdf_jobs(&project, &resolved)
        .unwrap()
        .remove(0);
    barograph::render::pdf::document_text(job, barograph::render::pdf::fonts_for(&project.theme))
        .unwrap_or_else(|d| panic!("{d}"))
}

fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

#[test]
fn typst_injection_renders_literally_in_the_pdf() {
    for (i, attack) in INJECTIONS.iter().enumerate() {
        let data = survey_text()
            .replace(
                "title: Enquête test 2025",
                &format!("title: {}", yaml_string(&format!("Titre {attack}"))),
            )
            .replace(
                "label: Satisfaits",
                &format!("label: {}", yaml_string(attack)),
            )
            .replace("quote: none", "")
            + "infographic:\n  key_figures:\n    - { figure: satisfaction.satisfaits, caption: c }\n  charts: [satisfaction]\n  quote: porte-parole\n";
        let quotes = format!(
            "- id: porte-parole\n  speaker: S\n  role: r\n  text: {}\n",
            yaml_string(&format!("Dit {attack}"))
        );
        let text = infographic_text(&data, &quotes);
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let want: String = attack.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains(&want),
            "case {i}: {attack:?} is not printed literally in:\n{text}"
        );
        assert!(
            text.starts_with("pages: 1\n") || text.starts_with("pages: 2\n"),
            "case {i}: the layout broke: {}",
            text.lines().next().unwrap()
        );
        assert!(!text.contains("root:x:0:0"), "a file was read");
    }
}

#[test]
fn hard_text_builds_without_breaking_the_layout() {
    let long_word = "a".repeat(300);
    // Control characters are refused (blank_and_unprintable_texts_are_refused_where_written).
    let hard = format!("zero\u{200b}width RTL: مرحبا بالعالم שלום emoji: 👩‍👩‍👧‍👦 🏳️‍🌈 {long_word}");
    let data = survey_text().replace(
        "label: Satisfaits",
        &format!("label: {}", yaml_string(&hard)),
    );
    let quotes = format!(
        "- id: porte-parole\n  speaker: {}\n  role: r\n  text: {}\n",
        yaml_string(&hard),
        yaml_string(&hard)
    );
    let text = infographic_text(&data, &quotes);
    let pages: usize = text
        .lines()
        .next()
        .unwrap()
        .trim_start_matches("pages: ")
        .parse()
        .unwrap();
    assert!(
        pages <= 2,
        "the infographic stays on one or two pages, not {pages}"
    );
    let project = project_with_overlay(None);
    fs::write(project.path().join("data/enquete.yaml"), &data).unwrap();
    fs::write(project.path().join("content/quotes/quotes.yaml"), &quotes).unwrap();
    let out = project.path().join("output");
    build(project.path(), &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    let html = fs::read_to_string(out.join("resultats/index.html")).unwrap();
    assert!(html.contains("مرحبا بالعالم"), "right-to-left text is kept");
}

#[test]
fn text_too_long_for_the_page_is_a_clear_error() {
    // The answer's label is in the default caption of a key figure.
    let data = survey_text().replace(
        "label: Satisfaits",
        &format!("label: {}", yaml_string(&"a".repeat(10_000))),
    );
    let project = project_with_overlay(None);
    fs::write(project.path().join("data/enquete.yaml"), &data).unwrap();
    let out = project.path().join("output");
    let failure = build(project.path(), &out).expect_err("a 10,000-letter word does not fit");
    let text = failure.diagnostics.to_string();
    assert!(text.contains("does not fit on 2 pages"), "{text}");
    assert!(text.contains("the captions, the labels"), "{text}");
}

// ---- slow Markdown, sizes, files --------------------------------------------------------

#[test]
fn pathological_markdown_is_parsed_and_sanitised() {
    let nested = "[".repeat(20_000) + &"]".repeat(20_000);
    let footnotes = "[^".repeat(20_000);
    let emphasis = "*a ".repeat(20_000);
    let body = format!(
        "---\ntitle: T\nslug: t\ndate: 2025-01-01\nsummary: S\n---\n\n{nested}\n\n{footnotes}\n\n{emphasis}\n"
    );
    let resolved =
        run(files(&[("content/articles/resultats.md", &body)])).unwrap_or_else(|d| panic!("{d}"));
    assert!(!resolved.commentary.bodies[0].html.is_empty());
}

#[test]
fn inputs_over_the_size_limit_are_refused() {
    let project = project_with_overlay(None);
    let big = format!(
        "{}# {}\n",
        survey_text(),
        "x".repeat(barograph::load::MAX_FILE_BYTES as usize)
    );
    fs::write(project.path().join("data/enquete.yaml"), big).unwrap();
    let failure = barograph::check(project.path()).unwrap_err();
    assert!(
        failure
            .diagnostics
            .iter()
            .any(|d| d.message.contains("file too large")),
        "{}",
        failure.diagnostics
    );
}

#[test]
fn symlinks_leaving_the_project_are_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.yaml"), survey_text()).unwrap();
    let project = project_with_overlay(None);
    std::os::unix::fs::symlink(
        outside.path().join("secret.yaml"),
        project.path().join("data/secret.yaml"),
    )
    .unwrap();
    let failure = barograph::check(project.path()).unwrap_err();
    let d = failure.diagnostics.iter().find(|d| d.is_error()).unwrap();
    assert!(d.message.contains("leads outside the project"), "{d}");
}

#[test]
fn a_missing_referenced_file_is_located() {
    let quotes =
        "- id: porte-parole\n  speaker: S\n  role: r\n  text: t\n  photo: photos/absent.jpg\n";
    let d = first_error(run(files(&[("content/quotes/quotes.yaml", quotes)])));
    assert!(
        d.message.contains("file not found (`photos/absent.jpg`)"),
        "{d}"
    );
    assert_eq!(d.position.unwrap().line, 5);
}

// ---- output safety ------------------------------------------------------------------------

#[test]
fn dangerous_output_folders_are_refused() {
    let project = project_with_overlay(None);
    let root = project.path();
    let stranger = root.join("stranger");
    fs::create_dir(&stranger).unwrap();
    fs::write(stranger.join("keep.txt"), "mine").unwrap();
    for out in [
        root.to_path_buf(),
        root.parent().unwrap().to_path_buf(),
        PathBuf::from("/"),
        stranger.clone(),
        root.join("data/out"),
    ] {
        let failure = build(root, &out)
            .err()
            .unwrap_or_else(|| panic!("{} was accepted", out.display()));
        assert!(
            failure
                .diagnostics
                .iter()
                .next()
                .unwrap()
                .message
                .starts_with("refusing to write the site")
        );
    }
    assert_eq!(
        fs::read_to_string(stranger.join("keep.txt")).unwrap(),
        "mine"
    );
}

/// A project built once into `output/`, the output's tree then, and an article edited
/// since, so that the next build has something to write.
fn built_then_edited() -> (tempfile::TempDir, PathBuf, BTreeMap<String, Vec<u8>>) {
    let project = project_with_overlay(None);
    let out = project.path().join("output");
    build(project.path(), &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    let before = tree(&out);
    let article = project.path().join("content/articles/resultats.md");
    fs::write(
        &article,
        fs::read_to_string(&article).unwrap() + "\nPlus.\n",
    )
    .unwrap();
    (project, out, before)
}

/// Temporary build folders (`.<name>.tmp-<pid>`) left in `dir`.
fn temporary_folders(dir: &Path) -> Vec<PathBuf> {
    fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .map(|e| e.path())
        .collect()
}

#[test]
fn a_full_disk_keeps_the_previous_output() {
    let (project, out, before) = built_then_edited();
    // Files may not exceed 1 KiB: writes fail with EFBIG, as on a full disk.
    let status = Command::new("bash")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 1; exec \"$0\" build --root \"$1\" --output \"$2\"")
        .arg(env!("CARGO_BIN_EXE_barograph"))
        .arg(project.path())
        .arg(&out)
        .output()
        .unwrap();
    assert!(!status.status.success(), "the build must fail");
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(
        stderr.contains("cannot write") && stderr.contains("previous output is unchanged"),
        "{stderr}"
    );
    assert_eq!(tree(&out), before, "the previous output is intact");
    build(project.path(), &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    assert!(
        temporary_folders(project.path()).is_empty(),
        "temporary folders are cleaned up"
    );
}

/// Makes the output folder read-only for the time it lives. Root, whom permissions do
/// not stop, gets the immutable attribute (`chattr +i`) on the folder itself; a normal
/// user gets `chmod a-w` on the folder holding it (on Linux a folder without write
/// permission can still be renamed within its parent).
struct ReadOnly(PathBuf, bool);

impl ReadOnly {
    /// `None` when this machine cannot make the folder read-only (no `chattr`, or a file
    /// system without attributes).
    fn new(out: &Path) -> Option<ReadOnly> {
        let root = Command::new("id").arg("-u").output().ok()?.stdout == b"0\n";
        let dir = if root { out } else { out.parent()? };
        let guard = ReadOnly(dir.to_path_buf(), root);
        let (cmd, arg) = if root {
            ("chattr", "+i")
        } else {
            ("chmod", "a-w")
        };
        let ok = Command::new(cmd).arg(arg).arg(dir).status().ok()?.success();
        let probe = dir.join("probe");
        let writable = fs::write(&probe, b"").is_ok();
        let _ = fs::remove_file(&probe);
        (ok && !writable).then_some(guard)
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        let (cmd, arg) = if self.1 {
            ("chattr", "-i")
        } else {
            ("chmod", "u+w")
        };
        let _ = Command::new(cmd).arg(arg).arg(&self.0).status();
    }
}

#[test]
fn a_read_only_output_folder_keeps_the_previous_output() {
    let (project, out, before) = built_then_edited();
    {
        let Some(_guard) = ReadOnly::new(&out) else {
            eprintln!("skipped: this machine cannot make a folder read-only");
            return;
        };
        let failure = build(project.path(), &out).expect_err("the build must fail");
        let text = failure.diagnostics.to_string();
        assert!(text.contains("previous output is unchanged"), "{text}");
        let folder = project.path().to_string_lossy();
        assert!(text.contains(&*folder), "names the folder: {text}");
        assert_eq!(tree(&out), before, "the previous output is intact");
    }
    build(project.path(), &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    assert_ne!(
        tree(&out),
        before,
        "once writable again, the change is built"
    );
    assert!(
        temporary_folders(project.path()).is_empty(),
        "temporary folders are cleaned up"
    );
}

#[test]
fn the_output_is_the_same_whatever_the_timezone_locale_folder_and_threads() {
    let dir = tempfile::tempdir().unwrap();
    let mut trees = Vec::new();
    for (i, (tz, lang, threads)) in [
        ("UTC", "C", "2"),
        ("Pacific/Kiritimati", "fr_FR.UTF-8", "1"),
        ("America/Adak", "ja_JP.UTF-8", "4"),
    ]
    .into_iter()
    .enumerate()
    {
        let out = dir.path().join(format!("site{i}"));
        let cwd = if i == 1 {
            dir.path().to_path_buf()
        } else {
            std::env::temp_dir()
        };
        let status = Command::new(env!("CARGO_BIN_EXE_barograph"))
            .current_dir(cwd)
            .args(["build", "--root"])
            .arg(repo_root())
            .arg("--output")
            .arg(&out)
            .env("TZ", tz)
            .env("LC_ALL", lang)
            .env("LANG", lang)
            .env("RAYON_NUM_THREADS", threads)
            .status()
            .unwrap();
        assert!(status.success());
        trees.push(tree(&out));
    }
    assert_eq!(
        trees[0], trees[1],
        "timezone, locale, folder or threads changed the output"
    );
    assert_eq!(trees[0], trees[2]);
}

// ---- found by fuzzing ----------------------------------------------------------------

#[test]
fn blank_and_unprintable_texts_are_refused_where_written() {
    // typst_handoff: an empty title made an empty PDF heading, invalid in PDF/UA; a
    // control character cannot be shown in a page, a chart or a PDF.
    for (title, message) in [
        ("\"  \"", "empty text"),
        ("\"\\u200d\\u200b\"", "empty text"),
        ("\"Enquête\\u0001\"", "control character U+0001"),
        ("\"Enquête\\u001b[2J\"", "control character U+001B"),
    ] {
        let data = survey_text().replace("title: Enquête test 2025", &format!("title: {title}"));
        let d = first_error(run(files(&[("data/enquete.yaml", &data)])));
        assert!(d.message.starts_with(message), "{title}: {d}");
        let at = d.position.expect("a position");
        assert_eq!((at.line, at.column), (1, 8), "{title}: {d}");
    }
}
