//! Many tasks, one token: the client against a loopback server that enforces DigitalOcean's kind
//! of rate limit, and against one that drops and stalls connections.
//!
//! Run with `cargo bench -p digitalocean-client --bench load` (all scenarios), or name scenarios:
//! `cargo bench -p digitalocean-client --bench load -- sequential concurrent faults`.
//!
//! - `concurrent`: 200 tasks x 5 `vpc_peerings().get(id)` calls on one `Client` (default
//!   settings, 60 s timeout) against a server allowing 50 requests per 2 s window (windows aligned
//!   to even Unix seconds, so `ratelimit-reset` is exact). Every answer carries `ratelimit-limit`,
//!   `ratelimit-remaining`, `ratelimit-reset` and `x-request-id`; a request over the budget gets
//!   DigitalOcean's 429 body with the same headers (no `Retry-After`: the reset says when).
//! - `sequential`: the same 1,000 calls one after another on the same kind of server.
//! - `faults`: 200 x 5 calls, no rate limit, a 5 s total timeout; 10 % of requests are never
//!   answered (the connection stays open and silent) and 2 % of connections are closed right
//!   after the request arrives.
//!
//! Printed per scenario: calls ok, requests the server saw, 429s (total and per window), the
//! largest number of requests arriving in the 50 ms after a window reset, wall time against the
//! ideal (the start of the window in which the last budgeted request can first be served), and
//! the peak resident memory (`VmHWM`) of the scenario's process (each runs in its own, server
//! included).

use std::collections::BTreeMap;
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use digitalocean_client::Client;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use uuid::Uuid;

const TASKS: usize = 200;
const CALLS_PER_TASK: usize = 5;
const BUDGET: u64 = 50;
const WINDOW: Duration = Duration::from_secs(2);
const BURST_SPAN: Duration = Duration::from_millis(50);
const STALL_PERCENT: u32 = 10;
const DROP_PERCENT: u32 = 2;

#[derive(Clone, Copy)]
enum Faults {
    /// A window budget, no faults.
    RateLimited,
    /// No budget; some requests stalled, some connections dropped.
    Stalls,
}

/// What the server saw.
#[derive(Default)]
struct Seen {
    /// Current window index (Unix seconds / window) and requests counted in it.
    window: u64,
    in_window: u64,
    requests: u64,
    too_many: u64,
    stalled: u64,
    dropped: u64,
    /// Arrival times, seconds since the Unix epoch.
    arrivals: Vec<f64>,
}

struct Server {
    seen: Arc<Mutex<Seen>>,
    runtime: Option<tokio::runtime::Runtime>,
    url: String,
}

impl Server {
    fn start(faults: Faults) -> Server {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("load-server")
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime
            .block_on(TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))))
            .unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Seen::default()));
        let state = Arc::clone(&seen);
        runtime.spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let state = Arc::clone(&state);
                tokio::spawn(async move {
                    // A connection the client closes ends here; nothing to report.
                    let _ = serve_connection(stream, state, faults).await;
                });
            }
        });
        Server {
            seen,
            runtime: Some(runtime),
            url,
        }
    }

    fn stop(mut self) -> Seen {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_timeout(Duration::from_secs(1));
        }
        std::mem::take(&mut *self.seen.lock().unwrap())
    }
}

fn epoch_now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
}

enum Answer {
    Send(Vec<u8>),
    Stall,
    Drop,
}

async fn serve_connection(
    mut stream: TcpStream,
    state: Arc<Mutex<Seen>>,
    faults: Faults,
) -> io::Result<()> {
    stream.set_nodelay(true)?;
    let mut pending: Vec<u8> = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        while let Some(request_len) = complete_request_len(&pending) {
            pending.drain(..request_len);
            match answer(&state, faults) {
                Answer::Send(bytes) => stream.write_all(&bytes).await?,
                Answer::Drop => return Ok(()),
                Answer::Stall => {
                    // Never answer; hold the connection open until the server stops.
                    std::future::pending::<()>().await;
                }
            }
        }
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            return Ok(());
        }
        pending.extend_from_slice(&chunk[..read]);
    }
}

