//! `cargo xtask codegen`: regenerates (or with `--check` only compares) `generated/src/auto`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use codegen::{GeneratedFile, api};
use xtask::workspace::{self, SyncError};

/// The workspace root: `XTASK_WORKSPACE` when set (tests point it at a scratch copy holding
/// `spec/` and `generated/src/auto`), else the parent of this crate's manifest directory.
pub fn root() -> PathBuf {
    if let Some(dir) = std::env::var_os("XTASK_WORKSPACE").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    // `cargo run` sets CARGO_MANIFEST_DIR for the process it starts, so a binary built from
    // another checkout (a shared CARGO_TARGET_DIR that cargo did not rebuild) still works on the
    // checkout it was run from. The compile-time value is the fallback for running the binary
    // directly.
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .filter(|d| !d.is_empty())
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    manifest
        .parent()
        .map_or_else(|| manifest.clone(), Path::to_path_buf)
}

/// `cargo xtask codegen [--check] [--spec PATH]`: `spec` replaces `spec/digitalocean.yaml` as
/// the input (a relative path is read from the current directory).
pub fn run(check: bool, spec: Option<&str>) -> ExitCode {
    let started = Instant::now();
    let root = root();
    let (spec_path, source) = match spec {
        Some(path) => (PathBuf::from(path), path.to_owned()),
        None => (
            root.join(workspace::SPEC_PATH),
            workspace::SPEC_PATH.to_owned(),
        ),
    };
    let files = match workspace::generate_spec(&spec_path, &source) {
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
    let dir = root.join(workspace::OUT_DIR);
    let comparison = match compare(&dir, &files) {
        Ok(comparison) => comparison,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let code = sync(check, &dir, &files, &source, started);
    if let (Comparison::Done(report), true) = (&comparison, code == ExitCode::SUCCESS && !check) {
        record_in_changelog(&root, report);
    }
    print_report(&comparison, check);
    code
}

/// The API comparison of a run.
enum Comparison {
    /// What the generated files do to the API of the files they replace.
    Done(api::Report),
    /// The files being replaced are not Rust (a merge conflict, a hand edit): why. Generation
    /// goes on, since regenerating is how such a tree is fixed, but nothing can be promised.
    Unknown(String),
}

/// Compares the generated files with the files now in `dir` (the ones a write replaces).
fn compare(dir: &Path, files: &[GeneratedFile]) -> Result<Comparison, String> {
    let old = workspace::read(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let new = api::Api::extract(files).map_err(|e| format!("generated {e} (a generator bug)"))?;
    Ok(match api::Api::extract(&old) {
        Ok(old) => Comparison::Done(api::diff(&old, &new)),
        Err(e) => Comparison::Unknown(format!("{}/{e}", workspace::OUT_DIR)),
    })
}

/// The API report; its last line is `semver: <level>`.
fn print_report(comparison: &Comparison, check: bool) {
    let against = if check {
        "what `cargo xtask codegen` would change"
    } else {
        "against the files it replaced"
    };
    println!("public API of {} ({against}):", workspace::OUT_DIR);
    let report = match comparison {
        Comparison::Done(report) => report,
        Comparison::Unknown(why) => {
            println!("  cannot compare: the replaced files are not Rust ({why})");
            println!("semver: major");
            return;
        }
    };
    if report.changes.is_empty() {
        println!("  no change");
    }
    for change in &report.changes {
        println!("  {change}");
    }
    println!(
        "(the hand-written generated/src/lib.rs and the runtime crate are not compared here; \
         CI runs cargo semver-checks on both crates against the last release)"
    );
    println!("semver: {}", report.level());
}

/// Merges the report into the draft block of the CHANGELOG's `[Unreleased]` section. A workspace
/// without a CHANGELOG (a scratch copy) is left alone; a failure to write is a warning, since
/// the generated files are already written.
fn record_in_changelog(root: &Path, report: &api::Report) {
    let path = root.join(workspace::CHANGELOG_PATH);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return;
    };
    if let Some(updated) = api::changelog_draft(&text, report) {
        match std::fs::write(&path, updated) {
            Ok(()) => println!("updated the API draft in {}", workspace::CHANGELOG_PATH),
            Err(e) => eprintln!("warning: {}: {e}", path.display()),
        }
    }
}

/// Writes `files` into `dir`, or with `check` compares them, printing what happened.
fn sync(
    check: bool,
    dir: &Path,
    files: &[GeneratedFile],
    source: &str,
    started: Instant,
) -> ExitCode {
    let dir = dir.to_path_buf();
    if check {
        match workspace::check(&dir, files) {
            Ok(drift) if drift.is_clean() => {
                println!(
                    "{} is up to date ({} files, {:.0?})",
                    workspace::OUT_DIR,
                    files.len(),
                    started.elapsed()
                );
                ExitCode::SUCCESS
            }
            Ok(drift) => {
                eprintln!("{} is out of date with {source}:", workspace::OUT_DIR);
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
        match workspace::write(&dir, files) {
            Ok(written) => {
                for path in &written.written {
                    println!("wrote {}/{path}", workspace::OUT_DIR);
                }
                for path in &written.removed {
                    println!("removed {}/{path}", workspace::OUT_DIR);
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
