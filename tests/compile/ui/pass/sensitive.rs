//! The `sensitive` snapshot compiles next to the real runtime.
#[path = "../../../../generated/src/runtime/mod.rs"]
#[allow(dead_code, unused_imports)]
mod runtime;

#[path = "../../../snapshots/sensitive/mod.rs"]
#[allow(dead_code)]
mod auto;

fn main() {}
