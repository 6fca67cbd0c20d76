//! Link the `barograph` binary as a position-dependent executable on Linux: Typst's
//! large static tables otherwise need about 115,000 relocations at every start, a few
//! milliseconds of a no-op rebuild (measured in `docs/performance.md`). Only the final
//! link changes; every crate is compiled as before.

fn main() {
    let target_os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if target_os == "linux" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
