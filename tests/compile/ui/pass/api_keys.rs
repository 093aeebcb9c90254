//! The `api_keys` snapshot compiles against the runtime crate (generated leniently; its wire test is in
//! `tests/tests/constructs.rs`).
// The snapshot reaches the runtime as `crate::runtime`, as in the client crate.
#[allow(unused_imports)]
use digitalocean_client_runtime as runtime;

#[path = "../../../snapshots/api_keys/mod.rs"]
#[allow(dead_code)]
mod auto;

fn main() {}
