//! What the generated client costs compared with the same work written by hand.
//!
//! Run with `cargo bench -p digitalocean-client --bench client`.
//!
//! - `request`: one `GET /v2/vpc_peerings/{id}` through `client.vpc_peerings().get(id).send()`
//!   against the same GET written by hand with reqwest (same reqwest settings: rustls, bearer
//!   token, user agent, `Accept: application/json`, connect timeout, no redirects, a 60 s timeout)
//!   decoded with serde_json into hand-written structs. Both talk to one loopback HTTP/1.1
//!   keep-alive server that answers every request with the spec's seed example of
//!   `vpc_peerings_get`; each iteration is one `block_on` on the same current-thread runtime.
//! - `decode_page`: a 200-item `vpc_peerings_list` page decoded into the generated models and
//!   into hand-written structs with the same field types, plainly (`serde_json::from_slice`) and
//!   the way the runtime decodes today (through `serde_path_to_error`).
//! - `decode_one`: the single-peering body of `request`, decoded the same three ways.
//! - `decode_page_unknown`: the same page with properties no spec names at every level (top,
//!   links, pages, meta and each item). The generated models keep them (in `extra`); the
//!   hand-written structs drop them (plain serde) or keep them with `#[serde(flatten)]` (the
//!   derive way, shown for its cost).
//!
//! - The ratios also price the shared rate limiter: the same GET through a client built with
//!   `.rate_limiter(false)`.
//!
//! After divan's table, an interleaved comparison (alternating blocks of A and B, median
//! per-iteration time of each) prints the generated/hand-written ratios; interleaving keeps a
//! drifting machine from favouring whichever side ran first.

use std::io;
use std::net::SocketAddr;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use digitalocean_client::Client;
use digitalocean_client::models::{VpcPeeringResponse, VpcPeeringsListResponse};
use divan::black_box;
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::runtime::Runtime;
use uuid::Uuid;

const TOKEN: &str = "bench-token-not-a-secret";
/// The generated client's user agent, sent by the hand-written client too.
const USER_AGENT: &str = concat!("digitalocean-client/", env!("CARGO_PKG_VERSION"));
const PAGE_ITEMS: usize = 200;

// ---------------------------------------------------------------------------------------------
// Hand-written equivalents of the generated models (same field types).

