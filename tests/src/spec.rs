//! Reads `spec/digitalocean.yaml` directly (not through the generator) and exposes, for every
//! operation, what the wire tests and the mock server need: method, path template, parameters,
//! success status and the seed examples.

use std::path::PathBuf;
use std::sync::OnceLock;

use serde_json::Value;

/// HTTP methods an OpenAPI path item can hold, in the order the spec lists them.
const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// One operation of the spec, with every `$ref` it uses resolved.
#[derive(Clone, Debug)]
pub struct SpecOperation {
    /// The operationId, e.g. `ssh_keys_get`.
    pub operation_id: String,
    /// The single tag, e.g. `SSH Keys`.
    pub tag: String,
    /// Upper-case HTTP method, e.g. `GET`.
    pub method: String,
    /// The path template, e.g. `/v2/account/keys/{ssh_key_identifier}`.
    pub path: String,
    /// Wire names of the path parameters, in template order.
    pub path_params: Vec<String>,
    /// Wire names of the query parameters, in spec order.
    pub query_params: Vec<String>,
    /// The documented 2xx status.
    pub success_status: u16,
    /// Whether the success response has a body.
    pub success_has_body: bool,
    /// Whether the spec also documents a 2xx without a body (the client returns `Option<T>`).
    pub success_body_optional: bool,
    /// The seed example of the success body (`example`, else the first of `examples`); when the
    /// spec has none, a body built from the schema's property examples (see
    /// [`SpecOperation::response_example_is_seed`]).
    pub response_example: Option<Value>,
    /// Whether `response_example` comes from the spec's media-type example.
    pub response_example_is_seed: bool,
    /// The seed example of the request body, when the operation takes one.
    pub request_example: Option<Value>,
    /// Statuses documented besides the success one (`default` left out).
    pub error_statuses: Vec<u16>,
}

/// The path of the spec file.
pub fn spec_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec/digitalocean.yaml")
}

/// The whole spec as JSON.
pub fn document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        let path = spec_path();
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        serde_yaml::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not YAML: {e}", path.display()))
    })
}

/// Every operation of the spec, in document order.
pub fn operations() -> &'static [SpecOperation] {
    static OPS: OnceLock<Vec<SpecOperation>> = OnceLock::new();
    OPS.get_or_init(|| load_operations(document()))
}

/// The operation with this operationId.
///
/// # Panics
/// If the spec has no such operation.
pub fn operation(operation_id: &str) -> &'static SpecOperation {
    operations()
        .iter()
        .find(|op| op.operation_id == operation_id)
        .unwrap_or_else(|| panic!("the spec has no operation {operation_id:?}"))
}

/// The seed example of an operation's success body.
///
/// # Panics
/// If the operation has no such example.
pub fn response_example(operation_id: &str) -> Value {
    operation(operation_id)
        .response_example
        .clone()
        .unwrap_or_else(|| panic!("{operation_id} has no success response example"))
}

/// The seed example of an operation's request body.
///
/// # Panics
/// If the operation has no such example.
pub fn request_example(operation_id: &str) -> Value {
    operation(operation_id)
        .request_example
        .clone()
        .unwrap_or_else(|| panic!("{operation_id} has no request body example"))
}

/// Follows `$ref: '#/...'` (repeatedly) inside the document.
pub fn resolve<'a>(doc: &'a Value, mut value: &'a Value) -> &'a Value {
    while let Some(reference) = value.get("$ref").and_then(Value::as_str) {
        let pointer = reference
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("only local $refs are supported, got {reference}"));
        value = doc
            .pointer(pointer)
            .unwrap_or_else(|| panic!("dangling $ref {reference}"));
    }
    value
}

/// The example of a media-type object: `example`, else the first entry of `examples`.
fn media_example(doc: &Value, media: &Value) -> Option<Value> {
    if let Some(example) = media.get("example") {
        return Some(example.clone());
    }
    let examples = media.get("examples")?.as_object()?;
    let first = resolve(doc, examples.values().next()?);
    first.get("value").cloned()
}

fn json_media(doc: &Value, holder: &Value) -> Option<Value> {
    let content = holder.get("content")?;
    let media = content.get("application/json")?;
    Some(resolve(doc, media).clone())
}

fn load_operations(doc: &Value) -> Vec<SpecOperation> {
    let paths = doc["paths"].as_object().expect("spec has paths");
    let mut out = Vec::new();
    for (path, item) in paths {
        let item = resolve(doc, item);
        let shared_params: Vec<&Value> = item
            .get("parameters")
            .and_then(Value::as_array)
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            out.push(load_operation(doc, path, method, op, &shared_params));
        }
    }
    out
}

