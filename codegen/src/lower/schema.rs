//! Lowering of schemas: components become named types, inline schemas are hoisted with stable
//! names (`<Parent><Field>`, `<Operation>Request`), everything else maps to a Rust type expression.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty,
};

use super::Lowerer;
use super::docs::docs_of;
use crate::error::{Error, ErrorKind, child};
use crate::ir::{
    EnumVariant, Field, OpenEnum, Struct, TypeDef, TypeKind, TypeRef, Untagged, UntaggedVariant,
};
use crate::load::{interior_name, schema_pointer};
use crate::names::{bare, model_name, snake_name, type_name};

/// Methods of a model builder that a property's setter may not be named after; such a setter
/// gets the prefix `set_`.
pub(crate) const MODEL_BUILDER_METHODS: &[&str] = &["build"];

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
struct View<'a> {
    typ: Option<&'a str>,
    format: Option<String>,
    enum_values: Vec<String>,
    properties: Option<&'a IndexMap<String, ReferenceOr<Box<Schema>>>>,
    required: &'a [String],
    additional: Option<&'a AdditionalProperties>,
    items: Option<&'a ReferenceOr<Box<Schema>>>,
    one_of: &'a [ReferenceOr<Schema>],
    any_of: &'a [ReferenceOr<Schema>],
    all_of: &'a [ReferenceOr<Schema>],
    not: bool,
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
    fn of(schema: &'a Schema) -> Self {
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

    fn has_properties(&self) -> bool {
        self.properties.is_some_and(|p| !p.is_empty())
    }

    fn is_object(&self) -> bool {
        self.typ == Some("object") || self.has_properties() || self.additional.is_some()
    }

    /// True when the schema has no shape of its own: no type, properties, items, enum or
    /// `allOf`, only annotations (`description`, `readOnly`, `maxLength`, ...), `required` and
    /// `oneOf`/`anyOf` alternatives that are themselves shapeless (`anyOf: [{required: [a]}, ...]`).
    fn is_shapeless(&self, lowerer: &Lowerer<'a>, depth: usize) -> bool {
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
    fn is_annotation(&self, lowerer: &Lowerer<'a>) -> bool {
        self.required.is_empty()
            && self.one_of.is_empty()
            && self.any_of.is_empty()
            && self.is_shapeless(lowerer, 0)
    }
}

/// What a schema turns into.
enum Class<'a> {
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

fn is_sensitive(schema: &Schema) -> bool {
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
    fn classify(&mut self, view: &View<'a>, at: &str) -> Result<Class<'a>, Error> {
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

    /// Gives every component schema its Rust name before anything refers to it.
    pub(super) fn name_components(&mut self) {
        let doc = self.doc;
        for name in doc.schemas.keys() {
            let at = schema_pointer(name);
            let taken = std::mem::take(&mut self.taken);
            let result = self.unique_name(
                model_name(&interior_name(name)),
                &taken,
                &at,
                &format!("schema `{name}`"),
            );
            self.taken = taken;
            match result {
                Ok(rust) => {
                    self.taken.insert(rust.clone());
                    self.components.insert(name.clone(), rust);
                }
                Err(e) => self.errors.push(e),
            }
        }
    }

    pub(super) fn lower_components(&mut self) {
        let doc = self.doc;
        for (name, schema) in &doc.schemas {
            let Some(rust) = self.components.get(name).cloned() else {
                continue;
            };
            let at = schema_pointer(name);
            let mark = self.added.len();
            let result = match schema {
                ReferenceOr::Reference { reference } => {
                    self.component_ref(reference, &at).map(|target| {
                        self.insert_type(TypeDef {
                            name: rust.clone(),
                            docs: vec![format!("Another name for [`{target}`].")],
                            kind: TypeKind::Alias(TypeRef::Named(target)),
                        });
                    })
                }
                ReferenceOr::Item(schema) => self.lower_named(&rust, name, schema, &at),
            };
            if let Err(e) = result {
                self.errors.push(e);
                self.roll_back(mark);
            }
        }
    }

    /// The component name a `#/components/schemas/...` (or interior) reference points at.
    fn component_name(&self, reference: &str, at: &str) -> Result<&'a str, Error> {
        self.component_key::<Schema>(reference, &child(at, "$ref"))
    }

    /// The Rust type name of the component a reference points at.
    fn component_ref(&self, reference: &str, at: &str) -> Result<String, Error> {
        let name = self.component_name(reference, at)?;
        self.components.get(name).cloned().ok_or_else(|| {
            Error::new(
                ErrorKind::NameCollision,
                at,
                format!("schema `{name}` has no usable Rust name"),
            )
        })
    }

    /// The first property of an object schema (its own `properties`, not `allOf` members) with
    /// `format: binary`, as (name, pointer): file content that a `String` cannot carry.
    pub(crate) fn binary_property(
        &self,
        schema: SchemaRef<'a>,
        at: &str,
    ) -> Option<(String, String)> {
        let resolved = self.resolve(schema, at).ok()?;
        let at = match schema {
            SchemaRef::Ref(reference) => self
                .component_name(reference, at)
                .map(crate::load::schema_pointer)
                .unwrap_or_else(|_| at.to_owned()),
            SchemaRef::Inline(_) => at.to_owned(),
        };
        View::of(resolved)
            .properties?
            .iter()
            .find_map(|(name, prop)| {
                let prop = self.resolve(SchemaRef::of_boxed(prop), &at).ok()?;
                (View::of(prop).format.as_deref() == Some("binary")).then(|| {
                    (
                        name.clone(),
                        format!("{at}/properties/{}", crate::error::escape_token(name)),
                    )
                })
            })
    }

    /// Follows references to the schema object itself.
    pub(crate) fn resolve(&self, schema: SchemaRef<'a>, at: &str) -> Result<&'a Schema, Error> {
        let doc = self.doc;
        let mut current = schema;
        for _ in 0..32 {
            match current {
                SchemaRef::Inline(schema) => return Ok(schema),
                SchemaRef::Ref(reference) => {
                    let name = self.component_name(reference, at)?;
                    match doc.schemas.get(name) {
                        Some(next) => current = SchemaRef::of(next),
                        None => break,
                    }
                }
            }
        }
        Err(Error::new(
            ErrorKind::Unsupported,
            at,
            "schema references form a cycle",
        ))
    }

    /// Gives a type hoisted under `hint` (or the item type of a hoisted array) the doc line
    /// `text` when the spec described neither it nor its use.
    pub(crate) fn describe_hoisted(&mut self, ty: &TypeRef, hint: &str, text: String) {
        let mut current = ty;
        while let TypeRef::Option(inner)
        | TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Boxed(inner)
        | TypeRef::Sensitive(inner) = current
        {
            current = inner;
        }
        let TypeRef::Named(name) = current else {
            return;
        };
        if !name.starts_with(hint) || !self.added.contains(name) {
            return;
        }
        if let Some(def) = self.types.get_mut(name)
            && def.docs.is_empty()
        {
            let text = if name == hint {
                text
            } else {
                format!(
                    "Part of the type of {}",
                    text.trim_start_matches("The type of ")
                )
            };
            def.docs = vec![text];
        }
    }

    /// Defines the named type `name` from `schema`.
    fn lower_named(
        &mut self,
        name: &str,
        wire_name: &str,
        schema: &'a Schema,
        at: &str,
    ) -> Result<(), Error> {
        let view = View::of(schema);
        let description = schema.schema_data.description.as_deref();
        let kind = match self.classify(&view, at)? {
            Class::Object => TypeKind::Struct(self.object_struct(name, &view, at)?),
            Class::Enum(values) => TypeKind::Enum(self.open_enum(&values, at)?),
            Class::Union(variants) => match variants {
                [single] => {
                    TypeKind::Alias(self.lower(SchemaRef::of(single), name, &child(at, "0"))?)
                }
                _ => TypeKind::Untagged(self.untagged(name, variants, at)?),
            },
            Class::AllOf(parts) => self.all_of(name, &view, parts, at)?,
            Class::Map(additional) => TypeKind::Map(self.map_value(name, additional, at)?),
            Class::Array(items) => TypeKind::Alias(self.array(name, items, at)?),
            Class::Scalar(ty) => TypeKind::Alias(ty),
        };
        let _ = wire_name;
        let docs = docs_of(description);
        self.insert_type(TypeDef {
            name: name.to_owned(),
            docs,
            kind,
        });
        Ok(())
    }

    /// The Rust type of a schema used somewhere; named shapes are hoisted as `hint`.
    pub(crate) fn lower(
        &mut self,
        schema: SchemaRef<'a>,
        hint: &str,
        at: &str,
    ) -> Result<TypeRef, Error> {
        let schema = match schema {
            SchemaRef::Ref(reference) => {
                return self.component_ref(reference, at).map(TypeRef::Named);
            }
            SchemaRef::Inline(schema) => schema,
        };
        let view = View::of(schema);
        match self.classify(&view, at)? {
            Class::Scalar(ty) => Ok(ty),
            Class::Array(items) => self.array(hint, items, at),
            Class::Map(additional) => Ok(TypeRef::Map(Box::new(
                self.map_value(hint, additional, at)?,
            ))),
            Class::Union([single]) => self.lower(SchemaRef::of(single), hint, &child(at, "0")),
            Class::AllOf(parts) => match self.sole_member(&view, parts) {
                Some(index) => self.lower(
                    SchemaRef::of(&parts[index]),
                    hint,
                    &format!("{at}/allOf/{index}"),
                ),
                None => {
                    let name = self.hoisted_name(hint);
                    self.lower_named(&name, hint, schema, at)?;
                    Ok(TypeRef::Named(name))
                }
            },
            Class::Enum(_) | Class::Object | Class::Union(_) => {
                let name = self.hoisted_name(hint);
                self.lower_named(&name, hint, schema, at)?;
                Ok(TypeRef::Named(name))
            }
        }
    }

    fn array(
        &mut self,
        hint: &str,
        items: Option<&'a ReferenceOr<Box<Schema>>>,
        at: &str,
    ) -> Result<TypeRef, Error> {
        let item = match items {
            Some(items) => self.lower(
                SchemaRef::of_boxed(items),
                &format!("{hint}Item"),
                &child(at, "items"),
            )?,
            None => TypeRef::Json,
        };
        Ok(TypeRef::Vec(Box::new(item)))
    }

    fn map_value(
        &mut self,
        hint: &str,
        additional: Option<&'a AdditionalProperties>,
        at: &str,
    ) -> Result<TypeRef, Error> {
        match additional {
            Some(AdditionalProperties::Schema(schema)) => self.lower(
                SchemaRef::of(schema),
                &format!("{hint}Value"),
                &child(at, "additionalProperties"),
            ),
            Some(AdditionalProperties::Any(_)) | None => Ok(TypeRef::Json),
        }
    }

    fn open_enum(&mut self, values: &[String], at: &str) -> Result<OpenEnum, Error> {
        let mut taken = BTreeSet::from(["Unknown".to_owned()]);
        let mut seen = BTreeSet::new();
        let mut variants = Vec::new();
        for (index, wire) in values.iter().enumerate() {
            if !seen.insert(wire.clone()) {
                continue;
            }
            let wanted = match type_name(wire) {
                name if name == "Unknown" => "UnknownValue".to_owned(),
                name => name,
            };
            let rust = self.unique_name(
                wanted,
                &taken,
                &format!("{at}/enum/{index}"),
                &format!("enum value `{wire}`"),
            )?;
            taken.insert(rust.clone());
            variants.push(EnumVariant {
                rust_name: rust,
                wire: wire.clone(),
            });
        }
        Ok(OpenEnum { variants })
    }

    fn untagged(
        &mut self,
        name: &str,
        variants: &'a [ReferenceOr<Schema>],
        at: &str,
    ) -> Result<Untagged, Error> {
        let mut out: Vec<UntaggedVariant> = Vec::new();
        let mut taken = BTreeSet::new();
        for (index, variant) in variants.iter().enumerate() {
            let variant_at = child(at, &index.to_string());
            let number = index + 1;
            let ty = self.lower(
                SchemaRef::of(variant),
                &format!("{name}Variant{number}"),
                &variant_at,
            )?;
            // A `$ref` alternative is named after its component, an inline one after its
            // `title`, else after its Rust type.
            let title = match variant {
                ReferenceOr::Item(schema) => schema.schema_data.title.as_deref().map(type_name),
                ReferenceOr::Reference { .. } => None,
            };
            let wanted = match variant {
                ReferenceOr::Reference { reference } => {
                    type_name(&interior_name(self.component_name(reference, &variant_at)?))
                }
                ReferenceOr::Item(_) if title.as_ref().is_some_and(|t| !t.is_empty()) => {
                    title.unwrap_or_default()
                }
                ReferenceOr::Item(_) => match &ty {
                    TypeRef::String => "String".to_owned(),
                    TypeRef::I32 | TypeRef::I64 => "Integer".to_owned(),
                    TypeRef::F64 => "Number".to_owned(),
                    TypeRef::Bool => "Boolean".to_owned(),
                    TypeRef::Uuid => "Uuid".to_owned(),
                    TypeRef::DateTime => "DateTime".to_owned(),
                    TypeRef::Vec(_) => "Array".to_owned(),
                    TypeRef::Map(_) => "Object".to_owned(),
                    TypeRef::Json => "Value".to_owned(),
                    _ => format!("Variant{number}"),
                },
            };
            let rust = if taken.contains(&wanted) {
                format!("{wanted}{number}")
            } else {
                wanted
            };
            taken.insert(rust.clone());
            out.push(UntaggedVariant {
                rust_name: rust,
                unaliased: ty.clone(),
                ty,
                from_impl: false,
            });
        }
        // `from_impl` and `display` depend on what the alternatives resolve to, which is only
        // known once every type is lowered: see `finish_unions`.
        Ok(Untagged {
            variants: out,
            display: false,
        })
    }

    fn object_struct(&mut self, name: &str, view: &View<'a>, at: &str) -> Result<Struct, Error> {
        let mut props = Vec::new();
        if let Some(properties) = view.properties {
            for (wire, schema) in properties {
                let prop_at = format!("{at}/properties/{}", crate::error::escape_token(wire));
                props.push((wire.clone(), SchemaRef::of_boxed(schema), prop_at));
            }
        }
        let required: BTreeSet<String> = view.required.iter().cloned().collect();
        self.build_struct(name, props, &required)
    }

    /// Merges the members of an `allOf` (and the schema's own properties) into one struct.
    fn all_of(
        &mut self,
        name: &str,
        view: &View<'a>,
        parts: &'a [ReferenceOr<Schema>],
        at: &str,
    ) -> Result<TypeKind, Error> {
        if let Some(index) = self.sole_member(view, parts) {
            let ty = self.lower(
                SchemaRef::of(&parts[index]),
                name,
                &format!("{at}/allOf/{index}"),
            )?;
            return Ok(TypeKind::Alias(ty));
        }
        let mut props: Vec<(String, SchemaRef<'a>, String)> = Vec::new();
        let mut required = BTreeSet::new();
        self.collect_all_of(view, at, &mut props, &mut required, &mut Vec::new())?;
        Ok(TypeKind::Struct(self.build_struct(name, props, &required)?))
    }

    /// The index of the one `allOf` member that gives the type, when the schema adds no
    /// properties or `required` of its own and every other member only annotates
    /// (`allOf: [$ref: tags_array, {description: ...}]` is `tags_array`).
    fn sole_member(&self, view: &View<'a>, parts: &'a [ReferenceOr<Schema>]) -> Option<usize> {
        if view.has_properties() || !view.required.is_empty() {
            return None;
        }
        if let [_] = parts {
            return Some(0);
        }
        let mut substantive = parts.iter().enumerate().filter(|(_, part)| {
            !self
                .resolve(SchemaRef::of(part), "")
                .is_ok_and(|s| View::of(s).is_annotation(self))
        });
        match (substantive.next(), substantive.next()) {
            (Some((index, _)), None) => Some(index),
            _ => None,
        }
    }

    fn collect_all_of(
        &self,
        view: &View<'a>,
        at: &str,
        props: &mut Vec<(String, SchemaRef<'a>, String)>,
        required: &mut BTreeSet<String>,
        visiting: &mut Vec<&'a str>,
    ) -> Result<(), Error> {
        if visiting.len() > 32 {
            return Err(Error::new(
                ErrorKind::Unsupported,
                at,
                "allOf nests more than 32 references deep",
            ));
        }
        for (index, part) in view.all_of.iter().enumerate() {
            let part_at = format!("{at}/allOf/{index}");
            let schema = self.resolve(SchemaRef::of(part), &part_at)?;
            let part_view = View::of(schema);
            // A referenced member is read at its component, so pointers below name it; meeting
            // a component again on the way down is a cycle.
            let referenced = match part {
                ReferenceOr::Reference { reference } => {
                    Some(self.component_name(reference, &part_at)?)
                }
                ReferenceOr::Item(_) => None,
            };
            if let Some(name) = referenced
                && visiting.contains(&name)
            {
                return Err(Error::new(
                    ErrorKind::Unsupported,
                    part_at,
                    format!("allOf includes schema `{name}` inside itself (a cycle)"),
                ));
            }
            let member_at = match referenced {
                Some(name) => schema_pointer(name),
                None => part_at.clone(),
            };
            if !part_view.all_of.is_empty() || part_view.is_object() {
                visiting.extend(referenced);
                self.collect_all_of(&part_view, &member_at, props, required, visiting)?;
                if referenced.is_some() {
                    visiting.pop();
                }
            } else if part_view.is_shapeless(self, 0) {
                // Annotations and constraints only: its own `required` list applies; the
                // `oneOf`/`anyOf` alternatives (`at least one of`) cannot be typed and are left out.
                required.extend(part_view.required.iter().cloned());
            } else {
                return Err(Error::new(
                    ErrorKind::Unsupported,
                    part_at,
                    "allOf members must be objects",
                ));
            }
        }
        if let Some(properties) = view.properties {
            for (wire, schema) in properties {
                let prop_at = format!("{at}/properties/{}", crate::error::escape_token(wire));
                let entry = (wire.clone(), SchemaRef::of_boxed(schema), prop_at);
                match props.iter_mut().find(|(w, _, _)| w == wire) {
                    Some(slot) => *slot = entry,
                    None => props.push(entry),
                }
            }
        }
        required.extend(view.required.iter().cloned());
        Ok(())
    }

    fn build_struct(
        &mut self,
        name: &str,
        props: Vec<(String, SchemaRef<'a>, String)>,
        required: &BTreeSet<String>,
    ) -> Result<Struct, Error> {
        let mut fields = Vec::new();
        let mut taken = BTreeSet::new();
        for (wire, schema, prop_at) in props {
            let rust = self.unique_name(
                snake_name(&wire),
                &taken,
                &prop_at,
                &format!("property `{wire}`"),
            )?;
            taken.insert(rust.clone());
            let hint = format!("{name}{}", type_name(&wire));
            let resolved = self.resolve(schema, &prop_at)?;
            let mut ty = self.lower(schema, &hint, &prop_at)?;
            let data = &resolved.schema_data;
            let inline = match schema {
                SchemaRef::Inline(s) => Some(s),
                SchemaRef::Ref(_) => None,
            };
            if is_sensitive(resolved) || inline.is_some_and(is_sensitive) {
                ty = TypeRef::Sensitive(Box::new(ty));
            }
            // `allOf: [$ref, {readOnly: true, description: ...}]` annotates the property too.
            let members: Vec<&Schema> = View::of(resolved)
                .all_of
                .iter()
                .filter_map(|m| self.resolve(SchemaRef::of(m), &prop_at).ok())
                .collect();
            let is_required = required.contains(&wire);
            let read_only = data.read_only || members.iter().any(|m| m.schema_data.read_only);
            let nullable = data.nullable || members.iter().any(|m| m.schema_data.nullable);
            let optional = !is_required || nullable || read_only;
            if optional {
                ty = TypeRef::Option(Box::new(ty));
            }
            let own_member_description = inline.and_then(|s| {
                View::of(s).all_of.iter().find_map(|m| match m {
                    ReferenceOr::Item(m) => m.schema_data.description.as_deref(),
                    ReferenceOr::Reference { .. } => None,
                })
            });
            let description = inline
                .and_then(|s| s.schema_data.description.as_deref())
                .or(own_member_description);
            let mut docs = docs_of(description);
            self.describe_hoisted(
                &ty,
                &hint,
                format!("The type of [`{name}::{}`].", bare(&rust)),
            );
            if read_only {
                if !docs.is_empty() {
                    docs.push(String::new());
                }
                docs.push(String::new());
                docs.push("Read-only: set by the server, ignored in requests.".to_owned());
            }
            let example = data
                .example
                .clone()
                .or_else(|| inline.and_then(|s| s.schema_data.example.clone()));
            let setter = rust.clone();
            fields.push(Field {
                rust_name: rust,
                wire_name: wire,
                ty,
                optional,
                in_constructor: is_required && !read_only,
                read_only,
                setter,
                example,
                default_when_absent: false,
                docs,
            });
        }
        // A property named like a builder method gets `set_<name>` (numbered if a property
        // already has that name).
        let mut setters: BTreeSet<String> = fields
            .iter()
            .map(|f| bare(&f.rust_name).to_owned())
            .collect();
        for field in &mut fields {
            let plain = bare(&field.rust_name).to_owned();
            if MODEL_BUILDER_METHODS.contains(&plain.as_str()) {
                let wanted = format!("set_{plain}");
                field.setter = if setters.contains(&wanted) {
                    super::suffixed(&wanted, &setters)
                } else {
                    wanted
                };
                setters.insert(field.setter.clone());
            }
        }
        let derive_default = fields.iter().all(|f| f.optional);
        let unknown_field = unknown_field_name(&taken);
        Ok(Struct {
            fields,
            derive_default,
            pagination: None,
            builder: String::new(),
            unknown_field,
        })
    }
}

/// The Rust name of the map of unknown properties: `extra`, or the first free alternative when
/// the spec has a property of that name.
fn unknown_field_name(taken: &BTreeSet<String>) -> String {
    ["extra", "extra_fields", "unknown_fields"]
        .into_iter()
        .map(str::to_owned)
        .chain((2..).map(|n| format!("extra{n}")))
        .find(|name| !taken.contains(name))
        .unwrap_or_default()
}

/// Applies the response policy's leniency: a required array or map (a list of items, a set of
/// tags) decodes as empty when the wire leaves it out. Everything else that is required stays
/// strict, objects included even when all their properties are optional (a scan envelope's
/// `scan`), so a body of the wrong shape fails naming the missing field.
pub(super) fn mark_default_when_absent(types: &mut std::collections::BTreeMap<String, TypeDef>) {
    fn has_empty(
        types: &std::collections::BTreeMap<String, TypeDef>,
        ty: &TypeRef,
        depth: usize,
    ) -> bool {
        match ty {
            TypeRef::Vec(_) | TypeRef::Map(_) => true,
            TypeRef::Boxed(inner) | TypeRef::Sensitive(inner) => {
                depth < 16 && has_empty(types, inner, depth + 1)
            }
            TypeRef::Named(name) => match types.get(name).map(|d| &d.kind) {
                Some(TypeKind::Map(_)) => true,
                Some(TypeKind::Alias(target)) => depth < 16 && has_empty(types, target, depth + 1),
                _ => false,
            },
            _ => false,
        }
    }
    let marks: Vec<(String, usize)> = types
        .iter()
        .filter_map(|(name, def)| match &def.kind {
            TypeKind::Struct(st) => Some((name, st)),
            _ => None,
        })
        .flat_map(|(name, st)| {
            st.fields
                .iter()
                .enumerate()
                .filter(|(_, f)| !f.optional && has_empty(types, &f.ty, 0))
                .map(move |(index, _)| (name.clone(), index))
        })
        .collect();
    for (name, index) in marks {
        if let Some(TypeDef {
            kind: TypeKind::Struct(st),
            ..
        }) = types.get_mut(&name)
        {
            st.fields[index].default_when_absent = true;
        }
    }
}
