//! A tag named `Base URL` (`tests/broken/base_url_tag.yaml`): its accessor `base_url()` is a
//! method of the generated `Operations`, so it shadows the runtime client's `base_url()` (reached
//! through `Deref`) instead of clashing with it; the runtime's stays reachable through `AsRef`.
use digitalocean_client_runtime as runtime;

#[path = "../../../snapshots/base_url_tag/mod.rs"]
#[allow(dead_code)]
mod auto;

pub fn main() {
    let ops = auto::Operations::from(runtime::Client::new("ui-test-token"));
    let _: auto::base_url::BaseUrlList = ops.base_url().list();
    let _: auto::base_url::BaseUrlDelete = ops.base_url().delete("n");
    // Other runtime methods still come through `Deref`.
    let _ = ops.request(digitalocean_client::reqwest::Method::GET, "/v2/account");
    let client: &runtime::Client = AsRef::as_ref(&ops);
    assert_eq!(client.base_url(), "https://api.digitalocean.com/");
}
