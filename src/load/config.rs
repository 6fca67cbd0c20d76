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
    /// The press contact, if any.
    pub press: Option<RPress>,
    /// The brand colour and its shades, when `theme.accent` sets one.
    pub accent: Option<RAccent>,
}

/// The brand colour (`theme.accent`) and the shades the theme derives from it.
#[derive(Debug, Clone, Serialize)]
pub struct RAccent {
    /// As given, `#rrggbb` (4.5:1 at least on white).
    pub hex: String,
    /// For hover: darker.
    pub dark: String,
    /// For tinted backgrounds: mostly white.
    pub soft: String,
    /// For the dark colour scheme: lightened until 4.5:1 on its page.
    pub on_dark: String,
    /// Its hover colour in the dark scheme.
    pub on_dark_hover: String,
    /// Its tinted background in the dark scheme.
    pub on_dark_soft: String,
}

/// The page of the dark colour scheme (`--paper` of `assets/style.css`).
const DARK_PAPER: crate::colour::Rgb = crate::colour::Rgb(0x14, 0x17, 0x1f);

/// WCAG AA for text, which links and the white text on buttons and bars are.
const MIN_ACCENT_CONTRAST: f64 = 4.5;

/// Check `theme.accent`: a `#rrggbb` colour with 4.5:1 against white; its shades.
fn accent(at: &crate::model::At<String>, rel: &Path, diags: &mut Diagnostics) -> Option<RAccent> {
    use crate::colour::{Rgb, WHITE, contrast};
    let here = |d: Diagnostic| d.in_file(rel).at(at.pos).spanning(at.len);
    let Some(colour) = Rgb::parse(&at.value) else {
        let shown: String = at.value.chars().take(40).collect();
        let more = if at.value.chars().count() > 40 {
            "…"
        } else {
            ""
        };
        // `6a1b9a` lacks its `#`, which YAML reads as a comment unless quoted.
        let hint = match Rgb::parse(&format!("#{}", at.value.trim())) {
            Some(c) => format!("write it `\"{}\"`, with its `#` and in quotes", c.hex()),
            None => "write the colour as `#` then six (or three) hexadecimal digits, in quotes"
                .to_string(),
        };
        diags.push(here(
            Diagnostic::error(format!(
                "invalid colour `{}{more}` (expected `#rrggbb` or `#rgb`, e.g. `#0b5cad`)",
                shown.escape_debug()
            ))
            .with_hint(hint),
        ));
        return None;
    };
    let ratio = contrast(colour, WHITE);
    if ratio < MIN_ACCENT_CONTRAST {
        // Rounded down: 4.497 must not read as the 4.50 it fails to reach.
        let ratio = (ratio * 100.0).floor() / 100.0;
        let black = Rgb(0, 0, 0);
        let passing = colour
            .shade_for(black, WHITE, MIN_ACCENT_CONTRAST)
            .unwrap_or(black);
        diags.push(here(
            Diagnostic::error(format!(
                "accent `{}` is too light: {ratio:.2}:1 on white (links, buttons and the first chart colour need {MIN_ACCENT_CONTRAST}:1, WCAG 2.2 AA)",
                at.value.trim()
            ))
            .with_hint(format!("the nearest darker shade that passes is `{}`", passing.hex())),
        ));
        return None;
    }
    let on_dark = colour
        .shade_for(WHITE, DARK_PAPER, MIN_ACCENT_CONTRAST)
        .unwrap_or(WHITE);
    Some(RAccent {
        hex: colour.hex(),
        dark: colour.mix(Rgb(0, 0, 0), 0.3).hex(),
        soft: colour.mix(WHITE, 0.9).hex(),
        on_dark: on_dark.hex(),
        on_dark_hover: on_dark.mix(WHITE, 0.3).hex(),
        on_dark_soft: colour.mix(DARK_PAPER, 0.8).hex(),
    })
}

/// The press contact, checked and ready to print.
#[derive(Debug, Clone, Serialize)]
pub struct RPress {
    /// Name.
    pub name: String,
    /// Role, if said.
    pub role: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Phone number as printed.
    pub phone: Option<String>,
    /// The number for a `tel:` link: `+33123456789`.
    pub phone_link: Option<String>,
}

