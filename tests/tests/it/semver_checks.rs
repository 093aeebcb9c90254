//! cargo-semver-checks agrees with `cargo xtask codegen`'s report: the client generated from
//! `tests/semver/things.yaml` before and after the five additive edits (all at once, one run)
//! is accepted with `--release-type minor`, and after removing a response field is rejected.
//!
//! The three clients are scratch crates (version 1.0.0, so `minor` means "nothing breaking"),
//! built against this workspace's runtime with its `Cargo.lock`, offline, into one shared
//! target directory (`target/semver-checks-test`). Needs `cargo semver-checks` (0.51); without
//! it the test is ignored, and with `CI=true` it fails (see `build.rs`).
//!
//! It passes only when generated models and enums are `#[non_exhaustive]`: with plain structs
//! and exhaustive enums the additive edits are breaking, and cargo-semver-checks rightly says so.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::semver_fixture::{ADDITIVE, REMOVAL, base, generate};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests crate lives in the workspace")
        .to_path_buf()
}

/// A TOML basic string holding `path`.
fn toml_path(path: &Path) -> String {
    path.display()
        .to_string()
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
}

/// Writes the client generated from `spec` as a crate in `dir`.
fn write_client(dir: &Path, spec: &str) {
    let root = workspace_root();
    let auto = dir.join("src/auto");
    std::fs::create_dir_all(&auto).unwrap();
    let runtime = toml_path(&root.join("runtime"));
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            r#"[package]
name = "things-client"
version = "1.0.0"
edition = "2024"
publish = false

[dependencies]
digitalocean-client-runtime = {{ path = "{runtime}", features = ["rustls-ring"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
chrono = {{ version = "0.4", default-features = false, features = ["std", "serde", "clock"] }}
uuid = {{ version = "1", default-features = false, features = ["std", "serde"] }}
bytes = "1"

[workspace]
"#
        ),
    )
    .unwrap();
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    // The client crate's root as generated code sees it (as `cargo xtask scale` writes it).
    std::fs::write(
        dir.join("src/lib.rs"),
        "//! A client generated from tests/semver/things.yaml.\n\
         pub use digitalocean_client_runtime as runtime;\n\
         #[rustfmt::skip]\n#[allow(missing_docs)]\nmod auto;\npub use auto::*;\n",
    )
    .unwrap();
    for file in generate(spec) {
        std::fs::write(auto.join(&file.path), file.contents).unwrap();
    }
}

/// `cargo semver-checks --release-type minor` of `current` against `baseline`.
fn semver_checks(current: &Path, baseline: &Path) -> Output {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    Command::new(cargo)
        .arg("semver-checks")
        .arg("--manifest-path")
        .arg(current.join("Cargo.toml"))
        .arg("--baseline-root")
        .arg(baseline)
        .args(["--release-type", "minor"])
        .env(
            "CARGO_TARGET_DIR",
            workspace_root().join("target/semver-checks-test"),
        )
        // Only the local disk: every dependency is already in cargo's cache.
        .env("CARGO_NET_OFFLINE", "true")
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap_or_else(|e| panic!("cargo semver-checks could not be run: {e}"))
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
#[cfg_attr(
    no_semver_checks,
    ignore = "cargo-semver-checks is not installed: `cargo install --locked cargo-semver-checks --version 0.51.0` (with CI=true this test fails instead)"
)]
fn cargo_semver_checks_accepts_additive_edits_as_minor_and_rejects_a_removal() {
    let version = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["semver-checks", "--version"])
        .output();
    assert!(
        version.as_ref().is_ok_and(|o| o.status.success()),
        "cargo semver-checks is not installed: `cargo install --locked cargo-semver-checks \
         --version 0.51.0`"
    );

    let scratch = tempfile::tempdir().expect("a temporary directory");
    let spec = base();
    let mut additive = spec.clone();
    for edit in &ADDITIVE {
        additive = edit.apply(&additive);
    }
    let [before, after, removed] =
        ["before", "additive", "removal"].map(|d| scratch.path().join(d));
    write_client(&before, &spec);
    write_client(&after, &additive);
    write_client(&removed, &REMOVAL.apply(&spec));

    let accepted = semver_checks(&after, &before);
    assert!(
        accepted.status.success(),
        "additive edits rejected as a minor release:\n{}",
        text(&accepted)
    );

    let rejected = semver_checks(&removed, &before);
    let said = text(&rejected);
    assert!(
        !rejected.status.success(),
        "a removed response field accepted as a minor release:\n{said}"
    );
    assert!(said.contains("struct_pub_field_missing"), "{said}");
}
