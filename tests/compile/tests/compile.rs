//! Misuse of the generated client fails to compile with a clear message (`ui/fail/`). What must
//! compile is built together in `tests/pass.rs`, in one rustc run.
//!
//! This crate exists so that trybuild, which compiles its cases with all of the running crate's
//! dependencies in a target directory of its own, builds only what the cases need rather than
//! the whole `tests` crate's dependencies (wiremock, the generator, proptest, ...).
//!
//! The `.stderr` files hold rustc's words, which change between compiler versions, so the
//! version that wrote them is recorded in `ui/fail/rustc-version` and checked first.
//!
//! New or changed `.stderr` files: `TRYBUILD=overwrite cargo test -p compile-tests`.

use std::process::Command;

/// The rustc release (`1.95.0`) that runs this test: `$RUSTC` as cargo sets it, or `rustc`.
fn rustc_release() -> String {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output = Command::new(&rustc)
        .arg("--version")
        .output()
        .unwrap_or_else(|error| panic!("could not run {}: {error}", rustc.display()));
    let version = String::from_utf8_lossy(&output.stdout);
    // `rustc 1.95.0 (59807616e 2026-04-14)`
    version
        .split_whitespace()
        .nth(1)
        .unwrap_or_else(|| panic!("unexpected `rustc --version` output: {version}"))
        .to_owned()
}

#[test]
fn misuse_does_not_compile() {
    let recorded = include_str!("../ui/fail/rustc-version").trim();
    let running = rustc_release();
    assert_eq!(
        running, recorded,
        "the expected compiler errors in tests/compile/ui/fail/*.stderr were written by rustc \
         {recorded}, and this is rustc {running}: their wording differs between versions. Either \
         run this test with rustc {recorded}, or regenerate them with \
         `TRYBUILD=overwrite cargo test -p compile-tests`, check that each still shows the \
         intended error, and write {running} into tests/compile/ui/fail/rustc-version"
    );
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/fail/*.rs");
}
