//! Property tests (proptest): number formatting, typography and determinism hold for any
//! input, not just the examples (the escaper's are beside it, in `text`).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use barograph::locale::{Locale, NNBSP};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn integers_keep_their_digits_in_both_languages(n in -10_000_000_000i64..10_000_000_000i64) {
        for locale in [Locale::Fr, Locale::En] {
            let text = locale.number(n as f64);
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            prop_assert_eq!(digits, n.unsigned_abs().to_string());
            prop_assert_eq!(text.starts_with('\u{2212}'), n < 0);
        }
    }

    #[test]
    fn percentages_read_back_to_their_value(tenths in 0u32..=1000) {
        let value = f64::from(tenths) / 10.0;
        let fr = Locale::Fr.percent(value);
        prop_assert!(fr.ends_with(&format!("{NNBSP}%")), "{}", fr);
        let back: f64 = fr.trim_end_matches('%').trim_end_matches(NNBSP).replace(',', ".").parse().unwrap();
        prop_assert!((back - value).abs() < 1e-9);
        let en = Locale::En.percent(value);
        prop_assert_eq!(en.trim_end_matches('%').parse::<f64>().unwrap(), value);
    }

    #[test]
    fn typography_is_idempotent_and_keeps_the_words(s in "[a-zA-Z0-9 ;:!?%«»'\"“”,.\\-]{0,60}") {
        for locale in [Locale::Fr, Locale::En] {
            let once = locale.typography(&s);
            prop_assert_eq!(locale.typography(&once), once.clone(), "not idempotent for {:?}", s);
            let words = |t: &str| t.chars().filter(|c| c.is_alphanumeric()).collect::<String>();
            prop_assert_eq!(words(&once), words(&s));
        }
    }

    #[test]
    fn rendering_is_deterministic(labels in proptest::collection::vec("[^\\x00-\\x1f]{0,24}", 3), value in 0u8..=50) {
        let survey = std::fs::read_to_string(common::fixture("valid/minimal/data/enquete.yaml")).unwrap()
            .replace("label: Satisfaits", &format!("label: {}", serde_json::to_string(&labels[0]).unwrap()))
            .replace("label: Messagerie sécurisée", &format!("label: {}", serde_json::to_string(&labels[1]).unwrap()))
            .replace("title: Enquête test 2025", &format!("title: {}", serde_json::to_string(&format!("T{}", labels[2])).unwrap()))
            .replace("values: { tous: 45 }", &format!("values: {{ tous: {value} }}"));
        let mut files: BTreeMap<PathBuf, String> = BTreeMap::new();
        for rel in ["site.yaml", "content/articles/resultats.md", "content/quotes/quotes.yaml"] {
            files.insert(rel.into(), std::fs::read_to_string(common::fixture("valid/minimal").join(rel)).unwrap());
        }
        files.insert("data/enquete.yaml".into(), survey);
        let render = || {
            let (project, found) = barograph::load::load_from_memory(Path::new("/nonexistent"), files.clone());
            let prepared = barograph::prepare_loaded(project, found, Default::default()).map_err(|f| f.diagnostics.to_string())?;
            let files = barograph::render::site_files(prepared.input()).map_err(|d| d.to_string())?;
            Ok::<_, String>(files)
        };
        prop_assert_eq!(render(), render());
    }
}
