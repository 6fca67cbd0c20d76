//! The build cache: Typst results (PDFs, PNGs) stored by the hash of everything they were
//! made from, so an unchanged infographic or social image is never compiled twice.
//!
//! It lives next to the output folder (`.<output>.barograph-cache/`), can always be
//! deleted, and is never trusted blindly: each entry carries the hash of its content and
//! of every project file the template read; an entry that fails either check is ignored
//! (and rebuilt), never used.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Bumped whenever the meaning of a key changes.
const FORMAT: &str = "barograph-cache-1";

/// A file of the project an entry depends on, with the hash it had.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Dep {
    /// Path relative to the project root.
    pub path: String,
    /// blake3 of its bytes, hex.
    pub hash: String,
}

/// A result to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The key it is stored under.
    pub key: blake3::Hash,
    /// Project files read to make it.
    pub deps: Vec<Dep>,
    /// The result.
    pub bytes: Vec<u8>,
}

/// A stored result, checked: its file, size and content hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedFile {
    /// The file holding exactly the result's bytes.
    pub path: PathBuf,
    /// Its size.
    pub len: u64,
    /// blake3 of its bytes.
    pub hash: blake3::Hash,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Meta {
    content: String,
    len: u64,
    deps: Vec<Dep>,
}

/// The cache of one output folder. Entries are files named after their key; their
/// metadata lives in one index, read once and written back after a successful build.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: Option<PathBuf>,
    root: PathBuf,
    index: std::sync::Arc<std::sync::Mutex<Option<BTreeMap<String, Meta>>>>,
}

/// Name of the index file in the cache folder.
const INDEX: &str = "index.json";

/// A cache key: the format, the tool version, then every part given.
pub(crate) fn key(parts: &[&[u8]]) -> blake3::Hash {
    let mut h = blake3::Hasher::new();
    h.update(FORMAT.as_bytes());
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    for p in parts {
        h.update(&(p.len() as u64).to_le_bytes());
        h.update(p);
    }
    h.finalize()
}

/// Where the cache of `out` lives.
pub(crate) fn dir_for(out: &Path) -> PathBuf {
    let out = super::absolute(out);
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    out.with_file_name(format!(".{name}.barograph-cache"))
}

/// blake3 of a regular file, read in chunks (no copy of the whole file in memory).
pub(crate) fn hash_file(path: &Path) -> Option<(blake3::Hash, u64)> {
    let (file, _) = crate::load::files::open_regular(path, u64::MAX).ok()?;
    hash_open(file)
}

/// blake3 of an open file and its length, read in chunks.
pub(crate) fn hash_open(mut file: fs::File) -> Option<(blake3::Hash, u64)> {
    use std::io::Read;
    let mut hasher = blake3::Hasher::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut len = 0u64;
    loop {
        let n = file.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        len += n as u64;
    }
    Some((hasher.finalize(), len))
}

impl Cache {
    /// The cache for the output folder `out` of the project at `root`.
    pub fn for_output(root: &Path, out: &Path) -> Cache {
        Cache {
            dir: Some(dir_for(out)),
            root: root.to_path_buf(),
            index: Default::default(),
        }
    }

    /// A cache that never hits and stores nothing (for `check` and benchmarks).
    pub fn disabled() -> Cache {
        Cache {
            dir: None,
            root: PathBuf::new(),
            index: Default::default(),
        }
    }

    /// Run `f` on the index, reading it from disk the first time (an unreadable index
    /// is an empty one: everything is rebuilt).
    fn with_index<T>(&self, f: impl FnOnce(&mut BTreeMap<String, Meta>) -> T) -> Option<T> {
        let dir = self.dir.as_ref()?;
        let mut guard = self.index.lock().unwrap_or_else(|e| e.into_inner());
        let index = guard.get_or_insert_with(|| {
            fs::read(dir.join(INDEX))
                .ok()
                .and_then(|b| serde_json::from_slice(&b).ok())
                .unwrap_or_default()
        });
        Some(f(index))
    }

    fn path(&self, key: &blake3::Hash) -> Option<PathBuf> {
        self.dir
            .as_ref()
            .map(|d| d.join(format!("{}.bin", key.to_hex())))
    }

    /// The stored result for `key`, if present, intact and still up to date: its size
    /// and content hash match the index, and every project file it read is unchanged.
    pub(crate) fn get(&self, key: &blake3::Hash) -> Option<CachedFile> {
        let bin = self.path(key)?;
        let meta = self.with_index(|i| i.get(key.to_hex().as_str()).cloned())??;
        let fresh = meta.deps.iter().all(|d| {
            crate::load::files::read(
                &self.root,
                Path::new(&d.path),
                crate::load::files::MAX_RESOURCE_BYTES,
            )
            .is_ok_and(|b| blake3::hash(&b).to_hex().as_str() == d.hash)
        });
        if !fresh {
            return None;
        }
        let (hash, len) = hash_file(&bin)?;
        (len == meta.len && hash.to_hex().as_str() == meta.content).then_some(CachedFile {
            path: bin,
            len,
            hash,
        })
    }

