//! Broken specs give located errors (kind + JSON pointer), never panics.

use codegen::{Error, ErrorKind, Options, generate, generate_with};

/// A valid document around `paths` and `schemas` (YAML fragments indented for their spot).
fn spec(paths: &str, schemas: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}\ncomponents:\n  schemas:\n    thing:\n      type: object\n      properties:\n        name: {{type: string}}\n{schemas}"
    )
}

const OK_RESPONSE: &str = "      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/thing'}\n";

fn errors(text: &str) -> Vec<Error> {
    match generate(text) {
        Ok(files) => panic!("expected errors, got {} files", files.len()),
        Err(errors) => errors.0,
    }
}

/// Asserts that some error has this kind and pointer, and that Display starts with the pointer.
fn assert_has(text: &str, kind: ErrorKind, pointer: &str) {
    let found = errors(text);
    let hit = found
        .iter()
        .find(|e| e.kind == kind && e.pointer == pointer);
    let Some(hit) = hit else {
        panic!("no {kind:?} at {pointer}; got {found:#?}");
    };
    assert!(hit.to_string().starts_with(&format!("{pointer}: ")));
}

#[test]
fn invalid_yaml_reports_line_and_column() {
    let found = errors("openapi: 3.0.3\ninfo: [unclosed\n");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].kind, ErrorKind::Yaml);
    assert!(found[0].message.contains("line 2"), "{}", found[0].message);
}

#[test]
fn swagger_2_is_refused() {
    assert_has(
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n",
        ErrorKind::UnsupportedVersion,
        "/swagger",
    );
}

#[test]
fn openapi_3_1_is_refused() {
    assert_has(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
        ErrorKind::UnsupportedVersion,
        "/openapi",
    );
}

#[test]
fn missing_operation_id() {
    let paths = format!("  /v2/things:\n    get:\n      tags: [Things]\n{OK_RESPONSE}");
    assert_has(
        &spec(&paths, ""),
        ErrorKind::MissingOperationId,
        "/paths/~1v2~1things/get",
    );
}

#[test]
fn duplicate_operation_id_after_snake_casing() {
    let paths = format!(
        "  /v2/a:\n    get:\n      operationId: things_list\n      tags: [Things]\n{OK_RESPONSE}  /v2/b:\n    get:\n      operationId: thingsList\n      tags: [Things]\n{OK_RESPONSE}"
    );
    assert_has(
        &spec(&paths, ""),
        ErrorKind::DuplicateOperationId,
        "/paths/~1v2~1b/get/operationId",
    );
}

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
fn dangling_and_external_refs() {
    let schemas = "    holder:\n      type: object\n      properties:\n        gone: {$ref: '#/components/schemas/missing'}\n        far: {$ref: 'other.yaml#/x'}\n";
    let text = spec("  {}", schemas);
    assert_has(
        &text,
        ErrorKind::DanglingRef,
        "/components/schemas/holder/properties/gone/$ref",
    );
    assert_has(
        &text,
        ErrorKind::ExternalRef,
        "/components/schemas/holder/properties/far/$ref",
    );
}

#[test]
fn path_param_without_definition_and_unused_definition() {
    let paths = format!(
        "  /v2/things/{{id}}:\n    get:\n      operationId: things_get\n      tags: [Things]\n{OK_RESPONSE}  /v2/other:\n    get:\n      operationId: things_other\n      tags: [Things]\n      parameters:\n        - {{name: id, in: path, required: true, schema: {{type: string}}}}\n{OK_RESPONSE}"
    );
    let text = spec(&paths, "");
    assert_has(&text, ErrorKind::PathParam, "/paths/~1v2~1things~1{id}/get");
    assert_has(
        &text,
        ErrorKind::PathParam,
        "/paths/~1v2~1other/get/parameters/0",
    );
}

#[test]
fn cookie_parameters_are_refused() {
    let paths = format!(
        "  /v2/things:\n    get:\n      operationId: things_list\n      tags: [Things]\n      parameters:\n        - {{name: session, in: cookie, schema: {{type: string}}}}\n{OK_RESPONSE}"
    );
    assert_has(
        &spec(&paths, ""),
        ErrorKind::UnsupportedParameterLocation,
        "/paths/~1v2~1things/get/parameters/0",
    );
}

#[test]
fn multipart_bodies_are_refused() {
    let paths = "  /v2/things:\n    post:\n      operationId: things_upload\n      tags: [Things]\n      requestBody:\n        content:\n          multipart/form-data:\n            schema: {type: string}\n      responses:\n        '204':\n          description: ok\n";
    assert_has(
        &spec(paths, ""),
        ErrorKind::UnsupportedMediaType,
        "/paths/~1v2~1things/post/requestBody/content",
    );
}

#[test]
fn operations_without_responses() {
    let paths = "  /v2/things:\n    get:\n      operationId: things_list\n      tags: [Things]\n      responses: {}\n";
    assert_has(
        &spec(paths, ""),
        ErrorKind::NoResponses,
        "/paths/~1v2~1things/get/responses",
    );
}

#[test]
fn properties_and_enum_values_colliding_once_cased() {
    let schemas = "    clash:\n      type: object\n      properties:\n        fooBar: {type: string}\n        foo_bar: {type: string}\n    values:\n      type: string\n      enum: [in-progress, in_progress]\n";
    let text = spec("  {}", schemas);
    assert_has(
        &text,
        ErrorKind::NameCollision,
        "/components/schemas/clash/properties/foo_bar",
    );
    assert_has(
        &text,
        ErrorKind::NameCollision,
        "/components/schemas/values/enum/1",
    );
}

#[test]
fn unsupported_constructs_are_located() {
    let schemas = "    never:\n      not: {type: string}\n";
    assert_has(
        &spec("  {}", schemas),
        ErrorKind::Unsupported,
        "/components/schemas/never",
    );
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
fn garbage_never_panics() {
    for text in [
        "",
        "[]",
        "42",
        "openapi: 3.0.3",
        "openapi: 3.0.3\npaths: 5\n",
        "openapi: {a: b}",
    ] {
        let report = generate_with(text, &Options::default());
        assert!(!report.errors.is_empty(), "{text:?} gave no errors");
        assert!(report.files.is_empty());
    }
}

#[test]
fn an_operation_without_a_responses_key_is_no_responses() {
    let paths = "  /v2/things:\n    get:\n      operationId: things_list\n      tags: [Things]\n";
    assert_has(
        &spec(paths, ""),
        ErrorKind::NoResponses,
        "/paths/~1v2~1things/get",
    );
}

#[test]
fn recursive_type_aliases_are_refused() {
    // `type A = B; type B = A;` and `type Nested = Vec<Nested>;` would not compile.
    let schemas = "    a: {$ref: '#/components/schemas/b'}\n    b: {allOf: [{$ref: '#/components/schemas/a'}]}\n    nested: {type: array, items: {$ref: '#/components/schemas/nested'}}\n    dict: {type: object, additionalProperties: {$ref: '#/components/schemas/dict'}}\n";
    let text = spec("  {}", schemas);
    for name in ["a", "b", "nested", "dict"] {
        assert_has(
            &text,
            ErrorKind::Unsupported,
            &format!("/components/schemas/{name}"),
        );
    }
    // Recursion through a struct is fine: it is boxed where needed.
    let schemas = "    list: {type: array, items: {$ref: '#/components/schemas/holder'}}\n    holder: {type: object, properties: {inner: {$ref: '#/components/schemas/list'}}}\n";
    assert!(generate(&spec("  {}", schemas)).is_ok());
}
