//! The `shadowing_type_names` snapshot (`tests/broken/shadowing_type_names.yaml`) compiles:
//! models and tag structs named like the prelude names the output writes unqualified are
//! renamed, so `Option`, `String`, `Result`, ... keep their meaning, here and under a glob
//! import of `models`.
use digitalocean_client_runtime as runtime;

#[path = "../../../snapshots/shadowing_type_names/mod.rs"]
#[allow(dead_code)]
mod auto;

#[allow(unused_imports)]
use auto::models::*;

pub fn main() {
    // The document names no server, so the base URL is set.
    let ops: auto::Client = runtime::ClientBuilder::<auto::Client>::default()
        .token("ui-test-token")
        .base_url("https://api.example.test")
        .build()
        .unwrap();
    let _: auto::results::ResultsList = ops.results().list();
    let body = SomeModel::builder()
        .into(IntoModel::A)
        .from(vec![runtime::uuid::Uuid::nil()])
        .build()
        .expect("both required fields are set");
    let _: auto::option::ResultsCreate = ops.option().results_create().body(body);
    // The prelude is untouched by the glob import.
    let kept: Option<String> = Some(String::new());
    let done: Result<Vec<bool>, ()> = Ok(Vec::new());
    assert!(kept.is_some() && done.is_ok());
}
