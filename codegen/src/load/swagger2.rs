//! Swagger 2.0 in, OpenAPI 3.0 out: a `swagger: "2.0"` document is rewritten into the 3.0
//! document it describes before anything else reads it, so the rest of the generator knows one
//! model. What 3.0 cannot say (`collectionFormat: tsv`, two bodies, a form in a JSON-only
//! operation) is a located error, or in lenient mode a reported guess.
//!
//! Every pointer in an error is a place in the 2.0 document: the converter's own problems are
//! located there directly, and [`Origins`] maps the pointers later phases report in the
//! converted document (`/components/schemas/Pet`, `.../requestBody/content/...`) back to the
//! 2.0 places (`/definitions/Pet`, the `body` parameter).

use std::collections::{BTreeMap, BTreeSet};

use serde_yaml::{Mapping, Value};

use super::{Loaded, entries, get, scalar_text};
use crate::error::{Error, ErrorKind, pointer};

/// Where the parts of a converted document came from: converted pointer prefix -> 2.0 pointer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origins(BTreeMap<String, String>);

impl Origins {
    fn add(&mut self, converted: String, original: String) {
        if converted != original {
            self.0.insert(converted, original);
        }
    }

    /// The 2.0 pointer of a pointer into the converted document: its longest recorded prefix
    /// (ending at a `/` or at its end) replaced; unchanged when no prefix is recorded.
    pub fn original(&self, at: &str) -> String {
        if self.0.is_empty() {
            return at.to_owned();
        }
        let mut end = at.len();
        loop {
            if let Some(original) = self.0.get(&at[..end]) {
                return format!("{original}{}", &at[end..]);
            }
            match at[..end].rfind('/') {
                Some(slash) if slash > 0 => end = slash,
                _ => return at.to_owned(),
            }
        }
    }

    /// Rewrites each error's pointer to its 2.0 place.
    pub fn relocate(&self, errors: &mut [Error]) {
        if self.0.is_empty() {
            return;
        }
        for error in errors {
            error.pointer = self.original(&error.pointer);
        }
    }
}

const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";

/// Schema keywords a 2.0 non-body parameter (or `items`, or a header) holds inline, which 3.0
/// puts under `schema`.
const SCHEMA_KEYS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
];

/// Whether the root declares `swagger: "2.0"`.
pub(super) fn is_swagger_2(map: &Mapping) -> bool {
    map.get("swagger")
        .is_some_and(|v| scalar_text(v).trim() == "2.0")
}

/// The OpenAPI 3.0 form of the Swagger 2.0 document `root`; problems go into `loaded` at their
/// 2.0 pointers, and [`Origins`] of the converted parts into `loaded.document.origins`.
pub(super) fn convert(root: &Value, lenient: bool, loaded: &mut Loaded) -> Value {
    let mut convert = Convert {
        root,
        lenient,
        loaded,
        origins: Origins::default(),
        consumes: media_types(get(root, "consumes")),
        produces: media_types(get(root, "produces")),
    };
    let mut out = convert.document();
    if lenient {
        let schemas = get(&out, "components")
            .and_then(|c| get(c, "schemas"))
            .map(|s| entries(Some(s)).into_iter().map(|(k, _)| k).collect())
            .unwrap_or_default();
        convert.dangling(&mut out, &mut Vec::new(), &schemas);
    }
    let origins = convert.origins;
    loaded.document.origins = origins;
    out
}

struct Convert<'a> {
    root: &'a Value,
    lenient: bool,
    loaded: &'a mut Loaded,
    origins: Origins,
    consumes: Vec<String>,
    produces: Vec<String>,
}

fn text(value: &Value, key: &str) -> Option<String> {
    get(value, key).map(scalar_text)
}

fn media_types(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Sequence(items)) => items.iter().map(scalar_text).collect(),
        Some(Value::String(one)) => vec![one.clone()],
        _ => Vec::new(),
    }
}

fn insert(map: &mut Mapping, key: &str, value: Value) {
    map.insert(Value::String(key.to_owned()), value);
}

fn string(text: &str) -> Value {
    Value::String(text.to_owned())
}

/// A `$ref` respelled for 3.0: `#/definitions/X`, `#/parameters/X` and `#/responses/X` move
/// under `#/components`; anything else is kept (the loader checks it).
pub(crate) fn reference(reference: &str) -> String {
    for (old, new) in [
        ("#/definitions/", "#/components/schemas/"),
        ("#/parameters/", "#/components/parameters/"),
        ("#/responses/", "#/components/responses/"),
    ] {
        if let Some(rest) = reference.strip_prefix(old) {
            return format!("{new}{rest}");
        }
    }
    reference.to_owned()
}

