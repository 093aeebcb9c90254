//! The tests crate's tests in one binary (one link instead of fifteen), a module per area:
//! the broken-spec corpus, the constructs of real providers' documents on the wire, the corpus
//! report, drift, end-to-end calls against wiremock, files and maps, fuzzing, Prism contract
//! tests, redaction, replay, root exports, scale, the tour, the wire table and the xtask
//! commands. `cargo test -p tests --test it -- wire::` runs one module. The snapshot tests are a
//! binary of their own (`--test snapshots`).

// The snapshots mounted by `constructs` and `files_and_maps` reach the runtime as
// `crate::runtime`, as in the client crate.
#[allow(unused_imports)]
use digitalocean_client_runtime as runtime;

mod belongs;
mod broken;
mod constructs;
mod corpus;
mod drift;
mod end_to_end;
mod files_and_maps;
mod fuzz;
mod preview;
mod prism;
mod redaction;
mod replay;
mod root_exports;
mod runtime_members;
mod scale;
mod semver;
mod semver_checks;
mod semver_fixture;
mod swagger2;
mod tidy;
mod tour;
mod wire;
mod xtask_cli;
