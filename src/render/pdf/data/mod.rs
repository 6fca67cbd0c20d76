//! The data handed to the infographic template: `/data.json` and the chart SVGs.
//!
//! Everything is pre-formatted for the site's language, so the template only lays out.
//! The shape is documented in `docs/infographic.md`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::charts::{Chart, breakdown_chart_at, question_chart_at, trend_chart_at};
use crate::load::config::SiteConfig;
use crate::load::theme::Theme;
use crate::resolve::{RKeyFigure, RQuote, RSurvey, Resolved};

mod fit;

/// A chart as the template sees it.
#[derive(Debug, Clone, Serialize)]
pub struct ChartRef {
    /// Question id, or `breakdown-<id>`.
    pub id: String,
    /// Title.
    pub title: String,
    /// Text alternative (the image's `alt`).
    pub alt: String,
    /// Virtual path of the SVG: `/charts/<id>.svg`.
    pub file: String,
    /// SVG width in px.
    pub width: u32,
    /// SVG height in px.
    pub height: u32,
    /// Note under the chart, if the question has one.
    pub note: Option<String>,
}

/// `/data.json`.
#[derive(Debug, Clone, Serialize)]
pub struct InfographicData<'a> {
    /// Language tag (`fr`, `en`).
    pub lang: &'a str,
    /// Site settings.
    pub site: &'a SiteConfig,
    /// UI strings.
    pub ui: &'a BTreeMap<String, String>,
    /// The survey, fully formatted.
    pub survey: &'a RSurvey,
    /// Headline figures.
    pub key_figures: &'a [RKeyFigure],
    /// Question charts.
    pub charts: Vec<ChartRef>,
    /// Sample breakdown charts.
    pub breakdowns: Vec<ChartRef>,
    /// The pull quote.
    pub quote: Option<&'a RQuote>,
    /// The publication date printed on the document (formatted), if known.
    pub date_text: Option<String>,
    /// Where the article lives online, if an article presents the survey.
    pub url: Option<String>,
}

/// Width of the question charts, in px: two columns of about 88 mm, so 14 px labels
/// print at about 8 pt.
pub const CHART_WIDTH: u32 = 440;
/// Width of the sample breakdown charts: three columns of about 58 mm.
pub const BREAKDOWN_WIDTH: u32 = 320;