#[derive(Debug, PartialEq, Deserialize)]
struct HandVpcPeering {
    id: Option<Uuid>,
    name: String,
    vpc_ids: Vec<Uuid>,
    created_at: Option<DateTime<Utc>>,
    status: Option<String>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct HandVpcPeeringResponse {
    vpc_peering: HandVpcPeering,
}

#[derive(Debug, PartialEq, Deserialize)]
struct HandLinkPages {
    first: Option<String>,
    prev: Option<String>,
    next: Option<String>,
    last: Option<String>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct HandPageLinks {
    pages: Option<HandLinkPages>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct HandMeta {
    total: i64,
    page: Option<i64>,
    pages: Option<i64>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct HandVpcPeeringsListResponse {
    #[serde(default)]
    vpc_peerings: Vec<HandVpcPeering>,
    links: Option<HandPageLinks>,
    meta: Option<HandMeta>,
}

// The same, keeping unknown properties the derive way (`#[serde(flatten)]`).
type Extra = std::collections::BTreeMap<String, Value>;

#[derive(Debug, PartialEq, Deserialize)]
struct FlatVpcPeering {
    id: Option<Uuid>,
    name: String,
    vpc_ids: Vec<Uuid>,
    created_at: Option<DateTime<Utc>>,
    status: Option<String>,
    #[serde(flatten)]
    extra: Extra,
}

#[derive(Debug, PartialEq, Deserialize)]
struct FlatLinkPages {
    first: Option<String>,
    prev: Option<String>,
    next: Option<String>,
    last: Option<String>,
    #[serde(flatten)]
    extra: Extra,
}

#[derive(Debug, PartialEq, Deserialize)]
struct FlatPageLinks {
    pages: Option<FlatLinkPages>,
    #[serde(flatten)]
    extra: Extra,
}

#[derive(Debug, PartialEq, Deserialize)]
struct FlatMeta {
    total: i64,
    page: Option<i64>,
    pages: Option<i64>,
    #[serde(flatten)]
    extra: Extra,
}

#[derive(Debug, PartialEq, Deserialize)]
struct FlatVpcPeeringsListResponse {
    #[serde(default)]
    vpc_peerings: Vec<FlatVpcPeering>,
    links: Option<FlatPageLinks>,
    meta: Option<FlatMeta>,
    #[serde(flatten)]
    extra: Extra,
}

/// The GET written by hand: reqwest + serde_json, nothing else.
struct HandClient {
    http: reqwest::Client,
    base_url: String,
}

impl HandClient {
    fn new(base_url: &str) -> HandClient {
        use reqwest::header::{self, HeaderMap, HeaderValue};
        let mut authorization = HeaderValue::from_str(&format!("Bearer {TOKEN}")).unwrap();
        authorization.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, authorization);
        headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(header::USER_AGENT, HeaderValue::from_static(USER_AGENT));
        // reqwest is built with `rustls-no-provider`: a hand-written client needs a process-wide
        // provider (the generated client brings its own configuration). aws-lc-rs, as the client
        // uses by default.
        let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(60))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        HandClient {
            http,
            base_url: base_url.trim_end_matches('/').to_owned(),
        }
    }

    async fn get_vpc_peering(&self, id: Uuid) -> Result<HandVpcPeeringResponse, String> {
        let response = self
            .http
            .get(format!("{}/v2/vpc_peerings/{id}", self.base_url))
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if !response.status().is_success() {
            return Err(format!("status {}", response.status()));
        }
        let body = response.bytes().await.map_err(|e| e.to_string())?;
        serde_json::from_slice(&body).map_err(|e| e.to_string())
    }
}

/// Pieces of the runtime's per-request bookkeeping that [`HandClient::get_with`] can add to the
/// hand-written GET, to account for the generated side's overhead one piece at a time.
mod step {
    /// A parsed `Url` cloned from the base and given the path per call (and cloned again for
    /// reqwest), instead of a `format!`ed string.
    pub const URL: u8 = 1;
    /// A deadline and a per-request `.timeout(remaining)` (the client-level one is then unused).
    pub const TIMEOUT: u8 = 2;
    /// The response headers cloned into an owned `HeaderMap`.
    pub const HEADERS: u8 = 4;
    /// `x-request-id`, the three rate-limit headers and `Content-Type` read into owned values.
    pub const META: u8 = 8;
    /// The body copied into a `Vec<u8>`.
    pub const COPY: u8 = 16;
    /// Decoding through serde_path_to_error (then `end()`), as the runtime does.
    pub const PATH: u8 = 32;
    /// Everything above.
    pub const ALL: u8 = URL | TIMEOUT | HEADERS | META | COPY | PATH;
    /// Names, for the report.
    pub const NAMED: [(u8, &str); 6] = [
        (URL, "Url per call"),
        (TIMEOUT, "per-request timeout"),
        (HEADERS, "headers clone"),
        (META, "request id/rate limit/content type"),
        (COPY, "body to_vec"),
        (PATH, "serde_path_to_error"),
    ];
}

impl HandClient {
    /// The hand-written GET plus the pieces of runtime bookkeeping named by `steps`.
    async fn get_with(
        &self,
        steps: u8,
        base_url: &url::Url,
        id: Uuid,
    ) -> Result<HandVpcPeeringResponse, String> {
        let on = |step: u8| steps & step != 0;
        let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
        let mut request = if on(step::URL) {
            let mut url = base_url.clone();
            url.set_path(&format!("/v2/vpc_peerings/{id}"));
            self.http.get(url.clone())
        } else {
            self.http
                .get(format!("{}/v2/vpc_peerings/{id}", self.base_url))
        };
        if on(step::TIMEOUT) {
            request =
                request.timeout(deadline.saturating_duration_since(tokio::time::Instant::now()));
        }
        let response = request.send().await.map_err(|e| e.to_string())?;
        let status = response.status();
        let headers = on(step::HEADERS).then(|| response.headers().clone());
        if !status.is_success() {
            return Err(format!("status {status}"));
        }
        if on(step::META) {
            let all = headers.as_ref().unwrap_or(response.headers());
            let text = |name: &str| all.get(name).and_then(|v| v.to_str().ok());
            let request_id = text("x-request-id").map(str::to_owned);
            let number = |name: &str| text(name).and_then(|v| v.trim().parse::<u64>().ok());
            let reset = text("ratelimit-reset")
                .and_then(|v| v.trim().parse::<i64>().ok())
                .and_then(|reset| DateTime::from_timestamp(reset, 0));
            let content_type = all
                .get(reqwest::header::CONTENT_TYPE)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
            black_box((
                request_id,
                number("ratelimit-limit"),
                number("ratelimit-remaining"),
                reset,
                content_type,
            ));
        }
        let bytes = response.bytes().await.map_err(|e| e.to_string())?;
        let copied;
        let body: &[u8] = if on(step::COPY) {
            copied = bytes.to_vec();
            &copied
        } else {
            &bytes
        };
        black_box(headers);
        Ok(if on(step::PATH) {
            decode_with_path(body)
        } else {
            decode_plain(body)
        })
    }
}

// ---------------------------------------------------------------------------------------------
// The loopback server.

/// A tiny HTTP/1.1 keep-alive server answering every request with the same response.
async fn serve(listener: TcpListener, response: &'static [u8]) {
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                tokio::spawn(async move {
                    // A connection the client closes ends here; nothing to report.
                    let _ = serve_connection(stream, response).await;
                });
            }
            Err(error) => panic!("the loopback server cannot accept: {error}"),
        }
    }
}

