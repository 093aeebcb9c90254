//! The `path_encoding` snapshot compiles against the runtime crate.
// The snapshot reaches the runtime as `crate::runtime`, as in the client crate.
#[allow(unused_imports)]
use digitalocean_client_runtime as runtime;

#[path = "../../../snapshots/path_encoding/mod.rs"]
#[allow(dead_code)]
mod auto;

fn main() {}
