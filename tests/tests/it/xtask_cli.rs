//! The maintainer's loop through the real `cargo xtask codegen`, on a scratch copy of the
//! workspace (`XTASK_WORKSPACE`), so the checked-in tree is never touched:
//! an unchanged spec changes nothing; an edited description makes `--check` fail, naming the
//! stale file and the fixing command; `cargo xtask codegen` fixes exactly that; `--check` passes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

const OLD: &str = "VPC peering connects two VPC networks so that resources in them can talk over private addresses.";
const NEW: &str = "VPC peering joins two VPC networks (edited by the xtask test).";

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests crate lives in the workspace")
        .to_path_buf()
}

/// `cargo xtask codegen <args>` against `scratch`.
fn xtask(scratch: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO"))
        .args(["run", "-q", "-p", "xtask", "--", "codegen"])
        .args(args)
        .env("XTASK_WORKSPACE", scratch)
        .current_dir(workspace_root())
        .output()
        .expect("cargo runs")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Every generated file with its bytes and modification time.
fn files(auto: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    std::fs::read_dir(auto)
        .expect("generated/src/auto is readable")
        .map(|entry| {
            let path = entry.expect("directory entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&path).expect("file is readable");
            let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
            (name, (bytes, modified))
        })
        .collect()
}

/// A scratch workspace holding a copy of `spec/` and `generated/src/auto`.
fn scratch_copy() -> tempfile::TempDir {
    let root = workspace_root();
    let scratch = tempfile::tempdir().expect("a temporary directory");
    std::fs::create_dir_all(scratch.path().join("spec")).unwrap();
    std::fs::copy(
        root.join("spec/digitalocean.yaml"),
        scratch.path().join("spec/digitalocean.yaml"),
    )
    .unwrap();
    let auto = scratch.path().join("generated/src/auto");
    std::fs::create_dir_all(&auto).unwrap();
    for entry in std::fs::read_dir(root.join("generated/src/auto")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, auto.join(path.file_name().unwrap())).unwrap();
    }
    scratch
}

#[test]
fn unchanged_spec_changes_nothing_and_an_edited_description_is_caught_then_fixed() {
    let scratch = scratch_copy();
    let auto = scratch.path().join("generated/src/auto");
    let before = files(&auto);

    // Unchanged spec: --check passes, and regenerating rewrites nothing (bytes and mtimes).
    let check = xtask(scratch.path(), &["--check"]);
    assert!(check.status.success(), "{}", text(&check));
    let run = xtask(scratch.path(), &[]);
    assert!(run.status.success(), "{}", text(&run));
    assert!(
        text(&run).contains("0 written, 0 removed"),
        "{}",
        text(&run)
    );
    assert_eq!(
        files(&auto),
        before,
        "an unchanged spec changed generated files"
    );

    // Edit one description in the spec.
    let spec_path = scratch.path().join("spec/digitalocean.yaml");
    let spec = std::fs::read_to_string(&spec_path).unwrap();
    assert_eq!(spec.matches(OLD).count(), 1, "the test's anchor text moved");
    std::fs::write(&spec_path, spec.replace(OLD, NEW)).unwrap();

    // --check fails, names the stale file and the command, and writes nothing.
    let check = xtask(scratch.path(), &["--check"]);
    let said = text(&check);
    assert!(
        !check.status.success(),
        "--check passed a stale tree:\n{said}"
    );
    // The tag description is the module's doc in mod.rs and the tag struct's doc.
    assert!(said.contains("stale: mod.rs"), "{said}");
    assert!(said.contains("stale: vpc_peerings.rs"), "{said}");
    assert!(said.contains("cargo xtask codegen"), "{said}");
    assert_eq!(files(&auto), before, "--check wrote something");

    // Regenerating fixes it, touching only what the edit changed.
    let run = xtask(scratch.path(), &[]);
    assert!(run.status.success(), "{}", text(&run));
    let after = files(&auto);
    let changed: Vec<&String> = after
        .iter()
        .filter(|(name, (bytes, _))| before.get(*name).map(|(b, _)| b) != Some(bytes))
        .map(|(name, _)| name)
        .collect();
    assert_eq!(changed, ["mod.rs", "vpc_peerings.rs"], "{}", text(&run));
    for (name, (_, modified)) in &after {
        if !changed.contains(&name) {
            assert_eq!(
                Some(modified),
                before.get(name).map(|(_, m)| m),
                "{name} rewritten"
            );
        }
    }
    for name in ["mod.rs", "vpc_peerings.rs"] {
        let module = String::from_utf8(after[name].0.clone()).unwrap();
        assert!(module.contains(NEW), "{module}");
        assert!(!module.contains(OLD), "{module}");
    }

    let check = xtask(scratch.path(), &["--check"]);
    assert!(check.status.success(), "{}", text(&check));
}

/// `cargo xtask test` without node and npm on the PATH fails at once, naming both, and runs
/// nothing. The PATH keeps only cargo's own directory and the C linker.
#[test]
fn xtask_test_fails_loudly_without_node_and_npm() {
    let cargo = Path::new(env!("CARGO"));
    let tools = tempfile::tempdir().expect("a temporary directory");
    let linker = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|dir| dir.join("cc"))
        .find(|cc| cc.exists());
    if let Some(cc) = linker {
        std::os::unix::fs::symlink(cc, tools.path().join("cc")).unwrap();
    }
    let path = std::env::join_paths([cargo.parent().unwrap(), tools.path()]).unwrap();
    let output = Command::new(cargo)
        .args(["run", "-q", "-p", "xtask", "--", "test"])
        .env("PATH", path)
        .current_dir(workspace_root())
        .output()
        .expect("cargo runs");
    let shown = text(&output);
    assert!(!output.status.success(), "{shown}");
    assert!(
        shown.contains("cargo xtask test needs node and npm, not found on the PATH"),
        "{shown}"
    );
    assert!(!shown.contains("==> npm ci"), "{shown}");
}
