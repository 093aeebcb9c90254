//! The `swagger2` snapshot (generated from the Swagger 2.0 fixture `tests/fixtures/swagger2.yaml`)
//! mounted next to the runtime crate and called against a loopback server: what the converted
//! `collectionFormat`s, `body` and `formData` parameters and file parts put on the wire.

// The snapshot names the runtime `crate::runtime`, as the client crate's root does.
use crate::runtime;

#[path = "../../snapshots/swagger2/mod.rs"]
#[allow(dead_code)]
#[rustfmt::skip]
mod snapshot;

use runtime::FilePart;
use tests::loopback::{self, NO_CONTENT, json_ok};

fn client(base: &str) -> snapshot::Client {
    runtime::ClientBuilder::<snapshot::Client>::default()
        .token("swagger2-test-token")
        .base_url(base)
        .retry_policy(runtime::RetryPolicy::none())
        .build()
        .expect("client builds")
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
        .block_on(future)
}

#[test]
fn collection_formats_are_written_as_2_0_defines_them() {
    let (base, seen) = loopback::serve(vec![json_ok(r#"[{"id":1,"name":"Rex","tag":null}]"#)]);
    let client = client(&base);
    block_on(async {
        let pets = client
            .pets()
            .list()
            .tags(vec!["a".into(), "b".into()])
            .ids(vec![1, 2])
            .words(vec!["x".into(), "y".into()])
            .colors(vec!["red".into(), "blue".into()])
            .x_trace("t-1")
            .send()
            .await
            .unwrap();
        assert_eq!(pets.value()[0].name, "Rex");
        assert_eq!(pets.value()[0].tag, None);
        let request = seen.recv().unwrap();
        // csv (the 2.0 default) joined with commas, multi repeated, ssv with spaces, pipes with `|`.
        assert_eq!(
            request.line(),
            "get /pets?tags=a%2cb&ids=1&ids=2&words=x+y&colors=red%7cblue"
        );
        assert_eq!(request.header("x-trace"), Some("t-1"));
    });
}

#[test]
fn body_and_form_parameters_become_request_bodies() {
    let created = r#"{"id":7,"name":"Tom","owner":null}"#;
    let (base, seen) = loopback::serve(vec![
        format!(
            "HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{created}",
            created.len()
        ),
        NO_CONTENT.to_owned(),
    ]);
    let client = client(&base);
    block_on(async {
        let pet = client
            .pets()
            .create()
            .id(7)
            .name("Tom")
            .send()
            .await
            .unwrap();
        assert_eq!(pet.value().owner, None);
        let request = seen.recv().unwrap();
        assert_eq!(request.line(), "post /pets");
        assert!(
            request
                .header("content-type")
                .is_some_and(|t| t.starts_with("application/json"))
        );
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
        assert_eq!(body, serde_json::json!({"id": 7, "name": "Tom"}));

        client
            .pets()
            .rename(7)
            .name("Thomas O'Malley")
            .send()
            .await
            .unwrap();
        let request = seen.recv().unwrap();
        assert_eq!(request.line(), "post /pets/7");
        assert_eq!(
            request.header("content-type"),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(
            String::from_utf8_lossy(&request.body),
            "name=Thomas+O%27Malley"
        );
    });
}

#[test]
fn a_file_parameter_is_a_multipart_file_part_and_a_file_response_is_bytes() {
    let png = "HTTP/1.1 200 OK\r\ncontent-type: image/png\r\ncontent-length: 4\r\nconnection: close\r\n\r\n\u{1}PNG";
    let (base, seen) = loopback::serve(vec![NO_CONTENT.to_owned(), png.to_owned()]);
    let client = client(&base);
    block_on(async {
        client
            .photos()
            .upload(3)
            .caption("hello")
            .photo(FilePart::new(b"pixels".to_vec()).file_name("cat.png"))
            .send()
            .await
            .unwrap();
        let request = seen.recv().unwrap();
        assert_eq!(request.line(), "post /pets/3/photo");
        assert!(
            request
                .header("content-type")
                .is_some_and(|t| t.starts_with("multipart/form-data; boundary="))
        );
        let body = String::from_utf8_lossy(&request.body);
        assert!(body.contains("name=\"caption\"\r\n\r\nhello\r\n"), "{body}");
        assert!(
            body.contains("name=\"photo\"; filename=\"cat.png\""),
            "{body}"
        );
        assert!(body.contains("\r\n\r\npixels\r\n"), "{body}");

        let picture = client.photos().download(3).send().await.unwrap();
        assert_eq!(&picture.value()[..], b"\x01PNG");
        assert_eq!(seen.recv().unwrap().line(), "get /pets/3/photo");
    });
}
