//! Chart text: the embedded Inter font registered with plotters, deterministic width
//! measurement, label clean-up, wrapping and truncation (escaping is `crate::text`'s).
//!
//! Widths come from plotters' `ab_glyph` measurement of the embedded font, never from a
//! system font, so the same labels wrap the same way on every machine. Plotters sizes
//! type by line height (1.24 × the em), which overestimates Inter's advances by about
//! 2.5 %: a small margin that keeps labels clear of the bars whatever font a browser
//! falls back to.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use plotters::style::{FontDesc, FontFamily, FontStyle, register_font};

/// The family written into the SVG, and the name the embedded Inter is registered
/// under with plotters: measurement and rendering name the same font.
pub(super) const FAMILY: &str = "Inter, Arial, sans-serif";

/// Plotters writes `font-size` as its size divided by this.
const PLOTTERS_EM: f64 = 1.24;

/// Width in em assumed for a character the font lacks (emoji, CJK, Hebrew…): wide, so
/// that text set in a fallback font still fits.
const MISSING_EM: f64 = 1.0;

/// Width in em used for every character if the font could not be registered.
const FALLBACK_EM: f64 = 0.62;

/// The ellipsis closing a truncated label.
pub(super) const ELLIPSIS: char = '…';

/// Register Inter (regular and bold) with plotters, once per process; false if the
/// embedded font could not be read.
pub(super) fn fonts_ready() -> bool {
    static READY: OnceLock<bool> = OnceLock::new();
    *READY.get_or_init(|| {
        let font = |name: &str| {
            crate::load::theme::DEFAULT_FONTS
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, bytes)| *bytes)
        };
        match (font("Inter-Regular.otf"), font("Inter-Bold.otf")) {
            (Some(regular), Some(bold)) => {
                register_font(FAMILY, FontStyle::Normal, regular).is_ok()
                    && register_font(FAMILY, FontStyle::Bold, bold).is_ok()
            }
            _ => false,
        }
    })
}

/// The height of a line of `font` text in px: the embedded Inter's ascender, descender
/// and line gap (from the font file's own metrics), at the font's size.
pub(super) fn line_height(font: Font) -> f64 {
    static EM: OnceLock<f64> = OnceLock::new();
    let em = *EM.get_or_init(|| {
        crate::load::theme::DEFAULT_FONTS
            .iter()
            .find(|(n, _)| *n == "Inter-Regular.otf")
            .and_then(|(_, bytes)| ttf_parser::Face::parse(bytes, 0).ok())
            .map_or(1.21, |face| {
                let height = f64::from(face.ascender()) - f64::from(face.descender())
                    + f64::from(face.line_gap());
                height / f64::from(face.units_per_em())
            })
    });
    em * font.size
}

/// The size to give plotters for text of `px` CSS pixels (the SVG may then say
/// `13.000000000000002`; [`tidy_font_sizes`] rounds that back).
pub(super) fn plotters_size(px: f64) -> f64 {
    px * PLOTTERS_EM
}

