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
    /// Descriptions of tags from the top-level `tags` list.
    pub tag_descriptions: BTreeMap<String, String>,
    /// Operations that passed the checks, in document order.
    pub operations: Vec<RawOperation>,
    /// How many operations the document declares, valid or not.
    pub operations_total: usize,
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
}

/// Parses and checks `text`. Fails outright only when nothing can be read (bad YAML, wrong
/// OpenAPI version, a root that is not a mapping).
pub fn load(text: &str) -> Result<Loaded, Error> {
    load_with(text, false)
}

/// [`load`], optionally lenient: a 3.1-style `type: [integer, "null"]` is read as
/// `type: integer, nullable: true` and a misspelt `operationId` key (`operationID`,
/// `operation_id`) is used, each reported in [`Loaded::guesses`]; strict mode reports both as
/// located errors.
pub fn load_with(text: &str, lenient: bool) -> Result<Loaded, Error> {
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
    check_version(map)?;

    let mut loaded = Loaded::default();
    if has_type_list(&root) {
        type_lists(&mut root, "", lenient, &mut loaded);
    }
    check_refs(&root, &root, "", &mut loaded.errors);
    read_components(&root, &mut loaded);
    read_interior_schemas(&root, &mut loaded);
    read_tags(&root, &mut loaded);
    read_paths(&root, &mut loaded, lenient);
    Ok(loaded)
}

/// Whether any mapping has a sequence under `type` (a quick scan that builds no pointers, so
/// the common case of none costs little).
fn has_type_list(value: &Value) -> bool {
    match value {
        Value::Mapping(map) => map.iter().any(|(key, item)| {
            (matches!(item, Value::Sequence(_)) && matches!(key, Value::String(k) if k == "type"))
                || has_type_list(item)
        }),
        Value::Sequence(items) => items.iter().any(has_type_list),
        Value::Tagged(tagged) => has_type_list(&tagged.value),
        _ => false,
    }
}

/// Finds OpenAPI 3.1-style type lists (`type: [integer, "null"]`), which 3.0 does not allow.
/// Lenient mode rewrites one non-null type plus `"null"` as that type with `nullable: true` and
/// reports the guess; anything else (or strict mode) is an error at the `type` key, and the
/// list is removed so the error is not reported again as an unreadable schema.
fn type_lists(value: &mut Value, at: &str, lenient: bool, loaded: &mut Loaded) {
    match value {
        Value::Mapping(map) => {
            let typ = Value::String("type".to_owned());
            if let Some(Value::Sequence(types)) = map.get(&typ) {
                let here = child(at, "type");
                let names: Vec<String> = types.iter().map(scalar_text).collect();
                let real: Vec<&String> = names.iter().filter(|n| *n != "null").collect();
                let listed = names.join(", ");
                if let ([single], true) = (real.as_slice(), lenient) {
                    let single = (*single).clone();
                    let nullable = real.len() < names.len();
                    loaded.guesses.push(Error::new(
                        ErrorKind::Invalid,
                        here,
                        format!(
                            "`type: [{listed}]` is OpenAPI 3.1; read as `type: {single}`{}",
                            if nullable {
                                " with `nullable: true`"
                            } else {
                                ""
                            }
                        ),
                    ));
                    map.insert(typ, Value::String(single));
                    if nullable {
                        map.insert(Value::String("nullable".to_owned()), Value::Bool(true));
                    }
                } else {
                    loaded.errors.push(Error::new(
                        ErrorKind::Invalid,
                        here,
                        format!(
                            "`type: [{listed}]` is an OpenAPI 3.1 type list; OpenAPI 3.0 takes one type (and `nullable: true`)"
                        ),
                    ));
                    map.remove(&typ);
                }
            }
            for (key, item) in map.iter_mut() {
                let key = scalar_text(key);
                // Example data and extensions are not schemas.
                if matches!(key.as_str(), "example" | "examples" | "enum" | "default")
                    || key.starts_with("x-")
                {
                    continue;
                }
                type_lists(item, &child(at, &key), lenient, loaded);
            }
        }
        Value::Sequence(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                type_lists(item, &child(at, &index.to_string()), lenient, loaded);
            }
        }
        Value::Tagged(tagged) => type_lists(&mut tagged.value, at, lenient, loaded),
        _ => {}
    }
}

