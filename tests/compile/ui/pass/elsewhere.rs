//! The `elsewhere` snapshot (another provider's document) compiles against the runtime crate
//! (its wire test is in `tests/tests/belongs.rs`).
// The snapshot reaches the runtime as `crate::runtime`, as in the client crate.
#[allow(unused_imports)]
use digitalocean_client_runtime as runtime;

#[path = "../../../snapshots/elsewhere/mod.rs"]
#[allow(dead_code)]
mod auto;

fn main() {}
