//! `codegen::ROOT_EXPORTS` is the generator's copy of the type-like names the client
//! crate exports at its root (a model named like one is renamed `<Name>Model`, so that a user who
//! glob-imports the crate and `models` never meets an ambiguous name). The crate root is
//! hand-written (`generated/src/lib.rs`), so this test reads it with `syn` and fails when the two
//! disagree: adding a re-export there without adding it to the list (or the reverse) is caught
//! here, not by a user.

use std::collections::BTreeSet;
use std::path::Path;

/// Every `UpperCamelCase` name `pub use`d or defined `pub` at the root of `generated/src/lib.rs`,
/// plus what `pub use auto::*` brings from the generated `mod.rs` (`Operations`).
fn root_type_names() -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/src/lib.rs");
    let text = std::fs::read_to_string(&root).expect("generated/src/lib.rs is readable");
    let file = syn::parse_file(&text).expect("generated/src/lib.rs parses");
    let mut names = BTreeSet::new();
    for item in &file.items {
        match item {
            syn::Item::Use(u) if matches!(u.vis, syn::Visibility::Public(_)) => {
                use_names(&u.tree, &mut names)
            }
            syn::Item::Struct(s) if matches!(s.vis, syn::Visibility::Public(_)) => {
                names.insert(s.ident.to_string());
            }
            syn::Item::Enum(e) if matches!(e.vis, syn::Visibility::Public(_)) => {
                names.insert(e.ident.to_string());
            }
            syn::Item::Type(t) if matches!(t.vis, syn::Visibility::Public(_)) => {
                names.insert(t.ident.to_string());
            }
            syn::Item::Trait(t) if matches!(t.vis, syn::Visibility::Public(_)) => {
                names.insert(t.ident.to_string());
            }
            _ => {}
        }
    }
    // `pub use auto::*`: the generated root module's one type.
    let generated = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/src/auto/mod.rs");
    let generated = std::fs::read_to_string(generated).expect("generated mod.rs is readable");
    let generated = syn::parse_file(&generated).expect("generated mod.rs parses");
    for item in &generated.items {
        if let syn::Item::Struct(s) = item
            && matches!(s.vis, syn::Visibility::Public(_))
        {
            names.insert(s.ident.to_string());
        }
    }
    // Type-like names only: modules (`reqwest`, `runtime`) and constants (`MAX_PER_PAGE`)
    // cannot be spelled like a model.
    names.retain(|n| {
        n.starts_with(|c: char| c.is_ascii_uppercase()) && n.chars().any(|c| c.is_lowercase())
    });
    names
}

fn use_names(tree: &syn::UseTree, names: &mut BTreeSet<String>) {
    match tree {
        syn::UseTree::Path(p) => use_names(&p.tree, names),
        syn::UseTree::Name(n) => {
            names.insert(n.ident.to_string());
        }
        syn::UseTree::Rename(r) => {
            names.insert(r.rename.to_string());
        }
        syn::UseTree::Group(g) => {
            for tree in &g.items {
                use_names(tree, names);
            }
        }
        // `pub use auto::*` is read from the generated module above.
        syn::UseTree::Glob(_) => {}
    }
}

#[test]
fn the_generator_knows_every_name_the_crate_root_exports() {
    let exported = root_type_names();
    let listed: BTreeSet<String> = codegen::ROOT_EXPORTS
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let missing: Vec<_> = exported.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&exported).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "codegen::ROOT_EXPORTS is out of step with generated/src/lib.rs:\n  \
         exported but not listed (a model of that name would be ambiguous): {missing:?}\n  \
         listed but not exported: {stale:?}"
    );
    // And each listed name really is renamed.
    for name in &listed {
        assert_eq!(codegen::model_name(name), format!("{name}Model"));
    }
}

/// The functions `generated/src/lib.rs` adds to the generated `Client` are exactly
/// `codegen::CLIENT_METHODS`, the names no tag module (and so no accessor) may take: a
/// function added there without the list would collide with a tag of that name.
#[test]
fn the_generator_keeps_tags_off_every_function_the_crate_root_adds_to_client() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/src/lib.rs");
    let text = std::fs::read_to_string(&root).expect("generated/src/lib.rs is readable");
    let file = syn::parse_file(&text).expect("generated/src/lib.rs parses");
    let mut added = BTreeSet::new();
    for item in &file.items {
        if let syn::Item::Impl(imp) = item
            && imp.trait_.is_none()
            && matches!(&*imp.self_ty, syn::Type::Path(p) if p.path.is_ident("Client"))
        {
            for inner in &imp.items {
                if let syn::ImplItem::Fn(f) = inner {
                    added.insert(f.sig.ident.to_string());
                }
            }
        }
    }
    let listed: BTreeSet<String> = codegen::CLIENT_METHODS
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    assert_eq!(added, listed);
    for name in &listed {
        assert_eq!(codegen::module_name(name), format!("{name}_"));
    }
}