async fn serve_connection(mut stream: TcpStream, response: &[u8]) -> io::Result<()> {
    stream.set_nodelay(true)?;
    let mut pending: Vec<u8> = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        while let Some(request_len) = complete_request_len(&pending) {
            pending.drain(..request_len);
            stream.write_all(response).await?;
        }
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            return Ok(());
        }
        pending.extend_from_slice(&chunk[..read]);
    }
}

/// The length of the first complete request in `buf` (head plus `Content-Length` body).
fn complete_request_len(buf: &[u8]) -> Option<usize> {
    let head_len = buf.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = String::from_utf8_lossy(&buf[..head_len]);
    let body_len = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse::<usize>().ok())
        .unwrap_or(0);
    (buf.len() >= head_len + body_len).then_some(head_len + body_len)
}

/// The HTTP response the server sends: DigitalOcean's headers and a JSON body.
fn http_response(body: &[u8]) -> Vec<u8> {
    let mut response = format!(
        "HTTP/1.1 200 OK\r\n\
         content-type: application/json; charset=utf-8\r\n\
         content-length: {}\r\n\
         ratelimit-limit: 5000\r\n\
         ratelimit-remaining: 4999\r\n\
         ratelimit-reset: 1444931833\r\n\
         x-request-id: 4851a473-1621-42ea-b2f9-5071c0ea8414\r\n\
         \r\n",
        body.len()
    )
    .into_bytes();
    response.extend_from_slice(body);
    response
}

// ---------------------------------------------------------------------------------------------
// Inputs.

/// The seed example of `vpc_peerings_get`'s 200 response, read from the spec.
fn get_example() -> Value {
    let text = include_str!("../../spec/digitalocean.yaml");
    let doc: Value = serde_yaml::from_str(text).expect("the spec is YAML");
    fn resolve<'a>(doc: &'a Value, mut value: &'a Value) -> &'a Value {
        while let Some(reference) = value.get("$ref").and_then(Value::as_str) {
            value = doc
                .pointer(reference.trim_start_matches('#'))
                .unwrap_or_else(|| panic!("dangling $ref {reference}"));
        }
        value
    }
    let operation = &doc["paths"]["/v2/vpc_peerings/{vpc_peering_id}"]["get"];
    assert_eq!(operation["operationId"], "vpc_peerings_get");
    let response = resolve(&doc, &operation["responses"]["200"]);
    let example = response["content"]["application/json"]["example"].clone();
    assert!(
        example["vpc_peering"]["id"].is_string(),
        "the spec's vpc_peerings_get example moved: {example}"
    );
    example
}

