//! Fuzz the data handoff to Typst: any strings as labels, title, quote. The infographic
//! must always compile (strings are data, never Typst code), or be refused as too big
//! for its page, and never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let s = common::parts(data, 16);
    let files = [
        ("site.yaml", common::SITE.to_string()),
        (
            "data/s.yaml",
            common::survey(&s, &[50.0, 40.0, 30.0, 20.0, 10.0, 30.0, 20.0, 10.0]),
        ),
        ("content/quotes/q.yaml", common::quotes(&s[14], &s[15])),
    ];
    let (project, mut diags) = common::project(&files);
    diags.extend(barograph::validate::validate(&project));
    if diags.has_errors() {
        return;
    }
    let resolved = barograph::resolve::resolve(&project).expect("valid input resolves");
    let pdfs = barograph::render_pdfs(&project, &resolved);
    if let Err(d) = &pdfs {
        // Refusing content too big for the page is the capacity rule at work, not a
        // failure of the handoff.
        if d.iter().all(|e| e.message.contains("does not fit")) {
            return;
        }
        panic!("the infographic failed on data alone: {d}");
    }
});
