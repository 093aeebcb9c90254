//! One uniform view of a schema, whatever shape `openapiv3` parsed it into, and what it is
//! classified as (struct, enum, union, alias, ...). The lowering in `schema.rs` works on these.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty,
};

use super::Lowerer;
use crate::error::{Error, ErrorKind, child};
use crate::ir::TypeRef;

/// A schema or a reference to one, borrowed from the document.
#[derive(Clone, Copy)]
pub(crate) enum SchemaRef<'a> {
    Ref(&'a str),
    Inline(&'a Schema),
}

impl<'a> SchemaRef<'a> {
    pub(crate) fn of(schema: &'a ReferenceOr<Schema>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(item) => SchemaRef::Inline(item),
        }
    }

    pub(crate) fn of_boxed(schema: &'a ReferenceOr<Box<Schema>>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(item) => SchemaRef::Inline(item),
        }
    }
}

/// One uniform view of the many shapes `openapiv3` parses a schema into.
#[derive(Default)]
pub(super) struct View<'a> {
    pub(super) typ: Option<&'a str>,
    pub(super) format: Option<String>,
    pub(super) enum_values: Vec<String>,
    pub(super) properties: Option<&'a IndexMap<String, ReferenceOr<Box<Schema>>>>,
    pub(super) required: &'a [String],
    pub(super) additional: Option<&'a AdditionalProperties>,
    pub(super) items: Option<&'a ReferenceOr<Box<Schema>>>,
    pub(super) one_of: &'a [ReferenceOr<Schema>],
    pub(super) any_of: &'a [ReferenceOr<Schema>],
    pub(super) all_of: &'a [ReferenceOr<Schema>],
    pub(super) not: bool,
}

fn format_text<T: std::fmt::Debug>(format: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(item) => {
            // The known variants print as their spelling in the spec once kebab-cased.
            let debug = format!("{item:?}");
            Some(heck::ToKebabCase::to_kebab_case(debug.as_str()))
        }
        VariantOrUnknownOrEmpty::Unknown(text) => Some(text.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

impl<'a> View<'a> {
    pub(super) fn of(schema: &'a Schema) -> Self {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => View {
                typ: Some("string"),
                format: format_text(&s.format),
                enum_values: s.enumeration.iter().flatten().cloned().collect(),
                ..View::default()
            },
            SchemaKind::Type(Type::Integer(i)) => View {
                typ: Some("integer"),
                format: format_text(&i.format),
                ..View::default()
            },
            SchemaKind::Type(Type::Number(n)) => View {
                typ: Some("number"),
                format: format_text(&n.format),
                ..View::default()
            },
            SchemaKind::Type(Type::Boolean(_)) => View {
                typ: Some("boolean"),
                ..View::default()
            },
            SchemaKind::Type(Type::Object(o)) => View {
                typ: Some("object"),
                properties: Some(&o.properties),
                required: &o.required,
                additional: o.additional_properties.as_ref(),
                ..View::default()
            },
            SchemaKind::Type(Type::Array(a)) => View {
                typ: Some("array"),
                items: a.items.as_ref(),
                ..View::default()
            },
            SchemaKind::OneOf { one_of } => View {
                one_of,
                ..View::default()
            },
            SchemaKind::AnyOf { any_of } => View {
                any_of,
                ..View::default()
            },
            SchemaKind::AllOf { all_of } => View {
                all_of,
                ..View::default()
            },
            SchemaKind::Not { .. } => View {
                not: true,
                ..View::default()
            },
            SchemaKind::Any(a) => View {
                typ: a.typ.as_deref(),
                format: a.format.clone(),
                // Only an all-string enum is a string enum (`enum: [a, b]` with no `type` too).
                enum_values: if a.enumeration.iter().all(serde_json::Value::is_string) {
                    a.enumeration
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                } else {
                    Vec::new()
                },
                properties: if a.properties.is_empty() {
                    None
                } else {
                    Some(&a.properties)
                },
                required: &a.required,
                additional: a.additional_properties.as_ref(),
                items: a.items.as_ref(),
                one_of: &a.one_of,
                any_of: &a.any_of,
                all_of: &a.all_of,
                not: a.not.is_some(),
            },
        }
    }

    pub(super) fn has_properties(&self) -> bool {
        self.properties.is_some_and(|p| !p.is_empty())
    }

    pub(super) fn is_object(&self) -> bool {
        self.typ == Some("object") || self.has_properties() || self.additional.is_some()
    }

    /// True when the schema has no shape of its own: no type, properties, items, enum or
    /// `allOf`, only annotations (`description`, `readOnly`, `maxLength`, ...), `required` and
    /// `oneOf`/`anyOf` alternatives that are themselves shapeless (`anyOf: [{required: [a]}, ...]`).
    pub(super) fn is_shapeless(&self, lowerer: &Lowerer<'a>, depth: usize) -> bool {
        let alternatives_shapeless = || {
            depth < 8
                && self.one_of.iter().chain(self.any_of).all(|alt| {
                    lowerer
                        .resolve(SchemaRef::of(alt), "")
                        .is_ok_and(|s| View::of(s).is_shapeless(lowerer, depth + 1))
                })
        };
        self.typ.is_none()
            && !self.is_object()
            && self.items.is_none()
            && self.enum_values.is_empty()
            && self.all_of.is_empty()
            && !self.not
            && alternatives_shapeless()
    }

    /// True when the schema only annotates (shapeless and adds no `required` or alternatives),
    /// so an `allOf` member like it changes nothing about the type.
    pub(super) fn is_annotation(&self, lowerer: &Lowerer<'a>) -> bool {
        self.required.is_empty()
            && self.one_of.is_empty()
            && self.any_of.is_empty()
            && self.is_shapeless(lowerer, 0)
    }
}

