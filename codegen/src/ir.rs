//! The intermediate representation between the OpenAPI model and the emitted tokens.
//!
//! Every decision (names, shapes, optionality, hoisting, pagination) is already made here;
//! `emit` only prints it. Nothing in this module knows `quote` or `openapiv3`.

use std::collections::BTreeMap;

mod questions;

pub use questions::Peel;

/// Everything one run generates.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Api {
    /// Model types keyed by Rust name (ordered, so output is deterministic).
    pub types: BTreeMap<String, TypeDef>,
    /// Tag modules keyed by module name.
    pub tags: BTreeMap<String, TagModule>,
    /// Doc lines naming the client option for each of the document's credentials other than a
    /// bearer token (`lower/credentials.rs`), added to the `Operations` docs.
    pub credential_docs: Vec<String>,
    /// What the generated client tells the runtime about its API (`lower/client.rs`).
    pub client: ClientProfile,
}

/// The runtime's `ApiProfile` of the generated client, as data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientProfile {
    /// The Rust name of the crate the output is compiled into, for doc examples.
    pub crate_name: String,
    /// The `User-Agent` (`product/version`); `None`: the generated crate's own name and version
    /// (`CARGO_PKG_NAME`/`CARGO_PKG_VERSION` where the output is compiled).
    pub user_agent: Option<String>,
    /// The base URL used when the user sets none; `None`: the user must set one.
    pub default_base_url: Option<String>,
    /// The variables `from_env` reads a token from, in order (none: `from_env` reads nothing).
    pub token_variables: Vec<String>,
    /// The variable `from_env` reads a base URL from.
    pub base_url_variable: Option<String>,
    /// The rate-limit headers `[limit, remaining, reset]`.
    pub rate_limit_headers: Option<[String; 3]>,
    /// The page-size query parameter and its maximum.
    pub page_size: Option<(String, u64)>,
}

/// A Rust type expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f64`.
    F64,
    /// `::uuid::Uuid`.
    Uuid,
    /// `::chrono::DateTime<::chrono::Utc>`.
    DateTime,
    /// `::serde_json::Value`.
    Json,
    /// A model type by Rust name.
    Named(String),
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// `::std::collections::BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// `Option<T>`.
    Option(Box<TypeRef>),
    /// `Box<T>` (breaks recursion).
    Boxed(Box<TypeRef>),
    /// `crate::runtime::Sensitive<T>`.
    Sensitive(Box<TypeRef>),
    /// `::bytes::Bytes`: a raw (non-JSON) request or response body.
    Bytes,
    /// `crate::runtime::FilePart`: a file part of a `multipart/form-data` body (a property with
    /// `format: binary`).
    File,
}

/// A named model type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust name.
    pub name: String,
    /// Doc lines.
    pub docs: Vec<String>,
    /// Shape.
    pub kind: TypeKind,
}

/// The shape of a model type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A struct with named fields.
    Struct(Struct),
    /// An open string enum (known values plus `Unknown(String)`).
    Enum(OpenEnum),
    /// A `#[serde(untagged)]` enum from `oneOf`/`anyOf`.
    Untagged(Untagged),
    /// A map from string keys to values.
    Map(TypeRef),
    /// A type alias (`pub type X = T;`).
    Alias(TypeRef),
}

/// A struct model.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Struct {
    /// Fields in document order.
    pub fields: Vec<Field>,
    /// Whether every field may be left out, so `Default` can be derived.
    pub derive_default: bool,
    /// `Paginated` information when this struct is the page of a paginated operation.
    pub pagination: Option<Pagination>,
    /// Name of the generated builder type (`<Name>Builder`, numbered when that is taken).
    pub builder: String,
    /// Rust name of the field that keeps the properties the spec does not name
    /// (`crate::runtime::UnknownFields`): `extra`, unless a property already took that name.
    pub unknown_field: String,
}

/// One struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust name (may be a raw identifier).
    pub rust_name: String,
    /// Name on the wire.
    pub wire_name: String,
    /// Full field type (already wrapped in `Option` when optional).
    pub ty: TypeRef,
    /// Whether the field is `Option` (may be absent or null on the wire).
    pub optional: bool,
    /// Whether the field must be set: required by the spec and not read-only (`build()` fails
    /// without it, and `new()` takes it when it is the only one).
    pub in_constructor: bool,
    /// Whether the spec marks the field read-only (set by the server, ignored in requests).
    pub read_only: bool,
    /// Name of the builder method that sets the field (the field name unless that would clash
    /// with a builder method).
    pub setter: String,
    /// The spec's example value for the property, if any.
    pub example: Option<serde_json::Value>,
    /// Whether a required field that is missing on the wire decodes as its empty value instead
    /// of failing: set for arrays and maps (the response policy in `spec/README.md`: lists are
    /// lenient, payloads strict).
    pub default_when_absent: bool,
    /// Doc lines (empty when the spec says nothing).
    pub docs: Vec<String>,
}