/// A `vpc_peerings_list` page of 200 peerings with links and meta.
fn list_page() -> Vec<u8> {
    serde_json::to_vec(&list_page_value()).unwrap()
}

/// The same page with one unknown property at every level (top, links, pages, meta, each item).
fn list_page_unknown() -> Vec<u8> {
    let mut page = list_page_value();
    page["region_hint"] = json!("nyc1");
    page["links"]["cursor"] = json!("c2");
    page["links"]["pages"]["self"] = json!("https://api.digitalocean.com/v2/vpc_peerings?page=2");
    page["meta"]["cursor_total"] = json!(1000);
    for (i, item) in page["vpc_peerings"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .enumerate()
    {
        item["subnet_uuid"] = json!(Uuid::from_u128(
            0x6a2f_38ab_3c07_4d3e_b6f6_5b6f_31c0_0000 + i as u128
        ));
    }
    serde_json::to_vec(&page).unwrap()
}

fn list_page_value() -> Value {
    let statuses = ["PROVISIONING", "ACTIVE", "DELETING"];
    let items: Vec<Value> = (0..PAGE_ITEMS)
        .map(|i| {
            let i = i as u128;
            json!({
                "id": Uuid::from_u128(0x5a49_81aa_9653_4bd1_bef5_d6bf_f520_0000 + i),
                "name": format!("nyc1-blr1-peering-{i:03}"),
                "vpc_ids": [
                    Uuid::from_u128(0x9976_15ce_132d_4bae_9270_9ee2_1b39_0000 + i),
                    Uuid::from_u128(0xe51a_ed59_3bb1_4a6a_8de0_9d13_29e9_0000 + i),
                ],
                "created_at": format!("2024-01-09T20:{:02}:{:02}Z", i / 60 % 60, i % 60),
                "status": statuses[(i % 3) as usize],
            })
        })
        .collect();
    let page = json!({
        "vpc_peerings": items,
        "links": { "pages": {
            "first": "https://api.digitalocean.com/v2/vpc_peerings?page=1&per_page=200",
            "prev": "https://api.digitalocean.com/v2/vpc_peerings?page=1&per_page=200",
            "next": "https://api.digitalocean.com/v2/vpc_peerings?page=3&per_page=200",
            "last": "https://api.digitalocean.com/v2/vpc_peerings?page=5&per_page=200",
        }},
        "meta": { "total": 1000 },
    });
    page
}

// ---------------------------------------------------------------------------------------------
// Shared state: one server, one runtime for the clients, both clients.

struct Fixture {
    /// The server's runtime; taken and shut down at the end of `main`.
    server: Mutex<Option<Runtime>>,
    /// The runtime every iteration `block_on`s.
    rt: Runtime,
    generated: Client,
    /// The same client with its shared rate limiter off, to price the limiter.
    generated_no_limiter: Client,
    hand: HandClient,
    base_url: url::Url,
    peering_id: Uuid,
    one_body: Vec<u8>,
    page_body: Vec<u8>,
    page_unknown_body: Vec<u8>,
}

static FIXTURE: OnceLock<Fixture> = OnceLock::new();

fn fixture() -> &'static Fixture {
    FIXTURE.get_or_init(Fixture::start)
}