fn answer(state: &Mutex<Seen>, faults: Faults) -> Answer {
    let now = epoch_now();
    let mut seen = state.lock().unwrap();
    seen.requests += 1;
    seen.arrivals.push(now);
    match faults {
        Faults::Stalls => {
            let roll = fastrand::u32(0..100);
            if roll < STALL_PERCENT {
                seen.stalled += 1;
                return Answer::Stall;
            }
            if roll < STALL_PERCENT + DROP_PERCENT {
                seen.dropped += 1;
                return Answer::Drop;
            }
            Answer::Send(response(
                200,
                &body_ok(),
                5000,
                4999,
                now as u64 + 3600,
                None,
            ))
        }
        Faults::RateLimited => {
            let window = (now / WINDOW.as_secs_f64()) as u64;
            if window != seen.window {
                seen.window = window;
                seen.in_window = 0;
            }
            seen.in_window += 1;
            let reset = (window + 1) * WINDOW.as_secs();
            if seen.in_window <= BUDGET {
                let remaining = BUDGET - seen.in_window;
                Answer::Send(response(200, &body_ok(), BUDGET, remaining, reset, None))
            } else {
                seen.too_many += 1;
                // Like DigitalOcean's: the headers say when the window resets, no Retry-After.
                let body = br#"{"id":"too_many_requests","message":"API Rate limit exceeded."}"#;
                Answer::Send(response(429, body, BUDGET, 0, reset, None))
            }
        }
    }
}

fn body_ok() -> Vec<u8> {
    serde_json::to_vec(&json!({
        "vpc_peering": {
            "id": "5a4981aa-9653-4bd1-bef5-d6bff52042e4",
            "name": "nyc1-blr1-peering",
            "vpc_ids": [
                "997615ce-132d-4bae-9270-9ee21b395e5d",
                "e51aed59-3bb1-4a6a-8de0-9d1329e9c997"
            ],
            "created_at": "2024-01-09T20:44:32Z",
            "status": "ACTIVE"
        }
    }))
    .unwrap()
}

