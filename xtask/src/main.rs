//! Project automation: `cargo xtask codegen [--check]` and `cargo xtask bench [spec]`.

mod codegen;

use std::process::ExitCode;

const USAGE: &str = "usage:
  cargo xtask codegen           regenerate generated/src/auto from spec/digitalocean.yaml
  cargo xtask codegen --check   fail if generated/src/auto is not what the spec generates
  cargo xtask bench [SPEC]      lenient run over a large spec (default: the DigitalOcean API bench)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["codegen"] => codegen::run(false),
        ["codegen", "--check"] => codegen::run(true),
        ["bench"] => codegen::bench(None),
        ["bench", spec] => codegen::bench(Some(spec)),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::FAILURE
        }
    }
}
