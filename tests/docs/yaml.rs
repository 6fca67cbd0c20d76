//! The ```yaml blocks of the docs as input: which file of the example each document's
//! blocks are parts of, merging a block into that file, and checking the result.

use std::fs;

use serde_json::Value;

use crate::project::{example, problems};

/// The example's survey file.
pub const SURVEY: &str = "data/barometre-esante-2026.yaml";
/// The example's quotes file.
const QUOTES: &str = "content/quotes/barometre-esante-2026.yaml";

/// The file of the example that the ```yaml blocks of `doc` are parts of.
pub fn yaml_target(doc: &str) -> &'static str {
    match doc {
        "docs/data-format.md" | "docs/infographic.md" => SURVEY,
        "docs/site.md" => "site.yaml",
        "docs/content-format.md" => QUOTES,
        _ => panic!("{doc} has a ```yaml block: say in yaml_target() which file it is part of"),
    }
}

fn read_yaml(text: &str) -> Result<Value, String> {
    serde_saphyr::from_str(text).map_err(|e| e.to_string())
}

/// Merge `part` into `whole`: mappings key by key, lists whose items all have an `id`
/// item by item (an item replaces the one with its id, or is added), anything else
/// replaced.
fn merge(whole: &mut Value, part: Value) {
    let by_id = |p: &Vec<Value>| !p.is_empty() && p.iter().all(|v| v.get("id").is_some());
    match (whole, part) {
        (Value::Object(w), Value::Object(p)) => {
            for (key, value) in p {
                match w.get_mut(&key) {
                    Some(slot) => merge(slot, value),
                    None => {
                        w.insert(key, value);
                    }
                }
            }
        }
        (Value::Array(w), Value::Array(p)) if by_id(&p) => {
            for item in p {
                match w.iter_mut().find(|x| x.get("id") == item.get("id")) {
                    Some(slot) => *slot = item,
                    None => w.push(item),
                }
            }
        }
        (slot, part) => *slot = part,
    }
}

/// Check `snippet` as a part of the example's file `target`: merged into it (written as
/// JSON, which is YAML), the example must have no error and no warning.
pub fn check_yaml(target: &str, snippet: &str) -> Result<(), String> {
    let part = read_yaml(snippet).map_err(|e| format!("not YAML: {e}"))?;
    let project = example();
    let path = project.path().join(target);
    let mut whole = read_yaml(&fs::read_to_string(&path).unwrap()).unwrap();
    merge(&mut whole, part);
    fs::write(&path, serde_json::to_string_pretty(&whole).unwrap()).unwrap();
    problems(project.path())
}
