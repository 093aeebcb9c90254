//! The `setter_collisions` snapshot compiles against the runtime crate and runs against a loopback
//! server, and its renamed setters are the ones a caller writes: a body property named like a
//! builder method of the generator's own or a parameter gets the `body_` prefix (numbered when
//! that is taken too), and each setter writes its own wire field (query or body). A parameter or
//! property named like a per-request override (`timeout`, `header`) keeps its name and shadows
//! the override, which stays reachable through the `RequestOverrides` trait. A model property named `build`
//! gets `set_build` (`set_build2` here, as a property has that name), and models named like crate-root exports get a `Model` suffix.
// The snapshot reaches the runtime as `crate::runtime`, as in the client crate.
#[allow(unused_imports)]
use digitalocean_client_runtime as runtime;

#[path = "../../../snapshots/setter_collisions/mod.rs"]
#[allow(dead_code)]
mod auto;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::time::Duration;

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

#[allow(dead_code)]
async fn use_every_setter(client: auto::Client) -> Result<(), runtime::Error> {
    use runtime::RequestOverrides;
    let builder = client
        .widgets()
        .create()
        .name("query parameter")
        .timeout(30)
        .body_name("the body_name property")
        .body_name2("the name property")
        .body_timeout(5)
        .body_send(true)
        .body_body("the body property")
        .build("the build property")
        .header("the header property");
    let builder = RequestOverrides::timeout(builder, Duration::from_secs(1));
    let _sent: runtime::Response<auto::models::ResponseModel> =
        RequestOverrides::header(builder, "x-trace", "1")
            .retry_policy(runtime::RetryPolicy::none())
            .send()
            .await?;
    let widget = auto::models::Widget::builder()
        .body_name("a")
        .name("b")
        .send(false)
        .set_build2("the build property")
        .set_build("the set_build property")
        .build()?;
    let _: auto::models::WidgetBuilder2 = widget.clone().into();
    let _ = client.widgets().create().body(widget);
    let _other = auto::models::WidgetBuilder::builder().label("x").build()?;
    let _error = auto::models::ErrorModel::new("not_found".to_owned());
    // An optional object body: sent only when a setter (or `body`) was called.
    client.widgets().update(7).send().await?;
    client.widgets().update(7).label("new").send().await?;
    Ok(())
}

pub fn main() {
    let created = "HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}";
    let updated = "HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n";
    let (port, seen) = serve(vec![created, updated, updated]);
    let client = runtime::ClientBuilder::<auto::Client>::default()
        .token("ui-test-token")
        .base_url(format!("http://127.0.0.1:{port}"))
        .build()
        .unwrap();
    let tokio = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    tokio.block_on(async {
        client
            .widgets()
            .create()
            .name("q")
            .timeout(30)
            .body_name("a")
            .body_name2("b")
            .body_timeout(5)
            .body_send(true)
            .body_body("c")
            .build("d")
            .header("e")
            .set_build("f")
            .send()
            .await
            .unwrap();
        let request = seen.recv().unwrap();
        assert!(
            request.head.starts_with("post /v2/widgets?name=q&timeout=30 "),
            "{}",
            request.head
        );
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
        assert_eq!(
            body,
            serde_json::json!({
                "body_name": "a", "name": "b", "timeout": 5, "send": true, "body": "c",
                "build": "d", "header": "e", "set_build": "f"
            })
        );

        // An optional body is left out until a setter is called.
        client.widgets().update(7).send().await.unwrap();
        let request = seen.recv().unwrap();
        assert!(request.head.starts_with("patch /v2/widgets/7 "), "{}", request.head);
        assert!(request.body.is_empty());
        assert!(!request.head.contains("content-type"), "{}", request.head);
        client.widgets().update(7).label("new").send().await.unwrap();
        let request = seen.recv().unwrap();
        assert_eq!(request.body, br#"{"label":"new"}"#);
    });
}
