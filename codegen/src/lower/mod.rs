//! Lowers the loaded document into the IR: names, shapes, optionality, hoisting, pagination.
//!
//! Schemas are lowered first (components in document order, inline schemas hoisted as they are
//! met), then operations. A schema that fails is dropped together with everything that refers to
//! it, so lenient runs keep every operation that does not depend on it.

mod body;
mod builders;
mod client;
mod credentials;
mod docs;
mod files;
mod objects;
mod operation;
mod pagination;
mod parameters;
mod query_maps;
mod refs;
mod schema;
#[cfg(test)]
mod setters_tests;
mod view;
mod waiters;
mod walk;

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Error, ErrorKind};
use crate::ir::{Api, TypeDef, TypeKind, TypeRef};
use crate::load::Document;

pub(crate) use client::apply_options;

/// The outcome of lowering.
#[derive(Debug, Clone, Default)]
pub struct Lowered {
    /// What can be generated.
    pub api: Api,
    /// Everything that could not be lowered.
    pub errors: Vec<Error>,
    /// Lenient mode only: mistakes read as a best guess (undeclared path parameters, `type:
    /// float`), each with the kind strict mode reports.
    pub guesses: Vec<Error>,
}

pub(crate) struct Lowerer<'a> {
    doc: &'a Document,
    lenient: bool,
    types: BTreeMap<String, TypeDef>,
    /// Component schema name -> Rust type name.
    components: BTreeMap<String, String>,
    /// Every type name handed out (components and hoisted), so hoisted names stay unique.
    taken: BTreeSet<String>,
    /// Names added since the current item started, to roll back on failure.
    added: Vec<String>,
    errors: Vec<Error>,
    guesses: Vec<Error>,
    /// `x-waiters` of the operations lowered so far, resolved once the types are final.
    waiters: Vec<waiters::PendingWaiters<'a>>,
}

/// Lowers `doc`. In strict mode the caller fails on any returned error; in lenient mode
/// collisions are disambiguated instead of reported where that is safe.
pub fn lower(doc: &Document, lenient: bool) -> Lowered {
    let mut lowerer = Lowerer {
        doc,
        lenient,
        types: BTreeMap::new(),
        components: BTreeMap::new(),
        taken: BTreeSet::new(),
        added: Vec::new(),
        errors: Vec::new(),
        guesses: Vec::new(),
        waiters: Vec::new(),
    };
    lowerer.name_components();
    lowerer.lower_components();
    let tags = lowerer.lower_operations();
    lowerer.reject_alias_cycles();
    lowerer.reject_union_cycles();
    lowerer.drop_incomplete_types();
    let tags = lowerer.drop_incomplete_operations(tags);
    lowerer.box_recursion();
    finish_unions(&mut lowerer.types);
    schema::mark_default_when_absent(&mut lowerer.types);
    let mut api = Api {
        types: std::mem::take(&mut lowerer.types),
        tags,
        credential_docs: credentials::credential_docs(&doc.credentials),
        client: client::profile(&doc.client),
    };
    builders::assign_builders(&mut api);
    pagination::detect_pagination(&mut api, doc.client.pagination.as_ref());
    let mut errors = lowerer.errors;
    waiters::resolve_waiters(&mut api, &lowerer.waiters, &mut errors);
    // A schema classified more than once gives its guess once.
    let mut seen = BTreeSet::new();
    let mut guesses = lowerer.guesses;
    guesses.retain(|g| seen.insert((g.pointer.clone(), g.message.clone())));
    Lowered {
        api,
        errors,
        guesses,
    }
}

impl<'a> Lowerer<'a> {
    /// Reports a name collision in strict mode, or returns a disambiguated name in lenient mode.
    fn unique_name(
        &mut self,
        wanted: String,
        taken: &BTreeSet<String>,
        pointer: &str,
        what: &str,
    ) -> Result<String, Error> {
        if !taken.contains(&wanted) {
            return Ok(wanted);
        }
        if !self.lenient {
            return Err(Error::new(
                ErrorKind::NameCollision,
                pointer,
                format!("{what} becomes `{wanted}` in Rust, which is already used"),
            ));
        }
        Ok(suffixed(&wanted, taken))
    }

