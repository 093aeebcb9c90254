//! `cargo xtask scale [SPEC] [--no-check] [--keep] [--phases]`: the generator against
//! DigitalOcean's whole API (by default `../shared/bench/digitalocean-rest.yaml` beside the
//! workspace).
//!
//! It generates leniently, prints how many operations made it, the errors grouped by kind, the
//! generation time and the peak memory of this process, then writes the output into a temporary
//! crate at `target/scale-check/crate` (a fixed manifest with a path dependency on the runtime
//! crate, and the workspace's `Cargo.lock`), runs
//! `cargo check --offline` on it with `CARGO_TARGET_DIR=target/scale-check` so the dependencies
//! stay compiled between runs, and removes the crate again (`--keep` leaves it). Nothing
//! generated from the bench spec lands in the repository outside `target/`. Exits non-zero when
//! the output does not compile. Two runs at once in one workspace would share that directory.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use codegen::{Error, Report};

/// The bench spec, relative to the workspace root (CI has `../shared` beside the clone).
pub const BENCH_SPEC: &str = "../shared/bench/digitalocean-rest.yaml";

/// How many pointers each error group shows.
const EXAMPLES: usize = 3;
/// How many compiler diagnostics a failed check shows.
const COMPILER_LINES: usize = 40;

/// Options of one run.
#[derive(Debug, Default)]
pub struct Scale<'a> {
    /// The spec (default: [`BENCH_SPEC`] under the workspace root).
    pub spec: Option<&'a str>,
    /// Skip `cargo check` of the output.
    pub no_check: bool,
    /// Leave the temporary crate in place (its path is printed).
    pub keep: bool,
    /// Print the time of each phase of the run.
    pub phases: bool,
    /// Read files that `$ref`s name outside the spec's folder too.
    pub refs_outside: bool,
}

/// The time of each phase of the measured run.
fn phases(phases: &codegen::Phases) {
    println!(
        "phases: load {}, lower {}, emit {}, format (syn + prettyplease) {}",
        seconds(phases.load),
        seconds(phases.lower),
        seconds(phases.emit),
        seconds(phases.format)
    );
}

pub fn run(root: &Path, options: &Scale<'_>) -> ExitCode {
    let path = options
        .spec
        .map_or_else(|| root.join(BENCH_SPEC), PathBuf::from);
    let path = path.canonicalize().unwrap_or(path);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let generate = codegen::Options {
        lenient: true,
        source: path.display().to_string(),
        ..codegen::Options::default()
    };
    let files = crate::files::referenced(&path, &text, options.refs_outside);
    let started = Instant::now();
    let (report, timed) = codegen::generate_timed_with_files(&text, &generate, &files);
    let elapsed = started.elapsed();
    let peak = peak_memory();

    println!("spec: {}", path.display());
    println!(
        "operations generated: {}/{}",
        report.operations_generated, report.operations_total
    );
    print!("{}", grouped(&report.errors));
    print!("{}", guesses(&report.guesses));
    let bytes: usize = report.files.iter().map(|f| f.contents.len()).sum();
    println!(
        "output: {} files, {} lines, {} bytes",
        report.files.len(),
        report
            .files
            .iter()
            .map(|f| f.contents.lines().count())
            .sum::<usize>(),
        bytes
    );
    println!("generation time: {}", seconds(elapsed));
    match peak {
        Some(kib) => println!("peak memory: {:.1} MiB (VmHWM)", kib as f64 / 1024.0),
        None => println!("peak memory: unknown (no /proc/self/status)"),
    }
    if options.phases {
        phases(&timed);
    }
    if report.files.is_empty() {
        // Nothing to compile: the document did not load (the errors above say why).
        println!("nothing was generated, so there is nothing to check");
        return ExitCode::FAILURE;
    }
    if options.no_check {
        return ExitCode::SUCCESS;
    }
    check_output(root, &report, options.keep)
}

/// Every guess of a lenient run, one line each.
fn guesses(guesses: &[Error]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "guesses: {}", guesses.len());
    for guess in guesses {
        let _ = writeln!(out, "    {guess}");
    }
    out
}

/// Error counts by kind, then by message shape, with the first few pointers of each.
fn grouped(errors: &[Error]) -> String {
    let mut kinds: BTreeMap<String, BTreeMap<String, Vec<&Error>>> = BTreeMap::new();
    for error in errors {
        kinds
            .entry(format!("{:?}", error.kind))
            .or_default()
            .entry(shape(&error.message))
            .or_default()
            .push(error);
    }
    let mut out = String::new();
    let _ = writeln!(out, "errors: {}", errors.len());
    for (kind, shapes) in &kinds {
        let count: usize = shapes.values().map(Vec::len).sum();
        let _ = writeln!(out, "  {kind}: {count}");
        for (shape, list) in shapes {
            let _ = writeln!(out, "    {} x {shape}", list.len());
            for error in list.iter().take(EXAMPLES) {
                let _ = writeln!(out, "        {error}");
            }
            if list.len() > EXAMPLES {
                let _ = writeln!(out, "        ... {} more", list.len() - EXAMPLES);
            }
        }
    }
    out
}

