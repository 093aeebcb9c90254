//! Lowering of schemas: components become named types, inline schemas are hoisted with stable
//! names (`<Parent><Field>`, `<Operation>Request`), everything else maps to a Rust type expression.

use std::collections::BTreeSet;

use openapiv3::{AdditionalProperties, ReferenceOr, Schema};

use super::Lowerer;
use super::docs::docs_of;
use super::view::{Class, SchemaRef, View};
use crate::error::{Error, ErrorKind, child};
use crate::ir::{EnumVariant, OpenEnum, TypeDef, TypeKind, TypeRef, Untagged, UntaggedVariant};
use crate::load::{interior_name, schema_pointer};
use crate::names::{model_name, type_name};

/// Methods of a model builder that a property's setter may not be named after; such a setter
/// gets the prefix `set_`.
pub(crate) const MODEL_BUILDER_METHODS: &[&str] = &["build"];

impl<'a> Lowerer<'a> {
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
            Class::AllOf(parts) => match self.sole_member(&view, parts, at) {
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
}

/// Applies the response policy's leniency: a required array or map (a list of items, a set of
/// tags) decodes as empty when the wire leaves it out. Everything else that is required stays
/// strict, objects included even when all their properties are optional (a scan envelope's
/// `scan`), so a body of the wrong shape fails naming the missing field.
pub(super) fn mark_default_when_absent(types: &mut std::collections::BTreeMap<String, TypeDef>) {
    // Runs after `reject_alias_cycles`, so no alias reaches itself, through `Box` or not: the
    // recursion below ends.
    fn has_empty(types: &std::collections::BTreeMap<String, TypeDef>, ty: &TypeRef) -> bool {
        match ty.unaliased(types) {
            TypeRef::Vec(_) | TypeRef::Map(_) => true,
            TypeRef::Boxed(inner) | TypeRef::Sensitive(inner) => has_empty(types, inner),
            TypeRef::Named(name) => {
                matches!(types.get(name).map(|d| &d.kind), Some(TypeKind::Map(_)))
            }
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
                .filter(|(_, f)| !f.optional && has_empty(types, &f.ty))
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
