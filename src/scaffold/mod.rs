//! Scaffolding: the starter project of `barograph init` (in French or English), the
//! skeletons of `barograph new article` and `new survey`, and the default theme files
//! `barograph theme eject` copies into a project. This module decides what to write;
//! `output::scaffold` writes it, never over an existing file.
//!
//! The starter project builds at once and its files are commented to teach the format.
//! Its survey's figures are made up, and say so in the file, its title and its source
//! line; a new survey's skeleton has no figures at all (the build then says which are
//! missing): nothing here invents a number a site could publish as real.

mod commands;

use std::path::Path;

pub use commands::{eject, find_root, init, new_article, new_survey};

pub use crate::output::scaffold::NewFile;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::locale::Locale;

/// The starter project in `language` (`fr` or `en`).
pub fn starter(language: Locale) -> Vec<NewFile> {
    macro_rules! starter {
        ($lang:literal, $(($path:literal, $file:literal)),* $(,)?) => {
            vec![$(NewFile::text($path, include_str!(concat!("starter/", $lang, "/", $file)))),*]
        };
    }
    match language {
        Locale::Fr => starter!(
            "fr",
            ("site.yaml", "site.yaml"),
            ("data/exemple.yaml", "data/exemple.yaml"),
            (
                "content/articles/resultats.md",
                "content/articles/resultats.md"
            ),
            (
                "content/quotes/citations.yaml",
                "content/quotes/citations.yaml"
            ),
            (".gitignore", "gitignore"),
        ),
        Locale::En => starter!(
            "en",
            ("site.yaml", "site.yaml"),
            ("data/example.yaml", "data/example.yaml"),
            ("content/articles/results.md", "content/articles/results.md"),
            ("content/quotes/quotes.yaml", "content/quotes/quotes.yaml"),
            (".gitignore", "gitignore"),
        ),
    }
}

/// Longest name made into a file name, in characters (a slug is cut there).
const MAX_NAME: usize = 80;

/// A name as a file name: its slug, or an error saying why it cannot be one.
pub fn file_slug(name: &str, what: &str) -> Result<String, Diagnostics> {
    let slug: String = crate::text::slugify(name).chars().take(MAX_NAME).collect();
    let slug = slug.trim_end_matches('-').to_string();
    let refuse = |why: String, hint: &str| -> Result<String, Diagnostics> {
        Err(Diagnostic::error(format!(
            "cannot name {what} `{}` ({why})",
            crate::diagnostics::visible(name)
        ))
        .with_hint(hint)
        .into())
    };
    if slug.is_empty() {
        return refuse(
            "no letter or digit to make a file name of".into(),
            "give a name with letters or digits, e.g. `resultats-2026`",
        );
    }
    if crate::validate::content::RESERVED.contains(&slug.as_str()) {
        return refuse(
            format!("`{slug}` is a reserved address of the site"),
            &format!(
                "the reserved names are {}; pick another",
                crate::validate::content::RESERVED
                    .map(|r| format!("`{r}`"))
                    .join(", ")
            ),
        );
    }
    Ok(slug)
}

/// A name as a title in YAML: one line, without control or direction characters, as a
/// double-quoted string (quotes and backslashes escaped).
fn yaml_title(name: &str) -> String {
    let bidi = |c: char| matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    let line: String = name
        .trim()
        .chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .filter(|c| !c.is_control() && !bidi(*c))
        .collect();
    let title: String = crate::text::ucfirst(line.trim())
        .chars()
        .take(200)
        .collect();
    serde_json::to_string(&title).unwrap_or_else(|_| "\"\"".into())
}

/// What a new article may point at: the latest survey's id and one of its figures.
#[derive(Debug, Clone, Default)]
pub struct ArticleContext {
    /// The site's language.
    pub language: Option<Locale>,
    /// The id of the survey to present, and `question.answer` of its first figure.
    pub survey: Option<(String, Option<String>)>,
}

