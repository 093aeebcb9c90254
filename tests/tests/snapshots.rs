//! Golden-file tests of the generator: one small spec per feature in `tests/fixtures/`, its
//! output checked in under `tests/snapshots/<fixture>/`. The fixture folder is the one list:
//! adding `tests/fixtures/<name>.yaml` (or `.json`) is enough to get it generated and compared;
//! each fixture is a `#[test]` of its own in module `fixture` (written by `tests/build.rs`), so
//! `cargo test -p tests --test snapshots -- keywords` checks one, and
//! [`every_fixture_has_a_snapshot_and_a_compile_case`] fails until its snapshot folder exists. A spec of the broken/awkward corpus
//! (`tests/broken/`) that must generate compiling code is snapshotted the same way as soon as
//! `tests/snapshots/<name>/` exists for it, and so is a document of `tests/corpus/` (generated
//! leniently, as `cargo xtask corpus` does).
//!
//! After an intended change to the generator, update the golden files with
//!
//! ```text
//! EXPECTORATE=overwrite cargo test -p tests --test snapshots
//! ```
//!
//! and review the diff. Every snapshot is also compiled, all in one binary, by
//! `tests/compile/tests/pass.rs`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Generates `tests/<folder>/<file>` and compares every file with the snapshot of `fixture`.
fn check(folder: &str, fixture: &str, file: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let spec_path = root.join(folder).join(file);
    let spec = std::fs::read_to_string(&spec_path).expect("fixture is readable");
    // The corpus holds documents with spec mistakes; they are generated as `cargo xtask corpus`
    // does, leniently (each guess reported, none an error).
    let options = codegen::Options {
        lenient: folder == "corpus",
        source: format!("tests/{folder}/{file}"),
        ..codegen::Options::default()
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
    let drift = xtask::workspace::check(&dir, &report.files).expect("snapshot dir is readable");
    assert!(
        drift.extra.is_empty(),
        "snapshot files no longer generated: {:?}",
        drift.extra
    );
    // Generation is deterministic: a second run gives the same bytes.
    assert_eq!(codegen::generate_with(&spec, &options), report);
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The names in `dir` (sorted) whose file name passes `keep`, mapped by `name`.
fn listing(dir: &Path, keep: impl Fn(&Path) -> Option<String>) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter_map(|path| keep(&path))
        .collect()
}

/// The specs of `tests/<folder>` as (name, file name): `*.yaml` and `*.json`.
fn specs(folder: &str) -> Vec<(String, String)> {
    let dir = root().join(folder);
    let files = listing(&dir, |path| {
        let ext = path.extension()?.to_str()?;
        matches!(ext, "yaml" | "json").then(|| path.file_name()?.to_str().map(str::to_owned))?
    });
    files
        .into_iter()
        .map(|file| {
            let name = file.rsplit_once('.').map_or(file.as_str(), |(n, _)| n);
            (name.to_owned(), file.clone())
        })
        .collect()
}

/// Every snapshotted spec as (folder, name, file name): all of `tests/fixtures`, and the specs of
/// `tests/broken` and `tests/corpus` (generated leniently) that have a snapshot folder.
fn fixtures() -> Vec<(&'static str, String, String)> {
    let mut all: Vec<_> = specs("fixtures")
        .into_iter()
        .map(|(name, file)| ("fixtures", name, file))
        .collect();
    for folder in ["broken", "corpus"] {
        all.extend(
            specs(folder)
                .into_iter()
                .filter(|(name, _)| root().join("snapshots").join(name).is_dir())
                .map(|(name, file)| (folder, name, file)),
        );
    }
    all
}

/// One `#[test]` per fixture, named after it (`cargo test -p tests --test snapshots -- keywords`
/// runs one), written by `tests/build.rs` from the fixture folders.
mod fixture {
    use super::check;
    include!(concat!(env!("OUT_DIR"), "/snapshot_tests.rs"));

    pub(super) const NAMES: &[&str] = COMPILED_FIXTURES;
}

/// The fixture folder, the snapshot folders and the compile cases name the same fixtures.
#[test]
fn every_fixture_has_a_snapshot_and_a_compile_case() {
    let names: BTreeSet<String> = fixtures().into_iter().map(|(_, name, _)| name).collect();
    let compiled: BTreeSet<String> = fixture::NAMES.iter().map(|n| n.to_string()).collect();
    assert_eq!(
        compiled, names,
        "the fixtures changed since tests/build.rs wrote one test per fixture: touch \
         tests/build.rs (or any spec folder) and run again"
    );
    let mut stems = BTreeSet::new();
    for (folder, name, file) in fixtures() {
        assert!(
            stems.insert(name.clone()),
            "fixture `{name}` exists twice (tests/{folder}/{file} and another)"
        );
    }
    let snapshots = listing(&root().join("snapshots"), |path| {
        path.is_dir()
            .then(|| path.file_name()?.to_str().map(str::to_owned))?
    });
    let pass_dir: PathBuf = root().join("compile/ui/pass");
    // A compile case that mounts a snapshot names it in its `#[path]`.
    let mounted = listing(&pass_dir, |path| {
        let text = std::fs::read_to_string(path).ok()?;
        let start = text.find("snapshots/")? + "snapshots/".len();
        let rest = &text[start..];
        Some(rest[..rest.find('/')?].to_owned())
    });
    for name in &names {
        assert!(
            snapshots.contains(name),
            "fixture `{name}` has no snapshot folder tests/snapshots/{name}/ \
             (EXPECTORATE=overwrite cargo test -p tests --test snapshots creates it)"
        );
        // tests/compile/build.rs mounts every snapshot's mod.rs in one test binary, or, where a
        // case of the same name exists, that case, which must mount the snapshot itself.
        assert!(
            root().join(format!("snapshots/{name}/mod.rs")).is_file(),
            "tests/snapshots/{name}/mod.rs is missing, so nothing compiles the snapshot"
        );
        let case = pass_dir.join(format!("{name}.rs"));
        if let Ok(text) = std::fs::read_to_string(&case) {
            assert!(
                text.contains(&format!("snapshots/{name}/mod.rs")),
                "tests/compile/ui/pass/{name}.rs replaces the snapshot's own compile case, so it \
                 must mount ../../../snapshots/{name}/mod.rs"
            );
        }
    }
    for name in &snapshots {
        assert!(
            names.contains(name),
            "tests/snapshots/{name}/ has no fixture tests/fixtures/{name}.yaml (or .json, or a spec in tests/broken)"
        );
    }
    for name in &mounted {
        assert!(
            names.contains(name),
            "a compile case in tests/compile/ui/pass mounts tests/snapshots/{name}, which has no fixture"
        );
    }
}