fn load_operation(
    doc: &Value,
    path: &str,
    method: &str,
    op: &Value,
    shared_params: &[&Value],
) -> SpecOperation {
    let operation_id = op["operationId"].as_str().expect("operationId").to_owned();
    let tag = op["tags"][0].as_str().expect("one tag").to_owned();

    let own_params: Vec<&Value> = op
        .get("parameters")
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let mut path_params = Vec::new();
    let mut query_params = Vec::new();
    for param in shared_params.iter().chain(own_params.iter()) {
        let param = resolve(doc, param);
        let name = param["name"].as_str().expect("parameter name").to_owned();
        match param["in"].as_str() {
            Some("path") => path_params.push(name),
            Some("query") => query_params.push(name),
            other => panic!("{operation_id}: unexpected parameter location {other:?}"),
        }
    }

    let responses = op["responses"].as_object().expect("responses");
    let mut error_statuses = Vec::new();
    let mut successes = Vec::new();
    // The `2XX` range counts as a success without a status of its own.
    let mut range_without_body = false;
    for (status, response) in responses {
        let Ok(code) = status.parse::<u16>() else {
            if status.eq_ignore_ascii_case("2XX") {
                range_without_body |= resolve(doc, response).get("content").is_none();
            }
            continue;
        };
        if (200..300).contains(&code) {
            successes.push((code, resolve(doc, response)));
        } else {
            error_statuses.push(code);
        }
    }
    // The documented success is the one with a body (at most one has); another 2xx may only be
    // one without a body (a 204 next to a 200), which makes the body optional.
    let with_body = successes
        .iter()
        .filter(|(_, r)| r.get("content").is_some())
        .count();
    assert!(
        with_body <= 1,
        "{operation_id}: two success statuses with a body"
    );
    let success_body_optional = with_body == 1
        && (range_without_body || successes.iter().any(|(_, r)| r.get("content").is_none()));
    let success = successes
        .iter()
        .find(|(_, r)| r.get("content").is_some())
        .or(successes.first())
        .copied();
    let (success_status, success_response) =
        success.unwrap_or_else(|| panic!("{operation_id}: no success status"));
    let success_media = json_media(doc, success_response);
    let seed_example = success_media
        .as_ref()
        .and_then(|media| media_example(doc, media));
    let response_example_is_seed = seed_example.is_some();
    let response_example = seed_example.or_else(|| {
        let schema = success_media.as_ref()?.get("schema")?;
        Some(synthesize_example(doc, schema, 0))
    });

    let request_example = op
        .get("requestBody")
        .map(|body| resolve(doc, body))
        .and_then(|body| json_media(doc, body))
        .and_then(|media| media_example(doc, &media));

    SpecOperation {
        operation_id,
        tag,
        method: method.to_ascii_uppercase(),
        path: path.to_owned(),
        path_params,
        query_params,
        success_status,
        success_has_body: success_media.is_some(),
        success_body_optional,
        response_example,
        response_example_is_seed,
        request_example,
        error_statuses,
    }
}

/// A value for `schema` built from the examples of the schema and its properties: used where the
/// spec documents a body but gives no example for it.
pub fn synthesize_example(doc: &Value, schema: &Value, depth: usize) -> Value {
    let schema = resolve(doc, schema);
    if let Some(example) = schema.get("example") {
        return example.clone();
    }
    assert!(
        depth < 16,
        "schema nesting too deep to synthesize an example"
    );
    if let Some(first) = schema
        .get("oneOf")
        .or_else(|| schema.get("anyOf"))
        .and_then(|v| v.get(0))
    {
        return synthesize_example(doc, first, depth + 1);
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values.first().cloned().unwrap_or(Value::Null);
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("array") => Value::Array(vec![synthesize_example(doc, &schema["items"], depth + 1)]),
        Some("string") => Value::String("string".to_owned()),
        Some("integer") => Value::from(1),
        Some("number") => Value::from(1.5),
        Some("boolean") => Value::Bool(true),
        _ => {
            let mut object = serde_json::Map::new();
            if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
                for (name, property) in properties {
                    object.insert(name.clone(), synthesize_example(doc, property, depth + 1));
                }
            }
            if let Some(additional) = schema.get("additionalProperties").filter(|v| v.is_object()) {
                object.insert(
                    "key".to_owned(),
                    synthesize_example(doc, additional, depth + 1),
                );
            }
            Value::Object(object)
        }
    }
}

/// Turns a path template into an anchored regex matching the percent-encoded request path:
/// each `{param}` becomes exactly one non-empty segment.
pub fn path_regex(template: &str) -> String {
    let mut regex = String::from("^");
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        regex.push_str(&escape_regex(&rest[..start]));
        let end = rest[start..]
            .find('}')
            .unwrap_or_else(|| panic!("unclosed parameter in {template}"));
        regex.push_str("[^/]+");
        rest = &rest[start + end + 1..];
    }
    regex.push_str(&escape_regex(rest));
    regex.push('$');
    regex
}

fn escape_regex(literal: &str) -> String {
    let mut out = String::with_capacity(literal.len());
    for c in literal.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Fills a path template with already-encoded segments, e.g. for the expected path of a request.
pub fn fill_path(template: &str, segments: &[&str]) -> String {
    let mut out = String::new();
    let mut rest = template;
    let mut values = segments.iter();
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').expect("closed parameter");
        out.push_str(
            values
                .next()
                .unwrap_or_else(|| panic!("too few segments for {template}")),
        );
        rest = &rest[start + end + 1..];
    }
    assert!(values.next().is_none(), "too many segments for {template}");
    out.push_str(rest);
    out
}
