//! The corpus in `tests/corpus/` through the real `cargo xtask corpus` (without its compile
//! step, which `cargo xtask corpus tests/corpus` runs in CI-sized time on its own) and
//! `cargo xtask scale` on a document that does not load.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests crate lives in the workspace")
        .to_path_buf()
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO"))
        .args(["run", "-q", "-p", "xtask", "--"])
        .args(args)
        .current_dir(workspace_root())
        .output()
        .expect("cargo runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The row of `document` in the corpus table, split on whitespace.
fn row<'t>(table: &'t str, document: &str) -> Vec<&'t str> {
    table
        .lines()
        .find(|l| l.starts_with(document))
        .unwrap_or_else(|| panic!("no row for {document} in\n{table}"))
        .split_whitespace()
        .collect()
}

#[test]
fn the_corpus_command_prints_a_row_per_document_and_a_summary() {
    let output = xtask(&["corpus", "tests/corpus", "--no-check"]);
    let table = stdout(&output);
    assert!(
        output.status.success(),
        "{table}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // document, ops, errors, guesses, notes, time (wall and CPU: 5 words), compiles, kinds...
    for (document, ops, errors, guesses, notes) in [
        ("api_keys.yaml", "3/3", "0", "0", "0"),
        ("compute.json", "4/4", "0", "0", "0"),
        ("media.yaml", "3/3", "0", "0", "0"),
        ("operation_servers.yaml", "6/6", "0", "3", "0"),
        ("shop_untagged.yaml", "6/6", "0", "0", "0"),
        // `$ref`s into the files of `split_refs/`, read by the xtask and bundled.
        ("split_refs.yaml", "2/2", "0", "0", "0"),
        ("spec_mistakes.yaml", "2/2", "0", "5", "0"),
        // OpenAPI 3.1, read as 3.0; its webhook is read and not generated.
        ("openapi_3_1.yaml", "2/2", "0", "0", "1"),
        ("truncated.json", "0/0", "1", "0", "0"),
        ("unnamed_operations.yaml", "5/5", "0", "4", "0"),
        ("unwritable_query.yaml", "1/1", "0", "3", "0"),
        ("version_2_refs.yaml", "2/2", "0", "5", "0"),
    ] {
        let cells = row(&table, document);
        assert_eq!(&cells[1..5], [ops, errors, guesses, notes], "{table}");
    }
    assert_eq!(row(&table, "compute.json")[10], "unchecked", "{table}");
    assert_eq!(row(&table, "truncated.json")[10], "-", "{table}");
    assert!(
        table.contains("did not load: /: invalid JSON at line 6"),
        "{table}"
    );
    let summary = table.lines().last().unwrap_or_default();
    assert!(
        summary.starts_with(
            "corpus: 12 documents, 36/36 operations (100.0 %), 11 whole, not compiled, 0 panics, 1 errors, 20 guesses, 1 not generated (webhooks)"
        ),
        "{summary}"
    );
}

#[test]
fn the_corpus_command_prints_markdown_and_checks_the_targets() {
    let output = xtask(&[
        "corpus",
        "tests/corpus",
        "--no-check",
        "--markdown",
        "--targets",
    ]);
    let table = stdout(&output);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        table.contains("| openapi_3_1.yaml | 2/2 | 0 | 0 | 1 |"),
        "{table}"
    );
    assert!(
        table.contains("| truncated.json | 0/0 | 1 (Yaml 1) | 0 | 0 |"),
        "{table}"
    );
    // truncated.json does not load and nothing was compiled: the targets are missed, each said.
    assert!(!output.status.success(), "{table}{stderr}");
    assert!(
        stderr.contains("target missed: 11 of 12 documents load"),
        "{stderr}"
    );
    assert!(
        stderr.contains("target missed: the outputs were not compiled"),
        "{stderr}"
    );
    // 11 of 12 whole is 91.7 %, 36/36 operations: those targets hold.
    assert!(!stderr.contains("whole (target"), "{stderr}");
    assert!(!stderr.contains("operations are generated"), "{stderr}");
}

#[test]
fn scale_reports_a_load_error_and_does_not_check_an_empty_crate() {
    let output = xtask(&["scale", "tests/corpus/truncated.json"]);
    let text = stdout(&output);
    assert!(!output.status.success(), "{text}");
    assert!(text.contains("Yaml: 1"), "{text}");
    assert!(text.contains("invalid JSON at line 6 column 0"), "{text}");
    assert!(
        text.contains("nothing was generated, so there is nothing to check"),
        "{text}"
    );
    assert!(!text.contains("cargo check"), "{text}");
}
