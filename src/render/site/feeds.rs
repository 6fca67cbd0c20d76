//! Files for machines: `robots.txt`, `sitemap.xml` and the Atom feed `feed.xml`, with
//! absolute URLs built from `base_url` and dates from the content (never the clock).

use crate::commentary::Body;
use crate::render::site::pages::Page;
use crate::resolve::Resolved;
use crate::text::escape as escape_xml;

/// `robots.txt`: everything may be crawled; the sitemap's address.
pub fn robots(r: &Resolved) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
        r.config.base_url
    )
}

/// `sitemap.xml`: every page but the 404 page, with its last-modified date.
pub fn sitemap(r: &Resolved, pages: &[Page]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for page in pages.iter().filter(|p| !p.absolute_links) {
        out.push_str("  <url>\n");
        out.push_str(&format!(
            "    <loc>{}</loc>\n",
            escape_xml(&format!("{}{}", r.config.base_url, page.url_path()))
        ));
        if let Some(date) = &page.lastmod {
            out.push_str(&format!("    <lastmod>{}</lastmod>\n", escape_xml(date)));
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// Entries in the feed: the newest articles.
pub const FEED_ENTRIES: usize = 20;

/// `feed.xml`: an Atom feed of the [`FEED_ENTRIES`] newest articles.
pub fn atom(r: &Resolved, bodies: &[Body]) -> String {
    let base = &r.config.base_url;
    // The newest article's day; without articles, the latest survey's publication (or
    // fieldwork's end); without either, the start of Unix time (Atom requires a date,
    // and a build's own clock would make the bytes change from run to run).
    let latest_survey = r
        .surveys
        .values()
        .map(|s| s.published.as_ref().map_or(&s.fieldwork.end, |d| &d.iso))
        .max();
    let updated = r
        .articles
        .first()
        .map(|a| a.date.clone())
        .or_else(|| latest_survey.cloned())
        .unwrap_or_else(|| "1970-01-01".to_string());
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape_xml(&r.config.language)
    ));
    out.push_str(&format!(
        "  <title>{}</title>\n",
        escape_xml(&r.config.title)
    ));
    if !r.config.description.is_empty() {
        out.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            escape_xml(&r.config.description)
        ));
    }
    out.push_str(&format!("  <id>{}</id>\n", escape_xml(base)));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape_xml(base)
    ));
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}feed.xml\"/>\n",
        escape_xml(base)
    ));
    out.push_str(&format!("  <updated>{updated}T00:00:00Z</updated>\n"));
    out.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape_xml(&r.config.organisation)
    ));
    for (a, body) in r.articles.iter().zip(bodies).take(FEED_ENTRIES) {
        let url = format!("{base}{}/", a.slug);
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <title>{}</title>\n", escape_xml(&a.title)));
        out.push_str(&format!("    <id>{}</id>\n", escape_xml(&url)));
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape_xml(&url)
        ));
        // The moment of an embargo when there is one, else the day.
        let when = a
            .published_at
            .clone()
            .unwrap_or_else(|| format!("{}T00:00:00Z", a.date));
        out.push_str(&format!("    <published>{when}</published>\n"));
        out.push_str(&format!("    <updated>{when}</updated>\n"));
        out.push_str(&format!(
            "    <author><name>{}</name></author>\n",
            escape_xml(&a.author)
        ));
        for t in &a.tags {
            out.push_str(&format!(
                "    <category term=\"{}\" label=\"{}\"/>\n",
                escape_xml(&t.slug),
                escape_xml(&t.name)
            ));
        }
        out.push_str(&format!(
            "    <summary>{}</summary>\n",
            escape_xml(&a.summary)
        ));
        out.push_str(&format!(
            "    <content type=\"html\" xml:base=\"{}\">{}</content>\n",
            escape_xml(&url),
            escape_xml(&body.html)
        ));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}