/// The skeleton of a new article called `name`, dated `today`, as a draft.
pub fn article(
    name: &str,
    today: time::Date,
    ctx: &ArticleContext,
) -> Result<NewFile, Diagnostics> {
    let slug = file_slug(name, "an article")?;
    let title = yaml_title(name);
    let fr = ctx.language.unwrap_or(Locale::Fr) == Locale::Fr;
    let date = format!(
        "{:04}-{:02}-{:02}",
        today.year(),
        u8::from(today.month()),
        today.day()
    );
    let (survey_line, figure) = match &ctx.survey {
        Some((id, figure)) => (format!("survey: {id}"), figure.clone()),
        None if fr => ("# survey: <l'id d'une enquête de data/>".into(), None),
        None => ("# survey: <the id of a survey in data/>".into(), None),
    };
    let body = match (&figure, fr) {
        (Some(f), true) => format!(
            "Écrivez ici. Les chiffres viennent des données, par exemple\n{{{{ pct(\"{f}\") }}}} ; `barograph help commentary` liste les aides.\n"
        ),
        (Some(f), false) => format!(
            "Write here. Figures come from the data, for example\n{{{{ pct(\"{f}\") }}}}; `barograph help commentary` lists the helpers.\n"
        ),
        (None, true) => "Écrivez ici ; `barograph help commentary` liste les aides.\n".into(),
        (None, false) => "Write here; `barograph help commentary` lists the helpers.\n".into(),
    };
    let head = if fr {
        "# Un nouvel article, en brouillon : `draft: true` le garde hors du site (la commande\n# `barograph serve --drafts` le montre). Enlevez la ligne pour le publier.\n# L'en-tête est expliqué par `barograph help content-format`."
    } else {
        "# A new article, as a draft: `draft: true` keeps it off the site (the command\n# `barograph serve --drafts` shows it). Remove the line to publish it.\n# `barograph help content-format` explains the header."
    };
    let summary = if fr {
        "Une phrase qui résume l'article."
    } else {
        "One sentence summing the article up."
    };
    let text = format!(
        "---\n{head}\ntitle: {title}\nslug: {slug}\ndate: {date}\ndraft: true\n{survey_line}\ntags: []\nsummary: {summary}\n---\n\n{body}"
    );
    Ok(NewFile::text(&format!("content/articles/{slug}.md"), &text))
}

/// The skeleton of a new survey called `name`: every key to fill in, commented, and no
/// figure (the build lists the values to give).
pub fn survey(name: &str, language: Locale) -> Result<NewFile, Diagnostics> {
    let slug = file_slug(name, "a survey")?;
    let template = match language {
        Locale::Fr => include_str!("skeleton/fr.yaml"),
        Locale::En => include_str!("skeleton/en.yaml"),
    };
    let text = template.replace("\"{title}\"", &yaml_title(name));
    Ok(NewFile::text(&format!("data/{slug}.yaml"), &text))
}

/// The default theme file `name` (as under `templates/`), to copy into a project.
pub fn ejected(name: &str) -> Result<NewFile, Diagnostics> {
    let name = name.trim().trim_start_matches("templates/");
    match crate::load::theme::default_file(name) {
        Some(bytes) => Ok(NewFile {
            path: Path::new("templates").join(name),
            bytes: bytes.to_vec(),
        }),
        None => {
            let names = crate::load::theme::default_names();
            let refs: Vec<&str> = names.iter().map(String::as_str).collect();
            // `style.css` for `assets/style.css`: the same file name in a folder.
            let in_folder = refs
                .iter()
                .find(|n| n.rsplit('/').next() == Some(name))
                .map(|n| n.to_string());
            let hint =
                match in_folder.or_else(|| crate::text::closest(name, &refs).map(str::to_string)) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("the default theme's files: {}", names.join(", ")),
                };
            Err(Diagnostic::error(format!(
                "no default theme file `{}`",
                crate::diagnostics::visible(name)
            ))
            .with_hint(hint)
            .into())
        }
    }
}
