//! A client generated from another provider's document belongs to that API (issue 20): its
//! default base URL is the document's absolute server, its user agent names the crate it is
//! compiled in, its environment variables and rate-limit headers are the ones the document
//! declares, no paging convention is assumed, and nothing it sends, traces or documents names
//! DigitalOcean. The document is `tests/fixtures/elsewhere.yaml`; its snapshot is mounted here
//! next to the runtime crate and called through a loopback proxy, which sees where each request
//! was going and everything it carried.

use std::sync::{Arc, Mutex};

use crate::runtime;
use tests::loopback;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

#[path = "../../snapshots/elsewhere/mod.rs"]
#[allow(dead_code)]
#[rustfmt::skip]
mod elsewhere;

/// `200 OK` with a page of lanterns and the document's own rate-limit headers (and
/// DigitalOcean's, which this client must not read).
fn page() -> String {
    let body = r#"{"lanterns":[{"id":7,"name":"brass"}],"links":{"pages":{"next":"/shop/v1/lanterns?page=2"}}}"#;
    format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         x-lantern-limit: 50\r\nx-lantern-remaining: 49\r\nx-lantern-reset: 1900000000\r\n\
         ratelimit-limit: 5000\r\nratelimit-remaining: 1\r\nratelimit-reset: 1900000000\r\n\
         connection: close\r\n\r\n{body}",
        body.len()
    )
}

/// A span's name and its fields' values.
type Recorded = (String, Vec<(String, String)>);

/// The spans, as recorded.
#[derive(Clone, Default)]
struct Spans(Arc<Mutex<Vec<Recorded>>>);

struct Fields(Vec<(String, String)>);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_owned(), value.to_owned()));
    }
}

impl Subscriber for Spans {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut fields = Fields(Vec::new());
        span.record(&mut fields);
        let mut spans = self.0.lock().unwrap();
        spans.push((span.metadata().name().to_owned(), fields.0));
        Id::from_u64(spans.len() as u64)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, _: &Event<'_>) {}
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[test]
fn another_providers_client_defaults_to_its_server_and_names_nobody_else() {
    let (proxy, seen) = loopback::serve(vec![page()]);
    // Plain http through a proxy: the proxy sees the absolute URL and every header.
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(rustls::RootCertStore::empty())
    .with_no_client_auth();
    let http = reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .proxy(reqwest::Proxy::all(&proxy).unwrap())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let client: elsewhere::Client = runtime::ClientBuilder::default()
        .token("lantern-token")
        .http_client(http)
        .retry_policy(runtime::RetryPolicy::none())
        .build()
        .expect("the document's server is the default base URL");
    assert_eq!(
        AsRef::<runtime::Client>::as_ref(&client).base_url(),
        "http://127.0.0.1:9/shop/v1"
    );

    let spans = Spans::default();
    let response = tracing::subscriber::with_default(spans.clone(), || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(client.lanterns().list().page(1).send())
    })
    .expect("the list answers");

    let request = seen.recv().unwrap();
    assert_eq!(
        request.line(),
        "get http://127.0.0.1:9/shop/v1/lanterns?page=1"
    );
    assert_eq!(
        request.header("authorization"),
        Some("bearer lantern-token")
    );
    // The user agent names the crate the output is compiled in (here the `tests` crate).
    let agent = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));
    assert_eq!(request.header("user-agent"), Some(agent));
    assert!(
        !request.head.contains("digitalocean"),
        "the request names DigitalOcean:\n{}",
        request.head
    );

    // The document's rate-limit headers are read; DigitalOcean's, also present, are not.
    let limit = response.rate_limit().expect("x-lantern-* read");
    assert_eq!((limit.limit, limit.remaining), (50, 49));

    let spans = spans.0.lock().unwrap();
    let (name, fields) = spans
        .iter()
        .find(|(_, fields)| fields.iter().any(|(k, _)| k == "operation_id"))
        .expect("a request span");
    assert_eq!(name, "api.request");
    assert!(
        fields.contains(&("client".to_owned(), agent.to_owned())),
        "{fields:?}"
    );
    assert!(
        !format!("{name} {fields:?}")
            .to_lowercase()
            .contains("digitalocean"),
        "{name} {fields:?}"
    );
}

