//! The ```console blocks of the docs: their commands run in order, in the project
//! the block's marker names, and what each prints compared loosely (numbers, spaces
//! and the project's path made neutral, `…` for any lines) with the lines under it.

use std::fs;
use std::path::Path;

use crate::commands::{Shown, classify};
use crate::common;
use crate::documents::Block;
use crate::project::{example, run};

/// `line` with the project's path, numbers and runs of spaces made neutral.
fn normalise(line: &str, root: &Path) -> String {
    let mut line = line.to_string();
    for path in [root.to_path_buf(), root.canonicalize().unwrap()] {
        line = line.replace(&*path.to_string_lossy(), "<root>");
    }
    let mut out = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            while chars
                .peek()
                .is_some_and(|n| n.is_ascii_digit() || *n == '.' || *n == ',')
            {
                chars.next();
            }
            out.push('N');
        } else {
            out.push(c);
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True if `printed` is `expected`, line by line; an expected `…` matches any lines.
fn lines_match(expected: &[String], printed: &[String]) -> bool {
    match expected.split_first() {
        None => printed.is_empty(),
        Some((dots, rest)) if dots == "…" => {
            (0..=printed.len()).any(|k| lines_match(rest, &printed[k..]))
        }
        Some((line, rest)) => printed.first() == Some(line) && lines_match(rest, &printed[1..]),
    }
}

/// Compare the output the docs show with what the binary printed in `root`.
pub fn same_output(expected: &[&str], printed: &str, root: &Path) -> Result<(), String> {
    let neat = |lines: Vec<&str>| -> Vec<String> {
        lines
            .into_iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| normalise(l, root))
            .collect()
    };
    let (want, got) = (neat(expected.to_vec()), neat(printed.lines().collect()));
    if lines_match(&want, &got) {
        return Ok(());
    }
    Err(format!(
        "the docs say:\n{}\nthe binary printed:\n{printed}",
        expected.join("\n")
    ))
}

/// The commands of a ```console block and the output shown under each.
fn session(body: &str) -> Vec<(String, Vec<&str>)> {
    let mut out: Vec<(String, Vec<&str>)> = Vec::new();
    for line in body.lines() {
        match line.strip_prefix("$ ") {
            Some(command) => out.push((command.to_string(), Vec::new())),
            None => match out.last_mut() {
                Some((_, lines)) => lines.push(line),
                None => out.push((String::new(), vec![line])),
            },
        }
    }
    out
}

/// Run the session of a ```console block in `root`.
pub fn run_session(body: &str, root: &Path) -> Result<(), String> {
    for (command, expected) in session(body) {
        let Some(Shown::Run(args)) = classify(&command) else {
            return Err(format!(
                "`{command}` is not a barograph command this test can run"
            ));
        };
        let out = run(root, &args);
        let printed = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        let fails = expected.iter().any(|l| l.starts_with("error:"));
        if out.status.success() == fails {
            let said = if fails { "fail" } else { "succeed" };
            return Err(format!("`{command}` should {said}, it printed:\n{printed}"));
        }
        same_output(&expected, &printed, root).map_err(|e| format!("`{command}`: {e}"))?;
    }
    Ok(())
}

/// The project a ```console block runs in: a fixture its marker names, or the example
/// with the articles shown before it.
pub fn session_project(b: &Block, articles: &[(String, String)]) -> tempfile::TempDir {
    if let Some(path) = b.marker.as_deref().and_then(|m| m.strip_prefix("project ")) {
        let overlay = path.strip_prefix("tests/fixtures/").unwrap_or_else(|| {
            panic!(
                "{}: a project is a folder of tests/fixtures/, not {path}",
                b.at()
            )
        });
        return common::project_with_overlay(Some(overlay));
    }
    let project = example();
    for (path, text) in articles {
        fs::write(project.path().join(path), text).unwrap();
    }
    project
}

/// True if `body` quotes the binary's output (an `error:` line, a summary…).
pub fn quotes_output(body: &str) -> bool {
    let starts = ["error:", "warning:", "built ", "checked "];
    body.lines()
        .any(|l| starts.iter().any(|s| l.trim_start().starts_with(s)))
}
