//! Waiters (`x-waiters`): `wait_until_<name>` methods that poll a GET operation until a state
//! field reaches a success or failure value.

use std::collections::{BTreeMap, BTreeSet};

use super::operation::string_list;
use super::walk::{field, step, struct_of, unwrapped};
use crate::error::{Error, ErrorKind, child};
use crate::ir::{
    Access, Api, HttpMethod, OperationMethod, Success, TypeDef, TypeKind, TypeRef, Waiter,
};
use crate::names::{bare, snake_name};

/// The `x-waiters` extension of a lowered operation, captured while lowering it so that
/// nothing after lowering reads the document.
#[derive(Debug, Clone)]
pub(super) struct PendingWaiters<'a> {
    /// The module the operation went into.
    pub module: String,
    pub operation_id: String,
    /// The pointer of the operation.
    pub pointer: String,
    pub value: &'a serde_json::Value,
}

/// Resolves the state path of every captured `x-waiters` to fields, once the types are final.
pub(super) fn resolve_waiters(
    api: &mut Api,
    pending: &[PendingWaiters<'_>],
    errors: &mut Vec<Error>,
) {
    for raw in pending {
        let waiters = raw.value;
        let at = child(&raw.pointer, "x-waiters");
        let Some(module) = api.tags.get_mut(&raw.module) else {
            continue;
        };
        let mut taken: BTreeSet<String> = module
            .operations
            .iter()
            .flat_map(|o| {
                std::iter::once(o.method_name.clone())
                    .chain(o.waiters.iter().map(|w| w.method_name.clone()))
            })
            .collect();
        let Some(op) = module
            .operations
            .iter_mut()
            .find(|o| o.operation_id == raw.operation_id)
        else {
            continue;
        };
        let Some(list) = waiters.as_array() else {
            errors.push(Error::new(
                ErrorKind::Invalid,
                at,
                "`x-waiters` must be a list",
            ));
            continue;
        };
        for (index, waiter) in list.iter().enumerate() {
            let waiter_at = child(&at, &index.to_string());
            match waiter_of(&api.types, op, waiter, &waiter_at, &taken) {
                Ok(w) => {
                    taken.insert(w.method_name.clone());
                    op.waiters.push(w);
                }
                Err(e) => errors.push(e),
            }
        }
    }
}

/// One waiter of `op`, its state path resolved to fields.
fn waiter_of(
    types: &BTreeMap<String, TypeDef>,
    op: &OperationMethod,
    waiter: &serde_json::Value,
    at: &str,
    taken: &BTreeSet<String>,
) -> Result<Waiter, Error> {
    let name = waiter
        .get("name")
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| Error::new(ErrorKind::Invalid, at, "a waiter needs a `name`"))?;
    if op.http_method != HttpMethod::Get || op.body.as_ref().is_some_and(|b| b.required) {
        return Err(Error::new(
            ErrorKind::Unsupported,
            at,
            "waiters are supported on GET operations without a body",
        ));
    }
    let Success::Json(ty) = &op.success else {
        return Err(Error::new(
            ErrorKind::Unsupported,
            at,
            "a waiter needs an operation that returns a JSON body",
        ));
    };
    let path = string_list(waiter.get("state"));
    if path.is_empty() {
        return Err(Error::new(
            ErrorKind::Invalid,
            child(at, "state"),
            "a waiter needs a non-empty `state` path",
        ));
    }
    let mut steps = Vec::new();
    let mut current = ty.clone();
    for wire in &path {
        let found = struct_of(types, &current).and_then(|st| field(st, wire));
        let Some(f) = found else {
            return Err(Error::new(
                ErrorKind::Invalid,
                child(at, "state"),
                format!("waiter state path has no property `{wire}`"),
            ));
        };
        steps.push(step(f));
        current = f.ty.clone();
    }
    let leaf_ty = unwrapped(types, &current);
    let is_state = match leaf_ty {
        TypeRef::String => true,
        TypeRef::Named(n) => matches!(types.get(n).map(|d| &d.kind), Some(TypeKind::Enum(_))),
        _ => false,
    };
    if !is_state {
        return Err(Error::new(
            ErrorKind::Unsupported,
            child(at, "state"),
            "a waiter state must be a string or a string enum",
        ));
    }
    let method_name = format!("wait_until_{}", bare(&snake_name(name)));
    if taken.contains(&method_name) {
        return Err(Error::new(
            ErrorKind::NameCollision,
            child(at, "name"),
            format!("waiter method `{method_name}` is already used"),
        ));
    }
    Ok(Waiter {
        method_name,
        state: Access { steps },
        success: string_list(waiter.get("success")),
        failure: string_list(waiter.get("failure")),
    })
}