fn response(
    status: u16,
    body: &[u8],
    limit: u64,
    remaining: u64,
    reset: u64,
    retry_after: Option<u64>,
) -> Vec<u8> {
    let reason = if status == 429 {
        "Too Many Requests"
    } else {
        "OK"
    };
    let mut head = format!(
        "HTTP/1.1 {status} {reason}\r\n\
         content-type: application/json; charset=utf-8\r\n\
         content-length: {}\r\n\
         ratelimit-limit: {limit}\r\n\
         ratelimit-remaining: {remaining}\r\n\
         ratelimit-reset: {reset}\r\n\
         x-request-id: {}\r\n",
        body.len(),
        Uuid::from_u128(fastrand::u128(..)),
    );
    if let Some(seconds) = retry_after {
        head.push_str(&format!("retry-after: {seconds}\r\n"));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    bytes
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

fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmHWM:"))
                .map(|line| line.trim_start_matches("VmHWM:").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".into())
}

struct Outcome {
    ok: usize,
    errors: BTreeMap<String, usize>,
    wall: Duration,
    started_epoch: f64,
}

async fn one_call(client: &Client, id: Uuid) -> Result<(), String> {
    match client.vpc_peerings().get(id).send().await {
        Ok(response) => {
            assert_eq!(response.vpc_peering.name, "nyc1-blr1-peering");
            Ok(())
        }
        Err(error) => Err(match error {
            digitalocean_client::Error::RateLimited(_) => "RateLimited".into(),
            digitalocean_client::Error::Timeout { .. } => "Timeout".into(),
            digitalocean_client::Error::Transport { .. } => "Transport".into(),
            digitalocean_client::Error::Api(api) => format!("Api {}", api.status),
            other => format!("{other}"),
        }),
    }
}

fn run(client: Client, tasks: usize, calls: usize) -> Outcome {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let id: Uuid = "5a4981aa-9653-4bd1-bef5-d6bff52042e4".parse().unwrap();
    let started_epoch = epoch_now();
    let started = Instant::now();
    let results: Vec<Result<(), String>> = runtime.block_on(async {
        let mut set = tokio::task::JoinSet::new();
        for _ in 0..tasks {
            let client = client.clone();
            set.spawn(async move {
                let mut results = Vec::with_capacity(calls);
                for _ in 0..calls {
                    results.push(one_call(&client, id).await);
                }
                results
            });
        }
        let mut all = Vec::new();
        while let Some(done) = set.join_next().await {
            all.extend(done.unwrap());
        }
        all
    });
    let wall = started.elapsed();
    runtime.shutdown_timeout(Duration::from_secs(1));
    let mut errors = BTreeMap::new();
    let mut ok = 0;
    for result in results {
        match result {
            Ok(()) => ok += 1,
            Err(kind) => *errors.entry(kind).or_insert(0) += 1,
        }
    }
    Outcome {
        ok,
        errors,
        wall,
        started_epoch,
    }
}

/// The ideal wall time of `calls` calls against the budget, starting at `start` (epoch seconds):
/// the start of the window in which the last call can first be served.
fn ideal(start: f64, calls: usize) -> Duration {
    let window = WINDOW.as_secs_f64();
    let first = (start / window).floor();
    let windows_needed = (calls as u64).div_ceil(BUDGET) as f64;
    let last_start = (first + windows_needed - 1.0) * window;
    Duration::from_secs_f64((last_start - start).max(0.0))
}

/// Requests that arrived in each window, from the window the run started in.
fn per_window(arrivals: &[f64], start: f64) -> Vec<usize> {
    let window = WINDOW.as_secs_f64();
    let first = (start / window).floor() as usize;
    let mut counts = Vec::new();
    for at in arrivals {
        let index = ((at / window).floor() as usize).saturating_sub(first);
        if counts.len() <= index {
            counts.resize(index + 1, 0);
        }
        counts[index] += 1;
    }
    counts
}

/// The most requests that arrived within `BURST_SPAN` after any window reset.
fn largest_burst(arrivals: &[f64]) -> usize {
    let window = WINDOW.as_secs_f64();
    let mut per_reset: BTreeMap<u64, usize> = BTreeMap::new();
    for at in arrivals {
        let index = (at / window).floor();
        if at - index * window < BURST_SPAN.as_secs_f64() {
            *per_reset.entry(index as u64).or_insert(0) += 1;
        }
    }
    per_reset.values().copied().max().unwrap_or(0)
}

fn report(name: &str, outcome: &Outcome, seen: &Seen, rate_limited: bool, calls: usize) {
    println!("== {name}");
    println!(
        "calls ok:          {}/{calls}{}",
        outcome.ok,
        if outcome.errors.is_empty() {
            String::new()
        } else {
            format!("  errors: {:?}", outcome.errors)
        }
    );
    println!("requests:          {}", seen.requests);
    if rate_limited {
        let windows = (outcome.wall.as_secs_f64() / WINDOW.as_secs_f64())
            .ceil()
            .max(1.0);
        println!(
            "429s:              {} ({:.2} per window over {windows} windows)",
            seen.too_many,
            seen.too_many as f64 / windows
        );
        println!(
            "largest burst:     {} requests in the {:?} after a reset (budget {BUDGET})",
            largest_burst(&seen.arrivals),
            BURST_SPAN
        );
        println!(
            "per window:        {:?}",
            per_window(&seen.arrivals, outcome.started_epoch)
        );
        let ideal = ideal(outcome.started_epoch, calls);
        println!(
            "wall time:         {:.2?} vs ideal {:.2?} = {:.3}x",
            outcome.wall,
            ideal,
            outcome.wall.as_secs_f64() / ideal.as_secs_f64()
        );
    } else {
        println!(
            "faults:            {} stalled, {} dropped",
            seen.stalled, seen.dropped
        );
        println!("wall time:         {:.2?}", outcome.wall);
    }
    println!("peak memory:       {}", peak_memory());
}

fn scenario(name: &str) {
    let (faults, tasks, calls) = match name {
        "concurrent" => (Faults::RateLimited, TASKS, CALLS_PER_TASK),
        "sequential" => (Faults::RateLimited, 1, TASKS * CALLS_PER_TASK),
        "faults" => (Faults::Stalls, TASKS, CALLS_PER_TASK),
        other => panic!("unknown scenario {other:?}: use sequential, concurrent or faults"),
    };
    let server = Server::start(faults);
    let mut builder = Client::builder().token("load-token").base_url(&server.url);
    if matches!(faults, Faults::Stalls) {
        builder = builder.timeout(Duration::from_secs(5));
    }
    let client = builder.build().unwrap();
    let outcome = run(client, tasks, calls);
    let seen = server.stop();
    report(
        &format!("{name}: {tasks} task(s) x {calls} call(s)"),
        &outcome,
        &seen,
        matches!(faults, Faults::RateLimited),
        tasks * calls,
    );
}

fn main() {
    let named: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let scenarios: Vec<&str> = if named.is_empty() {
        vec!["sequential", "concurrent", "faults"]
    } else {
        named.iter().map(String::as_str).collect()
    };
    if let [one] = scenarios.as_slice() {
        scenario(one);
        return;
    }
    // Each scenario runs in a process of its own, so that its peak memory is its own.
    let exe = std::env::current_exe().expect("the benchmark knows its own path");
    for name in scenarios {
        let status = std::process::Command::new(&exe)
            .arg(name)
            .status()
            .expect("the benchmark can run itself");
        assert!(status.success(), "scenario {name} failed: {status}");
    }
}
