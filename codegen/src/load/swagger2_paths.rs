//! The Swagger 2.0 converter's paths: parameters (`body` and `formData` as request bodies,
//! `collectionFormat` as `style`/`explode`), responses under `produces`, one operation at a time.

use serde_yaml::{Mapping, Value};

use super::{
    Convert, FORM, JSON, MULTIPART, inline_schema, insert, media_types, schema, string, text,
};
use crate::error::{ErrorKind, child};
use crate::load::{get, scalar_text};

/// The HTTP methods a 2.0 path item can hold.
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

/// A body or form parameter met in an operation: the parameter and its 2.0 pointer.
type Located<'a> = (&'a Value, String);

impl<'a> Convert<'a> {
    pub(super) fn paths(&mut self, paths: &'a Value) -> Value {
        let Value::Mapping(map) = paths else {
            return paths.clone();
        };
        let mut out = Mapping::new();
        for (key, item) in map {
            let path = scalar_text(key);
            let converted = if path.starts_with('/') && get(item, "$ref").is_none() {
                self.path_item(&path, item)
            } else {
                item.clone()
            };
            out.insert(key.clone(), converted);
        }
        Value::Mapping(out)
    }

    fn path_item(&mut self, path: &str, item: &'a Value) -> Value {
        let Value::Mapping(map) = item else {
            return item.clone();
        };
        let item_at = crate::error::pointer(["paths", path]);
        // Path-level body and form parameters go into every operation's request body.
        let mut shared = Vec::new();
        let mut parameters = Vec::new();
        if let Some(Value::Sequence(params)) = get(item, "parameters") {
            for (index, param) in params.iter().enumerate() {
                let at = format!("{item_at}/parameters/{index}");
                let (resolved, resolved_at) = self.resolve_parameter(param, &at);
                if matches!(text(resolved, "in").as_deref(), Some("body" | "formData")) {
                    shared.push((resolved, resolved_at));
                    continue;
                }
                let new_at = format!("{item_at}/parameters/{}", parameters.len());
                if let Some(param) = self.parameter(param, &at, &new_at) {
                    parameters.push(param);
                }
            }
        }
        let mut out = Mapping::new();
        for (key, value) in map {
            let name = scalar_text(key);
            if METHODS.contains(&name.as_str()) && matches!(value, Value::Mapping(_)) {
                let at = child(&item_at, &name);
                let operation = self.operation(value, &at, &shared);
                out.insert(key.clone(), operation);
            } else if name != "parameters" {
                out.insert(key.clone(), value.clone());
            }
        }
        if !parameters.is_empty() {
            insert(&mut out, "parameters", Value::Sequence(parameters));
        }
        Value::Mapping(out)
    }

