//! Tests of the output folder: swaps, refusals, leftovers, the user's files, repair.

use std::fs;
use std::path::Path;

use super::*;

const MARKER_TEXT: &str = "{}";

fn file(p: &str, s: &str) -> OutputFile {
    OutputFile::new(p, s.as_bytes().to_vec())
}

#[test]
fn writes_then_replaces_and_drops_removed_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    write_site(
        dir.path(),
        &out,
        &[file("a/index.html", "A"), file("b.txt", "B")],
        &cache::Cache::disabled(),
        &[],
    )
    .unwrap();
    assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "A");
    write_site(
        dir.path(),
        &out,
        &[file("a/index.html", "A2")],
        &cache::Cache::disabled(),
        &[],
    )
    .unwrap();
    assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "A2");
    assert!(!out.join("b.txt").exists());
    let siblings: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(siblings.len(), 1, "no temporary folder left behind");
}

#[test]
#[cfg(target_os = "linux")]
fn the_output_never_disappears_while_it_is_replaced() {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    let write = |n: usize| {
        let page = file("index.html", &format!("build {n}"));
        write_site(dir.path(), &out, &[page], &cache::Cache::disabled(), &[]).unwrap();
    };
    write(0);
    let (done, checks, missing) = (
        AtomicBool::new(false),
        AtomicUsize::new(0),
        AtomicUsize::new(0),
    );
    std::thread::scope(|s| {
        s.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                if !out.join("index.html").is_file() {
                    missing.fetch_add(1, Ordering::Relaxed);
                }
                checks.fetch_add(1, Ordering::Relaxed);
            }
        });
        for n in 1..=200 {
            write(n);
        }
        done.store(true, Ordering::Relaxed);
    });
    assert!(checks.load(Ordering::Relaxed) > 0);
    assert_eq!(
        missing.load(Ordering::Relaxed),
        0,
        "the output was missing while swapped"
    );
    assert_eq!(
        fs::read_to_string(out.join("index.html")).unwrap(),
        "build 200"
    );
    let siblings: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(siblings.len(), 1, "no temporary folder left behind");
}

#[test]
fn refuses_dangerous_targets() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    assert!(check_target(root, root).is_err());
    assert!(check_target(root, root.parent().unwrap()).is_err());
    assert!(check_target(root, Path::new("/")).is_err());
    assert!(check_target(root, &root.join("content/out")).is_err());
    fs::create_dir(root.join("mine")).unwrap();
    fs::write(root.join("mine/keep.txt"), "x").unwrap();
    let err = check_target(root, &root.join("mine")).unwrap_err();
    assert!(err.message.contains("did not create"), "{err}");
    assert!(check_target(root, &root.join("new")).is_ok());
}

#[test]
fn unsafe_paths_are_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    write_site(
        dir.path(),
        &out,
        &[file("index.html", "old")],
        &cache::Cache::disabled(),
        &[],
    )
    .unwrap();
    assert!(
        write_site(
            dir.path(),
            &out,
            &[file("../evil", "x")],
            &cache::Cache::disabled(),
            &[]
        )
        .is_err()
    );
    assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
    assert!(!dir.path().join("evil").exists());
}

#[test]
fn leftovers_are_cleaned_and_a_lost_output_restored() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    let old = dir.path().join(".output.old-1");
    fs::create_dir(&old).unwrap();
    fs::write(old.join(MARKER), MARKER_TEXT).unwrap();
    let tmp = dir.path().join(".output.tmp-2");
    fs::create_dir(&tmp).unwrap();
    fs::write(tmp.join(MARKER), MARKER_TEXT).unwrap();
    clean_leftovers(&out);
    assert!(
        out.join(MARKER).is_file(),
        "the previous output is restored"
    );
    assert!(!tmp.exists() && !old.exists());
}

fn build(dir: &Path, out: &Path, files: &[OutputFile]) -> Result<WriteReport, Diagnostics> {
    write_site(dir, out, files, &cache::Cache::disabled(), &[])
}

