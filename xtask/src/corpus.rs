//! `cargo xtask corpus DIR [--no-check] [--keep] [--markdown] [--targets]`: the generator over a
//! folder of OpenAPI documents (`*.yaml`, `*.yml`, `*.json`), each generated leniently.
//!
//! It prints one row per document (operations generated, errors by kind, guesses taken, webhooks
//! and other parts read but not generated, wall and CPU time, whether the output compiles) and
//! one summary line; `--markdown` prints the same as a Markdown table (the README's). A panic
//! while generating a document is caught, counted and shown in its row. `--targets` fails the
//! run unless every document loads and compiles, at least 90 % of the documents are whole, at
//! least 97 % of the operations are generated and nothing panicked. The outputs are checked together by one
//! `cargo check` of one crate under `target/scale-check/corpus` with a module per document
//! (`doc_<n>`; the crate root's `pub use digitalocean_client_runtime as runtime` is the
//! `crate::runtime` of every document's output), so the dependencies compile once;
//! compiler errors are attributed to the document whose files they point into. A document that
//! does not load is reported with its load error and left out of the check. Exits non-zero when
//! a generated output does not compile.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use codegen::Report;

use crate::scale::{manifest, seconds};

mod table;

use table::{Totals, markdown, table};

/// Options of one run.
#[derive(Debug, Default)]
pub struct Corpus<'a> {
    /// The folder of documents.
    pub dir: &'a str,
    /// Skip `cargo check`.
    pub no_check: bool,
    /// Leave the checked crate in place.
    pub keep: bool,
    /// Print the table as Markdown.
    pub markdown: bool,
    /// Fail unless the targets (see the module docs) are met.
    pub targets: bool,
    /// Read files that `$ref`s name outside the document's folder too.
    pub refs_outside: bool,
}

/// The `--targets` thresholds: documents whole, operations generated (percent).
const WHOLE_TARGET: f64 = 90.0;
const OPERATIONS_TARGET: f64 = 97.0;

/// One document's outcome.
struct Row {
    name: String,
    report: Report,
    time: Duration,
    /// CPU time of the process while generating (all threads), when the OS tells it.
    cpu: Option<Duration>,
    /// The generator panicked (the message); `report` is empty.
    panic: Option<String>,
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

    /// Every operation generated, no error, and the output compiles (or was not checked).
    fn whole(&self) -> bool {
        self.panic.is_none()
            && self.report.errors.is_empty()
            && self.report.operations_generated == self.report.operations_total
            && !self.report.files.is_empty()
            && self.compiles != Some(false)
    }

    fn compiles_text(&self) -> &'static str {
        match (&self.panic, self.load_error(), self.compiles) {
            (Some(_), _, _) => "PANIC",
            (None, Some(_), _) => "-",
            (None, None, Some(true)) => "yes",
            (None, None, Some(false)) => "NO",
            (None, None, None) => "unchecked",
        }
    }

    /// `850 ms / 610 ms`: wall time, then CPU time of all threads.
    fn times(&self) -> String {
        let ms = |d: Duration| format!("{:.0} ms", d.as_secs_f64() * 1000.0);
        match self.cpu {
            Some(cpu) => format!("{} / {}", ms(self.time), ms(cpu)),
            None => ms(self.time),
        }
    }
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
    let corpus_options = options;
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
        let cpu_before = cpu_time();
        let started = Instant::now();
        let files = crate::files::referenced(path, &text, corpus_options.refs_outside);
        let outcome =
            std::panic::catch_unwind(|| codegen::generate_with_files(&text, &options, &files))
                .map_err(|panic| {
                    panic
                        .downcast_ref::<&str>()
                        .map(|s| (*s).to_owned())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "a panic without a message".to_owned())
                });
        let time = started.elapsed();
        let cpu = cpu_time()
            .zip(cpu_before)
            .map(|(after, before)| after - before);
        let (report, panic) = match outcome {
            Ok(report) => (report, None),
            Err(message) => (Report::default(), Some(message)),
        };
        rows.push(Row {
            name,
            report,
            time,
            cpu,
            panic,
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
    if options.markdown {
        print!("{}", markdown(&rows));
    } else {
        print!("{}", table(&rows));
    }
    let missed = if options.targets {
        missed_targets(&rows, !options.no_check)
    } else {
        Vec::new()
    };
    for miss in &missed {
        eprintln!("target missed: {miss}");
    }
    if check_failed || !missed.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// CPU time (user + system, all threads) of this process so far, from `/proc/self/stat`.
fn cpu_time() -> Option<Duration> {
    let stat = fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces, so split after its `)`): utime is
    // the 14th field of the line, stime the 15th, in clock ticks of 1/100 s on Linux.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// Which `--targets` thresholds the rows miss, one sentence each.
fn missed_targets(rows: &[Row], checked: bool) -> Vec<String> {
    let t = Totals::of(rows);
    let mut missed = Vec::new();
    if t.loaded < t.documents {
        missed.push(format!("{} of {} documents load", t.loaded, t.documents));
    }
    if !checked {
        missed.push("the outputs were not compiled (--no-check)".to_owned());
    } else if t.compiling < t.documents {
        missed.push(format!(
            "{} of {} outputs compile",
            t.compiling, t.documents
        ));
    }
    let whole = t.whole as f64 * 100.0 / t.documents.max(1) as f64;
    if whole < WHOLE_TARGET {
        missed.push(format!(
            "{whole:.1} % of the documents are whole (target {WHOLE_TARGET} %)"
        ));
    }
    if t.percent() < OPERATIONS_TARGET {
        missed.push(format!(
            "{:.1} % of the operations are generated (target {OPERATIONS_TARGET} %)",
            t.percent()
        ));
    }
    if t.panics > 0 {
        missed.push(format!("{} documents panicked", t.panics));
    }
    missed
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
    // On stderr, so that the table (`--markdown` too) is all of stdout.
    eprintln!(
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
