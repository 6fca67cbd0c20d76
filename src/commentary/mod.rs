//! Commentary: the stage between resolve and render that writes each article's body.
//!
//! An article body is first rendered as a minijinja template (strict undefined) in the
//! build's one environment ([`crate::templating`]), where the helpers ([`helpers`],
//! [`blocks`]) reach the data. The result is parsed as Markdown with the language's
//! typography and sanitised ([`markdown`]); only then are the helpers' trusted blocks
//! (quotes, lists, charts) spliced in. Helpers record bad references instead of failing
//! ([`fragments`]), so every problem of an article is reported at once, each at the
//! position of its call. Drafts are checked like the others and then left out.

mod blocks;
mod fragments;
mod helpers;
mod lookup;
mod markdown;

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::{Arc, Mutex};

use minijinja::{Environment, OutputSpan, Value, context};
use rayon::prelude::*;

use crate::charts::ChartSet;
use crate::diagnostics::{Diagnostic, Diagnostics, Position, display_path};
use crate::load::Project;
use crate::locale::Locale;
use crate::model::{ArticleDoc, ChartKind};
use crate::resolve::Resolved;

use fragments::{Fragment, begin_collecting, finish_collecting, marker};
use helpers::HelperData;
use markdown::{markdown_to_html, sanitize, splice};

/// Charts drawn by the commentary: (survey, question, kind).
pub type ChartRequests = BTreeSet<(String, String, ChartKind)>;

/// An article's body: sanitised HTML, and plain text (for descriptions and feeds).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Body {
    /// The HTML.
    pub html: String,
    /// The text.
    pub text: String,
}

/// What the commentary made.
#[derive(Debug, Clone, Default)]
pub struct Commentary {
    /// The body of each published article, in the order of `Resolved::articles`.
    pub bodies: Vec<Body>,
    /// The charts the articles drew.
    pub charts: ChartRequests,
}

/// The helpers of a build, registered on its environment by [`register`].
#[derive(Debug, Clone)]
pub struct Helpers(Arc<HelperData>);

/// Register the commentary's helpers on `env`, reading `resolved` and drawing charts
/// through `charts`.
pub fn register(
    env: &mut Environment<'static>,
    resolved: &Resolved,
    charts: Arc<ChartSet>,
) -> Helpers {
    let data = Arc::new(HelperData {
        surveys: resolved.surveys.clone(),
        quotes: resolved.quotes.clone(),
        locale: resolved.config.locale,
        ui: resolved.ui.clone(),
        requests: Mutex::default(),
        charts,
    });
    helpers::register(env, data.clone());
    Helpers(data)
}

/// Write the commentary of every article of `project` with `env`, on which `helpers`
/// were registered: the bodies of the published ones, and the charts they drew.
pub fn write(
    env: &Environment<'static>,
    helpers: &Helpers,
    project: &Project,
    resolved: &Resolved,
) -> Result<Commentary, Diagnostics> {
    // Each article renders on one thread from start to end (the helpers' collector is
    // per thread); results keep the articles' order.
    let results: Vec<Result<Body, Diagnostics>> = project
        .articles
        .par_iter()
        .map(|doc| article(env, doc, resolved))
        .collect();
    let mut diags = Diagnostics::new();
    let mut bodies: Vec<Body> = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(body) => bodies.push(body),
            Err(d) => {
                diags.extend(d);
                bodies.push(Body::default());
            }
        }
    }
    diags.into_result()?;
    let published = resolved
        .articles
        .iter()
        .map(|a| std::mem::take(&mut bodies[a.doc]))
        .collect();
    let charts = std::mem::take(&mut *helpers.0.requests.lock().unwrap_or_else(|e| e.into_inner()));
    Ok(Commentary {
        bodies: published,
        charts,
    })
}

