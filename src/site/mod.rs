//! Site: the minijinja environment and the HTML pages rendered with it.
//!
//! One environment per build holds the theme's templates (autoescaped, strict
//! undefined, fuel-limited), the formatting filters and the commentary helpers. Pages are
//! described as [`Page`]s (template, output path, context) and rendered to in-memory
//! [`OutputFile`]s; nothing here touches the disk.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use minijinja::value::{Serde, Value};
use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior, context};

use crate::commentary::HelperData;
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::locale::Locale;
use crate::output::OutputFile;
use crate::resolve::{RSurvey, Resolved};

pub mod charts;
pub mod export;
pub mod feeds;
pub mod pages;

use crate::load::theme::Theme;
pub use pages::{Page, pages};

/// Template instructions allowed per render: stops runaway loops in a template.
pub const TEMPLATE_FUEL: u64 = 50_000_000;

/// Words naming a minijinja error kind, for messages.
pub fn kind_words(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::UndefinedError => "undefined value",
        ErrorKind::SyntaxError => "template syntax error",
        ErrorKind::UnknownFunction => "unknown function",
        ErrorKind::UnknownFilter => "unknown filter",
        ErrorKind::UnknownTest => "unknown test",
        ErrorKind::TemplateNotFound => "template not found",
        ErrorKind::InvalidOperation => "invalid reference",
        ErrorKind::OutOfFuel => "template ran too long",
        ErrorKind::MissingArgument | ErrorKind::TooManyArguments => "wrong arguments",
        _ => "template error",
    }
}

/// The UI strings of `locale`: the embedded defaults with the project's file over them.
pub fn ui_strings(theme: &Theme, locale: Locale) -> Result<BTreeMap<String, String>, Diagnostics> {
    let lang = locale.tag();
    let defaults = Theme::defaults();
    let base = defaults.locales.get(lang).expect("embedded locale exists");
    let mut strings: BTreeMap<String, String> = crate::load::parse_yaml(
        Path::new(&format!("templates/locales/{lang}.yaml")),
        &base.source,
    )?;
    if let Some(file) = theme.locales.get(lang).filter(|f| f.path.is_some()) {
        let path = file.display_path(&format!("locales/{lang}.yaml"));
        let over: BTreeMap<String, String> = crate::load::parse_yaml(&path, &file.source)?;
        strings.extend(over);
    }
    Ok(strings
        .into_iter()
        .map(|(k, v)| (k, locale.typography(&v)))
        .collect())
}

/// Build the environment: theme templates, filters and commentary helpers.
pub fn environment(
    theme: &Theme,
    resolved: &Resolved,
) -> Result<Environment<'static>, Diagnostics> {
    environment_with_helpers(theme, resolved).map(|(env, _)| env)
}

