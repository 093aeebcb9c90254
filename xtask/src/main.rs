//! Project automation: `cargo xtask codegen [--check] [--spec PATH]` and `cargo xtask bench [spec]`.

mod codegen;

use std::process::ExitCode;

const USAGE: &str = "usage:
  cargo xtask codegen [--spec PATH]           regenerate generated/src/auto from spec/digitalocean.yaml
                                              (or from PATH); on any error nothing is written
  cargo xtask codegen --check [--spec PATH]   fail if generated/src/auto is not what the spec generates
  cargo xtask bench [SPEC]                    lenient run over a large spec (default: the DigitalOcean API bench)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["codegen", rest @ ..] => match codegen_flags(rest) {
            Some((check, spec)) => codegen::run(check, spec),
            None => usage(),
        },
        ["bench"] => codegen::bench(None),
        ["bench", spec] => codegen::bench(Some(spec)),
        _ => usage(),
    }
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