/// The body of one article.
fn article(
    env: &Environment<'static>,
    doc: &ArticleDoc,
    resolved: &Resolved,
) -> Result<Body, Diagnostics> {
    let f = &doc.front;
    let ctx = context! {
        survey_id => f.survey.as_ref().map(|s| s.value.clone()),
        survey => f.survey.as_ref().and_then(|s| resolved.surveys.get(&s.value)).map(minijinja::value::Serde),
        site => minijinja::value::Serde(&resolved.config),
        ui => minijinja::value::Serde(&resolved.ui),
    };
    let (html, text) = render_commentary(env, doc, ctx, resolved.config.locale)?;
    Ok(Body { html, text })
}

/// Render one article body to sanitised HTML and plain text.
pub(crate) fn render_commentary(
    env: &Environment<'static>,
    doc: &ArticleDoc,
    ctx: Value,
    locale: Locale,
) -> Result<(String, String), Diagnostics> {
    let name = display_path(&doc.path);
    let template = env
        .template_from_named_str(&name, &doc.body)
        .map_err(|e| template_error(&e, doc))?;
    begin_collecting();
    let rendered = template.render_with_spans(ctx);
    let fragments = finish_collecting();
    let (text, spans) = rendered.map_err(|e| template_error(&e, doc))?;
    let errors = fragment_errors(&fragments, &text, &spans, doc);
    errors.into_result()?;
    let (html, plain) = markdown_to_html(&text, locale);
    let clean = sanitize(&html);
    Ok((splice(&clean, &fragments), plain))
}

/// Diagnostics for the helpers' recorded errors, each at the position of its call.
fn fragment_errors(
    fragments: &[Fragment],
    output: &str,
    spans: &[OutputSpan],
    doc: &ArticleDoc,
) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for (i, f) in fragments.iter().enumerate() {
        if let Fragment::Located(d) = f {
            diags.push(d.clone());
            continue;
        }
        let Fragment::Error {
            message,
            hint,
            needle,
        } = f
        else {
            continue;
        };
        let at = output.find(&marker(i));
        let span = at.and_then(|o| innermost_span(spans, o));
        let range = span.map(|s| s.source_range()).unwrap_or(0..0);
        let offset = locate_needle(&doc.body, needle, &range).unwrap_or(range.start);
        diags.push(
            Diagnostic::error(message.clone())
                .in_file(&doc.path)
                .at(body_position(doc, offset))
                .spanning(needle.chars().count().max(1))
                .with_hint(hint.clone()),
        );
    }
    diags
}

/// The smallest span whose output contains `offset`.
fn innermost_span(spans: &[OutputSpan], offset: usize) -> Option<&OutputSpan> {
    spans
        .iter()
        .filter(|s| s.output_range().contains(&offset))
        .min_by_key(|s| s.output_range().len())
}

/// The offset of `needle` as a string literal, preferably inside `range`.
fn locate_needle(body: &str, needle: &str, range: &Range<usize>) -> Option<usize> {
    let quoted = [format!("\"{needle}"), format!("'{needle}")];
    let in_range = body.get(range.clone()).and_then(|slice| {
        quoted
            .iter()
            .find_map(|q| slice.find(q.as_str()))
            .map(|o| range.start + o + 1)
    });
    in_range.or_else(|| {
        quoted
            .iter()
            .find_map(|q| body.find(q.as_str()))
            .map(|o| o + 1)
    })
}

/// The file position of byte `offset` of the body.
fn body_position(doc: &ArticleDoc, offset: usize) -> Position {
    let p = Position::of_offset(&doc.body, offset);
    Position::new(p.line + doc.body_line - 1, p.column)
}

/// A minijinja error in an article body as a diagnostic at the file position.
fn template_error(e: &minijinja::Error, doc: &ArticleDoc) -> Diagnostics {
    let (message, hint) =
        crate::templating::describe_template_error(e, Some(&doc.body), "docs/commentary.md");
    let position = match (e.range(), e.line()) {
        (Some(r), _) => body_position(doc, r.start),
        (None, Some(line)) => Position::new(line + doc.body_line - 1, 1),
        (None, None) => Position::new(doc.body_line, 1),
    };
    let length = e
        .range()
        .map_or(1, |r| doc.body.get(r).map_or(1, |s| s.chars().count()));
    Diagnostic::error(message)
        .in_file(&doc.path)
        .at(position)
        .spanning(length)
        .with_hint(hint)
        .into()
}
