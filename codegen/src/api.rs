//! The public API of a set of generated files, and what an edit did to it in semver terms.
//!
//! Pure: [`Api::extract`] parses the files it is given with `syn` and [`diff`] compares two
//! extracts; reading the old files and printing the report is the xtask's job. The rules follow
//! Rust's semver as `cargo semver-checks` applies it:
//!
//! - a new module, type, method, function, trait impl or constant is **minor**;
//! - a new public field of a struct that code outside the crate can build with a literal (not
//!   `#[non_exhaustive]`, every field public) is **major** (`constructible_struct_adds_field`); of
//!   any other struct, **minor**;
//! - a new variant of an enum that is not `#[non_exhaustive]` is **major**
//!   (`enum_variant_added`: exhaustive matches break); of a `#[non_exhaustive]` one, **minor**;
//! - a removal, a changed signature, field type or variant shape, and newly adding
//!   `#[non_exhaustive]` are **major**;
//! - changed docs or function bodies only are **patch**; identical files are **none**.
//!
//! Paths are as a user writes them after the client crate's `pub use auto::*`: `mod.rs` is the
//! crate root, `models.rs` is `models`. Only the generated files are compared: the hand-written
//! crate root and the runtime are checked by `cargo semver-checks` in CI.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use quote::ToTokens;
use syn::{Attribute, Fields, ImplItem, Item, Visibility};

use crate::GeneratedFile;

/// How much a change asks of the version number, from nothing to a breaking release.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Nothing changed.
    None,
    /// Docs or bodies changed; the API did not.
    Patch,
    /// Something was added that no user's code can be broken by.
    Minor,
    /// Some user's code may stop compiling.
    Major,
}

impl Level {
    /// `none`, `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::None => "none",
            Level::Patch => "patch",
            Level::Minor => "minor",
            Level::Major => "major",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a public item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `pub mod`.
    Module,
    /// `pub struct`.
    Struct,
    /// `pub enum`.
    Enum,
    /// `pub type`.
    TypeAlias,
    /// `pub const` or `pub static`.
    Constant,
    /// A free `pub fn`.
    Function,
    /// A public field of a struct.
    Field,
    /// A variant of an enum.
    Variant,
    /// A method of the client that returns a tag's operations (`client.ssh_keys()`).
    TagAccessor,
    /// A method `fn x(mut self, ..) -> Self` of a builder.
    Setter,
    /// Any other `pub fn` in an inherent impl.
    Method,
    /// Methods a macro adds to a type (`request_overrides!`): present or not.
    MacroMethods,
    /// `impl Trait for Type`, written or derived.
    TraitImpl,
}

impl Kind {
    /// How the report names the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Module => "module",
            Kind::Struct => "struct",
            Kind::Enum => "enum",
            Kind::TypeAlias => "type alias",
            Kind::Constant => "constant",
            Kind::Function => "function",
            Kind::Field => "field",
            Kind::Variant => "variant",
            Kind::TagAccessor => "tag accessor",
            Kind::Setter => "setter",
            Kind::Method => "method",
            Kind::MacroMethods => "macro methods",
            Kind::TraitImpl => "trait impl",
        }
    }
}

/// One public item: its kind, its signature (the text that must not change), its docs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiItem {
    /// What it is.
    pub kind: Kind,
    /// The part whose change breaks users: a type, a signature, a variant's shape.
    pub signature: String,
    /// `#[non_exhaustive]` (structs and enums).
    pub non_exhaustive: bool,
    /// A struct with a field that is not `pub` (users cannot build it with a literal).
    pub private_fields: bool,
    /// Doc comments and other attributes that do not change the API.
    pub docs: String,
}

/// The public API of a set of generated files, by path (`models::Scan`, `models::Scan.status`,
/// `models::ScanStatus::Failed`, `ssh_keys::SshKeys::list`, `models::Scan: Clone`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Api {
    /// Every public item.
    pub items: BTreeMap<String, ApiItem>,
    /// Each file's text with the API and docs taken out is not kept; instead the file's full text,
    /// to tell a body-only change (patch) from no change.
    pub files: BTreeMap<String, String>,
}

/// A file that did not parse as Rust.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The file's path.
    pub path: String,
    /// What `syn` said.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: not Rust: {}", self.path, self.message)
    }
}

impl std::error::Error for ParseError {}

