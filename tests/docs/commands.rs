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
    // A shell redirection or pipe ends the command.
    let args: Vec<&str> = rest
        .split_whitespace()
        .take_while(|a| !matches!(*a, ">" | ">>" | "|" | "&&" | "2>&1"))
        .collect();
    // The subcommand: its first words, past the global options (`new article`, `help`).
    let words: Vec<&str> = args
        .iter()
        .skip_while(|a| a.starts_with(['-', '[']))
        .take(2)
        .copied()
        .collect();
    let sub = match words.as_slice() {
        [first, second] if is_word(first) && is_word(second) => Some(format!("{first} {second}")),
        [first, ..] if !first.starts_with('-') => Some(first.to_string()),
        _ => None,
    };
    // Upper-case words (`NAME`, `FILE`, `TOPIC`) and alternatives (`a|b`) are placeholders.
    let placeholder = |a: &&str| {
        a.contains('|') || (a.len() > 1 && a.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
    };
    let usage = args.iter().any(|a| {
        a.contains(['[', '<', '…']) || (placeholder(a) && !PLACEHOLDERS.iter().any(|(p, _)| p == a))
    });
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

/// A plain subcommand word (`new`, `article`), not a value.
fn is_word(a: &str) -> bool {
    !a.is_empty() && a.chars().all(|c| c.is_ascii_lowercase())
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
    let commands = |text: &str| -> Vec<String> {
        text.lines()
            .skip_while(|l| !l.starts_with("Commands:"))
            .skip(1)
            .take_while(|l| !l.trim().is_empty())
            .filter_map(|l| l.split_whitespace().next())
            .map(str::to_string)
            .collect()
    };
    let top = help(&["--help"]);
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for s in commands(&top) {
        let text = help(&[&s, "--help"]);
        // A group (`new`, `theme`): each of its commands too, as `new article`.
        for inner in commands(&text).into_iter().filter(|c| c != "help") {
            let inner_help = help(&[&s, &inner, "--help"]);
            out.insert(format!("{s} {inner}"), options(&inner_help));
        }
        out.insert(s, options(&text));
    }
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
