//! Builds that race: two `barograph build` processes started together while `serve`
//! rebuilds the same output after each edit, for 100 rounds. Each round must end with
//! a complete output (marker and pages), every build must succeed, and nothing may be
//! left behind for the next build to trip on.

mod common;

use std::fs;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

const ROUNDS: usize = 100;

/// A child process killed when dropped, so a failing test leaves no `serve` behind.
struct Killed(std::process::Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn two_builds_and_a_serve_rebuild_racing_never_leave_the_output_stuck() {
    let project = project_with_overlay(None);
    let root = project.path();
    let out = root.join("output");
    let bin = env!("CARGO_BIN_EXE_barograph");
    let mut serve = Killed(
        Command::new(bin)
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut lines = BufReader::new(serve.0.stdout.take().unwrap()).lines();
    let started = lines
        .by_ref()
        .take(3)
        .map_while(Result::ok)
        .any(|l| l.starts_with("serving"));
    assert!(started, "serve did not start");
    // Keep reading what serve prints, so it never blocks on a full pipe.
    let rebuilds = std::thread::spawn(move || {
        lines
            .map_while(Result::ok)
            .filter(|l| l.starts_with("built"))
            .count()
    });
    let article = root.join("content/articles/resultats.md");
    let text = fs::read_to_string(&article).unwrap();
    let start = Instant::now();
    for round in 0..ROUNDS {
        fs::write(
            &article,
            text.replace("Au total", &format!("Au total (tour {round})")),
        )
        .unwrap();
        let builds: Vec<_> = (0..2)
            .map(|_| {
                Command::new(bin)
                    .args(["build", "--root"])
                    .arg(root)
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for b in builds {
            let output = b.wait_with_output().unwrap();
            assert!(
                output.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        assert!(
            out.join(barograph::output::MARKER).is_file(),
            "round {round}: marker lost"
        );
        let page = fs::read_to_string(out.join("resultats/index.html")).unwrap();
        assert!(
            page.contains(&format!("tour {round})")),
            "round {round}: stale page"
        );
    }
    drop(serve);
    let rebuilt = rebuilds.join().unwrap();
    eprintln!(
        "{ROUNDS} rounds in {:.1} s; serve rebuilt {rebuilt} times",
        start.elapsed().as_secs_f64()
    );
    assert!(rebuilt > 0, "serve took part in the race");
    // The project is not stuck: a last build succeeds and leaves no temporary folder.
    let status = Command::new(bin)
        .args(["build", "--root"])
        .arg(root)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let leftovers: Vec<String> = fs::read_dir(root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-") || n.contains(".old-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert!(start.elapsed() < Duration::from_secs(600));
}
