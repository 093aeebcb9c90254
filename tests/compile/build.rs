//! Writes `$OUT_DIR/pass.rs` for `tests/pass.rs`: one module per snapshot in `tests/snapshots/`
//! and per case in `ui/pass/`, so that every snapshot compiles next to the runtime in one rustc
//! run, derived from the folders rather than listed by hand.
//!
//! - A snapshot with a case of the same name (`ui/pass/<name>.rs`, which mounts the snapshot
//!   itself and calls it) is mounted through that case; any other snapshot directly.
//! - Every case with a `pub fn main` (including the downstream ones that use
//!   `digitalocean_client`) gets a `#[test]` that calls it; a case without one only compiles.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let snapshots = dir.join("../snapshots");
    let cases = dir.join("ui/pass");
    println!("cargo::rerun-if-changed={}", snapshots.display());
    println!("cargo::rerun-if-changed={}", cases.display());

    let case_names = names(&cases, |path| {
        (path.extension()? == "rs").then(|| path.file_stem()?.to_str().map(str::to_owned))?
    });
    let snapshot_names = names(&snapshots, |path| {
        path.join("mod.rs")
            .is_file()
            .then(|| path.file_name()?.to_str().map(str::to_owned))?
    });

    let mut out = String::new();
    for name in &snapshot_names {
        if case_names.contains(name) {
            continue;
        }
        let path = snapshots.join(name).join("mod.rs");
        writeln!(
            out,
            "#[path = {:?}]\n#[allow(dead_code)]\n#[rustfmt::skip]\nmod {name};",
            path.display().to_string()
        )
        .unwrap();
    }
    for name in &case_names {
        let path = cases.join(format!("{name}.rs"));
        let source = std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        writeln!(
            out,
            "#[path = {:?}]\nmod {name};",
            path.display().to_string()
        )
        .unwrap();
        if source.contains("\npub fn main()") {
            writeln!(out, "#[test]\nfn {name}() {{\n    {name}::main();\n}}").unwrap();
        }
    }
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    std::fs::write(out_dir.join("pass.rs"), out).expect("OUT_DIR is writable");
}

/// The sorted names `name` picks from the entries of `dir`.
fn names(dir: &Path, name: impl Fn(&Path) -> Option<String>) -> Vec<String> {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|error| panic!("{}: {error}", dir.display()));
    let mut names: Vec<String> = entries
        .map(|entry| entry.expect("a readable directory").path())
        .filter_map(|path| name(&path))
        .collect();
    names.sort();
    names
}
