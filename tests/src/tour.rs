//! The `tour` example for the tests: its table of calls ([`crate::calls`]) looked up by
//! operation id, the check that a test's own expectations cover the same operations as the table
//! and the spec, and the command that runs the example.

use std::collections::BTreeSet;
use std::process::Command;

use crate::calls::{CALLS, Call};
use crate::spec;

/// The call of one operation.
///
/// # Panics
/// When the table has no call of that id.
pub fn call(operation_id: &str) -> &'static Call {
    CALLS
        .iter()
        .find(|call| call.operation_id == operation_id)
        .unwrap_or_else(|| panic!("the call table has no {operation_id}"))
}

/// The ids of the spec's operations.
pub fn spec_ids() -> BTreeSet<&'static str> {
    spec::operations()
        .iter()
        .map(|op| op.operation_id.as_str())
        .collect()
}

/// Checks that the table calls each operation of the spec exactly once and that `expected`
/// (`what` names it in the message), a test's own expectations, covers the same operations.
///
/// # Panics
/// When the table calls an operation twice, or the three sets differ.
pub fn assert_covers_the_table<'a>(what: &str, expected: impl IntoIterator<Item = &'a str>) {
    let table: Vec<&str> = CALLS.iter().map(|call| call.operation_id).collect();
    let unique: BTreeSet<&str> = table.iter().copied().collect();
    assert_eq!(
        unique.len(),
        table.len(),
        "the table calls an operation twice"
    );
    assert_eq!(
        unique,
        spec_ids(),
        "the table and the spec's operations differ"
    );
    let expected: BTreeSet<&str> = expected.into_iter().collect();
    let missing: Vec<&str> = unique.difference(&expected).copied().collect();
    let extra: Vec<&str> = expected.difference(&unique).copied().collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{what} and the table of calls cover different operations: {what} lacks {missing:?} \
         and has {extra:?}, which the table does not call"
    );
}

/// `cargo run --quiet -p digitalocean-client --example tour` in the workspace, without
/// `TOUR_DEBUG`; `cargo run` reuses the example built by `cargo test`. (An example of another
/// crate has no `CARGO_BIN_EXE_*`.)
pub fn command() -> Command {
    let workspace = crate::prism::workspace_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command
        .current_dir(&workspace)
        .args(["run", "--quiet", "-p", "digitalocean-client"])
        .args(["--example", "tour", "--manifest-path"])
        .arg(workspace.join("Cargo.toml"))
        .env_remove("TOUR_DEBUG");
    command
}