impl Api {
    /// The public API of `files` (`mod.rs` is the crate root, any other `x.rs` is module `x`).
    pub fn extract(files: &[GeneratedFile]) -> Result<Api, ParseError> {
        let mut api = Api::default();
        for file in files {
            let parsed = syn::parse_file(&file.contents).map_err(|e| ParseError {
                path: file.path.clone(),
                message: e.to_string(),
            })?;
            let module = match file.path.strip_suffix(".rs") {
                Some("mod") | None => String::new(),
                Some(stem) => stem.to_owned(),
            };
            let mut walker = Walker {
                api: &mut api,
                module,
            };
            walker.items(&parsed.items);
            api.files.insert(file.path.clone(), file.contents.clone());
        }
        Ok(api)
    }
}

struct Walker<'a> {
    api: &'a mut Api,
    /// The module path of the file being walked, empty for the root.
    module: String,
}

impl Walker<'_> {
    fn path(&self, name: &str) -> String {
        join(&self.module, name)
    }

    fn add(&mut self, path: String, item: ApiItem) {
        self.api.items.insert(path, item);
    }

    fn items(&mut self, items: &[Item]) {
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
    out
}

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

/// What happened to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum What {
    /// New in the new API.
    Added,
    /// Gone from the new API.
    Removed,
    /// Present in both, with a different signature.
    Changed,
    /// Present in both, same signature, different docs.
    Docs,
    /// No public item changed, but the text of a file did (function bodies, private items).
    Implementation,
}

impl What {
    /// `added`, `removed`, `changed`, `docs`, `implementation`.
    pub fn as_str(self) -> &'static str {
        match self {
            What::Added => "added",
            What::Removed => "removed",
            What::Changed => "changed",
            What::Docs => "docs changed",
            What::Implementation => "implementation changed",
        }
    }
}

/// One change to the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// How much it asks of the version.
    pub level: Level,
    /// Added, removed, changed.
    pub what: What,
    /// What kind of item (for `Implementation`, `Module` and the path is the file).
    pub kind: Kind,
    /// The item's path.
    pub path: String,
    /// The signature, or `old => new`.
    pub detail: String,
    /// Why the level is what it is, when that is not obvious from `what`.
    pub reason: Option<&'static str>,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.what == What::Implementation {
            return write!(f, "{}  implementation changed in {}", self.level, self.path);
        }
        write!(
            f,
            "{}  {} {} {}",
            self.level,
            self.what.as_str(),
            self.kind.as_str(),
            self.path
        )?;
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        if let Some(reason) = self.reason {
            write!(f, " ({reason})")?;
        }
        Ok(())
    }
}

/// Everything an edit did to the API, and the semver level it needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Every change, by path.
    pub changes: Vec<Change>,
}

impl Report {
    /// The highest level of any change; `None` when nothing changed.
    pub fn level(&self) -> Level {
        self.changes
            .iter()
            .map(|c| c.level)
            .max()
            .unwrap_or(Level::None)
    }

    /// The changes that are API changes (added, removed, changed), not docs or bodies.
    pub fn api_changes(&self) -> impl Iterator<Item = &Change> {
        self.changes
            .iter()
            .filter(|c| matches!(c.what, What::Added | What::Removed | What::Changed))
    }
}

impl fmt::Display for Report {
    /// One change a line, then `semver: <level>` as the last line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for change in &self.changes {
            writeln!(f, "{change}")?;
        }
        writeln!(f, "semver: {}", self.level())
    }
}

const NOT_EXHAUSTIVE_ENUM: &str =
    "the enum is not #[non_exhaustive]: a match without a wildcard arm breaks";
const CONSTRUCTIBLE: &str =
    "the struct is not #[non_exhaustive] and all its fields are public: a struct literal breaks";
const NEWLY_NON_EXHAUSTIVE: &str =
    "now #[non_exhaustive]: struct literals and exhaustive matches outside the crate break";
const LOST_NON_EXHAUSTIVE: &str = "no longer #[non_exhaustive]";
const NOW_PRIVATE_FIELD: &str = "a field is no longer public: struct literals break";

/// Where a field or variant lives: `models::Scan` for `models::Scan.status` and
/// `models::ScanStatus` for `models::ScanStatus::Failed`.
fn parent_of(path: &str, kind: Kind) -> Option<&str> {
    match kind {
        Kind::Field => path.rsplit_once('.').map(|(p, _)| p),
        Kind::Variant => path.rsplit_once("::").map(|(p, _)| p),
        _ => None,
    }
}

