//! Colours: sRGB values, their WCAG relative luminance and contrast ratio, reading a
//! `#rrggbb` colour as written, and the shades a theme colour needs (darker, lighter,
//! softer), each found so it keeps a given contrast. Pure functions; the chart palette
//! (`charts::palette`) and the site's accent (`load::config`) both use them.

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// White, the page behind the charts and the light theme.
pub const WHITE: Rgb = Rgb(0xFF, 0xFF, 0xFF);

impl Rgb {
    /// `#rrggbb` or `#rgb` (case ignored), or `None`.
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.trim().strip_prefix('#')?;
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize, n: usize| u8::from_str_radix(&hex[i..i + n], 16).ok();
        match hex.len() {
            6 => Some(Rgb(digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)),
            3 => {
                let d = |i| digit(i, 1).map(|v| v * 17);
                Some(Rgb(d(0)?, d(1)?, d(2)?))
            }
            _ => None,
        }
    }

    /// `#rrggbb`, lowercase.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// WCAG relative luminance.
    pub fn luminance(self) -> f64 {
        let [r, g, b] = self.linear();
        0.2126 * r + 0.7152 * g + 0.0722 * b
    }

    /// Linear-light RGB components in 0–1.
    pub fn linear(self) -> [f64; 3] {
        [self.0, self.1, self.2].map(|c| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        })
    }

    /// This colour mixed with `other`: `t` of `other` (0 to 1).
    pub fn mix(self, other: Rgb, t: f64) -> Rgb {
        let m = |a: u8, b: u8| (f64::from(a) * (1.0 - t) + f64::from(b) * t).round() as u8;
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }

    /// The least mix of this colour with `toward` (black or white, say) that has at
    /// least `ratio` against `background`: itself if it already has; `None` if even
    /// `toward` has not.
    pub fn shade_for(self, toward: Rgb, background: Rgb, ratio: f64) -> Option<Rgb> {
        (0..=100)
            .map(|step| self.mix(toward, f64::from(step) / 100.0))
            .find(|c| contrast(*c, background) >= ratio)
    }
}

/// WCAG contrast ratio between two colours (1 to 21).
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_read_as_written() {
        assert_eq!(Rgb::parse("#0B5CAD"), Some(Rgb(0x0b, 0x5c, 0xad)));
        assert_eq!(Rgb::parse(" #fff "), Some(WHITE));
        assert_eq!(
            Rgb::parse("#0b5cad").map(Rgb::hex).as_deref(),
            Some("#0b5cad")
        );
        for bad in [
            "0b5cad", "#0b5ca", "#0b5cadd", "#ggg", "", "#", "blue", "#0b5cäd",
        ] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn contrast_of_known_pairs() {
        assert!((contrast(WHITE, Rgb(0, 0, 0)) - 21.0).abs() < 1e-9);
        assert!((contrast(Rgb(0x0B, 0x5C, 0xAD), WHITE) - 6.6).abs() < 0.1);
        // WCAG's own example: #767676 on white is 4.54:1, the lightest AA grey.
        assert!((contrast(Rgb(0x76, 0x76, 0x76), WHITE) - 4.54).abs() < 0.01);
    }

    #[test]
    fn a_shade_keeps_the_contrast_asked_for() {
        let yellow = Rgb(0xff, 0xcc, 0x00);
        let dark = yellow.shade_for(Rgb(0, 0, 0), WHITE, 4.5).unwrap();
        assert!(contrast(dark, WHITE) >= 4.5);
        // The least darkening: one step less would not do.
        assert!(contrast(yellow.mix(Rgb(0, 0, 0), 0.0), WHITE) < 4.5);
        let blue = Rgb(0x0b, 0x5c, 0xad);
        assert_eq!(blue.shade_for(Rgb(0, 0, 0), WHITE, 4.5), Some(blue));
        assert_eq!(WHITE.shade_for(WHITE, WHITE, 4.5), None);
    }
}