impl Fixture {
    fn start() -> Fixture {
        let example = get_example();
        let one_body = serde_json::to_vec(&example).unwrap();
        let peering_id: Uuid = example["vpc_peering"]["id"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        let response: &'static [u8] = Box::leak(http_response(&one_body).into_boxed_slice());

        let server = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("loopback-server")
            .enable_all()
            .build()
            .unwrap();
        let listener = server
            .block_on(TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))))
            .unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        server.spawn(serve(listener, response));

        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let generated = Client::builder()
            .token(TOKEN)
            .base_url(&base_url)
            .build()
            .unwrap();
        let generated_no_limiter = Client::builder()
            .token(TOKEN)
            .base_url(&base_url)
            .rate_limiter(false)
            .build()
            .unwrap();
        let hand = HandClient::new(&base_url);

        let fixture = Fixture {
            server: Mutex::new(Some(server)),
            rt,
            generated,
            generated_no_limiter,
            hand,
            base_url: base_url.parse().unwrap(),
            peering_id,
            one_body,
            page_body: list_page(),
            page_unknown_body: list_page_unknown(),
        };
        fixture.check();
        fixture
    }

    /// Both sides get and decode the same thing (so the benchmark compares equal work).
    fn check(&self) {
        let generated = self.generated_get();
        let hand = self.hand_get();
        let (g, h) = (&generated.vpc_peering, &hand.vpc_peering);
        assert_eq!(g.id, h.id);
        assert_eq!(g.id, Some(self.peering_id));
        assert_eq!(g.vpc_ids, h.vpc_ids);
        assert_eq!(g.created_at, h.created_at);
        assert_eq!(g.status.as_ref().map(|s| s.as_str()), h.status.as_deref());

        let generated: VpcPeeringsListResponse = serde_json::from_slice(&self.page_body).unwrap();
        let hand: HandVpcPeeringsListResponse = serde_json::from_slice(&self.page_body).unwrap();
        let (g, h) = (generated.vpc_peerings, hand.vpc_peerings);
        assert_eq!((g.len(), h.len()), (PAGE_ITEMS, PAGE_ITEMS));
        assert!(g.iter().zip(&h).all(|(g, h)| g.id == h.id
            && g.name == h.name
            && g.created_at == h.created_at
            && g.status.as_ref().map(|s| s.as_str()) == h.status.as_deref()));
        assert_eq!(generated.meta.unwrap().total, hand.meta.unwrap().total);
        assert_eq!(
            generated.links.unwrap().pages.unwrap().next,
            hand.links.unwrap().pages.unwrap().next
        );

        // The unknown properties are kept at every level, the same ones serde(flatten) keeps.
        let generated: VpcPeeringsListResponse =
            serde_json::from_slice(&self.page_unknown_body).unwrap();
        let flat: FlatVpcPeeringsListResponse =
            serde_json::from_slice(&self.page_unknown_body).unwrap();
        assert_eq!(*generated.extra, flat.extra);
        let (links, flat_links) = (generated.links.unwrap(), flat.links.unwrap());
        assert_eq!(*links.extra, flat_links.extra);
        assert_eq!(*links.pages.unwrap().extra, flat_links.pages.unwrap().extra);
        assert_eq!(*generated.meta.unwrap().extra, flat.meta.unwrap().extra);
        assert_eq!(generated.vpc_peerings.len(), PAGE_ITEMS);
        assert!(
            generated
                .vpc_peerings
                .iter()
                .zip(&flat.vpc_peerings)
                .all(|(g, f)| *g.extra == f.extra && g.extra.contains_key("subnet_uuid"))
        );
    }

    fn generated_get(&self) -> digitalocean_client::Response<VpcPeeringResponse> {
        self.rt
            .block_on(self.generated.vpc_peerings().get(self.peering_id).send())
            .unwrap()
    }

    fn generated_get_no_limiter(&self) -> digitalocean_client::Response<VpcPeeringResponse> {
        self.rt
            .block_on(
                self.generated_no_limiter
                    .vpc_peerings()
                    .get(self.peering_id)
                    .send(),
            )
            .unwrap()
    }

    fn hand_get(&self) -> HandVpcPeeringResponse {
        self.rt
            .block_on(self.hand.get_vpc_peering(self.peering_id))
            .unwrap()
    }

    fn hand_get_with(&self, steps: u8) -> HandVpcPeeringResponse {
        self.rt
            .block_on(self.hand.get_with(steps, &self.base_url, self.peering_id))
            .unwrap()
    }

    fn stop_server(&self) {
        if let Some(server) = self.server.lock().unwrap().take() {
            server.shutdown_timeout(Duration::from_secs(1));
        }
    }
}

/// Decodes the way the runtime does today: through serde_path_to_error, then `end()`.
fn decode_with_path<T: serde::de::DeserializeOwned>(body: &[u8]) -> T {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer).unwrap();
    deserializer.end().unwrap();
    value
}

