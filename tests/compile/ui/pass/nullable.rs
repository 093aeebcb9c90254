//! The `nullable` snapshot compiles next to the real runtime.
#[path = "../../../../generated/src/runtime/mod.rs"]
#[allow(dead_code, unused_imports)]
mod runtime;

#[path = "../../../snapshots/nullable/mod.rs"]
#[allow(dead_code)]
mod auto;

fn main() {}
