//! Query parameters over free-form maps (`type: object, additionalProperties: {scalar}`): what
//! OpenAPI 3.0 defines for them, and a located refusal for the rest.
//!
//! 3.0 writes an object's properties with `style: form` as `key=value` pairs (`explode: true`,
//! the default) or one `name=k1,v1,k2,v2` pair (`explode: false`), and with `style: deepObject`
//! as `name[key]=value` pairs. A map is an object whose keys are known only when the request is
//! made, so the same rules apply to its entries. It says nothing of nested values (objects or
//! arrays inside), nor of a delimited style over an object.

use std::collections::BTreeMap;

use super::walk::unwrapped;
use crate::ir::{QueryStyle, TypeDef, TypeRef};

/// Checks that a query parameter whose type is a map with values of type `value` can be written
/// as its style says; the error completes "query parameter `x` ...".
pub(super) fn check_query_map(
    types: &BTreeMap<String, TypeDef>,
    value: &TypeRef,
    style: QueryStyle,
) -> Result<(), String> {
    if matches!(
        style,
        QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited
    ) {
        return Err(
            "is a map with a delimited style, which OpenAPI 3.0 defines only for arrays".to_owned(),
        );
    }
    let value = unwrapped(types, value);
    if value.is_display(types) || matches!(value, TypeRef::DateTime) {
        return Ok(());
    }
    let what = match value {
        TypeRef::Json => "values of any type",
        TypeRef::Vec(_) => "array values",
        _ => "object values",
    };
    Err(format!(
        "is a map with {what}; OpenAPI 3.0 defines query styles (form, deepObject) only for maps of scalars (`additionalProperties` a string, number, integer or boolean)"
    ))
}