/// An `operationId` key with the wrong case or an underscore (`operationID`, `operation_id`).
fn misspelt_operation_id(value: &Value) -> Option<(String, String)> {
    let Value::Mapping(map) = value else {
        return None;
    };
    map.iter().find_map(|(key, id)| {
        let key = scalar_text(key);
        let folded = key.to_ascii_lowercase().replace(['_', '-'], "");
        (folded == "operationid" && key != "operationId")
            .then(|| (key, scalar_text(id)))
            .filter(|(_, id)| !id.is_empty() && id != "<non-scalar>")
    })
}

/// Parses the text as JSON when it looks like JSON (a JSON document is read by a JSON parser,
/// which takes escapes YAML parsers refuse, such as the surrogate pair `"\ud83d\udc4d"`), else
/// as YAML. Text that starts like JSON but is not JSON is tried as YAML too; if both fail, the
/// JSON error is reported.
fn read_text(text: &str) -> Result<Value, Error> {
    let looks_json = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{');
    if !looks_json {
        return read_yaml(text);
    }
    let json_error = match serde_json::from_str::<serde_json::Value>(text) {
        Ok(json) => {
            return serde_yaml::to_value(json).map_err(|e| {
                Error::new(
                    ErrorKind::Yaml,
                    "",
                    format!("JSON document could not be converted: {e}"),
                )
            });
        }
        Err(e) => e,
    };
    read_yaml(text).map_err(|_| {
        Error::new(
            ErrorKind::Yaml,
            "",
            format!(
                "invalid JSON at line {} column {}: {json_error}",
                json_error.line(),
                json_error.column()
            ),
        )
    })
}

fn read_yaml(text: &str) -> Result<Value, Error> {
    serde_yaml::from_str::<AnyValue>(text)
        .map(|v| v.0)
        .map_err(|e| {
            let message = match e.location() {
                Some(at) => format!(
                    "invalid YAML at line {} column {}: {e}",
                    at.line(),
                    at.column()
                ),
                None => format!("invalid YAML: {e}"),
            };
            Error::new(ErrorKind::Yaml, "", message)
        })
}

fn check_version(map: &serde_yaml::Mapping) -> Result<(), Error> {
    if let Some(swagger) = map.get("swagger") {
        return Err(Error::new(
            ErrorKind::UnsupportedVersion,
            "/swagger",
            format!(
                "Swagger/OpenAPI {} is not supported; convert the document to OpenAPI 3.0",
                scalar_text(swagger)
            ),
        ));
    }
    let Some(version) = map.get("openapi") else {
        return Err(Error::new(
            ErrorKind::UnsupportedVersion,
            "/openapi",
            "the document has no `openapi` version field; OpenAPI 3.0.x is required",
        ));
    };
    let version = scalar_text(version);
    if version.starts_with("3.0") {
        Ok(())
    } else {
        Err(Error::new(
            ErrorKind::UnsupportedVersion,
            "/openapi",
            format!("OpenAPI {version} is not supported; only 3.0.x is"),
        ))
    }
}

/// The text of a scalar YAML value (also for mapping keys such as `200`).
pub(crate) fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_owned(),
        Value::Tagged(tagged) => scalar_text(&tagged.value),
        Value::Sequence(_) | Value::Mapping(_) => "<non-scalar>".to_owned(),
    }
}

/// Walks the whole document and reports every `$ref` that is external or dangling.
fn check_refs(root: &Value, value: &Value, at: &str, errors: &mut Vec<Error>) {
    match value {
        Value::Mapping(map) => {
            for (key, item) in map {
                let key = scalar_text(key);
                if key == "$ref" {
                    let here = child(at, "$ref");
                    match item {
                        Value::String(reference) => {
                            if let Some(problem) = check_ref(root, reference, &here) {
                                errors.push(problem);
                            }
                        }
                        _ => errors.push(Error::new(
                            ErrorKind::Invalid,
                            here,
                            "`$ref` must be a string",
                        )),
                    }
                } else {
                    check_refs(root, item, &child(at, &key), errors);
                }
            }
        }
        Value::Sequence(items) => {
            for (index, item) in items.iter().enumerate() {
                check_refs(root, item, &child(at, &index.to_string()), errors);
            }
        }
        Value::Tagged(tagged) => check_refs(root, &tagged.value, at, errors),
        _ => {}
    }
}

