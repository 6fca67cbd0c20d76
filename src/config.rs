//! Site configuration: `site.yaml` checked and turned into the settings every stage uses
//! (language, base URL and the sub-path the site is served from).

use std::path::Path;

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::locale::Locale;
use crate::model::SiteFile;

/// The site settings, checked.
#[derive(Debug, Clone, Serialize)]
pub struct SiteConfig {
    /// Site title.
    pub title: String,
    /// Absolute base URL, always ending with `/`.
    pub base_url: String,
    /// The path part of the base URL (`/` or `/barometre/`), used for links.
    pub base_path: String,
    /// Output language.
    pub locale: Locale,
    /// Language tag, e.g. `fr`.
    pub language: String,
    /// Publishing organisation.
    pub organisation: String,
    /// Default author.
    pub author: String,
    /// Site description.
    pub description: String,
}

/// Check `site.yaml` (at `rel`) and derive the settings.
pub fn site_config(file: &SiteFile, rel: &Path) -> Result<SiteConfig, Diagnostics> {
    let mut diags = Diagnostics::new();
    let locale = match &file.language {
        None => Locale::Fr,
        Some(lang) => Locale::from_tag(&lang.value).unwrap_or_else(|| {
            diags.push(
                Diagnostic::error(format!(
                    "unsupported language `{}` (fr and en are supported)",
                    lang.value
                ))
                .in_file(rel)
                .at(lang.pos)
                .spanning(lang.len)
                .with_hint("set `language: fr` or `language: en`"),
            );
            Locale::Fr
        }),
    };
    let base_url = file.base_url.value.trim().to_string();
    let base_path = match split_url(&base_url) {
        Some(path) => path,
        None => {
            let d = Diagnostic::error(format!(
                "invalid base_url `{base_url}` (expected an absolute http or https URL)"
            ))
            .with_hint("write the public address of the site, e.g. https://example.org/barometre/");
            // A base URL given with --base-url has no place in site.yaml.
            diags.push(if file.base_url.pos.line > 0 {
                d.in_file(rel)
                    .at(file.base_url.pos)
                    .spanning(file.base_url.len)
            } else {
                Diagnostic {
                    message: format!("{} (given with --base-url)", d.message),
                    ..d
                }
            });
            "/".to_string()
        }
    };
    diags.into_result()?;
    let base_url = if base_url.ends_with('/') {
        base_url
    } else {
        format!("{base_url}/")
    };
    Ok(SiteConfig {
        title: locale.typography(&file.title),
        base_url,
        base_path,
        locale,
        language: locale.tag().to_string(),
        organisation: crate::locale::without_controls(&file.organisation).into_owned(),
        author: crate::locale::without_controls(
            file.author.as_deref().unwrap_or(&file.organisation),
        )
        .into_owned(),
        description: locale.typography(file.description.as_deref().unwrap_or("")),
    })
}

/// The path of an absolute http(s) URL, normalised to start and end with `/`.
fn split_url(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    if host.is_empty() || host.contains(char::is_whitespace) || url.contains(['?', '#']) {
        return None;
    }
    let path = path.trim_end_matches('/');
    Some(format!("{path}/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_from_url() {
        assert_eq!(split_url("https://example.org").as_deref(), Some("/"));
        assert_eq!(split_url("https://example.org/").as_deref(), Some("/"));
        assert_eq!(
            split_url("https://example.org/baro").as_deref(),
            Some("/baro/")
        );
        assert_eq!(split_url("http://h/a/b/").as_deref(), Some("/a/b/"));
        assert_eq!(split_url("example.org"), None);
        assert_eq!(split_url("https:///x"), None);
    }
}
