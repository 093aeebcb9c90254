//! The checked-in `generated/src/auto` is exactly what the spec generates today; the same check
//! as `cargo xtask codegen --check`, run in-process so plain `cargo test` catches a stale file.

use std::path::Path;

#[test]
fn generated_code_matches_the_spec() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests crate lives in the workspace");
    let drift = xtask::workspace::check_workspace(root).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        drift.is_clean(),
        "generated/src/auto is out of date with spec/digitalocean.yaml:\n{drift}run `cargo xtask codegen` to fix it"
    );
}
