//! The `map_queries` snapshot compiles against the runtime crate (its wire test is in
//! `tests/tests/files_and_maps.rs`).
// The snapshot reaches the runtime as `crate::runtime`, as in the client crate.
#[allow(unused_imports)]
use digitalocean_client_runtime as runtime;

#[path = "../../../snapshots/map_queries/mod.rs"]
#[allow(dead_code)]
mod auto;

fn main() {}
