//! Golden-file tests of the generator: one small spec per feature in `tests/fixtures/`, its
//! output checked in under `tests/snapshots/<fixture>/`.
//!
//! After an intended change to the generator, update the golden files with
//!
//! ```text
//! EXPECTORATE=overwrite cargo test -p tests --test snapshots
//! ```
//!
//! and review the diff. Every snapshot is also compiled by `tests/compile/tests/compile.rs`.

use std::path::Path;

/// Generates `tests/fixtures/<fixture>.yaml` (or `.json`) and compares every file with its
/// snapshot.
fn check(fixture: &str) {
    check_in("fixtures", fixture);
}

/// [`check`] for a spec of `tests/<folder>/`: the `works` cases of the broken-spec corpus whose
/// output must compile (their compile cases are in `tests/compile/ui/pass`).
fn check_in(folder: &str, fixture: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let file = ["yaml", "json"]
        .map(|ext| format!("{fixture}.{ext}"))
        .into_iter()
        .find(|file| root.join(folder).join(file).exists())
        .expect("the fixture exists as .yaml or .json");
    let spec_path = root.join(folder).join(&file);
    let spec = std::fs::read_to_string(&spec_path).expect("fixture is readable");
    let options = codegen::Options {
        lenient: false,
        source: format!("tests/{folder}/{file}"),
    };
    let report = codegen::generate_with(&spec, &options);
    assert!(
        report.errors.is_empty(),
        "fixture {fixture} has errors:\n{}",
        codegen::Errors(report.errors.clone())
    );
    let dir = root.join("snapshots").join(fixture);
    // Lets `EXPECTORATE=overwrite` create the golden files of a new fixture.
    std::fs::create_dir_all(&dir).expect("snapshot dir can be created");
    for file in &report.files {
        expectorate::assert_contents(dir.join(&file.path), &file.contents);
    }
    let drift = codegen::sync::check(&dir, &report.files).expect("snapshot dir is readable");
    assert!(
        drift.extra.is_empty(),
        "snapshot files no longer generated: {:?}",
        drift.extra
    );
    // Generation is deterministic: a second run gives the same bytes.
    assert_eq!(codegen::generate_with(&spec, &options), report);
}

#[test]
fn all_of() {
    check("all_of");
}
#[test]
fn empty_204() {
    check("empty_204");
}
#[test]
fn headers_and_raw() {
    check("headers_and_raw");
}
#[test]
fn setter_collisions() {
    check("setter_collisions");
}
#[test]
fn keywords() {
    check("keywords");
}
#[test]
fn map() {
    check("map");
}
#[test]
fn nullable() {
    check("nullable");
}
#[test]
fn one_of() {
    check("one_of");
}
#[test]
fn open_enum() {
    check("open_enum");
}
#[test]
fn pagination() {
    check("pagination");
}
#[test]
fn path_encoding() {
    check("path_encoding");
}
#[test]
fn read_only() {
    check("read_only");
}
#[test]
fn recursive() {
    check("recursive");
}
#[test]
fn sensitive() {
    check("sensitive");
}
#[test]
fn waiter() {
    check("waiter");
}
#[test]
fn scalar_unions() {
    check("scalar_unions");
}
#[test]
fn untagged() {
    check("untagged");
}
#[test]
fn interior_refs() {
    check("interior_refs");
}
#[test]
fn surrogates() {
    check("surrogates");
}
#[test]
fn bodies() {
    check("bodies");
}
#[test]
fn methods() {
    check("methods");
}
#[test]
fn query_styles() {
    check("query_styles");
}
#[test]
fn base_url_tag() {
    check_in("broken", "base_url_tag");
}
#[test]
fn runtime_names() {
    check_in("broken", "runtime_names");
}
