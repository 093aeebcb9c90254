//! Query parameters and bodies whose schema has no plain Rust reading: strict mode refuses each
//! with a located error, lenient mode reads each as an explicit best guess and reports it, and
//! a text body of a scalar is read as written in both. The spec mistakes are in `lenient.rs`.

use codegen::{ErrorKind, Options, generate_with};

/// Optional query parameters OpenAPI 3.0 gives no way to write.
const UNWRITABLE: &str = include_str!("../../tests/corpus/unwritable_query.yaml");

#[test]
fn unwritable_query_parameters_are_refused_in_strict_mode_where_they_are() {
    let report = generate_with(UNWRITABLE, &Options::default());
    assert!(report.files.is_empty());
    let refused: Vec<(ErrorKind, &str)> = report
        .errors
        .iter()
        .map(|e| (e.kind, e.pointer.as_str()))
        .collect();
    // The first parameter the operation cannot write takes it down.
    assert_eq!(
        refused,
        [(
            ErrorKind::Unsupported,
            "/paths/~1v1~1gateways/get/parameters/1/schema"
        )]
    );
}

#[test]
fn unwritable_query_parameters_are_left_out_or_read_as_text_in_lenient_mode_and_refused_in_strict()
{
    let lenient = Options {
        lenient: true,
        ..Options::default()
    };
    let report = generate_with(UNWRITABLE, &lenient);
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    let guesses: Vec<(&str, &str)> = report
        .guesses
        .iter()
        .map(|g| (g.pointer.as_str(), g.message.as_str()))
        .collect();
    assert_eq!(guesses.len(), 3, "{guesses:#?}");
    assert_eq!(
        guesses[0].0,
        "/paths/~1v1~1gateways/get/parameters/1/schema"
    );
    assert!(
        guesses[0].1.starts_with("query parameter `tagFilters` is a map with array values")
            && guesses[0].1.ends_with(
                "; the parameter is optional, so it is left out and the operation is generated without it"
            ),
        "{guesses:#?}"
    );
    assert_eq!(guesses[1].0, "/paths/~1v1~1gateways/get/parameters/2/style");
    assert_eq!(
        guesses[2].0,
        "/paths/~1v1~1gateways/get/parameters/3/schema"
    );
    // What is generated without them is in tests/snapshots/unwritable_query.
    // A required parameter cannot be left out: lenient mode reads it as a string the caller
    // writes (a guess, where it is); strict mode refuses the operation there.
    let required = UNWRITABLE.replace(
        "        - name: tagFilters\n          in: query\n",
        "        - name: tagFilters\n          in: query\n          required: true\n",
    );
    assert_ne!(required, UNWRITABLE);
    let report = generate_with(&required, &lenient);
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    assert_eq!(report.operations_generated, 1);
    assert_eq!(
        report.guesses[0].pointer,
        "/paths/~1v1~1gateways/get/parameters/1/schema"
    );
    assert!(
        report.guesses[0]
            .message
            .ends_with("the parameter is required, so it is read as a string the caller writes"),
        "{:#?}",
        report.guesses
    );
    let gateways = &report
        .files
        .iter()
        .find(|f| f.path == "gateways.rs")
        .expect("gateways module")
        .contents;
    assert!(
        gateways.contains("tag_filters: impl Into<String>"),
        "{gateways}"
    );
    let report = generate_with(&required, &Options::default());
    let refused: Vec<(ErrorKind, &str)> = report
        .errors
        .iter()
        .map(|e| (e.kind, e.pointer.as_str()))
        .collect();
    assert_eq!(
        refused,
        [(
            ErrorKind::Unsupported,
            "/paths/~1v1~1gateways/get/parameters/1/schema"
        )]
    );
    assert!(report.files.is_empty());
}

/// A `text/plain` body whose schema is a scalar other than a string (`type: boolean`) is sent
/// as the text the caller writes, in strict mode too: it is what the document says.
#[test]
fn a_text_body_of_a_scalar_is_raw_text() {
    let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /v1/flag:\n    put:\n      operationId: flag_set\n      tags: [Flags]\n      requestBody:\n        required: true\n        content:\n          text/plain:\n            schema: {type: boolean}\n      responses:\n        '204': {description: ok}\n";
    let files = codegen::generate(spec).expect("generates in strict mode");
    let flags = &files
        .iter()
        .find(|f| f.path == "flags.rs")
        .expect("flags module")
        .contents;
    assert!(flags.contains("\"text/plain\""), "{flags}");
    assert!(flags.contains("::bytes::Bytes"), "{flags}");
}

/// An `allOf` member that is one of several objects (`allOf: [{oneOf: [A, B]}, {properties}]`,
/// a search result with either paging shape): strict mode refuses it where it is; lenient mode
/// reads every alternative's properties as optional fields and reports the guess there.
#[test]
fn an_all_of_member_that_is_one_of_several_objects() {
    let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /v1/search:\n    get:\n      operationId: search_all\n      tags: [Search]\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Result'}\ncomponents:\n  schemas:\n    Paging:\n      oneOf:\n        - {type: object, required: [page], properties: {page: {type: integer}}}\n        - {type: object, required: [offset], properties: {offset: {type: integer}}}\n    Result:\n      allOf:\n        - $ref: '#/components/schemas/Paging'\n        - {type: object, required: [hits], properties: {hits: {type: array, items: {type: string}}}}\n";
    let strict = generate_with(spec, &Options::default());
    assert_eq!(strict.errors[0].kind, ErrorKind::Unsupported);
    assert_eq!(
        strict.errors[0].pointer,
        "/components/schemas/Result/allOf/0"
    );
    let report = generate_with(
        spec,
        &Options {
            lenient: true,
            ..Options::default()
        },
    );
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    assert_eq!(report.guesses.len(), 1, "{:#?}", report.guesses);
    assert_eq!(report.guesses[0].pointer, "/components/schemas/Paging");
    let models = &report
        .files
        .iter()
        .find(|f| f.path == "models.rs")
        .expect("models")
        .contents;
    assert!(models.contains("pub page: Option<i64>"), "{models}");
    assert!(models.contains("pub offset: Option<i64>"), "{models}");
    assert!(models.contains("pub hits: Vec<String>"), "{models}");
}
