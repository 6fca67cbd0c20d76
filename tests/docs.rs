//! docs/ is tested against the binary: this file owns that. What a reader can copy from
//! `docs/*.md` or `README.md` is run, and the test fails where the binary disagrees.
//!
//! - **YAML**: every ```yaml block is real input, merged into the example's file it
//!   belongs to ([`yaml::yaml_target`]): mappings key by key, lists whose items have an `id`
//!   item by item (same id replaced, new ones added), anything else replaced. The
//!   example must then load, validate and write its commentary without an error or a
//!   warning, so a key or a value the binary refuses fails the test.
//! - **Commentary**: every ```markdown block, and every inline code span that starts
//!   with a `{{ … }}` or `{% … %}` tag calling a helper or reading an attribute
//!   (`{{ segment("medecins").label }}`, not `{{ … }}`), becomes an article of the
//!   example (a block starting with `---` is a whole article and replaces the one with
//!   its slug); none may error or warn. docs/commentary.md's table of helpers and their
//!   keywords is compared with what the binary says it knows.
//! - **Commands**: every line of code, and every inline code span, that starts with
//!   `barograph ` or `cargo run … -- ` runs with the built binary in a copy of the
//!   example and must succeed (`URL` stands for an address). A usage line (`[--root
//!   DIR]`, `<command>`, `…`) may only show options of the subcommand's `--help`, and
//!   docs/README.md's usage lines show them all. `serve` and `watch` are not run (they do
//!   not end); other cargo commands (`cargo test`, `cargo bench`, `cargo fuzz`…) are
//!   listed as skipped (`cargo test --test docs -- --nocapture` prints the list).
//! - **Output**: in a ```console block, each `$ …` command runs in order and the lines
//!   under it must be what the binary prints (stderr, then stdout), compared with
//!   numbers, spaces and the project's path normalised; a line `…` stands for any
//!   lines. A command is expected to fail when its output shows an `error:` line. Output
//!   (`error:`, `warning:`, `built `, `checked ` lines) quoted in another block fails.
//!
//! Markers, an HTML comment on the line right before a fenced block:
//!
//! - `<!-- docs-test: skip (reason) -->`: the block is not tested. Use sparingly.
//! - `<!-- docs-test: project tests/fixtures/<path> -->` before a ```console block: it
//!   runs in the minimal fixture with that overlay, as `tests/fixtures.rs` makes them;
//!   without it, in a copy of the example.
//! - `<!-- docs-test: article content/articles/<name>.md -->` before a ```markdown
//!   block: the block is a whole article shown for its errors, not expected to render;
//!   it is added to the example for the document's next ```console block.
//!
//! A marker that is not one of these, or not right before a fence, fails the test; so
//! do the self-checks at the end, which show that a wrong snippet, call, option or
//! output is caught.
//!
//! This file holds the tests; what they use is in `tests/docs/`: [`documents`] reads
//! the documents, [`project`] makes and runs projects, and [`yaml`], [`commentary`],
//! [`commands`] and [`console`] check each kind of snippet.

mod common;

#[path = "docs/commands.rs"]
mod commands;
#[path = "docs/commentary.rs"]
mod commentary;
#[path = "docs/console.rs"]
mod console;
#[path = "docs/documents.rs"]
mod documents;
#[path = "docs/project.rs"]
mod project;
#[path = "docs/yaml.rs"]
mod yaml;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use commands::{Shown, binary_options, classify, shown_commands, usage_problem};
use commentary::{
    Example, binary_helpers, check_commentary, commentary_examples, documented_helpers,
};
use console::{quotes_output, run_session, same_output, session_project};
use documents::{blocks, documents, marker, marker_problem, spans};
use project::{example, run};
use yaml::{SURVEY, check_yaml, yaml_target};

// ---- YAML -------------------------------------------------------------------------------

