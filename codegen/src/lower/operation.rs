//! Lowering of operations: parameters, bodies, success responses, tag modules, pagination and
//! waiters.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use openapiv3::{MediaType, ReferenceOr, StatusCode};

use super::docs::{doc_lines, docs_of, docs_or};
use super::names_in;
use super::schema::SchemaRef;
use super::{Lowerer, waiters};
use crate::error::{Error, ErrorKind, child};
use crate::ir::{
    Body, BodyEncoding, HttpMethod, OperationMethod, Success, TagModule, TypeKind, TypeRef,
};
use crate::load::{RawOperation, unescape_token};
use crate::names::{bare, module_name, snake_name, type_name};

/// Builder members a parameter or body setter may not be named after.
pub(super) const RESERVED: &[&str] = &[
    "client",
    "options",
    "body",
    "timeout",
    "connect_timeout",
    "header",
    "retry_policy",
    "send",
    "pages",
    "items",
    "request",
];

/// Module names the generator itself uses.
pub(crate) const RESERVED_MODULES: &[&str] = &[
    "models",
    "mod",
    "new",
    "builder",
    "execute",
    "execute_empty",
    "execute_optional",
];

/// Whether any 2xx response (or the `2XX` range) is documented.
fn declares_success(responses: &openapiv3::Responses) -> bool {
    responses.responses.keys().any(|code| match code {
        StatusCode::Code(n) => (200..300).contains(n),
        StatusCode::Range(r) => *r == 2,
    })
}

/// The media type of a request body that can be sent as raw bytes: not a form or multipart
/// (which need encoding), with no schema or a string schema. A wildcard becomes
/// `application/octet-stream`.
fn raw_request_media(content: &IndexMap<String, MediaType>) -> Option<String> {
    content.iter().find_map(|(key, media)| {
        let essence = key
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        if essence.starts_with("multipart/") || essence == "application/x-www-form-urlencoded" {
            return None;
        }
        let stringly = match &media.schema {
            None => true,
            Some(ReferenceOr::Item(schema)) => matches!(
                schema.schema_kind,
                openapiv3::SchemaKind::Type(openapiv3::Type::String(_))
            ),
            Some(ReferenceOr::Reference { .. }) => false,
        };
        if !stringly {
            return None;
        }
        Some(if essence.contains('*') {
            "application/octet-stream".to_owned()
        } else {
            key.trim().to_owned()
        })
    })
}

/// A request body that is not `application/json` but is built from the same model types: a
/// form, a multipart body, or a wildcard (`*/*`, `application/*`) with a structured schema,
/// which is sent as JSON. In that order of preference.
fn encoded_media<'m>(
    content: &'m IndexMap<String, MediaType>,
    at: &str,
) -> Option<(String, &'m MediaType, BodyEncoding)> {
    let essence = |key: &str| {
        key.split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase()
    };
    let structured = |media: &MediaType| match &media.schema {
        Some(ReferenceOr::Item(schema)) => !matches!(
            schema.schema_kind,
            openapiv3::SchemaKind::Type(openapiv3::Type::String(_))
        ),
        Some(ReferenceOr::Reference { .. }) => true,
        None => false,
    };
    let find = |wanted: &dyn Fn(&str) -> bool, encoding: BodyEncoding| {
        content
            .iter()
            .find(|(key, media)| wanted(&essence(key)) && structured(media))
            .map(|(key, media)| (child(&child(at, "content"), key), media, encoding))
    };
    find(
        &|e| e == "application/x-www-form-urlencoded",
        BodyEncoding::Form,
    )
    .or_else(|| find(&|e| e == "multipart/form-data", BodyEncoding::Multipart))
    .or_else(|| find(&|e| e == "*/*" || e == "application/*", BodyEncoding::Json))
}

fn is_json(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

fn json_content<'m>(
    content: &'m IndexMap<String, MediaType>,
    at: &str,
    what: &str,
) -> Result<(String, &'m MediaType), Error> {
    content
        .iter()
        .find(|(key, _)| is_json(key))
        .map(|(key, media)| (child(&child(at, "content"), key), media))
        .ok_or_else(|| {
            let found: Vec<&str> = content.keys().map(String::as_str).collect();
            Error::new(
                ErrorKind::UnsupportedMediaType,
                child(at, "content"),
                format!(
                    "{what} has no JSON media type (found {}); only application/json is supported",
                    found.join(", ")
                ),
            )
        })
}

