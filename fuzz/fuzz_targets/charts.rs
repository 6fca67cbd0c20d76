//! Fuzz chart generation with arbitrary labels and values: every chart must be valid
//! XML (SVG), at every width, whatever the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let (text, numbers) = data.split_at(data.len() / 2);
    let s = common::parts(text, 16);
    let v: Vec<f64> = numbers
        .chunks(2)
        .map(|c| f64::from(u16::from_le_bytes([c[0], *c.get(1).unwrap_or(&0)])) / 655.35)
        .collect();
    let files = [
        ("site.yaml", common::SITE.to_string()),
        ("data/s.yaml", common::survey(&s, &v)),
    ];
    let (project, mut diags) = common::project(&files);
    diags.extend(barograph::validate::validate(&project));
    let Ok(resolved) = barograph::resolve::resolve(&project) else {
        return;
    };
    if diags.has_errors() {
        return;
    }
    let palette = barograph::charts::Palette::of_site(&resolved.config);
    for survey in resolved.surveys.values() {
        for width in [640, 440, 320] {
            for question in &survey.questions {
                for kind in barograph::model::ChartKind::ALL {
                    let chart = barograph::charts::question_chart_at(
                        survey,
                        question,
                        kind,
                        (resolved.config.locale, palette),
                        &resolved.ui,
                        width,
                    );
                    roxmltree::Document::parse(&chart.svg).expect("chart SVG is XML");
                }
            }
            for b in &survey.breakdowns {
                let chart = barograph::charts::breakdown_chart_at(
                    survey,
                    b,
                    (resolved.config.locale, palette),
                    &resolved.ui,
                    width,
                );
                roxmltree::Document::parse(&chart.svg).expect("breakdown SVG is XML");
            }
        }
    }
});
