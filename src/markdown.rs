//! Markdown commentary: template pass, Markdown, sanitising, then trusted blocks.
//!
//! An article body is first rendered as a minijinja template (strict undefined), where
//! the [`crate::commentary`] helpers reach the data. The result is parsed by
//! pulldown-cmark, with the language's typography applied to every text node, and the
//! HTML is sanitised by ammonia, so raw HTML in the commentary cannot inject scripts.
//! Only then are the helpers' trusted blocks (quotes, lists, charts) spliced in.

use std::ops::Range;

use minijinja::{Environment, OutputSpan, Value, context};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::commentary::{Fragment, begin_collecting, finish_collecting, marker};
use crate::diagnostics::{Diagnostic, Diagnostics, Position, display_path};
use crate::load::Project;
use crate::locale::Locale;
use crate::model::ArticleDoc;
use crate::resolve::{RArticle, RTag, Resolved};
use crate::text::slugify;

/// Charts drawn by the commentary: (survey, question, kind).
pub type ChartRequests = std::collections::BTreeSet<(String, String, crate::model::ChartKind)>;

/// Render the commentary of every article; drafts are checked but left out. Also returns
/// the charts the articles drew.
pub fn render_articles(
    project: &Project,
    resolved: &Resolved,
) -> Result<(Vec<RArticle>, ChartRequests), Diagnostics> {
    use rayon::prelude::*;
    let (env, helpers) = crate::site::environment_with_helpers(&project.theme, resolved)?;
    // Each article renders on one thread from start to end (the helpers' collector is
    // per thread); results keep the articles' order.
    let results: Vec<Result<RArticle, Diagnostics>> = project
        .articles
        .par_iter()
        .map(|doc| article(&env, doc, resolved))
        .collect();
    let mut diags = Diagnostics::new();
    let mut out = Vec::new();
    for (doc, result) in project.articles.iter().zip(results) {
        match result {
            Ok(a) if !doc.front.draft => out.push(a),
            Ok(_) => {}
            Err(d) => diags.extend(d),
        }
    }
    diags.into_result()?;
    let charts = std::mem::take(&mut *helpers.charts.lock().unwrap_or_else(|e| e.into_inner()));
    Ok((out, charts))
}

fn article(
    env: &Environment<'static>,
    doc: &ArticleDoc,
    resolved: &Resolved,
) -> Result<RArticle, Diagnostics> {
    let locale = resolved.config.locale;
    let f = &doc.front;
    let ctx = context! {
        survey_id => f.survey.as_ref().map(|s| s.value.clone()),
        survey => f.survey.as_ref().and_then(|s| resolved.surveys.get(&s.value)).map(minijinja::value::Serde),
        site => minijinja::value::Serde(&resolved.config),
        ui => minijinja::value::Serde(&resolved.ui),
    };
    let (body_html, body_text) = render_commentary(env, doc, ctx, locale)?;
    let mut tags: Vec<RTag> = f
        .tags
        .iter()
        .map(|t| RTag {
            name: locale.typography(&t.value),
            slug: tag_slug(&t.value),
        })
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    tags.retain(|t| seen.insert(t.slug.clone()));
    Ok(RArticle {
        source: display_path(&doc.path),
        title: locale.typography(&f.title),
        slug: f.slug.value.clone(),
        date: f.date.value.0.to_string(),
        date_text: locale.date(f.date.value.0),
        author: f.author.as_deref().map_or_else(
            || resolved.config.author.clone(),
            |a| crate::locale::without_controls(a).into_owned(),
        ),
        tags,
        survey: f.survey.as_ref().map(|s| s.value.clone()),
        summary: locale.typography(f.summary.trim()),
        body_html,
        body_text,
    })
}

/// The address of a tag (validation refuses a tag without letters or digits; `tag`
/// stands in for one all the same).
pub fn tag_slug(name: &str) -> String {
    match slugify(name) {
        s if s.is_empty() => "tag".to_string(),
        s => s,
    }
}

