//! A Typst template that never finishes is stopped by the watchdog with a clear error,
//! and the build fails without touching the output. (Alone in its own test binary: it
//! sets the watchdog's limit through the environment.)

mod common;

use std::fs;

use common::*;

#[test]
fn a_runaway_template_is_stopped_with_a_clear_error() {
    // SAFETY: this binary has a single test; nothing else reads the environment.
    unsafe { std::env::set_var("BAROGRAPH_TYPST_TIMEOUT", "2") };
    let project = project_with_overlay(None);
    let template = fs::read_to_string(repo_root().join("templates/infographic.typ")).unwrap().replace(
        "#let s = data.survey\n",
        "#let s = data.survey\n#let x = 0\n#for i in range(100000) { for j in range(100000) { x += 1 } }\n",
    );
    fs::create_dir_all(project.path().join("templates")).unwrap();
    fs::write(project.path().join("templates/infographic.typ"), template).unwrap();
    let out = project.path().join("output");
    let failure = build(project.path(), &out).expect_err("the build must fail");
    let d = failure.diagnostics.iter().next().unwrap();
    assert!(
        d.message
            .contains("took too long to compile (stopped after 2 s)"),
        "{d}"
    );
    assert_eq!(
        d.file.as_deref(),
        Some(std::path::Path::new("templates/infographic.typ"))
    );
    assert!(!out.exists(), "nothing is written");
}