#[test]
fn the_users_files_survive_every_build() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    build(
        dir.path(),
        &out,
        &[file("index.html", "A"), file("a/b.html", "B")],
    )
    .unwrap();
    fs::create_dir_all(out.join(".git/objects/ab")).unwrap();
    fs::write(out.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    fs::write(out.join(".git/objects/ab/cdef"), "blob").unwrap();
    fs::write(out.join("CNAME"), "barometre.example.org\n").unwrap();
    fs::write(out.join("a/notes.txt"), "mine").unwrap();
    std::os::unix::fs::symlink("index.html", out.join("home.html")).unwrap();
    let report = build(
        dir.path(),
        &out,
        &[file("index.html", "A2"), file("a/b.html", "B")],
    )
    .unwrap();
    assert_eq!((report.written, report.kept), (1, 1), "{report:?}");
    assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "A2");
    assert_eq!(
        fs::read_to_string(out.join(".git/HEAD")).unwrap(),
        "ref: refs/heads/gh-pages\n"
    );
    assert_eq!(
        fs::read_to_string(out.join(".git/objects/ab/cdef")).unwrap(),
        "blob"
    );
    assert_eq!(
        fs::read_to_string(out.join("CNAME")).unwrap(),
        "barometre.example.org\n"
    );
    assert_eq!(fs::read_to_string(out.join("a/notes.txt")).unwrap(), "mine");
    assert_eq!(
        fs::read_link(out.join("home.html")).unwrap(),
        Path::new("index.html")
    );
    // A page barograph no longer makes goes; the user's files stay, and so does the
    // folder holding one of them.
    let report = build(dir.path(), &out, &[file("index.html", "A3")]).unwrap();
    assert_eq!(report.removed, 1);
    assert!(!out.join("a/b.html").exists());
    assert!(out.join("a/notes.txt").is_file() && out.join(".git/HEAD").is_file());
    // A folder of barograph's left empty goes.
    build(
        dir.path(),
        &out,
        &[file("index.html", "A3"), file("x/y/z.html", "Z")],
    )
    .unwrap();
    build(dir.path(), &out, &[file("index.html", "A3")]).unwrap();
    assert!(!out.join("x").exists());
}

#[test]
fn a_file_of_the_users_in_the_way_stops_the_build_and_is_not_touched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    build(dir.path(), &out, &[file("index.html", "A")]).unwrap();
    fs::write(out.join("about.html"), "my page").unwrap();
    let err = build(
        dir.path(),
        &out,
        &[file("index.html", "A"), file("about.html", "B")],
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("in the way") && err.contains("`about.html`"),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(out.join("about.html")).unwrap(),
        "my page"
    );
}

#[test]
fn a_file_edited_by_hand_is_repaired_even_at_the_same_size() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    let files = [file("index.html", "figure: 72 %"), file("b.html", "B")];
    build(dir.path(), &out, &files).unwrap();
    fs::write(out.join("index.html"), "figure: 99 %").unwrap();
    let report = build(dir.path(), &out, &files).unwrap();
    assert!(!report.unchanged);
    assert_eq!(
        fs::read_to_string(out.join("index.html")).unwrap(),
        "figure: 72 %"
    );
    // Changed elsewhere: the edited file is not carried over as "unchanged" either.
    fs::write(out.join("index.html"), "figure: 99 %").unwrap();
    build(
        dir.path(),
        &out,
        &[file("index.html", "figure: 72 %"), file("b.html", "B2")],
    )
    .unwrap();
    assert_eq!(
        fs::read_to_string(out.join("index.html")).unwrap(),
        "figure: 72 %"
    );
    // A deleted file comes back.
    fs::remove_file(out.join("b.html")).unwrap();
    build(
        dir.path(),
        &out,
        &[file("index.html", "figure: 72 %"), file("b.html", "B2")],
    )
    .unwrap();
    assert_eq!(fs::read_to_string(out.join("b.html")).unwrap(), "B2");
    assert!(
        build(
            dir.path(),
            &out,
            &[file("index.html", "figure: 72 %"), file("b.html", "B2")]
        )
        .unwrap()
        .unchanged
    );
}

#[test]
fn a_dangling_link_as_output_gets_its_own_message() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    std::os::unix::fs::symlink(dir.path().join("gone"), &out).unwrap();
    let err = check_target(dir.path(), &out).unwrap_err();
    assert!(
        err.message.contains("symbolic link") && err.message.contains("does not exist"),
        "{err}"
    );
    assert!(!err.hint.unwrap_or_default().contains("free space"));
}

