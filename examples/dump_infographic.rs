//! Write the example's infographic as a plain Typst project (template, `data.json`,
//! chart SVGs, fonts) so the Typst command-line compiler can compile the same document,
//! for side-by-side timing (see docs/performance.md):
//!
//! ```text
//! cargo run --release --example dump_infographic -- DIR
//! typst compile --root DIR --font-path DIR/fonts DIR/templates/infographic.typ out.pdf
//! ```

use std::path::{Path, PathBuf};

fn main() {
    let Some(dir) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: dump_infographic DIR");
        std::process::exit(2);
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let prepared = barograph::prepare(root).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    let (job, _) = barograph::render::pdf_jobs(&prepared.project, &prepared.resolved)
        .unwrap()
        .remove(0);
    let write = |rel: &str, bytes: &[u8]| {
        let path = dir.join(rel.trim_start_matches('/'));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    };
    write(
        &job.template_path.to_string_lossy(),
        job.template.as_bytes(),
    );
    for (path, bytes) in &job.files {
        write(path, bytes);
    }
    for (path, bytes) in &prepared.project.theme.fonts {
        write(
            &format!("fonts/{}", path.file_name().unwrap().to_string_lossy()),
            bytes,
        );
    }
    println!("wrote the infographic project to {}", dir.display());
}