fn check_ref(root: &Value, reference: &str, at: &str) -> Option<Error> {
    let Some(target) = reference.strip_prefix('#') else {
        return Some(Error::new(
            ErrorKind::ExternalRef,
            at,
            format!(
                "external reference `{reference}` is not supported; bundle the spec into one file"
            ),
        ));
    };
    if resolve_pointer(root, target).is_some() {
        None
    } else {
        Some(Error::new(
            ErrorKind::DanglingRef,
            at,
            format!("reference `{reference}` points at nothing in the document"),
        ))
    }
}

/// Unescapes one JSON pointer token.
pub(crate) fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn resolve_pointer<'a>(root: &'a Value, target: &str) -> Option<&'a Value> {
    if target.is_empty() {
        return Some(root);
    }
    let rest = target.strip_prefix('/')?;
    let mut current = root;
    for token in rest.split('/') {
        let token = unescape_token(token);
        current = match current {
            Value::Mapping(map) => map
                .iter()
                .find(|(key, _)| scalar_text(key) == token)
                .map(|(_, value)| value)?,
            Value::Sequence(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
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
    serde_yaml::from_value(value.clone()).map_err(|e| {
        Error::new(
            ErrorKind::Invalid,
            at,
            format!("not a valid OpenAPI 3.0 object: {e}"),
        )
    })
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

/// Whether a reference names a whole component (`#/components/schemas/Pet`), as opposed to a
/// place inside one or elsewhere in the document.
fn is_component_ref(reference: &str) -> bool {
    reference
        .strip_prefix("#/components/")
        .is_some_and(|rest| rest.split('/').count() == 2)
}

/// Whether the place a JSON pointer names holds a schema by its position: inside
/// `components/schemas`, or under a `schema`, `items`, `additionalProperties` or `not` key, or a
/// member of `allOf`/`oneOf`/`anyOf`/`properties`.
fn is_schema_position(target: &str) -> bool {
    let tokens: Vec<String> = target.split('/').map(unescape_token).collect();
    let last = tokens.last().map(String::as_str);
    let parent = tokens.len().checked_sub(2).map(|i| tokens[i].as_str());
    target.starts_with("/components/schemas/")
        || matches!(
            last,
            Some("schema" | "items" | "additionalProperties" | "not")
        )
        || matches!(parent, Some("allOf" | "oneOf" | "anyOf" | "properties"))
}

/// Every `$ref` string in the document, in document order.
fn refs_in<'v>(value: &'v Value, out: &mut Vec<&'v str>) {
    match value {
        Value::Mapping(map) => {
            for (key, item) in map {
                match (key, item) {
                    (Value::String(k), Value::String(reference)) if k == "$ref" => {
                        out.push(reference);
                    }
                    _ => refs_in(item, out),
                }
            }
        }
        Value::Sequence(items) => items.iter().for_each(|item| refs_in(item, out)),
        Value::Tagged(tagged) => refs_in(&tagged.value, out),
        _ => {}
    }
}

/// A `$ref` into the middle of a schema or elsewhere (`#/components/schemas/Tag/allOf/0`,
/// `#/components/parameters/limit/schema`) is a JSON pointer like any other: each one that lands
/// on a schema is read as an extra schema, keyed by the reference itself, and becomes a named
/// type like a component (see [`interior_name`]).
fn read_interior_schemas(root: &Value, loaded: &mut Loaded) {
    let mut refs = Vec::new();
    refs_in(root, &mut refs);
    for reference in refs {
        if is_component_ref(reference) || loaded.document.schemas.contains_key(reference) {
            continue;
        }
        let Some(target) = reference.strip_prefix('#') else {
            continue;
        };
        if !is_schema_position(target) {
            continue;
        }
        // Dangling targets are already reported by `check_refs`.
        let Some(value) = resolve_pointer(root, target) else {
            continue;
        };
        match parse::<ReferenceOr<Schema>>(value, target) {
            Ok(schema) => {
                loaded.document.schemas.insert(reference.to_owned(), schema);
            }
            Err(e) => loaded.errors.push(e),
        }
    }
}

/// The spec-side name of an interior schema, from which its Rust name is made: the pointer's
/// tokens after `components` and `schemas` (`#/components/schemas/Tag/allOf/0` -> `Tag allOf 0`,
/// `#/components/parameters/limit/schema` -> `parameters limit schema`). Component names are
/// returned unchanged.
pub fn interior_name(key: &str) -> String {
    let Some(target) = key.strip_prefix("#/") else {
        return key.to_owned();
    };
    let tokens: Vec<String> = target.split('/').map(unescape_token).collect();
    let skip = match tokens.first().map(String::as_str) {
        Some("components") if tokens.get(1).map(String::as_str) == Some("schemas") => 2,
        Some("components") => 1,
        _ => 0,
    };
    tokens[skip..].join(" ")
}

/// The pointer of a schema in `Document::schemas`: a component's, or an interior reference's own
/// target.
pub fn schema_pointer(key: &str) -> String {
    match key.strip_prefix('#') {
        Some(target) => target.to_owned(),
        None => pointer(["components", "schemas", key]),
    }
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
    // operationId -> pointer of its first use, and snake-cased id -> (id, pointer).
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut seen_snake: BTreeMap<String, (String, String)> = BTreeMap::new();
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
            let operation = match parse::<Operation>(value, &at) {
                Ok(op) => op,
                Err(e) => {
                    loaded.errors.push(e);
                    continue;
                }
            };
            let operation_id = match (&operation.operation_id, misspelt_operation_id(value)) {
                (Some(id), _) => id.clone(),
                (None, Some((key, id))) if lenient => {
                    loaded.guesses.push(Error::new(
                        ErrorKind::MissingOperationId,
                        child(&at, &key),
                        format!("`{key}` read as `operationId` (`{id}`)"),
                    ));
                    id
                }
                (None, Some((key, _))) => {
                    loaded.errors.push(Error::new(
                        ErrorKind::MissingOperationId,
                        child(&at, &key),
                        format!(
                            "{} {path} has no operationId (`{key}` is not `operationId`; the key is case-sensitive)",
                            method.to_uppercase()
                        ),
                    ));
                    continue;
                }
                (None, None) => {
                    loaded.errors.push(Error::new(
                        ErrorKind::MissingOperationId,
                        at,
                        format!("{} {path} has no operationId", method.to_uppercase()),
                    ));
                    continue;
                }
            };
            if let Some(first) = seen.get(&operation_id) {
                loaded.errors.push(Error::new(
                    ErrorKind::DuplicateOperationId,
                    child(&at, "operationId"),
                    format!("operationId `{operation_id}` is already used at {first}"),
                ));
                continue;
            }
            seen.insert(operation_id.clone(), at.clone());
            let snake = crate::names::snake_name(&operation_id);
            if let Some((other, first)) = seen_snake.get(&snake) {
                loaded.errors.push(Error::new(
                    ErrorKind::DuplicateOperationId,
                    child(&at, "operationId"),
                    format!(
                        "operationId `{operation_id}` collides with `{other}` (at {first}) once snake-cased as `{snake}`"
                    ),
                ));
                continue;
            }
            seen_snake.insert(snake, (operation_id.clone(), at.clone()));
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
            });
        }
    }
}

