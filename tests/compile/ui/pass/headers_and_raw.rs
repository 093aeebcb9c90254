//! The `headers_and_raw` snapshot compiles against the runtime crate, and runs: a header
//! parameter, a raw upload and a CSV download go over the wire to a loopback server as the spec
//! says.
// The snapshot reaches the runtime as `crate::runtime`, as in the client crate.
#[allow(unused_imports)]
use digitalocean_client_runtime as runtime;

#[path = "../../../snapshots/headers_and_raw/mod.rs"]
#[allow(dead_code)]
mod auto;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;

/// One request as the server saw it: the head (lower-cased) and the body.
struct Seen {
    head: String,
    body: Vec<u8>,
}

/// Answers `responses` in order, one connection each, and reports every request.
fn serve(responses: Vec<&'static str>) -> (u16, mpsc::Receiver<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for response in responses {
            let (mut stream, _) = listener.accept().unwrap();
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            let head_end = loop {
                let n = stream.read(&mut chunk).unwrap();
                buf.extend_from_slice(&chunk[..n]);
                if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                    break i + 4;
                }
            };
            let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .map_or(0, |v| v.trim().parse::<usize>().unwrap());
            while buf.len() < head_end + length {
                let n = stream.read(&mut chunk).unwrap();
                buf.extend_from_slice(&chunk[..n]);
            }
            let body = buf[head_end..head_end + length].to_vec();
            stream.write_all(response.as_bytes()).unwrap();
            sender.send(Seen { head, body }).unwrap();
        }
    });
    (port, receiver)
}

pub fn main() {
    let csv = "HTTP/1.1 200 OK\r\ncontent-type: text/csv\r\ncontent-length: 12\r\nconnection: close\r\n\r\nid,total\n1,2";
    let stored = "HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n";
    let (port, seen) = serve(vec![csv, stored]);
    let client = runtime::ClientBuilder::<auto::Client>::default()
        .token("ui-test-token")
        .base_url(format!("http://127.0.0.1:{port}"))
        .build()
        .unwrap();
    let id = runtime::uuid::Uuid::nil();
    let tokio = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    tokio.block_on(async {
        let report = client
            .reports()
            .download(id)
            .x_trace_id("trace-1")
            .send()
            .await
            .unwrap();
        assert_eq!(report.value().as_ref(), b"id,total\n1,2");
        let request = seen.recv().unwrap();
        assert!(request.head.starts_with(&format!("get /v2/reports/{id} ")), "{}", request.head);
        assert!(request.head.contains("\r\nx-trace-id: trace-1\r\n"), "{}", request.head);
        assert!(request.head.contains("\r\naccept: text/csv, application/pdf\r\n"), "{}", request.head);

        let upload = client
            .reports()
            .upload(id, true, b"\x00raw bytes".to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(upload.status(), 204);
        let request = seen.recv().unwrap();
        assert!(request.head.starts_with("put /v2/reports/"), "{}", request.head);
        assert!(request.head.contains("\r\nx-dangerous: true\r\n"), "{}", request.head);
        assert!(
            request.head.contains("\r\ncontent-type: application/octet-stream\r\n"),
            "{}",
            request.head
        );
        assert_eq!(request.body, b"\x00raw bytes");
    });
}
