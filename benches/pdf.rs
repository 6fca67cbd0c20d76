//! Benchmark of the PDF stage on the shipped example: fonts, charts, data, Typst compile
//! and PDF export. "cold" reloads the fonts and empties Typst's memoisation cache before
//! every iteration, as a fresh process would; "warm" is a rebuild in a running process.
//! `social_image/encode_png` encodes the example's social image (1200 × 630) as PNG.

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
            let fonts = barograph::render::pdf::load_fonts(&project.theme);
            barograph::render_pdfs_with(&project, &resolved, fonts).unwrap()
        })
    });
    group.bench_function("warm", |b| {
        b.iter(|| barograph::render_pdfs(&project, &resolved).unwrap())
    });
    group.bench_function("fonts_only", |b| {
        b.iter(|| barograph::render::pdf::load_fonts(&project.theme))
    });
    let survey = &resolved.surveys["barometre-esante-2026"];
    group.bench_function("charts_and_data_only", |b| {
        b.iter(|| {
            barograph::render::pdf::infographic_files(&project.theme, &resolved, survey, None).0
        })
    });
    group.finish();
    encode_png(c, root);
}

/// PNG encoding of a social image (1200 × 630, opaque): the pixels of the example's,
/// decoded from a fresh build, premultiplied RGBA as the renderer gives them.
fn encode_png(c: &mut Criterion, root: &Path) {
    let scratch = tempfile::tempdir().expect("scratch folder");
    let out = scratch.path().join("output");
    barograph::build(&barograph::BuildOptions {
        root: root.to_path_buf(),
        output: out.clone(),
        base_url: None,
        publish: Default::default(),
    })
    .unwrap_or_else(|f| panic!("{}", f.diagnostics));
    let png = std::fs::read(out.join("barometre-e-sante-2026/social.png")).expect("social image");
    let mut reader = png::Decoder::new(std::io::Cursor::new(png))
        .read_info()
        .expect("png header");
    let mut pixels = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut pixels).expect("png data");
    let rgba: Vec<u8> = pixels[..info.buffer_size()]
        .chunks_exact(3)
        .flat_map(|p| [p[0], p[1], p[2], 255])
        .collect();
    c.bench_function("social_image/encode_png", |b| {
        b.iter(|| barograph::render::pdf::encode_png(info.width, info.height, &rgba).unwrap())
    });
}

criterion_group!(benches, pdf_stage);
criterion_main!(benches);