/// What a schema turns into.
pub(super) enum Class<'a> {
    Scalar(TypeRef),
    Enum(Vec<String>),
    Array(Option<&'a ReferenceOr<Box<Schema>>>),
    Map(Option<&'a AdditionalProperties>),
    Object,
    Union(&'a [ReferenceOr<Schema>]),
    AllOf(&'a [ReferenceOr<Schema>]),
}

fn classify<'a>(view: &View<'a>, at: &str) -> Result<Class<'a>, Error> {
    if view.not {
        return Err(Error::new(
            ErrorKind::Unsupported,
            at,
            "`not` schemas are not supported",
        ));
    }
    if !view.all_of.is_empty() {
        return Ok(Class::AllOf(view.all_of));
    }
    if !view.one_of.is_empty() {
        return Ok(Class::Union(view.one_of));
    }
    if !view.any_of.is_empty() {
        return Ok(Class::Union(view.any_of));
    }
    if view.is_object() {
        return Ok(if view.has_properties() {
            Class::Object
        } else {
            Class::Map(view.additional)
        });
    }
    if view.typ == Some("array") || view.items.is_some() {
        return Ok(Class::Array(view.items));
    }
    let format = view.format.as_deref();
    Ok(match view.typ {
        Some("string") if !view.enum_values.is_empty() => Class::Enum(view.enum_values.clone()),
        Some("string") => Class::Scalar(match format {
            Some("date-time") => TypeRef::DateTime,
            Some("uuid") => TypeRef::Uuid,
            _ => TypeRef::String,
        }),
        Some("integer") => Class::Scalar(match format {
            Some("int32") => TypeRef::I32,
            _ => TypeRef::I64,
        }),
        Some("number") => Class::Scalar(TypeRef::F64),
        Some("boolean") => Class::Scalar(TypeRef::Bool),
        // An `enum` of strings needs no `type` to be a string enum.
        None if !view.enum_values.is_empty() => Class::Enum(view.enum_values.clone()),
        None | Some("null") => Class::Scalar(TypeRef::Json),
        Some(other) => {
            return Err(Error::new(
                ErrorKind::Unsupported,
                at,
                format!("schema type `{other}` is not supported"),
            ));
        }
    })
}

/// The type a lenient run reads a misspelt or invented `type` as (`float` -> `number`).
fn guessed_type(typ: &str) -> Option<&'static str> {
    Some(match typ.to_ascii_lowercase().as_str() {
        "float" | "double" | "decimal" | "numeric" => "number",
        "int" | "long" | "int32" | "int64" => "integer",
        "enum" | "str" | "text" => "string",
        "bool" => "boolean",
        "string" => "string",
        "integer" => "integer",
        "number" => "number",
        "boolean" => "boolean",
        "object" => "object",
        "array" => "array",
        _ => return None,
    })
}

/// `x-preview: "<reason>"`: the API has not made this generally available (`spec/README.md`).
pub(super) fn preview_of(
    extensions: &indexmap::IndexMap<String, serde_json::Value>,
) -> Option<String> {
    match extensions.get("x-preview")? {
        serde_json::Value::String(reason) => Some(reason.trim().to_owned()),
        serde_json::Value::Bool(true) => Some(String::new()),
        _ => None,
    }
}

/// The first doc line of something `x-preview` marks.
pub(super) fn preview_line(reason: &str) -> String {
    if reason.is_empty() {
        "Preview, not generally available: it may not be enabled for every account.".to_owned()
    } else {
        format!("Preview, not generally available: {reason}")
    }
}

pub(super) fn is_sensitive(schema: &Schema) -> bool {
    schema
        .schema_data
        .extensions
        .get("x-sensitive")
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false)
}

impl<'a> Lowerer<'a> {
    /// [`classify`], except that a lenient run reads an unknown `type` it can guess (`float`,
    /// `enum`, `Integer`) as the OpenAPI type it most likely means, and reports the guess.
    pub(super) fn classify(&mut self, view: &View<'a>, at: &str) -> Result<Class<'a>, Error> {
        let known = matches!(
            view.typ,
            None | Some("string" | "integer" | "number" | "boolean" | "object" | "array" | "null")
        );
        if known || !self.lenient {
            return classify(view, at);
        }
        let typ = view.typ.unwrap_or_default();
        let Some(guess) = guessed_type(typ) else {
            return classify(view, at);
        };
        self.guesses.push(Error::new(
            ErrorKind::Unsupported,
            child(at, "type"),
            format!("schema type `{typ}` read as `{guess}`"),
        ));
        let guessed = View {
            typ: Some(guess),
            format: view.format.clone(),
            enum_values: view.enum_values.clone(),
            ..*view
        };
        classify(&guessed, at)
    }
}
