//! A scripted HTTP/1.1 server on loopback for the runtime tests: it answers each request with the
//! next scripted reply, records what it received, and stops when dropped.
// Each test binary uses a different part of this module.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use digitalocean_client_runtime::{ApiProfile, Client, RateLimitHeaders, RetryPolicy};
use digitalocean_client_runtime::{Method, OperationRequest, RequestBody};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// The token every test client uses; no output may ever contain it.
pub const TOKEN: &str = "dop_v1_test_token_5ecr3t";

/// What the server does with one request.
pub enum Reply {
    /// Sends these bytes, then closes the connection.
    Raw(Vec<u8>),
    /// Waits, then sends the bytes.
    Delayed(Duration, Vec<u8>),
}

/// One request as the server received it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub struct TestServer {
    port: u16,
    requests: Arc<Mutex<Vec<Recorded>>>,
    task: JoinHandle<()>,
}

impl TestServer {
    /// Starts a server that answers the n-th request with `replies[n]` and any later one with 599.
    pub async fn start(replies: Vec<Reply>) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let recorded = Arc::clone(&requests);
        // Connections are served concurrently by tasks in a JoinSet owned by the accept task, so
        // aborting that one task stops every connection too.
        let task = tokio::spawn(async move {
            let replies = Arc::new(Mutex::new(replies.into_iter()));
            let mut connections = tokio::task::JoinSet::new();
            loop {
                let Ok((mut stream, _)) = listener.accept().await else {
                    return;
                };
                let replies = Arc::clone(&replies);
                let recorded = Arc::clone(&recorded);
                connections.spawn(async move {
                    let Some(request) = read_request(&mut stream).await else {
                        return;
                    };
                    // Replies are handed out in the order requests arrive.
                    let reply = {
                        recorded.lock().unwrap().push(request);
                        replies
                            .lock()
                            .unwrap()
                            .next()
                            .unwrap_or_else(|| json(599, "{}", &[]))
                    };
                    let bytes = match reply {
                        Reply::Raw(bytes) => bytes,
                        Reply::Delayed(delay, bytes) => {
                            tokio::time::sleep(delay).await;
                            bytes
                        }
                    };
                    let _ = stream.write_all(&bytes).await;
                    let _ = stream.shutdown().await;
                });
                // Reap finished connections so the set does not grow without bound.
                while connections.try_join_next().is_some() {}
            }
        });
        TestServer {
            port,
            requests,
            task,
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    /// The runtime's client for this server, whose retries wait only milliseconds (these tests
    /// call the runtime directly, with a profile like a generated client's).
    pub fn client(&self) -> digitalocean_client_runtime::Client {
        builder()
            .token(TOKEN)
            .base_url(self.url())
            .retry_policy(fast_policy())
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub fn fast_policy() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(2))
        .max_backoff(Duration::from_millis(10))
        .max_rate_limit_wait(Duration::from_secs(3))
}

async fn read_request(stream: &mut TcpStream) -> Option<Recorded> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..read]);
    }
    Some(Recorded {
        method,
        target,
        headers,
        body,
    })
}

/// A complete response with a JSON content type.
pub fn json(status: u16, body: &str, headers: &[(&str, &str)]) -> Reply {
    with_type(status, "application/json", body, headers)
}

/// A complete response with any content type.
pub fn with_type(status: u16, content_type: &str, body: &str, headers: &[(&str, &str)]) -> Reply {
    let mut head = format!(
        "HTTP/1.1 {status} Scripted\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    head.push_str(body);
    Reply::Raw(head.into_bytes())
}

/// A response that announces `announced` body bytes but sends only `body` before closing.
pub fn cut_short(body: &str, announced: usize) -> Reply {
    Reply::Raw(
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {announced}\r\nConnection: close\r\n\r\n{body}"
        )
        .into_bytes(),
    )
}

/// An `error` body as DigitalOcean sends it.
pub fn do_error(status: u16, id: &str, message: &str, headers: &[(&str, &str)]) -> Reply {
    json(
        status,
        &format!(r#"{{"id":"{id}","message":"{message}"}}"#),
        headers,
    )
}

pub fn request(operation_id: &'static str, method: Method, path: &str) -> OperationRequest {
    OperationRequest::new(operation_id, method, path.to_owned(), "/test")
}

pub fn get(path: &str) -> OperationRequest {
    request("test_get", Method::Get, path)
}

pub fn post(path: &str, body: &str) -> OperationRequest {
    let mut request = request("test_create", Method::Post, path);
    request.body(RequestBody::raw(
        "application/json",
        body.as_bytes().to_vec(),
    ));
    request
}

/// Current Unix time in seconds, shifted.
pub fn epoch_in(seconds: i64) -> String {
    (chrono::Utc::now().timestamp() + seconds).to_string()
}

/// The user agent of [`PROFILE`].
pub const USER_AGENT: &str = "runtime-tests/1.0";

/// A profile like a generated client's (DigitalOcean's conventions: default base URL, token
/// variables, `ratelimit-*` headers, `per_page` up to 200), for the tests that need one.
pub static PROFILE: ApiProfile = ApiProfile::new(USER_AGENT)
    .with_default_base_url("https://api.digitalocean.com")
    .with_token_variables(&["DIGITALOCEAN_TOKEN", "DIGITALOCEAN_ACCESS_TOKEN"])
    .with_base_url_variable("DIGITALOCEAN_API_URL")
    .with_rate_limit_headers(RateLimitHeaders::new(
        "ratelimit-limit",
        "ratelimit-remaining",
        "ratelimit-reset",
    ))
    .with_page_size("per_page", 200);

/// A builder of the runtime's client with [`PROFILE`], as a generated client builds it.
pub fn builder() -> digitalocean_client_runtime::ClientBuilder {
    Client::builder().profile(&PROFILE)
}

/// Time since `started` on tokio's paused clock, for the tests that run with
/// `#[tokio::test(start_paused = true)]`: the clock only moves when every task waits on a timer,
/// so the result is the time the code under test slept, whatever the machine's load. Panics if
/// the clock is running, so that no assertion depends on the real clock.
pub fn paused_since(started: tokio::time::Instant) -> Duration {
    let now = tokio::time::Instant::now();
    std::thread::sleep(Duration::from_millis(1));
    assert_eq!(
        tokio::time::Instant::now(),
        now,
        "measure time only with #[tokio::test(start_paused = true)]"
    );
    now - started
}