/// An open string enum.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OpenEnum {
    /// Known values.
    pub variants: Vec<EnumVariant>,
}

/// One known enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    /// Rust variant name.
    pub rust_name: String,
    /// Value on the wire.
    pub wire: String,
}

/// An untagged union.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Untagged {
    /// Alternatives, tried in order.
    pub variants: Vec<UntaggedVariant>,
    /// Whether every alternative is a `Display` scalar, so the union gets `Display`.
    pub display: bool,
}

/// One alternative of an untagged union.
#[derive(Debug, Clone, PartialEq)]
pub struct UntaggedVariant {
    /// Rust variant name.
    pub rust_name: String,
    /// Payload type.
    pub ty: TypeRef,
    /// Whether a `From<payload>` impl is emitted (only when no two variants share a Rust type
    /// once aliases are resolved, which would be conflicting impls).
    pub from_impl: bool,
    /// The payload type with aliases resolved (decides `From<&str>`/`From<i32>` and `Display`).
    pub unaliased: TypeRef,
}

/// A chain of field accesses from a value down to a leaf, each step noting whether it is optional.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Access {
    /// (Rust field name, field is `Option`).
    pub steps: Vec<(String, bool)>,
}

/// How a paginated response exposes its items, next link and total.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// Item type of the page.
    pub item: TypeRef,
    /// Access to the items vector.
    pub items: Access,
    /// Access to `links.pages.next` (a string).
    pub next: Access,
    /// Access to `meta.total` (an integer), when the page has one.
    pub total: Option<Access>,
}

/// The module generated for one tag.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TagModule {
    /// The tag as written in the spec.
    pub tag: String,
    /// Module and accessor name (snake case).
    pub module: String,
    /// Name of the struct the accessor returns.
    pub struct_name: String,
    /// Doc lines.
    pub docs: Vec<String>,
    /// Operations in document order.
    pub operations: Vec<OperationMethod>,
    /// The doc line of its accessor on `Operations`.
    pub accessor_doc: String,
    /// No operation of the module has a tag: `tag` is the path segment it was named after
    /// (`default` when the paths had none).
    pub untagged: bool,
}

/// HTTP methods the runtime can send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    /// GET.
    Get,
    /// POST.
    Post,
    /// PUT.
    Put,
    /// PATCH.
    Patch,
    /// DELETE.
    Delete,
    /// HEAD (the response never has a body).
    Head,
    /// OPTIONS.
    Options,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// A path template segment.
    Path,
    /// A query string pair.
    Query,
    /// A request header.
    Header,
}

/// One operation parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Rust name.
    pub rust_name: String,
    /// Name on the wire.
    pub wire_name: String,
    /// Location.
    pub location: ParamLocation,
    /// Value type (not wrapped in `Option`).
    pub ty: TypeRef,
    /// Whether the parameter is required (an argument of the tag method).
    pub required: bool,
    /// Inclusive bounds of an integer parameter (`minimum`/`maximum`), checked before sending.
    pub minimum: Option<i64>,
    /// See `minimum`.
    pub maximum: Option<i64>,
    /// The spec's example value, if any.
    pub example: Option<serde_json::Value>,
    /// How a query parameter's array or object value is written (OpenAPI 3.0 `style` and
    /// `explode`); `Form { explode: true }` for every other parameter.
    pub style: QueryStyle,
    /// Doc lines (empty when the spec says nothing).
    pub docs: Vec<String>,
}

/// The serialisation of a query parameter (OpenAPI 3.0 `style`/`explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `style: form`: an array as repeated pairs (`explode: true`, the default) or one
    /// comma-separated pair; an object as one pair per property (`explode: true`) or one pair
    /// `name=k1,v1,k2,v2`.
    Form {
        /// Whether values are exploded into separate pairs.
        explode: bool,
    },
    /// `style: spaceDelimited`: an array as one space-separated pair.
    SpaceDelimited,
    /// `style: pipeDelimited`: an array as one `|`-separated pair.
    PipeDelimited,
    /// `style: deepObject`: an object as `name[property]=value` pairs.
    DeepObject,
}

impl Default for QueryStyle {
    fn default() -> Self {
        QueryStyle::Form { explode: true }
    }
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Literal text.
    Literal(String),
    /// A parameter by Rust name.
    Param(String),
}