/// Decodes plainly, as a success-path fast lane would: serde_json, then `end()`.
fn decode_plain<T: serde::de::DeserializeOwned>(body: &[u8]) -> T {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = T::deserialize(&mut deserializer).unwrap();
    deserializer.end().unwrap();
    value
}

// ---------------------------------------------------------------------------------------------
// divan benchmarks.

mod request {
    use super::*;

    #[divan::bench(sample_count = 100, sample_size = 20)]
    fn generated(bencher: divan::Bencher) {
        let f = fixture();
        bencher.bench_local(|| black_box(f.generated_get()));
    }

    #[divan::bench(sample_count = 100, sample_size = 20)]
    fn hand_written(bencher: divan::Bencher) {
        let f = fixture();
        bencher.bench_local(|| black_box(f.hand_get()));
    }

    #[divan::bench(sample_count = 100, sample_size = 20)]
    fn hand_written_with_bookkeeping(bencher: divan::Bencher) {
        let f = fixture();
        bencher.bench_local(|| black_box(f.hand_get_with(step::ALL)));
    }
}

mod decode_page {
    use super::*;

    #[divan::bench(sample_count = 100, sample_size = 10)]
    fn generated(bencher: divan::Bencher) {
        let body = &fixture().page_body;
        bencher.bench_local(|| black_box(decode_plain::<VpcPeeringsListResponse>(body)));
    }

    #[divan::bench(sample_count = 100, sample_size = 10)]
    fn generated_path_to_error(bencher: divan::Bencher) {
        let body = &fixture().page_body;
        bencher.bench_local(|| black_box(decode_with_path::<VpcPeeringsListResponse>(body)));
    }

    #[divan::bench(sample_count = 100, sample_size = 10)]
    fn hand_written(bencher: divan::Bencher) {
        let body = &fixture().page_body;
        bencher.bench_local(|| black_box(decode_plain::<HandVpcPeeringsListResponse>(body)));
    }
}

mod decode_page_unknown {
    use super::*;

    #[divan::bench(sample_count = 100, sample_size = 10)]
    fn generated_keeps(bencher: divan::Bencher) {
        let body = &fixture().page_unknown_body;
        bencher.bench_local(|| black_box(decode_plain::<VpcPeeringsListResponse>(body)));
    }

    #[divan::bench(sample_count = 100, sample_size = 10)]
    fn hand_written_drops(bencher: divan::Bencher) {
        let body = &fixture().page_unknown_body;
        bencher.bench_local(|| black_box(decode_plain::<HandVpcPeeringsListResponse>(body)));
    }

    #[divan::bench(sample_count = 100, sample_size = 10)]
    fn hand_written_flatten_keeps(bencher: divan::Bencher) {
        let body = &fixture().page_unknown_body;
        bencher.bench_local(|| black_box(decode_plain::<FlatVpcPeeringsListResponse>(body)));
    }
}

mod decode_one {
    use super::*;

    #[divan::bench(sample_count = 100, sample_size = 100)]
    fn generated(bencher: divan::Bencher) {
        let body = &fixture().one_body;
        bencher.bench_local(|| black_box(decode_plain::<VpcPeeringResponse>(body)));
    }

    #[divan::bench(sample_count = 100, sample_size = 100)]
    fn generated_path_to_error(bencher: divan::Bencher) {
        let body = &fixture().one_body;
        bencher.bench_local(|| black_box(decode_with_path::<VpcPeeringResponse>(body)));
    }

    #[divan::bench(sample_count = 100, sample_size = 100)]
    fn hand_written(bencher: divan::Bencher) {
        let body = &fixture().one_body;
        bencher.bench_local(|| black_box(decode_plain::<HandVpcPeeringResponse>(body)));
    }
}

/// The CPU cost of each bookkeeping piece alone, without the network (see [`step`]).
mod pieces {
    use super::*;

