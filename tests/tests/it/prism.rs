//! Contract tests against Prism, a mock server that serves `spec/digitalocean.yaml` and, with
//! `--errors`, answers every request that breaks the spec with a 422 and an `sl-violations`
//! header: the tour's 32 calls pass it cleanly, and every operation with a body decodes the
//! schema-valid responses Prism invents for `Prefer: dynamic=true`.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use digitalocean_client::{Client, Error, RetryPolicy};
use futures::{StreamExt, stream};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use tests::calls::{CALLS, Ids};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use tests::prism::{Prism, operation_of};
use tests::spec;

/// A token Prism accepts: the spec's bearer scheme only needs `Authorization: Bearer <token>`.
const TOKEN: &str = "prism-contract-test-token";

/// A raw HTTP/1.1 exchange with Prism, to check that Prism itself validates what it receives.
struct Reply {
    status: u16,
    head: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }
}

fn raw_request(prism: &Prism, request_line: &str, headers: &[&str], body: &str) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", prism.port())).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut request =
        format!("{request_line} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for header in headers {
        request.push_str(header);
        request.push_str("\r\n");
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let (head, _) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP response: {response:?}"));
    Reply {
        status,
        head: head.to_owned(),
    }
}

/// Without this, a 2xx from Prism would prove nothing: Prism must reject what breaks the spec.
#[test]
#[cfg_attr(
    no_prism,
    ignore = "Prism is not installed: run `npm ci` or `cargo xtask test` (with CI=true this test fails instead)"
)]
fn prism_rejects_requests_that_break_the_spec() {
    let prism = Prism::start();
    let auth = format!("Authorization: Bearer {TOKEN}");

    let bad_uuid = raw_request(&prism, "GET /v2/security/scans/not-a-uuid", &[&auth], "");
    assert_eq!(bad_uuid.status, 422, "{}", bad_uuid.head);
    let violations = bad_uuid.header("sl-violations").unwrap_or_default();
    assert!(violations.contains("scan_id"), "{violations}");

    let bad_body = raw_request(
        &prism,
        "POST /v2/account/keys",
        &[&auth, "Content-Type: application/json"],
        r#"{"name": 5}"#,
    );
    assert_eq!(bad_body.status, 422, "{}", bad_body.head);
    let violations = bad_body.header("sl-violations").unwrap_or_default();
    assert!(violations.contains("public_key"), "{violations}");

    let no_token = raw_request(&prism, "GET /v2/account/keys", &[], "");
    assert_eq!(no_token.status, 401, "{}", no_token.head);
    assert!(
        no_token.header("sl-violations").is_some(),
        "{}",
        no_token.head
    );

    let fine = raw_request(&prism, "GET /v2/account/keys", &[&auth], "");
    assert_eq!(fine.status, 200, "{}", fine.head);
    assert_eq!(fine.header("sl-violations"), None, "{}", fine.head);

    assert_eq!(prism.violations().len(), 4, "{}", prism.output());
}

/// The tour example, pointed at Prism: all 32 calls answer 2xx, so none broke the spec (Prism
/// would have answered 422), every operation reached Prism, and Prism logged no violation.
#[test]
#[cfg_attr(
    no_prism,
    ignore = "Prism is not installed: run `npm ci` or `cargo xtask test` (with CI=true this test fails instead)"
)]
fn the_tour_passes_prism_without_violations() {
    let prism = Prism::start();
    let output = tests::tour::command()
        .env("DIGITALOCEAN_API_URL", prism.base_url())
        .env("DIGITALOCEAN_TOKEN", TOKEN)
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let context = format!(
        "tour stdout:\n{stdout}\ntour stderr:\n{}\nPrism's violations:\n{}",
        String::from_utf8_lossy(&output.stderr),
        distinct_violations(&prism)
    );

    // Each call prints `<operationId> <status> ok` on success.
    let ok: Vec<&str> = stdout
        .lines()
        .filter_map(
            |line| match line.split_whitespace().collect::<Vec<_>>()[..] {
                [id, status, "ok"]
                    if status.parse().is_ok_and(|s: u16| (200..300).contains(&s)) =>
                {
                    Some(id)
                }
                _ => None,
            },
        )
        .collect();
    assert!(output.status.success(), "the tour failed\n{context}");
    assert_eq!(ok.len(), 32, "{context}");
    let all: BTreeSet<&str> = spec::operations()
        .iter()
        .map(|op| op.operation_id.as_str())
        .collect();
    assert_eq!(
        ok.iter().copied().collect::<BTreeSet<_>>(),
        all,
        "{context}"
    );

    let reached: BTreeSet<&str> = prism
        .requests()
        .iter()
        .filter_map(|(method, path)| operation_of(method, path))
        .map(|op| op.operation_id.as_str())
        .collect();
    assert_eq!(reached, all, "{context}");
    assert!(prism.violations().is_empty(), "{context}");
}

