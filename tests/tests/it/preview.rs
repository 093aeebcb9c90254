//! The preview surface (issue 19): the operations and fields the spec marks `x-preview` say so in
//! the first line of their generated docs, and a 403 from a preview operation reads as "not
//! enabled for this account" (loopback), while a 403 from a generally available one does not.

use digitalocean_client::{Client, Error, RetryPolicy};
use futures::TryStreamExt;
use tests::loopback;

/// The seven Secrets Manager operations, by their method on `client.security()`.
const PREVIEW_METHODS: [&str; 7] = [
    "list_secrets",
    "create_secret",
    "get_secret",
    "update_secret",
    "delete_secret",
    "list_secret_versions",
    "restore_secret",
];

fn auto(file: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../generated/src/auto")
        .join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The first doc line above the item whose declaration line starts with `declaration`.
fn first_doc_line<'t>(text: &'t str, declaration: &str) -> &'t str {
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim_start().starts_with(declaration))
        .unwrap_or_else(|| panic!("no `{declaration}`"));
    let mut first = at;
    while first > 0 && lines[first - 1].trim_start().starts_with("///") {
        first -= 1;
    }
    assert!(first < at, "`{declaration}` has no docs");
    lines[first].trim_start()
}

#[test]
fn preview_operations_and_fields_say_so_first() {
    let security = auto("security.rs");
    for method in PREVIEW_METHODS {
        let line = first_doc_line(&security, &format!("pub fn {method}("));
        assert!(
            line.starts_with("/// Preview, not generally available: Secrets Manager"),
            "{method}: {line}"
        );
    }
    // Generally available operations of the same tag are not marked.
    let line = first_doc_line(&security, "pub fn list_scans(");
    assert!(!line.contains("Preview"), "{line}");
    let models = auto("models.rs");
    let line = first_doc_line(&models, "pub subnet_uuid:");
    assert!(
        line.starts_with("/// Preview, not generally available: private preview"),
        "{line}"
    );
    let line = first_doc_line(&models, "pub vpc_uuid: crate::runtime::uuid::Uuid,");
    assert!(!line.contains("Preview"), "{line}");
    // Exactly the seven operations go through the runtime's preview hook.
    assert_eq!(security.matches("crate::runtime::preview(").count(), 7);
}

fn forbidden() -> String {
    let body =
        r#"{"id":"forbidden","message":"You are not authorized to perform this operation."}"#;
    format!(
        "HTTP/1.1 403 Forbidden\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         connection: close\r\n\r\n{body}",
        body.len()
    )
}

#[tokio::test]
async fn a_403_from_a_preview_operation_reads_as_not_enabled_for_this_account() {
    let (base, seen) = loopback::serve(vec![forbidden(), forbidden(), forbidden()]);
    let client = Client::builder()
        .token("dop_v1_preview_test")
        .base_url(base)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();

    let error = client.security().list_secrets().send().await.unwrap_err();
    assert_eq!(seen.recv().unwrap().line(), "get /v2/security/secrets");
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert!(api.preview_not_enabled());
    let text = error.to_string();
    assert!(
        text.starts_with("security_list_secrets is a preview that is not enabled for this account"),
        "{text}"
    );
    assert!(text.contains("API error 403 forbidden"), "{text}");

    // Its pages too.
    let error = client
        .security()
        .list_secrets()
        .pages()
        .try_next()
        .await
        .unwrap_err();
    assert_eq!(seen.recv().unwrap().line(), "get /v2/security/secrets");
    assert!(
        error
            .to_string()
            .starts_with("security_list_secrets is a preview that is not enabled"),
        "{error}"
    );

    // The same 403 from a generally available operation is the usual API error.
    let error = client.ssh_keys().list().send().await.unwrap_err();
    assert_eq!(seen.recv().unwrap().line(), "get /v2/account/keys");
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert!(!api.preview_not_enabled());
    assert!(!error.to_string().contains("not enabled"), "{error}");
}