    fn response_headers() -> reqwest::header::HeaderMap {
        let text = String::from_utf8(http_response(b"{}")).unwrap();
        let mut headers = reqwest::header::HeaderMap::new();
        for line in text.lines().skip(1).take_while(|l| !l.is_empty()) {
            let (name, value) = line.split_once(':').unwrap();
            headers.insert(
                reqwest::header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                value.trim().parse().unwrap(),
            );
        }
        headers
    }

    #[divan::bench(sample_count = 100, sample_size = 1000)]
    fn url_per_call(bencher: divan::Bencher) {
        let f = fixture();
        bencher.bench_local(|| {
            let mut url = f.base_url.clone();
            url.set_path(&format!("/v2/vpc_peerings/{}", f.peering_id));
            black_box(url.clone())
        });
    }

    #[divan::bench(sample_count = 100, sample_size = 1000)]
    fn url_format(bencher: divan::Bencher) {
        let f = fixture();
        bencher.bench_local(|| {
            black_box(format!(
                "{}/v2/vpc_peerings/{}",
                f.hand.base_url, f.peering_id
            ))
        });
    }

    #[divan::bench(sample_count = 100, sample_size = 1000)]
    fn headers_clone(bencher: divan::Bencher) {
        let headers = response_headers();
        bencher.bench_local(|| black_box(headers.clone()));
    }

    #[divan::bench(sample_count = 100, sample_size = 1000)]
    fn headers_meta(bencher: divan::Bencher) {
        let headers = response_headers();
        bencher.bench_local(|| {
            let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
            let number = |name: &str| text(name).and_then(|v| v.trim().parse::<u64>().ok());
            black_box((
                text("x-request-id").map(str::to_owned),
                number("ratelimit-limit"),
                number("ratelimit-remaining"),
                text("ratelimit-reset")
                    .and_then(|v| v.trim().parse::<i64>().ok())
                    .and_then(|reset| DateTime::from_timestamp(reset, 0)),
                headers
                    .get(reqwest::header::CONTENT_TYPE)
                    .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
            ))
        });
    }

    #[divan::bench(sample_count = 100, sample_size = 1000)]
    fn body_to_vec(bencher: divan::Bencher) {
        let body = bytes_of(&fixture().one_body);
        bencher.bench_local(|| black_box(body.to_vec()));
    }

    fn bytes_of(body: &[u8]) -> Vec<u8> {
        body.to_vec()
    }
}

// ---------------------------------------------------------------------------------------------
// Interleaved ratios.

/// Median time per iteration of `a` and of `b`, measured in alternating blocks.
fn interleaved(
    block: u32,
    rounds: u32,
    mut a: impl FnMut(),
    mut b: impl FnMut(),
) -> (Duration, Duration) {
    let time = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..block {
            f();
        }
        start.elapsed() / block
    };
    // Warm both sides up (connections, allocator, caches) before measuring.
    time(&mut a);
    time(&mut b);
    let (mut times_a, mut times_b) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        // Alternate which side goes first so neither always follows the other.
        if round % 2 == 0 {
            times_a.push(time(&mut a));
            times_b.push(time(&mut b));
        } else {
            times_b.push(time(&mut b));
            times_a.push(time(&mut a));
        }
    }
    (median(times_a), median(times_b))
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort_unstable();
    times[times.len() / 2]
}

fn report(name: &str, generated: Duration, baseline: Duration, goal: f64) {
    let ratio = generated.as_secs_f64() / baseline.as_secs_f64();
    let verdict = if ratio <= goal { "ok" } else { "ABOVE GOAL" };
    println!(
        "{name:<44} {:>11.2?} {:>11.2?} {ratio:>7.3}  (goal <= {goal:.2}: {verdict})",
        generated, baseline
    );
}

