//! `cargo xtask test [ARGS...]`: installs what the tests need, then runs every test.
//!
//! 1. Checks that `node` and `npm` are on the PATH and fails, naming what is missing, if not:
//!    the spec linter and the Prism contract tests need them.
//! 2. `npm ci`: the pinned Redocly CLI and Prism from `package-lock.json`.
//! 3. `cargo test --workspace --locked --no-fail-fast ARGS...`: a failing test binary does not
//!    keep the others from running.
//!
//! Tests that need something absent (Prism outside CI, `../shared/bench` beside the repository)
//! are listed by libtest as `ignored, <reason>`; with `CI=true` they run and fail instead.

use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::time::SystemTime;

/// Runs the whole test suite from `root`.
pub fn run(root: &Path, args: &[&str]) -> ExitCode {
    let missing: Vec<&str> = ["node", "npm"]
        .into_iter()
        .filter(|tool| !found(tool))
        .collect();
    if !missing.is_empty() {
        eprintln!(
            "error: cargo xtask test needs {}, not found on the PATH. Install Node.js (with \
             npm): the spec linter and the Prism contract tests run on it.",
            missing.join(" and ")
        );
        return ExitCode::FAILURE;
    }

    let prism = root.join("node_modules/.bin/prism");
    let prism_before = prism.exists();
    eprintln!("==> npm ci (the pinned Redocly CLI and Prism, from package-lock.json)");
    let npm = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(root)
        .status();
    match npm {
        Ok(status) if status.success() => {}
        Ok(status) => {
            eprintln!("error: `npm ci` failed ({status}) in {}", root.display());
            return ExitCode::FAILURE;
        }
        Err(error) => {
            eprintln!("error: could not run `npm ci`: {error}");
            return ExitCode::FAILURE;
        }
    }
    if !prism.exists() {
        eprintln!(
            "error: `npm ci` succeeded but {} is missing: is @stoplight/prism-cli still in \
             package.json?",
            prism.display()
        );
        return ExitCode::FAILURE;
    }
    if !prism_before {
        // The tests crate's build script decided that Prism was absent; make cargo run it again.
        let build_rs = root.join("tests/build.rs");
        let touched = std::fs::File::options()
            .append(true)
            .open(&build_rs)
            .and_then(|file| file.set_modified(SystemTime::now()));
        if let Err(error) = touched {
            eprintln!("error: could not touch {}: {error}", build_rs.display());
            return ExitCode::FAILURE;
        }
    }

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    eprintln!(
        "==> cargo test --workspace --locked --no-fail-fast {}",
        args.join(" ")
    );
    match Command::new(cargo)
        .args(["test", "--workspace", "--locked", "--no-fail-fast"])
        .args(args)
        .current_dir(root)
        .status()
    {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("error: could not run cargo: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Whether `tool --version` runs.
fn found(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}
