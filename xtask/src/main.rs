//! Project automation: `cargo xtask codegen [--check] [--spec PATH]`,
//! `cargo xtask test [ARGS...]`, `cargo xtask scale [SPEC] [--no-check] [--keep] [--phases]`
//! (alias `bench`) and `cargo xtask corpus DIR [--no-check] [--keep] [--markdown] [--targets]`.

mod codegen;
mod corpus;
mod files;
mod scale;
mod test;

use std::process::ExitCode;

const USAGE: &str = "usage:
  cargo xtask codegen [--spec PATH]           regenerate generated/src/auto from spec/digitalocean.yaml
                                              (or from PATH); on any error nothing is written
  cargo xtask codegen --check [--spec PATH]   fail if generated/src/auto is not what the spec generates
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
                                              >= 97 % of operations are generated and nothing panicked.";

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
        ["corpus", rest @ ..] => match corpus_flags(rest) {
            Some(options) => corpus::run(&codegen::root(), &options),
            None => usage(),
        },
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
