//! A spec-driven mock of the DigitalOcean API on loopback (wiremock): every operation of the spec
//! answers with its documented success status and seed example. The server stops when dropped.

use serde_json::{Value, json};
use wiremock::matchers::{any, method, path_regex};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::spec::{self, SpecOperation};

/// Rate-limit headers sent with every mocked response (the spec's header examples).
pub const RATE_LIMIT_HEADERS: [(&str, &str); 3] = [
    ("ratelimit-limit", "5000"),
    ("ratelimit-remaining", "4816"),
    ("ratelimit-reset", "1444931833"),
];

/// The request id the mock puts on every response and error body.
pub const MOCK_REQUEST_ID: &str = "4851a473-1621-42ea-b2f9-5071c0ea8414";

/// A server answering all 32 operations with their seed examples.
pub async fn mock_all_operations() -> MockServer {
    mock_all_operations_with(&[]).await
}

/// Like [`mock_all_operations`], but the operations named in `overrides` answer with the given
/// body instead of their seed example.
pub async fn mock_all_operations_with(overrides: &[(&str, Value)]) -> MockServer {
    for (id, _) in overrides {
        spec::operation(id); // panics on a typo
    }
    let server = MockServer::start().await;
    for op in spec::operations() {
        let body = overrides
            .iter()
            .find(|(id, _)| *id == op.operation_id)
            .map(|(_, body)| body.clone())
            .or_else(|| op.response_example.clone());
        operation_mock(op, success_response(op, body))
            .mount(&server)
            .await;
    }
    server
}

/// A server answering every request with `status` and DigitalOcean's error body.
pub async fn mock_error_for_all(status: u16, error_id: &str, message: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(error_response(status, error_id, message))
        .mount(&server)
        .await;
    server
}

/// DigitalOcean's error body: `{"id", "message", "request_id"}`.
pub fn error_body(error_id: &str, message: &str) -> Value {
    json!({ "id": error_id, "message": message, "request_id": MOCK_REQUEST_ID })
}

/// An error response as DigitalOcean sends it.
pub fn error_response(status: u16, error_id: &str, message: &str) -> ResponseTemplate {
    with_rate_limit(ResponseTemplate::new(status)).set_body_json(error_body(error_id, message))
}

/// The mock of one operation (method + path template), without a response yet.
/// Literal paths win over templated ones (`/v2/security/scans/latest` over `.../{scan_id}`).
pub fn operation_mock(op: &SpecOperation, response: ResponseTemplate) -> Mock {
    let priority = 1 + u8::try_from(op.path_params.len()).expect("few path parameters");
    Mock::given(method(op.method.as_str()))
        .and(path_regex(spec::path_regex(&op.path)))
        .respond_with(response)
        .with_priority(priority)
        .named(op.operation_id.clone())
}

/// The documented success response: status, rate-limit headers and `body` (never a body for
/// an operation whose success response has no content).
pub fn success_response(op: &SpecOperation, body: Option<Value>) -> ResponseTemplate {
    let template = with_rate_limit(ResponseTemplate::new(op.success_status));
    match body {
        Some(body) if op.success_has_body => template.set_body_json(body),
        _ => template,
    }
}

fn with_rate_limit(template: ResponseTemplate) -> ResponseTemplate {
    RATE_LIMIT_HEADERS
        .iter()
        .fold(template, |t, (name, value)| t.insert_header(*name, *value))
        .insert_header("x-request-id", MOCK_REQUEST_ID)
}

/// The operation of the spec a request was meant for: method and path template match, and of
/// several matches the one with the fewest parameters wins (like the mock's priorities).
pub fn operation_of(request: &Request) -> Option<&'static SpecOperation> {
    spec::operations()
        .iter()
        .filter(|op| {
            op.method == request.method.as_str() && path_matches(&op.path, request.url.path())
        })
        .min_by_key(|op| op.path_params.len())
}

/// Whether a (percent-encoded) request path fits a path template, one segment per parameter.
pub fn path_matches(template: &str, path: &str) -> bool {
    let expected: Vec<&str> = template.split('/').collect();
    let actual: Vec<&str> = path.split('/').collect();
    expected.len() == actual.len()
        && expected.iter().zip(&actual).all(|(e, a)| {
            if e.starts_with('{') && e.ends_with('}') {
                !a.is_empty()
            } else {
                e == a
            }
        })
}

/// The only request the server received.
///
/// # Panics
/// If it received none or several.
pub async fn single_request(server: &MockServer) -> Request {
    let mut requests = server
        .received_requests()
        .await
        .expect("request recording is on");
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request, got {:?}",
        requests
            .iter()
            .map(|r| format!("{} {}", r.method, r.url))
            .collect::<Vec<_>>()
    );
    requests.remove(0)
}

/// The query of a request as (name, value) pairs in wire order, decoded.
pub fn query_pairs(request: &Request) -> Vec<(String, String)> {
    request
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The JSON body of a request, or `None` when it has no body.
pub fn json_body(request: &Request) -> Option<Value> {
    if request.body.is_empty() {
        None
    } else {
        Some(serde_json::from_slice(&request.body).unwrap_or_else(|e| {
            panic!(
                "request body is not JSON ({e}): {}",
                String::from_utf8_lossy(&request.body)
            )
        }))
    }
}

/// A header of a request as a string.
pub fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}
