//! `cargo xtask corpus DIR [--no-check] [--keep]`: the generator over a folder of OpenAPI
//! documents (`*.yaml`, `*.yml`, `*.json`), each generated leniently.
//!
//! It prints one row per document (operations generated, errors by kind, guesses taken, time,
//! whether the output compiles) and one summary line. The outputs are checked together by one
//! `cargo check` of one crate under `target/scale-check/corpus` with a module per document
//! (`doc_<n>`; the crate root's `pub use digitalocean_client_runtime as runtime` is the
//! `crate::runtime` of every document's output), so the dependencies compile once;
//! compiler errors are attributed to the document whose files they point into. A document that
//! does not load is reported with its load error and left out of the check. Exits non-zero when
//! a generated output does not compile.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use codegen::Report;

use crate::scale::{manifest, seconds};

/// Options of one run.
#[derive(Debug, Default)]
pub struct Corpus<'a> {
    /// The folder of documents.
    pub dir: &'a str,
    /// Skip `cargo check`.
    pub no_check: bool,
    /// Leave the checked crate in place.
    pub keep: bool,
}

/// One document's outcome.
struct Row {
    name: String,
    report: Report,
    time: Duration,
    /// `None` until checked (or when there is nothing to check).
    compiles: Option<bool>,
    /// The first compiler error that points into this document's output.
    compiler_error: Option<String>,
}

impl Row {
    /// The document did not load: no operation was even counted and there is a root error.
    fn load_error(&self) -> Option<&codegen::Error> {
        (self.report.files.is_empty()).then(|| self.report.errors.first())?
    }
}

/// Error counts by kind, e.g. `PathParam 2, Unsupported 1`.
fn kinds(errors: &[codegen::Error]) -> String {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for error in errors {
        *counts.entry(format!("{:?}", error.kind)).or_default() += 1;
    }
    if counts.is_empty() {
        return "-".to_owned();
    }
    counts
        .iter()
        .map(|(kind, n)| format!("{kind} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn documents(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut out: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"))
        })
        .collect();
    out.sort();
    Ok(out)
}

