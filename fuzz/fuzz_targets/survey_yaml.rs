//! Fuzz the survey YAML loader and validator: any bytes as `data/s.yaml`. It must never
//! panic; what it accepts must resolve and draw valid charts.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let (project, mut diags) =
        common::project(&[("site.yaml", common::SITE.into()), ("data/s.yaml", text)]);
    diags.extend(barograph::validate::validate(&project));
    if diags.has_errors() {
        for d in diags.iter() {
            assert!(!d.message.is_empty());
        }
        return;
    }
    if let Ok(resolved) = barograph::resolve::resolve(&project) {
        for s in resolved.surveys.values() {
            for question in &s.questions {
                for kind in barograph::model::ChartKind::ALL {
                    let chart = barograph::charts::question_chart(
                        s,
                        question,
                        kind,
                        resolved.config.locale,
                        &resolved.ui,
                    );
                    roxmltree::Document::parse(&chart.svg).expect("chart SVG is XML");
                }
            }
        }
    }
});
