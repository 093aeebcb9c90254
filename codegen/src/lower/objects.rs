//! Objects: properties, `allOf` merged into one struct, required and read-only fields, the map
//! of unknown properties.

use std::collections::BTreeSet;

use openapiv3::{ReferenceOr, Schema};

use super::Lowerer;
use super::docs::docs_of;
use super::schema::MODEL_BUILDER_METHODS;
use super::view::{SchemaRef, View, is_sensitive, preview_line, preview_of};
use crate::error::{Error, ErrorKind};
use crate::ir::{Field, Struct, TypeKind, TypeRef};
use crate::load::schema_pointer;
use crate::names::{bare, snake_name, type_name};

impl<'a> Lowerer<'a> {
    pub(super) fn object_struct(
        &mut self,
        name: &str,
        view: &View<'a>,
        at: &str,
    ) -> Result<Struct, Error> {
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
    pub(super) fn all_of(
        &mut self,
        name: &str,
        view: &View<'a>,
        parts: &'a [ReferenceOr<Schema>],
        at: &str,
    ) -> Result<TypeKind, Error> {
        if let Some(index) = self.sole_member(view, parts, at) {
            let ty = self.lower(
                SchemaRef::of(&parts[index]),
                name,
                &format!("{at}/allOf/{index}"),
            )?;
            return Ok(TypeKind::Alias(ty));
        }
        let mut props: Vec<(String, SchemaRef<'a>, String)> = Vec::new();
        let mut required = BTreeSet::new();
        let mut unions = Vec::new();
        self.collect_all_of(
            view,
            at,
            (&mut props, &mut required),
            &mut Vec::new(),
            &mut unions,
        )?;
        for union_at in unions {
            self.guesses.push(Error::new(
                ErrorKind::Unsupported,
                union_at,
                "an `allOf` member that is one of several objects: the properties of every alternative are read as optional fields",
            ));
        }
        Ok(TypeKind::Struct(self.build_struct(name, props, &required)?))
    }

    /// The index of the one `allOf` member that gives the type, when the schema adds no
    /// properties or `required` of its own and every other member only annotates
    /// (`allOf: [$ref: tags_array, {description: ...}]` is `tags_array`).
    pub(super) fn sole_member(
        &mut self,
        view: &View<'a>,
        parts: &'a [ReferenceOr<Schema>],
        at: &str,
    ) -> Option<usize> {
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
            _ => self.narrowest_scalar(parts, at),
        }
    }

    /// Lenient mode: the alternatives of a `oneOf`/`anyOf` whose alternatives are all plain
    /// objects (properties, no `allOf` or unions of their own).
    fn object_alternatives(&self, view: &View<'a>) -> Option<(&'static str, Vec<View<'a>>)> {
        if !self.lenient {
            return None;
        }
        let (word, alternatives) = if view.one_of.is_empty() {
            ("anyOf", view.any_of)
        } else {
            ("oneOf", view.one_of)
        };
        if alternatives.is_empty() {
            return None;
        }
        alternatives
            .iter()
            .map(|alt| {
                let alt = View::of(self.resolve(SchemaRef::of(alt), "").ok()?);
                (alt.is_object()
                    && alt.all_of.is_empty()
                    && alt.one_of.is_empty()
                    && alt.any_of.is_empty())
                .then_some(alt)
            })
            .collect::<Option<Vec<_>>>()
            .map(|views| (word, views))
    }

    /// `allOf` of scalars of one type (`[$ref: ResourceType, {type: string, enum: [peer]}]`,
    /// a string enum narrowed to some of its values): the value is that type, and the member
    /// with the fewest enum values (the first when none has any) says which, since the
    /// intersection of the enums is that member's when it narrows the others.
    fn narrowest_scalar(&mut self, parts: &'a [ReferenceOr<Schema>], at: &str) -> Option<usize> {
        let views: Vec<View<'a>> = parts
            .iter()
            .map(|part| self.resolve(SchemaRef::of(part), "").ok().map(View::of))
            .collect::<Option<_>>()?;
        let typ = views.first()?.typ?;
        let scalar = |v: &View<'a>| {
            v.typ == Some(typ)
                && !v.is_object()
                && v.items.is_none()
                && v.all_of.is_empty()
                && v.one_of.is_empty()
                && v.any_of.is_empty()
        };
        if typ == "object" || typ == "array" || !views.iter().all(scalar) {
            return None;
        }
        let narrowest = views
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.enum_values.is_empty())
            .min_by_key(|(_, v)| v.enum_values.len());
        let Some((index, chosen)) = narrowest else {
            return Some(0);
        };
        // Only when the other enums hold all of its values (else the intersection is smaller).
        // Exact when the other enums hold all of its values; else the enums contradict each
        // other (no value is in all of them) and lenient mode reads the first member, a guess
        // (the generated enums are open, so other values still deserialize).
        let exact = views.iter().filter(|v| !v.enum_values.is_empty()).all(|v| {
            chosen
                .enum_values
                .iter()
                .all(|value| v.enum_values.contains(value))
        });
        if exact {
            return Some(index);
        }
        if !self.lenient {
            return None;
        }
        self.guesses.push(Error::new(
            ErrorKind::Unsupported,
            format!("{at}/allOf"),
            "the enums of the `allOf` members contradict each other; read as the first member",
        ));
        Some(0)
    }

    /// Collects the properties and `required` of an `allOf` and its members. Lenient mode also
    /// takes a member that is a `oneOf`/`anyOf` of objects: the properties of every alternative,
    /// none required; the member's pointer is added to `unions` (to be reported as a guess).
    pub(super) fn collect_all_of(
        &self,
        view: &View<'a>,
        at: &str,
        (props, required): (
            &mut Vec<(String, SchemaRef<'a>, String)>,
            &mut BTreeSet<String>,
        ),
        visiting: &mut Vec<&'a str>,
        unions: &mut Vec<String>,
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
                self.collect_all_of(&part_view, &member_at, (props, required), visiting, unions)?;
                if referenced.is_some() {
                    visiting.pop();
                }
            } else if part_view.is_shapeless(self, 0) {
                // Annotations and constraints only: its own `required` list applies; the
                // `oneOf`/`anyOf` alternatives (`at least one of`) cannot be typed and are left out.
                required.extend(part_view.required.iter().cloned());
            } else if let Some((word, alternatives)) = self.object_alternatives(&part_view) {
                for (index, alternative) in alternatives.into_iter().enumerate() {
                    let Some(properties) = alternative.properties else {
                        continue;
                    };
                    for (wire, schema) in properties {
                        if props.iter().any(|(w, _, _)| w == wire) {
                            continue;
                        }
                        let prop_at = format!(
                            "{member_at}/{word}/{index}/properties/{}",
                            crate::error::escape_token(wire)
                        );
                        props.push((wire.clone(), SchemaRef::of_boxed(schema), prop_at));
                    }
                }
                unions.push(member_at);
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

    pub(super) fn build_struct(
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
            let preview = inline
                .and_then(|s| preview_of(&s.schema_data.extensions))
                .or_else(|| preview_of(&data.extensions));
            if let Some(reason) = preview {
                if !docs.is_empty() {
                    docs.insert(0, String::new());
                }
                docs.insert(0, preview_line(&reason));
            }
            self.describe_hoisted(
                &ty,
                &hint,
                format!("The type of [`{name}::{}`].", bare(&rust)),
            );
            if read_only {
                if !docs.is_empty() {
                    docs.push(String::new());
                }
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