    /// Reserves a type name for a hoisted inline schema, adding a number when it is taken.
    fn hoisted_name(&mut self, hint: &str) -> String {
        let hint = &crate::names::model_name(hint);
        let name = if self.taken.contains(hint) {
            suffixed(hint, &self.taken)
        } else {
            hint.to_owned()
        };
        self.taken.insert(name.clone());
        self.added.push(name.clone());
        name
    }

    /// Forgets the types added since `mark` (used when an item fails half way).
    fn roll_back(&mut self, mark: usize) {
        for name in self.added.drain(mark..) {
            self.types.remove(&name);
            self.taken.remove(&name);
        }
    }

    fn insert_type(&mut self, def: TypeDef) {
        self.types.insert(def.name.clone(), def);
    }

    /// Removes types that refer to a type that does not exist (because it failed), until none do.
    fn drop_incomplete_types(&mut self) {
        loop {
            let broken: Vec<String> = self
                .types
                .values()
                .filter(|def| {
                    referenced_names(def)
                        .iter()
                        .any(|name| !self.types.contains_key(name))
                })
                .map(|def| def.name.clone())
                .collect();
            if broken.is_empty() {
                break;
            }
            for name in broken {
                self.types.remove(&name);
            }
        }
    }

    /// Reports and removes type aliases that refer to themselves through other aliases
    /// (`type A = Vec<A>;`, `type A = B; type B = A;`): Rust expands aliases eagerly, so no `Box`
    /// can fix such a cycle. `drop_incomplete_types` then drops whatever used them.
    fn reject_alias_cycles(&mut self) {
        let aliases: BTreeMap<String, BTreeSet<String>> = self
            .types
            .values()
            .filter_map(|def| match &def.kind {
                TypeKind::Alias(ty) | TypeKind::Map(ty) => {
                    let mut targets = BTreeSet::new();
                    names_in(ty, &mut targets);
                    Some((def.name.clone(), targets))
                }
                _ => None,
            })
            .collect();
        let edges: BTreeMap<String, BTreeSet<String>> = aliases
            .iter()
            .map(|(name, targets)| {
                let targets = targets.iter().filter(|t| aliases.contains_key(*t));
                (name.clone(), targets.cloned().collect())
            })
            .collect();
        let component = strongly_connected(&edges);
        for (name, targets) in &edges {
            if !targets
                .iter()
                .any(|t| component.get(t) == component.get(name))
            {
                continue;
            }
            let (at, spec_name) = self.component_of(name);
            self.errors.push(Error::new(
                ErrorKind::Unsupported,
                at,
                format!(
                    "schema `{}` is only a reference, array or map of itself (a recursive type alias); give the recursion an object with properties",
                    spec_name.as_deref().unwrap_or(name)
                ),
            ));
            self.types.remove(name);
        }
    }

    /// The pointer of the component a Rust type came from (`/components/schemas` for hoisted
    /// inline schemas), and its spec name.
    fn component_of(&self, rust: &str) -> (String, Option<String>) {
        let spec_name = self
            .components
            .iter()
            .find(|(_, r)| *r == rust)
            .map(|(spec, _)| spec.clone());
        let at = match &spec_name {
            Some(spec) => crate::load::schema_pointer(spec),
            None => "/components/schemas".to_owned(),
        };
        (at, spec_name)
    }

    /// Reports and removes `oneOf`/`anyOf` unions that can be themselves without any object or
    /// array in between (`a: {oneOf: [{$ref: a}, {type: string}]}`): an untagged union tries
    /// every alternative on the same input, so decoding such a union would recurse until the
    /// stack overflows. `drop_incomplete_types` then drops whatever used them.
    fn reject_union_cycles(&mut self) {
        let transparent =
            |def: &TypeDef| matches!(def.kind, TypeKind::Untagged(_) | TypeKind::Alias(_));
        let edges: BTreeMap<String, BTreeSet<String>> = self
            .types
            .values()
            .filter(|def| transparent(def))
            .map(|def| {
                let targets = by_value_targets(def)
                    .into_iter()
                    .filter(|t| self.types.get(t).is_some_and(transparent))
                    .collect();
                (def.name.clone(), targets)
            })
            .collect();
        let component = strongly_connected(&edges);
        for (name, targets) in &edges {
            let cyclic = targets
                .iter()
                .any(|t| component.get(t) == component.get(name));
            if !cyclic || !matches!(self.types[name].kind, TypeKind::Untagged(_)) {
                continue;
            }
            let (at, spec_name) = self.component_of(name);
            self.errors.push(Error::new(
                ErrorKind::Unsupported,
                at,
                format!(
                    "schema `{}` is a oneOf/anyOf with an alternative that is the union itself; decoding it could never finish",
                    spec_name.as_deref().unwrap_or(name)
                ),
            ));
            self.types.remove(name);
        }
    }

