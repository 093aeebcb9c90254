//! What the broken/awkward corpus (`tests/broken/`, run by `tests/tests/it/broken.rs`) does not
//! say: where an untagged operation goes, how untagged module names are derived, and what a
//! lenient run counts. Every located-error case lives in the corpus (one file per case, listed
//! in `tests/broken/expected.txt`); a new one goes there, not here.

use codegen::{Options, generate_with};

/// A valid document around `paths` and `schemas` (YAML fragments indented for their spot).
fn spec(paths: &str, schemas: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}\ncomponents:\n  schemas:\n    thing:\n      type: object\n      properties:\n        name: {{type: string}}\n{schemas}"
    )
}

const OK_RESPONSE: &str = "      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/thing'}\n";

#[test]
fn a_missing_tag_takes_the_path_module_and_a_second_tag_is_not_an_error() {
    let paths = format!(
        "  /v2/a:\n    get:\n      operationId: a_get\n{OK_RESPONSE}  /v2/b:\n    get:\n      operationId: b_get\n      tags: [A, B]\n{OK_RESPONSE}"
    );
    let files = codegen::generate(&spec(&paths, "")).expect("both operations generate");
    let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert!(names.contains(&"a.rs"), "{names:?}");
    let a = &files.iter().find(|f| f.path == "a.rs").unwrap().contents;
    assert!(a.contains("pub fn get(&self)"), "{a}");
    assert!(
        a.contains("pub fn b_get(&self)"),
        "the untagged op joins tag `A`: {a}"
    );
}

#[test]
fn untagged_modules_come_from_the_first_plain_path_segment() {
    use codegen::load::path_module;
    assert_eq!(path_module("/v2/droplets/{id}/actions"), "droplets");
    assert_eq!(path_module("/api/v1.2/users"), "users");
    assert_eq!(path_module("/{tenant}/orders"), "orders");
    assert_eq!(path_module("/"), "default");
    assert_eq!(path_module("/v1/{id}"), "default");
    assert_eq!(path_module("/v1/models/{id}"), "models_api");
}

#[test]
fn lenient_mode_skips_what_it_cannot_generate() {
    let paths = format!(
        "  /v2/good:\n    get:\n      operationId: things_good\n      tags: [Things]\n{OK_RESPONSE}  /v2/bad:\n    get:\n      operationId: things_bad\n      tags: [Things]\n      parameters:\n        - {{name: session, in: cookie, schema: {{type: string}}}}\n{OK_RESPONSE}"
    );
    let options = Options {
        lenient: true,
        ..Options::default()
    };
    let report = generate_with(&spec(&paths, ""), &options);
    assert_eq!(report.operations_total, 2);
    assert_eq!(report.operations_generated, 1);
    assert_eq!(report.errors.len(), 1);
    assert!(report.files.iter().any(|f| f.path == "things.rs"));
    // The same collisions that fail a strict run get numbered names in a lenient one.
    let schemas = "    clash:\n      type: object\n      properties:\n        fooBar: {type: string}\n        foo_bar: {type: string}\n";
    let report = generate_with(&spec("  {}", schemas), &options);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let models = report.files.iter().find(|f| f.path == "models.rs");
    assert!(models.is_some_and(|m| m.contents.contains("pub foo_bar2:")));
}

#[test]
fn every_kind_of_reference_is_followed_by_one_resolver() {
    // A chain of parameter references resolves; dangling request-body and response references
    // are each one error, located at the `$ref` (where the loader's check finds them too).
    let paths = "  /v2/things:\n    get:\n      operationId: things_list\n      tags: [Things]\n      parameters:\n        - {$ref: '#/components/parameters/outer'}\n      responses:\n        '200': {$ref: '#/components/responses/gone'}\n    post:\n      operationId: things_create\n      tags: [Things]\n      requestBody: {$ref: '#/components/requestBodies/gone'}\n      responses:\n        '204': {description: ok}\n";
    let components = "  parameters:\n    outer: {$ref: '#/components/parameters/inner'}\n    inner: {name: per_page, in: query, schema: {type: integer}}\n";
    let text = format!("{}{components}", spec(paths, ""));
    let errors = match codegen::generate(&text) {
        Ok(_) => panic!("dangling references generate"),
        Err(errors) => errors.0,
    };
    let located: Vec<(codegen::ErrorKind, &str)> = errors
        .iter()
        .map(|e| (e.kind, e.pointer.as_str()))
        .collect();
    assert_eq!(
        located,
        [
            (
                codegen::ErrorKind::DanglingRef,
                "/paths/~1v2~1things/get/responses/200/$ref"
            ),
            (
                codegen::ErrorKind::DanglingRef,
                "/paths/~1v2~1things/post/requestBody/$ref"
            ),
        ],
        "{errors:#?}"
    );
    // With the dangling ones fixed, the chained parameter becomes a setter.
    let fixed = text
        .replace("{$ref: '#/components/responses/gone'}", "{description: ok}")
        .replace(
            "requestBody: {$ref: '#/components/requestBodies/gone'}",
            "requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/thing'}}}}",
        );
    let files = codegen::generate(&fixed).unwrap_or_else(|e| panic!("{e}"));
    let things = files
        .iter()
        .find(|f| f.path == "things.rs")
        .expect("things.rs");
    assert!(
        things.contents.contains("pub fn per_page("),
        "{}",
        things.contents
    );
}