/// The docs of a module of untagged operations (see [`crate::load::path_module`]).
pub fn untagged_docs(segment: &str) -> String {
    if segment == "default" {
        "Operations without a tag whose path has no segment to name a module after.".to_owned()
    } else {
        format!("Operations without a tag whose path starts with `{segment}`.")
    }
}

/// Splits a path template into literals and `{parameter}` names.
fn parse_template(path: &str, at: &str) -> Result<Vec<(bool, String)>, Error> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let (literal, after) = rest.split_at(open);
        if !literal.is_empty() {
            parts.push((false, literal.to_owned()));
        }
        let after = after.get(1..).unwrap_or_default();
        let Some(close) = after.find('}') else {
            return Err(Error::new(
                ErrorKind::PathParam,
                at,
                format!("path template `{path}` has an unclosed `{{`"),
            ));
        };
        let (name, tail) = after.split_at(close);
        if name.is_empty() || name.contains('{') {
            return Err(Error::new(
                ErrorKind::PathParam,
                at,
                format!("path template `{path}` has an empty or nested parameter"),
            ));
        }
        parts.push((true, name.to_owned()));
        rest = tail.get(1..).unwrap_or_default();
    }
    if rest.contains('}') {
        return Err(Error::new(
            ErrorKind::PathParam,
            at,
            format!("path template `{path}` has an unmatched `}}`"),
        ));
    }
    if !rest.is_empty() {
        parts.push((false, rest.to_owned()));
    }
    Ok(parts)
}

