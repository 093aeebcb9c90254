//! The questions every later phase asks of IR types: what an alias stands for ([`TypeRef::peel`],
//! the one walk through aliases, `Option` and `Box`), whether a type prints with `Display`, the
//! struct or map value behind a type.

use std::collections::{BTreeMap, BTreeSet};

use super::{Struct, TypeDef, TypeKind, TypeRef};

impl TypeRef {
    /// True when values of this type print through `Display` in a useful way.
    pub fn is_display(&self, types: &BTreeMap<String, TypeDef>) -> bool {
        self.display_along(types, &mut Vec::new())
    }

    /// `is_display` with the named types on the way here: a name met again on its own path is a
    /// cycle of aliases or unions (refused later by the lowering), and is not `Display`.
    fn display_along<'t>(
        &'t self,
        types: &'t BTreeMap<String, TypeDef>,
        path: &mut Vec<&'t str>,
    ) -> bool {
        match self {
            TypeRef::String
            | TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::F64
            | TypeRef::Uuid
            | TypeRef::DateTime => true,
            TypeRef::Named(name) if path.contains(&name.as_str()) => false,
            TypeRef::Named(name) => {
                path.push(name);
                let display = types.get(name).is_some_and(|def| match &def.kind {
                    TypeKind::Enum(_) => true,
                    // A union of scalars (`integer id | string fingerprint`) prints its
                    // alternative.
                    TypeKind::Untagged(untagged) => untagged.variants.iter().all(|v| {
                        !matches!(v.ty.unaliased(types), TypeRef::DateTime)
                            && v.ty.display_along(types, path)
                    }),
                    TypeKind::Alias(target) => target.display_along(types, path),
                    TypeKind::Struct(_) | TypeKind::Map(_) => false,
                });
                path.pop();
                display
            }
            _ => false,
        }
    }

    /// The value type of a map (`BTreeMap<String, T>` itself or a named map), behind aliases,
    /// `Option` and `Box`.
    pub fn map_value<'t>(&'t self, types: &'t BTreeMap<String, TypeDef>) -> Option<&'t TypeRef> {
        match self.peel(types, Peel::Wrappers) {
            TypeRef::Map(value) => Some(value),
            TypeRef::Named(name) => match &types.get(name)?.kind {
                TypeKind::Map(value) => Some(value),
                _ => None,
            },
            _ => None,
        }
    }

    /// The struct behind a type: through aliases only (`Peel::Aliases`), or also through
    /// `Option` and `Box` (`Peel::Wrappers`).
    pub fn struct_of<'t>(
        &'t self,
        types: &'t BTreeMap<String, TypeDef>,
        peel: Peel,
    ) -> Option<&'t Struct> {
        match self.peel(types, peel) {
            TypeRef::Named(name) => match &types.get(name)?.kind {
                TypeKind::Struct(st) => Some(st),
                _ => None,
            },
            _ => None,
        }
    }

    /// The type behind aliases (`type Ipv4Net = String;` is `String`).
    pub fn unaliased<'t>(&'t self, types: &'t BTreeMap<String, TypeDef>) -> &'t TypeRef {
        self.peel(types, Peel::Aliases)
    }

    /// The one walk through aliases (and, with [`Peel::Wrappers`], `Option` and `Box`): the
    /// first type that is none of those. Every alias met is remembered, so a cycle of aliases
    /// (which the lowering refuses, `Lowerer::reject_alias_cycles`) ends at the alias seen twice
    /// instead of looping; `Option`/`Box` nest finitely, being owned trees.
    pub fn peel<'t>(&'t self, types: &'t BTreeMap<String, TypeDef>, peel: Peel) -> &'t TypeRef {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut current = self;
        loop {
            match current {
                TypeRef::Option(inner) | TypeRef::Boxed(inner) if peel == Peel::Wrappers => {
                    current = inner;
                }
                TypeRef::Named(name) => match types.get(name).map(|d| &d.kind) {
                    Some(TypeKind::Alias(target)) if seen.insert(name) => current = target,
                    _ => return current,
                },
                _ => return current,
            }
        }
    }
}

/// What [`TypeRef::peel`] looks through besides aliases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Peel {
    /// Aliases only: `Option<T>` stays `Option<T>`.
    Aliases,
    /// Aliases, `Option` and `Box`.
    Wrappers,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{TypeDef, TypeKind};

    fn alias(name: &str, target: TypeRef) -> (String, TypeDef) {
        let def = TypeDef {
            name: name.to_owned(),
            docs: Vec::new(),
            kind: TypeKind::Alias(target),
        };
        (name.to_owned(), def)
    }

    fn named(name: &str) -> TypeRef {
        TypeRef::Named(name.to_owned())
    }

    #[test]
    fn peel_goes_through_aliases_and_optionally_option_and_box() {
        let types = BTreeMap::from([
            alias("Region", TypeRef::String),
            alias("MaybeRegion", TypeRef::Option(Box::new(named("Region")))),
        ]);
        let ty = TypeRef::Boxed(Box::new(named("MaybeRegion")));
        assert_eq!(ty.peel(&types, Peel::Aliases), &ty);
        assert_eq!(ty.peel(&types, Peel::Wrappers), &TypeRef::String);
        assert_eq!(
            named("MaybeRegion").unaliased(&types),
            &TypeRef::Option(Box::new(named("Region")))
        );
    }

    #[test]
    fn peel_ends_on_a_cycle_of_aliases_far_longer_than_any_cap() {
        // A -> Option<B> -> Box<C> -> ... 40 aliases round to A again.
        let names: Vec<String> = (0..40).map(|i| format!("A{i}")).collect();
        let types: BTreeMap<String, TypeDef> = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let next = named(&names[(i + 1) % names.len()]);
                alias(name, TypeRef::Option(Box::new(next)))
            })
            .collect();
        let start = named("A0");
        // The walk stops at the first alias it meets twice, and nothing is a struct or a map.
        assert_eq!(start.peel(&types, Peel::Wrappers), &start);
        assert!(start.struct_of(&types, Peel::Wrappers).is_none());
        assert!(start.map_value(&types).is_none());
        assert!(!start.is_display(&types));
        // A chain of 40 aliases without a cycle is followed to its end.
        let mut chain = types;
        chain.insert("A39".to_owned(), alias("A39", TypeRef::I64).1);
        assert_eq!(start.peel(&chain, Peel::Wrappers), &TypeRef::I64);
        // `is_display` follows a 40-alias chain too (the old walk gave up after 16).
        let plain: BTreeMap<String, TypeDef> = names
            .iter()
            .enumerate()
            .map(|(i, name)| match names.get(i + 1) {
                Some(next) => alias(name, named(next)),
                None => alias(name, TypeRef::I64),
            })
            .collect();
        assert!(start.is_display(&plain));
        assert_eq!(start.unaliased(&plain), &TypeRef::I64);
    }
}
