//! The `empty_204` snapshot compiles next to the real runtime.
#[path = "../../../../generated/src/runtime/mod.rs"]
#[allow(dead_code, unused_imports)]
mod runtime;

#[path = "../../../snapshots/empty_204/mod.rs"]
#[allow(dead_code)]
mod auto;

fn main() {}