/// Build `/data.json` and the chart files for `survey`, and list the labels the charts
/// had to cut to fit.
pub fn infographic_files(
    theme: &Theme,
    resolved: &Resolved,
    survey: &RSurvey,
    url: Option<String>,
) -> (BTreeMap<String, Vec<u8>>, Vec<String>) {
    let locale = resolved.config.locale;
    let palette = crate::charts::Palette::of_site(&resolved.config);
    let mut files = BTreeMap::new();
    let coverage = Coverage::new(theme);
    let mut cut = Vec::new();
    let mut add = |chart: Chart, note: Option<String>| -> ChartRef {
        cut.extend(chart.cut_labels.iter().cloned());
        let file = format!("/charts/{}.svg", chart.id);
        // Typst keeps SVG text as text in the PDF: it must be printable too.
        let svg = printable(&chart.svg, &coverage).unwrap_or(chart.svg);
        files.insert(file.clone(), svg.into_bytes());
        ChartRef {
            id: chart.id,
            title: chart.title,
            alt: chart.alt,
            file,
            width: chart.width,
            height: chart.height,
            note,
        }
    };
    let charts: Vec<ChartRef> = survey
        .infographic
        .charts
        .iter()
        .filter_map(|id| survey.questions.iter().find(|q| &q.id == id))
        .map(|q| {
            let fit = fit::question(survey, q, &resolved.ui);
            // A subgroup's base goes first: whom the percentages are of.
            let base =
                q.base_line
                    .as_ref()
                    .map(|b| match b.trim_end().ends_with(['.', '!', '?', '…']) {
                        true => b.trim_end().to_string(),
                        false => format!("{b}."),
                    });
            let note = [base, q.note.clone(), fit.note]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            let chart = question_chart_at(
                &fit.survey,
                &fit.question,
                q.chart,
                (locale, palette),
                &resolved.ui,
                CHART_WIDTH,
            );
            add(chart, (!note.is_empty()).then_some(note))
        })
        .collect();
    let breakdowns: Vec<ChartRef> = survey
        .breakdowns
        .iter()
        .map(|b| {
            let b = fit::breakdown(b, locale, &resolved.ui);
            add(
                breakdown_chart_at(survey, &b, (locale, palette), &resolved.ui, BREAKDOWN_WIDTH),
                None,
            )
        })
        .collect();
    // The trends over the editions, as charts of their own, after the questions'.
    let mut charts = charts;
    for id in &survey.infographic.trends {
        let Some(t) = survey.trends.iter().find(|t| &t.question == id) else {
            continue;
        };
        let chart = trend_chart_at(
            t,
            &survey.trend_editions,
            (locale, palette),
            &resolved.ui,
            CHART_WIDTH,
        );
        let file = format!("/charts/{}.svg", chart.id);
        // Typst keeps SVG text as text in the PDF: it must be printable too.
        let svg = printable(&chart.svg, &coverage).unwrap_or(chart.svg);
        files.insert(file.clone(), svg.into_bytes());
        let span = match (survey.trend_editions.first(), survey.trend_editions.last()) {
            (Some(a), Some(b)) => format!(" ({a}–{b})"),
            _ => String::new(),
        };
        charts.push(ChartRef {
            id: chart.id,
            title: format!("{}{span}", chart.title),
            alt: chart.alt,
            file,
            width: chart.width,
            height: chart.height,
            note: Some(chart.note).filter(|n| !n.is_empty()),
        });
    }
    let data = InfographicData {
        lang: &resolved.config.language,
        site: &resolved.config,
        ui: &resolved.ui,
        survey,
        key_figures: &survey.infographic.key_figures,
        charts,
        breakdowns,
        quote: survey
            .infographic
            .quote
            .as_ref()
            .and_then(|id| resolved.quotes.get(id)),
        date_text: survey.published.as_ref().map(|d| d.text.clone()),
        url,
    };
    let mut value = serde_json::to_value(&data).expect("infographic data serialises");
    printable_json(&mut value, &mut |text| printable(text, &coverage));
    breakable_json(&mut value);
    let json = serde_json::to_vec_pretty(&value).expect("infographic data serialises");
    files.insert("/data.json".to_string(), json);
    cut.sort();
    cut.dedup();
    (files, cut)
}

/// Apply `f` to every string of a JSON value.
pub fn printable_json(value: &mut serde_json::Value, f: &mut impl FnMut(&str) -> Option<String>) {
    match value {
        serde_json::Value::String(s) => {
            if let Some(clean) = f(s) {
                *s = clean;
            }
        }
        serde_json::Value::Array(list) => list.iter_mut().for_each(|v| printable_json(v, f)),
        serde_json::Value::Object(map) => map.values_mut().for_each(|v| printable_json(v, f)),
        _ => {}
    }
}

/// Keys whose strings are names, paths or addresses, never laid out as prose.
const NOT_PROSE: &[&str] = &[
    "file", "id", "lang", "language", "url", "base_url", "iso", "pdf",
];

/// Every prose string of `value` with [`breakable`] applied.
pub(crate) fn breakable_json(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Array(list) => list.iter_mut().for_each(breakable_json),
        serde_json::Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    serde_json::Value::String(s) if !NOT_PROSE.contains(&key.as_str()) => {
                        if let Some(b) = breakable(s) {
                            *s = b;
                        }
                    }
                    _ => breakable_json(v),
                }
            }
        }
        _ => {}
    }
}

/// Longest run of characters without a break opportunity left as it is.
const LONGEST_WORD: usize = 30;

/// `text` with a zero-width space every [`LONGEST_WORD`] characters inside longer
/// words, or `None` if it has none: Typst cannot break a word that is wider than its
/// box, and would run it off the page.
pub fn breakable(text: &str) -> Option<String> {
    let mut run = 0;
    let mut out: Option<String> = None;
    for (i, c) in text.char_indices() {
        run = if c.is_whitespace() || c == '-' || c == '/' || c == '\u{200b}' {
            0
        } else {
            run + 1
        };
        if run > LONGEST_WORD {
            let o = out.get_or_insert_with(|| text[..i].to_string());
            o.push('\u{200b}');
            run = 1;
        }
        if let Some(o) = out.as_mut() {
            o.push(c);
        }
    }
    out
}

