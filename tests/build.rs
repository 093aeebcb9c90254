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
