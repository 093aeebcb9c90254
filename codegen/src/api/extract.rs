//! Reading the public items out of parsed generated files.

use quote::ToTokens;
use syn::{Attribute, Fields, ImplItem, Item, Visibility};

use super::{Api, ApiItem, Kind};

pub(super) struct Walker<'a> {
    pub(super) api: &'a mut Api,
    /// The module path of the file being walked, empty for the root.
    pub(super) module: String,
}

impl Walker<'_> {
    fn path(&self, name: &str) -> String {
        join(&self.module, name)
    }

    fn add(&mut self, path: String, item: ApiItem) {
        self.api.items.insert(path, item);
    }

    pub(super) fn items(&mut self, items: &[Item]) {
        for item in items {
            self.item(item);
        }
    }

    fn item(&mut self, item: &Item) {
        match item {
            Item::Mod(m) if is_pub(&m.vis) => {
                let path = self.path(&m.ident.to_string());
                self.add(path.clone(), plain(Kind::Module, "", &m.attrs));
                if let Some((_, inner)) = &m.content {
                    let outer = std::mem::replace(&mut self.module, path);
                    self.items(inner);
                    self.module = outer;
                }
            }
            Item::Struct(s) if is_pub(&s.vis) => {
                let path = self.path(&s.ident.to_string());
                let generics = tidy(&s.generics);
                let (shape, private) = match &s.fields {
                    Fields::Named(_) => ("{..}", false),
                    Fields::Unnamed(_) => ("(..)", false),
                    Fields::Unit => ("", false),
                };
                let mut private_fields = private;
                for (index, field) in s.fields.iter().enumerate() {
                    if !is_pub(&field.vis) {
                        private_fields = true;
                        continue;
                    }
                    let name = field
                        .ident
                        .as_ref()
                        .map_or_else(|| index.to_string(), ToString::to_string);
                    self.add(
                        format!("{path}.{name}"),
                        plain(Kind::Field, &tidy(&field.ty), &field.attrs),
                    );
                }
                let mut entry = plain(
                    Kind::Struct,
                    &format!("struct {}{generics}{shape}", s.ident),
                    &s.attrs,
                );
                entry.non_exhaustive = has_non_exhaustive(&s.attrs);
                entry.private_fields = private_fields;
                self.derives(&path, &s.attrs);
                self.add(path, entry);
            }
            Item::Enum(e) if is_pub(&e.vis) => {
                let path = self.path(&e.ident.to_string());
                for variant in &e.variants {
                    let shape = match &variant.fields {
                        Fields::Unit => String::new(),
                        fields => tidy(fields),
                    };
                    let discriminant = variant
                        .discriminant
                        .as_ref()
                        .map(|(_, expr)| format!(" = {}", tidy(expr)))
                        .unwrap_or_default();
                    self.add(
                        format!("{path}::{}", variant.ident),
                        plain(
                            Kind::Variant,
                            &format!("{}{shape}{discriminant}", variant.ident),
                            &variant.attrs,
                        ),
                    );
                }
                let mut entry = plain(
                    Kind::Enum,
                    &format!("enum {}{}", e.ident, tidy(&e.generics)),
                    &e.attrs,
                );
                entry.non_exhaustive = has_non_exhaustive(&e.attrs);
                self.derives(&path, &e.attrs);
                self.add(path, entry);
            }
            Item::Type(t) if is_pub(&t.vis) => {
                let path = self.path(&t.ident.to_string());
                let signature = format!("type {}{} = {}", t.ident, tidy(&t.generics), tidy(&t.ty));
                self.add(path, plain(Kind::TypeAlias, &signature, &t.attrs));
            }
            Item::Const(c) if is_pub(&c.vis) => {
                let path = self.path(&c.ident.to_string());
                let signature = format!("const {}: {}", c.ident, tidy(&c.ty));
                self.add(path, plain(Kind::Constant, &signature, &c.attrs));
            }
            Item::Static(s) if is_pub(&s.vis) => {
                let path = self.path(&s.ident.to_string());
                let signature = format!("static {}: {}", s.ident, tidy(&s.ty));
                self.add(path, plain(Kind::Constant, &signature, &s.attrs));
            }
            Item::Fn(f) if is_pub(&f.vis) => {
                let path = self.path(&f.sig.ident.to_string());
                self.add(path, plain(Kind::Function, &tidy(&f.sig), &f.attrs));
            }
            Item::Impl(i) => self.impl_block(i),
            _ => {}
        }
    }

    /// `#[derive(A, B)]` on a type: its trait impls.
    fn derives(&mut self, path: &str, attrs: &[Attribute]) {
        for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
            let Ok(list) = attr.parse_args_with(
                syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
            ) else {
                continue;
            };
            for trait_path in list {
                let name = trait_name(&tidy(&trait_path));
                self.add(
                    format!("{path}: {name}"),
                    plain(Kind::TraitImpl, &format!("impl {name}"), &[]),
                );
            }
        }
    }

    fn impl_block(&mut self, block: &syn::ItemImpl) {
        let self_ty = self.type_path(&block.self_ty);
        if let Some((_, trait_path, _)) = &block.trait_ {
            let name = trait_name(&tidy(trait_path));
            let path = format!("{self_ty}: {name}");
            let mut signature = format!("impl{} {name}", tidy(&block.generics));
            // Associated types are part of the contract (`Deref<Target = ..>`, `FromStr::Err`).
            let assoc: Vec<String> = block
                .items
                .iter()
                .filter_map(|item| match item {
                    ImplItem::Type(t) => Some(format!("type {} = {}", t.ident, tidy(&t.ty))),
                    _ => None,
                })
                .collect();
            if !assoc.is_empty() {
                signature.push_str(&format!(" {{ {} }}", assoc.join("; ")));
            }
            self.add(path, plain(Kind::TraitImpl, &signature, &block.attrs));
            return;
        }
        let accessor_host = matches!(self_ty.rsplit("::").next(), Some("Operations" | "Client"));
        for item in &block.items {
            match item {
                ImplItem::Fn(f) if is_pub(&f.vis) => {
                    let signature = tidy(&f.sig);
                    let kind = if accessor_host && self.returns_tag(&f.sig) {
                        Kind::TagAccessor
                    } else if is_setter(&f.sig) {
                        Kind::Setter
                    } else {
                        Kind::Method
                    };
                    let path = format!("{self_ty}::{}", f.sig.ident);
                    self.add(path, plain(kind, &signature, &f.attrs));
                }
                ImplItem::Const(c) if is_pub(&c.vis) => {
                    let path = format!("{self_ty}::{}", c.ident);
                    let signature = format!("const {}: {}", c.ident, tidy(&c.ty));
                    self.add(path, plain(Kind::Constant, &signature, &c.attrs));
                }
                ImplItem::Macro(m) => {
                    let name = m
                        .mac
                        .path
                        .segments
                        .last()
                        .map(|s| s.ident.to_string())
                        .unwrap_or_default();
                    let path = format!("{self_ty}::{name}!");
                    let signature = format!("{}!({})", tidy(&m.mac.path), tidy(&m.mac.tokens));
                    self.add(path, plain(Kind::MacroMethods, &signature, &m.attrs));
                }
                _ => {}
            }
        }
    }

    /// A method of the client whose return type is a tag module's struct (`ssh_keys::SshKeys`).
    fn returns_tag(&self, sig: &syn::Signature) -> bool {
        match &sig.output {
            syn::ReturnType::Type(_, ty) => {
                let text = tidy(ty);
                let text = text.strip_prefix("crate::").unwrap_or(&text);
                text.contains("::") && !text.starts_with("models::") && !text.contains('<')
            }
            syn::ReturnType::Default => false,
        }
    }

    /// The user-facing path of an impl's self type: `Scan` in `models` is `models::Scan`;
    /// `crate::Client` and `super::Client` are `Client`.
    fn type_path(&self, ty: &syn::Type) -> String {
        let text = tidy(ty);
        if let Some(rest) = text.strip_prefix("crate::") {
            return rest.to_owned();
        }
        if let Some(rest) = text.strip_prefix("super::") {
            return rest.to_owned();
        }
        if let Some(rest) = text.strip_prefix("self::") {
            return self.path(rest);
        }
        self.path(&text)
    }
}

