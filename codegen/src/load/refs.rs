//! References in the document as a whole: every `$ref` checked once (external or dangling, at
//! the `$ref` itself), and interior references (into the middle of a schema or a path) read as
//! extra schemas. Following references during lowering is `lower::refs`.

use super::*;

/// Walks the whole document and reports every `$ref` that is external or dangling.
pub(super) fn check_refs(root: &Value, value: &Value, at: &str, errors: &mut Vec<Error>) {
    let mut path = at.to_owned();
    walk_refs(root, value, &mut path, errors);
}

/// [`check_refs`] below `path`, which names `value` and is restored before returning (one
/// buffer for the whole walk: most of a document has no `$ref`, so its pointers are never
/// needed as strings of their own).
fn walk_refs(root: &Value, value: &Value, path: &mut String, errors: &mut Vec<Error>) {
    match value {
        Value::Mapping(map) => {
            for (key, item) in map {
                let len = path.len();
                match key {
                    Value::String(key) => push_token(path, key),
                    other => push_token(path, &scalar_text(other)),
                }
                // Example data (`example`, an Example object's `value`) is not the document:
                // a `$ref` in it is text; so is a property named `$ref`.
                let named = path[..len].ends_with("/properties");
                let data = !named
                    && (key.as_str() == Some("example")
                        || (key.as_str() == Some("value") && in_examples(path)));
                let data = data || (named && key.as_str() == Some("$ref"));
                if data {
                    path.truncate(len);
                    continue;
                }
                if key.as_str() == Some("$ref") {
                    match item {
                        Value::String(reference) => {
                            if let Some(problem) = check_ref(root, reference, path) {
                                errors.push(problem);
                            }
                        }
                        _ => errors.push(Error::new(
                            ErrorKind::Invalid,
                            path.as_str(),
                            "`$ref` must be a string",
                        )),
                    }
                } else if matches!(
                    item,
                    Value::Mapping(_) | Value::Sequence(_) | Value::Tagged(_)
                ) {
                    walk_refs(root, item, path, errors);
                }
                path.truncate(len);
            }
        }
        Value::Sequence(items) => {
            for (index, item) in items.iter().enumerate() {
                let len = path.len();
                push_token(path, &index.to_string());
                walk_refs(root, item, path, errors);
                path.truncate(len);
            }
        }
        Value::Tagged(tagged) => walk_refs(root, &tagged.value, path, errors),
        _ => {}
    }
}

/// Whether `path` (ending in the key just pushed) is `.../examples/<name>/value`.
fn in_examples(path: &str) -> bool {
    let mut tokens = path.rsplit('/');
    tokens.next();
    tokens.next();
    tokens.next() == Some("examples") && tokens.next() != Some("properties")
}

/// Appends `/token`, escaped as a JSON pointer token, to `path`.
fn push_token(path: &mut String, token: &str) {
    path.push('/');
    if token.contains(['~', '/']) {
        path.push_str(&crate::error::escape_token(token));
    } else {
        path.push_str(token);
    }
}

pub(super) fn check_ref(root: &Value, reference: &str, at: &str) -> Option<Error> {
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
        return None;
    }
    let hint = match version_3_spelling(root, reference) {
        Some(spelled) => format!(
            "; it is an OpenAPI 2.0 location, and `{spelled}` is where 3.0 keeps it \
             (lenient mode reads it so)"
        ),
        None => String::new(),
    };
    Some(Error::new(
        ErrorKind::DanglingRef,
        at,
        format!("reference `{reference}` points at nothing in the document{hint}"),
    ))
}

/// Where OpenAPI 2.0 kept what a 3.0 document keeps under `components`.
const VERSION_2_SECTIONS: [(&str, &str); 3] = [
    ("#/definitions/", "#/components/schemas/"),
    ("#/parameters/", "#/components/parameters/"),
    ("#/responses/", "#/components/responses/"),
];

/// The 3.0 spelling of an OpenAPI 2.0 reference (`#/definitions/Pet` ->
/// `#/components/schemas/Pet`) when the reference itself names nothing and its 3.0 spelling
/// names something: a leftover of a document converted from 2.0.
fn version_3_spelling(root: &Value, reference: &str) -> Option<String> {
    let target = reference.strip_prefix('#')?;
    if resolve_pointer(root, target).is_some() {
        return None;
    }
    VERSION_2_SECTIONS.iter().find_map(|(old, new)| {
        let spelled = format!("{new}{}", reference.strip_prefix(old)?);
        resolve_pointer(root, &spelled[1..]).map(|_| spelled)
    })
}