/// The strings of a JSON list (other items skipped); empty when `value` is not a list.
pub(super) fn string_list(value: Option<&serde_json::Value>) -> Vec<String> {
    value
        .and_then(serde_json::Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

impl<'a> Lowerer<'a> {
    pub(super) fn lower_operations(&mut self) -> BTreeMap<String, TagModule> {
        let doc = self.doc;
        let mut tags: BTreeMap<String, TagModule> = BTreeMap::new();
        // An untagged operation joins the module of a tag with its path's name, if any.
        let tagged: BTreeMap<String, &str> = doc
            .operations
            .iter()
            .filter(|raw| !raw.untagged)
            .map(|raw| (module_name(&raw.tag), raw.tag.as_str()))
            .collect();
        for raw in &doc.operations {
            let module = module_name(&raw.tag);
            let tag = match tagged.get(&module) {
                Some(tag) if raw.untagged => *tag,
                _ => raw.tag.as_str(),
            };
            if RESERVED_MODULES.contains(&module.as_str()) {
                let at = if raw.untagged {
                    raw.pointer.clone()
                } else {
                    child(&raw.pointer, "tags")
                };
                self.errors.push(Error::new(
                    ErrorKind::NameCollision,
                    at,
                    format!(
                        "tag `{}` would become module `{module}`, which the generator uses itself",
                        raw.tag
                    ),
                ));
                continue;
            }
            if let Some(existing) = tags.get(&module)
                && existing.tag != tag
            {
                self.errors.push(Error::new(
                    ErrorKind::NameCollision,
                    child(&raw.pointer, "tags"),
                    format!(
                        "tags `{}` and `{}` both become module `{module}`",
                        existing.tag, tag
                    ),
                ));
                continue;
            }
            let mark = self.added.len();
            let op = match self.lower_operation(raw, &module) {
                Ok(op) => op,
                Err(e) => {
                    self.errors.push(e);
                    self.roll_back(mark);
                    continue;
                }
            };
            let entry = tags.entry(module.clone()).or_insert_with(|| TagModule {
                tag: tag.to_owned(),
                module: module.clone(),
                struct_name: type_name(tag),
                docs: docs_or(doc.tag_descriptions.get(tag).map(String::as_str), || {
                    if raw.untagged && !tagged.contains_key(&module) {
                        untagged_docs(&raw.tag)
                    } else {
                        format!("Operations tagged `{tag}`.")
                    }
                }),
                operations: Vec::new(),
                untagged: raw.untagged && !tagged.contains_key(&module),
            });
            let clash = entry
                .operations
                .iter()
                .find(|other| other.method_name == op.method_name)
                .map(|other| other.operation_id.clone());
            if let Some(other) = clash {
                self.errors.push(Error::new(
                    ErrorKind::NameCollision,
                    child(&raw.pointer, "operationId"),
                    format!(
                        "operations `{}` and `{other}` both become method `{}` of `{}`",
                        op.operation_id, op.method_name, entry.struct_name
                    ),
                ));
                continue;
            }
            if op.builder == entry.struct_name {
                self.errors.push(Error::new(
                    ErrorKind::NameCollision,
                    child(&raw.pointer, "operationId"),
                    format!("builder `{}` has the name of the tag struct", op.builder),
                ));
                continue;
            }
            if let Some(value) = raw.operation.extensions.get("x-waiters") {
                self.waiters.push(waiters::PendingWaiters {
                    module: module.clone(),
                    operation_id: op.operation_id.clone(),
                    pointer: raw.pointer.clone(),
                    value,
                });
            }
            entry.operations.push(op);
        }
        tags
    }

    fn lower_operation(
        &mut self,
        raw: &'a RawOperation,
        module: &str,
    ) -> Result<OperationMethod, Error> {
        let op = &raw.operation;
        let at = raw.pointer.as_str();
        let camel = type_name(&raw.operation_id);
        let http_method = match raw.method {
            "get" => HttpMethod::Get,
            "post" => HttpMethod::Post,
            "put" => HttpMethod::Put,
            "patch" => HttpMethod::Patch,
            "delete" => HttpMethod::Delete,
            "head" => HttpMethod::Head,
            "options" => HttpMethod::Options,
            other => {
                return Err(Error::new(
                    ErrorKind::Unsupported,
                    at,
                    format!("HTTP method {} is not supported", other.to_uppercase()),
                ));
            }
        };

        let template = parse_template(&raw.path, at)?;
        let (path_parts, ordered) = self.lower_parameters(raw, &camel, &template)?;

        let body = match &op.request_body {
            None => None,
            Some(body) => Some(self.lower_body(body, &camel, &child(at, "requestBody"))?),
        };
        // A response to HEAD has no body whatever its headers say (RFC 9110 section 9.3.2).
        let success = if http_method == HttpMethod::Head {
            Success::Empty
        } else {
            self.lower_success(raw, &camel)?
        };

        let scopes = string_list(op.extensions.get("x-scopes"));
        let mut docs = Vec::new();
        if let Some(summary) = op.summary.as_deref().filter(|s| !s.trim().is_empty()) {
            docs.extend(doc_lines(summary));
        }
        if let Some(description) = op.description.as_deref().filter(|s| !s.trim().is_empty()) {
            if !docs.is_empty() {
                docs.push(String::new());
            }
            docs.extend(doc_lines(description));
        }
        if docs.is_empty() {
            docs.push(format!("Calls `{}`.", raw.operation_id));
        }
        docs.push(String::new());
        docs.push(format!(
            "`{} {}` (operation `{}`).",
            raw.method.to_uppercase(),
            raw.path,
            raw.operation_id
        ));
        if !raw.other_tags.is_empty() {
            let list: Vec<String> = raw.other_tags.iter().map(|t| format!("`{t}`")).collect();
            docs.push(String::new());
            docs.push(format!(
                "Also tagged {}; generated once, under `{}`.",
                list.join(", "),
                raw.tag
            ));
        }
        if !declares_success(&op.responses) {
            docs.push(String::new());
            docs.push(
                "The spec documents no success response: a 2xx is accepted and its body is not read."
                    .to_owned(),
            );
        }
        // The spec's own description usually names the scopes already; say it once.
        let described = |scope: &String| docs.iter().any(|line| line.contains(scope.as_str()));
        if !scopes.is_empty() && !scopes.iter().all(described) {
            let list: Vec<String> = scopes.iter().map(|s| format!("`{s}`")).collect();
            docs.push(String::new());
            docs.push(format!("Required OAuth scopes: {}.", list.join(", ")));
        }
        if op.deprecated {
            docs.push(String::new());
            docs.push("Deprecated by the API.".to_owned());
        }

        let full = snake_name(&raw.operation_id);
        let full = bare(&full);
        // The tag's own words, not the module name: a keyword tag (`match`) has module `match_`.
        let tag_words = snake_name(&raw.tag);
        let rest = full
            .strip_prefix(bare(&tag_words))
            .and_then(|r| r.strip_prefix('_'))
            .filter(|r| !r.is_empty())
            .unwrap_or(full);
        let method_name = snake_name(rest);
        Ok(OperationMethod {
            pointer: raw.pointer.clone(),
            operation_id: raw.operation_id.clone(),
            module: module.to_owned(),
            method_name,
            builder: camel,
            http_method,
            path: raw.path.clone(),
            path_parts,
            params: ordered,
            body,
            success,
            paginated: false,
            waiters: Vec::new(),
            scopes,
            docs,
            deprecated: op.deprecated,
        })
    }

    fn lower_body(
        &mut self,
        body: &'a ReferenceOr<openapiv3::RequestBody>,
        camel: &str,
        at: &str,
    ) -> Result<Body, Error> {
        let doc = self.doc;
        let (body, at) = match body {
            ReferenceOr::Item(body) => (body, at.to_owned()),
            ReferenceOr::Reference { reference } => {
                let name = reference
                    .strip_prefix("#/components/requestBodies/")
                    .map(unescape_token);
                match name.as_ref().and_then(|n| doc.request_bodies.get(n)) {
                    Some(ReferenceOr::Item(body)) => (
                        body,
                        crate::error::pointer([
                            "components",
                            "requestBodies",
                            name.as_deref().unwrap_or_default(),
                        ]),
                    ),
                    _ => {
                        return Err(Error::new(
                            ErrorKind::DanglingRef,
                            at,
                            format!(
                                "request body reference `{reference}` does not resolve to a request body"
                            ),
                        ));
                    }
                }
            }
        };
        if body.content.is_empty() {
            return Err(Error::new(
                ErrorKind::Invalid,
                child(&at, "content"),
                "request body has no content",
            ));
        }
        let docs = docs_of(body.description.as_deref());
        let (media_at, media, encoding) = match json_content(&body.content, &at, "the request body")
        {
            Ok((media_at, media)) => (media_at, media, BodyEncoding::Json),
            Err(error) => match encoded_media(&body.content, &at) {
                Some(found) => found,
                None => match raw_request_media(&body.content) {
                    Some(media_type) => {
                        return Ok(Body {
                            ty: TypeRef::Bytes,
                            raw_media_type: Some(media_type),
                            encoding: BodyEncoding::Json,
                            required: body.required,
                            docs,
                            builder: None,
                            setters: Vec::new(),
                            example: None,
                        });
                    }
                    None => return Err(error),
                },
            },
        };
        if encoding != BodyEncoding::Json
            && let Some(schema) = &media.schema
            && let Some((name, property_at)) =
                self.binary_property(SchemaRef::of(schema), &child(&media_at, "schema"))
        {
            return Err(Error::new(
                ErrorKind::UnsupportedMediaType,
                property_at,
                format!(
                    "property `{name}` of a form or multipart body is binary (`format: binary`); file parts are not supported"
                ),
            ));
        }
        let ty = match &media.schema {
            Some(schema) => self.lower(
                SchemaRef::of(schema),
                &format!("{camel}Request"),
                &child(&media_at, "schema"),
            )?,
            None => TypeRef::Json,
        };
        if encoding != BodyEncoding::Json && !self.is_object_type(&ty) {
            return Err(Error::new(
                ErrorKind::UnsupportedMediaType,
                child(&media_at, "schema"),
                "a form or multipart body must be an object with properties",
            ));
        }
        self.describe_hoisted(
            &ty,
            &format!("{camel}Request"),
            format!("The JSON body of a `{camel}` request."),
        );
        Ok(Body {
            ty,
            raw_media_type: None,
            encoding,
            required: body.required,
            docs,
            builder: None,
            setters: Vec::new(),
            example: media.example.clone(),
        })
    }

    /// Whether `ty` serialises as a JSON object (a struct or a map, behind aliases).
    fn is_object_type(&self, ty: &TypeRef) -> bool {
        match ty.unaliased(&self.types) {
            TypeRef::Map(_) | TypeRef::Json => true,
            TypeRef::Named(name) => matches!(
                self.types.get(name).map(|d| &d.kind),
                Some(TypeKind::Struct(_) | TypeKind::Map(_))
            ),
            _ => false,
        }
    }

    fn lower_success(&mut self, raw: &'a RawOperation, camel: &str) -> Result<Success, Error> {
        let doc = self.doc;
        let responses = &raw.operation.responses;
        let at = child(&raw.pointer, "responses");
        if responses.responses.is_empty() && responses.default.is_none() {
            return Err(Error::new(
                ErrorKind::NoResponses,
                at,
                "the operation declares no responses",
            ));
        }
        let mut success: Vec<(u16, String, &'a ReferenceOr<openapiv3::Response>)> = responses
            .responses
            .iter()
            .filter_map(|(code, response)| match code {
                StatusCode::Code(n) if (200..300).contains(n) => {
                    Some((*n, code.to_string(), response))
                }
                StatusCode::Range(2) => Some((299, code.to_string(), response)),
                _ => None,
            })
            .collect();
        success.sort_by_key(|(n, _, _)| *n);
        // No 2xx documented (only errors, or only `default`): a success is accepted without
        // reading its body; the docs say so.
        for (_, code, response) in success {
            let mut response_at = child(&at, &code);
            let response = match response {
                ReferenceOr::Item(r) => r,
                ReferenceOr::Reference { reference } => {
                    let name = reference
                        .strip_prefix("#/components/responses/")
                        .map(unescape_token);
                    match name.as_ref().and_then(|n| doc.responses.get(n)) {
                        Some(ReferenceOr::Item(r)) => {
                            response_at = crate::error::pointer([
                                "components",
                                "responses",
                                name.as_deref().unwrap_or_default(),
                            ]);
                            r
                        }
                        _ => {
                            return Err(Error::new(
                                ErrorKind::DanglingRef,
                                response_at,
                                format!(
                                    "response reference `{reference}` does not resolve to a response"
                                ),
                            ));
                        }
                    }
                }
            };
            if response.content.is_empty() {
                continue;
            }
            let json = json_content(&response.content, &response_at, "the response");
            // `*/*` or `application/*` with a structured schema (as some generators write every
            // response) is decoded as JSON like a request body of that kind is sent as JSON.
            let wildcard = || match encoded_media(&response.content, &response_at) {
                Some((media_at, media, BodyEncoding::Json)) => Some((media_at, media)),
                _ => None,
            };
            let Some((media_at, media)) = json.ok().or_else(wildcard) else {
                // Not JSON (a CSV, a PDF, YAML): the body is returned as bytes.
                return Ok(Success::Raw(response.content.keys().cloned().collect()));
            };
            let ty = match &media.schema {
                Some(schema) => self.lower(
                    SchemaRef::of(schema),
                    &format!("{camel}Response"),
                    &child(&media_at, "schema"),
                )?,
                None => TypeRef::Json,
            };
            self.describe_hoisted(
                &ty,
                &format!("{camel}Response"),
                format!("The JSON body of a successful `{camel}` response ({code})."),
            );
            return Ok(Success::Json(ty));
        }
        Ok(Success::Empty)
    }

    /// Drops operations that mention a type that failed to lower.
    pub(super) fn drop_incomplete_operations(
        &mut self,
        mut tags: BTreeMap<String, TagModule>,
    ) -> BTreeMap<String, TagModule> {
        for module in tags.values_mut() {
            let mut kept = Vec::new();
            for op in std::mem::take(&mut module.operations) {
                let mut names = BTreeSet::new();
                op.params.iter().for_each(|p| names_in(&p.ty, &mut names));
                if let Some(body) = &op.body {
                    names_in(&body.ty, &mut names);
                }
                if let Success::Json(ty) = &op.success {
                    names_in(ty, &mut names);
                }
                match names.iter().find(|n| !self.types.contains_key(*n)) {
                    Some(missing) => self.errors.push(Error::new(
                        ErrorKind::Unsupported,
                        op.pointer.clone(),
                        format!(
                            "operation `{}` uses type `{missing}`, which could not be generated",
                            op.operation_id
                        ),
                    )),
                    None => kept.push(op),
                }
            }
            module.operations = kept;
        }
        tags.retain(|_, module| !module.operations.is_empty());
        tags
    }
}