    /// Store `entry`; the handle to the stored file, or `None` if the cache is disabled or
    /// the write failed (the caller then keeps the bytes in memory). A write cut short
    /// leaves a file that fails the hash check next time: a miss, never a wrong result.
    pub(crate) fn put(&self, entry: &Entry) -> Option<CachedFile> {
        let bin = self.path(&entry.key)?;
        fs::create_dir_all(bin.parent()?).ok()?;
        fs::write(&bin, &entry.bytes).ok()?;
        let hash = blake3::hash(&entry.bytes);
        let meta = Meta {
            content: hash.to_hex().to_string(),
            len: entry.bytes.len() as u64,
            deps: entry.deps.clone(),
        };
        self.with_index(|i| i.insert(entry.key.to_hex().to_string(), meta.clone()));
        Some(CachedFile {
            path: bin,
            len: meta.len,
            hash,
        })
    }

    /// Keep only the entries this build used, and write the index back.
    pub(crate) fn retain(&self, used: &[blake3::Hash]) {
        let Some(dir) = self.dir.clone() else { return };
        let keep: std::collections::BTreeSet<String> =
            used.iter().map(|k| k.to_hex().to_string()).collect();
        let index = self.with_index(|i| {
            i.retain(|k, _| keep.contains(k));
            i.clone()
        });
        if let Ok(list) = fs::read_dir(&dir) {
            for f in list.filter_map(Result::ok) {
                let name = f.file_name().to_string_lossy().into_owned();
                let stem = name.split('.').next().unwrap_or("");
                if name != INDEX && !keep.contains(stem) {
                    let _ = fs::remove_file(f.path());
                }
            }
        }
        if let Some(index) = index
            && let Ok(json) = serde_json::to_vec(&index)
        {
            let tmp = dir.join(format!(".{INDEX}.tmp-{}", std::process::id()));
            if fs::write(&tmp, json).is_ok() {
                let _ = fs::rename(&tmp, dir.join(INDEX));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(k: blake3::Hash, deps: Vec<Dep>, bytes: &[u8]) -> Entry {
        Entry {
            key: k,
            deps,
            bytes: bytes.to_vec(),
        }
    }

    #[test]
    fn entries_round_trip_and_corruption_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let cache = Cache::for_output(dir.path(), &out);
        let k = key(&[b"pdf", b"data"]);
        let stored = cache.put(&entry(k, vec![], b"%PDF")).unwrap();
        assert_eq!(fs::read(&stored.path).unwrap(), b"%PDF");
        assert_eq!(cache.get(&k), Some(stored.clone()));
        let mut raw = fs::read(&stored.path).unwrap();
        raw[0] ^= 0xff;
        fs::write(&stored.path, raw).unwrap();
        assert_eq!(cache.get(&k), None, "a corrupt entry is not used");
        cache.retain(&[k]);
        fs::write(dir_for(&out).join(INDEX), b"garbage").unwrap();
        assert_eq!(
            Cache::for_output(dir.path(), &out).get(&k),
            None,
            "a corrupt index is an empty one"
        );
    }

    #[test]
    fn a_changed_dependency_invalidates_the_entry() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("logo.svg"), "<svg/>").unwrap();
        let out = dir.path().join("output");
        let cache = Cache::for_output(dir.path(), &out);
        let k = key(&[b"x"]);
        let dep = Dep {
            path: "logo.svg".into(),
            hash: blake3::hash(b"<svg/>").to_hex().to_string(),
        };
        cache.put(&entry(k, vec![dep], b"png")).unwrap();
        assert!(cache.get(&k).is_some());
        fs::write(dir.path().join("logo.svg"), "<svg></svg>").unwrap();
        assert!(cache.get(&k).is_none());
    }

    #[test]
    fn unused_entries_are_dropped_and_a_disabled_cache_stores_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let cache = Cache::for_output(dir.path(), &out);
        let (a, b) = (key(&[b"a"]), key(&[b"b"]));
        cache.put(&entry(a, vec![], &[1])).unwrap();
        cache.put(&entry(b, vec![], &[2])).unwrap();
        cache.retain(&[b]);
        let reopened = Cache::for_output(dir.path(), &out);
        assert!(reopened.get(&a).is_none() && reopened.get(&b).is_some());
        assert!(Cache::disabled().put(&entry(a, vec![], &[1])).is_none());
    }
}