    /// Wraps in `Box` every by-value reference that closes a cycle, so recursive types have a size.
    fn box_recursion(&mut self) {
        let edges: BTreeMap<String, BTreeSet<String>> = self
            .types
            .values()
            .map(|def| (def.name.clone(), by_value_targets(def)))
            .collect();
        // An edge closes a cycle exactly when both ends are in the same strongly connected
        // component (a self-edge is its own cycle).
        let component = strongly_connected(&edges);
        let mut to_box: Vec<(String, String)> = Vec::new();
        for (name, targets) in &edges {
            for target in targets {
                let same = component
                    .get(name)
                    .is_some_and(|c| component.get(target) == Some(c));
                if same {
                    to_box.push((name.clone(), target.clone()));
                }
            }
        }
        for (name, target) in to_box {
            if let Some(def) = self.types.get_mut(&name) {
                match &mut def.kind {
                    TypeKind::Struct(st) => {
                        for field in &mut st.fields {
                            box_named(&mut field.ty, &target);
                        }
                    }
                    TypeKind::Untagged(untagged) => {
                        for variant in &mut untagged.variants {
                            box_named(&mut variant.ty, &target);
                        }
                    }
                    TypeKind::Enum(_) | TypeKind::Map(_) | TypeKind::Alias(_) => {}
                }
            }
        }
    }
}

/// Decides, once every type exists, what each untagged union's alternatives are in Rust terms:
/// their payload type with aliases resolved, whether a `From<payload>` impl can be emitted (not
/// when two alternatives are the same Rust type, such as two string aliases `Ipv4Net` and
/// `Ipv6Net`: that would be two conflicting impls), and whether the union is `Display` (every
/// alternative a scalar, so it can be written into a URL). Alternatives that are the same Rust
/// type cannot be told apart when decoding; the docs say which one a decoded value becomes.
fn finish_unions(types: &mut BTreeMap<String, TypeDef>) {
    let mut updates = Vec::new();
    for def in types.values() {
        let TypeKind::Untagged(union) = &def.kind else {
            continue;
        };
        let unaliased: Vec<TypeRef> = union
            .variants
            .iter()
            .map(|v| v.ty.unaliased(types).clone())
            .collect();
        let display = TypeRef::Named(def.name.clone()).is_display(types);
        let mut notes = Vec::new();
        for (index, ty) in unaliased.iter().enumerate() {
            if let Some(first) = unaliased[..index].iter().position(|t| t == ty) {
                notes.push(format!(
                    "`{}` is the same Rust type as `{}`: decoding tries the alternatives in order and the first that fits wins, so a decoded value is always `{}`; build `{}` yourself to send one.",
                    union.variants[index].rust_name,
                    union.variants[first].rust_name,
                    union.variants[first].rust_name,
                    union.variants[index].rust_name,
                ));
            }
        }
        updates.push((def.name.clone(), unaliased, display, notes));
    }
    for (name, unaliased, display, notes) in updates {
        let Some(def) = types.get_mut(&name) else {
            continue;
        };
        if !notes.is_empty() {
            def.docs.push(String::new());
            def.docs.extend(notes);
        }
        if let TypeKind::Untagged(union) = &mut def.kind {
            for (index, variant) in union.variants.iter_mut().enumerate() {
                variant.from_impl =
                    unaliased.iter().filter(|t| **t == unaliased[index]).count() == 1;
                variant.unaliased = unaliased[index].clone();
            }
            union.display = display;
        }
    }
}

