//! The Swagger 2.0 converter's parts: non-body parameters (`collectionFormat` as
//! `style`/`explode`), responses under `produces`, and security definitions.

use serde_yaml::{Mapping, Value};

use super::{Convert, JSON, SCHEMA_KEYS, inline_schema, insert, reference, schema, string, text};
use crate::error::{ErrorKind, child, pointer};
use crate::load::{entries, get, scalar_text};

impl Convert<'_> {
    /// A non-body parameter (or a `$ref` to one) as 3.0: its inline schema keywords under
    /// `schema`, `collectionFormat` as `style`/`explode`. `None` when it cannot be expressed
    /// (strict mode; the error is recorded).
    pub(super) fn parameter(&mut self, param: &Value, at: &str, new_at: &str) -> Option<Value> {
        let Value::Mapping(map) = param else {
            return Some(param.clone());
        };
        if let Some(target) = map.get("$ref") {
            let mut out = Mapping::new();
            insert(&mut out, "$ref", string(&reference(&scalar_text(target))));
            return Some(Value::Mapping(out));
        }
        self.origins.add(new_at.to_owned(), at.to_owned());
        self.origins.add(format!("{new_at}/schema"), at.to_owned());
        let place = text(param, "in").unwrap_or_default();
        if text(param, "type").as_deref() == Some("file") {
            let message = "`type: file` is only allowed in a `formData` parameter";
            if !self.problem(
                ErrorKind::Invalid,
                &child(at, "type"),
                message,
                "read as a string",
            ) {
                return None;
            }
        }
        let mut out = Mapping::new();
        for (key, value) in map {
            let name = scalar_text(key);
            if !SCHEMA_KEYS.contains(&name.as_str()) && name != "collectionFormat" {
                out.insert(key.clone(), value.clone());
            }
        }
        let mut param_schema = inline_schema(param);
        if let Value::Mapping(schema_map) = &mut param_schema
            && text(param, "type").as_deref() == Some("file")
        {
            insert(schema_map, "type", string("string"));
            schema_map.remove("format");
        }
        insert(&mut out, "schema", param_schema);
        if text(param, "type").as_deref() == Some("array") || map.contains_key("collectionFormat") {
            let (style, explode) = self.collection_format(param, &place, at)?;
            if let Some(style) = style {
                insert(&mut out, "style", string(style));
            }
            insert(&mut out, "explode", Value::Bool(explode));
        }
        Some(Value::Mapping(out))
    }

    /// `collectionFormat` (default `csv`) as 3.0 `style` and `explode` for a parameter in
    /// `place`; `None` when it cannot be expressed (strict mode).
    fn collection_format(
        &mut self,
        param: &Value,
        place: &str,
        at: &str,
    ) -> Option<(Option<&'static str>, bool)> {
        let format = text(param, "collectionFormat").unwrap_or_else(|| "csv".to_owned());
        let query = place == "query";
        let found = match (format.as_str(), query) {
            ("csv", true) => Some((Some("form"), false)),
            ("csv", false) => Some((None, false)),
            ("multi", true) => Some((Some("form"), true)),
            ("ssv", true) => Some((Some("spaceDelimited"), false)),
            ("pipes", true) => Some((Some("pipeDelimited"), false)),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
        let message = if query || !matches!(format.as_str(), "multi" | "ssv" | "pipes") {
            format!("`collectionFormat: {format}` cannot be expressed in OpenAPI 3.0")
        } else {
            format!(
                "`collectionFormat: {format}` cannot be expressed for a {place} parameter in OpenAPI 3.0"
            )
        };
        let at = child(at, "collectionFormat");
        self.problem(ErrorKind::Unsupported, &at, &message, "read as `csv`")
            .then_some(if query {
                (Some("form"), false)
            } else {
                (None, false)
            })
    }

    pub(super) fn responses(&mut self, responses: &Value, produces: &[String], at: &str) -> Value {
        let Value::Mapping(map) = responses else {
            return responses.clone();
        };
        let mut out = Mapping::new();
        for (key, response) in map {
            let code = scalar_text(key);
            let converted = if code.starts_with("x-") {
                response.clone()
            } else {
                let response_at = child(at, &code);
                self.response(response, produces, &response_at, &response_at)
            };
            out.insert(key.clone(), converted);
        }
        Value::Mapping(out)
    }

    /// A response: its schema under each of `produces` (JSON when none), headers' inline
    /// schemas under `schema`.
    pub(super) fn response(
        &mut self,
        response: &Value,
        produces: &[String],
        at: &str,
        new_at: &str,
    ) -> Value {
        let Value::Mapping(map) = response else {
            return response.clone();
        };
        if let Some(target) = map.get("$ref") {
            let mut out = Mapping::new();
            insert(&mut out, "$ref", string(&reference(&scalar_text(target))));
            return Value::Mapping(out);
        }
        self.origins.add(new_at.to_owned(), at.to_owned());
        let mut out = Mapping::new();
        let description = get(response, "description").cloned().unwrap_or(string(""));
        insert(&mut out, "description", description);
        if let Some(headers) = get(response, "headers") {
            let mut converted = Mapping::new();
            for (name, header) in entries(Some(headers)) {
                let mut header_out = Mapping::new();
                if let Some(description) = get(header, "description") {
                    insert(&mut header_out, "description", description.clone());
                }
                insert(&mut header_out, "schema", inline_schema(header));
                let header_at = child(&child(at, "headers"), &name);
                let new_header_at = child(&child(new_at, "headers"), &name);
                self.origins
                    .add(format!("{new_header_at}/schema"), header_at);
                insert(&mut converted, &name, Value::Mapping(header_out));
            }
            insert(&mut out, "headers", Value::Mapping(converted));
        }
        if let Some(body) = get(response, "schema") {
            let types = if produces.is_empty() {
                vec![JSON.to_owned()]
            } else {
                produces.to_vec()
            };
            let mut content = Mapping::new();
            for media in &types {
                let schema_at = format!("{}/schema", child(&child(new_at, "content"), media));
                self.origins.add(schema_at, child(at, "schema"));
                let mut media_type = Mapping::new();
                insert(&mut media_type, "schema", schema(body));
                if let Some(example) = get(response, "examples").and_then(|e| get(e, media)) {
                    insert(&mut media_type, "example", example.clone());
                }
                insert(&mut content, media, Value::Mapping(media_type));
            }
            insert(&mut out, "content", Value::Mapping(content));
        }
        for (key, value) in map {
            if scalar_text(key).starts_with("x-") {
                out.insert(key.clone(), value.clone());
            }
        }
        Value::Mapping(out)
    }

    /// `securityDefinitions` as `securitySchemes`: `basic` as HTTP Basic, `apiKey` as it is,
    /// `oauth2` with its one flow.
    pub(super) fn security_schemes(&mut self) -> Option<Value> {
        let definitions = get(self.root, "securityDefinitions")?;
        self.origins.add(
            "/components/securitySchemes".to_owned(),
            "/securityDefinitions".to_owned(),
        );
        let mut out = Mapping::new();
        for (name, definition) in entries(Some(definitions)) {
            let at = pointer(["securityDefinitions", name.as_str()]);
            let mut scheme = Mapping::new();
            match text(definition, "type").as_deref() {
                Some("basic") => {
                    insert(&mut scheme, "type", string("http"));
                    insert(&mut scheme, "scheme", string("basic"));
                }
                Some("apiKey") => {
                    insert(&mut scheme, "type", string("apiKey"));
                    for key in ["name", "in"] {
                        if let Some(value) = get(definition, key) {
                            insert(&mut scheme, key, value.clone());
                        }
                    }
                }
                Some("oauth2") => {
                    let flow = text(definition, "flow").unwrap_or_default();
                    let (flow, keys): (&str, &[&str]) = match flow.as_str() {
                        "implicit" => ("implicit", &["authorizationUrl"]),
                        "password" => ("password", &["tokenUrl"]),
                        "application" => ("clientCredentials", &["tokenUrl"]),
                        "accessCode" => ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
                        _ => {
                            let message = format!(
                                "OAuth2 `flow: {flow}` is not one of implicit, password, application, accessCode"
                            );
                            self.problem(
                                ErrorKind::Invalid,
                                &child(&at, "flow"),
                                &message,
                                "left out",
                            );
                            continue;
                        }
                    };
                    let mut body = Mapping::new();
                    for key in keys {
                        let value = get(definition, key).cloned().unwrap_or(string(""));
                        insert(&mut body, key, value);
                    }
                    let scopes = get(definition, "scopes")
                        .cloned()
                        .unwrap_or(Value::Mapping(Mapping::new()));
                    insert(&mut body, "scopes", scopes);
                    let mut flows = Mapping::new();
                    insert(&mut flows, flow, Value::Mapping(body));
                    insert(&mut scheme, "type", string("oauth2"));
                    insert(&mut scheme, "flows", Value::Mapping(flows));
                }
                other => {
                    let message = format!(
                        "security definition type `{}` is not one of basic, apiKey, oauth2",
                        other.unwrap_or("(none)")
                    );
                    self.problem(
                        ErrorKind::Invalid,
                        &child(&at, "type"),
                        &message,
                        "left out",
                    );
                    continue;
                }
            }
            if let Some(description) = get(definition, "description") {
                insert(&mut scheme, "description", description.clone());
            }
            insert(&mut out, &name, Value::Mapping(scheme));
        }
        Some(Value::Mapping(out))
    }
}