/// How many times each operation is called with `Prefer: dynamic=true`.
const DYNAMIC_CALLS: usize = 50;
/// Requests in flight at once: Prism answers on one Node thread, more would only queue.
const DYNAMIC_CONCURRENCY: usize = 8;

/// Every operation, called [`DYNAMIC_CALLS`] times through the generated client, decodes each
/// schema-valid response Prism invents (extra properties, optional fields left out, unusual but
/// valid values), and its requests pass Prism's validation.
#[test]
#[cfg_attr(
    no_prism,
    ignore = "Prism is not installed: run `npm ci` or `cargo xtask test` (with CI=true this test fails instead)"
)]
fn every_operation_decodes_dynamic_responses() {
    let prism = Prism::start();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let proxy = Recorder::start(prism.port()).await;
        // Prism invents a new schema-valid response for each request carrying this header.
        let prefer = HeaderMap::from_iter([(
            HeaderName::from_static("prefer"),
            HeaderValue::from_static("dynamic=true"),
        )]);
        // This test builds its own reqwest client (for the header), so it chooses the TLS provider
        // (requests go over plain http; an earlier test in this binary may have installed it).
        let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
        let http = reqwest::Client::builder()
            .default_headers(prefer)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let client = Client::builder()
            .token(TOKEN)
            .base_url(proxy.base_url())
            .retry_policy(RetryPolicy::none())
            .http_client(http)
            .build()
            .unwrap();
        tests::tour::assert_covers_the_table(
            "the operations checked below",
            spec::operations().iter().map(|op| op.operation_id.as_str()),
        );
        let started = Instant::now();
        // The tour's calls (`tests::calls`), with the spec's example bodies and ids.
        let ids = Ids::default();
        let calls = CALLS.iter().flat_map(|call| {
            let (client, ids) = (&client, &ids);
            (0..DYNAMIC_CALLS).map(move |i| async move {
                let result = (call.send)(client, ids).await.map(drop);
                (call.operation_id, i, result)
            })
        });
        let results: Vec<(&str, usize, Result<(), Error>)> = stream::iter(calls)
            .buffer_unordered(DYNAMIC_CONCURRENCY)
            .collect()
            .await;
        eprintln!(
            "{} dynamic calls in {:.1?}",
            results.len(),
            started.elapsed()
        );
        // One line per failing operation (how many calls failed, the first error), then what
        // Prism objected to, so that a failure names the operation and the spec rule.
        let mut failures: BTreeMap<&str, (usize, String)> = BTreeMap::new();
        for (id, i, result) in &results {
            if let Err(error) = result {
                let entry = failures
                    .entry(id)
                    .or_insert_with(|| (0, format!("call {i}: {error}")));
                entry.0 += 1;
            }
        }
        let summary: Vec<String> = failures
            .iter()
            .map(|(id, (n, first))| format!("{id}: {n} of {DYNAMIC_CALLS} failed, e.g. {first}"))
            .collect();
        assert!(
            summary.is_empty(),
            "{}\nPrism's violations:\n{}",
            summary.join("\n"),
            distinct_violations(&prism)
        );

        // Every call reached Prism through the proxy, got a 2xx, and the operations with a
        // body really got invented bodies (not the same example every time).
        let exchanges = proxy.exchanges();
        for op in spec::operations() {
            let mine: Vec<&Exchange> = exchanges
                .iter()
                .filter(|x| {
                    operation_of(&x.method, &x.path)
                        .is_some_and(|o| o.operation_id == op.operation_id)
                })
                .collect();
            assert_eq!(mine.len(), DYNAMIC_CALLS, "{}", op.operation_id);
            assert!(
                mine.iter()
                    .all(|x| x.prefer.as_deref() == Some("dynamic=true")),
                "{}: a request lacked Prefer: dynamic=true",
                op.operation_id
            );
            assert!(
                mine.iter().all(|x| (200..300).contains(&x.status)),
                "{}: {:?}",
                op.operation_id,
                mine.iter().map(|x| x.status).collect::<Vec<_>>()
            );
            if op.success_has_body {
                let distinct: HashSet<&[u8]> = mine.iter().map(|x| x.body.as_slice()).collect();
                assert!(
                    distinct.len() > DYNAMIC_CALLS / 2,
                    "{}: only {} distinct bodies in {DYNAMIC_CALLS} dynamic responses",
                    op.operation_id,
                    distinct.len()
                );
            }
        }
    });
    assert!(
        prism.violations().is_empty(),
        "{}",
        distinct_violations(&prism)
    );
}

