//! Writes generated files to disk, or checks that the disk already matches.
//!
//! Writing is atomic per file (temporary file in the same directory, then rename), touches only
//! files whose bytes changed and removes `.rs` files that are no longer generated.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

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

/// What a write changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    /// Files created or rewritten.
    pub written: Vec<String>,
    /// Files removed.
    pub removed: Vec<String>,
    /// Files left alone because their bytes were already right.
    pub unchanged: Vec<String>,
}

fn existing_rs_files(dir: &Path) -> io::Result<Vec<String>> {
    let mut out = Vec::new();
    match fs::read_dir(dir) {
        Ok(entries) => {
            for entry in entries {
                let entry = entry?;
                let name = entry.file_name().to_string_lossy().into_owned();
                if entry.file_type()?.is_file() && name.ends_with(".rs") {
                    out.push(name);
                }
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    out.sort();
    Ok(out)
}

/// Compares `files` with the contents of `dir`.
pub fn check(dir: &Path, files: &[GeneratedFile]) -> io::Result<Drift> {
    let mut drift = Drift::default();
    for file in files {
        match fs::read(dir.join(&file.path)) {
            Ok(bytes) if bytes == file.contents.as_bytes() => {}
            Ok(_) => drift.stale.push(file.path.clone()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => drift.missing.push(file.path.clone()),
            Err(e) => return Err(e),
        }
    }
    for name in existing_rs_files(dir)? {
        if !files.iter().any(|f| f.path == name) {
            drift.extra.push(name);
        }
    }
    Ok(drift)
}

/// Makes `dir` hold exactly `files`.
pub fn write(dir: &Path, files: &[GeneratedFile]) -> io::Result<Written> {
    fs::create_dir_all(dir)?;
    let mut report = Written::default();
    for file in files {
        let target = dir.join(&file.path);
        match fs::read(&target) {
            Ok(bytes) if bytes == file.contents.as_bytes() => {
                report.unchanged.push(file.path.clone());
                continue;
            }
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        let temp: PathBuf = dir.join(format!(".{}.tmp", file.path));
        fs::write(&temp, file.contents.as_bytes())?;
        if let Err(e) = fs::rename(&temp, &target) {
            let _ = fs::remove_file(&temp);
            return Err(e);
        }
        report.written.push(file.path.clone());
    }
    for name in existing_rs_files(dir)? {
        if !files.iter().any(|f| f.path == name) {
            fs::remove_file(dir.join(&name))?;
            report.removed.push(name);
        }
    }
    Ok(report)
}

/// Where the spec and the generated modules live, relative to the workspace root.
pub const SPEC_PATH: &str = "spec/digitalocean.yaml";
/// The directory `cargo xtask codegen` writes.
pub const OUT_DIR: &str = "generated/src/auto";

/// Problems of a whole codegen run.
#[derive(Debug)]
pub enum SyncError {
    /// Reading or writing failed.
    Io(PathBuf, io::Error),
    /// The generator refused the spec.
    Generate(crate::Errors),
}

impl fmt::Display for SyncError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SyncError::Io(path, e) => write!(f, "{}: {e}", path.display()),
            SyncError::Generate(errors) => write!(f, "{errors}"),
        }
    }
}

impl std::error::Error for SyncError {}

/// Reads the spec under `root` and generates its files in memory.
pub fn generate_from(root: &Path) -> Result<Vec<GeneratedFile>, SyncError> {
    generate_spec(&root.join(SPEC_PATH), SPEC_PATH)
}

/// Reads the spec at `spec` and generates its files in memory (strict mode), naming `source`
/// in the banner of every file.
pub fn generate_spec(spec: &Path, source: &str) -> Result<Vec<GeneratedFile>, SyncError> {
    let text = fs::read_to_string(spec).map_err(|e| SyncError::Io(spec.to_path_buf(), e))?;
    let options = crate::Options {
        lenient: false,
        source: source.to_owned(),
    };
    let report = crate::generate_with(&text, &options);
    if report.errors.is_empty() {
        Ok(report.files)
    } else {
        Err(SyncError::Generate(crate::Errors(report.errors)))
    }
}

/// `cargo xtask codegen --check` in-process: the drift between the spec and `generated/src/auto`.
pub fn check_workspace(root: &Path) -> Result<Drift, SyncError> {
    let files = generate_from(root)?;
    let dir = root.join(OUT_DIR);
    check(&dir, &files).map_err(|e| SyncError::Io(dir, e))
}
