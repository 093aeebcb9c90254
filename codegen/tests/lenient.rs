//! Spec mistakes real documents make: strict mode refuses each with a located error, lenient
//! mode reads each as an explicit best guess and reports every guess it made. Only what the
//! corpus (`tests/corpus/`) cannot say is here: the errors' and guesses' places and words, and
//! what a document without a snapshot generates. A lenient run's output is otherwise in its
//! snapshot (`tests/snapshots/<document>/`), its counts in the corpus table
//! (`tests/tests/it/corpus.rs`).

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
const BEACONS: &str = "/paths/~1v1~1beacons/get/servers/0/variables/tenant";
const PING: &str = "/paths/~1v1~1beacons~1ping/post/servers/0/url";
const LEGACY: &str = "/paths/~1v1~1beacons~1legacy/post/servers/0/url";

#[test]
fn an_operation_with_a_usable_server_of_its_own_is_generated_in_strict_mode_and_the_rest_refused() {
    let report = generate_with(OPERATION_SERVERS, &Options::default());
    let found: Vec<(ErrorKind, &str, &str)> = report
        .errors
        .iter()
        .map(|e| (e.kind, e.pointer.as_str(), e.message.as_str()))
        .collect();
    // `trim_wick` (a templated host, its variable's default substituted) and `status_get` (plain
    // http to loopback) are accepted: only the servers the client cannot use are refused.
    assert_eq!(
        found,
        vec![
            (
                ErrorKind::Unsupported,
                BEACONS,
                "GET /v1/beacons is served from `https://{tenant}.beacons.example.test` (its own \
                 `servers`), but its variable `tenant` has no `default` (OpenAPI 3.0 requires \
                 one), so the generated client cannot know the server"
            ),
            (
                ErrorKind::Unsupported,
                PING,
                "POST /v1/beacons/ping is served from `/ping-api` (its own `servers`), but \
                 `/ping-api` is not an absolute http(s) URL, and the client needs one"
            ),
            (
                ErrorKind::Unsupported,
                LEGACY,
                "POST /v1/beacons/legacy is served from `http://legacy.example.test` (its own \
                 `servers`), but `http://legacy.example.test` is plain http to a host other than \
                 loopback, and the client sends credentials only over https"
            ),
        ]
    );
    assert!(report.files.is_empty());

    // Without those three, strict mode generates the document, each server in its builder.
    let usable = OPERATION_SERVERS
        .split("\n  /v1/beacons:")
        .next()
        .unwrap()
        .to_owned()
        + OPERATION_SERVERS
            .split("\ncomponents:")
            .nth(1)
            .map(|rest| format!("\ncomponents:{rest}"))
            .unwrap()
            .as_str();
    let report = generate_with(&usable, &Options::default());
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    assert_eq!(report.operations_generated, 3);
    let file = |name: &str| {
        report
            .files
            .iter()
            .find(|f| f.path == name)
            .map(|f| f.contents.as_str())
            .unwrap_or_default()
    };
    // One of the two lantern operations has a server of its own, the other none.
    let lanterns = file("lanterns.rs");
    assert_eq!(
        lanterns
            .matches(r#"request.server("https://eu.legacy.example.test");"#)
            .count(),
        1,
        "{lanterns}"
    );
    assert_eq!(lanterns.matches("request.server(").count(), 1, "{lanterns}");
    assert!(lanterns.matches("OperationRequest::new(").count() >= 2);
    assert!(file("status.rs").contains(r#"request.server("http://127.0.0.1:9/status-api");"#));
}

#[test]
fn an_operation_whose_server_cannot_be_used_is_kept_and_reported_in_lenient_mode() {
    let report = generate_with(
        OPERATION_SERVERS,
        &Options {
            lenient: true,
            ..Options::default()
        },
    );
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    let guesses: Vec<&str> = report.guesses.iter().map(|g| g.pointer.as_str()).collect();
    assert_eq!(guesses, [BEACONS, PING, LEGACY]);
    assert!(
        report.guesses[1].message.ends_with(
            "names its own server `/ping-api`, but `/ping-api` is not an absolute http(s) URL, \
             and the client needs one; it is sent to the client's base URL like the document's \
             other operations"
        ),
        "{}",
        report.guesses[1].message
    );
}

#[test]
fn a_server_default_that_is_a_placeholder_is_refused() {
    // DigitalOcean's agent endpoints: `https://{agent_url}` whose default is `{your-agent-url}`.
    let text = OPERATION_SERVERS.replace(
        "tenant: {description: Your tenant's name.}",
        "tenant: {default: '{your-tenant}'}",
    );
    let report = generate_with(&text, &Options::default());
    let beacons = report
        .errors
        .iter()
        .find(|e| e.pointer == "/paths/~1v1~1beacons/get/servers/0/url")
        .expect("the placeholder is refused at the server's url");
    assert!(
        beacons.message.contains(
            "`https://{your-tenant}.beacons.example.test` (variables' defaults substituted) does \
             not name a host the client can reach"
        ),
        "{}",
        beacons.message
    );
}

/// Operations without an `operationId` (optional in OpenAPI 3.0).
const UNNAMED: &str = include_str!("../../tests/corpus/unnamed_operations.yaml");

#[test]
fn operations_without_an_operation_id_are_refused_in_strict_mode_where_they_are() {
    let report = generate_with(UNNAMED, &Options::default());
    assert!(report.guesses.is_empty());
    let missing: Vec<(&str, &str)> = report
        .errors
        .iter()
        .map(|e| {
            assert_eq!(e.kind, ErrorKind::MissingOperationId, "{e:?}");
            (e.pointer.as_str(), e.message.as_str())
        })
        .collect();
    assert_eq!(missing.len(), 4, "{missing:#?}");
    assert!(
        missing.contains(&(
            "/paths/~1v2~1kettles~1{kettle_id}/get",
            "GET /v2/kettles/{kettle_id} has no operationId"
        )),
        "{missing:#?}"
    );
    // Strict mode generates nothing from a document with errors.
    assert!(report.files.is_empty());
}

#[test]
fn operations_without_an_operation_id_are_named_from_method_and_path_in_lenient_mode() {
    let report = generate_with(
        UNNAMED,
        &Options {
            lenient: true,
            ..Options::default()
        },
    );
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    let guesses: Vec<(&str, &str)> = report
        .guesses
        .iter()
        .map(|g| (g.pointer.as_str(), g.message.as_str()))
        .collect();
    assert_eq!(
        guesses,
        [
            (
                "/paths/~1v2~1kettles/get",
                "GET /v2/kettles has no operationId; named `get_v2_kettles` from its method and path"
            ),
            (
                "/paths/~1v2~1kettles/post",
                "POST /v2/kettles has no operationId; named `post_v2_kettles` from its method and path"
            ),
            (
                "/paths/~1v2~1kettles~1{kettle_id}/get",
                "GET /v2/kettles/{kettle_id} has no operationId; named \
                 `get_v2_kettles_by_kettle_id` from its method and path"
            ),
            (
                "/paths/~1v2~1kettles~1{kettle_id}~1brews~1{brew_id}/get",
                "GET /v2/kettles/{kettle_id}/brews/{brew_id} has no operationId; named \
                 `get_v2_kettles_by_kettle_id_brews_by_brew_id` from its method and path"
            ),
        ]
    );
    // Two unnamed operations whose made-up names meet are reported like written duplicates.
    let clash = r#"
openapi: 3.0.0
info: {title: clash, version: "1"}
paths:
  /kettles/{id}:
    get:
      tags: [Kettles]
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"204": {description: none}}
  /kettles/by_id:
    get:
      tags: [Kettles]
      responses: {"204": {description: none}}
"#;
    let report = generate_with(
        clash,
        &Options {
            lenient: true,
            ..Options::default()
        },
    );
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.kind == ErrorKind::DuplicateOperationId),
        "{:#?}",
        report.errors
    );
}
