//! Turns an OpenAPI document into the Rust modules of `digitalocean-client`.
//!
//! The pipeline is `load` (YAML -> checked `openapiv3` pieces) -> `lower` (IR: every naming and
//! shape decision) -> `emit` (IR -> tokens) -> `format` (syn + prettyplease + banner).
//! [`generate`] is pure and deterministic: the same spec text gives the same bytes. The library
//! does no IO: `xtask::workspace` reads specs and writes (or checks) files; [`diff`]
//! compares contents it is given.

pub mod api;
mod drift;
mod emit;
mod error;
mod format;
mod ir;
mod load;
mod lower;
mod names;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

pub use drift::{Drift, diff};
pub use emit::{RUNTIME_CONTRACT, RUNTIME_VERSIONS};
pub use error::{Error, ErrorKind, Errors};
pub use names::{CLIENT_METHODS, PRELUDE, ROOT_EXPORTS, model_name, module_name};

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
    /// What the generated client says about itself beyond the document.
    pub client: ClientOptions,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            lenient: false,
            source: DEFAULT_SOURCE.to_owned(),
            client: ClientOptions::default(),
        }
    }
}

/// Generator options for the client's profile (`lower/client.rs`); each overrides what the
/// document declares.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientOptions {
    /// The name of the crate the output is compiled into (`-` read as `_`), which doc examples
    /// use; default `api_client`.
    pub crate_name: Option<String>,
    /// The `User-Agent` product and version (`my-client/1.2.0`); default: the name and version of
    /// the crate the output is compiled in.
    pub user_agent: Option<String>,
    /// The environment variables `from_env` reads a token from (replacing the document's
    /// `x-client-environment` when not empty).
    pub token_variables: Vec<String>,
    /// The environment variable `from_env` reads a base URL from.
    pub base_url_variable: Option<String>,
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
    /// Parts of the document read and deliberately left out of the output, located (OpenAPI
    /// 3.1 `webhooks`), in strict and lenient mode alike.
    pub notes: Vec<Error>,
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
    /// IR to token streams. Emitting and formatting run piece by piece on all cores (see
    /// `emit::plan`); these two are summed over the worker threads, so they are CPU time and
    /// may add up to more than the wall time they took.
    pub emit: Duration,
    /// Token streams to source text (syn + prettyplease), summed over the worker threads.
    pub format: Duration,
}

/// Generates with explicit options. In strict mode any error leaves `files` empty; in lenient
/// mode the files hold everything that could be generated.
pub fn generate_with(spec_yaml: &str, options: &Options) -> Report {
    run(spec_yaml, options, &BTreeMap::new(), &mut Phases::default())
}

/// [`generate_with`] for a document whose `$ref`s name other files (`common.yaml#/Error`):
/// `files` holds each file's text keyed by its path relative to the document's folder, as
/// [`external_files`] names them. The generator stays pure: the caller reads the files (and
/// decides which it may read); a reference to a file not handed in is a located
/// [`ErrorKind::ExternalRef`].
pub fn generate_with_files(
    spec_yaml: &str,
    options: &Options,
    files: &BTreeMap<String, String>,
) -> Report {
    run(spec_yaml, options, files, &mut Phases::default())
}

/// The other files the `$ref`s of `text` name, relative to the root document's folder, given
/// that `text` is the file `at` there (`""` for the root document itself). A caller reads each,
/// asks again for the files it names, and hands them all to [`generate_with_files`].
pub fn external_files(text: &str, at: &str) -> Vec<String> {
    load::external_files(text, at)
}

/// [`generate_with`], also returning how long each phase took. This is the one definition of
/// the pipeline; `cargo xtask scale --phases` prints these numbers.
pub fn generate_timed(spec_yaml: &str, options: &Options) -> (Report, Phases) {
    generate_timed_with_files(spec_yaml, options, &BTreeMap::new())
}