/// Prism's violation lines without timestamps, each once.
fn distinct_violations(prism: &Prism) -> String {
    let lines: BTreeSet<String> = prism
        .violations()
        .iter()
        .map(|line| {
            line.split_once("Violation:")
                .map_or(line.as_str(), |(_, v)| v)
                .trim()
                .to_owned()
        })
        .collect();
    lines.into_iter().collect::<Vec<_>>().join("\n")
}

/// One request the [`Recorder`] proxy forwarded.
#[derive(Clone, Debug)]
struct Exchange {
    method: String,
    path: String,
    /// The request's `Prefer` header, as the client sent it.
    prefer: Option<String>,
    status: u16,
    body: Vec<u8>,
}

/// A loopback HTTP proxy in front of Prism that records every exchange (the request's `Prefer`
/// header, the status and body of the response), so the test can check that the client sent
/// `Prefer: dynamic=true` and that Prism really invented different bodies. Each connection
/// carries one request: the proxy asks both sides for `Connection: close`.
struct Recorder {
    address: SocketAddr,
    exchanges: Arc<Mutex<Vec<Exchange>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Recorder {
    async fn start(upstream: u16) -> Recorder {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.unwrap();
        let address = listener.local_addr().unwrap();
        let exchanges = Arc::<Mutex<Vec<Exchange>>>::default();
        let recorded = exchanges.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((inbound, _)) = listener.accept().await else {
                    continue;
                };
                let recorded = recorded.clone();
                tokio::spawn(async move {
                    if let Err(error) = forward(inbound, upstream, &recorded).await {
                        eprintln!("Recorder proxy: {error}");
                    }
                });
            }
        });
        Recorder {
            address,
            exchanges,
            task,
        }
    }

    fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    fn exchanges(&self) -> Vec<Exchange> {
        self.exchanges.lock().unwrap().clone()
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn forward(
    mut inbound: tokio::net::TcpStream,
    upstream: u16,
    recorded: &Mutex<Vec<Exchange>>,
) -> std::io::Result<()> {
    let mut buffer = Vec::new();
    let head_end = loop {
        if let Some(end) = find(&buffer, b"\r\n\r\n") {
            break end;
        }
        let mut chunk = [0u8; 8192];
        let n = inbound.read(&mut chunk).await?;
        if n == 0 {
            return Ok(()); // the client closed an idle connection
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default().to_owned();
    let mut forwarded = format!("{request_line}\r\n");
    let mut content_length = 0;
    let mut prefer = None;
    for line in lines {
        let name = line.split(':').next().unwrap_or_default().trim();
        if name.eq_ignore_ascii_case("content-length") {
            content_length = line[name.len() + 1..].trim().parse().unwrap_or(0);
        }
        if name.eq_ignore_ascii_case("prefer") {
            prefer = Some(line[name.len() + 1..].trim().to_owned());
        }
        if ["connection", "keep-alive"]
            .iter()
            .any(|h| name.eq_ignore_ascii_case(h))
        {
            continue;
        }
        forwarded.push_str(line);
        forwarded.push_str("\r\n");
    }
    forwarded.push_str("Connection: close\r\n\r\n");
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < content_length {
        let mut chunk = [0u8; 8192];
        let n = inbound.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    let mut outbound = tokio::net::TcpStream::connect(("127.0.0.1", upstream)).await?;
    outbound.write_all(forwarded.as_bytes()).await?;
    outbound.write_all(&body).await?;
    let mut response = Vec::new();
    outbound.read_to_end(&mut response).await?;
    inbound.write_all(&response).await?;
    inbound.shutdown().await?;

    let mut words = request_line.split_whitespace();
    let method = words.next().unwrap_or_default().to_owned();
    let target = words.next().unwrap_or_default();
    let path = target.split_once('?').map_or(target, |(p, _)| p).to_owned();
    let response_head_end = find(&response, b"\r\n\r\n").unwrap_or(response.len());
    let status = String::from_utf8_lossy(&response[..response_head_end])
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .get(response_head_end + 4..)
        .unwrap_or_default()
        .to_vec();
    recorded.lock().unwrap().push(Exchange {
        method,
        path,
        prefer,
        status,
        body,
    });
    Ok(())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
