//! The `scalar_unions` snapshot compiles next to the real runtime (its wire test is in
//! `tests/tests/constructs.rs`).
#[path = "../../../../generated/src/runtime/mod.rs"]
#[allow(dead_code, unused_imports)]
mod runtime;

#[path = "../../../snapshots/scalar_unions/mod.rs"]
#[allow(dead_code)]
mod auto;

fn main() {}