/// What the theme's fonts can print, looked up once per character in the fonts'
/// character maps (parsing only their table directories, not whole fonts, so a build
/// whose PDFs all come from the cache never loads the fonts).
pub struct Coverage<'a> {
    theme: &'a Theme,
    faces: std::cell::OnceCell<Vec<ttf_parser::Face<'a>>>,
    seen: std::cell::RefCell<std::collections::HashMap<char, bool>>,
}

impl<'a> Coverage<'a> {
    /// The coverage of `theme`'s fonts and Typst's embedded ones (read only if a
    /// character needs checking).
    pub fn new(theme: &'a Theme) -> Self {
        Coverage {
            theme,
            faces: Default::default(),
            seen: Default::default(),
        }
    }

    fn faces(&self) -> &[ttf_parser::Face<'a>] {
        self.faces.get_or_init(|| {
            let theme: &'a Theme = self.theme;
            theme
                .fonts
                .iter()
                .map(|(_, bytes)| &**bytes)
                .chain(typst_assets::fonts().map(|data| -> &'a [u8] { data }))
                .flat_map(|data| {
                    let count = ttf_parser::fonts_in_collection(data).unwrap_or(1);
                    (0..count).filter_map(move |i| ttf_parser::Face::parse(data, i).ok())
                })
                .collect()
        })
    }

    fn covers(&self, c: char) -> bool {
        if let Some(&known) = self.seen.borrow().get(&c) {
            return known;
        }
        let known = self.faces().iter().any(|f| f.glyph_index(c).is_some());
        self.seen.borrow_mut().insert(c, known);
        known
    }
}

/// `text` as the infographic can print it, or `None` if it already can: control
/// characters become spaces, invisible joiners go, and characters no font of the theme
/// has become U+FFFD (or go, if no font has that either). A tagged PDF/UA document may
/// not hold a character it cannot display; this keeps data from breaking the export.
pub fn printable(text: &str, coverage: &Coverage) -> Option<String> {
    let simple = |c: char| c <= '\u{24f}' && !c.is_control();
    if text.chars().all(simple) {
        return None;
    }
    let replacement = coverage.covers('\u{fffd}').then_some('\u{fffd}');
    let out: String = text
        .chars()
        .filter_map(|c| match c {
            '\n' | '\t' | '\r' => Some(' '),
            c if c.is_control() => Some(' '),
            '\u{200b}'..='\u{200f}'
            | '\u{2060}'..='\u{2064}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}' => None,
            c if simple(c) || coverage.covers(c) => Some(c),
            _ => replacement,
        })
        .collect();
    // Text that only held unprintable characters must not vanish (an empty heading is
    // invalid in a tagged PDF): it shows as the replacement character.
    let out = if out.trim().is_empty() && !text.trim().is_empty() {
        replacement.map_or_else(|| "?".to_string(), String::from)
    } else {
        out
    };
    (out != text).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_words_get_break_opportunities_and_names_do_not() {
        let word = "a".repeat(70);
        let broken = breakable(&format!("x {word} y")).unwrap();
        let runs: Vec<usize> = broken
            .split(|c: char| c.is_whitespace() || c == '\u{200b}')
            .map(|w| w.chars().count())
            .collect();
        assert_eq!(runs, [1, 30, 30, 10, 1]);
        assert_eq!(broken.replace('\u{200b}', ""), format!("x {word} y"));
        assert_eq!(breakable("des soignants ont une perception positive"), None);
        let mut json = serde_json::json!({
            "file": format!("/charts/{word}.svg"),
            "charts": [{ "title": word, "id": word }],
        });
        breakable_json(&mut json);
        assert_eq!(json["file"], format!("/charts/{word}.svg"));
        assert_eq!(json["charts"][0]["id"], word);
        assert_ne!(json["charts"][0]["title"], word);
    }
}
