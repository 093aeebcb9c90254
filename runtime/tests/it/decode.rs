//! Response decoding, API errors and response metadata, against a scripted loopback server.

use crate::support::*;
use digitalocean_client_runtime::Method;
use digitalocean_client_runtime::{Error, RetryPolicy, Sensitive};
use serde_json::Value;

#[derive(Debug, serde::Deserialize)]
struct Key {
    id: u64,
    name: String,
}

/// Only decoded to provoke errors, so its fields are never read.
#[allow(dead_code)]
#[derive(Debug, serde::Deserialize)]
struct Secret {
    name: String,
    count: u64,
    value: Sensitive<String>,
}

fn decode_error(error: Error) -> Box<digitalocean_client_runtime::DecodeError> {
    match error {
        Error::Decode(decode) => decode,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn malformed_json_is_a_decode_error() {
    let server = TestServer::start(vec![json(200, r#"{"id": 1, "name": }"#, &[])]).await;
    let error = server
        .client()
        .execute::<Key>(get("/v2/account/keys/1"))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(200));
    let decode = decode_error(error);
    assert!(
        decode.reason.contains("expected value"),
        "{}",
        decode.reason
    );
    assert_eq!(decode.path, "name");
}

#[tokio::test]
async fn truncated_body_is_a_decode_error_without_the_body() {
    let server = TestServer::start(vec![json(
        200,
        r#"{"name": "k", "count": 1, "value": "hunter2-sec"#,
        &[],
    )])
    .await;
    let error = server
        .client()
        .execute::<Secret>(get("/v2/secrets/1"))
        .await
        .unwrap_err();
    let text = format!("{error} {error:?}");
    assert!(!text.contains("hunter2"), "{text}");
    let decode = decode_error(error);
    assert!(decode.reason.contains("EOF"), "{}", decode.reason);
    assert_eq!(decode.excerpt, None);
}

#[tokio::test]
async fn wrong_shape_names_the_path_but_not_the_value() {
    let server = TestServer::start(vec![json(
        200,
        r#"{"name": "k", "count": "hunter2-secret", "value": "x"}"#,
        &[],
    )])
    .await;
    let error = server
        .client()
        .execute::<Secret>(get("/v2/secrets/1"))
        .await
        .unwrap_err();
    let text = format!("{error} {error:?}");
    assert!(!text.contains("hunter2"), "{text}");
    let decode = decode_error(error);
    assert_eq!(decode.path, "count");
    assert!(
        decode.reason.starts_with("expected u64, found string"),
        "{}",
        decode.reason
    );
}

#[tokio::test]
async fn non_json_content_type_is_a_decode_error_with_an_excerpt() {
    let server = TestServer::start(vec![with_type(
        200,
        "text/html",
        "<html>Bad gateway</html>",
        &[],
    )])
    .await;
    let error = server
        .client()
        .execute::<Key>(get("/v2/account/keys/1"))
        .await
        .unwrap_err();
    let decode = decode_error(error);
    assert_eq!(decode.content_type.as_deref(), Some("text/html"));
    assert_eq!(decode.excerpt.as_deref(), Some("<html>Bad gateway</html>"));
}

/// JSON media types are recognised in any case, with parameters, and as `+json` suffixes; the
/// check reads the header's bytes, so a value that is not UTF-8 is reported, not a panic.
#[tokio::test]
async fn json_content_types_are_recognised_in_any_case_and_with_suffixes() {
    for content_type in [
        "application/json",
        "Application/JSON; charset=utf-8",
        " application/json ;charset=UTF-8",
        "application/problem+json",
        "application/vnd.digitalocean.v2+JSON",
    ] {
        let server = TestServer::start(vec![with_type(
            200,
            content_type,
            r#"{"id":3,"name":"c"}"#,
            &[],
        )])
        .await;
        let key = server
            .client()
            .execute::<Key>(get("/v2/account/keys/3"))
            .await
            .unwrap_or_else(|e| panic!("{content_type:?} was not taken as JSON: {e}"));
        assert_eq!(key.id, 3, "{content_type:?}");
    }
    for content_type in ["text/json-ish", "json", "application/jsonp"] {
        let server = TestServer::start(vec![with_type(
            200,
            content_type,
            r#"{"id":3,"name":"c"}"#,
            &[],
        )])
        .await;
        let error = server
            .client()
            .execute::<Key>(get("/v2/account/keys/3"))
            .await
            .unwrap_err();
        let decode = decode_error(error);
        assert_eq!(decode.content_type.as_deref(), Some(content_type));
        assert!(
            decode.reason.contains(&format!("{content_type:?}")),
            "{}",
            decode.reason
        );
    }
}

/// The request id is read from the header on first access; an empty or absent header is `None`.
#[tokio::test]
async fn request_id_is_trimmed_and_an_empty_one_is_none() {
    for (header, expected) in [(" req-7 ", Some("req-7")), ("", None)] {
        let headers = [("x-request-id", header)];
        let server = TestServer::start(vec![json(200, r#"{"id":1,"name":"a"}"#, &headers)]).await;
        let response = server
            .client()
            .execute::<Key>(get("/v2/account/keys/1"))
            .await
            .unwrap();
        assert_eq!(response.request_id(), expected);
        assert_eq!(response.meta().request_id(), expected);
    }
}

#[tokio::test]
async fn unknown_fields_are_ignored() {
    let body = r#"{"id": 7, "name": "laptop", "added_later": {"nested": [1, 2]}}"#;
    let server = TestServer::start(vec![json(200, body, &[])]).await;
    let key = server
        .client()
        .execute::<Key>(get("/v2/account/keys/7"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((key.id, key.name.as_str()), (7, "laptop"));
}

#[tokio::test]
async fn execute_empty_never_parses_the_body() {
    let server = TestServer::start(vec![with_type(
        202,
        "text/plain",
        "accepted, not JSON",
        &[],
    )])
    .await;
    let response = server
        .client()
        .execute_empty(request("test_delete", Method::Delete, "/v2/account/keys/7"))
        .await
        .unwrap();
    assert_eq!(response.status(), 202);
}

#[tokio::test]
async fn api_error_carries_the_digitalocean_error_body() {
    let body = r#"{"id":"not_found","message":"The resource you were accessing could not be found.","request_id":"req-body"}"#;
    let server = TestServer::start(vec![json(404, body, &[("x-request-id", "req-header")])]).await;
    let error = server
        .client()
        .execute::<Key>(get("/v2/account/keys/9"))
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "API error 404 not_found: The resource you were accessing could not be found. \
         (operation test_get, request_id req-body)"
    );
    assert_eq!(error.request_id(), Some("req-body"));
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn request_id_falls_back_to_the_header() {
    let server = TestServer::start(vec![do_error(
        422,
        "unprocessable_entity",
        "bad name",
        &[("x-request-id", "req-h")],
    )])
    .await;
    let error = server
        .client()
        .execute::<Key>(post("/v2/account/keys", "{}"))
        .await
        .unwrap_err();
    assert_eq!(error.request_id(), Some("req-h"));
    let Error::Api(api) = error else { panic!() };
    assert_eq!(api.id.as_deref(), Some("unprocessable_entity"));
}

#[tokio::test]
async fn success_carries_request_id_and_rate_limit() {
    let headers = [
        ("x-request-id", "req-ok"),
        ("ratelimit-limit", "5000"),
        ("ratelimit-remaining", "4998"),
        ("ratelimit-reset", "1700000000"),
    ];
    let server = TestServer::start(vec![json(200, r#"{"id":1,"name":"a"}"#, &headers)]).await;
    let response = server
        .client()
        .execute::<Key>(get("/v2/account/keys/1"))
        .await
        .unwrap();
    assert_eq!(response.request_id(), Some("req-ok"));
    let limit = response.rate_limit().unwrap();
    assert_eq!((limit.limit, limit.remaining), (5000, 4998));
    assert_eq!(limit.reset.to_rfc3339(), "2023-11-14T22:13:20+00:00");
    assert_eq!(response.name, "a");
}

#[tokio::test]
async fn error_body_that_is_not_json_still_gives_the_status() {
    let server = TestServer::start(vec![with_type(
        403,
        "text/html",
        "<html>forbidden</html>",
        &[],
    )])
    .await;
    let error = server
        .client()
        .execute::<Value>(get("/v2/account"))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(403));
    assert!(
        error.to_string().starts_with("API error 403 Forbidden"),
        "{error}"
    );
}

#[tokio::test]
async fn a_state_changing_success_without_a_body_is_ok_with_its_metadata_and_sent_once() {
    let headers = [
        ("x-request-id", "req-empty"),
        ("ratelimit-limit", "5000"),
        ("ratelimit-remaining", "4999"),
        ("ratelimit-reset", "1444931833"),
    ];
    for (status, body) in [
        (202, ""),
        (204, ""),
        (200, "  \r\n"),
        (201, ""),
        (204, "{\"x\":1}"),
    ] {
        let server = TestServer::start(vec![json(status, body, &headers)]).await;
        let response = server
            .client()
            .execute_optional::<Key>(post("/v2/account/keys", "{}"))
            .await
            .unwrap_or_else(|e| panic!("{status} {body:?}: {e}"));
        assert!(!response.has_body(), "{status} {body:?}");
        assert_eq!(response.status(), status);
        assert_eq!(response.request_id(), Some("req-empty"));
        assert_eq!(response.rate_limit().map(|r| r.remaining), Some(4999));
        assert_eq!(server.requests().len(), 1, "{status}: sent again");
        let error = response.require_body().unwrap_err();
        assert!(matches!(error, Error::EmptyBody { .. }), "{error:?}");
        assert!(!error.is_retryable());
    }
    // A body that is there is decoded.
    let server = TestServer::start(vec![json(201, r#"{"id": 7, "name": "k"}"#, &[])]).await;
    let response = server
        .client()
        .execute_optional::<Key>(post("/v2/account/keys", "{}"))
        .await
        .unwrap();
    let key = response.require_body().unwrap().into_inner();
    assert_eq!((key.id, key.name.as_str()), (7, "k"));
}

#[tokio::test]
async fn an_empty_get_body_is_a_typed_error_retried_like_any_idempotent_failure() {
    let server = TestServer::start(vec![
        json(200, "", &[]),
        json(200, "", &[("x-request-id", "req-2")]),
        json(200, r#"{"id": 1, "name": "k"}"#, &[]),
    ])
    .await;
    let key = server
        .client()
        .execute::<Key>(get("/v2/account/keys/1"))
        .await
        .unwrap();
    assert_eq!(key.id, 1);
    assert_eq!(key.meta().attempts(), 3);

    let server = TestServer::start(vec![json(200, "", &[("x-request-id", "req-3")])]).await;
    let mut once = get("/v2/account/keys/1");
    once.options_mut().set_retry_policy(RetryPolicy::none());
    let error = server.client().execute::<Key>(once).await.unwrap_err();
    assert_eq!(server.requests().len(), 1);
    match &error {
        Error::EmptyBody {
            operation_id,
            method,
            status,
            request_id,
            attempts,
            ..
        } => {
            assert_eq!(
                (*operation_id, *method, *status),
                ("test_get", Method::Get, 200)
            );
            assert_eq!((request_id.as_deref(), *attempts), (Some("req-3"), 1));
        }
        other => panic!("expected EmptyBody, got {other:?}"),
    }
    assert!(error.is_retryable());
    assert_eq!(error.status(), Some(200));
    assert_eq!(
        error.to_string(),
        "the 200 response of test_get had an empty body where a JSON body was expected (1 attempt(s)) (request_id req-3)"
    );
}

#[tokio::test]
async fn a_typed_state_changing_call_with_an_empty_body_is_empty_body_not_a_parse_error() {
    // `execute::<T>` cannot make a `T` out of nothing; it says so instead of a JSON syntax error,
    // and does not retry the POST.
    let server = TestServer::start(vec![json(202, "", &[])]).await;
    let error = server
        .client()
        .execute::<Key>(post("/v2/account/keys", "{}"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::EmptyBody { status: 202, .. }),
        "{error:?}"
    );
    assert!(!error.is_retryable());
    assert_eq!(server.requests().len(), 1);
}