/// Render one article body to sanitised HTML and plain text.
pub fn render_commentary(
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
        crate::site::describe_template_error(e, Some(&doc.body), "docs/commentary.md");
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

/// Markdown to HTML, with typography on text nodes. Returns the HTML and the plain text.
pub fn markdown_to_html(text: &str, locale: Locale) -> (String, String) {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION;
    let mut plain = String::new();
    let mut in_code = false;
    let events: Vec<Event> = coalesce_text(Parser::new_ext(text, options))
        .into_iter()
        .map(|event| match event {
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                event
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                event
            }
            Event::Text(t) if !in_code => {
                let t = locale.typography(&t);
                plain.push_str(&t);
                Event::Text(t.into())
            }
            Event::SoftBreak | Event::HardBreak => {
                plain.push(' ');
                event
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => {
                plain.push('\n');
                event
            }
            other => other,
        })
        .collect();
    let mut html = String::with_capacity(text.len() * 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    (html, plain.trim().to_string())
}

/// Merge adjacent text events, so typography sees `“quoted”` as one run of text.
fn coalesce_text<'a>(events: impl Iterator<Item = Event<'a>>) -> Vec<Event<'a>> {
    let mut out: Vec<Event<'a>> = Vec::new();
    for event in events {
        match (out.last_mut(), event) {
            (Some(Event::Text(prev)), Event::Text(next)) => {
                *prev = format!("{prev}{next}").into();
            }
            (_, event) => out.push(event),
        }
    }
    out
}

/// Sanitise commentary HTML: no scripts, event handlers, `javascript:` or `data:` URLs.
pub fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes(["class"])
        .add_tags(["figure", "figcaption"])
        .url_schemes(["http", "https", "mailto", "tel"].into())
        .link_rel(Some("noopener noreferrer"))
        .clean(html)
        .to_string()
        // html5ever writes U+00A0 as an entity; keep the character, like the templates do.
        .replace("&nbsp;", "\u{a0}")
}

/// Replace the helpers' markers with their HTML; a block alone in a paragraph replaces
/// the paragraph.
fn splice(html: &str, fragments: &[Fragment]) -> String {
    let mut out = html.to_string();
    for (i, f) in fragments.iter().enumerate().rev() {
        let Fragment::Html(block) = f else { continue };
        let m = marker(i);
        let alone = format!("<p>{m}</p>");
        out = out.replace(&alone, block.trim()).replace(&m, block.trim());
    }
    out
}

/// Used by tests and tools: render a Markdown string with no template pass.
pub fn render_plain_markdown(text: &str, locale: Locale) -> String {
    sanitize(&markdown_to_html(text, locale).0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_javascript_urls_do_not_survive() {
        let html = render_plain_markdown(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) [y](data:text/html,hi)",
            Locale::Fr,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("data:"), "{html}");
    }

    #[test]
    fn french_quotes_get_their_spaces() {
        let html = render_plain_markdown("Il a dit \"oui\".", Locale::Fr);
        assert!(html.contains("«\u{a0}oui\u{a0}»"), "{html}");
    }

    #[test]
    fn typography_applies_to_text_not_code() {
        let html = render_plain_markdown("Bilan : 72% et `a : b`", Locale::Fr);
        assert!(html.contains("Bilan\u{a0}: 72\u{202f}%"), "{html}");
        assert!(html.contains("<code>a : b</code>"), "{html}");
    }

    #[test]
    fn splice_replaces_lone_paragraphs_with_blocks() {
        let frags = vec![Fragment::Html("<figure>Q</figure>".into())];
        let html = format!("<p>{}</p>\n<p>a {} b</p>", marker(0), marker(0));
        let out = splice(&html, &frags);
        assert_eq!(out, "<figure>Q</figure>\n<p>a <figure>Q</figure> b</p>");
    }
}
