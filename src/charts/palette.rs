//! Chart colours: a categorical palette that stays distinct under colour-vision
//! deficiencies, with every mark at least 3:1 and every text at least 4.5:1 against what
//! it sits on (WCAG 2.2, success criteria 1.4.3 and 1.4.11).
//!
//! The tests below compute the contrast ratios and simulate protanopia, deuteranopia and
//! tritanopia (Machado et al. 2009, severity 1) to check that the colours stay apart.

use plotters::style::RGBColor;

pub(super) use crate::colour::{Rgb, contrast};

impl Rgb {
    /// The colour as plotters wants it.
    pub(super) fn plotters(self) -> RGBColor {
        RGBColor(self.0, self.1, self.2)
    }
}

/// The page behind the charts.
pub(super) const BACKGROUND: Rgb = Rgb(0xFF, 0xFF, 0xFF);
/// Text on the background (the theme's ink): 16.5:1.
pub(super) const TEXT: Rgb = Rgb(0x1B, 0x1F, 0x2A);
/// Text inside dark marks.
pub(super) const WHITE: Rgb = Rgb(0xFF, 0xFF, 0xFF);
/// The bars' baseline: 3.3:1.
pub(super) const AXIS: Rgb = Rgb(0x8A, 0x8F, 0x99);
/// The "other answers / not stated" remainder of a stacked bar: a neutral grey that
/// recedes (3.3:1 on white, 5.1:1 under dark text).
pub(super) const REMAINDER: Rgb = Rgb(0x8A, 0x8F, 0x99);

/// Series colours in order of use, dark and light by turns so that neighbours differ in
/// lightness as well as in hue (at least 1.8:1 between one series and the next, checked
/// below): blue (the theme accent), orange, navy, green, brown, pink, purple, ochre.
/// The dark ones take white text, the light ones the ink. The first five and the
/// remainder grey stay apart under every simulated colour-vision deficiency; the last
/// three only extend the palette for charts with many series. Each series also has its
/// own marker shape, so no series is told by colour alone.
pub(super) const SERIES: [Rgb; 8] = [
    Rgb(0x0B, 0x5C, 0xAD),
    Rgb(0xDD, 0x7A, 0x12),
    Rgb(0x1F, 0x2F, 0x5C),
    Rgb(0x5A, 0xA0, 0x55),
    Rgb(0x79, 0x55, 0x48),
    Rgb(0xD2, 0x65, 0x99),
    Rgb(0x6B, 0x3F, 0xA0),
    Rgb(0xAE, 0x84, 0x32),
];

/// The colour of series `i` in the default palette (it repeats past its end).
pub(super) fn series(i: usize) -> Rgb {
    SERIES[i % SERIES.len()]
}

/// A site's chart colours: the default palette, its first colour the site's accent
/// (`theme.accent` in `site.yaml`, checked there for 4.5:1 against white, so white
/// text on it and the mark against the page keep their contrast).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// The first series' colour.
    pub accent: Rgb,
}

impl Default for Palette {
    fn default() -> Palette {
        Palette { accent: SERIES[0] }
    }
}

impl Palette {
    /// The palette of a site whose accent is `hex` (`#rrggbb`, checked by
    /// `site.yaml`'s loader), or the default one.
    pub fn with_accent(hex: Option<&str>) -> Palette {
        hex.and_then(Rgb::parse)
            .map_or_else(Palette::default, |accent| Palette { accent })
    }

    /// The palette of the site configured by `config` (its `theme.accent`).
    pub fn of_site(config: &crate::load::SiteConfig) -> Palette {
        Palette::with_accent(config.accent.as_ref().map(|a| a.hex.as_str()))
    }

    /// The colour of series `i`.
    pub(super) fn series(self, i: usize) -> Rgb {
        match i % SERIES.len() {
            0 => self.accent,
            _ => series(i),
        }
    }
}

/// A text colour readable on `fill` (at least 4.5:1): white when it is, else the ink;
/// `None` when neither is, and the text must go outside the mark.
pub(super) fn text_on(fill: Rgb) -> Option<Rgb> {
    [WHITE, TEXT]
        .into_iter()
        .find(|&t| contrast(t, fill) >= MIN_TEXT_CONTRAST)
}

