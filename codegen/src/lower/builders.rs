//! Builders: every struct's `<Name>Builder` name and the body setters of each operation whose
//! JSON body is an object.

use std::collections::BTreeSet;

use super::operation::BUILDER_MEMBERS;
use super::walk::object_of;
use crate::ir::{Api, TypeDef, TypeKind, TypeRef};
use crate::names::bare;

/// Names every struct's builder (`<Name>Builder`, numbered when a type already has that name),
/// then gives each operation whose JSON body is an object one setter per writable property.
/// A setter whose name another builder method already has (a reserved method or an optional
/// parameter's setter) is called `body_<name>` instead, numbered if that is taken too.
pub(super) fn assign_builders(api: &mut Api) {
    let mut taken: BTreeSet<String> = api.types.keys().cloned().collect();
    let names: Vec<String> = api
        .types
        .values()
        .filter(|d| matches!(d.kind, TypeKind::Struct(_)))
        .map(|d| d.name.clone())
        .collect();
    for name in names {
        // `Self_` (an escaped keyword) gets `SelfBuilder`, which needs no escape.
        let wanted = format!("{}Builder", name.trim_end_matches('_'));
        let builder = if taken.contains(&wanted) {
            super::suffixed(&wanted, &taken)
        } else {
            wanted
        };
        taken.insert(builder.clone());
        if let Some(TypeDef {
            kind: TypeKind::Struct(st),
            ..
        }) = api.types.get_mut(&name)
        {
            st.builder = builder;
        }
    }
    let types = &api.types;
    for module in api.tags.values_mut() {
        for op in &mut module.operations {
            let Some(body) = &mut op.body else { continue };
            if body.raw_media_type.is_some() {
                continue;
            }
            let Some(st) = object_of(types, &body.ty) else {
                continue;
            };
            let mut methods: BTreeSet<String> =
                BUILDER_MEMBERS.iter().map(|s| (*s).to_owned()).collect();
            methods.extend(
                op.params
                    .iter()
                    .filter(|p| !p.required)
                    .map(|p| bare(&p.rust_name).to_owned()),
            );
            let mut setters = Vec::new();
            for f in st.fields.iter().filter(|f| !f.read_only) {
                let plain = bare(&f.rust_name);
                let method = if !methods.contains(plain) {
                    f.rust_name.clone()
                } else {
                    let prefixed = format!("body_{plain}");
                    if methods.contains(&prefixed) {
                        super::suffixed(&prefixed, &methods)
                    } else {
                        prefixed
                    }
                };
                methods.insert(bare(&method).to_owned());
                let ty = match &f.ty {
                    TypeRef::Option(inner) => (**inner).clone(),
                    other => other.clone(),
                };
                setters.push(crate::ir::BodySetter {
                    method,
                    model_setter: f.setter.clone(),
                    field: f.rust_name.clone(),
                    wire_name: f.wire_name.clone(),
                    ty,
                    required: f.in_constructor,
                    example: f.example.clone(),
                    docs: f.docs.clone(),
                });
            }
            body.builder = Some(st.builder.clone());
            body.setters = setters;
        }
    }
}