/// Whether the item at `path` (in `has` but not in `lacks`) belongs to a type that is also
/// only in `has`: a field, variant, method or trait impl of a new or removed type is said once,
/// with the type.
fn belongs_to(path: &str, kind: Kind, has: &Api, lacks: &Api) -> bool {
    let owner = match kind {
        Kind::Field | Kind::Variant => parent_of(path, kind),
        Kind::TraitImpl => path.split_once(": ").map(|(ty, _)| ty),
        Kind::Method | Kind::Setter | Kind::MacroMethods | Kind::TagAccessor | Kind::Constant => {
            path.rsplit_once("::").map(|(ty, _)| ty)
        }
        _ => None,
    };
    owner.is_some_and(|ty| {
        has.items
            .get(ty)
            .is_some_and(|item| matches!(item.kind, Kind::Struct | Kind::Enum))
            && !lacks.items.contains_key(ty)
    })
}

/// The signature to show with an added or removed item; nothing for a unit variant, whose
/// signature is its name.
fn detail_of(path: &str, item: &ApiItem) -> String {
    if path.ends_with(&format!("::{}", item.signature)) || item.signature.is_empty() {
        String::new()
    } else {
        item.signature.clone()
    }
}

/// What `new` did to `old`'s public API.
pub fn diff(old: &Api, new: &Api) -> Report {
    let mut changes = Vec::new();
    let paths: BTreeSet<&String> = old.items.keys().chain(new.items.keys()).collect();
    for path in paths {
        match (old.items.get(path), new.items.get(path)) {
            (None, Some(item)) => {
                if belongs_to(path, item.kind, new, old) {
                    continue;
                }
                let (level, reason) = added_level(old, new, path, item);
                changes.push(Change {
                    level,
                    what: What::Added,
                    kind: item.kind,
                    path: path.clone(),
                    detail: detail_of(path, item),
                    reason,
                });
            }
            (Some(item), None) => {
                if belongs_to(path, item.kind, old, new) {
                    continue;
                }
                changes.push(Change {
                    level: Level::Major,
                    what: What::Removed,
                    kind: item.kind,
                    path: path.clone(),
                    detail: detail_of(path, item),
                    reason: None,
                });
            }
            (Some(before), Some(after)) => {
                if let Some(change) = changed(path, before, after) {
                    changes.push(change);
                } else if before.docs != after.docs {
                    changes.push(Change {
                        level: Level::Patch,
                        what: What::Docs,
                        kind: after.kind,
                        path: path.clone(),
                        detail: String::new(),
                        reason: None,
                    });
                }
            }
            (None, None) => {}
        }
    }
    if changes.is_empty() {
        let files: BTreeSet<&String> = old.files.keys().chain(new.files.keys()).collect();
        for file in files {
            if old.files.get(file) != new.files.get(file) {
                changes.push(Change {
                    level: Level::Patch,
                    what: What::Implementation,
                    kind: Kind::Module,
                    path: file.clone(),
                    detail: String::new(),
                    reason: None,
                });
            }
        }
    }
    Report { changes }
}

/// The level of a new item. Only fields and variants can break users by being added.
fn added_level(old: &Api, new: &Api, path: &str, item: &ApiItem) -> (Level, Option<&'static str>) {
    let Some(parent) = parent_of(path, item.kind) else {
        return (Level::Minor, None);
    };
    let (Some(before), Some(_)) = (old.items.get(parent), new.items.get(parent)) else {
        // A field or variant of a new type comes with the type.
        return (Level::Minor, None);
    };
    match item.kind {
        Kind::Field if !before.non_exhaustive && !before.private_fields => {
            (Level::Major, Some(CONSTRUCTIBLE))
        }
        Kind::Variant if !before.non_exhaustive => (Level::Major, Some(NOT_EXHAUSTIVE_ENUM)),
        _ => (Level::Minor, None),
    }
}

