//! Decides, at build time, which tests cannot run here, so that libtest prints them as
//! `ignored, <reason>` instead of letting them pass without running:
//!
//! - `no_bench_spec`: `../shared/bench/digitalocean-rest.yaml` (DigitalOcean's whole API, kept
//!   beside the repository because it is DigitalOcean's text, not ours) is absent.
//! - `no_prism`: `node_modules/.bin/prism` is absent (`npm ci` installs it).
//! - `no_node`: `node` is not on the PATH.
//! - `no_semver_checks`: `cargo semver-checks --version` does not run (the lead installs
//!   cargo-semver-checks 0.51 into `~/.cargo/bin`; `.ci/run` installs it in CI).
//!
//! With `CI=true` nothing is ignored: a missing input makes the test fail, naming what is missing.
//!
//! It also derives test functions from the test data, so that each can be run by name:
//!
//! - `$OUT_DIR/snapshot_tests.rs` (for `tests/snapshots.rs`): one `#[test]` per fixture, that is
//!   every spec in `tests/fixtures/` and every spec of `tests/broken/` and `tests/corpus/` with a
//!   folder in `tests/snapshots/`.
//! - `$OUT_DIR/broken_tests.rs` (for `tests/broken.rs`): one `#[test]` per line of
//!   `tests/broken/expected.txt`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn main() {
    let crate_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let root = crate_dir
        .parent()
        .expect("the tests crate lives in the workspace");
    let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    println!("cargo::rerun-if-env-changed=CI");
    println!("cargo::rerun-if-env-changed=PATH");
    println!("cargo::rerun-if-changed=build.rs");
    for name in ["no_bench_spec", "no_prism", "no_node", "no_semver_checks"] {
        println!("cargo::rustc-check-cfg=cfg({name})");
    }

    let bench = root.join("../shared/bench/digitalocean-rest.yaml");
    watch(&bench);
    if !bench.is_file() && !in_ci {
        println!("cargo::rustc-cfg=no_bench_spec");
    }

    let prism = root.join("node_modules/.bin/prism");
    watch(&prism);
    if !prism.exists() && !in_ci {
        println!("cargo::rustc-cfg=no_prism");
    }

    snapshot_tests(&crate_dir);
    broken_tests(&crate_dir);

    let node = Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !node && !in_ci {
        println!("cargo::rustc-cfg=no_node");
    }

    // Cargo's own bin directory is small and flat: watching it notices the tool once installed.
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    if let Some(home) = cargo_home {
        watch(&home.join("bin"));
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let semver_checks = Command::new(cargo)
        .args(["semver-checks", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !semver_checks && !in_ci {
        println!("cargo::rustc-cfg=no_semver_checks");
    }
}

/// Reruns this script when `path` changes. A path that does not exist is not watched: cargo
/// would rerun the script (and rebuild this crate) on every build, and watching the nearest
/// existing directory would make it scan that whole tree. So a tool that appears later is seen
/// after the next rebuild of this crate: `cargo xtask test` touches this file after `npm ci`
/// installs Prism, and a test built as runnable checks again at run time and fails loudly.
fn watch(path: &Path) {
    if path.exists() {
        println!("cargo::rerun-if-changed={}", path.display());
    }
}

/// The `*.yaml` and `*.json` files of `dir` as (name, file name), sorted.
fn specs(dir: &Path) -> Vec<(String, String)> {
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut specs: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.expect("a readable directory").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .filter_map(|path| {
            let name = path.file_stem()?.to_str()?.to_owned();
            Some((name, path.file_name()?.to_str()?.to_owned()))
        })
        .collect();
    specs.sort();
    specs
}

/// An identifier for a test named after a file.
fn ident(name: &str) -> String {
    let ident: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{ident}")
    } else {
        ident
    }
}

fn snapshot_tests(crate_dir: &Path) {
    // A new snapshot folder for a spec of tests/broken or tests/corpus is seen when one of the
    // spec folders changes; `every_fixture_has_a_snapshot_and_a_compile_case` fails until then.
    let mut out = String::new();
    let mut names = Vec::new();
    for folder in ["fixtures", "broken", "corpus"] {
        for (name, file) in specs(&crate_dir.join(folder)) {
            if folder != "fixtures" && !crate_dir.join("snapshots").join(&name).is_dir() {
                continue;
            }
            out.push_str(&format!(
                "#[test]\nfn {}() {{\n    check({folder:?}, {name:?}, {file:?});\n}}\n",
                ident(&name)
            ));
            names.push(name);
        }
    }
    out.push_str(&format!("const COMPILED_FIXTURES: &[&str] = &{names:?};\n"));
    write(&crate_dir.join("snapshot_tests.rs"), &out);
}

fn broken_tests(crate_dir: &Path) {
    let manifest = crate_dir.join("broken/expected.txt");
    println!("cargo::rerun-if-changed={}", manifest.display());
    let text = std::fs::read_to_string(&manifest)
        .unwrap_or_else(|error| panic!("{}: {error}", manifest.display()));
    let mut out = String::new();
    for line in text.lines() {
        let mut fields = line.split_whitespace();
        let (Some(file), Some(kind)) = (fields.next(), fields.next()) else {
            continue;
        };
        if file.starts_with('#') {
            continue;
        }
        let call = if kind == "works" { "works" } else { "fails" };
        let name = file.rsplit_once('.').map_or(file, |(name, _)| name);
        out.push_str(&format!(
            "#[test]\nfn {}() {{\n    {call}({file:?});\n}}\n",
            ident(name)
        ));
    }
    write(&crate_dir.join("broken_tests.rs"), &out);
}

/// Writes `$OUT_DIR/<file name of path>`.
fn write(path: &Path, contents: &str) {
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    let target = out_dir.join(path.file_name().expect("a file name"));
    std::fs::write(&target, contents)
        .unwrap_or_else(|error| panic!("{}: {error}", target.display()));
}
