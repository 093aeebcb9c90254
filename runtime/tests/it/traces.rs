//! The `tracing` output of the runtime, recorded by a small capturing subscriber: what a retry,
//! a rate-limit pause and a waiter poll log, and that no token, header value or body value is
//! ever recorded.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support;
use crate::support::*;
use digitalocean_client_runtime::{Client, Sensitive};
use digitalocean_client_runtime::{Method, OperationRequest, WaitOptions, to_json, wait_until};
use serde_json::Value;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// One span or event: its name (the message, for events) and every field as text.
#[derive(Clone, Debug)]
struct Captured {
    kind: &'static str,
    name: String,
    fields: Vec<(String, String)>,
}

impl Captured {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Clone, Default)]
struct Capture {
    records: Arc<Mutex<Vec<Captured>>>,
    next_id: Arc<AtomicU64>,
}

struct Fields(Vec<(String, String)>);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_owned(), value.to_owned()));
    }
}

impl Capture {
    fn push(&self, kind: &'static str, name: String, fields: Fields) {
        self.records.lock().unwrap().push(Captured {
            kind,
            name,
            fields: fields.0,
        });
    }

    fn records(&self) -> Vec<Captured> {
        self.records.lock().unwrap().clone()
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut fields = Fields(Vec::new());
        span.record(&mut fields);
        self.push("span", span.metadata().name().to_owned(), fields);
        Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed) + 1)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut fields = Fields(Vec::new());
        values.record(&mut fields);
        self.push("span-record", String::new(), fields);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields(Vec::new());
        event.record(&mut fields);
        let message = fields
            .0
            .iter()
            .find(|(n, _)| n == "message")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        self.push("event", message, fields);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

const HEADER_SECRET: &str = "hdr-value-7c1b9e";
const BODY_SECRET: &str = "body-secret-4f2a8d";

/// Fails if any recorded text holds the token, the `Authorization` scheme, a header value, a
/// sensitive body value or the real (non-template) path.
fn assert_nothing_secret(records: &[Captured], also: &[&str]) {
    for record in records {
        for (name, value) in &record.fields {
            for secret in [TOKEN, "Bearer", HEADER_SECRET, BODY_SECRET]
                .iter()
                .chain(also)
            {
                assert!(
                    !value.contains(secret),
                    "{secret:?} recorded in field {name} of {record:?}"
                );
            }
        }
    }
}

#[derive(serde::Serialize)]
struct Credentials {
    name: String,
    password: Sensitive<String>,
}

#[tokio::test]
async fn a_retry_logs_its_wait_and_nothing_secret_is_recorded() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let server = TestServer::start(vec![
        do_error(503, "unavailable", "down", &[]),
        json(200, "{}", &[]),
    ])
    .await;
    let body = to_json(&Credentials {
        name: "db".into(),
        password: Sensitive::new(BODY_SECRET.into()),
    })
    .unwrap();
    let mut request = OperationRequest::new(
        "credentials_update",
        Method::Put,
        "/v2/credentials/id-91e3".into(),
        "/v2/credentials/{credential_id}",
    );
    request.body(body);
    request
        .options_mut()
        .add_header("X-Api-Secret", HEADER_SECRET);
    server.client().execute::<Value>(request).await.unwrap();
    // The secrets did go out: the test would prove nothing otherwise.
    let seen = &server.requests()[0];
    assert_eq!(seen.header("x-api-secret"), Some(HEADER_SECRET));
    assert!(String::from_utf8_lossy(&seen.body).contains(BODY_SECRET));

    let records = capture.records();
    let span = records
        .iter()
        .find(|r| r.kind == "span" && r.name == "api.request")
        .unwrap_or_else(|| panic!("no request span in {records:#?}"));
    assert_eq!(span.field("operation_id"), Some("credentials_update"));
    assert_eq!(span.field("method"), Some("PUT"));
    assert_eq!(span.field("path"), Some("/v2/credentials/{credential_id}"));

    let statuses: Vec<&str> = records
        .iter()
        .filter(|r| r.name == "attempt answered")
        .filter_map(|r| r.field("status"))
        .collect();
    assert_eq!(statuses, ["503", "200"]);
    let retry = records
        .iter()
        .find(|r| r.name == "retrying after a wait")
        .unwrap_or_else(|| panic!("no retry event in {records:#?}"));
    assert_eq!(retry.field("reason"), Some("server error"));
    assert_eq!(retry.field("attempt"), Some("1"));
    let wait: u64 = retry.field("wait_ms").unwrap().parse().unwrap();
    // fast_policy backs off between 1 and 10 ms.
    assert!(wait <= 10, "{wait}");
    assert_nothing_secret(&records, &["id-91e3"]);
}

