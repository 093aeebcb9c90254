//! Misuse of the generated client fails to compile with a clear message (`ui/fail/`). What must
//! compile is built together in `tests/pass.rs`, in one rustc run.
//!
//! This crate exists so that trybuild, which compiles its cases with all of the running crate's
//! dependencies in a target directory of its own, builds only what the cases need rather than
//! the whole `tests` crate's dependencies (wiremock, the generator, proptest, ...).
//!
//! New or changed `.stderr` files: `TRYBUILD=overwrite cargo test -p compile-tests`.

#[test]
fn misuse_does_not_compile() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/fail/*.rs");
}