/// `svg` with every `font-size="…"` rounded to at most two decimals.
pub(super) fn tidy_font_sizes(svg: &str) -> String {
    const ATTR: &str = "font-size=\"";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(i) = rest.find(ATTR) {
        let (head, tail) = rest.split_at(i + ATTR.len());
        out.push_str(head);
        let end = tail.find('"').unwrap_or(tail.len());
        match tail[..end].parse::<f64>() {
            Ok(size) => out.push_str(&format!("{}", (size * 100.0).round() / 100.0)),
            Err(_) => out.push_str(&tail[..end]),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// A font: size in px and weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Font {
    /// Size in CSS px.
    pub size: f64,
    /// Bold (Inter Bold) rather than regular.
    pub bold: bool,
}

/// Measures text in the embedded font, caching the advance of each character.
pub(super) struct Measure {
    regular: Option<FontDesc<'static>>,
    bold: Option<FontDesc<'static>>,
    cache: BTreeMap<(char, bool), f64>,
    /// Labels that did not fit and were cut (with an ellipsis), as given.
    pub(super) cut: Vec<String>,
}

impl Measure {
    /// A measurer; falls back to a fixed average width if the font is unavailable.
    pub(super) fn new() -> Measure {
        let desc = |style| {
            let d = FontDesc::new(FontFamily::Name(FAMILY), 1000.0 * PLOTTERS_EM, style);
            d.box_size("x").is_ok().then_some(d)
        };
        let ready = fonts_ready();
        Measure {
            regular: desc(FontStyle::Normal).filter(|_| ready),
            bold: desc(FontStyle::Bold).filter(|_| ready),
            cache: BTreeMap::new(),
            cut: Vec::new(),
        }
    }

    /// Width of `text` in px.
    pub(super) fn width(&mut self, text: &str, font: Font) -> f64 {
        text.chars().map(|c| self.em(c, font.bold)).sum::<f64>() * font.size
    }

    /// Advance of `c` in em.
    fn em(&mut self, c: char, bold: bool) -> f64 {
        if is_zero_width(c) {
            return 0.0;
        }
        if let Some(&w) = self.cache.get(&(c, bold)) {
            return w;
        }
        let missing = self.raw_em('\u{10FFFD}', bold);
        let w = match self.raw_em(c, bold) {
            None => FALLBACK_EM,
            Some(w) if !c.is_ascii() && Some(w) == missing => MISSING_EM,
            Some(w) => w,
        };
        self.cache.insert((c, bold), w);
        w
    }

    /// The font's own advance of `c` in em, if the font is there.
    fn raw_em(&self, c: char, bold: bool) -> Option<f64> {
        let desc = if bold { &self.bold } else { &self.regular };
        let mut buf = [0u8; 4];
        let (w, _) = desc.as_ref()?.box_size(c.encode_utf8(&mut buf)).ok()?;
        Some(f64::from(w) / 1000.0)
    }

    /// `text` on at most `max_lines` lines of at most `max_width` px, breaking at spaces
    /// (inside a word only when the word alone is too wide); what does not fit ends the
    /// last line with an ellipsis.
    pub(super) fn wrap(
        &mut self,
        text: &str,
        font: Font,
        max_width: f64,
        max_lines: usize,
    ) -> Vec<String> {
        let mut words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
        let mut lines = Vec::new();
        let mut line = String::new();
        let mut i = 0;
        while i < words.len() {
            if lines.len() + 1 >= max_lines.max(1) {
                let rest = words[i..].join(" ");
                let last = if line.is_empty() {
                    rest
                } else {
                    format!("{line} {rest}")
                };
                let cut = self.truncate(&last, font, max_width);
                if cut != last {
                    self.cut.push(text.to_string());
                }
                lines.push(cut);
                return lines;
            }
            let candidate = if line.is_empty() {
                words[i].to_string()
            } else {
                format!("{line} {}", words[i])
            };
            if self.width(&candidate, font) <= max_width {
                line = candidate;
                i += 1;
            } else if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            } else {
                let cut = self
                    .hyphen_cut(words[i], font, max_width)
                    .unwrap_or_else(|| self.fitting_prefix(words[i], font, max_width, true));
                lines.push(words[i][..cut].to_string());
                words[i] = &words[i][cut..];
                if words[i].is_empty() {
                    i += 1;
                }
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// Byte length of the longest prefix of `word` ending with a hyphen that fits in
    /// `max_width` px (`gynécologie-` of `gynécologie-obstétrique`), if any.
    fn hyphen_cut(&mut self, word: &str, font: Font, max_width: f64) -> Option<usize> {
        word.char_indices()
            .filter(|&(i, c)| c == '-' && i + 1 < word.len())
            .map(|(i, _)| i + 1)
            .filter(|&end| self.width(&word[..end], font) <= max_width)
            .last()
    }

    /// `text` cut to `max_width` px, ending with an ellipsis if anything was cut.
    pub(super) fn truncate(&mut self, text: &str, font: Font, max_width: f64) -> String {
        if self.width(text, font) <= max_width {
            return text.to_string();
        }
        let room = max_width - self.width(&ELLIPSIS.to_string(), font);
        let cut = self.fitting_prefix(text, font, room, false);
        let mut out = text[..cut].trim_end().to_string();
        out.push(ELLIPSIS);
        out
    }

    /// Byte length of the longest prefix of `text` made of whole clusters that fits in
    /// `max_width` px; with `at_least_one`, the first cluster even if it does not fit (so
    /// that wrapping always advances).
    fn fitting_prefix(
        &mut self,
        text: &str,
        font: Font,
        max_width: f64,
        at_least_one: bool,
    ) -> usize {
        let mut width = 0.0;
        let mut end = 0;
        for cluster in clusters(text) {
            width += self.width(cluster, font);
            if width > max_width {
                if end == 0 && at_least_one {
                    end = cluster.len();
                }
                break;
            }
            end += cluster.len();
        }
        end
    }
}

/// Characters that take no room of their own: joiners, variation selectors, bidi and
/// tag characters.
fn is_zero_width(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}'
        | '\u{E0000}'..='\u{E007F}'
        | '\u{E0100}'..='\u{E01EF}')
}

/// Characters that continue the cluster before them (combining marks, joiners, emoji
/// modifiers): never split from it.
fn extends_cluster(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}'
        | '\u{1F3FB}'..='\u{1F3FF}')
        || is_zero_width(c) && !matches!(c, '\u{200B}' | '\u{FEFF}')
}