#[test]
fn its_environment_is_the_documents_and_its_output_names_nobody_else() {
    let profile = <elsewhere::Client as runtime::Api>::PROFILE;
    assert_eq!(profile.token_variables(), ["LANTERN_TOKEN"]);
    assert_eq!(profile.base_url_variable(), Some("LANTERN_API_URL"));
    // No `x-pagination`: `page`, `per_page` and `links.pages.next` are not taken for paging.
    assert_eq!(profile.page_size(), None);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots/elsewhere");
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        files += 1;
        assert!(
            !text.to_lowercase().contains("digitalocean"),
            "{} names DigitalOcean",
            path.display()
        );
        assert!(
            !text.contains("Paginated") && !text.contains("Pages<"),
            "{} pages",
            path.display()
        );
    }
    assert_eq!(files, 3);
}

#[test]
fn a_document_without_an_absolute_server_needs_a_base_url_at_build() {
    let relative = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/elsewhere.yaml"),
    )
    .unwrap()
    .replace("http://127.0.0.1:9/shop/v1", "/shop/v1");
    let files = codegen::generate(&relative).expect("generates");
    let root = files.iter().find(|f| f.path == "mod.rs").unwrap();
    assert!(root.contents.contains("ApiProfile::new("));
    assert!(
        !root.contents.contains("with_default_base_url"),
        "{}",
        root.contents
    );
    // The runtime's side: a profile without a default base URL refuses to build without one.
    let error = runtime::Client::builder().token("t").build().unwrap_err();
    assert!(error.to_string().contains("no base URL"), "{error}");
    let built = runtime::Client::builder()
        .token("t")
        .base_url("http://127.0.0.1:9/shop/v1")
        .build()
        .unwrap();
    assert_eq!(built.base_url(), "http://127.0.0.1:9/shop/v1");
}

fn elsewhere_text() -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/elsewhere.yaml"),
    )
    .unwrap()
}

fn root_of(report: &codegen::Report) -> &str {
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    &report
        .files
        .iter()
        .find(|f| f.path == "mod.rs")
        .unwrap()
        .contents
}

#[test]
fn generator_options_name_the_crate_the_user_agent_and_the_variables() {
    let options = codegen::Options {
        client: codegen::ClientOptions {
            crate_name: Some("lantern-shop".to_owned()),
            user_agent: Some("lantern-shop/2.0".to_owned()),
            token_variables: vec!["SHOP_KEY".to_owned()],
            base_url_variable: None,
        },
        ..codegen::Options::default()
    };
    let report = codegen::generate_with(&elsewhere_text(), &options);
    let root = root_of(&report);
    assert!(
        root.contains(r#""lantern-shop/2.0""#) && !root.contains("CARGO_PKG_NAME"),
        "{root}"
    );
    assert!(
        root.contains(r#".with_token_variables(&["SHOP_KEY"])"#),
        "{root}"
    );
    // The option replaces the document's token variables, not its base-URL variable.
    assert!(
        root.contains(r#".with_base_url_variable("LANTERN_API_URL")"#),
        "{root}"
    );
    let lanterns = &report
        .files
        .iter()
        .find(|f| f.path == "lanterns.rs")
        .unwrap()
        .contents;
    assert!(
        lanterns.contains("lantern_shop::Client::new(\"token\")"),
        "{lanterns}"
    );

    // Neither the document nor the options name variables: `from_env` reads none.
    let bare = elsewhere_text().replace(
        "x-client-environment:\n  token: [LANTERN_TOKEN]\n  base-url: LANTERN_API_URL\n",
        "",
    );
    let report = codegen::generate_with(&bare, &codegen::Options::default());
    let root = root_of(&report);
    assert!(!root.contains("with_token_variables"), "{root}");
    assert!(!root.contains("with_base_url_variable"), "{root}");
}

#[test]
fn a_malformed_client_extension_is_a_located_error() {
    let text = elsewhere_text().replace(
        "x-rate-limit-headers:\n  limit: x-lantern-limit\n",
        "x-pagination: {page: page}\nx-rate-limit-headers:\n  limit: \"bad header\"\n",
    );
    let errors = codegen::generate(&text).unwrap_err().0;
    let at: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
    assert_eq!(at, ["/x-rate-limit-headers", "/x-pagination"], "{errors:?}");
}
