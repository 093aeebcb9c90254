//! The OpenAPI 3.1 schema keywords rewritten into their 3.0 form, one object at a time (the
//! document-level rewrites and the walk that reaches each object are in `v31.rs`).

use super::*;

/// Annotations: siblings of a `$ref` that say nothing a client needs.
const ANNOTATIONS: &[&str] = &[
    "description",
    "summary",
    "title",
    "example",
    "examples",
    "$comment",
    "deprecated",
];

pub(super) fn key(name: &str) -> Value {
    Value::String(name.to_owned())
}

/// The 3.1 keywords of one object (a schema, or anything else: the keywords below only occur in
/// schemas, except `$ref`, whose siblings are handled by what it points at).
pub(super) fn rewrite(map: &mut Mapping, at: &str, lenient: bool, loaded: &mut Loaded) {
    if map.contains_key("$ref") && map.len() > 1 {
        ref_siblings(map, at);
        return;
    }
    type_list(map, at, lenient, loaded);
    null_members(map, at, lenient, loaded);
    if let Some(value) = map.remove("const") {
        if !map.contains_key("type")
            && let Some(typ) = type_of(&value)
        {
            map.insert(key("type"), key(typ));
        }
        map.insert(key("enum"), Value::Sequence(vec![value]));
    }
    if let Some(Value::Sequence(examples)) = map.get("examples") {
        let first = examples.first().cloned();
        map.remove("examples");
        if let Some(first) = first
            && !map.contains_key("example")
        {
            map.insert(key("example"), first);
        }
    }
    for (exclusive, bound, stricter) in [
        (
            "exclusiveMinimum",
            "minimum",
            f64::max as fn(f64, f64) -> f64,
        ),
        ("exclusiveMaximum", "maximum", f64::min),
    ] {
        let Some(Value::Number(number)) = map.get(exclusive).cloned() else {
            continue;
        };
        let limit = number.as_f64().unwrap_or_default();
        let inclusive = map.get(bound).and_then(Value::as_f64);
        match inclusive {
            // An inclusive bound at least as strict as the exclusive one decides alone.
            Some(inclusive) if stricter(inclusive, limit) == inclusive && inclusive != limit => {
                map.remove(exclusive);
            }
            _ => {
                map.insert(key(bound), Value::Number(number));
                map.insert(key(exclusive), Value::Bool(true));
            }
        }
    }
    content_keywords(map);
    if map.contains_key("prefixItems") {
        map.remove("prefixItems");
        if !matches!(map.get("items"), Some(Value::Mapping(_))) {
            map.insert(key("items"), Value::Mapping(Mapping::new()));
        }
        report(
            loaded,
            lenient,
            Error::new(
                ErrorKind::Unsupported,
                child(at, "prefixItems"),
                "a tuple (`prefixItems`) has no OpenAPI 3.0 form; read as an array of any values",
            ),
        );
    }
}

/// A `$ref` with siblings: in 3.1 they apply along with what it names. Annotations are dropped
/// when the reference is alone with them; anything else (`nullable`, `readOnly`, `default`, a
/// constraint) keeps its meaning in the 3.0 idiom `allOf: [{$ref}]` plus the siblings, which
/// the generator reads as the referenced type.
fn ref_siblings(map: &mut Mapping, at: &str) {
    let _ = at;
    let reference = map.get("$ref").map(scalar_text).unwrap_or_default();
    let is_schema = reference.contains("/schemas/") || reference.contains("/$defs/");
    let meaningful = map.keys().any(|k| {
        let k = scalar_text(k);
        k != "$ref" && !ANNOTATIONS.contains(&k.as_str()) && !k.starts_with("x-")
    });
    if !is_schema {
        // A reference to a parameter, response or example: 3.1 allows `summary` and
        // `description` beside it (they override the target's); 3.0 ignores them.
        return;
    }
    if !meaningful {
        // `{$ref, description}`: the description documents the use; keep it on a wrapper so
        // the field's docs say it, as a 3.0 document would write it.
        if !map.contains_key("description") {
            map.retain(|k, _| k.as_str() == Some("$ref"));
            return;
        }
    }
    let reference = map.remove("$ref").unwrap_or(Value::Null);
    let mut only = Mapping::new();
    only.insert(key("$ref"), reference);
    let mut members = vec![Value::Mapping(only)];
    // Keywords a 3.0 `allOf` wrapper cannot hold beside `allOf` (openapiv3 would read the
    // wrapper as that type and drop the reference) go into a second member.
    let mut rest = Mapping::new();
    for word in [
        "type",
        "properties",
        "items",
        "required",
        "additionalProperties",
        "oneOf",
        "anyOf",
        "enum",
    ] {
        if let Some(value) = map.remove(word) {
            rest.insert(key(word), value);
        }
    }
    if !rest.is_empty() {
        members.push(Value::Mapping(rest));
    }
    map.insert(key("allOf"), Value::Sequence(members));
}