/// A 2.0 schema as 3.0: references respelled, `x-nullable` as `nullable` (a nullable reference
/// as `allOf: [$ref]`, since 3.0 ignores a reference's siblings), `type: file` as a binary
/// string, a string `discriminator` as `propertyName`.
pub(crate) fn schema(value: &Value) -> Value {
    let map = match value {
        Value::Mapping(map) => map,
        Value::Sequence(items) => return Value::Sequence(items.iter().map(schema).collect()),
        other => return other.clone(),
    };
    if let (Some(Value::String(target)), Some(Value::Bool(true))) =
        (map.get("$ref"), map.get("x-nullable"))
    {
        let mut inner = Mapping::new();
        insert(&mut inner, "$ref", string(&reference(target)));
        let mut out = Mapping::new();
        insert(
            &mut out,
            "allOf",
            Value::Sequence(vec![Value::Mapping(inner)]),
        );
        insert(&mut out, "nullable", Value::Bool(true));
        if let Some(description) = map.get("description") {
            insert(&mut out, "description", description.clone());
        }
        return Value::Mapping(out);
    }
    let mut out = Mapping::new();
    for (key, item) in map {
        let name = scalar_text(key);
        match name.as_str() {
            "$ref" => {
                let target = reference(&scalar_text(item));
                out.insert(key.clone(), string(&target));
            }
            "x-nullable" => insert(&mut out, "nullable", item.clone()),
            "type" if scalar_text(item) == "file" => {
                insert(&mut out, "type", string("string"));
                insert(&mut out, "format", string("binary"));
            }
            "format" if map.get("type").is_some_and(|t| scalar_text(t) == "file") => {}
            "discriminator" if matches!(item, Value::String(_)) => {
                let mut discriminator = Mapping::new();
                insert(&mut discriminator, "propertyName", item.clone());
                insert(&mut out, "discriminator", Value::Mapping(discriminator));
            }
            "properties" => {
                let properties = match item {
                    Value::Mapping(properties) => Value::Mapping(
                        properties
                            .iter()
                            .map(|(k, v)| (k.clone(), schema(v)))
                            .collect(),
                    ),
                    other => other.clone(),
                };
                out.insert(key.clone(), properties);
            }
            "example" | "examples" | "enum" | "default" | "collectionFormat" => {
                if name != "collectionFormat" {
                    out.insert(key.clone(), item.clone());
                }
            }
            _ if name.starts_with("x-") => {
                out.insert(key.clone(), item.clone());
            }
            _ => {
                out.insert(key.clone(), schema(item));
            }
        }
    }
    Value::Mapping(out)
}

/// The schema of a 2.0 non-body parameter or header: its inline schema keywords.
fn inline_schema(value: &Value) -> Value {
    let mut out = Mapping::new();
    if let Value::Mapping(map) = value {
        for (key, item) in map {
            if SCHEMA_KEYS.contains(&scalar_text(key).as_str()) {
                out.insert(key.clone(), item.clone());
            }
        }
    }
    schema(&Value::Mapping(out))
}

