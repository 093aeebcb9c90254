//! Lowering of request bodies and success responses: which media type is used, how the body
//! is encoded, and the Rust type of each.

use indexmap::IndexMap;
use openapiv3::{MediaType, ReferenceOr, StatusCode};

use super::Lowerer;
use super::docs::docs_of;
use super::view::SchemaRef;
use crate::error::{Error, ErrorKind, child};
use crate::ir::{Body, BodyEncoding, Success, TypeKind, TypeRef};
use crate::load::RawOperation;

/// The media type of a request body that can be sent as raw bytes: not a form or multipart
/// (which need encoding), with no schema or a string schema (inline, or a `$ref` that
/// `string_ref` says is one). A wildcard becomes `application/octet-stream`.
fn raw_request_media(
    content: &IndexMap<String, MediaType>,
    string_ref: impl Fn(&str) -> bool,
) -> Option<String> {
    content.iter().find_map(|(key, media)| {
        let essence = essence(key);
        if essence.starts_with("multipart/") || essence == "application/x-www-form-urlencoded" {
            return None;
        }
        // A text body of a scalar (`text/plain` with `type: boolean`) is that scalar's text,
        // which the caller writes, as for a string.
        let text_scalar = |kind: &openapiv3::SchemaKind| {
            essence.starts_with("text/")
                && matches!(
                    kind,
                    openapiv3::SchemaKind::Type(
                        openapiv3::Type::Boolean(_)
                            | openapiv3::Type::Integer(_)
                            | openapiv3::Type::Number(_)
                    )
                )
        };
        let stringly = match &media.schema {
            None => true,
            Some(ReferenceOr::Item(schema)) => {
                matches!(
                    schema.schema_kind,
                    openapiv3::SchemaKind::Type(openapiv3::Type::String(_))
                ) || text_scalar(&schema.schema_kind)
            }
            Some(ReferenceOr::Reference { reference }) => string_ref(reference),
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

/// Whether a media type is JSON (`application/json`, the older `text/json` or a `+json`
/// suffix).
fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence == "text/json" || essence.ends_with("+json")
}

/// A media type without its parameters, lower-cased: `Application/JSON; charset=utf-8` is
/// `application/json`. The one place media types are parsed.
fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// The first JSON media type of `content`, with its pointer; `what` names the owner in the error.
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

impl<'a> Lowerer<'a> {
    /// A URL-encoded form writes an array one pair per item (`style: form`, exploded, the 3.0
    /// default); an `encoding` asking for the items joined into one value (`explode: false`, a
    /// delimited style; Swagger 2.0's default `csv`) is refused, or in lenient mode ignored and
    /// reported.
    fn form_styles(&mut self, media: &openapiv3::MediaType, media_at: &str) -> Result<(), Error> {
        for (name, entry) in &media.encoding {
            let joined = match entry.style {
                Some(openapiv3::QueryStyle::Form) => !entry.explode,
                Some(_) => true,
                None => false,
            };
            if !joined {
                continue;
            }
            let error = Error::new(
                ErrorKind::Unsupported,
                child(&child(media_at, "encoding"), name),
                format!(
                    "form field `{name}` asks for its items joined into one value; the client writes a form array as one pair per item"
                ),
            );
            if !self.lenient {
                return Err(error);
            }
            self.guesses.push(Error {
                message: format!("{}; sent one pair per item", error.message),
                ..error
            });
        }
        Ok(())
    }

    /// The request body: its media type, encoding, Rust type and docs.
    pub(super) fn lower_body(
        &mut self,
        body: &'a ReferenceOr<openapiv3::RequestBody>,
        camel: &str,
        at: &str,
    ) -> Result<Body, Error> {
        let (body, at) = self.resolve_component(body, at)?;
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
                None => match raw_request_media(&body.content, |reference| {
                    // A `$ref` to a binary (string) schema is raw bytes like an inline one.
                    self.resolve(SchemaRef::Ref(reference), &at)
                        .is_ok_and(|schema| {
                            matches!(
                                schema.schema_kind,
                                openapiv3::SchemaKind::Type(openapiv3::Type::String(_))
                            )
                        })
                }) {
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
                            file_types: Vec::new(),
                        });
                    }
                    None => return Err(error),
                },
            },
        };
        // `format: binary` properties are file parts of a multipart body; a URL-encoded form
        // has no way to carry a file.
        let files = match (&media.schema, encoding) {
            (Some(schema), BodyEncoding::Form | BodyEncoding::Multipart) => {
                self.binary_properties(SchemaRef::of(schema), &child(&media_at, "schema"))
            }
            _ => Vec::new(),
        };
        if encoding == BodyEncoding::Form
            && let Some(file) = files.first()
        {
            return Err(Error::new(
                ErrorKind::UnsupportedMediaType,
                file.at.clone(),
                format!(
                    "property `{}` of an application/x-www-form-urlencoded body is binary (`format: binary`), which a URL-encoded form cannot carry (multipart/form-data can)",
                    file.wire
                ),
            ));
        }
        if encoding == BodyEncoding::Form {
            self.form_styles(media, &media_at)?;
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
        let file_types = self.file_parts(&ty, &files, media);
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
            file_types,
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

    /// The success response: the lowest documented 2xx with a body decides its type; whether
    /// any documented 2xx has no body decides whether that type is optional.
    pub(super) fn lower_success(
        &mut self,
        raw: &'a RawOperation,
        camel: &str,
    ) -> Result<Success, Error> {
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
        let mut resolved = Vec::with_capacity(success.len());
        for (_, code, response) in success {
            let (response, response_at) = self.resolve_component(response, &child(&at, &code))?;
            resolved.push((code, response, response_at));
        }
        // A JSON body is `Option<T>` only when the spec also lists a 2xx without one (a 202 or
        // 204 alongside a 200): then an empty success is `None`. Otherwise the body is the
        // documented `T`, and a success that comes without it is `Error::EmptyBody`, which is
        // not retryable for a state-changing request (the server did the work).
        let empty_listed = resolved
            .iter()
            .any(|(_, response, _)| response.content.is_empty());
        // No 2xx documented (only errors, or only `default`): a success is accepted without
        // reading its body; the docs say so.
        for (code, response, response_at) in resolved {
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
            return Ok(if empty_listed {
                Success::JsonOrEmpty(ty)
            } else {
                Success::Json(ty)
            });
        }
        Ok(Success::Empty)
    }
}