/// `name2`, `name3`, ... whichever is free first.
fn suffixed(name: &str, taken: &BTreeSet<String>) -> String {
    let mut n = 2usize;
    loop {
        let candidate = format!("{name}{n}");
        if !taken.contains(&candidate) {
            return candidate;
        }
        n += 1;
    }
}

/// Every type name mentioned by `ty`.
pub(crate) fn names_in(ty: &TypeRef, out: &mut BTreeSet<String>) {
    match ty {
        TypeRef::Named(name) => {
            out.insert(name.clone());
        }
        TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Option(inner)
        | TypeRef::Boxed(inner)
        | TypeRef::Sensitive(inner) => names_in(inner, out),
        _ => {}
    }
}

fn referenced_names(def: &TypeDef) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    match &def.kind {
        TypeKind::Struct(st) => st.fields.iter().for_each(|f| names_in(&f.ty, &mut out)),
        TypeKind::Untagged(u) => u.variants.iter().for_each(|v| names_in(&v.ty, &mut out)),
        TypeKind::Map(ty) | TypeKind::Alias(ty) => names_in(ty, &mut out),
        TypeKind::Enum(_) => {}
    }
    out
}

/// Names held by value (not behind `Vec`, `BTreeMap` or `Box`).
fn by_value(ty: &TypeRef, out: &mut BTreeSet<String>) {
    match ty {
        TypeRef::Named(name) => {
            out.insert(name.clone());
        }
        TypeRef::Option(inner) | TypeRef::Sensitive(inner) => by_value(inner, out),
        _ => {}
    }
}

fn by_value_targets(def: &TypeDef) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    match &def.kind {
        TypeKind::Struct(st) => st.fields.iter().for_each(|f| by_value(&f.ty, &mut out)),
        TypeKind::Untagged(u) => u.variants.iter().for_each(|v| by_value(&v.ty, &mut out)),
        TypeKind::Alias(ty) => by_value(ty, &mut out),
        TypeKind::Map(_) | TypeKind::Enum(_) => {}
    }
    out
}

fn box_named(ty: &mut TypeRef, target: &str) {
    match ty {
        TypeRef::Named(name) if name == target => {
            *ty = TypeRef::Boxed(Box::new(TypeRef::Named(name.clone())));
        }
        TypeRef::Option(inner) | TypeRef::Sensitive(inner) => box_named(inner, target),
        _ => {}
    }
}

/// Kosaraju's algorithm with explicit stacks: maps every node to the id of its component.
fn strongly_connected(edges: &BTreeMap<String, BTreeSet<String>>) -> BTreeMap<String, usize> {
    let mut reverse: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, targets) in edges {
        for to in targets {
            reverse.entry(to.as_str()).or_default().push(from.as_str());
        }
    }
    // First pass: finishing order on the graph.
    let mut order: Vec<&str> = Vec::new();
    let mut visited: BTreeSet<&str> = BTreeSet::new();
    for start in edges.keys() {
        if !visited.insert(start.as_str()) {
            continue;
        }
        let mut stack: Vec<(&str, Vec<&str>)> = vec![(
            start.as_str(),
            edges
                .get(start)
                .map(|t| t.iter().map(String::as_str).collect())
                .unwrap_or_default(),
        )];
        while let Some((node, pending)) = stack.last_mut() {
            let node = *node;
            match pending.pop() {
                Some(next) => {
                    if visited.insert(next) {
                        let children = edges
                            .get(next)
                            .map(|t| t.iter().map(String::as_str).collect())
                            .unwrap_or_default();
                        stack.push((next, children));
                    }
                }
                None => {
                    order.push(node);
                    stack.pop();
                }
            }
        }
    }
    // Second pass: components on the reversed graph in reverse finishing order.
    let mut component: BTreeMap<String, usize> = BTreeMap::new();
    for (id, root) in order.iter().rev().enumerate() {
        if component.contains_key(*root) {
            continue;
        }
        let mut stack = vec![*root];
        component.insert((*root).to_owned(), id);
        while let Some(node) = stack.pop() {
            for prev in reverse.get(node).into_iter().flatten() {
                if !component.contains_key(*prev) {
                    component.insert((*prev).to_owned(), id);
                    stack.push(prev);
                }
            }
        }
    }
    component
}