/// The module of an operation without tags: the first literal segment of its path that is not
/// a version (`v1`, `v2.1`) or `api`, so `/v2/droplets/{id}/actions` goes to `droplets`; a
/// path with no such segment (`/`, `/v1/{id}`) goes to `default`. A segment naming a module the
/// generator uses itself (`/models`) gets `_api` appended.
pub fn path_module(path: &str) -> String {
    let segment = first_plain_segment(path);
    if crate::lower::RESERVED_MODULES.contains(&crate::names::module_name(&segment).as_str()) {
        format!("{segment}_api")
    } else {
        segment
    }
}

fn first_plain_segment(path: &str) -> String {
    let is_version = |segment: &str| {
        segment.strip_prefix(['v', 'V']).is_some_and(|rest| {
            !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '.')
        })
    };
    path.split('/')
        .find(|segment| {
            !segment.is_empty()
                && !segment.contains('{')
                && !is_version(segment)
                && !segment.eq_ignore_ascii_case("api")
                && segment.chars().any(|c| c.is_ascii_alphanumeric())
        })
        .unwrap_or("default")
        .to_owned()
}

/// A YAML value read like `serde_yaml::Value`, except that integers too large for 64 bits (real
/// specs use 18446744073709552000 as a "maximum") become floats instead of failing the parse.
struct AnyValue(Value);

impl<'de> serde::Deserialize<'de> for AnyValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(AnyVisitor).map(AnyValue)
    }
}

struct AnyVisitor;

impl<'de> serde::de::Visitor<'de> for AnyVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(Value::Number((v as f64).into()))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(Value::Number((v as f64).into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(AnyVisitor)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(AnyValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = serde_yaml::Mapping::new();
        while let Some((AnyValue(key), AnyValue(value))) = map.next_entry()? {
            out.insert(key, value);
        }
        Ok(Value::Mapping(out))
    }
}
