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
mod evolution;
mod fragments;
mod helpers;
mod lookup;
mod markdown;
mod source;

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
    /// What the articles' sources warn about (percentages typed by hand).
    pub warnings: Diagnostics,
    /// The body of each standalone page, in the order of `Resolved::pages`: Markdown
    /// only (no helpers: figures belong in articles), sanitised.
    pub pages: Vec<Body>,
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
    // Articles held back are checked too, against the surveys held back with them.
    let mut surveys = resolved.surveys.clone();
    surveys.extend(
        resolved
            .embargoed
            .iter()
            .map(|(k, v)| (k.clone(), v.clone())),
    );
    let data = Arc::new(HelperData {
        surveys,
        quotes: resolved.quotes.clone(),
        locale: resolved.config.locale,
        ui: resolved.ui.clone(),
        requests: Mutex::default(),
        charts,
        embargoed: resolved.embargoed.keys().cloned().collect(),
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
    let mut published = vec![false; project.articles.len()];
    for a in &resolved.articles {
        published[a.doc] = true;
    }
    let results: Vec<(Result<Body, Diagnostics>, Diagnostics)> = project
        .articles
        .par_iter()
        .enumerate()
        .map(|(i, doc)| {
            let text = project.sources.get(&doc.path).unwrap_or_default();
            let warnings = typed_percentages(doc, text, resolved);
            (article(env, doc, resolved, published[i]), warnings)
        })
        .collect();
    let mut diags = Diagnostics::new();
    let mut warnings = Diagnostics::new();
    let mut bodies: Vec<Body> = Vec::with_capacity(results.len());
    for (result, warned) in results {
        warnings.extend(warned);
        match result {
            Ok(body) => bodies.push(body),
            Err(d) => {
                diags.extend(d);
                bodies.push(Body::default());
            }
        }
    }
    if diags.has_errors() {
        diags.extend(warnings);
        return Err(diags);
    }
    let published = resolved
        .articles
        .iter()
        .map(|a| std::mem::take(&mut bodies[a.doc]))
        .collect();
    let charts = std::mem::take(&mut *helpers.0.requests.lock().unwrap_or_else(|e| e.into_inner()));
    let pages = resolved
        .pages
        .iter()
        .map(|p| {
            let (html, text) =
                markdown::markdown_to_html(&project.pages[p.doc].body, resolved.config.locale);
            Body {
                html: markdown::sanitize(&html),
                text,
            }
        })
        .collect();
    Ok(Commentary {
        bodies: published,
        charts,
        warnings,
        pages,
    })
}

/// Warnings for the percentages typed by hand in `doc`'s body, title and summary (its
/// file's text is `source_text`), each with the helper call that gives the same figure.
fn typed_percentages(doc: &ArticleDoc, source_text: &str, resolved: &Resolved) -> Diagnostics {
    let own = doc.front.survey.as_ref().map(|s| s.value.as_str());
    let mut surveys: Vec<&crate::resolve::RSurvey> = resolved.surveys.values().collect();
    surveys.sort_by_key(|s| own != Some(s.id.as_str()));
    let mut out = Diagnostics::new();
    let mut warn = |text: &str, typed: source::Typed, at: Position, plain: bool| {
        let written = &text[typed.range.clone()];
        let calls = source::calls_giving(typed.value, &surveys, own);
        let shares = source::shares_giving(typed.value, &surveys);
        let mut d = source::typed_warning(written, &calls, &shares);
        if plain {
            // The title and summary are plain text: no helper runs there.
            d.hint = Some(match calls.first() {
                Some(call) => format!(
                    "a title or summary takes no helper: keep this figure equal to \
                     {{{{ {call} }}}} when the data change"
                ),
                None => "no published value is this figure: check it for a typo or a figure \
                         from another edition"
                    .to_string(),
            });
        }
        out.push(
            d.in_file(&doc.path)
                .at(at)
                .spanning(written.chars().count()),
        );
    };
    // The title and the summary, shown on the home page, in meta tags and on the
    // social image: one line each in the front matter, which starts at line 2.
    let front = doc.body_line.saturating_sub(3);
    let mut inside = false;
    for (i, line) in source_text.lines().skip(1).take(front).enumerate() {
        // The key's line, then the indented lines of a folded value (`summary: >-`).
        let value = match ["title:", "summary:"]
            .iter()
            .find_map(|k| line.strip_prefix(k))
        {
            Some(value) => value,
            None if inside && line.starts_with([' ', '\t']) => line,
            None => {
                inside = false;
                continue;
            }
        };
        inside = true;
        let offset = line.len() - value.len();
        for typed in source::typed_percentages(value) {
            let column = line[..offset + typed.range.start].chars().count() + 1;
            warn(value, typed, Position::new(i + 2, column), true);
        }
    }
    for typed in source::typed_percentages(&doc.body) {
        let at = body_position(doc, typed.range.start);
        warn(&doc.body, typed, at, false);
    }
    out
}

/// The body of one article.
fn article(
    env: &Environment<'static>,
    doc: &ArticleDoc,
    resolved: &Resolved,
    published: bool,
) -> Result<Body, Diagnostics> {
    let f = &doc.front;
    let ctx = context! {
        survey_id => f.survey.as_ref().map(|s| s.value.clone()),
        // Whether this article is published now: a published one may not read a
        // survey under embargo.
        article_published => published,
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
    let mut errors = inline_blocks(doc);
    // A template error stops the render: the tag it is in is blanked (its bytes become
    // spaces, so offsets hold) and the body rendered again, to find the next one.
    let mut body = doc.body.clone();
    let (text, spans, fragments) = loop {
        let template = match env.template_from_named_str(&name, &body) {
            Ok(t) => t,
            Err(e) => {
                errors.extend(template_error(&e, doc));
                return Err(errors);
            }
        };
        begin_collecting();
        let rendered = template.render_with_spans(ctx.clone());
        let fragments = finish_collecting();
        match rendered {
            Ok((text, spans)) => break (text, spans, fragments),
            Err(e) => {
                errors.extend(template_error(&e, doc));
                let blanked = e.range().and_then(|r| blank_tag(&mut body, r));
                if blanked.is_none() || errors.0.len() >= MAX_ERRORS {
                    return Err(errors);
                }
            }
        }
    };
    errors.extend(fragment_errors(&fragments, &text, &spans, doc));
    errors.into_result()?;
    let (html, plain) = markdown_to_html(&text, locale);
    let clean = sanitize(&html);
    Ok((splice(&clean, &fragments), plain))
}

/// Most errors reported for one article.
const MAX_ERRORS: usize = 20;

/// Blank, in `body`, the tag holding byte range `r` (spaces for its bytes, newlines
/// kept); `None` if no tag holds it.
fn blank_tag(body: &mut String, r: Range<usize>) -> Option<()> {
    let tag = source::tags(body)
        .into_iter()
        .find(|t| t.start <= r.start && r.end <= t.end)?;
    let blank: String = body[tag.clone()]
        .chars()
        .map(|c| {
            if c == '\n' {
                "\n".to_string()
            } else {
                " ".repeat(c.len_utf8())
            }
        })
        .collect();
    body.replace_range(tag, &blank);
    Some(())
}

/// Errors for block helpers written inside a sentence.
fn inline_blocks(doc: &ArticleDoc) -> Diagnostics {
    let mut out = Diagnostics::new();
    for (offset, name) in source::blocks_inline(&doc.body) {
        out.push(
            Diagnostic::error(format!(
                "block helper `{name}` inside a sentence (it makes a block, which cannot sit in a paragraph)"
            ))
            .in_file(&doc.path)
            .at(body_position(doc, offset))
            .spanning(name.chars().count() + 3)
            .with_hint(format!(
                "put {{{{ {name}(…) }}}} on a line of its own, with a blank line before and after"
            )),
        );
    }
    out
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
    let (message, hint) = helper_error(e, &doc.body).unwrap_or_else(|| {
        crate::templating::describe_template_error(
            e,
            Some(&doc.body),
            "`barograph help commentary`",
        )
    });
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

/// Our words for an unknown helper or keyword, with the closest known name.
fn helper_error(e: &minijinja::Error, body: &str) -> Option<(String, String)> {
    let detail = e.detail().unwrap_or("");
    if e.kind() == minijinja::ErrorKind::UnknownFunction {
        let name = detail.strip_suffix(" is unknown").unwrap_or(detail);
        let names = source::names();
        let hint = match crate::text::closest(name, &names) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!(
                "the helpers are {}; see `barograph help commentary`",
                names.join(", ")
            ),
        };
        return Some((format!("unknown helper `{name}`"), hint));
    }
    let key = detail
        .strip_prefix("unknown keyword argument '")?
        .strip_suffix('\'')?;
    let call = e.range().and_then(|r| body.get(r))?;
    let helper = call
        .trim_start_matches(['{', '-', ' '])
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .next()?;
    let known = source::keywords(helper)?;
    let hint = match crate::text::closest(key, known) {
        Some(best) => format!("did you mean `{best}=`?"),
        None if known.is_empty() => format!("`{helper}` takes no keywords"),
        None => format!(
            "`{helper}` takes {}",
            known
                .iter()
                .map(|k| format!("`{k}=`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Some((format!("unknown keyword `{key}` for `{helper}`"), hint))
}