/// `text` split into approximate grapheme clusters: a character with the marks and
/// modifiers that follow it, and whatever a zero-width joiner joins.
fn clusters(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut joined = false;
    for (i, c) in text.char_indices() {
        if i > 0 && !(extends_cluster(c) || joined) {
            out.push(&text[start..i]);
            start = i;
        }
        joined = c == '\u{200D}';
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// A label fit for one line of SVG text: line breaks and tabs become spaces, characters
/// XML 1.0 forbids (and C1 controls) go, runs of spaces shrink to one.
pub(super) fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = match c {
            '\t' | '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => ' ',
            '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}' | '\u{FFFE}' | '\u{FFFF}' => continue,
            c => c,
        };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    let trimmed = out.trim_end_matches(' ').len();
    out.truncate(trimmed);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LABEL: Font = Font {
        size: 14.0,
        bold: false,
    };

    #[test]
    fn font_sizes_are_tidied() {
        let size = plotters_size(13.0) / PLOTTERS_EM;
        let svg = format!("<text font-size=\"{size}\" x=\"1\">font-size=&quot;2.0001&quot;</text>");
        assert_eq!(
            tidy_font_sizes(&svg),
            "<text font-size=\"13\" x=\"1\">font-size=&quot;2.0001&quot;</text>"
        );
        assert_eq!(tidy_font_sizes("font-size=\"x"), "font-size=\"x");
    }

    #[test]
    fn the_embedded_font_is_measured() {
        let mut m = Measure::new();
        assert!(
            m.regular.is_some() && m.bold.is_some(),
            "Inter not registered"
        );
        let regular = m.width("Manque de formation initiale", LABEL);
        let bold = m.width(
            "Manque de formation initiale",
            Font {
                bold: true,
                ..LABEL
            },
        );
        assert!((150.0..260.0).contains(&regular), "{regular}");
        assert!(bold > regular);
        assert!(m.width("iiii", LABEL) < m.width("MMMM", LABEL));
        // Narrow no-break space and accents are in the font; emoji are not.
        assert!(m.em('\u{202F}', false) < 0.5);
        assert!(m.em('é', false) < 0.8);
        assert_eq!(m.em('😀', false), MISSING_EM);
        assert_eq!(m.em('\u{200D}', false), 0.0);
    }

    #[test]
    fn wrapping_breaks_at_spaces_and_truncates() {
        let mut m = Measure::new();
        let lines = m.wrap(
            "Sécurité et protection des données personnelles",
            LABEL,
            220.0,
            2,
        );
        assert_eq!(lines.len(), 2);
        assert_eq!(
            lines.join(" "),
            "Sécurité et protection des données personnelles"
        );
        let long = "mot ".repeat(200);
        let lines = m.wrap(&long, LABEL, 220.0, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with(ELLIPSIS));
        let word = "x".repeat(10_000);
        let lines = m.wrap(&word, LABEL, 220.0, 2);
        assert_eq!(lines.len(), 2);
        for line in &lines {
            assert!(m.width(line, LABEL) <= 220.0, "{line}");
        }
        assert!(m.wrap("", LABEL, 220.0, 2).is_empty());
        assert_eq!(m.wrap("court", LABEL, 1.0, 2).len(), 2);
    }

    #[test]
    fn truncation_keeps_clusters_whole() {
        let mut m = Measure::new();
        let family = "👩\u{200D}💻";
        let text = family.repeat(40);
        let cut = m.truncate(&text, LABEL, 100.0);
        assert!(cut.ends_with(ELLIPSIS));
        let body = cut.trim_end_matches(ELLIPSIS);
        assert_eq!(body.len() % family.len(), 0, "{body:?}");
    }

    #[test]
    fn cleaning_makes_one_line_of_xml_characters() {
        assert_eq!(clean("a\nb\r\n\tc\u{0}d\u{7}\u{FFFF}e  f "), "a b cde f");
        assert_eq!(clean("  "), "");
    }
}
