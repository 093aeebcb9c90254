//! A bare HTTP/1.1 server on loopback that answers canned responses in order and reports every
//! request it read (head and body), for tests of what generated code puts on the wire. It serves
//! exactly as many connections as it was given responses, then its thread ends.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;

/// One request as the server saw it.
#[derive(Debug)]
pub struct Seen {
    /// The request line and headers, lower-cased.
    pub head: String,
    /// The body bytes (by `content-length`).
    pub body: Vec<u8>,
}

impl Seen {
    /// The request line's method and target, e.g. `get /v2/keys/1?a=b` (lower-cased).
    pub fn line(&self) -> &str {
        let first = self.head.lines().next().unwrap_or_default();
        first.rsplit_once(' ').map_or(first, |(line, _)| line)
    }

    /// The value of a header (lower-cased), if sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        let prefix = format!("{name}:");
        self.head
            .lines()
            .find_map(|l| l.strip_prefix(prefix.as_str()))
            .map(str::trim)
    }
}

/// A `204 No Content` response that closes the connection.
pub const NO_CONTENT: &str = "HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n";

/// A `200 OK` JSON response with `body`.
pub fn json_ok(body: &str) -> String {
    format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// Starts the server; returns its base URL and the channel of seen requests.
pub fn serve(responses: Vec<String>) -> (String, mpsc::Receiver<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let port = listener.local_addr().expect("local addr").port();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for response in responses {
            let Ok((mut stream, _)) = listener.accept() else {
                return;
            };
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            let head_end = loop {
                let n = stream.read(&mut chunk).unwrap_or(0);
                if n == 0 {
                    return;
                }
                buf.extend_from_slice(&chunk[..n]);
                if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                    break i + 4;
                }
            };
            let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .map_or(0, |v| v.trim().parse::<usize>().unwrap_or(0));
            while buf.len() < head_end + length {
                let n = stream.read(&mut chunk).unwrap_or(0);
                if n == 0 {
                    break;
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            let end = buf.len().min(head_end + length);
            let body = buf[head_end..end].to_vec();
            let _ = stream.write_all(response.as_bytes());
            if sender.send(Seen { head, body }).is_err() {
                return;
            }
        }
    });
    (format!("http://127.0.0.1:{port}"), receiver)
}
