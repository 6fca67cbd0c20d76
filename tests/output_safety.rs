//! Safety of the output folder and the infographic's capacity (docs/reliability.md,
//! classes 28–35): the user's files in the output, repair after a hand edit, refusals
//! with their own messages, and content that does not fit the infographic's page.

mod common;

use std::fs;
use std::os::unix::fs::symlink;
use std::time::{Duration, Instant};

use common::*;

#[test]
fn a_git_repository_and_cname_in_the_output_survive_builds() {
    let project = project_with_overlay(None);
    let root = project.path();
    build_here(root).unwrap();
    let out = root.join("output");
    let git = std::process::Command::new("git")
        .args(["init", "-q", "-b", "gh-pages"])
        .current_dir(&out)
        .status();
    if !git.is_ok_and(|s| s.success()) {
        fs::create_dir_all(out.join(".git")).unwrap();
        fs::write(out.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    }
    fs::write(out.join("CNAME"), "obs.example.org\n").unwrap();
    fs::write(out.join(".nojekyll"), "").unwrap();
    let before = tree(&out.join(".git"));
    let article = root.join("content/articles/resultats.md");
    let text = fs::read_to_string(&article).unwrap();
    fs::write(&article, text.replace("Au total", "En tout")).unwrap();
    let report = build_here(root).unwrap();
    assert!(report.written > 0, "{report:?}");
    assert_eq!(tree(&out.join(".git")), before, "output/.git is intact");
    assert_eq!(
        fs::read_to_string(out.join("CNAME")).unwrap(),
        "obs.example.org\n"
    );
    assert!(out.join(".nojekyll").is_file());
}

#[test]
fn the_output_is_repaired_after_a_hand_edit() {
    let project = project_with_overlay(None);
    let root = project.path();
    build_here(root).unwrap();
    let page = root.join("output/resultats/index.html");
    let original = fs::read(&page).unwrap();
    let mut edited = original.clone();
    let i = edited.len() / 2;
    edited[i] = if edited[i] == b'x' { b'y' } else { b'x' };
    fs::write(&page, &edited).unwrap();
    build_here(root).unwrap();
    assert_eq!(fs::read(&page).unwrap(), original);
}

#[test]
fn an_output_that_is_a_dangling_link_gets_a_message_that_says_so() {
    let project = project_with_overlay(None);
    let root = project.path();
    symlink(root.join("nowhere"), root.join("output")).unwrap();
    let d = errors(build_here(root)).iter().next().unwrap().clone();
    assert!(d.message.contains("symbolic link to"), "{d}");
    assert!(d.message.contains("which does not exist"), "{d}");
    assert!(!d.hint.unwrap().contains("free space"));
}

#[test]
fn an_output_that_is_a_link_loop_is_called_a_loop() {
    let project = project_with_overlay(None);
    let root = project.path();
    symlink("b", root.join("a")).unwrap();
    symlink("a", root.join("b")).unwrap();
    let failure = barograph::build(&barograph::BuildOptions {
        root: root.to_path_buf(),
        output: root.join("a"),
        base_url: None,
        publish: Default::default(),
    })
    .unwrap_err();
    let text = failure.diagnostics.to_string();
    assert!(text.contains("symbolic link loop"), "{text}");
    let failure = barograph::check(&root.join("a")).unwrap_err();
    assert!(
        failure
            .diagnostics
            .to_string()
            .contains("symbolic link loop")
    );
}

#[test]
fn a_huge_file_or_a_link_where_a_page_goes_is_replaced_without_being_read() {
    let project = project_with_overlay(None);
    let root = project.path();
    build_here(root).unwrap();
    let out = root.join("output");
    fs::remove_file(out.join("index.html")).unwrap();
    fs::File::create(out.join("index.html"))
        .unwrap()
        .set_len(20 << 30)
        .unwrap();
    mkfifo(&root.join("pipe"));
    fs::remove_file(out.join("sitemap.xml")).unwrap();
    symlink(root.join("pipe"), out.join("sitemap.xml")).unwrap();
    let start = Instant::now();
    build_here(root).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
    assert!(fs::metadata(out.join("index.html")).unwrap().len() < 1 << 20);
    assert!(
        !fs::symlink_metadata(out.join("sitemap.xml"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn a_question_with_a_thousand_answers_is_shortened_on_the_infographic_with_a_warning() {
    let project = project_with_overlay(None);
    let root = project.path();
    let survey = fs::read_to_string(root.join("data/enquete.yaml")).unwrap();
    let mut answers = String::new();
    for i in 0..1000 {
        answers.push_str(&format!(
            "      - id: r{i}\n        label: Réponse numéro {i}\n        values: {{ tous: {} }}\n",
            f64::from(i % 90) / 10.0
        ));
    }
    let survey = survey.replace(
        "      - id: messagerie",
        &format!("{answers}      - id: messagerie"),
    );
    fs::write(root.join("data/enquete.yaml"), survey).unwrap();
    let report = build_here(root).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    let text = report.warnings.to_string();
    assert!(
        text.contains(
            "question `usages` has 1002 answers; its infographic chart shows the 8 most chosen"
        ),
        "{text}"
    );
    let project_data = barograph::prepare(root).unwrap();
    let jobs = barograph::render::pdf_jobs(&project_data.project, &project_data.resolved).unwrap();
    let fonts = barograph::render::pdf::fonts_for(&project_data.project.theme);
    let job = jobs[0].0.clone();
    let svg = String::from_utf8(job.files["/charts/usages.svg"].clone()).unwrap();
    assert!(
        svg.contains("Messagerie"),
        "the most chosen answer is drawn"
    );
    assert!(
        svg.contains("Réponse numéro 89"),
        "so is the next most chosen"
    );
    assert!(!svg.contains("Réponse numéro 1<"), "a rare answer is not");
    let laid_out = barograph::render::pdf::document_text(job, fonts).unwrap();
    assert!(laid_out.starts_with("pages: 1\n"), "{laid_out}");
    assert!(
        laid_out.contains("994 réponses les moins citées"),
        "{laid_out}"
    );
}

#[test]
fn text_that_would_run_off_the_infographic_is_an_error_not_a_cut() {
    let project = project_with_overlay(None);
    let root = project.path();
    let survey = fs::read_to_string(root.join("data/enquete.yaml")).unwrap();
    let population = "infirmiers ".repeat(500);
    fs::write(
        root.join("data/enquete.yaml"),
        survey.replace(
            "population: infirmiers",
            &format!("population: {}", population.trim()),
        ),
    )
    .unwrap();
    let diags = errors(build_here(root));
    let text = diags.to_string();
    assert!(
        text.contains("the infographic of `enquete` does not fit"),
        "{text}"
    );
}

#[test]
fn labels_the_infographic_must_cut_are_named_in_a_warning() {
    let project = project_with_overlay(None);
    let root = project.path();
    let survey = fs::read_to_string(root.join("data/enquete.yaml")).unwrap();
    let long = "Très ".repeat(400);
    fs::write(
        root.join("data/enquete.yaml"),
        survey.replace("label: Satisfaits", &format!("label: {}satisfaits", long)),
    )
    .unwrap();
    let text = warnings(build_here(root)).to_string();
    assert!(
        text.contains("the infographic cuts labels too long for its charts (`Très Très"),
        "{text}"
    );
    assert!(text.contains("--> data/enquete.yaml"), "{text}");
}

#[test]
fn an_infographic_left_empty_says_so_and_one_given_only_a_quote_keeps_its_figures() {
    let project = project_with_overlay(None);
    let root = project.path();
    let survey = fs::read_to_string(root.join("data/enquete.yaml")).unwrap();
    fs::write(
        root.join("data/enquete.yaml"),
        format!("{survey}infographic:\n  key_figures: []\n  charts: []\n"),
    )
    .unwrap();
    let text = warnings(build_here(root)).to_string();
    assert!(
        text.contains("the infographic shows no key figure"),
        "{text}"
    );
    assert!(text.contains("the infographic shows no chart"), "{text}");
    fs::write(
        root.join("data/enquete.yaml"),
        format!("{survey}infographic:\n  quote: porte-parole\n"),
    )
    .unwrap();
    let prepared = barograph::prepare(root).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    let survey = &prepared.resolved.surveys["enquete"];
    assert!(!survey.infographic.key_figures.is_empty());
    assert!(!survey.infographic.charts.is_empty());
}
