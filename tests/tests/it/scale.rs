//! DigitalOcean's whole API (`../shared/bench/digitalocean-rest.yaml`, beside the workspace) as a
//! scale and robustness benchmark: the generator must not panic on it, and the number of
//! operations it turns into code may only go up.
//!
//! This test only generates (in memory). Whether the output compiles is checked by
//! `cargo xtask scale`, which `cargo check`s it in a temporary crate under `target/`.

use std::collections::BTreeSet;
use std::path::Path;

/// Operations the DigitalOcean spec declares.
const TOTAL: usize = 634;
/// Operations generated today; raise it when the generator handles more, never lower it.
const GENERATED: usize = 634;
/// Where the spec's mistakes are guessed around (both servers that name no reachable host).
const GUESSES: [&str; 2] = [
    "/paths/~1api~1v1~1chat~1completions/post/servers/0/url",
    "/paths/~1<upload_url>/put/servers/0/url",
];

#[test]
#[cfg_attr(
    no_bench_spec,
    ignore = "../shared/bench/digitalocean-rest.yaml is absent (DigitalOcean's whole API is kept \
              beside the repository, not in it); with CI=true this test fails instead"
)]
fn the_whole_digitalocean_api_generates_without_panicking() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests crate lives in the workspace");
    let path = root.join("../shared/bench/digitalocean-rest.yaml");
    let spec = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (the bench spec is expected beside the workspace, in ../shared; CI must \
             provide it)",
            path.display()
        )
    });
    let options = codegen::Options {
        lenient: true,
        source: "digitalocean-rest.yaml".to_owned(),
        ..codegen::Options::default()
    };
    let report = codegen::generate_with(&spec, &options);

    assert_eq!(report.operations_total, TOTAL);
    assert!(
        report.operations_generated >= GENERATED,
        "only {}/{TOTAL} operations generated (was {GENERATED}); errors:\n{}",
        report.operations_generated,
        codegen::Errors(report.errors.clone())
    );
    assert!(
        report.operations_generated <= GENERATED,
        "{} operations generated: raise GENERATED from {GENERATED} so the ratchet holds",
        report.operations_generated
    );
    // The count is what the output holds: every generated operation sends its own operation id,
    // the first argument of `OperationRequest::new(..)`.
    let ids: BTreeSet<&str> = report
        .files
        .iter()
        .flat_map(|f| {
            f.contents
                .match_indices("OperationRequest::new(")
                .map(|(at, m)| f.contents[at + m.len()..].trim_start())
        })
        .filter_map(|rest| rest.strip_prefix('"')?.split_once('"').map(|(id, _)| id))
        .collect();
    assert_eq!(
        ids.len(),
        report.operations_generated,
        "the output holds {} distinct operations, the report says {}",
        ids.len(),
        report.operations_generated
    );
    // Nothing is left out today, not even a parameter or a model: a new error is a regression.
    assert!(
        report.errors.is_empty(),
        "lenient mode left out parts of the API:\n{}",
        codegen::Errors(report.errors.clone())
    );
    // The document's two mistakes are read as guesses, each located at its operation's server;
    // a new guess (or one gone) changes what users get and must be looked at.
    let guessed: Vec<&str> = report.guesses.iter().map(|g| g.pointer.as_str()).collect();
    assert_eq!(
        guessed,
        GUESSES,
        "{}",
        codegen::Errors(report.guesses.clone())
    );
    // The tag modules, models.rs and mod.rs, each formatted (so each parsed as Rust).
    assert!(report.files.iter().any(|f| f.path == "mod.rs"));
    assert!(report.files.iter().any(|f| f.path == "models.rs"));
    assert!(report.files.len() > 40, "{} files", report.files.len());
}