/// Lenient mode: every dangling OpenAPI 2.0 reference whose 3.0 spelling names something
/// (`#/definitions/Pet` when `#/components/schemas/Pet` exists) is read as that, and each is
/// reported as a guess at its `$ref`. Strict mode reports them as dangling, with the same hint.
pub(super) fn version_2_refs(root: &mut Value, loaded: &mut Loaded) {
    let mut refs = Vec::new();
    refs_in(root, &mut refs);
    let respelled: BTreeMap<String, String> = refs
        .into_iter()
        .filter(|r| VERSION_2_SECTIONS.iter().any(|(old, _)| r.starts_with(old)))
        .filter_map(|r| Some((r.to_owned(), version_3_spelling(root, r)?)))
        .collect();
    if !respelled.is_empty() {
        respell_refs(root, "", &respelled, &mut loaded.guesses);
    }
}

fn respell_refs(
    value: &mut Value,
    at: &str,
    respelled: &BTreeMap<String, String>,
    guesses: &mut Vec<Error>,
) {
    match value {
        Value::Mapping(map) => {
            for (key, item) in map.iter_mut() {
                let key = scalar_text(key);
                let here = child(at, &key);
                match item {
                    Value::String(reference) if key == "$ref" => {
                        if let Some(spelled) = respelled.get(reference.as_str()) {
                            guesses.push(Error::new(
                                ErrorKind::DanglingRef,
                                here,
                                format!(
                                    "reference `{reference}` (an OpenAPI 2.0 location) read as `{spelled}`"
                                ),
                            ));
                            *reference = spelled.clone();
                        }
                    }
                    _ => respell_refs(item, &here, respelled, guesses),
                }
            }
        }
        Value::Sequence(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                respell_refs(item, &child(at, &index.to_string()), respelled, guesses);
            }
        }
        Value::Tagged(tagged) => respell_refs(&mut tagged.value, at, respelled, guesses),
        _ => {}
    }
}

/// Unescapes one JSON pointer token.
pub(super) fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The tokens of the JSON pointer in a `$ref`'s fragment (the part after `#`, `/` included).
/// A fragment is a URI fragment, so it is percent-decoded before it is split and unescaped
/// (RFC 6901, section 6): `#/paths/~1v1~1items~1%7Bid%7D` names the path `/v1/items/{id}`.
pub(crate) fn pointer_tokens(target: &str) -> Vec<String> {
    let decoded = percent_encoding::percent_decode_str(target).decode_utf8_lossy();
    decoded
        .strip_prefix('/')
        .unwrap_or(&decoded)
        .split('/')
        .map(unescape_token)
        .collect()
}

/// The name a `#/components/<section>/<name>` reference gives, decoded as [`pointer_tokens`]
/// decodes every token.
pub(crate) fn decode_name(escaped: &str) -> String {
    unescape_token(&percent_encoding::percent_decode_str(escaped).decode_utf8_lossy())
}

pub(super) fn resolve_pointer<'a>(root: &'a Value, target: &str) -> Option<&'a Value> {
    if target.is_empty() {
        return Some(root);
    }
    target.strip_prefix('/')?;
    let mut current = root;
    for token in pointer_tokens(target) {
        current = match current {
            // A string key is a hashed lookup; a key YAML read as a number or a boolean (a
            // response code `200`) is found by its text.
            Value::Mapping(map) => match map.get(token.as_str()) {
                Some(value) => value,
                None => map
                    .iter()
                    .find(|(key, _)| !key.is_string() && scalar_text(key) == token)
                    .map(|(_, value)| value)?,
            },
            Value::Sequence(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}

/// Whether a reference names a whole component (`#/components/schemas/Pet`), as opposed to a
/// place inside one or elsewhere in the document.
pub(super) fn is_component_ref(reference: &str) -> bool {
    reference
        .strip_prefix("#/components/")
        .is_some_and(|rest| rest.split('/').count() == 2)
}

/// Whether the place a JSON pointer names holds a schema by its position: inside
/// `components/schemas`, or under a `schema`, `items`, `additionalProperties` or `not` key, or a
/// member of `allOf`/`oneOf`/`anyOf`/`properties`.
pub(super) fn is_schema_position(target: &str) -> bool {
    let tokens = pointer_tokens(target);
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
pub(super) fn refs_in<'v>(value: &'v Value, out: &mut Vec<&'v str>) {
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
pub(super) fn read_interior_schemas(root: &Value, loaded: &mut Loaded) {
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
    let Some(target) = key.strip_prefix('#').filter(|t| t.starts_with('/')) else {
        return key.to_owned();
    };
    let tokens = pointer_tokens(target);
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