/// The change between two versions of the same item, if its API changed.
fn changed(path: &str, before: &ApiItem, after: &ApiItem) -> Option<Change> {
    let change = |level, detail: String, reason| {
        Some(Change {
            level,
            what: What::Changed,
            kind: after.kind,
            path: path.to_owned(),
            detail,
            reason,
        })
    };
    if before.kind != after.kind || before.signature != after.signature {
        let detail = if before.kind == after.kind {
            format!("{} => {}", before.signature, after.signature)
        } else {
            format!(
                "{} {} => {} {}",
                before.kind.as_str(),
                before.signature,
                after.kind.as_str(),
                after.signature
            )
        };
        return change(Level::Major, detail, None);
    }
    if !before.non_exhaustive && after.non_exhaustive {
        let literal_or_match = before.kind == Kind::Enum || !before.private_fields;
        // A struct nobody outside could build by literal loses nothing by becoming
        // non-exhaustive, except that `Struct { .. }` patterns keep working: minor.
        let level = if literal_or_match {
            Level::Major
        } else {
            Level::Minor
        };
        return change(level, after.signature.clone(), Some(NEWLY_NON_EXHAUSTIVE));
    }
    if before.non_exhaustive && !after.non_exhaustive {
        return change(
            Level::Minor,
            after.signature.clone(),
            Some(LOST_NON_EXHAUSTIVE),
        );
    }
    if before.kind == Kind::Struct && !before.private_fields && after.private_fields {
        return change(
            Level::Major,
            after.signature.clone(),
            Some(NOW_PRIVATE_FIELD),
        );
    }
    None
}

/// The first line of the draft block `cargo xtask codegen` keeps in the CHANGELOG.
pub const DRAFT_BEGIN: &str = "<!-- cargo xtask codegen: API changes (draft) begin -->";
/// The last line of that block.
pub const DRAFT_END: &str = "<!-- cargo xtask codegen: API changes (draft) end -->";
const DRAFT_HEADING: &str = "### API changes from regenerating (draft)";
const DRAFT_LEVEL: &str = "Semver level of these changes: ";

/// One line of the CHANGELOG draft for a change: `- minor: added field `models::X.y`: `T``.
fn draft_line(change: &Change) -> String {
    if matches!(change.what, What::Docs | What::Implementation) {
        return "- patch: docs or implementation changed".to_owned();
    }
    let mut line = format!(
        "- {}: {} {} `{}`",
        change.level,
        change.what.as_str(),
        change.kind.as_str(),
        change.path
    );
    if !change.detail.is_empty() {
        line.push_str(&format!(": `{}`", change.detail));
    }
    if let Some(reason) = change.reason {
        line.push_str(&format!(" ({reason})"));
    }
    line
}

/// The CHANGELOG with `report` merged into the draft block of its `## [Unreleased]` section, or
/// `None` when nothing is to be added.
///
/// The block sits at the top of `## [Unreleased]` (the section is made, above the first release,
/// when missing), between [`DRAFT_BEGIN`] and [`DRAFT_END`]. Each regeneration adds the lines of
/// its changes that the block does not hold yet (docs and body changes are one line) and raises
/// the level line to the highest level seen, so running twice adds nothing. The block is a
/// draft: before a release the maintainer turns it into the entry's prose and deletes it.
pub fn changelog_draft(changelog: &str, report: &Report) -> Option<String> {
    if report.changes.is_empty() {
        return None;
    }
    let mut lines: Vec<String> = Vec::new();
    let mut level = report.level();
    let (before, after) = match (changelog.find(DRAFT_BEGIN), changelog.find(DRAFT_END)) {
        (Some(begin), Some(end)) if begin < end => {
            let body = &changelog[begin + DRAFT_BEGIN.len()..end];
            for line in body.lines().map(str::trim_end) {
                if let Some(rest) = line.strip_prefix(DRAFT_LEVEL) {
                    level = level.max(parse_level(rest));
                } else if line.starts_with("- ") {
                    lines.push(line.to_owned());
                }
            }
            (
                changelog[..begin].to_owned(),
                changelog[end + DRAFT_END.len()..].to_owned(),
            )
        }
        _ => {
            let (head, tail) = unreleased_insertion_point(changelog);
            let tail = if tail.is_empty() {
                "\n".to_owned()
            } else {
                format!("\n\n{tail}")
            };
            (format!("{head}{DRAFT_HEADING}\n\n"), tail)
        }
    };
    let old_count = lines.len();
    for change in &report.changes {
        let line = draft_line(change);
        if !lines.contains(&line) {
            lines.push(line);
        }
    }
    let mut block = format!("{DRAFT_BEGIN}\n{DRAFT_LEVEL}{level}\n\n");
    for line in &lines {
        block.push_str(line);
        block.push('\n');
    }
    block.push_str(DRAFT_END);
    let text = format!("{before}{block}{after}");
    (lines.len() != old_count || text != changelog).then_some(text)
}