/// Check the press contact: a name and an e-mail or a phone, each well formed.
fn press(
    p: &crate::model::PressContact,
    rel: &Path,
    locale: Locale,
    diags: &mut Diagnostics,
) -> RPress {
    let mut bad = |at: &crate::model::At<String>, message: String, hint: &str| {
        diags.push(
            Diagnostic::error(message)
                .in_file(rel)
                .at(at.pos)
                .spanning(at.len)
                .with_hint(hint),
        );
    };
    if let Some(e) = &p.email {
        let v = e.value.trim();
        // One plain address: a mailto: link must not carry a query (a hidden Bcc).
        let ok = v.split_once('@').is_some_and(|(user, host)| {
            let labels_ok = host
                .split('.')
                .all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'));
            !user.is_empty()
                && host.contains('.')
                && labels_ok
                && !user.starts_with('.')
                && !user.ends_with('.')
                && !user.contains("..")
        }) && v.chars().filter(|c| *c == '@').count() == 1
            && !v
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "<>\"(),;:[]?&=#%/\\".contains(c))
            && v.chars().count() <= 100;
        if !ok {
            bad(
                e,
                format!(
                    "invalid e-mail address `{}` (expected name@domain.tld)",
                    v.escape_debug()
                ),
                "write one address, e.g. presse@example.org",
            );
        }
    }
    let link = p.phone.as_ref().and_then(|ph| {
        let v = ph.value.trim();
        let allowed = v
            .chars()
            .all(|c| c.is_ascii_digit() || " +.-()".contains(c));
        let digits: String = v.chars().filter(char::is_ascii_digit).collect();
        let why = if !allowed || v.get(1..).is_some_and(|rest| rest.contains('+')) {
            Some("digits, spaces, `+`, `.`, `-` and parentheses only")
        } else if !(6..=15).contains(&digits.len()) {
            Some("6 to 15 digits")
        } else {
            None
        };
        if let Some(why) = why {
            bad(
                ph,
                format!("invalid phone number `{}` ({why})", v.escape_debug()),
                "write it as it should be printed, e.g. +33 1 23 45 67 89",
            );
            return None;
        }
        Some(if v.starts_with('+') {
            format!("+{digits}")
        } else {
            digits
        })
    });
    for (what, text, most) in [("name", Some(&p.name), 80), ("role", p.role.as_ref(), 120)] {
        if let Some(t) = text
            && t.chars().count() > most
        {
            diags.push(
                Diagnostic::error(format!(
                    "press contact {what} too long ({} characters, at most {most})",
                    t.chars().count()
                ))
                .in_file(rel)
                .at_line_col(1, 1)
                .with_hint(
                    "the contact is printed on every infographic: keep it to a name and a role",
                ),
            );
        }
    }
    if p.email.is_none() && p.phone.is_none() {
        diags.push(
            Diagnostic::error("press contact without an e-mail address or a phone number")
                .in_file(rel)
                .at_line_col(1, 1)
                .with_hint("add `email:` or `phone:` under `press:`"),
        );
    }
    RPress {
        name: locale.typography(&p.name),
        role: p.role.as_deref().map(|r| locale.typography(r)),
        email: p.email.as_ref().map(|e| e.value.trim().to_string()),
        phone: p
            .phone
            .as_ref()
            .map(|ph| locale.typography(ph.value.trim())),
        phone_link: link,
    }
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
    let written = file.base_url.value.trim();
    let (base_url, base_path) = match parse_base_url(written) {
        Ok(parts) => parts,
        Err(why) => {
            let d = Diagnostic::error(format!(
                "invalid base_url `{}` ({why})",
                written.escape_debug()
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
            (String::new(), "/".to_string())
        }
    };
    let press = file
        .press
        .as_ref()
        .map(|p| press(p, rel, locale, &mut diags));
    let accent = file
        .theme
        .as_ref()
        .and_then(|t| t.accent.as_ref())
        .and_then(|a| accent(a, rel, &mut diags));
    diags.into_result()?;
    Ok(SiteConfig {
        title: locale.typography(&file.title),
        base_url,
        base_path,
        locale,
        language: locale.tag().to_string(),
        // Names too take the language's typography (`l’officine`), as they do in the
        // survey's pages and the infographic.
        organisation: locale.typography(&file.organisation),
        author: locale.typography(file.author.as_deref().unwrap_or(&file.organisation)),
        description: locale.typography(file.description.as_deref().unwrap_or("")),
        press,
        accent,
    })
}

/// Parse a base URL with the `url` crate: http or https, a host, no user name,
/// password, query or fragment, and no whitespace or control character anywhere (the
/// parser would silently drop a newline, which must not reach `robots.txt`). Returns
/// the normalised URL ending with `/`, and its path (`/` or `/barometre/`).
pub fn parse_base_url(written: &str) -> Result<(String, String), String> {
    if let Some(c) = written
        .chars()
        .find(|c| c.is_whitespace() || c.is_control())
    {
        return Err(format!(
            "it contains a space or a control character, U+{:04X}",
            c as u32
        ));
    }
    if written.contains('\\') {
        return Err("it contains a backslash; web addresses use `/`".into());
    }
    if written
        .split_once("://")
        .is_none_or(|(_, rest)| rest.starts_with('/') || rest.is_empty())
    {
        return Err("expected an absolute http or https address, `https://` then a host".into());
    }
    let url = url::Url::parse(written)
        .map_err(|e| format!("{e}; expected an absolute http or https address"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "`{}:` addresses cannot be published; expected http or https",
            url.scheme()
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("no host name".into());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("it holds a user name or a password".into());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("it holds a query `?…` or a fragment `#…`".into());
    }
    if url.path().trim_end_matches('/').contains("//") {
        return Err(
            "its path has an empty segment `//`, which browsers read as another host".into(),
        );
    }
    let path = format!("{}/", url.path().trim_end_matches('/'));
    let mut base = url;
    base.set_path(&path);
    Ok((base.to_string(), path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_from_url() {
        let path = |u: &str| parse_base_url(u).map(|(_, p)| p);
        assert_eq!(path("https://example.org").as_deref(), Ok("/"));
        assert_eq!(path("https://example.org/").as_deref(), Ok("/"));
        assert_eq!(path("https://example.org/baro").as_deref(), Ok("/baro/"));
        assert_eq!(path("http://h/a/b/").as_deref(), Ok("/a/b/"));
        assert_eq!(
            parse_base_url("HTTPS://Example.ORG/baro").unwrap().0,
            "https://example.org/baro/"
        );
    }

    #[test]
    fn base_urls_that_could_inject_lines_or_mislead_are_refused() {
        for bad in [
            "example.org",
            "https:///x",
            "https://example.org/\nDisallow: /",
            "https://example.org/\n",
            "https://exa mple.org/",
            "https://example.org/\t",
            "ftp://example.org/",
            "javascript:alert(1)",
            "https://user:pw@example.org/",
            "https://example.org/?a=1",
            "https://example.org/#top",
            "https://example.org//evil.com/",
            "https://example.org/a//b/",
        ] {
            assert!(parse_base_url(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
