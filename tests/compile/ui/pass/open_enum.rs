//! The `open_enum` snapshot compiles against the runtime crate.
// The snapshot reaches the runtime as `crate::runtime`, as in the client crate.
#[allow(unused_imports)]
use digitalocean_client_runtime as runtime;

#[path = "../../../snapshots/open_enum/mod.rs"]
#[allow(dead_code)]
mod auto;

fn main() {}
