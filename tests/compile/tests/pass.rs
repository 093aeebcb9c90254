//! Every snapshot in `tests/snapshots/` compiles next to the runtime crate, and the cases in
//! `ui/pass/` (snapshots used as a caller would, some against a loopback server, and downstream
//! use of `digitalocean_client`) compile and run: all in this one test binary, one rustc run.
//! The module list is derived from the folders by `build.rs`, so a new snapshot is compiled
//! here without being listed.

// `runtime_names` names operations `new`, `from_env`, `as_*` on purpose, and the downstream
// cases only build their futures (`let _ = run(...)`) to see that they compile.
#![allow(
    clippy::wrong_self_convention,
    clippy::new_ret_no_self,
    clippy::let_underscore_future
)]

// The snapshots reach the runtime as `crate::runtime`, as in the client crate.
#[allow(unused_imports)]
use digitalocean_client_runtime as runtime;

include!(concat!(env!("OUT_DIR"), "/pass.rs"));
