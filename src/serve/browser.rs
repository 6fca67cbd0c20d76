//! Opening the served site in the reader's browser (`serve --open`): the system's own
//! opener (`xdg-open`, `open` on macOS, `start` on Windows), its output silenced, waited
//! for on a thread of its own so serving goes on meanwhile.

/// Open `url`; `failed` runs if no browser could be opened.
pub fn open(url: &str, failed: impl FnOnce() + Send + 'static) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    let spawned = command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    let _ = std::thread::Builder::new()
        .name("open".into())
        .spawn(move || {
            let ok = spawned
                .and_then(|mut child| child.wait())
                .is_ok_and(|s| s.success());
            if !ok {
                failed();
            }
        });
}
