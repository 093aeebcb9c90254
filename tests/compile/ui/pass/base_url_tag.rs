//! A tag named `Base URL` (`tests/broken/base_url_tag.yaml`): the client crate's `Client` has a
//! `base_url()` of its own (`codegen::names::CLIENT_METHODS`), so the tag's module and accessor
//! are `base_url_`; the runtime's methods are reached through `AsRef`.
use digitalocean_client_runtime as runtime;

#[path = "../../../snapshots/base_url_tag/mod.rs"]
#[allow(dead_code)]
mod auto;

pub fn main() {
    // The document names no server, so the base URL is set.
    let client: auto::Client = runtime::ClientBuilder::<auto::Client>::default()
        .token("ui-test-token")
        .base_url("https://api.example.test")
        .build()
        .unwrap();
    let _: auto::base_url_::BaseUrlList = client.base_url_().list();
    let _: auto::base_url_::BaseUrlDelete = client.base_url_().delete("n");
    let runtime_client: &runtime::Client = AsRef::as_ref(&client);
    assert_eq!(runtime_client.base_url(), "https://api.example.test/");
    let _ = runtime_client.request(digitalocean_client::reqwest::Method::GET, "/v2/account");
}
