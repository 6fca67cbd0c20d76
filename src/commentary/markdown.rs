//! Markdown: the text the template pass produced becomes HTML, with the language's
//! typography on every text node; ammonia sanitises it, so raw HTML in the commentary
//! cannot inject scripts; then the helpers' trusted blocks are spliced in.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::fragments::{Fragment, marker};
use crate::locale::Locale;

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
pub(super) fn splice(html: &str, fragments: &[Fragment]) -> String {
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
#[cfg(test)]
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
