//! The contract between generated code and this runtime: every item of the runtime that
//! generated code may use, and the rule by which it changes.
//!
//! Generated code reaches the runtime only as `crate::runtime::X` (the client crate's root has
//! `pub use digitalocean_client_runtime as runtime`). It never names a runtime type's field and
//! never builds a runtime value with a struct literal: values are made by the constructors,
//! methods and trait impls listed here. Its own module checks [`VERSION`] at compile time.
//!
//! # Compatibility rule
//!
//! Within a minor line of this crate (`0.2.x`) the contract only grows: an item may be added, a
//! trait may gain a method that has a default, a function may gain nothing. Removing or
//! changing an item below, adding a required trait method, or changing what an item means is a
//! new contract: [`VERSION`] goes up and the crate's minor version (its major, from 1.0) with it,
//! so cargo never pairs a client with a runtime whose contract it was not generated for. A
//! client crate's manifest states the runtime range it was generated and tested against, and
//! `tests/compat` builds the last release's generated code against the current runtime.
//!
//! # Items
//!
//! Requests (`src/auto/<tag>.rs`, one builder per operation):
//! - [`Client`](crate::Client): held by every tag struct and builder;
//!   `execute`, `execute_optional`, `execute_raw`, `execute_empty` send an operation.
//! - [`OperationRequest`](crate::OperationRequest): `new(operation_id, method, path,
//!   path_template)`, then `query`, `query_entry`, `header`, `body`, `server`, `options`.
//! - [`Method`](crate::Method): its variants.
//! - [`OperationBuilder`](crate::OperationBuilder): implemented by every builder
//!   (`request_options`, `request`); [`RequestOverrides`](crate::RequestOverrides) then gives
//!   it the per-request overrides.
//! - [`RequestOptions`](crate::RequestOptions): a builder's field (`Default`, `Clone`).
//! - [`RequestBody`](crate::RequestBody): `raw`; [`to_json`](crate::to_json),
//!   [`to_form`](crate::to_form), [`to_multipart`](crate::to_multipart),
//!   [`to_multipart_parts`](crate::to_multipart_parts) encode bodies;
//!   [`MultipartParts`](crate::MultipartParts) and [`MultipartForm`](crate::MultipartForm)
//!   (`value`, `file`, `unknown`) for bodies with files; [`FilePart`](crate::FilePart).
//! - [`encode_path_segment`](crate::encode_path_segment), [`check_range`](crate::check_range),
//!   [`body`](crate::body), [`required`](crate::required).
//! - [`Response`](crate::Response), [`Error`](crate::Error).
//! - [`preview`](crate::preview): a preview operation's result passes through it (a 403 then
//!   reads as "not enabled for this account"); `Pages::preview` likewise.
//! - [`Pages`](crate::Pages) (`new`, `failed`, `preview`), [`Items`](crate::Items) (`items`),
//!   [`Paginated`](crate::Paginated); [`wait_until`](crate::wait_until),
//!   [`WaitOptions`](crate::WaitOptions).
//!
//! The API's profile (`src/auto/mod.rs`):
//! - [`ApiProfile`](crate::ApiProfile) (`new` and its `const` setters) and
//!   [`RateLimitHeaders`](crate::RateLimitHeaders): the generated `API_PROFILE`;
//!   [`Api`](crate::Api): implemented for the client type, hands the profile to
//!   [`ClientBuilder`](crate::ClientBuilder).
//!
//! Models (`src/auto/models.rs`):
//! - [`DecodeModel`](crate::DecodeModel), [`deserialize_model`](crate::deserialize_model),
//!   [`FieldKey`](crate::FieldKey), [`FieldKeySeed`](crate::FieldKeySeed),
//!   [`fill_field`](crate::fill_field), [`keep_unknown`](crate::keep_unknown),
//!   [`required_field`](crate::required_field), [`serialize_optional`](crate::serialize_optional),
//!   [`serialize_unknown`](crate::serialize_unknown), [`UnknownFields`](crate::UnknownFields)
//!   (`new`), [`Sensitive`](crate::Sensitive); [`UnknownValue`](crate::UnknownValue)
//!   (`from_unmatched`, `decoded`, `as_str`): an open enum's unknown value, heard once per value.
//!
//! Foreign crates, so that the client crate lists no dependency of its generated code:
//! [`serde`](crate::serde) (`Serialize`, `Deserialize`, their derives with
//! `#[serde(crate = "crate::runtime::serde")]`, `Serializer`, `Deserializer`, `de::MapAccess`,
//! `ser::SerializeMap`), [`serde_json`](crate::serde_json) (`Value`),
//! [`chrono`](crate::chrono) (`DateTime`, `Utc`), [`uuid`](crate::uuid) (`Uuid`),
//! [`bytes`](crate::bytes) (`Bytes`), at the major versions this crate depends on.
//!
//! The generated root module's compile-time check:
//! - [`contract::VERSION`](crate::contract), this module's [`VERSION`].

/// The version of this contract. Generated code asserts at compile time that it equals the
/// version it was generated for.
pub const VERSION: u32 = 2;
