//! Turns an OpenAPI document into the Rust modules of `digitalocean-client`.
//!
//! The pipeline is `load` (YAML -> checked `openapiv3` pieces) -> `lower` (IR: every naming and
//! shape decision) -> `emit` (IR -> tokens) -> `format` (syn + prettyplease + banner).
//! [`generate`] is pure and deterministic: the same spec text gives the same bytes. The library
//! does no IO: `xtask::workspace` reads specs and writes (or checks) files; [`drift::diff`]
//! compares contents it is given.

pub mod drift;
pub mod emit;
pub mod error;
pub mod format;
pub mod ir;
pub mod load;
pub mod lower;
pub mod names;

use std::time::{Duration, Instant};

pub use error::{Error, ErrorKind, Errors};

/// The spec path named in the banner by default.
pub const DEFAULT_SOURCE: &str = "spec/digitalocean.yaml";

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the output directory, e.g. `models.rs`, `vpc_peerings.rs`, `mod.rs`.
    pub path: String,
    /// Full file text, banner included.
    pub contents: String,
}

/// How to run the generator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Skip operations and schemas that cannot be generated (collecting their errors) instead of
    /// failing; name collisions are disambiguated with a number instead of reported.
    pub lenient: bool,
    /// The spec name written into the banner.
    pub source: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            lenient: false,
            source: DEFAULT_SOURCE.to_owned(),
        }
    }
}

/// What a run produced.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// Generated files (empty in strict mode when there are errors).
    pub files: Vec<GeneratedFile>,
    /// Every problem found, located by JSON pointer.
    pub errors: Vec<Error>,
    /// Operations declared in the spec.
    pub operations_total: usize,
    /// Operations that made it into the output.
    pub operations_generated: usize,
    /// Lenient mode only: every spec mistake that was read as a best guess instead of refused
    /// (an undeclared path parameter, `type: float`, a 3.1 type list, a misspelt `operationId`
    /// key), located, with the kind strict mode reports for it.
    pub guesses: Vec<Error>,
}

/// Generates every file from `spec_yaml`, failing with all errors if anything cannot be handled.
pub fn generate(spec_yaml: &str) -> Result<Vec<GeneratedFile>, Errors> {
    let report = generate_with(spec_yaml, &Options::default());
    if report.errors.is_empty() {
        Ok(report.files)
    } else {
        Err(Errors(report.errors))
    }
}

/// How long each phase of one run took (see [`generate_timed`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Phases {
    /// Text to checked `openapiv3` pieces.
    pub load: Duration,
    /// Pieces to IR.
    pub lower: Duration,
    /// IR to token streams.
    pub emit: Duration,
    /// Token streams to source text (syn + prettyplease).
    pub format: Duration,
}

/// Generates with explicit options. In strict mode any error leaves `files` empty; in lenient
/// mode the files hold everything that could be generated.
pub fn generate_with(spec_yaml: &str, options: &Options) -> Report {
    run(spec_yaml, options, &mut Phases::default())
}

/// [`generate_with`], also returning how long each phase took. This is the one definition of
/// the pipeline; `cargo xtask scale --phases` prints these numbers.
pub fn generate_timed(spec_yaml: &str, options: &Options) -> (Report, Phases) {
    let mut phases = Phases::default();
    let report = run(spec_yaml, options, &mut phases);
    (report, phases)
}

/// Runs `f`, adding its wall time to `slot`.
fn timed<T>(slot: &mut Duration, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = f();
    *slot += started.elapsed();
    out
}

/// load -> lower -> emit -> format, in that order and nothing else.
fn run(spec_yaml: &str, options: &Options, phases: &mut Phases) -> Report {
    let loaded = match timed(&mut phases.load, || {
        load::load_with(spec_yaml, options.lenient)
    }) {
        Ok(loaded) => loaded,
        Err(e) => {
            return Report {
                errors: vec![e],
                ..Report::default()
            };
        }
    };
    let mut errors = loaded.errors;
    let lowered = timed(&mut phases.lower, || {
        lower::lower(&loaded.document, options.lenient)
    });
    errors.extend(lowered.errors);
    let mut guesses = loaded.guesses;
    guesses.extend(lowered.guesses);
    // The loader and the lowering can both meet one problem (a dangling `$ref`): same kind at the
    // same place is reported once, with the first message.
    let mut seen = std::collections::BTreeSet::new();
    errors.retain(|e| seen.insert((e.kind, e.pointer.clone())));
    let operations_total = loaded.document.operations_total;
    let operations_generated = lowered.api.tags.values().map(|m| m.operations.len()).sum();
    if !options.lenient && !errors.is_empty() {
        return Report {
            files: Vec::new(),
            errors,
            operations_total,
            operations_generated: 0,
            guesses,
        };
    }
    let emitted = timed(&mut phases.emit, || emit::emit(&lowered.api));
    let mut files = Vec::new();
    timed(&mut phases.format, || {
        for (path, tokens) in emitted {
            match format::format_file(&path, tokens, &options.source) {
                Ok(contents) => files.push(GeneratedFile { path, contents }),
                Err(e) => errors.push(e),
            }
        }
    });
    if !options.lenient && !errors.is_empty() {
        files.clear();
    }
    Report {
        files,
        errors,
        operations_total,
        operations_generated,
        guesses,
    }
}