#[test]
fn a_refused_folder_lists_what_it_holds() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    fs::create_dir(&out).unwrap();
    for n in ["CNAME", "index.html", "a.css", "b.js"] {
        fs::write(out.join(n), "x").unwrap();
    }
    let err = check_target(dir.path(), &out).unwrap_err();
    assert!(
        err.message.contains("`CNAME`, `a.css`, `b.js` and 1 more"),
        "{err}"
    );
}

#[test]
fn builds_of_one_output_wait_for_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    let first = lock(&out).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let waiter = {
        let out = out.clone();
        std::thread::spawn(move || {
            let l = lock(&out).unwrap();
            tx.send(()).unwrap();
            l.waited
        })
    };
    assert!(
        rx.recv_timeout(std::time::Duration::from_millis(200))
            .is_err(),
        "the second build waits"
    );
    drop(first);
    let waited = waiter.join().unwrap();
    assert!(
        waited >= std::time::Duration::from_millis(150),
        "{waited:?}"
    );
}

#[test]
fn a_file_the_user_writes_during_a_build_is_never_lost() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    build(dir.path(), &out, &[file("index.html", "0")]).unwrap();
    let done = std::sync::atomic::AtomicBool::new(false);
    let written = std::thread::scope(|s| {
        let writer = s.spawn(|| {
            let mut n = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                fs::write(out.join(format!("mine-{n}.txt")), "x").unwrap();
                n += 1;
            }
            n
        });
        for i in 1..=50 {
            let pages: Vec<OutputFile> = (0..20)
                .map(|p| file(&format!("p{p}/index.html"), &format!("{i}")))
                .chain([file("index.html", &i.to_string())])
                .collect();
            build(dir.path(), &out, &pages).unwrap();
        }
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        writer.join().unwrap()
    });
    assert!(written > 0);
    for n in 0..written {
        assert!(
            out.join(format!("mine-{n}.txt")).is_file(),
            "mine-{n}.txt was lost"
        );
    }
}

#[test]
fn a_failed_commit_puts_the_output_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    build(
        dir.path(),
        &out,
        &[file("a/index.html", "A"), file("b/index.html", "B")],
    )
    .unwrap();
    // A folder the build cannot write into: `c/` is made read-only after `a` is
    // replaced (the files are committed in path order), unless running as root, whom
    // permissions do not stop; then a file stands where the folder must be.
    fs::create_dir(out.join("c")).unwrap();
    fs::write(out.join("c/index.html"), "mine").unwrap();
    let err = build(
        dir.path(),
        &out,
        &[
            file("a/index.html", "A2"),
            file("b/index.html", "B2"),
            file("c/index.html", "C"),
        ],
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("in the way"), "{err}");
    assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "A");
    assert_eq!(fs::read_to_string(out.join("b/index.html")).unwrap(), "B");
    let rolled = {
        let mut commit = tree::Commit::new(&out, &dir.path().join("stage")).unwrap();
        fs::create_dir_all(dir.path().join("stage/new/b")).unwrap();
        fs::write(dir.path().join("stage/new/b/index.html"), "B3").unwrap();
        fs::create_dir_all(dir.path().join("stage/new/d")).unwrap();
        fs::write(dir.path().join("stage/new/d/index.html"), "D").unwrap();
        commit.put(Path::new("b/index.html")).unwrap();
        commit.put(Path::new("d/index.html")).unwrap();
        commit
            .remove(Path::new("a/index.html"), &Default::default())
            .unwrap();
        assert_eq!(fs::read_to_string(out.join("b/index.html")).unwrap(), "B3");
        assert!(!out.join("a").exists());
        commit.roll_back()
    };
    assert!(rolled);
    assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "A");
    assert_eq!(fs::read_to_string(out.join("b/index.html")).unwrap(), "B");
    assert!(!out.join("d").exists());
}

#[test]
fn a_staging_folder_left_without_its_marker_is_still_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    let stage = dir.path().join(".output.tmp-99999");
    fs::create_dir_all(stage.join("new/resultats")).unwrap();
    fs::write(stage.join("new/resultats/index.html"), "x").unwrap();
    let mine = dir.path().join(".output.tmp-mine");
    fs::create_dir_all(&mine).unwrap();
    fs::write(mine.join("notes.txt"), "keep").unwrap();
    clean_leftovers(&out);
    assert!(!stage.exists());
    assert!(
        mine.join("notes.txt").is_file(),
        "a folder that is not a stage is kept"
    );
}