#[tokio::test]
async fn a_rate_limit_pause_is_logged_with_its_reason_and_length() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let server = TestServer::start(vec![
        do_error(
            429,
            "too_many_requests",
            "slow down",
            &[("retry-after", "1")],
        ),
        json(200, "{}", &[]),
    ])
    .await;
    server
        .client()
        .execute::<Value>(get("/v2/account"))
        .await
        .unwrap();
    let records = capture.records();
    let retry = records
        .iter()
        .find(|r| r.name == "retrying after a wait")
        .unwrap_or_else(|| panic!("no retry event in {records:#?}"));
    assert_eq!(retry.field("reason"), Some("rate limited (429)"));
    assert_eq!(retry.field("announced"), Some("true"));
    assert_eq!(retry.field("wait_ms"), Some("1000"));
    let pause = records
        .iter()
        .find(|r| r.name == "rate limiter pauses the client")
        .unwrap_or_else(|| panic!("no pause event in {records:#?}"));
    assert_eq!(pause.field("reason"), Some("retry-after"));
    let wait: u64 = pause.field("wait_ms").unwrap().parse().unwrap();
    assert!((900..=1100).contains(&wait), "{wait}");
    assert_nothing_secret(&records, &[]);
}

#[derive(serde::Deserialize)]
struct Status {
    status: Option<String>,
}

#[tokio::test]
async fn a_waiter_logs_each_state_it_sees() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let server = TestServer::start(vec![
        json(200, r#"{"status":"PROVISIONING"}"#, &[]),
        json(200, r#"{"status":"ACTIVE"}"#, &[]),
    ])
    .await;
    let client: Client = server.client();
    let options = WaitOptions::default().interval(Duration::from_millis(1));
    let poll = || client.execute::<Status>(get("/v2/status"));
    let state: fn(&Status) -> Option<&str> = |s| s.status.as_deref();
    wait_until("test_get", options, poll, state, &["ACTIVE"], &["FAILED"])
        .await
        .unwrap();
    let states: Vec<String> = capture
        .records()
        .iter()
        .filter(|r| r.name == "waiter poll")
        .filter_map(|r| r.field("state").map(str::to_owned))
        .collect();
    assert_eq!(states, ["PROVISIONING", "ACTIVE"]);
    assert_nothing_secret(&capture.records(), &[]);
}

#[tokio::test]
async fn an_api_key_is_never_recorded_in_the_header_or_the_query() {
    const KEY: &str = "api-key-0e6b3d";
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let server = TestServer::start(vec![
        do_error(503, "unavailable", "down", &[]),
        json(200, "{}", &[]),
        json(200, "{}", &[]),
    ])
    .await;
    let query = support::builder()
        .base_url(server.url())
        .retry_policy(fast_policy())
        .api_key_query("api_key", KEY)
        .build()
        .unwrap();
    query.execute::<Value>(get("/v2/account")).await.unwrap();
    let header = support::builder()
        .base_url(server.url())
        .retry_policy(fast_policy())
        .api_key_header("X-API-Key", KEY)
        .build()
        .unwrap();
    header.execute::<Value>(get("/v2/account")).await.unwrap();
    // The key did go out, both ways, and a retry was logged.
    let seen = server.requests();
    assert!(
        seen[1].target.ends_with(&format!("api_key={KEY}")),
        "{seen:?}"
    );
    assert_eq!(seen[2].header("x-api-key"), Some(KEY));
    let records = capture.records();
    assert!(records.iter().any(|r| r.name == "retrying after a wait"));
    assert_nothing_secret(&records, &[KEY]);
}
