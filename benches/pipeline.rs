//! Benchmarks of each stage of the pipeline on the shipped example, and of whole builds:
//! a cold build (empty output and cache) and a rebuild with nothing changed.

use std::path::Path;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

fn stages(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut group = c.benchmark_group("stage");
    group.sample_size(30);
    group.bench_function("load", |b| b.iter(|| barograph::load::load(root)));
    let (project, _) = barograph::load::load(root);
    group.bench_function("validate", |b| {
        b.iter(|| barograph::validate::validate(&project))
    });
    group.bench_function("resolve", |b| {
        b.iter(|| barograph::resolve::resolve(&project).unwrap())
    });
    group.bench_function("resolve and commentary", |b| {
        b.iter(|| {
            let (project, found) = barograph::load::load(root);
            barograph::prepare_loaded(project, found, Default::default())
                .unwrap_or_else(|f| panic!("{}", f.diagnostics))
        })
    });
    let prepared = barograph::prepare(root).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    let no_cache = barograph::output::cache::Cache::disabled();
    group.bench_function("render (pages, charts, Typst without cache)", |b| {
        b.iter(|| barograph::render(&prepared, &no_cache).unwrap())
    });
    let files = barograph::render(&prepared, &no_cache).unwrap().files;
    group.bench_function("write (fresh output folder)", |b| {
        b.iter_batched(
            || tempfile::tempdir().unwrap(),
            |dir| {
                let out = dir.path().join("site");
                barograph::output::write_site(dir.path(), &out, &files, &no_cache, &[]).unwrap();
                dir
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn builds(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    let mut group = c.benchmark_group("build");
    group.sample_size(20);
    group.bench_function("cold (empty output and cache)", |b| {
        b.iter_batched(
            || tempfile::tempdir().unwrap(),
            |dir| {
                let opts = barograph::BuildOptions {
                    root: root.clone(),
                    output: dir.path().join("site"),
                    base_url: None,
                    publish: Default::default(),
                };
                barograph::build(&opts).unwrap();
                dir
            },
            BatchSize::PerIteration,
        )
    });
    let dir = tempfile::tempdir().unwrap();
    let opts = barograph::BuildOptions {
        root: root.clone(),
        output: dir.path().join("site"),
        base_url: None,
        publish: Default::default(),
    };
    barograph::build(&opts).unwrap();
    group.bench_function("no-op rebuild", |b| {
        b.iter(|| barograph::build(&opts).unwrap())
    });
    group.finish();
}

criterion_group!(benches, stages, builds);
criterion_main!(benches);
