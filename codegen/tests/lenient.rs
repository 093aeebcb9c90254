//! Spec mistakes real documents make: strict mode refuses each with a located error, lenient
//! mode reads each as an explicit best guess and reports every guess it made.

use codegen::{ErrorKind, Options, generate_with};

const SPEC: &str = include_str!("../../tests/corpus/spec_mistakes.yaml");

fn run(lenient: bool) -> codegen::Report {
    generate_with(
        SPEC,
        &Options {
            lenient,
            ..Options::default()
        },
    )
}

const INVOICE: &str = "/components/schemas/invoice/properties";
const LIST: &str = "/paths/~1v1~1accounts~1{account_id}~1invoices/get";
const GET: &str = "/paths/~1v1~1invoices~1{id}/get";

#[test]
fn strict_mode_refuses_every_mistake_where_it_is() {
    let report = run(false);
    assert!(report.files.is_empty());
    assert!(report.guesses.is_empty());
    let found: Vec<(ErrorKind, &str)> = report
        .errors
        .iter()
        .map(|e| (e.kind, e.pointer.as_str()))
        .collect();
    let discount = format!("{INVOICE}/discount/type");
    let amount = format!("{INVOICE}/amount");
    let operation_id = format!("{GET}/operationID");
    for expected in [
        (ErrorKind::Invalid, discount.as_str()),
        (ErrorKind::MissingOperationId, operation_id.as_str()),
        (ErrorKind::Unsupported, amount.as_str()),
    ] {
        assert!(found.contains(&expected), "{expected:?} not in {found:#?}");
    }
    // The undeclared path parameter is reported once the schema it uses is fixed; the invoice
    // schema fails first here, taking the operation with it.
    let message = report
        .errors
        .iter()
        .find(|e| e.pointer == operation_id)
        .map(|e| e.message.clone())
        .unwrap_or_default();
    assert!(
        message.contains("`operationID` is not `operationId`"),
        "{message}"
    );
}

#[test]
fn lenient_mode_guesses_and_reports_each_guess() {
    let report = run(true);
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    assert_eq!(report.operations_generated, 2);
    let guesses: Vec<(ErrorKind, String)> = report
        .guesses
        .iter()
        .map(|g| (g.kind, g.pointer.clone()))
        .collect();
    assert_eq!(
        guesses,
        vec![
            (ErrorKind::Invalid, format!("{INVOICE}/discount/type")),
            (ErrorKind::MissingOperationId, format!("{GET}/operationID")),
            (ErrorKind::Unsupported, format!("{INVOICE}/amount/type")),
            (ErrorKind::Unsupported, format!("{INVOICE}/status/type")),
            (ErrorKind::PathParam, LIST.to_owned()),
        ]
    );
    let messages: Vec<&str> = report.guesses.iter().map(|g| g.message.as_str()).collect();
    assert!(
        messages.contains(
            &"`type: [integer, null]` is OpenAPI 3.1; read as `type: integer` with `nullable: true`"
        ),
        "{messages:#?}"
    );
    assert!(
        messages.contains(&"schema type `float` read as `number`"),
        "{messages:#?}"
    );
    let models = &report
        .files
        .iter()
        .find(|f| f.path == "models.rs")
        .unwrap()
        .contents;
    assert!(models.contains("pub amount: f64,"), "{models}");
    assert!(models.contains("pub discount: Option<i64>,"), "{models}");
    assert!(models.contains("pub enum InvoiceStatus"), "{models}");
    let invoices = &report
        .files
        .iter()
        .find(|f| f.path == "invoices.rs")
        .unwrap()
        .contents;
    assert!(
        invoices.contains("pub fn list(&self, account_id: impl Into<String>) -> InvoicesList {"),
        "{invoices}"
    );
    assert!(invoices.contains("pub fn get("), "{invoices}");
}

/// A 3.0 document still spelling references the OpenAPI 2.0 way (`#/definitions/Crate`).
const VERSION_2_REFS: &str = include_str!("../../tests/corpus/version_2_refs.yaml");

