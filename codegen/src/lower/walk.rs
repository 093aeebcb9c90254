//! Walking IR types after lowering: the struct behind an alias, a field by wire name, the
//! steps of an access path. Shared by pagination, waiters and body setters.

use std::collections::BTreeMap;

use crate::ir::{Field, Peel, Struct, TypeDef, TypeRef};

/// The struct behind a type, following aliases, boxes and options.
pub(super) fn struct_of<'t>(
    types: &'t BTreeMap<String, TypeDef>,
    ty: &'t TypeRef,
) -> Option<&'t Struct> {
    ty.struct_of(types, Peel::Wrappers)
}

/// The type inside `Option`/`Box`, with aliases resolved (unlike [`TypeRef::unaliased`], which
/// keeps `Option` and `Box`).
pub(super) fn unwrapped<'t>(types: &'t BTreeMap<String, TypeDef>, ty: &'t TypeRef) -> &'t TypeRef {
    ty.peel(types, Peel::Wrappers)
}

pub(super) fn field<'s>(st: &'s Struct, wire: &str) -> Option<&'s Field> {
    st.fields.iter().find(|f| f.wire_name == wire)
}

pub(super) fn step(f: &Field) -> (String, bool) {
    (f.rust_name.clone(), f.optional)
}

/// The struct a body type names directly or through aliases (not inside `Option`/`Vec`).
pub(super) fn object_of<'t>(
    types: &'t BTreeMap<String, TypeDef>,
    ty: &'t TypeRef,
) -> Option<&'t Struct> {
    ty.struct_of(types, Peel::Aliases)
}
