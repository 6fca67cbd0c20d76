//! The barograph commands the docs show outside ```console blocks: what each is (a
//! command to run, a usage line, a cargo command skipped), where they are, and the
//! options each subcommand's `--help` lists, which usage lines are checked against.

use std::collections::{BTreeMap, BTreeSet};

use crate::common;
use crate::documents::{blocks, documents, spans};
use crate::project::run;

/// What the placeholders of the commands stand for when they run.
const PLACEHOLDERS: &[(&str, &str)] = &[("URL", "https://example.org/preview/")];

/// A command the docs show.
#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    /// Run the binary with these arguments.
    Run(Vec<String>),
    /// A usage line: its subcommand, if it names one, and the options it shows.
    Usage(Option<String>, Vec<String>),
    /// Not run, and why.
    Skipped(&'static str),
}

/// What `command` is, if it is one of barograph's.
pub fn classify(command: &str) -> Option<Shown> {
    let rest = if let Some(rest) = command.strip_prefix("barograph ") {
        rest
    } else if let Some(rest) = command.strip_prefix("cargo run") {
        let (flags, rest) = rest.split_once("-- ")?;
        if flags.contains("--example") {
            return Some(Shown::Skipped("compiles and runs an example"));
        }
        rest
    } else if command.starts_with("cargo ") {
        return Some(Shown::Skipped("a cargo command that compiles"));
    } else {
        return None;
    };
    let args: Vec<&str> = rest.split_whitespace().collect();
    let sub = args
        .first()
        .filter(|a| !a.starts_with('-'))
        .map(|a| a.to_string());
    let usage = args.iter().any(|a| a.contains(['[', '<', '…']));
    if usage || matches!(sub.as_deref(), Some("serve" | "watch")) {
        let options = args
            .iter()
            .map(|a| a.trim_matches(['[', ']']))
            .filter(|a| a.starts_with("--"))
            .map(str::to_string)
            .collect();
        return Some(Shown::Usage(sub, options));
    }
    let fill = |a: &str| {
        PLACEHOLDERS
            .iter()
            .find(|(p, _)| *p == a)
            .map_or(a, |(_, v)| v)
            .to_string()
    };
    Some(Shown::Run(args.iter().map(|a| fill(a)).collect()))
}

/// Every command in the docs outside ```console blocks: (where, command, what it is).
pub fn shown_commands() -> Vec<(String, String, Shown)> {
    let mut out = Vec::new();
    for (doc, text) in documents() {
        for b in blocks(&doc, &text) {
            if b.skipped() || !["", "sh", "text", "bash", "shell"].contains(&b.lang.as_str()) {
                continue;
            }
            for (i, line) in b.body.lines().enumerate() {
                let line = line.trim();
                if let Some(s) = classify(line) {
                    out.push((format!("{doc}:{}", b.line + 1 + i), line.to_string(), s));
                }
            }
        }
        for (line, code) in spans(&text) {
            if let Some(s) = classify(&code) {
                out.push((format!("{doc}:{line}"), code, s));
            }
        }
    }
    out
}

/// The options of `barograph --help` (under `""`) and of each subcommand's `--help`.
pub fn binary_options() -> BTreeMap<String, BTreeSet<String>> {
    let here = common::repo_root();
    let help = |args: &[&str]| {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let out = run(&here, &args);
        assert!(out.status.success(), "barograph {args:?} failed");
        String::from_utf8(out.stdout).unwrap()
    };
    let options = |text: &str| -> BTreeSet<String> {
        let words = text.split_whitespace().filter(|w| w.starts_with("--"));
        words.map(|w| w.trim_end_matches(',').to_string()).collect()
    };
    let top = help(&["--help"]);
    let subs = top
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|s| *s != "help");
    let mut out: BTreeMap<String, BTreeSet<String>> = subs
        .map(|s| (s.to_string(), options(&help(&[s, "--help"]))))
        .collect();
    out.insert(String::new(), options(&top));
    out
}

/// What is wrong with a usage line of subcommand `sub` showing `shown` options, if
/// anything; a placeholder subcommand (`<command>`, `…`) stands for each of them.
pub fn usage_problem(
    sub: Option<&str>,
    shown: &[String],
    known: &BTreeMap<String, BTreeSet<String>>,
) -> Option<String> {
    let subs: Vec<&str> = match sub {
        Some(s) if s.starts_with(['<', '…']) => known
            .keys()
            .filter(|k| !k.is_empty())
            .map(String::as_str)
            .collect(),
        Some(s) => vec![s],
        None => vec![""],
    };
    for s in subs {
        let Some(options) = known.get(s) else {
            return Some(format!(
                "`{s}` is not a subcommand (`barograph --help` lists {:?})",
                known.keys()
            ));
        };
        if let Some(o) = shown.iter().find(|o| !options.contains(*o)) {
            return Some(format!(
                "`barograph {s}` has no option `{o}` (it has {options:?})"
            ));
        }
    }
    None
}
