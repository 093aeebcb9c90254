//! Parses the YAML text and checks what must hold before lowering: the OpenAPI version, one
//! unique `operationId` and one tag per operation, and `$ref`s that resolve inside the document.
//!
//! Each component and each operation is deserialized on its own, so a malformed piece is
//! reported at its own pointer and (in lenient mode) skipped without losing the rest.

use indexmap::IndexMap;
use openapiv3::{Operation, Parameter, ReferenceOr, RequestBody, Response, Schema};
use serde_yaml::Value;
use std::collections::BTreeMap;

use crate::error::{Error, ErrorKind, child, pointer};

mod client;
mod external;
mod naming;
mod real;
mod refs;
mod security;
mod servers;
mod swagger2;
mod text;
mod v31;

pub use client::{ClientConventions, PaginationConvention};
pub use external::external_files;
pub use naming::path_module;
use naming::{SeenIds, operation_id};
pub(crate) use refs::decode_name;
use refs::*;
pub use refs::{interior_name, schema_pointer};
pub use security::Credential;
pub use servers::OwnServer;
use servers::{first_server, own_server};
pub use swagger2::Origins;
use text::*;

/// The HTTP methods an OpenAPI path item can hold, in the order they are read.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation with everything needed to lower it.
#[derive(Debug, Clone)]
pub struct RawOperation {
    /// The path template, e.g. `/v2/vpc_peerings/{vpc_peering_id}`.
    pub path: String,
    /// The lower-case HTTP method.
    pub method: &'static str,
    /// Pointer to the operation object.
    pub pointer: String,
    /// The `operationId` (checked present and unique).
    pub operation_id: String,
    /// The first tag, which decides the module.
    pub tag: String,
    /// Any further tags, mentioned in the docs only.
    pub other_tags: Vec<String>,
    /// The operation has no tag; `tag` was taken from its path (see [`path_module`]).
    pub untagged: bool,
    /// The operation itself.
    pub operation: Operation,
    /// Parameters declared on the path item, with the pointer of each.
    pub path_item_parameters: Vec<(String, ReferenceOr<Parameter>)>,
    /// The server the operation (or its path item) names unlike the rest of the document (see
    /// [`OwnServer`]).
    pub own_server: Option<OwnServer>,
}

/// The parts of the document the generator uses.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// `components.schemas`, in document order, then the schemas that interior references
    /// (`#/components/schemas/Tag/allOf/0`) land on, keyed by the reference.
    pub schemas: IndexMap<String, ReferenceOr<Schema>>,
    /// `components.parameters`.
    pub parameters: IndexMap<String, ReferenceOr<Parameter>>,
    /// `components.responses`.
    pub responses: IndexMap<String, ReferenceOr<Response>>,
    /// `components.requestBodies`.
    pub request_bodies: IndexMap<String, ReferenceOr<RequestBody>>,
    /// Security schemes whose credentials are not the default bearer token, in document order.
    pub credentials: Vec<Credential>,
    /// The default base URL and the conventions the document declares (`load/client.rs`).
    pub client: ClientConventions,
    /// Descriptions of tags from the top-level `tags` list.
    pub tag_descriptions: BTreeMap<String, String>,
    /// Operations that passed the checks, in document order.
    pub operations: Vec<RawOperation>,
    /// How many operations the document declares, valid or not.
    pub operations_total: usize,
    /// A Swagger 2.0 document: where the parts of its OpenAPI 3.0 form came from, to report
    /// errors at 2.0 pointers (empty for a 3.0 document).
    pub origins: Origins,
}

/// The result of loading: what could be read plus every problem found on the way.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The usable parts.
    pub document: Document,
    /// Located problems; parts with a problem are left out of `document`.
    pub errors: Vec<Error>,
    /// Lenient mode only: spec mistakes read as a best guess (the kind is what strict mode
    /// reports; the message says what was assumed).
    pub guesses: Vec<Error>,
    /// Parts read and deliberately not generated, each located (OpenAPI 3.1 `webhooks`: a
    /// client does not call them). Not errors: a document with notes is still whole.
    pub notes: Vec<Error>,
}

