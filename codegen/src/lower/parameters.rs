//! Lowering of an operation's parameters: path-item and operation parameters merged, each
//! one's location, type, style and Rust name, and the path template checked against them.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr};

use super::Lowerer;
use super::docs::docs_of;
use super::operation::BUILDER_MEMBERS;
use super::view::SchemaRef;
use super::walk::{struct_of, unwrapped};
use crate::error::{Error, ErrorKind, child};
use crate::ir::{Param, ParamLocation, PathPart, QueryStyle, TypeRef};
use crate::load::RawOperation;
use crate::names::{bare, snake_name, type_name};

/// Header parameters OpenAPI 3.0 says to ignore.
const IGNORED_HEADERS: &[&str] = &["accept", "content-type", "authorization"];

/// Declared parameters by (name, location), with their pointers.
pub(super) type Declared<'a> = IndexMap<(String, &'static str), (String, &'a Parameter)>;

/// An HTTP header name: one or more token characters (RFC 9110).
fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Where a parameter goes, or `None` for a header OpenAPI says to ignore.
fn param_location(
    name: &str,
    location: &str,
    param_at: &str,
) -> Result<Option<ParamLocation>, Error> {
    match location {
        "path" => Ok(Some(ParamLocation::Path)),
        "query" => Ok(Some(ParamLocation::Query)),
        "header" => {
            // OpenAPI 3.0: a header parameter named Accept, Content-Type or
            // Authorization "SHALL be ignored"; the runtime sets those itself.
            if IGNORED_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
                return Ok(None);
            }
            if !is_header_name(name) {
                return Err(Error::new(
                    ErrorKind::Invalid,
                    child(param_at, "name"),
                    format!("header parameter `{name}` is not a valid HTTP header name"),
                ));
            }
            Ok(Some(ParamLocation::Header))
        }
        other => Err(Error::new(
            ErrorKind::UnsupportedParameterLocation,
            param_at.to_owned(),
            format!(
                "{other} parameter `{name}` is not supported; the runtime sends path, query and header parameters"
            ),
        )),
    }
}

/// The inclusive bounds of an integer parameter's schema (exclusive bounds moved in by one).
fn integer_bounds(resolved: Option<&openapiv3::Schema>) -> (Option<i64>, Option<i64>) {
    match resolved.map(|s| &s.schema_kind) {
        Some(openapiv3::SchemaKind::Type(openapiv3::Type::Integer(int))) => (
            int.minimum.map(|m| {
                if int.exclusive_minimum {
                    m.saturating_add(1)
                } else {
                    m
                }
            }),
            int.maximum.map(|m| {
                if int.exclusive_maximum {
                    m.saturating_sub(1)
                } else {
                    m
                }
            }),
        ),
        _ => (None, None),
    }
}

impl<'a> Lowerer<'a> {
    /// The parameters of an operation, lowered: path parameters first in template order, then
    /// the others in declaration order, with the path's parts.
    pub(super) fn lower_parameters(
        &mut self,
        raw: &'a RawOperation,
        camel: &str,
        template: &[(bool, String)],
    ) -> Result<(Vec<PathPart>, Vec<Param>), Error> {
        let declared = self.declared_parameters(raw)?;
        let mut params: Vec<Param> = Vec::new();
        let mut taken: BTreeSet<String> = BUILDER_MEMBERS.iter().map(|s| (*s).to_owned()).collect();
        for ((name, location), (param_at, param)) in &declared {
            if let Some(lowered) =
                self.lower_parameter((name, location), param_at, param, camel, &mut taken)?
            {
                params.push(lowered);
            }
        }
        if self.lenient {
            self.guess_path_params(template, &mut params, &mut taken, &raw.pointer)?;
        }
        Self::order_params(raw, template, params, &declared)
    }

