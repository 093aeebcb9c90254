//! Pagination: list operations that take the document's page parameters (`x-pagination`, e.g.
//! `page` and `per_page`) and whose page type has items and the declared next link (e.g.
//! `links.pages.next`; a total such as `meta.total` is optional) get `pages()`/`items()` streams.
//! A document that declares no convention has no paginated operations.

use std::collections::BTreeMap;

use super::walk::{field, step, struct_of, unwrapped};
use crate::ir::{
    Access, Api, Field, Pagination, ParamLocation, Struct, Success, TypeDef, TypeKind, TypeRef,
};
use crate::load::PaginationConvention;

/// The items array of a page: the array property named like the path's last segment
/// (`/v2/security/secrets` -> `secrets`, `-` read as `_`), else the only array property.
fn items_field<'s>(
    types: &BTreeMap<String, TypeDef>,
    page: &'s Struct,
    path: &str,
) -> Option<&'s Field> {
    let arrays: Vec<&Field> = page
        .fields
        .iter()
        .filter(|f| matches!(unwrapped(types, &f.ty), TypeRef::Vec(_)))
        .collect();
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let named = |f: &&&Field| {
        f.wire_name == last || f.wire_name.replace('-', "_") == last.replace('-', "_")
    };
    match arrays.iter().find(named) {
        Some(field) => Some(field),
        None => match arrays.as_slice() {
            [single] => Some(single),
            _ => None,
        },
    }
}

/// The pagination of an operation whose success type is `ty`, if its page has the shape.
fn pagination_of(
    types: &BTreeMap<String, TypeDef>,
    ty: &TypeRef,
    path: &str,
    convention: &PaginationConvention,
) -> Option<Pagination> {
    let page = struct_of(types, ty)?;
    let items_field = items_field(types, page, path)?;
    let TypeRef::Vec(item) = unwrapped(types, &items_field.ty) else {
        return None;
    };
    let next = access(types, page, &convention.next)?;
    if *unwrapped(types, &next.1.ty) != TypeRef::String {
        return None;
    }
    let total = access(types, page, &convention.total).and_then(|(steps, total)| {
        matches!(unwrapped(types, &total.ty), TypeRef::I32 | TypeRef::I64).then_some(steps)
    });
    Some(Pagination {
        item: (**item).clone(),
        items: Access {
            steps: vec![step(items_field)],
        },
        next: next.0,
        total,
    })
}

/// The fields along `wire_names` from `page` (each but the last a struct), and the last field.
fn access<'s>(
    types: &'s BTreeMap<String, TypeDef>,
    page: &'s Struct,
    wire_names: &[String],
) -> Option<(Access, &'s Field)> {
    let (last, through) = wire_names.split_last()?;
    let mut at = page;
    let mut steps = Vec::new();
    for name in through {
        let f = field(at, name)?;
        steps.push(step(f));
        at = struct_of(types, &f.ty)?;
    }
    let last = field(at, last)?;
    steps.push(step(last));
    Some((Access { steps }, last))
}

/// Marks list operations that take the convention's page parameters and whose page type has
/// items and the convention's next link.
/// A page type shared by several operations keeps the pagination of the first one found; an
/// operation that would pick different items from it is left unpaginated.
pub(super) fn detect_pagination(api: &mut Api, convention: Option<&PaginationConvention>) {
    let Some(convention) = convention else {
        return;
    };
    let mut found: BTreeMap<String, Pagination> = BTreeMap::new();
    for module in api.tags.values_mut() {
        for op in &mut module.operations {
            let has = |wire: &str| {
                op.params.iter().any(|p| {
                    p.location == ParamLocation::Query && p.wire_name == wire && !p.required
                })
            };
            if !(has(&convention.page) && has(&convention.page_size)) || op.body.is_some() {
                continue;
            }
            let Success::Json(TypeRef::Named(name)) = &op.success else {
                continue;
            };
            let Some(TypeKind::Struct(_)) = api.types.get(name).map(|d| &d.kind) else {
                continue;
            };
            if let Some(pagination) =
                pagination_of(&api.types, &op.success_type(), &op.path, convention)
            {
                match found.get(name) {
                    Some(first) => op.paginated = *first == pagination,
                    None => {
                        found.insert(name.clone(), pagination);
                        op.paginated = true;
                    }
                }
            }
        }
    }
    for (name, pagination) in found {
        if let Some(TypeDef {
            kind: TypeKind::Struct(st),
            ..
        }) = api.types.get_mut(&name)
        {
            st.pagination = Some(pagination);
        }
    }
}
