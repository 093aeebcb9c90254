//! `cargo xtask compat-freeze`: copies the client crate's current source (`generated/src`, with
//! `src/auto`, and its README, which `lib.rs` includes) into `tests/compat`, the kept copy of the
//! last release's client that the compat tests build against the current runtime. Run at a
//! release only (ARCHITECTURE.md, "The contract between generated code and runtime").

use std::fs;
use std::io;
use std::path::Path;

/// Where the client's source is, and where its kept copy goes, relative to the workspace root.
pub const CLIENT_DIR: &str = "generated";
/// See [`CLIENT_DIR`].
pub const COMPAT_DIR: &str = "tests/compat";

/// Replaces `tests/compat/src` and `tests/compat/README.md` with the client's; returns the
/// number of files copied. Files of the old copy that the client no longer has are removed.
///
/// # Errors
/// The first file that cannot be read, removed or written, with its path.
pub fn freeze(root: &Path) -> io::Result<usize> {
    let from = root.join(CLIENT_DIR);
    let to = root.join(COMPAT_DIR);
    let src = to.join("src");
    if src.exists() {
        fs::remove_dir_all(&src).map_err(|e| located(&src, e))?;
    }
    let copied = copy_tree(&from.join("src"), &src)?;
    let readme = from.join("README.md");
    fs::copy(&readme, to.join("README.md")).map_err(|e| located(&readme, e))?;
    Ok(copied + 1)
}

fn copy_tree(from: &Path, to: &Path) -> io::Result<usize> {
    fs::create_dir_all(to).map_err(|e| located(to, e))?;
    let mut entries: Vec<_> = fs::read_dir(from)
        .map_err(|e| located(from, e))?
        .collect::<Result<_, _>>()
        .map_err(|e| located(from, e))?;
    entries.sort_by_key(fs::DirEntry::file_name);
    let mut copied = 0;
    for entry in entries {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copied += copy_tree(&path, &target)?;
        } else {
            fs::copy(&path, &target).map_err(|e| located(&path, e))?;
            copied += 1;
        }
    }
    Ok(copied)
}

fn located(path: &Path, error: io::Error) -> io::Error {
    io::Error::new(error.kind(), format!("{}: {error}", path.display()))
}