    /// A parameter given as `$ref: '#/parameters/X'` where `X` is a body or form parameter,
    /// with its pointer; otherwise the parameter itself.
    fn resolve_parameter(&self, param: &'a Value, at: &str) -> Located<'a> {
        if let Some(name) = get(param, "$ref")
            .map(scalar_text)
            .and_then(|r| r.strip_prefix("#/parameters/").map(str::to_owned))
        {
            let name = crate::load::decode_name(&name);
            if let Some(target) = get(self.root, "parameters").and_then(|p| get(p, &name)) {
                return (target, crate::error::pointer(["parameters", name.as_str()]));
            }
        }
        (param, at.to_owned())
    }

    fn operation(&mut self, op: &'a Value, at: &str, shared: &[Located<'a>]) -> Value {
        let Value::Mapping(map) = op else {
            return op.clone();
        };
        let consumes =
            get(op, "consumes").map_or_else(|| self.consumes.clone(), |v| media_types(Some(v)));
        let produces =
            get(op, "produces").map_or_else(|| self.produces.clone(), |v| media_types(Some(v)));
        let mut parameters = Vec::new();
        let mut body: Option<Located<'a>> = None;
        let mut form: Vec<Located<'a>> = Vec::new();
        let mut own_names = Vec::new();
        if let Some(Value::Sequence(params)) = get(op, "parameters") {
            for (index, param) in params.iter().enumerate() {
                let param_at = format!("{at}/parameters/{index}");
                let (resolved, resolved_at) = self.resolve_parameter(param, &param_at);
                own_names.push((text(resolved, "name"), text(resolved, "in")));
                match text(resolved, "in").as_deref() {
                    Some("body" | "formData") => {
                        self.body_part(&mut body, &mut form, (resolved, resolved_at));
                    }
                    _ => {
                        let new_at = format!("{at}/parameters/{}", parameters.len());
                        if let Some(param) = self.parameter(param, &param_at, &new_at) {
                            parameters.push(param);
                        }
                    }
                }
            }
        }
        for (param, param_at) in shared {
            let key = (text(param, "name"), text(param, "in"));
            let has_body = body.is_some() && key.1.as_deref() == Some("body");
            if !own_names.contains(&key) && !has_body {
                self.body_part(&mut body, &mut form, (param, param_at.clone()));
            }
        }
        let mut out = Mapping::new();
        for (key, value) in map {
            match scalar_text(key).as_str() {
                "consumes" | "produces" | "schemes" | "parameters" => {}
                "responses" => {
                    let responses = self.responses(value, &produces, &child(at, "responses"));
                    out.insert(key.clone(), responses);
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        if !parameters.is_empty() {
            insert(&mut out, "parameters", Value::Sequence(parameters));
        }
        let request_body = match (body, form.is_empty()) {
            (Some(body), _) => Some(self.body(body, &consumes, at)),
            (None, false) => self.form(&form, &consumes, at),
            (None, true) => None,
        };
        if let Some(request_body) = request_body {
            insert(&mut out, "requestBody", request_body);
        }
        Value::Mapping(out)
    }

    /// Takes a body or form parameter; 3.0 has one request body, so a second body, or a body
    /// beside form fields, is a problem (lenient: the later one is left out).
    fn body_part(
        &mut self,
        body: &mut Option<Located<'a>>,
        form: &mut Vec<Located<'a>>,
        (param, at): Located<'a>,
    ) {
        let is_body = text(param, "in").as_deref() == Some("body");
        let clash = match (is_body, body.is_some(), form.is_empty()) {
            (true, true, _) => Some("a second `body` parameter"),
            (true, false, false) | (false, true, _) => {
                Some("a `body` parameter beside `formData` parameters")
            }
            _ => None,
        };
        if let Some(clash) = clash {
            let message = format!("{clash}: an OpenAPI 3.0 operation has one request body");
            self.problem(
                ErrorKind::Invalid,
                &at,
                &message,
                "this parameter is left out",
            );
        } else if is_body {
            *body = Some((param, at));
        } else {
            form.push((param, at));
        }
    }

    /// A `body` parameter as a request body under each of `consumes` (JSON when none).
    fn body(&mut self, (param, param_at): Located<'a>, consumes: &[String], at: &str) -> Value {
        let types = if consumes.is_empty() {
            vec![JSON.to_owned()]
        } else {
            consumes.to_vec()
        };
        let new_at = child(at, "requestBody");
        self.origins.add(new_at.clone(), param_at.clone());
        let mut content = Mapping::new();
        for media in &types {
            let media_at = child(&child(&new_at, "content"), media);
            let schema_at = child(&media_at, "schema");
            self.origins.add(schema_at, child(&param_at, "schema"));
            let mut media_type = Mapping::new();
            let body_schema = get(param, "schema").map_or(Value::Mapping(Mapping::new()), schema);
            insert(&mut media_type, "schema", body_schema);
            insert(&mut content, media, Value::Mapping(media_type));
        }
        let mut out = Mapping::new();
        if let Some(description) = get(param, "description") {
            insert(&mut out, "description", description.clone());
        }
        if let Some(required) = get(param, "required") {
            insert(&mut out, "required", required.clone());
        }
        insert(&mut out, "content", Value::Mapping(content));
        Value::Mapping(out)
    }

    /// `formData` parameters as one object schema: `multipart/form-data` when a field is a
    /// file or the operation consumes only that, else `application/x-www-form-urlencoded`.
    fn form(&mut self, fields: &[Located<'a>], consumes: &[String], at: &str) -> Option<Value> {
        let has_file = fields
            .iter()
            .any(|(p, _)| text(p, "type").as_deref() == Some("file"));
        let takes = |media: &str| {
            consumes
                .iter()
                .any(|c| c.split(';').next().is_some_and(|e| e.trim() == media))
        };
        let media = if has_file || (takes(MULTIPART) && !takes(FORM)) {
            MULTIPART
        } else {
            FORM
        };
        if !takes(MULTIPART) && !takes(FORM) {
            let listed = if consumes.is_empty() {
                "nothing".to_owned()
            } else {
                consumes.join(", ")
            };
            let message = format!(
                "`formData` parameters, but the operation consumes {listed} (not {FORM} or {MULTIPART})"
            );
            let guess = format!("sent as {media}");
            if !self.problem(
                ErrorKind::UnsupportedMediaType,
                &fields[0].1,
                &message,
                &guess,
            ) {
                return None;
            }
        }
        let new_at = child(at, "requestBody");
        self.origins.add(new_at.clone(), fields[0].1.clone());
        let media_at = child(&child(&new_at, "content"), media);
        let schema_at = child(&media_at, "schema");
        let mut properties = Mapping::new();
        let mut required = Vec::new();
        let mut encoding = Mapping::new();
        for (field, field_at) in fields {
            let name = text(field, "name").unwrap_or_default();
            let mut property = inline_schema(field);
            if let (Value::Mapping(map), Some(description)) =
                (&mut property, get(field, "description"))
            {
                insert(map, "description", description.clone());
            }
            self.origins.add(
                child(&child(&schema_at, "properties"), &name),
                field_at.clone(),
            );
            if get(field, "required").is_some_and(|r| r == &Value::Bool(true)) {
                required.push(string(&name));
            }
            if text(field, "type").as_deref() == Some("array")
                && let Some(style) = self.form_style(field, field_at)
            {
                let place = match get(field, "collectionFormat") {
                    Some(_) => child(field_at, "collectionFormat"),
                    None => field_at.clone(),
                };
                let encoding_at = child(&child(&media_at, "encoding"), &name);
                self.origins.add(encoding_at, place);
                insert(&mut encoding, &name, style);
            }
            insert(&mut properties, &name, property);
        }
        let mut object = Mapping::new();
        insert(&mut object, "type", string("object"));
        if !required.is_empty() {
            insert(&mut object, "required", Value::Sequence(required));
        }
        insert(&mut object, "properties", Value::Mapping(properties));
        let mut media_type = Mapping::new();
        insert(&mut media_type, "schema", Value::Mapping(object));
        if !encoding.is_empty() && media == FORM {
            insert(&mut media_type, "encoding", Value::Mapping(encoding));
        }
        let mut content = Mapping::new();
        insert(&mut content, media, Value::Mapping(media_type));
        let mut out = Mapping::new();
        if fields
            .iter()
            .any(|(p, _)| get(p, "required") == Some(&Value::Bool(true)))
        {
            insert(&mut out, "required", Value::Bool(true));
        }
        insert(&mut out, "content", Value::Mapping(content));
        Some(out.into())
    }

    /// A form array's `collectionFormat` as its encoding (`multi`, the 3.0 default, needs none).
    fn form_style(&mut self, field: &Value, at: &str) -> Option<Value> {
        let format = text(field, "collectionFormat").unwrap_or_else(|| "csv".to_owned());
        let (style, explode) = match format.as_str() {
            "multi" => return None,
            "csv" => ("form", false),
            "ssv" => ("spaceDelimited", false),
            "pipes" => ("pipeDelimited", false),
            other => {
                let message =
                    format!("`collectionFormat: {other}` cannot be expressed in OpenAPI 3.0");
                self.problem(
                    ErrorKind::Unsupported,
                    &child(at, "collectionFormat"),
                    &message,
                    "read as `csv`",
                );
                ("form", false)
            }
        };
        let mut out = Mapping::new();
        insert(&mut out, "style", string(style));
        insert(&mut out, "explode", Value::Bool(explode));
        Some(Value::Mapping(out))
    }
}