#[test]
fn version_2_references_are_dangling_in_strict_mode_with_the_3_0_spelling_named() {
    let report = generate_with(VERSION_2_REFS, &Options::default());
    assert!(report.guesses.is_empty());
    let dangling: Vec<(&str, &str)> = report
        .errors
        .iter()
        .filter(|e| e.kind == ErrorKind::DanglingRef)
        .map(|e| (e.pointer.as_str(), e.message.as_str()))
        .collect();
    assert_eq!(dangling.len(), 5, "{dangling:#?}");
    let (_, message) = dangling
        .iter()
        .find(|(at, _)| *at == "/components/schemas/Crate/properties/contents/items/$ref")
        .expect("the reference inside a component is reported where it is written");
    assert!(
        message.contains(
            "reference `#/definitions/Item` points at nothing in the document; it is an OpenAPI \
             2.0 location, and `#/components/schemas/Item` is where 3.0 keeps it"
        ),
        "{message}"
    );
    assert_eq!(report.operations_generated, 0);
}

#[test]
fn version_2_references_are_read_as_their_3_0_spelling_in_lenient_mode() {
    let report = generate_with(
        VERSION_2_REFS,
        &Options {
            lenient: true,
            ..Options::default()
        },
    );
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    assert_eq!(report.operations_generated, 2);
    let guesses: Vec<(&str, &str)> = report
        .guesses
        .iter()
        .map(|g| (g.pointer.as_str(), g.message.as_str()))
        .collect();
    assert!(
        guesses.contains(&(
            "/paths/~1v1~1crates/get/parameters/0/$ref",
            "reference `#/parameters/page` (an OpenAPI 2.0 location) read as \
             `#/components/parameters/page`"
        )),
        "{guesses:#?}"
    );
    assert_eq!(guesses.len(), 5, "{guesses:#?}");
    // A reference that names nothing in either spelling stays an error.
    let broken = VERSION_2_REFS.replace("'#/definitions/Item'", "'#/definitions/Nothing'");
    let report = generate_with(
        &broken,
        &Options {
            lenient: true,
            ..Options::default()
        },
    );
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.kind == ErrorKind::DanglingRef
                && e.message
                    == "reference `#/definitions/Nothing` points at nothing in the document"),
        "{:#?}",
        report.errors
    );
}

/// Operations that name their own server (`servers` on the operation or its path item).
const OPERATION_SERVERS: &str = include_str!("../../tests/corpus/operation_servers.yaml");
const WICK: &str = "/paths/~1v1~1lanterns~1{lantern_id}~1wick/servers";
const STATUS: &str = "/paths/~1v1~1status/get/servers";

#[test]
fn an_operation_with_its_own_server_is_refused_in_strict_mode() {
    let report = generate_with(OPERATION_SERVERS, &Options::default());
    let found: Vec<(ErrorKind, &str, &str)> = report
        .errors
        .iter()
        .map(|e| (e.kind, e.pointer.as_str(), e.message.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                ErrorKind::Unsupported,
                WICK,
                "POST /v1/lanterns/{lantern_id}/wick is served from `https://legacy.example.test` \
                 (its own `servers`; the document's is `https://api.example.test`), but the client \
                 sends every operation to its one base URL"
            ),
            (
                ErrorKind::Unsupported,
                STATUS,
                "GET /v1/status is served from `https://status.example.test` (its own `servers`; \
                 the document's is `https://api.example.test`), but the client sends every \
                 operation to its one base URL"
            ),
        ]
    );
    // A path item repeating the document's server (its trailing `/` aside) is not reported
    // (two errors, not three); strict mode generates nothing while there is an error.
    assert!(report.files.is_empty());
}

#[test]
fn an_operation_with_its_own_server_is_kept_and_reported_in_lenient_mode() {
    let report = generate_with(
        OPERATION_SERVERS,
        &Options {
            lenient: true,
            ..Options::default()
        },
    );
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    assert_eq!(report.operations_generated, 3);
    let guesses: Vec<&str> = report.guesses.iter().map(|g| g.pointer.as_str()).collect();
    assert_eq!(guesses, [WICK, STATUS]);
    assert!(
        report.guesses[1].message.ends_with(
            "names its own server `https://status.example.test` (the document's is \
             `https://api.example.test`); it is sent to the client's base URL like every operation"
        ),
        "{}",
        report.guesses[1].message
    );
}
