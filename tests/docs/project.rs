//! The projects the docs test runs in: a copy of the example, its errors and
//! warnings up to the commentary, and the built binary run in a project.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use crate::common;

/// A copy of the example project: the repository root's `site.yaml`, `data/`,
/// `content/` and `templates/`.
pub fn example() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = common::repo_root();
    fs::copy(root.join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    for sub in ["data", "content", "templates"] {
        common::copy_dir(&root.join(sub), &dir.path().join(sub));
    }
    dir
}

/// The errors and warnings of the project at `root` up to its commentary (load,
/// validate, resolve, commentary: no rendering), as the command line prints them.
pub fn problems(root: &Path) -> Result<(), String> {
    problems_but(root, "\0")
}

/// [`problems`], but for warnings about files whose path starts with `skipped`.
pub fn problems_but(root: &Path, skipped: &str) -> Result<(), String> {
    match barograph::prepare(root) {
        Ok(p) => {
            let shown = |d: &&barograph::diagnostics::Diagnostic| {
                !d.file
                    .as_ref()
                    .is_some_and(|f| f.to_string_lossy().starts_with(skipped))
            };
            let left: Vec<_> = p.warnings.iter().filter(shown).cloned().collect();
            match left.is_empty() {
                true => Ok(()),
                false => Err(p
                    .project
                    .sources
                    .render(&barograph::diagnostics::Diagnostics(left), false)),
            }
        }
        Err(f) => Err(f.sources.render(&f.diagnostics, false)),
    }
}

/// Run the built binary with `args` in `root`.
pub fn run(root: &Path, args: &[String]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_barograph"))
        .args(args)
        .current_dir(root)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}
