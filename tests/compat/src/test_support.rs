//! Building blocks for the unit tests of code that uses this client (cargo feature
//! `test-support`; enable it in your `[dev-dependencies]`).
//!
//! - [`ResponseBuilder`] makes a [`Response<T>`](crate::Response) with a status, request id, rate limit and
//!   attempt count, for code that takes responses.
//! - The functions below make an [`Error`](crate::Error) of every kind, for code that handles errors.
//! - [`CannedServer`] is an HTTP/1.1 server on loopback that answers requests with canned
//!   responses in order and records what it received; point a client at it with
//!   [`CannedServer::client`] (or `ClientBuilder::base_url(server.url())`) to test code end to
//!   end without the network. It uses only the standard library (a thread) and stops when
//!   dropped.
//!
//! ```
//! use digitalocean_client::test_support::{CannedResponse, CannedServer};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let server = CannedServer::start(vec![CannedResponse::json(
//!     200,
//!     r#"{"ssh_key": {"id": 512190, "name": "laptop", "public_key": "ssh-ed25519 AAAA",
//!         "fingerprint": "3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa"}}"#,
//! )
//! .header("ratelimit-remaining", "4999")]);
//! let client = server.client();
//! let key = client.ssh_keys().get(512190).send().await.unwrap();
//! assert_eq!(key.ssh_key.name, "laptop");
//! assert_eq!(server.requests()[0].path, "/v2/account/keys/512190");
//! # }
//! ```

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::runtime::serde_json;
/// [`Response`](crate::Response) and [`Error`](crate::Error) constructors (from the runtime crate).
pub use crate::runtime::test_support::{
    ResponseBuilder, api_error, decode_error, invalid_input, pagination_loop, rate_limited,
    timeout, transport, wait_failed, wait_timeout,
};

/// [`Error::MissingToken`](crate::Error::MissingToken), as
/// [`ClientBuilder::from_env`](crate::ClientBuilder::from_env) returns it (naming
/// [`TOKEN_VARIABLES`](crate::TOKEN_VARIABLES)).
pub fn missing_token() -> crate::Error {
    crate::runtime::test_support::missing_token(crate::TOKEN_VARIABLES)
}
use crate::{Client, RetryPolicy};

/// One canned answer of a [`CannedServer`].
#[derive(Clone, Debug)]
#[must_use]
pub struct CannedResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl CannedResponse {
    /// A JSON answer (`Content-Type: application/json`).
    pub fn json(status: u16, body: impl Into<String>) -> CannedResponse {
        CannedResponse {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.into().into_bytes(),
        }
    }

    /// DigitalOcean's error body `{"id": .., "message": ..}` with this status.
    pub fn error(status: u16, id: &str, message: &str) -> CannedResponse {
        let body = serde_json::json!({ "id": id, "message": message }).to_string();
        CannedResponse::json(status, body)
    }

    /// An answer without a body (204, 202).
    pub fn empty(status: u16) -> CannedResponse {
        CannedResponse {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// Adds a header (`x-request-id`, `ratelimit-remaining`, `retry-after`, ...).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    fn to_bytes(&self) -> Vec<u8> {
        let mut head = format!("HTTP/1.1 {} Canned\r\n", self.status);
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            self.body.len()
        ));
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(&self.body);
        bytes
    }
}

/// A request a [`CannedServer`] received.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReceivedRequest {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path without the query, e.g. `/v2/account/keys`.
    pub path: String,
    /// The query string without `?` (empty when there is none).
    pub query: String,
    /// The headers, names in lower case, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl ReceivedRequest {
    /// The first value of a header (name matched case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON, if it is JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// An HTTP/1.1 server on `127.0.0.1` that answers the n-th request with the n-th canned
/// response (and any request beyond them with a 500 saying so), one connection per request.
/// It runs on a thread of its own, so it works with any async runtime, and stops when dropped.
pub struct CannedServer {
    port: u16,
    received: Arc<Mutex<Vec<ReceivedRequest>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for CannedServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CannedServer")
            .field("port", &self.port)
            .finish_non_exhaustive()
    }
}

impl CannedServer {
    /// Starts the server on a free loopback port.
    ///
    /// # Panics
    /// If no loopback port can be bound.
    pub fn start(responses: Vec<CannedResponse>) -> CannedServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let port = listener.local_addr().expect("a bound address").port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let received = Arc::clone(&received);
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                let mut responses = responses.into_iter();
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        return;
                    }
                    let Ok(mut stream) = stream else { continue };
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                    let Some(request) = read_request(&mut stream) else {
                        continue;
                    };
                    received
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push(request);
                    let response = responses.next().unwrap_or_else(|| {
                        CannedResponse::error(500, "no_canned_response", "no canned response left")
                    });
                    let _ = stream.write_all(&response.to_bytes());
                    let _ = stream.flush();
                    let _ = stream.shutdown(Shutdown::Both);
                }
            })
        };
        CannedServer {
            port,
            received,
            stop,
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:<port>`, to pass to `ClientBuilder::base_url`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A client for this server with a test token, retries without waits and a 10 s timeout.
    ///
    /// # Panics
    /// Never in practice: the URL is loopback and the token is valid.
    pub fn client(&self) -> Client {
        Client::builder()
            .token("test-support-token")
            .base_url(self.url())
            .retry_policy(
                RetryPolicy::default()
                    .initial_backoff(Duration::from_millis(1))
                    .max_backoff(Duration::from_millis(5))
                    .max_rate_limit_wait(Duration::from_secs(1)),
            )
            .timeout(Duration::from_secs(10))
            .build()
            .expect("a client for a loopback server")
    }

    /// The requests received so far, in order.
    pub fn requests(&self) -> Vec<ReceivedRequest> {
        self.received
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

impl Drop for CannedServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn read_request(stream: &mut TcpStream) -> Option<ReceivedRequest> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let target = parts.next()?.to_owned();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            break;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path.to_owned(), query.to_owned()),
        None => (target, String::new()),
    };
    Some(ReceivedRequest {
        method,
        path,
        query,
        headers,
        body,
    })
}
