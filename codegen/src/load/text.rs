//! Reading the text: JSON or YAML into one `serde_yaml::Value` (big integers kept as floats),
//! the OpenAPI version check, and the document-wide rewrites done before anything is parsed
//! (3.1 type lists, misspelt `operationId` keys).

use super::*;

/// Whether any mapping has a sequence under `type` (a quick scan that builds no pointers, so
/// the common case of none costs little).
pub(super) fn has_type_list(value: &Value) -> bool {
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
pub(super) fn type_lists(value: &mut Value, at: &str, lenient: bool, loaded: &mut Loaded) {
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
pub(super) fn misspelt_operation_id(value: &Value) -> Option<(String, String)> {
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
pub(super) fn read_text(text: &str) -> Result<Value, Error> {
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

pub(super) fn read_yaml(text: &str) -> Result<Value, Error> {
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

/// Checks the version; true for OpenAPI 3.1.x, which [`super::v31`] rewrites into 3.0.
pub(super) fn check_version(map: &serde_yaml::Mapping) -> Result<bool, Error> {
    if let Some(swagger) = map.get("swagger") {
        if swagger2::is_swagger_2(map) {
            return Ok(false);
        }
        return Err(Error::new(
            ErrorKind::UnsupportedVersion,
            "/swagger",
            format!(
                "Swagger {} is not supported; only 2.0 is (and OpenAPI 3.0.x and 3.1.x)",
                scalar_text(swagger)
            ),
        ));
    }
    let Some(version) = map.get("openapi") else {
        return Err(Error::new(
            ErrorKind::UnsupportedVersion,
            "/openapi",
            "the document has no `openapi` version field; OpenAPI 3.0.x or 3.1.x is required",
        ));
    };
    let version = scalar_text(version);
    if version.starts_with("3.0") {
        Ok(false)
    } else if version.starts_with("3.1") {
        Ok(true)
    } else {
        Err(Error::new(
            ErrorKind::UnsupportedVersion,
            "/openapi",
            format!("OpenAPI {version} is not supported; only 3.0.x and 3.1.x are"),
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
