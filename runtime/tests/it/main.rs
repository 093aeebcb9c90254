//! The runtime's behaviour tests, in one test binary: the client, retries, rate limits,
//! pagination, waiters, decoding, plug-in points and tracing, against a scripted loopback server
//! (`support`). Time-dependent tests run on tokio's paused clock.

mod api_keys;
mod client;
mod decode;
mod pagination;
mod plugins;
mod ratelimit;
mod retry;
mod servers;
mod stalls;
mod support;
mod traces;
