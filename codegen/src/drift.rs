//! How a directory's contents differ from the generated files: a pure comparison of contents.
//! Reading and writing the directory is the xtask's job (`xtask::workspace`); the library does
//! no IO.

use std::collections::BTreeMap;
use std::fmt;

use crate::GeneratedFile;

/// How the directory differs from what the generator produces.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drift {
    /// Files whose contents differ.
    pub stale: Vec<String>,
    /// Files that should exist but do not.
    pub missing: Vec<String>,
    /// `.rs` files that exist but are no longer generated.
    pub extra: Vec<String>,
}

impl Drift {
    /// True when the directory is up to date.
    pub fn is_clean(&self) -> bool {
        self.stale.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (label, list) in [
            ("stale", &self.stale),
            ("missing", &self.missing),
            ("extra", &self.extra),
        ] {
            for path in list {
                writeln!(f, "{label}: {path}")?;
            }
        }
        Ok(())
    }
}

/// Compares `files` with `existing`: the `.rs` files of a directory, by file name, with their
/// bytes.
pub fn diff(existing: &BTreeMap<String, Vec<u8>>, files: &[GeneratedFile]) -> Drift {
    let mut drift = Drift::default();
    for file in files {
        match existing.get(&file.path) {
            Some(bytes) if bytes.as_slice() == file.contents.as_bytes() => {}
            Some(_) => drift.stale.push(file.path.clone()),
            None => drift.missing.push(file.path.clone()),
        }
    }
    for name in existing.keys() {
        if !files.iter().any(|f| &f.path == name) {
            drift.extra.push(name.clone());
        }
    }
    drift
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.to_owned(),
            contents: contents.to_owned(),
        }
    }

    #[test]
    fn stale_missing_and_extra_are_told_apart() {
        let existing = BTreeMap::from([
            ("same.rs".to_owned(), b"a".to_vec()),
            ("stale.rs".to_owned(), b"old".to_vec()),
            ("gone.rs".to_owned(), b"x".to_vec()),
        ]);
        let files = [
            file("same.rs", "a"),
            file("stale.rs", "new"),
            file("new.rs", "n"),
        ];
        let drift = diff(&existing, &files);
        assert_eq!(drift.stale, ["stale.rs"]);
        assert_eq!(drift.missing, ["new.rs"]);
        assert_eq!(drift.extra, ["gone.rs"]);
        assert!(!drift.is_clean());
        assert_eq!(
            drift.to_string(),
            "stale: stale.rs\nmissing: new.rs\nextra: gone.rs\n"
        );
        assert!(
            diff(
                &BTreeMap::from([("a.rs".to_owned(), b"a".to_vec())]),
                &[file("a.rs", "a")]
            )
            .is_clean()
        );
    }
}
