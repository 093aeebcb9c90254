//! The workspace on disk: reading the spec, and writing generated files or checking that the
//! disk already matches. All of the generator's file IO lives here; `codegen` itself is pure.
//!
//! Writing is atomic per file (temporary file in the same directory, then rename), touches only
//! files whose bytes changed and removes `.rs` files that are no longer generated.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

pub use codegen::Drift;
use codegen::GeneratedFile;

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

/// The names of the `.rs` files in `dir` (none when it does not exist), sorted.
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

/// The `.rs` files now in `dir` (none when it does not exist), as generated files: what a
/// write would replace, for comparing APIs.
pub fn read(dir: &Path) -> io::Result<Vec<GeneratedFile>> {
    let mut files = Vec::new();
    for name in existing_rs_files(dir)? {
        let contents = fs::read_to_string(dir.join(&name))?;
        files.push(GeneratedFile {
            path: name,
            contents,
        });
    }
    Ok(files)
}

/// Compares `files` with the contents of `dir`.
pub fn check(dir: &Path, files: &[GeneratedFile]) -> io::Result<Drift> {
    let mut existing = BTreeMap::new();
    for name in existing_rs_files(dir)? {
        existing.insert(name.clone(), fs::read(dir.join(&name))?);
    }
    Ok(codegen::diff(&existing, files))
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
/// The client crate's changelog, where `cargo xtask codegen` keeps a draft of the API changes.
pub const CHANGELOG_PATH: &str = "generated/CHANGELOG.md";

/// Problems of a whole codegen run.
#[derive(Debug)]
pub enum SyncError {
    /// Reading or writing failed.
    Io(PathBuf, io::Error),
    /// The generator refused the spec.
    Generate(codegen::Errors),
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

/// The crate `generated/src/auto` is compiled into (its doc examples name it); its user agent
/// and everything else DigitalOcean's come from the spec (`x-client-environment`, ...).
pub const GENERATED_CRATE: &str = "digitalocean_client";

/// Reads the spec under `root` and generates its files in memory.
pub fn generate_from(root: &Path) -> Result<Vec<GeneratedFile>, SyncError> {
    generate_spec(&root.join(SPEC_PATH), SPEC_PATH)
}

/// Reads the spec at `spec` and generates its files in memory (strict mode), naming `source`
/// in the banner of every file.
pub fn generate_spec(spec: &Path, source: &str) -> Result<Vec<GeneratedFile>, SyncError> {
    let text = fs::read_to_string(spec).map_err(|e| SyncError::Io(spec.to_path_buf(), e))?;
    let options = codegen::Options {
        lenient: false,
        source: source.to_owned(),
        client: codegen::ClientOptions {
            crate_name: Some(GENERATED_CRATE.to_owned()),
            ..codegen::ClientOptions::default()
        },
    };
    let report = codegen::generate_with(&text, &options);
    if report.errors.is_empty() {
        Ok(report.files)
    } else {
        Err(SyncError::Generate(codegen::Errors(report.errors)))
    }
}

/// `cargo xtask codegen --check` in-process: the drift between the spec and `generated/src/auto`.
pub fn check_workspace(root: &Path) -> Result<Drift, SyncError> {
    let files = generate_from(root)?;
    let dir = root.join(OUT_DIR);
    check(&dir, &files).map_err(|e| SyncError::Io(dir, e))
}