/// WCAG AA for text.
pub(super) const MIN_TEXT_CONTRAST: f64 = 4.5;

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG AA for graphical objects.
    const MIN_MARK_CONTRAST: f64 = 3.0;

    /// Least contrast in lightness between a series and the next (and the last and the
    /// first): what tells neighbours apart in grey scale.
    const MIN_NEIGHBOUR_CONTRAST: f64 = 1.8;

    /// Every colour that marks data, with a name for failure messages.
    fn marks() -> Vec<(&'static str, Rgb)> {
        let mut all: Vec<(&str, Rgb)> = SERIES.iter().map(|&c| ("series", c)).collect();
        all.push(("remainder", REMAINDER));
        all.push(("axis", AXIS));
        all
    }

    #[test]
    fn contrast_of_known_pairs() {
        assert!((contrast(WHITE, Rgb(0, 0, 0)) - 21.0).abs() < 1e-9);
        assert!((contrast(WHITE, WHITE) - 1.0).abs() < 1e-9);
        // The theme's documented figures.
        assert!((contrast(Rgb(0x0B, 0x5C, 0xAD), WHITE) - 6.6).abs() < 0.1);
        assert!((contrast(TEXT, WHITE) - 16.5).abs() < 0.1);
    }

    #[test]
    fn every_mark_has_3_to_1_against_the_background() {
        for (name, c) in marks() {
            let ratio = contrast(c, BACKGROUND);
            assert!(ratio >= MIN_MARK_CONTRAST, "{name} {c:?}: {ratio:.2}:1");
        }
    }

    #[test]
    fn every_text_has_4_5_to_1_against_what_it_sits_on() {
        let ratio = contrast(TEXT, BACKGROUND);
        assert!(
            ratio >= MIN_TEXT_CONTRAST,
            "text on background: {ratio:.2}:1"
        );
        for (name, fill) in marks() {
            let text = text_on(fill).unwrap_or_else(|| panic!("no text colour on {name}"));
            let ratio = contrast(text, fill);
            assert!(
                ratio >= MIN_TEXT_CONTRAST,
                "{text:?} on {name}: {ratio:.2}:1"
            );
        }
        // Dark series take white labels, light ones and the remainder the ink.
        for (i, &c) in SERIES.iter().enumerate() {
            let want = if i % 2 == 0 { WHITE } else { TEXT };
            assert_eq!(text_on(c), Some(want), "series {i}");
        }
        assert_eq!(text_on(REMAINDER), Some(TEXT));
        assert_eq!(text_on(Rgb(0x80, 0x80, 0x80)), None);
    }

    #[test]
    fn neighbouring_series_differ_in_lightness() {
        for (i, &a) in SERIES.iter().enumerate() {
            let b = SERIES[(i + 1) % SERIES.len()];
            let ratio = contrast(a, b);
            assert!(
                ratio >= MIN_NEIGHBOUR_CONTRAST,
                "series {i} {a:?} and the next {b:?}: {ratio:.2}:1"
            );
        }
        // The palette this replaced failed: blue and burnt orange at 1.2:1.
        assert!(contrast(Rgb(0x0B, 0x5C, 0xAD), Rgb(0xB7, 0x41, 0x0E)) < MIN_NEIGHBOUR_CONTRAST);
    }

    /// Machado, Oliveira & Fernandes (2009), severity 1, on linear RGB.
    const CVD: [[[f64; 3]; 3]; 3] = [
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ],
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ],
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ],
    ];

    /// CIELAB (D65) of linear RGB.
    fn lab([r, g, b]: [f64; 3]) -> [f64; 3] {
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        let f = |t: f64| {
            if t > 0.008856 {
                t.cbrt()
            } else {
                7.787 * t + 16.0 / 116.0
            }
        };
        [
            116.0 * f(y) - 16.0,
            500.0 * (f(x) - f(y)),
            200.0 * (f(y) - f(z)),
        ]
    }

    /// The colour as seen with normal vision and each deficiency, in CIELAB.
    fn seen(c: Rgb) -> Vec<[f64; 3]> {
        let rgb = c.linear();
        let mut out = vec![lab(rgb)];
        for m in &CVD {
            let sim = m.map(|row| (0..3).map(|j| row[j] * rgb[j]).sum::<f64>().clamp(0.0, 1.0));
            out.push(lab(sim));
        }
        out
    }

    /// Smallest CIE76 colour difference between `a` and `b` over all four visions.
    fn min_difference(a: Rgb, b: Rgb) -> f64 {
        seen(a)
            .iter()
            .zip(seen(b))
            .map(|(p, q)| (0..3).map(|i| (p[i] - q[i]).powi(2)).sum::<f64>().sqrt())
            .fold(f64::INFINITY, f64::min)
    }

    /// CIE76 colour difference between `a` and `b` as seen with normal vision.
    fn difference(a: Rgb, b: Rgb) -> f64 {
        let (p, q) = (lab(a.linear()), lab(b.linear()));
        (0..3).map(|i| (p[i] - q[i]).powi(2)).sum::<f64>().sqrt()
    }

    #[test]
    fn colours_stay_apart_under_colour_vision_deficiencies() {
        let mut all: Vec<Rgb> = SERIES.to_vec();
        all.push(REMAINDER);
        for (i, &a) in all.iter().enumerate() {
            for (j, &b) in all.iter().enumerate().skip(i + 1) {
                let d = difference(a, b);
                assert!(d >= 25.0, "{a:?} vs {b:?}: ΔE {d:.1} with normal vision");
                // The first four series and the remainder grey: clearly apart for every
                // vision; the fifth (from five series on): still apart.
                let rank = |k: usize| if k == all.len() - 1 { 0 } else { k };
                let needed = match rank(i).max(rank(j)) {
                    0..=3 => 20.0,
                    4 => 12.0,
                    _ => continue,
                };
                let d = min_difference(a, b);
                assert!(d >= needed, "{a:?} vs {b:?}: ΔE {d:.1} under a deficiency");
            }
        }
    }
}
