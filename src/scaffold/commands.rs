//! The entry points of `init`, `new article`, `new survey` and `theme eject`, and how a
//! command finds its project: the folder holding `site.yaml`, here or above.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::locale::Locale;
use crate::output::scaffold::create_new;

use super::{ArticleContext, NewFile};

/// `barograph init [DIR]`: the starter project in `dir` (created if missing), in
/// `language` (`fr` or `en`); the files written. Refused where `site.yaml` or any
/// starter file already exists: nothing is written over.
pub fn init(dir: &Path, language: &str) -> Result<Vec<PathBuf>, Diagnostics> {
    let Some(locale) = Locale::from_tag(language) else {
        return Err(Diagnostic::error(format!(
            "unknown language `{}` (barograph writes `fr` and `en`)",
            crate::diagnostics::visible(language)
        ))
        .with_hint("use --language fr or --language en")
        .into());
    };
    create_new(dir, &super::starter(locale))
}

/// `barograph new article NAME`: a draft article in `content/articles/`, presenting the
/// latest survey (with one of its figures as an example) if there is one.
pub fn new_article(root: &Path, name: &str, today: time::Date) -> Result<PathBuf, Diagnostics> {
    let project = project_root(root)?;
    let (loaded, _) = crate::load::load(&project);
    let language = language_of(&loaded);
    // The survey whose fieldwork ended last, among those with figures (a new
    // survey's skeleton has none yet), as the home page picks it.
    let latest = loaded
        .surveys
        .iter()
        .filter(|s| {
            s.data
                .questions
                .iter()
                .any(|q| q.answers.iter().any(|a| !a.values.0.is_empty()))
        })
        .max_by_key(|s| (s.data.fieldwork.end.value.0, s.id.clone()));
    let survey = latest.map(|s| {
        let figure = s.data.questions.iter().find_map(|q| {
            q.answers
                .iter()
                .find(|a| !a.values.0.is_empty())
                .map(|a| format!("{}.{}", q.id.value, a.id.value))
        });
        (s.id.clone(), figure)
    });
    let file = super::article(name, today, &ArticleContext { language, survey })?;
    one(&project, file)
}

/// `barograph new survey NAME`: a survey skeleton in `data/`, every key to fill in.
pub fn new_survey(root: &Path, name: &str) -> Result<PathBuf, Diagnostics> {
    let project = project_root(root)?;
    let (loaded, _) = crate::load::load(&project);
    let language = language_of(&loaded).unwrap_or(Locale::Fr);
    one(&project, super::survey(name, language)?)
}

/// `barograph theme eject FILE`: the default theme's `FILE` copied into the project's
/// `templates/`, to edit.
pub fn eject(root: &Path, file: &str) -> Result<PathBuf, Diagnostics> {
    let project = project_root(root)?;
    one(&project, super::ejected(file)?)
}

/// The project folder of a command run in `start`: the nearest folder, `start` or one
/// of its parents, that holds a `site.yaml`, as a path relative to `start` (`.`,
/// `../..`) so messages stay short; none if that `site.yaml` is not barograph's (it
/// has no `base_url:` key: another tool's file of the same name).
pub fn find_root(start: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(start).ok()?;
    let up = absolute
        .ancestors()
        .position(|dir| dir.join("site.yaml").is_file())?;
    let dir = absolute.ancestors().nth(up)?;
    let text = crate::load::files::read(dir, Path::new("site.yaml"), 1 << 20).ok()?;
    let ours = String::from_utf8_lossy(&text)
        .lines()
        .any(|l| l.starts_with("base_url:"));
    if !ours {
        return None;
    }
    Some(match up {
        0 => start.to_path_buf(),
        n => (0..n).fold(start.to_path_buf(), |p, _| p.join("..")),
    })
}

/// The language `site.yaml` declares, if it can be read.
fn language_of(project: &crate::load::Project) -> Option<Locale> {
    let tag = project.site.as_ref()?.language.as_ref()?;
    Locale::from_tag(&tag.value)
}

/// `root` if it holds a `site.yaml`, else an error saying how to start a project.
fn project_root(root: &Path) -> Result<PathBuf, Diagnostics> {
    if root.join("site.yaml").is_file() {
        return Ok(root.to_path_buf());
    }
    Err(Diagnostic::error(format!(
        "no `site.yaml` in `{}` nor in a folder above (not a barograph project)",
        crate::diagnostics::display_path(root)
    ))
    .with_hint("run `barograph init` to start one, or pass --root with the project's folder")
    .into())
}

fn one(root: &Path, file: NewFile) -> Result<PathBuf, Diagnostics> {
    let mut written = create_new(root, &[file])?;
    written
        .pop()
        .ok_or_else(|| Diagnostic::error("nothing was written").into())
}