/// A message with its quoted names replaced, so messages of one kind of problem group together.
fn shape(message: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in message.chars() {
        if c == '`' {
            if !quoted {
                out.push_str("`…`");
            }
            quoted = !quoted;
        } else if !quoted {
            out.push(c);
        }
    }
    // Drop parenthesised details (lists of media types, tags) and counts.
    let mut plain = String::new();
    let mut depth = 0usize;
    for c in out.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    plain
        .split_whitespace()
        .map(|word| {
            if word.chars().all(|c| c.is_ascii_digit()) {
                "#"
            } else {
                word
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" ;", ";")
}

/// The peak resident set size of this process in KiB (Linux), read from `/proc/self/status`.
fn peak_memory() -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

pub(crate) fn seconds(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

/// Writes the output into a temporary crate, runs `cargo check` on it and reports.
fn check_output(root: &Path, report: &Report, keep: bool) -> ExitCode {
    // A fixed place under target/ keeps the package id (and so the artifact names) stable, so
    // repeated runs overwrite rather than pile up; the crate is removed afterwards.
    let dir = root.join("target").join("scale-check").join("crate");
    if dir.exists()
        && let Err(e) = fs::remove_dir_all(&dir)
    {
        eprintln!("error: could not clear {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    let result = write_crate(root, &dir, report).and_then(|()| cargo_check(root, &dir));
    if keep {
        println!("temporary crate kept at {}", dir.display());
    } else if let Err(e) = fs::remove_dir_all(&dir) {
        eprintln!("warning: could not remove {}: {e}", dir.display());
    }
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn write_crate(root: &Path, dir: &Path, report: &Report) -> Result<(), String> {
    let io = |what: &Path| {
        let what = what.display().to_string();
        move |e: io::Error| format!("{what}: {e}")
    };
    let src = dir.join("src");
    let auto = src.join("auto");
    fs::create_dir_all(&auto).map_err(io(&auto))?;
    fs::write(
        dir.join("Cargo.toml"),
        manifest(root, "digitalocean-scale-check"),
    )
    .map_err(io(dir))?;
    let lock = root.join("Cargo.lock");
    fs::copy(&lock, dir.join("Cargo.lock")).map_err(io(&lock))?;
    // The client crate's root as far as generated code sees it: `crate::runtime` and the
    // generated modules, held to the client crate's `missing_docs`.
    fs::write(
        src.join("lib.rs"),
        "//! The generator's output for the whole API, checked against the runtime crate.\n\
         #![deny(missing_docs)]\n\
         pub use digitalocean_client_runtime as runtime;\n\
         #[rustfmt::skip]\nmod auto;\npub use auto::*;\n",
    )
    .map_err(io(&src))?;
    for file in &report.files {
        let target = auto.join(&file.path);
        fs::write(&target, &file.contents).map_err(io(&target))?;
    }
    Ok(())
}

/// The manifest of a check crate: the runtime crate by path (with the client's default TLS
/// feature), its only dependency: generated code reaches serde, serde_json, chrono, uuid and
/// bytes through it (`crate::runtime::serde`, ...). The workspace's `Cargo.lock`, copied beside
/// it, pins the versions, so `cargo check --offline` builds what the workspace builds.
pub(crate) fn manifest(root: &Path, name: &str) -> String {
    let runtime = root.join("runtime");
    // A TOML basic string: the path's backslashes (Windows) and quotes escaped.
    let runtime = runtime
        .display()
        .to_string()
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    format!(
        r#"[package]
name = "{name}"
version = "0.0.0"
edition = "2024"
publish = false

[lib]
path = "src/lib.rs"

[dependencies]
digitalocean-client-runtime = {{ path = "{runtime}", features = ["rustls-ring"] }}

[lints.rust]
unsafe_code = "forbid"

[workspace]
"#
    )
}

/// Runs `cargo check` in `dir`; true when it passes.
fn cargo_check(root: &Path, dir: &Path) -> Result<bool, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let target = root.join("target").join("scale-check");
    println!(
        "cargo check of the output (CARGO_TARGET_DIR={}) ...",
        target.display()
    );
    let started = Instant::now();
    let output = Command::new(cargo)
        .args(["check", "--offline", "--message-format=short"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", &target)
        // The output changes between runs; incremental state would only fill the disk.
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS")
        .output()
        .map_err(|e| format!("could not run cargo: {e}"))?;
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let diagnostics: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains(": error") || l.contains(": warning") || l.starts_with("error"))
        .collect();
    let errors = diagnostics.iter().filter(|l| l.contains("error")).count();
    let warnings = diagnostics.len() - errors;
    println!("cargo check time: {}", seconds(elapsed));
    if output.status.success() {
        println!("cargo check: pass ({warnings} warnings)");
        for line in diagnostics.iter().take(COMPILER_LINES) {
            println!("  {line}");
        }
        Ok(true)
    } else {
        println!(
            "cargo check: FAIL ({errors} error lines, {warnings} warnings); first diagnostics:"
        );
        let shown: Vec<&str> = if diagnostics.is_empty() {
            stderr.lines().collect()
        } else {
            diagnostics
        };
        for line in shown.iter().take(COMPILER_LINES) {
            println!("  {line}");
        }
        Ok(false)
    }
}
