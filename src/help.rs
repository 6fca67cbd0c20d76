//! The user documentation, embedded in the binary: `barograph help TOPIC` prints a page
//! of `docs/` (the hints of error messages name these topics), so a binary installed
//! without the repository still explains itself.

/// Every topic: its name (the page's file name without `.md`), a one-line summary, and
/// the page.
pub const TOPICS: &[(&str, &str, &str)] = &[
    (
        "site",
        "site.yaml: the site's settings",
        include_str!("../docs/site.md"),
    ),
    (
        "data-format",
        "data/*.yaml: a survey, its results, sample and method",
        include_str!("../docs/data-format.md"),
    ),
    (
        "content-format",
        "content/: articles, pages, quotations",
        include_str!("../docs/content-format.md"),
    ),
    (
        "commentary",
        "the helpers an article pulls its figures, charts and quotes with",
        include_str!("../docs/commentary.md"),
    ),
    (
        "templates",
        "the theme: templates, their variables, overriding and ejecting a file",
        include_str!("../docs/templates.md"),
    ),
    (
        "website",
        "what the site holds: pages, downloads, press kits, embeds",
        include_str!("../docs/website.md"),
    ),
    (
        "infographic",
        "the infographic PDF and its template",
        include_str!("../docs/infographic.md"),
    ),
    (
        "builds",
        "how builds, the cache, serve and watch work",
        include_str!("../docs/builds.md"),
    ),
];

/// The page of `topic` (`data-format`, or `docs/data-format.md` as hints once wrote).
pub fn topic(topic: &str) -> Option<&'static str> {
    let name = topic
        .trim()
        .trim_start_matches("docs/")
        .trim_end_matches(".md");
    TOPICS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, _, page)| *page)
}

/// The topic closest to `topic` (a typo), if one is close.
pub fn closest(topic: &str) -> Option<&'static str> {
    let names: Vec<&str> = TOPICS.iter().map(|(n, _, _)| *n).collect();
    crate::text::closest(topic, &names)
}

/// The list of topics, one per line, for `barograph help` with an unknown topic.
pub fn list() -> String {
    let width = TOPICS.iter().map(|(n, _, _)| n.len()).max().unwrap_or(0);
    TOPICS
        .iter()
        .map(|(name, about, _)| format!("  {name:<width$}  {about}\n"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_topic_a_hint_names_is_embedded() {
        let hints = [
            "site",
            "data-format",
            "infographic",
            "templates",
            "commentary",
        ];
        for h in hints {
            assert!(topic(h).is_some_and(|p| p.starts_with('#')), "{h}");
        }
        assert_eq!(topic("docs/site.md"), topic("site"));
        assert!(topic("architecture").is_none());
        assert!(list().contains("data-format"));
    }
}
