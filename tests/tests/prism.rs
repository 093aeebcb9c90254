//! Contract tests against Prism, a mock server that serves `spec/digitalocean.yaml` and, with
//! `--errors`, answers every request that breaks the spec with a 422 and an `sl-violations`
//! header: the tour's 32 calls pass it cleanly, and every operation with a body decodes the
//! schema-valid responses Prism invents for `Prefer: dynamic=true`.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use tests::prism::Prism;

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
fn prism_rejects_requests_that_break_the_spec() {
    let Some(prism) = Prism::start() else { return };
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
