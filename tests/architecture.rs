//! The shape of the source tree, checked so it stays that way (docs/architecture.md):
//! no import cycle between the top-level modules of `src/`, every file saying what it
//! owns on its first line (`//!`), and no file over 600 lines.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Every `.rs` file under `src/`, with its text.
fn sources() -> Vec<(PathBuf, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "rs") {
            let rel = entry.path().strip_prefix(&src).unwrap().to_path_buf();
            out.push((rel, fs::read_to_string(entry.path()).unwrap()));
        }
    }
    out
}

/// The top-level module a file belongs to (`None` for the crate root and the binary).
fn module_of(rel: &Path) -> Option<String> {
    let first = rel.components().next()?.as_os_str().to_string_lossy();
    let name = first.trim_end_matches(".rs").to_string();
    (!matches!(name.as_str(), "lib" | "main")).then_some(name)
}

/// The top-level modules a file's code names through `crate::`, in `use` lines
/// (`use crate::a::b;`, `use crate::{a, b::c};`) and in paths (`crate::a::f()`).
fn references(text: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let code: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // The group's top-level items: split at commas outside nested braces.
            let (mut depth, mut item) = (0, String::new());
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.insert(item.trim().split("::").next().unwrap_or("").to_string());
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
            out.insert(item.trim().split("::").next().unwrap_or("").to_string());
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.insert(name);
        }
    }
    out.retain(|m| modules.contains(m));
    out
}

/// The import graph between top-level modules.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let files = sources();
    let modules: BTreeSet<String> = files.iter().filter_map(|(p, _)| module_of(p)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in &files {
        let Some(from) = module_of(path) else {
            continue;
        };
        let entry = graph.entry(from.clone()).or_default();
        for to in references(text, &modules) {
            if to != from {
                entry.insert(to);
            }
        }
    }
    graph
}

/// A cycle in `graph`, as the list of its modules, if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|n| n == node) {
            let mut cycle = stack[i..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_top_level_modules_import_each_other_without_a_cycle() {
    let graph = graph();
    assert!(graph.len() >= 10, "too few modules found: {graph:?}");
    if let Some(cycle) = find_cycle(&graph) {
        panic!("import cycle: {}", cycle.join(" → "));
    }
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.entry("render".into())
        .or_default()
        .insert("resolve".into());
    g.entry("resolve".into()).or_default().insert("load".into());
    assert_eq!(find_cycle(&g), None);
    g.entry("load".into()).or_default().insert("render".into());
    assert_eq!(
        find_cycle(&g).unwrap(),
        ["load", "render", "resolve", "load"]
    );
    let modules: BTreeSet<String> = ["load", "text", "render"].map(String::from).into();
    let text =
        "use crate::{load::Project, text};\n// use crate::render;\nlet x = crate::render::f();";
    assert_eq!(
        references(text, &modules),
        ["load", "render", "text"].map(String::from).into()
    );
}

#[test]
fn the_stages_come_in_pipeline_order() {
    // A stage may use the stages before it, never one after it, with one exception
    // stated in docs/architecture.md: render hands its files to output in output's own
    // type (`OutputFile`) and keeps Typst results in output's build cache.
    let order = [
        "load",
        "validate",
        "resolve",
        "commentary",
        "render",
        "output",
    ];
    let allowed = [("render", "output")];
    let graph = graph();
    for (i, stage) in order.iter().enumerate() {
        for later in &order[i + 1..] {
            let uses = graph.get(*stage).is_some_and(|deps| deps.contains(*later));
            if !allowed.contains(&(*stage, *later)) {
                assert!(!uses, "`{stage}` uses `{later}`, a later stage");
            }
        }
    }
}

#[test]
fn every_file_says_what_it_owns_and_fits_on_a_few_screens() {
    for (path, text) in sources() {
        assert!(
            text.starts_with("//!"),
            "src/{} does not start with a `//!` line saying what it owns",
            path.display()
        );
        let lines = text.lines().count();
        assert!(
            lines <= 600,
            "src/{} has {lines} lines (at most 600)",
            path.display()
        );
    }
}

/// The code of a file outside its `#[cfg(test)]` module (tests may write where they
/// like), with comments left out.
fn production_code(text: &str) -> String {
    let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text);
    code.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn only_output_writes_and_every_read_goes_through_load_files() {
    let writes = [
        "fs::write(",
        "File::create(",
        "create_dir(",
        "create_dir_all(",
        "fs::rename(",
        "remove_file(",
        "remove_dir",
        "hard_link(",
        "fs::copy(",
        ".write(true)",
    ];
    let reads = [
        "fs::read(",
        "read_to_string(",
        "File::open(",
        "fs::read_dir(",
    ];
    for (path, text) in sources() {
        let code = production_code(&text);
        let file = path.to_string_lossy().replace('\\', "/");
        if !file.starts_with("output/") {
            for w in writes {
                assert!(
                    !code.contains(w),
                    "src/{file} writes (`{w}`): only output/ writes"
                );
            }
        }
        // The places allowed to read the disk directly: the reading gate itself, its
        // discovery, the output (its own folder) and the watcher (which only lists).
        let readers = ["load/files.rs", "load/discover.rs", "output/"];
        if !readers.iter().any(|r| file.starts_with(r)) {
            for r in reads {
                assert!(
                    !code.contains(r),
                    "src/{file} reads (`{r}`) around load/files.rs"
                );
            }
        }
    }
}
