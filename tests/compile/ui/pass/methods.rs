//! The `methods` snapshot compiles next to the real runtime (its wire test is in
//! `tests/tests/constructs.rs`).
#[path = "../../../../generated/src/runtime/mod.rs"]
#[allow(dead_code, unused_imports)]
mod runtime;

#[path = "../../../snapshots/methods/mod.rs"]
#[allow(dead_code)]
mod auto;

fn main() {}
