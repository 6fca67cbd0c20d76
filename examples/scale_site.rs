//! Generate a realistic barograph project of N articles and M surveys, to measure how
//! the build scales (see docs/performance.md).
//!
//! ```text
//! cargo run --release --example scale_site -- --articles N [--surveys M] --out DIR [--hugo DIR]
//! ```
//!
//! M defaults to N / 100 (at least 1). `--hugo DIR` also writes an equivalent Hugo site
//! for side-by-side timing. The generator itself is `tests/common/scale.rs`.

use std::path::PathBuf;

#[path = "../tests/common/scale.rs"]
mod scale;

struct Args {
    articles: usize,
    surveys: usize,
    out: PathBuf,
    hugo: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut articles = None;
    let mut surveys = None;
    let mut out = None;
    let mut hugo = None;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--articles" => {
                articles = Some(
                    value()?
                        .parse::<usize>()
                        .map_err(|e| format!("--articles: {e}"))?,
                )
            }
            "--surveys" => {
                surveys = Some(
                    value()?
                        .parse::<usize>()
                        .map_err(|e| format!("--surveys: {e}"))?,
                )
            }
            "--out" => out = Some(PathBuf::from(value()?)),
            "--hugo" => hugo = Some(PathBuf::from(value()?)),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let articles = articles.ok_or("--articles N is required")?;
    Ok(Args {
        articles,
        surveys: surveys.unwrap_or((articles / 100).max(1)).max(1),
        out: out.ok_or("--out DIR is required")?,
        hugo,
    })
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!(
                "error: {e}\nusage: scale_site --articles N [--surveys M] --out DIR [--hugo DIR]"
            );
            std::process::exit(2);
        }
    };
    if let Err(e) = scale::generate(&args.out, args.articles, args.surveys) {
        eprintln!("error: cannot write the project ({e})");
        std::process::exit(1);
    }
    if let Some(h) = &args.hugo {
        if h.exists() {
            std::fs::remove_dir_all(h).unwrap();
        }
        scale::hugo_site(h, args.articles);
    }
    println!(
        "wrote {} articles and {} surveys to {}",
        args.articles,
        args.surveys,
        args.out.display()
    );
}