/// The request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// Body type ([`TypeRef::Bytes`] for a raw body).
    pub ty: TypeRef,
    /// The media type of a raw body (`None`: encoded as `encoding` says).
    pub raw_media_type: Option<String>,
    /// How a model body is encoded (ignored for a raw body).
    pub encoding: BodyEncoding,
    /// Whether a body is always sent.
    pub required: bool,
    /// Doc lines.
    pub docs: Vec<String>,
    /// For a JSON object body: the model's builder type, set through one operation-builder
    /// method per property. `None`: the body is one value (a tag-method argument when required).
    pub builder: Option<String>,
    /// The operation builder's body setters (empty unless `builder` is set).
    pub setters: Vec<BodySetter>,
    /// The example on the request media type, if any.
    pub example: Option<serde_json::Value>,
    /// A multipart body with file parts: (property, content type) for each file property whose
    /// `encoding` names one content type. Empty otherwise.
    pub file_types: Vec<(String, String)>,
}

/// An operation-builder method that sets one top-level property of a JSON object body.
#[derive(Debug, Clone, PartialEq)]
pub struct BodySetter {
    /// Method name on the operation builder (the property name, or `body_<name>` when that
    /// clashes with another builder method).
    pub method: String,
    /// The model builder's setter it delegates to.
    pub model_setter: String,
    /// Rust field name on the model.
    pub field: String,
    /// Property name on the wire.
    pub wire_name: String,
    /// The value type the setter takes (`Option` removed).
    pub ty: TypeRef,
    /// Whether `send` fails when it was never set.
    pub required: bool,
    /// The property's example value, if any.
    pub example: Option<serde_json::Value>,
    /// Doc lines.
    pub docs: Vec<String>,
}

/// How a model request body goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BodyEncoding {
    /// `application/json` (also for `*/*` and `application/*` bodies with a structured schema).
    #[default]
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
}

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq)]
pub enum Success {
    /// A JSON body of this type (`T`): every documented 2xx has one.
    Json(TypeRef),
    /// A JSON body of this type, or none (`Option<T>`): the spec also documents a 2xx without
    /// a body for the operation.
    JsonOrEmpty(TypeRef),
    /// No body (202/204).
    Empty,
    /// A non-JSON body, returned as bytes; the media types are sent as `Accept`.
    Raw(Vec<String>),
}

/// A waiter declared with `x-waiters`.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiter {
    /// Method name (`wait_until_<name>`).
    pub method_name: String,
    /// Access from the response body to the state string.
    pub state: Access,
    /// States that end the wait successfully.
    pub success: Vec<String>,
    /// States that end the wait with an error.
    pub failure: Vec<String>,
}

/// One operation, ready to print.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationMethod {
    /// Pointer to the operation in the spec (for error messages).
    pub pointer: String,
    /// The spec's `operationId`.
    pub operation_id: String,
    /// Tag module name.
    pub module: String,
    /// Method on the tag struct.
    pub method_name: String,
    /// Builder struct name (UpperCamel of the operationId).
    pub builder: String,
    /// HTTP method.
    pub http_method: HttpMethod,
    /// Path template as written.
    pub path: String,
    /// Path template split into literals and parameters.
    pub path_parts: Vec<PathPart>,
    /// Path parameters first (template order), then query and header parameters (document
    /// order).
    pub params: Vec<Param>,
    /// Request body.
    pub body: Option<Body>,
    /// Success response.
    pub success: Success,
    /// Whether the success type implements `Paginated` (so `pages()`/`items()` are emitted).
    pub paginated: bool,
    /// Waiters.
    pub waiters: Vec<Waiter>,
    /// Required OAuth scopes.
    pub scopes: Vec<String>,
    /// Doc lines (summary, description).
    pub docs: Vec<String>,
    /// Whether the operation is deprecated.
    pub deprecated: bool,
    /// `x-preview`: the API has not made the operation generally available (the reason, possibly
    /// empty). Its docs say so first, and a 403 reads as "not enabled for this account".
    pub preview: Option<String>,
    /// The absolute base URL of the server the document names for this operation alone, which
    /// the client uses while its base URL is the default (`OperationRequest::server`).
    pub server: Option<String>,
}

impl OperationMethod {
    /// The success body type, or JSON for empty responses.
    pub fn success_type(&self) -> TypeRef {
        match &self.success {
            Success::Json(ty) | Success::JsonOrEmpty(ty) => ty.clone(),
            Success::Empty | Success::Raw(_) => TypeRef::Json,
        }
    }
}
