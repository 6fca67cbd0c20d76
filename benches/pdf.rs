//! Benchmark of the PDF stage on the shipped example: fonts, charts, data, Typst compile
//! and PDF export. "cold" reloads the fonts and empties Typst's memoisation cache before
//! every iteration, as a fresh process would; "warm" is a rebuild in a running process.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

fn pdf_stage(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let barograph::Prepared {
        project, resolved, ..
    } = barograph::prepare(root).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    let mut group = c.benchmark_group("pdf_stage");
    group.sample_size(30);
    group.bench_function("cold", |b| {
        b.iter(|| {
            typst::comemo::evict(0);
            let fonts = barograph::pdf::load_fonts(&project.theme);
            barograph::render_pdfs_with(&project, &resolved, fonts).unwrap()
        })
    });
    group.bench_function("warm", |b| {
        b.iter(|| barograph::render_pdfs(&project, &resolved).unwrap())
    });
    group.bench_function("fonts_only", |b| {
        b.iter(|| barograph::pdf::load_fonts(&project.theme))
    });
    let survey = &resolved.surveys["barometre-esante-2026"];
    let date = time::macros::date!(2026 - 01 - 20);
    group.bench_function("charts_and_data_only", |b| {
        b.iter(|| {
            barograph::pdf::data::infographic_files(&project.theme, &resolved, survey, date, None)
        })
    });
    group.finish();
}

criterion_group!(benches, pdf_stage);
criterion_main!(benches);