fn join(module: &str, name: &str) -> String {
    if module.is_empty() {
        name.to_owned()
    } else {
        format!("{module}::{name}")
    }
}

fn is_pub(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

fn has_non_exhaustive(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("non_exhaustive"))
}

/// `fn x(mut self, ..) -> Self`.
fn is_setter(sig: &syn::Signature) -> bool {
    let takes_self =
        matches!(sig.inputs.first(), Some(syn::FnArg::Receiver(r)) if r.reference.is_none());
    let returns_self = matches!(&sig.output, syn::ReturnType::Type(_, ty) if tidy(ty) == "Self");
    takes_self && returns_self && sig.inputs.len() == 2
}

/// `::std::fmt::Display` and `Display` are the same trait here; the report names it by its last
/// segments without a leading `::std::`/`::core::` prefix.
fn trait_name(path: &str) -> String {
    let path = path.strip_prefix("::").unwrap_or(path);
    for prefix in ["std::", "core::", "alloc::"] {
        if let Some(rest) = path.strip_prefix(prefix) {
            let rest = rest.split_once("::").map_or(rest, |(_, tail)| tail);
            return rest.to_owned();
        }
    }
    path.to_owned()
}

fn plain(kind: Kind, signature: &str, attrs: &[Attribute]) -> ApiItem {
    ApiItem {
        kind,
        signature: signature.to_owned(),
        non_exhaustive: false,
        private_fields: false,
        docs: attrs
            .iter()
            .filter(|a| !a.path().is_ident("derive") && !a.path().is_ident("non_exhaustive"))
            .map(tidy)
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// Tokens as one line of Rust, spaced the way people write it (`Option<String>`, `&self`,
/// `value: impl Into<String>`, `crate::runtime::Error`), without the trailing commas that
/// formatting adds to long lists (so a signature that is re-wrapped is the same signature).
pub fn tidy(tokens: &impl ToTokens) -> String {
    let raw = tokens.to_token_stream().to_string();
    let mut out = String::with_capacity(raw.len());
    for word in raw.split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() && spaced(&out, word) {
            out.push(' ');
        }
        out.push_str(word);
    }
    for close in [")", ">", "]", "}"] {
        out = out.replace(&format!(",{close}"), close);
        out = out.replace(&format!(", {close}"), close);
    }
    // The runtime re-exports the foreign crates generated code names (its contract): a path
    // through it names the same item as the crate's own path.
    for krate in FOREIGN {
        out = out.replace(&format!("crate::runtime::{krate}::"), &format!("{krate}::"));
    }
    out
}

/// The crates the runtime re-exports for generated code (`runtime/src/contract.rs`).
const FOREIGN: [&str; 7] = [
    "serde_json",
    "serde",
    "chrono",
    "uuid",
    "bytes",
    "futures_util",
    "reqwest",
];

/// Whether a space goes between the text so far and the next word of a token stream.
fn spaced(before: &str, next: &str) -> bool {
    const KEYWORDS: [&str; 10] = [
        "impl", "dyn", "for", "as", "mut", "const", "in", "where", "return", "fn",
    ];
    let last_word = before
        .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()
        .unwrap_or("");
    let after_keyword = before.ends_with(last_word) && KEYWORDS.contains(&last_word);
    let after_separator = before.ends_with("->")
        || before.ends_with("=>")
        || before.ends_with('=')
        || before.ends_with(',')
        || before.ends_with('+')
        || (before.ends_with(':') && !before.ends_with("::"));
    if before.ends_with("::") || before.ends_with(['<', '(', '[', '&', '#', '!']) {
        return false;
    }
    if next.starts_with([',', ';', '>', ')', ']', '?', '!', '.']) {
        return false;
    }
    if next.starts_with("::") || next.starts_with(['<', '(', '[']) {
        return after_separator || (after_keyword && !next.starts_with('('));
    }
    if next.starts_with(':') {
        return false;
    }
    true
}