fn ratios() {
    let f = fixture();
    println!();
    println!(
        "interleaved medians per iteration:\n{:<44} {:>11} {:>11} {:>7}",
        "comparison", "generated", "baseline", "ratio"
    );
    let (g, h) = interleaved(
        100,
        61,
        || {
            black_box(f.generated_get());
        },
        || {
            black_box(f.hand_get());
        },
    );
    report("request: generated / hand-written", g, h, 1.05);
    let (a, b) = interleaved(
        100,
        61,
        || {
            black_box(f.hand_get());
        },
        || {
            black_box(f.hand_get());
        },
    );
    report("request: hand / hand (noise control)", a, b, 1.10);
    let (l, n) = interleaved(
        100,
        61,
        || {
            black_box(f.generated_get());
        },
        || {
            black_box(f.generated_get_no_limiter());
        },
    );
    report("request: generated / generated without limiter", l, n, 1.02);
    let (k, h) = interleaved(
        100,
        61,
        || {
            black_box(f.hand_get_with(step::ALL));
        },
        || {
            black_box(f.hand_get());
        },
    );
    report("request: hand+all bookkeeping / hand-written", k, h, 1.10);
    let (g, k) = interleaved(
        100,
        61,
        || {
            black_box(f.generated_get());
        },
        || {
            black_box(f.hand_get_with(step::ALL));
        },
    );
    report("request: generated / hand+all bookkeeping", g, k, 1.10);
    for (one, name) in step::NAMED {
        let (k, h) = interleaved(
            100,
            41,
            || {
                black_box(f.hand_get_with(one));
            },
            || {
                black_box(f.hand_get());
            },
        );
        report(&format!("request: hand+{name} / hand"), k, h, 1.10);
    }

    let page = &f.page_body;
    let (g, h) = interleaved(
        20,
        31,
        || {
            black_box(decode_plain::<VpcPeeringsListResponse>(page));
        },
        || {
            black_box(decode_plain::<HandVpcPeeringsListResponse>(page));
        },
    );
    report("decode_page: generated / hand-written", g, h, 1.05);
    let unknown = &f.page_unknown_body;
    let (g, h) = interleaved(
        20,
        31,
        || {
            black_box(decode_plain::<VpcPeeringsListResponse>(unknown));
        },
        || {
            black_box(decode_plain::<HandVpcPeeringsListResponse>(unknown));
        },
    );
    report(
        "decode_page+unknown: generated keeps / hand drops",
        g,
        h,
        1.05,
    );
    let (k, h) = interleaved(
        20,
        31,
        || {
            black_box(decode_plain::<FlatVpcPeeringsListResponse>(unknown));
        },
        || {
            black_box(decode_plain::<HandVpcPeeringsListResponse>(unknown));
        },
    );
    report("decode_page+unknown: hand flatten / hand drops", k, h, 1.05);
    let (g, k) = interleaved(
        20,
        31,
        || {
            black_box(decode_plain::<VpcPeeringsListResponse>(unknown));
        },
        || {
            black_box(decode_plain::<FlatVpcPeeringsListResponse>(unknown));
        },
    );
    report("decode_page+unknown: generated / hand flatten", g, k, 1.05);
    let (p, h) = interleaved(
        20,
        31,
        || {
            black_box(decode_with_path::<VpcPeeringsListResponse>(page));
        },
        || {
            black_box(decode_plain::<HandVpcPeeringsListResponse>(page));
        },
    );
    report("decode_page: generated+path_to_error / hand", p, h, 1.05);
    let (p, g) = interleaved(
        20,
        31,
        || {
            black_box(decode_with_path::<VpcPeeringsListResponse>(page));
        },
        || {
            black_box(decode_plain::<VpcPeeringsListResponse>(page));
        },
    );
    report("decode_page: path_to_error / plain (generated)", p, g, 1.05);

    let one = &f.one_body;
    let (p, g) = interleaved(
        500,
        31,
        || {
            black_box(decode_with_path::<VpcPeeringResponse>(one));
        },
        || {
            black_box(decode_plain::<VpcPeeringResponse>(one));
        },
    );
    report("decode_one: path_to_error / plain (generated)", p, g, 1.05);
}

fn main() {
    let started = Instant::now();
    divan::main();
    // `cargo bench -- --list` and filtered runs skip the ratios.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let filtered = args.iter().any(|a| !a.starts_with('-'));
    if !args.iter().any(|a| a == "--list") && !filtered {
        ratios();
    }
    if let Some(f) = FIXTURE.get() {
        f.stop_server();
    }
    println!("\ntotal bench time: {:.1?}", started.elapsed());
}
