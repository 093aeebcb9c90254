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

/// The last line of `cargo xtask codegen`'s standard output.
fn last_line(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .last()
        .unwrap_or_default()
        .to_owned()
}

/// Replaces `old` (present exactly once) in the scratch workspace's spec.
fn edit_spec(scratch: &Path, old: &str, new: &str) {
    let path = scratch.join("spec/digitalocean.yaml");
    let spec = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        spec.matches(old).count(),
        1,
        "the test's anchor text moved: {old}"
    );
    std::fs::write(&path, spec.replacen(old, new, 1)).unwrap();
}

const QUERY_ANCHOR: &str = "        - ssh_key:read\n      parameters:\n";
const NEW_QUERY: &str = "        - ssh_key:read\n      parameters:\n        - name: label\n          in: query\n          description: Only keys with this label (added by the xtask test).\n          schema:\n            type: string\n";
const RESPONSE_FIELD: &str = "        default_gateway:\n          type: boolean\n          description: The classification of the NAT gateway as the default egress route for the VPC traffic.\n          example: true\n";

/// `cargo xtask codegen` ends with `semver: <level>` for what the edit did to the public API,
/// `--check` reports the same without writing, and the CHANGELOG's draft gets the changes once.
#[test]
fn codegen_reports_the_semver_level_of_each_edit_and_drafts_the_changelog() {
    let scratch = scratch_copy();
    let root = scratch.path();
    let changelog = root.join("generated/CHANGELOG.md");
    std::fs::copy(workspace_root().join("generated/CHANGELOG.md"), &changelog).unwrap();
    let original_changelog = std::fs::read_to_string(&changelog).unwrap();

    let run = xtask(root, &[]);
    assert!(run.status.success(), "{}", text(&run));
    assert_eq!(last_line(&run), "semver: none", "{}", text(&run));
    assert!(text(&run).contains("cargo semver-checks"), "{}", text(&run));
    assert_eq!(
        std::fs::read_to_string(&changelog).unwrap(),
        original_changelog
    );

    edit_spec(root, OLD, NEW);
    let check = xtask(root, &["--check"]);
    assert!(!check.status.success(), "{}", text(&check));
    assert_eq!(last_line(&check), "semver: patch", "{}", text(&check));
    let run = xtask(root, &[]);
    assert_eq!(last_line(&run), "semver: patch", "{}", text(&run));
    assert!(
        text(&run).contains("patch  docs changed module vpc_peerings"),
        "{}",
        text(&run)
    );

    edit_spec(root, QUERY_ANCHOR, NEW_QUERY);
    let run = xtask(root, &[]);
    let said = text(&run);
    assert!(run.status.success(), "{said}");
    assert!(
        said.contains("minor  added setter ssh_keys::SshKeysList::label: fn label(mut self, value: impl Into<String>) -> Self"),
        "{said}"
    );
    assert_eq!(last_line(&run), "semver: minor", "{said}");
    let drafted = std::fs::read_to_string(&changelog).unwrap();
    assert!(
        drafted.contains("Semver level of these changes: minor"),
        "{drafted}"
    );
    assert_eq!(
        drafted
            .matches("- minor: added setter `ssh_keys::SshKeysList::label`")
            .count(),
        1,
        "{drafted}"
    );
    // Again: nothing changes, and the draft is not repeated.
    let again = xtask(root, &[]);
    assert_eq!(last_line(&again), "semver: none", "{}", text(&again));
    assert_eq!(std::fs::read_to_string(&changelog).unwrap(), drafted);

    edit_spec(root, RESPONSE_FIELD, "");
    let check = xtask(root, &["--check"]);
    assert!(
        text(&check).contains("major  removed field models::VpcNatGatewayVpc.default_gateway"),
        "{}",
        text(&check)
    );
    assert_eq!(last_line(&check), "semver: major", "{}", text(&check));
    let run = xtask(root, &[]);
    assert_eq!(last_line(&run), "semver: major", "{}", text(&run));
    let drafted = std::fs::read_to_string(&changelog).unwrap();
    assert!(
        drafted.contains("Semver level of these changes: major"),
        "{drafted}"
    );
}

/// A generated file left with merge-conflict markers is regenerated all the same; the report
/// cannot compare with it, says why, and promises nothing (`semver: major`).
#[test]
fn codegen_regenerates_over_a_conflicted_file_and_reports_major() {
    let scratch = scratch_copy();
    let models = scratch.path().join("generated/src/auto/models.rs");
    let good = std::fs::read_to_string(&models).unwrap();
    std::fs::write(
        &models,
        format!("<<<<<<< HEAD\n{good}=======\n>>>>>>> other\n"),
    )
    .unwrap();
    let run = xtask(scratch.path(), &[]);
    let said = text(&run);
    assert!(run.status.success(), "{said}");
    assert!(
        said.contains("cannot compare: the replaced files are not Rust (generated/src/auto/models.rs: not Rust:"),
        "{said}"
    );
    assert_eq!(last_line(&run), "semver: major", "{said}");
    assert_eq!(std::fs::read_to_string(&models).unwrap(), good);
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

/// `cargo xtask compat-freeze`'s copy (called as a library, on a scratch tree): the client's
/// source and README replace the kept copy, and a file the client no longer has is removed.
#[test]
fn compat_freeze_replaces_the_kept_copy_with_the_client_source() {
    let scratch = tempfile::tempdir().expect("a temporary directory");
    let root = scratch.path();
    let client = root.join(xtask::compat::CLIENT_DIR);
    let kept = root.join(xtask::compat::COMPAT_DIR);
    std::fs::create_dir_all(client.join("src/auto")).unwrap();
    std::fs::create_dir_all(kept.join("src/auto")).unwrap();
    std::fs::write(client.join("README.md"), "new readme").unwrap();
    std::fs::write(client.join("src/lib.rs"), "// new lib").unwrap();
    std::fs::write(client.join("src/auto/mod.rs"), "// new mod").unwrap();
    std::fs::write(kept.join("Cargo.toml"), "kept manifest").unwrap();
    std::fs::write(kept.join("src/lib.rs"), "// old lib").unwrap();
    std::fs::write(kept.join("src/auto/gone.rs"), "// a removed tag").unwrap();

    assert_eq!(xtask::compat::freeze(root).unwrap(), 3);
    let read = |p: &str| std::fs::read_to_string(kept.join(p)).unwrap();
    assert_eq!(read("README.md"), "new readme");
    assert_eq!(read("src/lib.rs"), "// new lib");
    assert_eq!(read("src/auto/mod.rs"), "// new mod");
    assert_eq!(read("Cargo.toml"), "kept manifest");
    assert!(!kept.join("src/auto/gone.rs").exists());

    // Without a client to copy, the error names the missing folder.
    std::fs::remove_dir_all(&client).unwrap();
    let error = xtask::compat::freeze(root).unwrap_err().to_string();
    assert!(error.contains("generated"), "{error}");
}