pub fn run(root: &Path, options: &Corpus<'_>) -> ExitCode {
    let dir = Path::new(options.dir);
    let paths = match documents(dir) {
        Ok(paths) if paths.is_empty() => {
            eprintln!(
                "error: {} holds no .yaml, .yml or .json document",
                dir.display()
            );
            return ExitCode::FAILURE;
        }
        Ok(paths) => paths,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut rows = Vec::new();
    for path in &paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = match fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("error: {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        };
        let options = codegen::Options {
            lenient: true,
            source: name.clone(),
            ..codegen::Options::default()
        };
        let started = Instant::now();
        let report = codegen::generate_with(&text, &options);
        rows.push(Row {
            name,
            report,
            time: started.elapsed(),
            compiles: None,
            compiler_error: None,
        });
    }
    let mut check_failed = false;
    if !options.no_check {
        match check(root, &mut rows, options.keep) {
            Ok(passed) => check_failed = !passed,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    print!("{}", table(&rows));
    if check_failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn table(rows: &[Row]) -> String {
    let mut out = String::new();
    let width = rows.iter().map(|r| r.name.len()).max().unwrap_or(8).max(8);
    let _ = writeln!(
        out,
        "{:width$}  {:>9}  {:>7}  {:>7}  {:>8}  {:>8}  errors by kind",
        "document", "ops", "errors", "guesses", "time", "compiles"
    );
    for row in rows {
        let r = &row.report;
        let compiles = match (row.load_error(), row.compiles) {
            (Some(_), _) => "-",
            (None, Some(true)) => "yes",
            (None, Some(false)) => "NO",
            (None, None) => "unchecked",
        };
        let _ = writeln!(
            out,
            "{:width$}  {:>9}  {:>7}  {:>7}  {:>8}  {:>8}  {}",
            row.name,
            format!("{}/{}", r.operations_generated, r.operations_total),
            r.errors.len(),
            r.guesses.len(),
            format!("{:.0} ms", row.time.as_secs_f64() * 1000.0),
            compiles,
            kinds(&r.errors),
        );
        if let Some(error) = row.load_error() {
            let _ = writeln!(out, "{:width$}  did not load: {error}", "");
        }
        if let Some(error) = &row.compiler_error {
            let _ = writeln!(out, "{:width$}  first compiler error: {error}", "");
        }
    }
    let generated: usize = rows.iter().map(|r| r.report.operations_generated).sum();
    let total: usize = rows.iter().map(|r| r.report.operations_total).sum();
    let whole = rows
        .iter()
        .filter(|r| {
            r.report.errors.is_empty()
                && r.report.operations_generated == r.report.operations_total
                && r.compiles != Some(false)
        })
        .count();
    let compiling = rows.iter().filter(|r| r.compiles == Some(true)).count();
    let errors: usize = rows.iter().map(|r| r.report.errors.len()).sum();
    let guesses: usize = rows.iter().map(|r| r.report.guesses.len()).sum();
    let time: Duration = rows.iter().map(|r| r.time).sum();
    let percent = if total == 0 {
        100.0
    } else {
        generated as f64 * 100.0 / total as f64
    };
    let checked = if rows.iter().any(|r| r.compiles.is_some()) {
        format!("{compiling}/{} compile", rows.len())
    } else {
        "not compiled".to_owned()
    };
    let _ = writeln!(
        out,
        "corpus: {} documents, {generated}/{total} operations ({percent:.1} %), {whole} whole, {checked}, {errors} errors, {guesses} guesses, generation {}",
        rows.len(),
        seconds(time)
    );
    out
}

/// Writes every generated output into one crate (a module per document) and checks it; sets
/// each row's `compiles`. True when the crate compiles.
fn check(root: &Path, rows: &mut [Row], keep: bool) -> Result<bool, String> {
    let dir = root.join("target").join("scale-check").join("corpus");
    if dir.exists() {
        fs::remove_dir_all(&dir).map_err(|e| format!("could not clear {}: {e}", dir.display()))?;
    }
    let result = write_and_check(root, &dir, rows);
    if keep {
        println!("corpus crate kept at {}", dir.display());
    } else {
        let _ = fs::remove_dir_all(&dir);
    }
    result
}

fn write_and_check(root: &Path, dir: &Path, rows: &mut [Row]) -> Result<bool, String> {
    let io = |p: &Path| {
        let p = p.display().to_string();
        move |e: std::io::Error| format!("{p}: {e}")
    };
    let src = dir.join("src");
    fs::create_dir_all(&src).map_err(io(&src))?;
    fs::write(
        dir.join("Cargo.toml"),
        manifest(root, "digitalocean-corpus-check"),
    )
    .map_err(io(dir))?;
    let lock = root.join("Cargo.lock");
    fs::copy(&lock, dir.join("Cargo.lock")).map_err(io(&lock))?;
    // Every document's output reaches the one runtime crate as `crate::runtime`.
    let mut lib =
        String::from("#![allow(warnings)]\npub use digitalocean_client_runtime as runtime;\n");
    let mut checked = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        if row.report.files.is_empty() {
            continue;
        }
        let module = format!("doc_{index}");
        let auto = src.join(&module).join("auto");
        fs::create_dir_all(&auto).map_err(io(&auto))?;
        fs::write(src.join(&module).join("mod.rs"), "pub mod auto;\n").map_err(io(&src))?;
        for file in &row.report.files {
            fs::write(auto.join(&file.path), &file.contents).map_err(io(&auto))?;
        }
        let _ = writeln!(lib, "pub mod {module};");
        checked.push((index, format!("src/{module}/")));
    }
    fs::write(src.join("lib.rs"), lib).map_err(io(&src))?;
    if checked.is_empty() {
        return Ok(true);
    }
    let (passed, diagnostics) = cargo_check(root, dir)?;
    for (index, prefix) in &checked {
        let first = diagnostics
            .iter()
            .find(|line| line.starts_with(prefix.as_str()) && line.contains(": error"));
        rows[*index].compiles = Some(first.is_none() && (passed || !diagnostics.is_empty()));
        rows[*index].compiler_error = first.cloned();
    }
    if !passed && diagnostics.iter().all(|l| !l.starts_with("src/doc_")) {
        // A failure no document's files explain (a dependency, the runtime): nothing compiles.
        for (index, _) in &checked {
            rows[*index].compiles = Some(false);
        }
        return Err(format!(
            "cargo check failed outside the generated files:\n{}",
            diagnostics.join("\n")
        ));
    }
    Ok(passed)
}

/// `cargo check` in `dir` with the shared scale-check target dir: (passed, error lines).
fn cargo_check(root: &Path, dir: &Path) -> Result<(bool, Vec<String>), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let target = root.join("target").join("scale-check");
    let started = Instant::now();
    let output = Command::new(cargo)
        .args(["check", "--offline", "--message-format=short"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", &target)
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS")
        .output()
        .map_err(|e| format!("could not run cargo: {e}"))?;
    println!(
        "cargo check of {} outputs in one crate: {} ({})",
        fs::read_dir(dir.join("src"))
            .map(|d| d
                .filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().starts_with("doc_"))
                .count())
            .unwrap_or(0),
        if output.status.success() {
            "pass"
        } else {
            "FAIL"
        },
        seconds(started.elapsed())
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines = stderr
        .lines()
        .filter(|l| l.contains(": error") || l.starts_with("error"))
        .map(str::to_owned)
        .collect();
    Ok((output.status.success(), lines))
}
