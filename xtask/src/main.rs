//! Project automation: `cargo xtask codegen [--check] [--spec PATH]`,
//! `cargo xtask test [ARGS...]`, `cargo xtask scale [SPEC] [--no-check] [--keep] [--phases]`
//! (alias `bench`), `cargo xtask corpus DIR [--no-check] [--keep] [--markdown] [--targets]`,
//! `cargo xtask drift PATH [--spec OURS]` and `cargo xtask compat-freeze`.

mod codegen;
mod corpus;
mod files;
mod scale;
mod test;

use std::process::ExitCode;

const USAGE: &str = "usage:
  cargo xtask codegen [--spec PATH]           regenerate generated/src/auto from spec/digitalocean.yaml
                                              (or from PATH); on any error nothing is written. Prints
                                              the public API changes and, last, `semver: LEVEL`
                                              (major, minor, patch or none); drafts them into
                                              generated/CHANGELOG.md under [Unreleased]
  cargo xtask codegen --check [--spec PATH]   fail if generated/src/auto is not what the spec generates;
                                              prints the same API report, writes nothing
  cargo xtask test [ARGS...]                  check node and npm, npm ci (pinned Redocly CLI and Prism),
                                              then cargo test --workspace --locked --no-fail-fast ARGS...
  cargo xtask scale [SPEC] [--no-check] [--keep] [--phases] [--refs-outside]
                                              generate DigitalOcean's whole API leniently (default SPEC:
                                              ../shared/bench/digitalocean-rest.yaml), print operations
                                              generated, errors by kind, time and peak memory, then
                                              `cargo check` the output in a temporary crate
                                              (target dir target/scale-check); fails if it does not compile.
                                              --phases also times load, lower, emit and format.
                                              Files that SPEC's $refs name are read from its folder
                                              (--refs-outside: from anywhere).
                                              `bench` is an alias.
  cargo xtask corpus DIR [--no-check] [--keep] [--markdown] [--targets] [--refs-outside]
                                              generate every .yaml/.yml/.json document in DIR leniently and
                                              print per document: operations generated, errors by kind,
                                              guesses, webhooks not generated, wall and CPU time and whether
                                              the output compiles (one cargo check of all outputs), then one
                                              summary line (--markdown: as a Markdown table). --targets fails
                                              unless every document loads and compiles, >= 90 % are whole,
                                              >= 97 % of operations are generated and nothing panicked.
  cargo xtask drift PATH [--spec OURS]        compare another description of the same API (e.g. DigitalOcean's
                                              published one, as a local file) with spec/digitalocean.yaml
                                              (or OURS): for the operations both describe, every difference in
                                              operations, parameters, properties, required-ness, enum values
                                              and status codes, once each, with its JSON pointer on both sides.
  cargo xtask compat-freeze                   at a release: copy generated/src and its README into
                                              tests/compat, the kept copy of the released client that
                                              the compat tests build against the current runtime";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["codegen", rest @ ..] => match codegen_flags(rest) {
            Some((check, spec)) => codegen::run(check, spec),
            None => usage(),
        },
        ["test", rest @ ..] => test::run(&codegen::root(), rest),
        ["scale" | "bench", rest @ ..] => match scale_flags(rest) {
            Some(options) => scale::run(&codegen::root(), &options),
            None => usage(),
        },
        ["drift", rest @ ..] => match drift_flags(rest) {
            Some((theirs, ours)) => drift(&codegen::root(), theirs, ours),
            None => usage(),
        },
        ["corpus", rest @ ..] => match corpus_flags(rest) {
            Some(options) => corpus::run(&codegen::root(), &options),
            None => usage(),
        },
        ["compat-freeze"] => {
            let root = codegen::root();
            match xtask::compat::freeze(&root) {
                Ok(files) => {
                    println!(
                        "copied {files} files from {} into {}",
                        xtask::compat::CLIENT_DIR,
                        xtask::compat::COMPAT_DIR
                    );
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("compat-freeze: {error}");
                    ExitCode::FAILURE
                }
            }
        }
        _ => usage(),
    }
}

/// `DIR [--no-check] [--keep] [--markdown] [--targets]` in any order.
fn corpus_flags<'a>(rest: &[&'a str]) -> Option<corpus::Corpus<'a>> {
    let mut options = corpus::Corpus::default();
    let mut dir = None;
    for arg in rest {
        match *arg {
            "--no-check" => options.no_check = true,
            "--keep" => options.keep = true,
            "--markdown" => options.markdown = true,
            "--refs-outside" => options.refs_outside = true,
            "--targets" => options.targets = true,
            flag if flag.starts_with("--") => return None,
            path if dir.is_none() => dir = Some(path),
            _ => return None,
        }
    }
    options.dir = dir?;
    Some(options)
}

/// `PATH [--spec OURS]`.
fn drift_flags<'a>(rest: &[&'a str]) -> Option<(&'a str, Option<&'a str>)> {
    match rest {
        [theirs] => Some((theirs, None)),
        [theirs, "--spec", ours] | ["--spec", ours, theirs] if !theirs.starts_with("--") => {
            Some((theirs, Some(ours)))
        }
        _ => None,
    }
}

/// `cargo xtask drift`: prints every difference and a count; fails only when a file cannot be read.
fn drift(root: &std::path::Path, theirs: &str, ours: Option<&str>) -> ExitCode {
    let ours = ours.map_or_else(
        || root.join("spec/digitalocean.yaml"),
        std::path::PathBuf::from,
    );
    let read = |path: &std::path::Path| -> Result<serde_json::Value, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        xtask::upstream::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    };
    let (ours_doc, theirs_doc) = match (read(&ours), read(std::path::Path::new(theirs))) {
        (Ok(o), Ok(t)) => (o, t),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let differences = xtask::upstream::compare(&ours_doc, &theirs_doc);
    println!("ours:   {}\ntheirs: {theirs}\n", ours.display());
    print!("{}", xtask::upstream::render(&differences));
    ExitCode::SUCCESS
}

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::FAILURE
}

/// `[--check] [--spec PATH]` in any order, each at most once.
fn codegen_flags<'a>(mut rest: &[&'a str]) -> Option<(bool, Option<&'a str>)> {
    let mut check = false;
    let mut spec = None;
    loop {
        match rest {
            [] => return Some((check, spec)),
            ["--check", tail @ ..] if !check => {
                check = true;
                rest = tail;
            }
            ["--spec", path, tail @ ..] if spec.is_none() => {
                spec = Some(*path);
                rest = tail;
            }
            _ => return None,
        }
    }
}

/// `[SPEC] [--no-check] [--keep] [--phases]` in any order.
fn scale_flags<'a>(rest: &[&'a str]) -> Option<scale::Scale<'a>> {
    let mut options = scale::Scale::default();
    for arg in rest {
        match *arg {
            "--no-check" => options.no_check = true,
            "--keep" => options.keep = true,
            "--phases" => options.phases = true,
            "--refs-outside" => options.refs_outside = true,
            flag if flag.starts_with("--") => return None,
            spec if options.spec.is_none() => options.spec = Some(spec),
            _ => return None,
        }
    }
    Some(options)
}
