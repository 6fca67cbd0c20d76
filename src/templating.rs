//! Templating: the one minijinja environment of a build, and the errors of its
//! templates, with their positions in the files that hold them.
//!
//! The environment holds the theme's templates (HTML autoescaped, strict undefined,
//! fuel-limited), the formatting filters (`pct`, `num`, `date`, `typo`, `ucfirst`) and
//! the site's `embed_code` filter.
//! It is built once per build and passed to the stages that render with it: the
//! commentary adds its helpers (`commentary::register`), then renders the
//! articles; the site renders the pages.

use std::path::PathBuf;

use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior};

use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::load::theme::Theme;
use crate::locale::Locale;

/// Template instructions allowed per render: stops runaway loops in a template.
pub const TEMPLATE_FUEL: u64 = 50_000_000;

/// The environment of a build: the theme's HTML and XML templates and the filters of
/// `locale`; an error for each template that does not parse.
pub fn environment(theme: &Theme, locale: Locale) -> Result<Environment<'static>, Diagnostics> {
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
    env.add_filter("pct", move |v: f64| locale.percent(v));
    env.add_filter("num", move |v: f64| locale.number(v));
    env.add_filter("date", move |v: String| {
        crate::model::parse_day(&v)
            .map(|d| locale.date(d))
            .unwrap_or(v)
    });
    env.add_filter("typo", move |v: String| locale.typography(&v));
    env.add_filter("ucfirst", |v: String| crate::text::ucfirst(&v));
    Ok(env)
}

/// Add the filters that need the site's address: `files|embed_code(chart)`, the HTML
/// another site pastes to show a chart (see [`embed_code`]).
pub fn add_site_filters(env: &mut Environment<'static>, base_url: &str) {
    let base = base_url.to_string();
    env.add_filter(
        "embed_code",
        move |files: minijinja::Value,
              chart: minijinja::Value|
              -> Result<String, minijinja::Error> {
            let text = |v: &minijinja::Value, key: &str| -> Result<String, minijinja::Error> {
                Ok(v.get_attr(key)?.to_string())
            };
            let number = |key: &str| -> Result<u32, minijinja::Error> {
                Ok(u32::try_from(chart.get_attr(key)?).unwrap_or(0))
            };
            Ok(embed_code(
                &base,
                &text(&files, "page")?,
                &text(&chart, "title")?,
                (number("width")?, number("height")?),
            ))
        },
    );
}

/// Room the chart page needs around its drawing (title, source, links), in px: the
/// frame's height before the page says its own.
const EMBED_CHROME: u32 = 220;

/// The embed code of the chart page at `page` (from the site root): an iframe sized for
/// the wide drawing, and a listener that sets the frame's height to what the page says
/// (`assets/embed.js` sends it) when the message comes from the site's origin.
pub fn embed_code(base_url: &str, page: &str, title: &str, (width, height): (u32, u32)) -> String {
    let src = crate::text::escape(&format!("{base_url}{page}"));
    let title = crate::text::escape(title);
    let mut code = format!(
        "<iframe src=\"{src}\" title=\"{title}\" width=\"100%\" height=\"{}\" \
         style=\"border:0;max-width:{}px\" loading=\"lazy\"></iframe>",
        height + EMBED_CHROME,
        width + 34
    );
    let origin = url::Url::parse(base_url).map(|u| u.origin().ascii_serialization());
    // A JavaScript string (an origin holds no `<`: it cannot close the script).
    if let Ok(origin) = origin.map(|o| serde_json::to_string(&o).unwrap_or_default()) {
        code.push_str(&format!(
            "\n<script>addEventListener(\"message\",function(e){{var h=e.data&&e.data[\"barograph-height\"];\
             if(e.origin!=={origin}||typeof h!==\"number\")return;\
             document.querySelectorAll(\"iframe\").forEach(function(f){{\
             if(f.contentWindow===e.source)f.style.height=Math.min(Math.max(h,100),5000)+\"px\"}})}})</script>"
        ));
    }
    code
}

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
    let (message, hint) = describe_template_error(e, source, "`barograph help templates`");
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