    /// The parameters of an operation: operation parameters override path-item parameters with
    /// the same name and location.
    fn declared_parameters(&self, raw: &'a RawOperation) -> Result<Declared<'a>, Error> {
        let op = &raw.operation;
        let at = raw.pointer.as_str();
        let mut declared: Declared<'a> = IndexMap::new();
        let op_params = op
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("{at}/parameters/{i}"), p));
        let item_params = raw.path_item_parameters.iter().map(|(a, p)| (a.clone(), p));
        for (param_at, param) in item_params.chain(op_params) {
            let param = self.resolve_parameter(param, &param_at)?;
            let location = match param {
                Parameter::Path { .. } => "path",
                Parameter::Query { .. } => "query",
                Parameter::Header { .. } => "header",
                Parameter::Cookie { .. } => "cookie",
            };
            let name = param.parameter_data_ref().name.clone();
            declared.insert((name, location), (param_at, param));
        }
        Ok(declared)
    }

    /// A parameter, its references followed.
    fn resolve_parameter(
        &self,
        param: &'a ReferenceOr<Parameter>,
        at: &str,
    ) -> Result<&'a Parameter, Error> {
        self.resolve_component(param, at).map(|(param, _)| param)
    }

    /// One declared parameter: its type, style, Rust name (unique among `taken`), bounds and
    /// example; `None` for a header OpenAPI says to ignore.
    fn lower_parameter(
        &mut self,
        (name, location): (&str, &str),
        param_at: &str,
        param: &'a Parameter,
        camel: &str,
        taken: &mut BTreeSet<String>,
    ) -> Result<Option<Param>, Error> {
        let Some(location) = param_location(name, location, param_at)? else {
            return Ok(None);
        };
        // The runtime reserves the empty query name for pairs named at run time (a map's
        // entries), and a pair with no name says nothing anyway.
        if location == ParamLocation::Query && name.is_empty() {
            return Err(Error::new(
                ErrorKind::Invalid,
                child(param_at, "name"),
                "query parameter has an empty name",
            ));
        }
        let data = param.parameter_data_ref();
        let schema = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => schema,
            ParameterSchemaOrContent::Content(_) => {
                return Err(Error::new(
                    ErrorKind::Unsupported,
                    param_at.to_owned(),
                    format!("parameter `{name}` uses `content`; only `schema` is supported"),
                ));
            }
        };
        let mut ty = self.lower(
            SchemaRef::of(schema),
            &format!("{camel}{}", type_name(name)),
            &child(param_at, "schema"),
        )?;
        let style = match param {
            Parameter::Query { style, .. } => {
                let explode = data
                    .explode
                    .unwrap_or(matches!(style, openapiv3::QueryStyle::Form));
                match style {
                    openapiv3::QueryStyle::Form => QueryStyle::Form { explode },
                    openapiv3::QueryStyle::SpaceDelimited => QueryStyle::SpaceDelimited,
                    openapiv3::QueryStyle::PipeDelimited => QueryStyle::PipeDelimited,
                    openapiv3::QueryStyle::DeepObject => QueryStyle::DeepObject,
                }
            }
            _ => QueryStyle::default(),
        };
        if let Err(refusal) = self.check_usable(&ty, name, location, style, param_at) {
            // Lenient mode: an optional parameter the client cannot write is left out, so the
            // operation is still generated (and sent without it); a required one cannot be.
            let optional = location != ParamLocation::Path && !data.required;
            if self.lenient && optional {
                self.guesses.push(Error::new(
                    refusal.kind,
                    refusal.pointer,
                    format!(
                        "{}; the parameter is optional, so it is left out and the operation is generated without it",
                        refusal.message
                    ),
                ));
                return Ok(None);
            }
            if self.lenient {
                // A required one (a path segment that is an object, a required array of objects
                // in a query): its value is taken as the text to send, written by the caller.
                self.guesses.push(Error::new(
                    refusal.kind,
                    refusal.pointer,
                    format!(
                        "{}; the parameter is required, so it is read as a string the caller writes",
                        refusal.message
                    ),
                ));
                ty = TypeRef::String;
            } else {
                return Err(refusal);
            }
        }
        let mut rust = snake_name(name);
        if BUILDER_MEMBERS.contains(&bare(&rust)) {
            rust = format!("{}_param", bare(&rust));
        }
        let rust = self.unique_name(rust, taken, param_at, &format!("parameter `{name}`"))?;
        taken.insert(rust.clone());
        let resolved = self
            .resolve(SchemaRef::of(schema), &child(param_at, "schema"))
            .ok();
        let (minimum, maximum) = integer_bounds(resolved);
        let example = data
            .example
            .clone()
            .or_else(|| resolved.and_then(|s| s.schema_data.example.clone()));
        Ok(Some(Param {
            rust_name: rust,
            wire_name: name.to_owned(),
            location,
            ty,
            required: location == ParamLocation::Path || data.required,
            minimum,
            maximum,
            example,
            style,
            docs: docs_of(data.description.as_deref()),
        }))
    }

    /// Lenient mode: a template parameter nobody declared is guessed to be a required string.
    fn guess_path_params(
        &mut self,
        template: &[(bool, String)],
        params: &mut Vec<Param>,
        taken: &mut BTreeSet<String>,
        at: &str,
    ) -> Result<(), Error> {
        if self.lenient {
            // A template parameter nobody declared: guessed to be a required string.
            for (is_param, text) in template {
                let declared_here = params
                    .iter()
                    .any(|p| p.location == ParamLocation::Path && &p.wire_name == text);
                if !is_param || declared_here {
                    continue;
                }
                let mut rust = snake_name(text);
                if BUILDER_MEMBERS.contains(&bare(&rust)) {
                    rust = format!("{}_param", bare(&rust));
                }
                let rust = self.unique_name(rust, taken, at, &format!("parameter `{text}`"))?;
                taken.insert(rust.clone());
                self.guesses.push(Error::new(
                ErrorKind::PathParam,
                at,
                format!(
                    "path template parameter `{{{text}}}` has no `in: path` definition; taken as a required string"
                ),
            ));
                params.push(Param {
                    rust_name: rust,
                    wire_name: text.clone(),
                    location: ParamLocation::Path,
                    ty: TypeRef::String,
                    required: true,
                    minimum: None,
                    maximum: None,
                    example: None,
                    style: QueryStyle::default(),
                    docs: vec![format!(
                        "The `{text}` path parameter (not declared by the spec; taken as a string)."
                    )],
                });
            }
        }
        Ok(())
    }

    /// The path template against the path parameters, both ways: the path's parts, and the
    /// parameters with path parameters first, in template order.
    fn order_params(
        raw: &RawOperation,
        template: &[(bool, String)],
        params: Vec<Param>,
        declared: &Declared<'_>,
    ) -> Result<(Vec<PathPart>, Vec<Param>), Error> {
        let at = raw.pointer.as_str();
        let mut path_parts = Vec::new();
        let mut ordered: Vec<Param> = Vec::new();
        for (is_param, text) in template {
            if !is_param {
                path_parts.push(PathPart::Literal(text.clone()));
                continue;
            }
            let Some(param) = params
                .iter()
                .find(|p| p.location == ParamLocation::Path && &p.wire_name == text)
            else {
                return Err(Error::new(
                    ErrorKind::PathParam,
                    at,
                    format!("path template parameter `{{{text}}}` has no `in: path` definition"),
                ));
            };
            path_parts.push(PathPart::Param(param.rust_name.clone()));
            if !ordered.iter().any(|p| p.wire_name == param.wire_name) {
                ordered.push(param.clone());
            }
        }
        for param in &params {
            if param.location == ParamLocation::Path
                && !template.iter().any(|(p, t)| *p && *t == param.wire_name)
            {
                let param_at = declared
                    .get(&(param.wire_name.clone(), "path"))
                    .map_or(at, |(param_at, _)| param_at.as_str());
                return Err(Error::new(
                    ErrorKind::PathParam,
                    param_at,
                    format!(
                        "path parameter `{}` does not appear in the path template `{}`",
                        param.wire_name, raw.path
                    ),
                ));
            }
        }
        ordered.extend(
            params
                .into_iter()
                .filter(|p| p.location != ParamLocation::Path),
        );
        Ok((path_parts, ordered))
    }

    /// Checks that a parameter of type `ty` can be written where it goes: a scalar into a path
    /// or a header; in a query also an array of scalars (not with deepObject) or an object that
    /// `query_object` accepts.
    fn check_usable(
        &self,
        ty: &TypeRef,
        name: &str,
        location: ParamLocation,
        style: QueryStyle,
        param_at: &str,
    ) -> Result<(), Error> {
        // What can go into a URL or a header is what `TypeRef::is_display` says, decided once.
        let scalar_ok = |t: &TypeRef| t.is_display(&self.types);
        let usable = match (ty, location) {
            (TypeRef::Vec(inner), ParamLocation::Query) => {
                if style == QueryStyle::DeepObject {
                    return Err(Error::new(
                        ErrorKind::Unsupported,
                        child(param_at, "style"),
                        format!(
                            "query parameter `{name}` is an array with style deepObject, which OpenAPI 3.0 defines only for objects"
                        ),
                    ));
                }
                scalar_ok(inner)
            }
            (other, ParamLocation::Query) if !scalar_ok(other) => {
                self.query_object(other, name, style, param_at)?;
                true
            }
            (other, _) => scalar_ok(other),
        };
        if usable {
            Ok(())
        } else {
            Err(Error::new(
                ErrorKind::Unsupported,
                child(param_at, "schema"),
                format!(
                    "parameter `{name}` has a type that cannot be written into a URL or a header"
                ),
            ))
        }
    }

    /// Checks that a query parameter of object type can be written as pairs: a struct (behind
    /// aliases) whose properties are scalars or arrays of scalars, with style `form` or
    /// `deepObject`; or a map of scalars (see `query_maps`). Nested objects are refused.
    fn query_object(
        &self,
        ty: &TypeRef,
        name: &str,
        style: QueryStyle,
        at: &str,
    ) -> Result<(), Error> {
        let refuse = |why: &str| {
            Error::new(
                ErrorKind::Unsupported,
                child(at, "schema"),
                format!("query parameter `{name}` {why}"),
            )
        };
        if let Some(value) = ty.map_value(&self.types) {
            return super::query_maps::check_query_map(&self.types, value, style)
                .map_err(|why| refuse(&why));
        }
        let Some(st) = struct_of(&self.types, ty) else {
            return Err(refuse(
                "has a type that cannot be written into a URL (only scalars, arrays of scalars, objects with fixed scalar properties and maps of scalars can)",
            ));
        };
        if matches!(
            style,
            QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited
        ) {
            return Err(refuse(
                "is an object with a delimited style, which OpenAPI 3.0 defines only for arrays",
            ));
        }
        for field in &st.fields {
            let leaf_ty = match unwrapped(&self.types, &field.ty) {
                TypeRef::Vec(inner) => unwrapped(&self.types, inner),
                other => other,
            };
            if !(leaf_ty.is_display(&self.types) || matches!(leaf_ty, TypeRef::DateTime)) {
                return Err(refuse(&format!(
                    "has property `{}` that is not a scalar or an array of scalars",
                    field.wire_name
                )));
            }
        }
        Ok(())
    }
}
