//! `cargo xtask codegen`: regenerates (or with `--check` only compares) `generated/src/auto`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use codegen::sync::{self, SyncError};

/// The workspace root: the parent of this crate's manifest directory.
fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// `cargo xtask codegen [--check] [--spec PATH]`: `spec` replaces `spec/digitalocean.yaml` as
/// the input (a relative path is read from the current directory).
pub fn run(check: bool, spec: Option<&str>) -> ExitCode {
    let started = Instant::now();
    let root = root();
    let (spec_path, source) = match spec {
        Some(path) => (PathBuf::from(path), path.to_owned()),
        None => (root.join(sync::SPEC_PATH), sync::SPEC_PATH.to_owned()),
    };
    let files = match sync::generate_spec(&spec_path, &source) {
        Ok(files) => files,
        Err(SyncError::Generate(errors)) => {
            eprintln!(
                "error: {} problem(s) in {source}; nothing was written:",
                errors.0.len(),
            );
            for error in &errors.0 {
                eprintln!("  [{:?}] {error}", error.kind);
            }
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let dir = root.join(sync::OUT_DIR);
    if check {
        match sync::check(&dir, &files) {
            Ok(drift) if drift.is_clean() => {
                println!(
                    "{} is up to date ({} files, {:.0?})",
                    sync::OUT_DIR,
                    files.len(),
                    started.elapsed()
                );
                ExitCode::SUCCESS
            }
            Ok(drift) => {
                eprintln!("{} is out of date with {source}:", sync::OUT_DIR);
                eprint!("{drift}");
                eprintln!("run `cargo xtask codegen` to fix it");
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("error: {}: {e}", dir.display());
                ExitCode::FAILURE
            }
        }
    } else {
        match sync::write(&dir, &files) {
            Ok(written) => {
                for path in &written.written {
                    println!("wrote {}/{path}", sync::OUT_DIR);
                }
                for path in &written.removed {
                    println!("removed {}/{path}", sync::OUT_DIR);
                }
                println!(
                    "{} files, {} written, {} removed, {} unchanged ({:.0?})",
                    files.len(),
                    written.written.len(),
                    written.removed.len(),
                    written.unchanged.len(),
                    started.elapsed()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {}: {e}", dir.display());
                ExitCode::FAILURE
            }
        }
    }
}

pub fn bench(spec: Option<&str>) -> ExitCode {
    let path = spec.map_or_else(
        || PathBuf::from("/work/shared/bench/digitalocean-rest.yaml"),
        PathBuf::from,
    );
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    };
    // Time the front half (load + lower) separately from the whole run.
    let front = Instant::now();
    if let Ok(loaded) = codegen::load::load(&text) {
        let _ = codegen::lower::lower(&loaded.document, true);
    }
    let front = front.elapsed();
    let started = Instant::now();
    let options = codegen::Options {
        lenient: true,
        source: path.display().to_string(),
    };
    let report = codegen::generate_with(&text, &options);
    let elapsed = started.elapsed();
    for error in &report.errors {
        println!("{error}");
    }
    let bytes: usize = report.files.iter().map(|f| f.contents.len()).sum();
    println!(
        "{}/{} operations generated, {} errors, {} files, {} bytes, {:.0?} (load + lower {:.0?})",
        report.operations_generated,
        report.operations_total,
        report.errors.len(),
        report.files.len(),
        bytes,
        elapsed,
        front
    );
    ExitCode::SUCCESS
}