/// Parses and checks `text`. Fails outright only when nothing can be read (bad YAML, wrong
/// OpenAPI version, a root that is not a mapping). Optionally lenient: a 3.1-style `type: [integer, "null"]` is read as
/// `type: integer, nullable: true`, a misspelt `operationId` key (`operationID`,
/// `operation_id`) is used and a reference still spelled the OpenAPI 2.0 way
/// (`#/definitions/Pet`) is read as its 3.0 place (`#/components/schemas/Pet`) when that exists,
/// each reported in [`Loaded::guesses`]; strict mode reports all of them as located errors.
#[cfg(test)]
pub fn load_with(text: &str, lenient: bool) -> Result<Loaded, Error> {
    load_with_files(text, lenient, &BTreeMap::new())
}

/// [`load_with`] for a document whose `$ref`s name other files: `files` holds their texts, keyed
/// by their path relative to the document's folder (the caller reads them; see
/// [`external_files`]). They are bundled into the document before anything else reads it.
pub fn load_with_files(
    text: &str,
    lenient: bool,
    files: &BTreeMap<String, String>,
) -> Result<Loaded, Error> {
    let mut root: Value = read_text(text)?;
    root.apply_merge()
        .map_err(|e| Error::new(ErrorKind::Yaml, "", format!("invalid YAML merge key: {e}")))?;
    let Value::Mapping(map) = &root else {
        return Err(Error::new(
            ErrorKind::Invalid,
            "",
            "the document root is not a mapping",
        ));
    };
    let version_3_1 = check_version(map)?;

    let mut loaded = Loaded::default();
    if swagger2::is_swagger_2(map) {
        root = swagger2::convert(&root, lenient, &mut loaded);
    }
    let converted = (loaded.errors.len(), loaded.guesses.len());
    external::bundle(&mut root, files, &mut loaded);
    if version_3_1 {
        v31::normalise(&mut root, lenient, &mut loaded);
    } else if has_type_list(&root) {
        type_lists(&mut root, "", lenient, &mut loaded);
    }
    real::integer_status_codes(&mut root, lenient, &mut loaded);
    if lenient {
        version_2_refs(&mut root, &mut loaded);
    }
    // Checking every `$ref` walks the whole document and reads nothing the other steps write,
    // so it runs on a second thread; its errors still come first, as if it had run first.
    let before = loaded.errors.len();
    let ref_errors = std::thread::scope(|scope| {
        let refs = scope.spawn(|| {
            let mut errors = Vec::new();
            check_refs(&root, &root, "", &mut errors);
            errors
        });
        read_components(&root, &mut loaded);
        read_interior_schemas(&root, &mut loaded);
        read_tags(&root, &mut loaded);
        client::read_client_conventions(&root, &mut loaded);
        security::read_security_schemes(&root, &mut loaded);
        read_paths(&root, &mut loaded, lenient);
        refs.join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    let later = loaded.errors.split_off(before);
    loaded.errors.extend(ref_errors);
    loaded.errors.extend(later);
    let origins = &loaded.document.origins;
    origins.relocate(&mut loaded.errors[converted.0..]);
    origins.relocate(&mut loaded.guesses[converted.1..]);
    Ok(loaded)
}

fn get<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    match value {
        Value::Mapping(map) => map.get(key),
        _ => None,
    }
}

fn entries(value: Option<&Value>) -> Vec<(String, &Value)> {
    match value {
        Some(Value::Mapping(map)) => map.iter().map(|(k, v)| (scalar_text(k), v)).collect(),
        _ => Vec::new(),
    }
}

fn parse<T: serde::de::DeserializeOwned>(value: &Value, at: &str) -> Result<T, Error> {
    T::deserialize(value).map_err(|e| {
        Error::new(
            ErrorKind::Invalid,
            at,
            format!("not a valid OpenAPI 3.0 object: {e}"),
        )
    })
}

/// The operation object, read without its `servers` (decided above from the text, which keeps a
/// variable without the `default` that `openapiv3` requires, so that it gets its own error).
fn parse_operation(value: &Value, at: &str) -> Result<Operation, Error> {
    match value {
        Value::Mapping(map) if map.contains_key("servers") => {
            let mut map = map.clone();
            map.remove("servers");
            parse(&Value::Mapping(map), at)
        }
        _ => parse(value, at),
    }
}

fn read_section<T: serde::de::DeserializeOwned>(
    root: &Value,
    section: &str,
    errors: &mut Vec<Error>,
) -> IndexMap<String, T> {
    let mut out = IndexMap::new();
    let components = get(root, "components");
    for (name, value) in entries(components.and_then(|c| get(c, section))) {
        let at = pointer(["components", section, name.as_str()]);
        match parse::<T>(value, &at) {
            Ok(item) => {
                out.insert(name, item);
            }
            Err(e) => errors.push(e),
        }
    }
    out
}

fn read_components(root: &Value, loaded: &mut Loaded) {
    let errors = &mut loaded.errors;
    loaded.document.schemas = read_section(root, "schemas", errors);
    loaded.document.parameters = read_section(root, "parameters", errors);
    loaded.document.responses = read_section(root, "responses", errors);
    loaded.document.request_bodies = read_section(root, "requestBodies", errors);
}

fn read_tags(root: &Value, loaded: &mut Loaded) {
    if let Some(Value::Sequence(tags)) = get(root, "tags") {
        for tag in tags {
            let name = get(tag, "name").map(scalar_text);
            let description = get(tag, "description").map(scalar_text);
            if let (Some(name), Some(description)) = (name, description) {
                loaded.document.tag_descriptions.insert(name, description);
            }
        }
    }
}

fn read_paths(root: &Value, loaded: &mut Loaded, lenient: bool) {
    let mut ids = SeenIds::default();
    let document_server = first_server(root, "").map(|server| server.template);
    match get(root, "paths") {
        Some(Value::Mapping(_)) => {}
        Some(_) => loaded.errors.push(Error::new(
            ErrorKind::Invalid,
            "/paths",
            "`paths` must be a mapping",
        )),
        None => loaded.errors.push(Error::new(
            ErrorKind::Invalid,
            "/paths",
            "the document has no `paths` (OpenAPI 3.0 requires it, even if empty)",
        )),
    }
    for (path, item) in entries(get(root, "paths")) {
        if !path.starts_with('/') {
            continue;
        }
        let item_at = pointer(["paths", path.as_str()]);
        if get(item, "$ref").is_some() {
            loaded.errors.push(Error::new(
                ErrorKind::Unsupported,
                item_at,
                "path items given by `$ref` are not supported",
            ));
            continue;
        }
        let mut path_item_parameters = Vec::new();
        if let Some(Value::Sequence(params)) = get(item, "parameters") {
            for (index, param) in params.iter().enumerate() {
                let at = format!("{item_at}/parameters/{index}");
                match parse::<ReferenceOr<Parameter>>(param, &at) {
                    Ok(p) => path_item_parameters.push((at, p)),
                    Err(e) => loaded.errors.push(e),
                }
            }
        }
        for method in METHODS {
            let Some(value) = get(item, method) else {
                continue;
            };
            loaded.document.operations_total += 1;
            let at = child(&item_at, method);
            if matches!(value, Value::Mapping(_)) && get(value, "responses").is_none() {
                loaded.errors.push(Error::new(
                    ErrorKind::NoResponses,
                    at,
                    format!(
                        "{} {path} has no `responses`; OpenAPI 3.0 requires at least one",
                        method.to_uppercase()
                    ),
                ));
                continue;
            }
            let own = first_server(value, &at).or_else(|| first_server(item, &item_at));
            let Some(own_server) = own_server(
                loaded,
                (document_server.as_deref(), own),
                (&path, method),
                lenient,
            ) else {
                continue;
            };
            let operation = match parse_operation(value, &at) {
                Ok(op) => op,
                Err(e) => {
                    loaded.errors.push(e);
                    continue;
                }
            };
            let Some(operation_id) = operation_id(
                loaded,
                &mut ids,
                (value, &operation),
                (&path, method, &at),
                lenient,
            ) else {
                continue;
            };
            // The first tag decides the module; further tags are only mentioned in the docs, so
            // an operation is generated once.
            let (tag, other_tags, untagged) = match operation.tags.split_first() {
                Some((first, rest)) => (first.clone(), rest.to_vec(), false),
                None => (path_module(&path), Vec::new(), true),
            };
            loaded.document.operations.push(RawOperation {
                path: path.clone(),
                method,
                pointer: at,
                operation_id,
                tag,
                other_tags,
                untagged,
                operation,
                path_item_parameters: path_item_parameters.clone(),
                own_server,
            });
        }
    }
}
