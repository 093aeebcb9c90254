//! A tag and an operationId equal to every method of the runtime's client
//! (`tests/broken/runtime_names.yaml`): each accessor and operation method compiles and is the
//! one called; the tags named like the client crate's own `Client` functions
//! (`codegen::names::CLIENT_METHODS`) get a trailing underscore; the runtime's own methods stay
//! reachable through `AsRef`.
use digitalocean_client_runtime as runtime;

#[path = "../../../snapshots/runtime_names/mod.rs"]
#[allow(dead_code)]
mod auto;

pub fn main() {
    // The document names no server, so the base URL is set.
    let ops: auto::Client = runtime::ClientBuilder::<auto::Client>::default()
        .token("ui-test-token")
        .base_url("https://api.example.test")
        .build()
        .unwrap();
    let _: auto::base_url_::BaseUrlList = ops.base_url_().list();
    let _: auto::things::BaseUrl = ops.things().base_url();
    let _: auto::request_::RequestList = ops.request_().list();
    let _: auto::things::Request = ops.things().request();
    let _: auto::builder_::BuilderList = ops.builder_().list();
    let _: auto::things::Builder = ops.things().builder();
    let _: auto::new_::NewList = ops.new_().list();
    let _: auto::things::New = ops.things().new();
    let _: auto::from_env_::FromEnvList = ops.from_env_().list();
    let _: auto::things::FromEnv = ops.things().from_env();
    let _: auto::send::SendList = ops.send().list();
    let _: auto::things::Send = ops.things().send();
    let _: auto::execute::ExecuteList = ops.execute().list();
    let _: auto::things::Execute = ops.things().execute();
    let _: auto::execute_optional::ExecuteOptionalList = ops.execute_optional().list();
    let _: auto::things::ExecuteOptional = ops.things().execute_optional();
    let _: auto::execute_raw::ExecuteRawList = ops.execute_raw().list();
    let _: auto::things::ExecuteRaw = ops.things().execute_raw();
    let _: auto::execute_empty::ExecuteEmptyList = ops.execute_empty().list();
    let _: auto::things::ExecuteEmpty = ops.things().execute_empty();
    let _: auto::execute_url::ExecuteUrlList = ops.execute_url().list();
    let _: auto::things::ExecuteUrl = ops.things().execute_url();
    let _: auto::operation_url::OperationUrlList = ops.operation_url().list();
    let _: auto::things::OperationUrl = ops.things().operation_url();
    let _: auto::link_url::LinkUrlList = ops.link_url().list();
    let _: auto::things::LinkUrl = ops.things().link_url();
    let _: auto::send_attempts::SendAttemptsList = ops.send_attempts().list();
    let _: auto::things::SendAttempts = ops.things().send_attempts();
    let _: auto::clone::CloneList = ops.clone().list();
    let _: auto::things::CloneBuilder = ops.things().clone();
    let _: auto::deref::DerefList = ops.deref().list();
    let _: auto::things::Deref = ops.things().deref();
    let _: auto::as_ref::AsRefList = ops.as_ref().list();
    let _: auto::things::AsRefBuilder = ops.things().as_ref();
    let _: auto::fmt::FmtList = ops.fmt().list();
    let _: auto::things::Fmt = ops.things().fmt();
    let _: auto::from::FromList = ops.from().list();
    let _: auto::things::FromBuilder = ops.things().from();
    // The runtime's client, through `AsRef`.
    // `ops.as_ref()` is the tag `as_ref`'s accessor; the trait reaches the runtime client.
    let client: &runtime::Client = AsRef::as_ref(&ops);
    assert_eq!(client.base_url(), "https://api.example.test/");
    let _ = client.request(digitalocean_client::reqwest::Method::GET, "/v2/account");
    let _copy: auto::Client = Clone::clone(&ops);
    let _ = format!("{ops:?}");
}