fn parse_level(text: &str) -> Level {
    match text.trim() {
        "major" => Level::Major,
        "minor" => Level::Minor,
        "patch" => Level::Patch,
        _ => Level::None,
    }
}

/// Splits the CHANGELOG where the draft block goes: just under `## [Unreleased]`, which is made
/// above the first `## ` heading (or at the end) when missing.
fn unreleased_insertion_point(changelog: &str) -> (String, String) {
    let mut offset = 0;
    let mut first_section = None;
    for line in changelog.split_inclusive('\n') {
        if line.trim_end().eq_ignore_ascii_case("## [unreleased]") {
            let mut head = changelog[..offset + line.len()].to_owned();
            if !head.ends_with('\n') {
                head.push('\n');
            }
            head.push('\n');
            let tail = changelog[offset + line.len()..].trim_start_matches('\n');
            return (head, tail.to_owned());
        }
        if first_section.is_none() && line.starts_with("## ") {
            first_section = Some(offset);
        }
        offset += line.len();
    }
    let at = first_section.unwrap_or(changelog.len());
    let mut head = changelog[..at].to_owned();
    if !head.is_empty() && !head.ends_with("\n\n") {
        head.push_str(if head.ends_with('\n') { "\n" } else { "\n\n" });
    }
    head.push_str("## [Unreleased]\n\n");
    (head, changelog[at..].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(models: &str) -> Api {
        Api::extract(&[GeneratedFile {
            path: "models.rs".to_owned(),
            contents: models.to_owned(),
        }])
        .expect("test source parses")
    }

    fn report(old: &str, new: &str) -> Report {
        diff(&api(old), &api(new))
    }

    const PLAIN_STRUCT: &str = "pub struct S { pub a: Option<String> }";
    const PLAIN_ENUM: &str = "pub enum E { A, Unknown(String) }";

    #[test]
    fn a_field_added_to_a_plain_struct_is_major_and_to_a_non_exhaustive_one_minor() {
        let added = report(
            PLAIN_STRUCT,
            "pub struct S { pub a: Option<String>, pub b: Option<i64> }",
        );
        assert_eq!(added.level(), Level::Major, "{added}");
        assert_eq!(added.changes[0].path, "models::S.b");
        assert_eq!(added.changes[0].reason, Some(CONSTRUCTIBLE));

        let added = report(
            "#[non_exhaustive] pub struct S { pub a: Option<String> }",
            "#[non_exhaustive] pub struct S { pub a: Option<String>, pub b: Option<i64> }",
        );
        assert_eq!(added.level(), Level::Minor, "{added}");
        assert_eq!(added.to_string().lines().last(), Some("semver: minor"));
    }

    #[test]
    fn a_field_added_to_a_struct_with_private_fields_is_minor() {
        let added = report(
            "pub struct S { pub a: i64, client: u8 }",
            "pub struct S { pub a: i64, pub b: i64, client: u8 }",
        );
        assert_eq!(added.level(), Level::Minor, "{added}");
    }

    #[test]
    fn a_variant_added_to_an_exhaustive_enum_is_major_and_to_a_non_exhaustive_one_minor() {
        let added = report(PLAIN_ENUM, "pub enum E { A, B, Unknown(String) }");
        assert_eq!(added.level(), Level::Major, "{added}");
        assert_eq!(added.changes[0].path, "models::E::B");
        assert_eq!(added.changes[0].reason, Some(NOT_EXHAUSTIVE_ENUM));

        let added = report(
            "#[non_exhaustive] pub enum E { A, Unknown(String) }",
            "#[non_exhaustive] pub enum E { A, B, Unknown(String) }",
        );
        assert_eq!(added.level(), Level::Minor, "{added}");
    }

    #[test]
    fn becoming_non_exhaustive_is_major_and_ceasing_to_be_is_minor() {
        let marked = report(PLAIN_ENUM, &format!("#[non_exhaustive] {PLAIN_ENUM}"));
        assert_eq!(marked.level(), Level::Major, "{marked}");
        assert_eq!(marked.changes[0].reason, Some(NEWLY_NON_EXHAUSTIVE));
        let marked = report(PLAIN_STRUCT, &format!("#[non_exhaustive] {PLAIN_STRUCT}"));
        assert_eq!(marked.level(), Level::Major, "{marked}");
        let unmarked = report(&format!("#[non_exhaustive] {PLAIN_STRUCT}"), PLAIN_STRUCT);
        assert_eq!(unmarked.level(), Level::Minor, "{unmarked}");
    }

    #[test]
    fn removals_and_changed_types_are_major() {
        let removed = report(PLAIN_STRUCT, "pub struct S {}");
        assert_eq!(removed.level(), Level::Major, "{removed}");
        assert_eq!(removed.changes[0].what, What::Removed);
        let retyped = report(PLAIN_STRUCT, "pub struct S { pub a: Option<i64> }");
        assert_eq!(retyped.level(), Level::Major, "{retyped}");
        assert_eq!(
            retyped.changes[0].detail, "Option<String> => Option<i64>",
            "{retyped}"
        );
        let variant = report(PLAIN_ENUM, "pub enum E { A, Unknown(Box<str>) }");
        assert_eq!(variant.level(), Level::Major, "{variant}");
        let gone = report(PLAIN_ENUM, "pub enum E { Unknown(String) }");
        assert_eq!(gone.level(), Level::Major, "{gone}");
        let derive = report(&format!("#[derive(Default)] {PLAIN_STRUCT}"), PLAIN_STRUCT);
        assert_eq!(derive.level(), Level::Major, "{derive}");
        assert_eq!(derive.changes[0].path, "models::S: Default");
    }

    #[test]
    fn a_trait_impl_with_a_different_associated_type_is_changed() {
        let old = "pub struct O; impl ::std::ops::Deref for O { type Target = u8; fn deref(&self) -> &u8 { todo!() } }";
        let new = old
            .replace("Target = u8", "Target = u16")
            .replace("&u8", "&u16");
        let changed = report(old, &new);
        assert_eq!(changed.level(), Level::Major, "{changed}");
        assert_eq!(
            changed.changes[0].detail,
            "impl Deref { type Target = u8 } => impl Deref { type Target = u16 }"
        );
    }

    #[test]
    fn a_removed_type_is_one_change_not_one_per_member() {
        let removed = report(
            "#[derive(Clone)] pub struct S { pub a: i64 } impl S { pub fn a(&self) -> i64 { self.a } }",
            "",
        );
        assert_eq!(removed.changes.len(), 1, "{removed}");
        assert_eq!(removed.changes[0].path, "models::S");
    }

    #[test]
    fn new_methods_types_and_modules_are_minor_and_changed_signatures_major() {
        let old = "pub struct B { x: u8 } impl B { pub fn a(mut self, value: impl Into<String>) -> Self { self } }";
        let new = "pub struct B { x: u8 } impl B { pub fn a(mut self, value: impl Into<String>) -> Self { self } pub fn b(mut self, value: i64) -> Self { self } } pub struct N; pub mod m {}";
        let added = report(old, new);
        assert_eq!(added.level(), Level::Minor, "{added}");
        let kinds: Vec<(Kind, &str)> = added
            .changes
            .iter()
            .map(|c| (c.kind, c.path.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (Kind::Setter, "models::B::b"),
                (Kind::Struct, "models::N"),
                (Kind::Module, "models::m")
            ]
        );
        let changed = report(
            old,
            "pub struct B { x: u8 } impl B { pub fn a(mut self, value: impl Into<i64>) -> Self { self } }",
        );
        assert_eq!(changed.level(), Level::Major, "{changed}");
    }

    #[test]
    fn docs_and_bodies_are_patch_and_identical_files_none() {
        let docs = report(
            &format!("/// One.\n{PLAIN_STRUCT}"),
            &format!("/// Two.\n{PLAIN_STRUCT}"),
        );
        assert_eq!(docs.level(), Level::Patch, "{docs}");
        assert_eq!(docs.changes[0].what, What::Docs);
        let body = report("pub fn f() -> i64 { 1 }", "pub fn f() -> i64 { 2 }");
        assert_eq!(body.level(), Level::Patch, "{body}");
        assert_eq!(
            body.to_string(),
            "patch  implementation changed in models.rs\nsemver: patch\n"
        );
        let same = report(PLAIN_STRUCT, PLAIN_STRUCT);
        assert_eq!(same.to_string(), "semver: none\n");
    }

    #[test]
    fn a_rewrapped_signature_is_the_same_signature() {
        let wrapped = report(
            "pub async fn send(x: u8) -> Result<Vec<u8>, String> { todo!() }",
            "pub async fn send(\n    x: u8,\n) -> Result<\n    Vec<u8>,\n    String,\n> { todo!() }",
        );
        assert_eq!(wrapped.level(), Level::Patch, "{wrapped}");
        assert_eq!(
            api("pub fn f(&self, v: ::uuid::Uuid, w: &'a mut T) -> crate::x::Y<'a, T> { }")
                .items["models::f"]
                .signature,
            "fn f(&self, v: ::uuid::Uuid, w: &'a mut T) -> crate::x::Y<'a, T>"
        );
    }

    #[test]
    fn tag_accessors_are_told_apart_and_impl_paths_resolved() {
        let root = Api::extract(&[GeneratedFile {
            path: "mod.rs".to_owned(),
            contents: "pub mod ssh_keys; impl crate::Client { pub fn ssh_keys(&self) -> ssh_keys::SshKeys { todo!() } }".to_owned(),
        }])
        .unwrap();
        assert_eq!(root.items["Client::ssh_keys"].kind, Kind::TagAccessor);
        assert_eq!(root.items["ssh_keys"].kind, Kind::Module);
    }

    #[test]
    fn a_file_that_is_not_rust_is_named() {
        let error = Api::extract(&[GeneratedFile {
            path: "models.rs".to_owned(),
            contents: "pub struct {".to_owned(),
        }])
        .unwrap_err();
        assert!(
            error.to_string().starts_with("models.rs: not Rust: "),
            "{error}"
        );
    }

    const CHANGELOG: &str = "# Changelog\n\nIntro.\n\n## [Unreleased]\n\n### Added\n- by hand\n\n## [0.1.0]\n\n- first\n";

    #[test]
    fn the_changelog_draft_is_made_merged_and_idempotent() {
        let minor = report(
            "#[non_exhaustive] pub struct S { pub a: i64 }",
            "#[non_exhaustive] pub struct S { pub a: i64, pub b: i64 }",
        );
        let once = changelog_draft(CHANGELOG, &minor).expect("a draft is written");
        assert!(
            once.starts_with(&format!(
                "# Changelog\n\nIntro.\n\n## [Unreleased]\n\n{DRAFT_HEADING}\n\n{DRAFT_BEGIN}\n\
                 Semver level of these changes: minor\n\n- minor: added field `models::S.b`: `i64`\n\
                 {DRAFT_END}\n\n### Added\n- by hand\n"
            )),
            "{once}"
        );
        assert_eq!(
            changelog_draft(&once, &minor),
            None,
            "the same report twice"
        );
        assert_eq!(changelog_draft(&once, &Report::default()), None);

        let major = report(PLAIN_STRUCT, "pub struct S {}");
        let twice = changelog_draft(&once, &major).expect("a new line");
        assert!(
            twice.contains("Semver level of these changes: major\n"),
            "{twice}"
        );
        assert!(
            twice.contains("- minor: added field `models::S.b`"),
            "{twice}"
        );
        assert!(
            twice.contains("- major: removed field `models::S.a`"),
            "{twice}"
        );
        assert_eq!(twice.matches(DRAFT_BEGIN).count(), 1, "{twice}");
        // A later minor change does not lower the recorded level.
        let three = changelog_draft(&twice, &minor).unwrap_or(twice.clone());
        assert!(
            three.contains("Semver level of these changes: major\n"),
            "{three}"
        );
    }

    #[test]
    fn a_changelog_without_unreleased_gets_one_above_the_last_release() {
        let minor = report("", "pub struct N;");
        let text = changelog_draft("# Changelog\n\n## [0.1.0]\n\n- first\n", &minor).unwrap();
        assert!(
            text.starts_with(&format!(
                "# Changelog\n\n## [Unreleased]\n\n{DRAFT_HEADING}\n\n{DRAFT_BEGIN}"
            )),
            "{text}"
        );
        assert!(
            text.ends_with(&format!("{DRAFT_END}\n\n## [0.1.0]\n\n- first\n")),
            "{text}"
        );
    }
}
