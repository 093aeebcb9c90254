//! The `path_encoding` snapshot compiles next to the real runtime.
#[path = "../../../../generated/src/runtime/mod.rs"]
#[allow(dead_code, unused_imports)]
mod runtime;

#[path = "../../../snapshots/path_encoding/mod.rs"]
#[allow(dead_code)]
mod auto;

fn main() {}
