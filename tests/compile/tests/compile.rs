//! Every snapshot compiles against the real runtime, the generated client is usable the way a
//! downstream crate would use it, and misuse fails to compile with a clear message.
//!
//! The cases live in `ui/` (the snapshot cases mount `../../snapshots/<name>` as `auto` and
//! have `use digitalocean_client_runtime as runtime;`, the one path generated code uses). This
//! crate exists so that trybuild, which compiles its cases with all of the running crate's
//! dependencies in a target directory of its own, builds only what the cases need rather than
//! the whole `tests` crate's dependencies (wiremock, the generator, proptest, ...).
//!
//! New or changed `.stderr` files: `TRYBUILD=overwrite cargo test -p compile-tests`.

#[test]
fn snapshots_and_downstream_use_compile() {
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.compile_fail("ui/fail/*.rs");
}