/// [`generate_timed`] with the other files the document references (see
/// [`generate_with_files`]).
pub fn generate_timed_with_files(
    spec_yaml: &str,
    options: &Options,
    files: &BTreeMap<String, String>,
) -> (Report, Phases) {
    let mut phases = Phases::default();
    let report = run(spec_yaml, options, files, &mut phases);
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
fn run(
    spec_yaml: &str,
    options: &Options,
    files: &BTreeMap<String, String>,
    phases: &mut Phases,
) -> Report {
    let loaded = match timed(&mut phases.load, || {
        load::load_with_files(spec_yaml, options.lenient, files)
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
    let mut lowered = timed(&mut phases.lower, || {
        lower::lower(&loaded.document, options.lenient)
    });
    // A Swagger 2.0 document is lowered in its 3.0 form; its errors point into the 2.0 text.
    loaded.document.origins.relocate(&mut lowered.errors);
    loaded.document.origins.relocate(&mut lowered.guesses);
    lower::apply_options(&mut lowered.api.client, &options.client);
    errors.extend(lowered.errors);
    let notes = loaded.notes;
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
            notes,
        };
    }
    let (files, mut failed) = emit_and_format(&lowered.api, &options.source, phases);
    loaded.document.origins.relocate(&mut failed);
    errors.extend(failed);
    let mut files = files;
    if !options.lenient && !errors.is_empty() {
        files.clear();
    }
    Report {
        files,
        errors,
        operations_total,
        operations_generated,
        guesses,
        notes,
    }
}

/// Emits and formats every piece of [`emit::plan`] on all cores (token streams are not `Send`,
/// so each piece goes from IR to text on one thread) and joins each file's pieces in order. The
/// result does not depend on the number of threads or on which thread ran what.
fn emit_and_format(
    api: &ir::Api,
    source: &str,
    phases: &mut Phases,
) -> (Vec<GeneratedFile>, Vec<Error>) {
    let (paths, pieces) = emit::plan(api);
    emit_pieces(api, source, phases, paths, &pieces)
}

/// [`emit_and_format`] for a given plan.
fn emit_pieces(
    api: &ir::Api,
    source: &str,
    phases: &mut Phases,
    paths: Vec<String>,
    pieces: &[emit::Piece],
) -> (Vec<GeneratedFile>, Vec<Error>) {
    // Heaviest first: the order pieces are worked on, not the order they are joined in.
    let mut order: Vec<usize> = (0..pieces.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(emit::weight(api, &pieces[i])));
    let done = parallel_map(pieces.len(), |i| {
        let piece = &pieces[order[i]];
        let started = Instant::now();
        let tokens = emit::piece(api, piece);
        let emitted = Instant::now();
        let text = format::unparse(&paths[piece.file], tokens);
        (text, emitted - started, emitted.elapsed())
    });
    let mut laid_out: Vec<Vec<String>> = vec![Vec::new(); paths.len()];
    let mut failed = vec![false; paths.len()];
    let mut errors = Vec::new();
    let mut in_plan_order: Vec<Option<_>> = (0..pieces.len()).map(|_| None).collect();
    for (&i, result) in order.iter().zip(done) {
        in_plan_order[i] = Some(result);
    }
    for (piece, (text, emit_time, format_time)) in
        pieces.iter().zip(in_plan_order.into_iter().flatten())
    {
        phases.emit += emit_time;
        phases.format += format_time;
        match text {
            Ok(text) => laid_out[piece.file].push(text),
            Err(e) => {
                failed[piece.file] = true;
                // Invalid Rust is the generator's fault, never the document's: named as a bug,
                // at the operation (or model type) whose code does not parse.
                let (at, what) = culprit(api, piece);
                errors.push(Error::new(
                    ErrorKind::GeneratorBug,
                    at,
                    format!(
                        "generator bug: the code generated for {what} is not valid Rust ({}); please report it",
                        e.message
                    ),
                ));
            }
        }
    }
    let started = Instant::now();
    let files: Vec<GeneratedFile> = paths
        .into_iter()
        .zip(laid_out)
        .zip(failed)
        .filter(|(_, failed)| !failed)
        .map(|((path, pieces), _)| GeneratedFile {
            contents: format::finish(&pieces, source),
            path,
        })
        .collect();
    phases.format += started.elapsed();
    (files, errors)
}

/// `(0..n).map(f)` on up to [`MAX_THREADS`] threads (as many as the machine has), results in
/// index order. Work is handed out one index at a time, so uneven pieces still balance. A panic
/// in `f` is re-raised on the calling thread.
fn parallel_map<T: Send>(n: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |t| t.get())
        .min(MAX_THREADS)
        .min(n);
    if threads <= 1 {
        return (0..n).map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut slots: Vec<Option<T>> = (0..n).map(|_| None).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if i >= n {
                            break done;
                        }
                        done.push((i, f(i)));
                    }
                })
            })
            .collect();
        for worker in workers {
            match worker.join() {
                Ok(done) => {
                    for (i, value) in done {
                        slots[i] = Some(value);
                    }
                }
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    slots.into_iter().flatten().collect()
}

/// Where the generator went wrong when the tokens of `piece` do not parse as Rust: emits its
/// parts (operations or model types) one at a time and names the first whose tokens do not
/// parse, as (JSON pointer, what). A piece whose parts all parse alone is named as a whole.
fn culprit(api: &ir::Api, piece: &emit::Piece) -> (String, String) {
    let (whole, mut parts) = emit::parts(api, piece);
    parts
        .find_map(|part| (!format::parses(part.tokens)).then_some((part.pointer, part.what)))
        .unwrap_or((String::new(), whole))
}

/// The most threads [`parallel_map`] starts.
const MAX_THREADS: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of every file is the same whether `models.rs` is cut into pieces of one type,
    /// of a few or not at all, and whether the pieces run on one thread or several.
    #[test]
    fn pieces_join_to_the_text_of_the_whole_file() {
        let spec = include_str!("../../spec/digitalocean.yaml");
        let loaded = load::load_with(spec, false).expect("the spec loads");
        let lowered = lower::lower(&loaded.document, false);
        assert!(lowered.errors.is_empty(), "{:?}", lowered.errors);
        let api = &lowered.api;
        let run = |per_piece: usize| {
            let (paths, pieces) = emit::plan_pieces(api, per_piece);
            let (files, errors) =
                emit_pieces(api, DEFAULT_SOURCE, &mut Phases::default(), paths, &pieces);
            assert!(errors.is_empty(), "{errors:?}");
            (files, pieces.len())
        };
        let (whole, whole_pieces) = run(usize::MAX);
        for per_piece in [1, 3, 7] {
            let (cut, cut_pieces) = run(per_piece);
            assert!(
                cut_pieces > whole_pieces,
                "{per_piece} per piece cut nothing"
            );
            assert_eq!(cut, whole, "{per_piece} model types per piece");
        }
        // And the whole file, emitted as one token stream and laid out in one go.
        let (_, pieces) = emit::plan_pieces(api, 1);
        let models: proc_macro2::TokenStream = pieces
            .iter()
            .filter(|piece| piece.file == 1)
            .map(|piece| emit::piece(api, piece))
            .collect();
        let laid_out = format::unparse("models.rs", models).expect("models.rs parses");
        let models_rs = whole
            .iter()
            .find(|f| f.path == "models.rs")
            .expect("models.rs");
        assert_eq!(
            models_rs.contents,
            format::finish(&[laid_out], DEFAULT_SOURCE)
        );
    }

    /// Code that does not parse is reported as a generator bug at the operation (or naming the
    /// model type) it was generated for, and only that file is left out.
    #[test]
    fn invalid_rust_is_a_located_generator_bug() {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: one\n      tags: [A]\n      responses: {'204': {description: ok}}\n  /b:\n    get:\n      operationId: two\n      tags: [A]\n      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}}\ncomponents:\n  schemas:\n    Thing: {type: object, properties: {x: {type: string}}}\n";
        let loaded = load::load_with(spec, false).expect("loads");
        let mut api = lower::lower(&loaded.document, false).api;
        // A keyword where a name goes: what a naming bug would print.
        let module = api.tags.values_mut().next().expect("a module");
        module.operations[1].method_name = "match".to_owned();
        let (paths, pieces) = emit::plan(&api);
        let (files, errors) =
            emit_pieces(&api, DEFAULT_SOURCE, &mut Phases::default(), paths, &pieces);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].kind, ErrorKind::GeneratorBug);
        assert_eq!(errors[0].pointer, "/paths/~1b/get");
        assert!(
            errors[0].message.contains("operation `two`"),
            "{}",
            errors[0]
        );
        assert!(files.iter().all(|f| f.path != "a.rs"));
        assert!(files.iter().any(|f| f.path == "models.rs"));

        let mut api = lower::lower(&loaded.document, false).api;
        api.types.values_mut().next().expect("a type").name = "fn".to_owned();
        let (paths, pieces) = emit::plan(&api);
        let (_, errors) = emit_pieces(&api, DEFAULT_SOURCE, &mut Phases::default(), paths, &pieces);
        assert!(!errors.is_empty());
        assert!(errors.iter().all(|e| e.kind == ErrorKind::GeneratorBug));
        assert!(
            errors.iter().any(|e| e.message.contains("model type `fn`")),
            "{errors:?}"
        );
    }

    #[test]
    fn parallel_map_keeps_index_order() {
        let squares = parallel_map(1000, |i| i * i);
        assert_eq!(squares, (0..1000).map(|i| i * i).collect::<Vec<_>>());
        assert!(parallel_map(0, |i| i).is_empty());
    }
}