/// `type: [T, "null"]` -> `type: T, nullable: true`; `type: [T]` -> `type: T`; `type: "null"`
/// alone -> `nullable: true` (a value that is always null; a guess). Several non-null types
/// have no 3.0 form: a guess (any value) or an error.
fn type_list(map: &mut Mapping, at: &str, lenient: bool, loaded: &mut Loaded) {
    let here = child(at, "type");
    match map.get("type") {
        Some(Value::Sequence(types)) => {
            let names: Vec<String> = types.iter().map(scalar_text).collect();
            let real: Vec<&String> = names.iter().filter(|n| *n != "null").collect();
            let nullable = real.len() < names.len();
            match real.as_slice() {
                [single] => {
                    let single = (*single).clone();
                    map.insert(key("type"), key(&single));
                }
                [] => {
                    map.remove("type");
                }
                _ => {
                    report(
                        loaded,
                        lenient,
                        Error::new(
                            ErrorKind::Unsupported,
                            here,
                            format!(
                                "`type: [{}]` has no OpenAPI 3.0 form; read as any value",
                                names.join(", ")
                            ),
                        ),
                    );
                    map.remove("type");
                }
            }
            if nullable {
                map.insert(key("nullable"), Value::Bool(true));
            }
        }
        Some(Value::String(s)) if s == "null" => {
            map.remove("type");
            map.insert(key("nullable"), Value::Bool(true));
            report(
                loaded,
                lenient,
                Error::new(
                    ErrorKind::Unsupported,
                    here,
                    "`type: \"null\"` (always null) has no OpenAPI 3.0 form; read as any value or null",
                ),
            );
        }
        _ => {}
    }
}

/// Whether `value` is the schema `{type: "null"}` (or a type list of only `"null"`).
fn is_null_schema(value: &Value) -> bool {
    let Value::Mapping(map) = value else {
        return false;
    };
    let only_null = match map.get("type") {
        Some(Value::String(s)) => s == "null",
        Some(Value::Sequence(types)) => types.iter().all(|t| t.as_str() == Some("null")),
        _ => false,
    };
    only_null
        && map.keys().all(|k| {
            let k = scalar_text(k);
            k == "type" || ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-")
        })
}

/// `anyOf`/`oneOf` with a `{type: "null"}` member: the member is removed and the schema made
/// `nullable`; a single remaining member is merged into the schema (a reference becomes
/// `allOf: [{$ref}]`, the 3.0 idiom for a nullable reference).
fn null_members(map: &mut Mapping, at: &str, lenient: bool, loaded: &mut Loaded) {
    for word in ["anyOf", "oneOf"] {
        let Some(Value::Sequence(members)) = map.get_mut(word) else {
            continue;
        };
        let before = members.len();
        members.retain(|m| !is_null_schema(m));
        if members.len() == before {
            continue;
        }
        let mut rest = std::mem::take(members);
        map.remove(word);
        map.insert(key("nullable"), Value::Bool(true));
        match rest.len() {
            0 => {}
            1 => {
                let Value::Mapping(mut member) = rest.remove(0) else {
                    continue;
                };
                let member_at = child(at, word);
                // The member's own 3.1 keywords, rewritten before it is merged.
                if member.contains_key("$ref") && member.len() > 1 {
                    ref_siblings(&mut member, &member_at);
                }
                if member.contains_key("$ref") {
                    map.insert(key("allOf"), Value::Sequence(vec![Value::Mapping(member)]));
                } else {
                    type_list(&mut member, &member_at, lenient, loaded);
                    for (k, v) in member {
                        // The outer schema's own words (description, default) win.
                        if !map.contains_key(&k) {
                            map.insert(k, v);
                        }
                    }
                }
            }
            _ => {
                map.insert(key(word), Value::Sequence(rest));
            }
        }
    }
}

/// The JSON type of a `const` value.
fn type_of(value: &Value) -> Option<&'static str> {
    match value {
        Value::String(_) => Some("string"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
        Value::Number(_) => Some("number"),
        _ => None,
    }
}

/// `contentEncoding: base64` -> `format: byte`; `contentMediaType` of something other than
/// text -> `format: binary`; both keywords are removed.
fn content_keywords(map: &mut Mapping) {
    let encoding = map.remove("contentEncoding").map(|v| scalar_text(&v));
    let media = map.remove("contentMediaType").map(|v| scalar_text(&v));
    if map.contains_key("format") || map.get("type").and_then(Value::as_str) != Some("string") {
        return;
    }
    let format = match (encoding.as_deref(), media.as_deref()) {
        (Some("base64" | "base64url"), _) => "byte",
        (_, Some(media)) if !media.starts_with("text/") && !media.contains("json") => "binary",
        _ => return,
    };
    map.insert(key("format"), key(format));
}
