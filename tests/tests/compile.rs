//! Every snapshot compiles against the real runtime, the generated client is usable the way a
//! downstream crate would use it, and misuse fails to compile with a clear message.
//!
//! New or changed `.stderr` files: `TRYBUILD=overwrite cargo test -p tests --test compile`.

#[test]
fn snapshots_and_downstream_use_compile() {
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.compile_fail("ui/fail/*.rs");
}