impl Convert<'_> {
    /// A problem: in lenient mode a guess (`guess` says what was assumed) and `true`, else an
    /// error and `false`.
    fn problem(&mut self, kind: ErrorKind, at: &str, message: &str, guess: &str) -> bool {
        if self.lenient {
            let message = format!("{message}; {guess}");
            self.loaded.guesses.push(Error::new(kind, at, message));
            true
        } else {
            self.loaded.errors.push(Error::new(kind, at, message));
            false
        }
    }

    /// Lenient mode: a schema reference to a definition the document does not have is read as
    /// the rest of its schema object (any value when nothing else is said), reported as a guess.
    fn dangling(&mut self, value: &mut Value, at: &mut Vec<String>, schemas: &BTreeSet<String>) {
        match value {
            Value::Mapping(map) => {
                let target = map.get("$ref").map(scalar_text).and_then(|r| {
                    let name = r.strip_prefix("#/components/schemas/")?;
                    let name = super::decode_name(name.split('/').next()?);
                    (!schemas.contains(&name)).then_some(r)
                });
                if let Some(target) = target {
                    map.remove("$ref");
                    // The pointer is built only here: the walk keeps just its tokens.
                    let here = pointer(at.iter().map(String::as_str).chain(["$ref"]));
                    let message = format!(
                        "reference `{}` points at nothing in the document; read as any value",
                        target.replace("#/components/schemas/", "#/definitions/")
                    );
                    let original = self.origins.original(&here);
                    self.loaded
                        .guesses
                        .push(Error::new(ErrorKind::DanglingRef, original, message));
                }
                for (key, item) in map.iter_mut() {
                    if !matches!(item, Value::Mapping(_) | Value::Sequence(_)) {
                        continue;
                    }
                    let key = scalar_text(key);
                    if !(key.starts_with("x-")
                        || matches!(key.as_str(), "example" | "enum" | "default"))
                    {
                        at.push(key);
                        self.dangling(item, at, schemas);
                        at.pop();
                    }
                }
            }
            Value::Sequence(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    at.push(index.to_string());
                    self.dangling(item, at, schemas);
                    at.pop();
                }
            }
            _ => {}
        }
    }

    fn document(&mut self) -> Value {
        let root = self.root;
        let mut out = Mapping::new();
        insert(&mut out, "openapi", string("3.0.3"));
        for key in ["info", "tags", "externalDocs", "security"] {
            if let Some(value) = get(root, key) {
                insert(&mut out, key, value.clone());
            }
        }
        if let Some(servers) = self.servers() {
            insert(&mut out, "servers", servers);
        }
        if let Some(paths) = get(root, "paths") {
            let paths = self.paths(paths);
            insert(&mut out, "paths", paths);
        }
        let components = self.components();
        if !components.is_empty() {
            insert(&mut out, "components", Value::Mapping(components));
        }
        if let Value::Mapping(map) = root {
            for (key, value) in map {
                if scalar_text(key).starts_with("x-") {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        Value::Mapping(out)
    }

    /// `host`, `basePath` and `schemes` as servers, `https` first; without a `host`, the
    /// `basePath` alone (a relative server); without either, none.
    fn servers(&mut self) -> Option<Value> {
        let root = self.root;
        let host = text(root, "host").filter(|h| !h.is_empty());
        let base = text(root, "basePath").unwrap_or_default();
        let base = base.trim_end_matches('/');
        let base = if base.is_empty() || base.starts_with('/') {
            base.to_owned()
        } else {
            format!("/{base}")
        };
        let urls: Vec<String> = match &host {
            Some(host) => {
                let mut schemes = media_types(get(root, "schemes"));
                schemes.retain(|s| matches!(s.as_str(), "https" | "http"));
                schemes.sort_by_key(|s| s != "https");
                if schemes.is_empty() {
                    schemes.push("https".to_owned());
                }
                self.origins.add("/servers".to_owned(), "/host".to_owned());
                schemes
                    .iter()
                    .map(|scheme| format!("{scheme}://{host}{base}"))
                    .collect()
            }
            None if !base.is_empty() => {
                self.origins
                    .add("/servers".to_owned(), "/basePath".to_owned());
                vec![base]
            }
            None => return None,
        };
        let servers = urls
            .into_iter()
            .map(|url| {
                let mut server = Mapping::new();
                insert(&mut server, "url", string(&url));
                Value::Mapping(server)
            })
            .collect();
        Some(Value::Sequence(servers))
    }

    fn components(&mut self) -> Mapping {
        let root = self.root;
        let mut out = Mapping::new();
        if let Some(definitions) = get(root, "definitions") {
            self.origins
                .add("/components/schemas".to_owned(), "/definitions".to_owned());
            insert(&mut out, "schemas", schema_map(definitions));
        }
        let mut parameters = Mapping::new();
        for (name, param) in entries(get(root, "parameters")) {
            // Body and form parameters have no 3.0 component; they are put in place where used.
            if matches!(text(param, "in").as_deref(), Some("body" | "formData")) {
                continue;
            }
            let at = pointer(["parameters", name.as_str()]);
            let new_at = pointer(["components", "parameters", name.as_str()]);
            if let Some(param) = self.parameter(param, &at, &new_at) {
                insert(&mut parameters, &name, param);
            }
        }
        if !parameters.is_empty() {
            insert(&mut out, "parameters", Value::Mapping(parameters));
        }
        let mut responses = Mapping::new();
        let produces = self.produces.clone();
        for (name, response) in entries(get(root, "responses")) {
            let at = pointer(["responses", name.as_str()]);
            let new_at = pointer(["components", "responses", name.as_str()]);
            let response = self.response(response, &produces, &at, &new_at);
            insert(&mut responses, &name, response);
        }
        if !responses.is_empty() {
            insert(&mut out, "responses", Value::Mapping(responses));
        }
        if let Some(schemes) = self.security_schemes() {
            insert(&mut out, "securitySchemes", schemes);
        }
        out
    }
}

fn schema_map(value: &Value) -> Value {
    match value {
        Value::Mapping(map) => Value::Mapping(
            map.iter()
                .map(|(name, item)| (name.clone(), schema(item)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[path = "swagger2_parts.rs"]
mod parts;
#[path = "swagger2_paths.rs"]
mod paths;

#[cfg(test)]
#[path = "swagger2_tests.rs"]
mod tests;