#[test]
fn yaml_snippets_are_input_the_binary_accepts() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (doc, text) in documents() {
        for b in blocks(&doc, &text) {
            if b.lang != "yaml" || b.skipped() {
                continue;
            }
            checked += 1;
            if let Err(e) = check_yaml(yaml_target(&doc), &b.body) {
                failures.push(format!("{}: {e}\n{}", b.at(), b.body));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 10, "only {checked} YAML snippets found");
    println!("{checked} YAML snippets checked");
}

// ---- Commentary -------------------------------------------------------------------------

#[test]
fn commentary_examples_render_without_errors() {
    let examples = commentary_examples();
    println!("{} examples of commentary rendered:", examples.len());
    for e in &examples {
        println!("  {}: {}", e.at, e.text.lines().next().unwrap_or(""));
    }
    if let Err(e) = check_commentary(&examples) {
        panic!("an example of commentary in the docs does not render:\n{e}");
    }
    for helper in binary_helpers().keys() {
        let call = format!("{helper}(");
        assert!(
            examples.iter().any(|e| e.text.contains(&call)),
            "no example in the docs calls `{helper}`"
        );
    }
}

#[test]
fn the_helpers_table_lists_the_helpers_and_keywords_of_the_binary() {
    assert_eq!(
        documented_helpers(),
        binary_helpers(),
        "docs/commentary.md's table of helpers (left) differs from the binary (right)"
    );
}

// ---- Commands -----------------------------------------------------------------------------

#[test]
fn commands_in_the_docs_run() {
    let known = binary_options();
    let project = example();
    let mut failures = Vec::new();
    let mut ran: BTreeSet<Vec<String>> = BTreeSet::new();
    for (at, command, shown) in shown_commands() {
        match shown {
            Shown::Run(args) => {
                if !ran.insert(args.clone()) {
                    continue;
                }
                println!("{at}: ran `{command}`");
                let out = run(project.path(), &args);
                if !out.status.success() {
                    let err = String::from_utf8_lossy(&out.stderr);
                    failures.push(format!("{at}: `{command}` failed:\n{err}"));
                }
            }
            Shown::Usage(sub, options) => {
                println!("{at}: usage `{command}` checked against --help");
                if let Some(problem) = usage_problem(sub.as_deref(), &options, &known) {
                    failures.push(format!("{at}: `{command}`: {problem}"));
                }
            }
            Shown::Skipped(why) => println!("{at}: skipped `{command}` ({why})"),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for needed in [&["build"][..], &["check"], &["--help"]] {
        let needed: Vec<String> = needed.iter().map(|a| a.to_string()).collect();
        assert!(
            ran.contains(&needed),
            "no `barograph {}` in the docs",
            needed.join(" ")
        );
    }
}

#[test]
fn docs_readme_shows_every_subcommand_with_all_its_options() {
    let text = fs::read_to_string(common::repo_root().join("docs/README.md")).unwrap();
    let mut shown: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for b in blocks("docs/README.md", &text) {
        for line in b.body.lines() {
            if let Some(Shown::Usage(sub, options)) = classify(line.trim()) {
                shown
                    .entry(sub.unwrap_or_default())
                    .or_default()
                    .extend(options);
            }
        }
    }
    let known = binary_options();
    // Options of every command (`--quiet`, `--verbose`) may be shown once, on a usage
    // line of no command in particular.
    let global: BTreeSet<&String> = known[""]
        .iter()
        .filter(|o| known.values().all(|opts| opts.contains(*o)))
        .filter(|o| {
            shown
                .iter()
                .any(|(k, s)| (k.is_empty() || k.starts_with('<')) && s.contains(*o))
        })
        .collect();
    let groups: BTreeSet<String> = known
        .keys()
        .filter_map(|k| k.split_once(' ').map(|(g, _)| g.to_string()))
        .collect();
    for (sub, options) in known
        .iter()
        .filter(|(s, _)| !s.is_empty() && !groups.contains(*s))
    {
        let missing: Vec<&String> = options
            .iter()
            .filter(|o| {
                *o != "--help"
                    && !global.contains(o)
                    && !shown.get(sub).is_some_and(|s| s.contains(*o))
            })
            .collect();
        assert!(
            missing.is_empty(),
            "docs/README.md: `barograph {sub}` lacks {missing:?}"
        );
    }
}

// ---- Output ------------------------------------------------------------------------------

#[test]
fn console_sessions_print_what_the_docs_say() {
    let mut failures = Vec::new();
    let mut sessions = 0;
    for (doc, text) in documents() {
        let mut articles: Vec<(String, String)> = Vec::new();
        for b in blocks(&doc, &text).into_iter().filter(|b| !b.skipped()) {
            if let Some(path) = b.marker.as_deref().and_then(|m| m.strip_prefix("article ")) {
                articles.push((path.to_string(), b.body.clone()));
            } else if b.lang == "console" {
                sessions += 1;
                println!("{}: console session", b.at());
                let project = session_project(&b, &articles);
                if let Err(e) = run_session(&b.body, project.path()) {
                    failures.push(format!("{}: {e}", b.at()));
                }
                articles.clear();
            } else if ["", "text", "sh"].contains(&b.lang.as_str()) && quotes_output(&b.body) {
                failures.push(format!(
                    "{}: output quoted without the command printing it: {}",
                    b.at(),
                    "make it a ```console block with `$ barograph …`"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(sessions >= 5, "only {sessions} console sessions found");
}

// ---- Markers -------------------------------------------------------------------------------

#[test]
fn every_marker_is_understood() {
    let mut failures = Vec::new();
    for (doc, text) in documents() {
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let before_fence = lines.get(i + 1).is_some_and(|l| l.starts_with("```"));
            if marker(line).is_some() && !before_fence {
                failures.push(format!(
                    "{doc}:{}: a marker goes right before a fence",
                    i + 1
                ));
            }
        }
        for b in blocks(&doc, &text) {
            if let Some(problem) = b.marker.as_deref().and_then(|m| marker_problem(m, &b.lang)) {
                failures.push(format!("{}: {problem}", b.at()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(marker_problem("skp (typo)", "yaml").is_some());
    assert!(marker_problem("project tests/fixtures/x", "yaml").is_some());
}

// ---- The checks can fail -------------------------------------------------------------------

#[test]
fn the_checks_catch_what_the_binary_refuses() {
    // A key and a value the binary refuses; a snippet it accepts.
    let e = check_yaml(SURVEY, "sample:\n  respondants: 840\n").unwrap_err();
    assert!(e.contains("unknown key `respondants`"), "{e}");
    let question = concat!(
        "questions:\n",
        "  - id: perception\n",
        "    wording: W\n",
        "    kind: multiples\n",
        "    answers: [{ id: a, label: A, values: { soignants: 1 } }]\n",
    );
    assert!(check_yaml(SURVEY, question).is_err());
    check_yaml(SURVEY, "published: 2026-01-27\nsample:\n  size: ~840\n").unwrap();
    // A misspelt helper, a misspelt keyword.
    for (call, said) in [
        ("pcnt(\"perception.positive\")", "unknown helper `pcnt`"),
        (
            "pct(\"perception.positive\", segmnt=\"medecins\")",
            "did you mean `segment=`?",
        ),
    ] {
        let ex = Example {
            at: "self-check".into(),
            text: format!("Soit {{{{ {call} }}}}.\n"),
        };
        let e = check_commentary(&[ex]).unwrap_err();
        assert!(e.contains(said), "{e}");
    }
    // An option the binary does not have, a subcommand it does not know.
    let known = binary_options();
    let usage = |line: &str| match classify(line) {
        Some(Shown::Usage(sub, options)) => usage_problem(sub.as_deref(), &options, &known),
        other => panic!("{other:?}"),
    };
    assert!(usage("barograph build [--colour]").is_some());
    assert!(usage("barograph init [--root DIR]").is_some());
    assert_eq!(usage("barograph <command> --help"), None);
}

#[test]
fn the_output_comparison_is_loose_but_not_blind() {
    let root = common::repo_root();
    let printed = "built 1 article (46 files, 480.3 KiB) into output in 611 ms\n";
    same_output(
        &["built 2 articles (4 files, 9.1 KiB) into output in 88 ms"],
        printed,
        &root,
    )
    .unwrap_err();
    same_output(
        &["built 2 article (4 files, 9.1 KiB) into output in 88 ms"],
        printed,
        &root,
    )
    .unwrap();
    same_output(
        &["checked 1 article (46 files, 480.3 KiB) in 611 ms"],
        printed,
        &root,
    )
    .unwrap_err();
    same_output(&["…"], "a\nb\n", &root).unwrap();
    same_output(&["a", "…", "c"], "a\nb\nc\n", &root).unwrap();
    same_output(&["a"], "a\nb\n", &root).unwrap_err();
    assert!(quotes_output(
        "error: check found 1 error; nothing was written\n"
    ));
    let fenced = "```yaml\nsample:\n  size: 840\n```\n";
    assert_eq!(blocks("x.md", fenced)[0].body, "sample:\n  size: 840\n");
    assert_eq!(
        spans("Un `` `code` `` et `{{ pct(\"a.b\") }}`.")[1].1,
        "{{ pct(\"a.b\") }}"
    );
}
