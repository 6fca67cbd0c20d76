//! Watch: rebuild whenever an input changes.
//!
//! notify watches `site.yaml`, `data/`, `content/`, `templates/` and `fonts/` (never the
//! output or its cache), events are debounced, and each burst of changes triggers one
//! incremental build in the same process, so the Typst compiler, its memoised results
//! and the fonts stay warm between builds. A failed build leaves the previous output in
//! place; the loop goes on.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use crate::diagnostics::Diagnostic;
use crate::{BuildOptions, BuildReport, Failure, build};

/// How long changes are gathered before a rebuild starts.
pub const DEBOUNCE: Duration = Duration::from_millis(10);

/// The inputs watched, relative to the project root.
const INPUTS: &[&str] = &["site.yaml", "data", "content", "templates", "fonts"];

/// One build of the loop: when it started (after the change), and its outcome.
pub struct Rebuild {
    /// The files whose change triggered it (empty for the first build).
    pub changed: Vec<PathBuf>,
    /// When the change was noticed.
    pub noticed: Instant,
    /// The build's outcome.
    pub result: Result<BuildReport, Failure>,
}

/// True if `path` is an input of the project at `root` (and not the output or a
/// temporary file of an editor).
fn is_input(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp");
    first.is_some_and(|f| INPUTS.contains(&f.as_str())) && !temporary
}

/// Build, then rebuild on every change, calling `report` after each build. Returns only
/// if watching fails or `report` returns `false`.
pub fn run(opts: &BuildOptions, mut report: impl FnMut(Rebuild) -> bool) -> Result<(), Diagnostic> {
    let root = crate::output::absolute(&opts.root);
    // Watch before the first build, so a change made while it runs (or right after it is
    // reported) is not missed.
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, Some(DEBOUNCE / 2), tx)
        .map_err(|e| Diagnostic::error(format!("cannot watch the project ({e})")))?;
    debouncer
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| Diagnostic::error(format!("cannot watch `{}` ({e})", root.display())))?;
    for input in INPUTS.iter().map(|i| root.join(i)).filter(|p| p.is_dir()) {
        debouncer
            .watch(&input, RecursiveMode::Recursive)
            .map_err(|e| Diagnostic::error(format!("cannot watch `{}` ({e})", input.display())))?;
    }
    let first = Rebuild {
        changed: Vec::new(),
        noticed: Instant::now(),
        result: build(opts),
    };
    if !report(first) {
        return Ok(());
    }
    for events in rx {
        let noticed = Instant::now();
        let Ok(events) = events else { continue };
        // Reading a file is an event too (the build itself reads every input): only
        // creations, changes and removals count.
        let mut changed: Vec<PathBuf> = events
            .iter()
            .filter(|e| {
                matches!(
                    e.kind,
                    EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
                )
            })
            .flat_map(|e| e.paths.iter())
            .filter(|p| is_input(&root, p))
            .map(|p| p.strip_prefix(&root).unwrap_or(p).to_path_buf())
            .collect();
        if changed.is_empty() {
            continue;
        }
        changed.sort();
        changed.dedup();
        // A new input folder (say `fonts/`) starts being watched.
        for input in INPUTS.iter().map(|i| root.join(i)).filter(|p| p.is_dir()) {
            let _ = debouncer.watch(&input, RecursiveMode::Recursive);
        }
        // Keep Typst's memoisation from growing without bound over a long session.
        typst::comemo::evict(30);
        let rebuild = Rebuild {
            changed,
            noticed,
            result: build(opts),
        };
        if !report(rebuild) {
            return Ok(());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inputs_trigger_rebuilds() {
        let root = Path::new("/p");
        assert!(is_input(root, Path::new("/p/data/s.yaml")));
        assert!(is_input(root, Path::new("/p/site.yaml")));
        assert!(is_input(root, Path::new("/p/templates/base.html")));
        assert!(!is_input(root, Path::new("/p/output/index.html")));
        assert!(!is_input(
            root,
            Path::new("/p/.output.barograph-cache/x.bin")
        ));
        assert!(!is_input(root, Path::new("/p/data/.s.yaml.swp")));
        assert!(!is_input(root, Path::new("/elsewhere/data/s.yaml")));
    }
}