/// [`environment`], and the data its commentary helpers share (to read what they drew).
pub fn environment_with_helpers(
    theme: &Theme,
    resolved: &Resolved,
) -> Result<(Environment<'static>, Arc<HelperData>), Diagnostics> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(TEMPLATE_FUEL));
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
            .expect("default delimiters are valid"),
    );
    env.set_formatter(|out, state, value| {
        if value.is_none() {
            Ok(())
        } else if matches!(state.auto_escape(), AutoEscape::Html) && !value.is_safe() {
            out.write_str(&crate::text::escape(&value.to_string()))?;
            Ok(())
        } else {
            minijinja::escape_formatter(out, state, value)
        }
    });
    env.set_auto_escape_callback(|name| {
        let html = [".html", ".md", ".markdown", ".xml", ".svg"]
            .iter()
            .any(|e| name.ends_with(e));
        if html {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    let mut diags = Diagnostics::new();
    for (name, file) in &theme.templates {
        if !name.ends_with(".html") && !name.ends_with(".xml") {
            continue;
        }
        if let Err(e) = env.add_template_owned(name.clone(), file.source.clone()) {
            diags.push(template_diagnostic(&e, theme));
        }
    }
    diags.into_result()?;
    let locale = resolved.config.locale;
    env.add_filter("pct", move |v: f64| locale.percent(v));
    env.add_filter("num", move |v: f64| locale.number(v));
    env.add_filter("date", move |v: String| {
        crate::model::parse_day(&v)
            .map(|d| locale.date(d))
            .unwrap_or(v)
    });
    env.add_filter("typo", move |v: String| locale.typography(&v));
    env.add_filter("ucfirst", |v: String| {
        let mut chars = v.chars();
        chars
            .next()
            .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
    });
    let helpers = Arc::new(HelperData {
        surveys: resolved.surveys.clone(),
        quotes: resolved.quotes.clone(),
        locale,
        ui: resolved.ui.clone(),
        charts: Default::default(),
    });
    crate::commentary::register(&mut env, helpers.clone());
    Ok((env, helpers))
}

/// Message and hint for a minijinja error; `source` is the template's text.
pub fn describe_template_error(
    e: &minijinja::Error,
    source: Option<&str>,
    docs: &str,
) -> (String, String) {
    let detail = e.detail().unwrap_or("").to_string();
    if let Some((message, hint)) = detail.split_once("\nhint: ") {
        return (message.to_string(), hint.to_string());
    }
    let expr = e
        .range()
        .and_then(|r| source.and_then(|s| s.get(r)))
        .map(str::trim);
    let message = match (e.kind(), expr) {
        (ErrorKind::UndefinedError, Some(expr)) => format!(
            "undefined value `{expr}` (strict mode: every variable and attribute must exist)"
        ),
        (kind, Some(expr)) if detail.is_empty() => format!("{} in `{expr}`", kind_words(kind)),
        (kind, _) if detail.is_empty() => kind_words(kind).to_string(),
        (kind, _) => format!("{} ({detail})", kind_words(kind)),
    };
    let hint = match e.kind() {
        ErrorKind::UndefinedError => {
            format!("check the spelling; {docs} lists the variables available")
        }
        ErrorKind::SyntaxError => {
            "check the {{ … }} and {% … %} delimiters around this position".to_string()
        }
        ErrorKind::OutOfFuel => {
            "the template loops too long: look for a runaway loop or recursion".to_string()
        }
        _ => format!("see {docs}"),
    };
    (message, hint)
}

/// A template error as a diagnostic at `templates/<name>:line:col`.
pub fn template_diagnostic(e: &minijinja::Error, theme: &Theme) -> Diagnostic {
    let name = e.name().unwrap_or("");
    let source = theme.template(name).map(|f| f.source.as_str());
    located_template_error(e, source)
}

/// A template error at `templates/<name>:line:col`, given the template's source. A
/// project overriding a template puts it at the same path, so the path is the same.
pub fn located_template_error(e: &minijinja::Error, source: Option<&str>) -> Diagnostic {
    let name = e.name().unwrap_or("");
    let file = PathBuf::from("templates").join(name);
    let (message, hint) = describe_template_error(e, source, "docs/templates.md");
    let mut d = Diagnostic::error(message).in_file(file);
    d = match (e.range(), source, e.line()) {
        (Some(r), Some(src), _) => d
            .at(Position::of_offset(src, r.start))
            .spanning(src.get(r).map_or(1, |s| s.chars().count())),
        (_, _, Some(line)) => d.at_line_col(line, 1),
        _ => d,
    };
    d.with_hint(hint)
}

/// Render pages with the environment.
pub fn render_pages(
    env: &Environment<'static>,
    theme: &Theme,
    resolved: &Resolved,
    pages: &[Page],
) -> Result<Vec<OutputFile>, Diagnostics> {
    use rayon::prelude::*;
    let related = pages::Related::of_site(resolved);
    let rendered: Vec<Result<String, minijinja::Error>> = pages
        .par_iter()
        .map(|page| {
            env.get_template(page.template)
                .and_then(|t| t.render(page_context(resolved, &related, page)))
        })
        .collect();
    let mut diags = Diagnostics::new();
    let mut files = Vec::new();
    for (page, result) in pages.iter().zip(rendered) {
        match result {
            Ok(html) => files.push(OutputFile::new(page.path.clone(), html.into_bytes())),
            Err(e) => diags.push(template_diagnostic(&e, theme)),
        }
    }
    diags.sort();
    diags.into_result()?;
    Ok(files)
}

/// The context of a page: `site`, `ui`, `page` (metadata) and the page's own variables.
fn page_context(r: &Resolved, related: &pages::Related, page: &Page) -> Value {
    let base = &r.config.base_url;
    let image = page.image.clone().or_else(|| pages::latest_image(r));
    context! {
        site => Serde(&r.config),
        ui => Serde(&r.ui),
        page => context! {
            title => page.title.clone(),
            description => page.description.clone(),
            root => page.root(&r.config.base_path),
            url => format!("{base}{}", page.url_path()),
            path => page.url_path(),
            og_type => page.og_type,
            image => image.map(|i| format!("{base}{i}")),
            json_ld => page.json_ld.as_ref().map(|j| Value::from_safe_string(crate::text::json_for_script(j))),
            breadcrumbs => Serde(&page.breadcrumbs),
            section => page.section,
        },
        ..pages::own_context(r, related, &page.content)
    }
}

/// The charts of a survey page: `questions[]` and `breakdowns[]`.
pub fn survey_charts(r: &Resolved, s: &RSurvey) -> Value {
    let (questions, breakdowns) = charts::survey_charts(r, s);
    context! { questions => Serde(questions), breakdowns => Serde(breakdowns) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_ui_strings_exist_in_both_languages() {
        let theme = Theme::defaults();
        let fr = ui_strings(&theme, Locale::Fr).unwrap();
        let en = ui_strings(&theme, Locale::En).unwrap();
        assert_eq!(
            fr.keys().collect::<Vec<_>>(),
            en.keys().collect::<Vec<_>>(),
            "fr and en locale files must define the same keys"
        );
    }
}
