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

mod changelog;
mod diff;
mod extract;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt;

use crate::GeneratedFile;

pub use changelog::{DRAFT_BEGIN, DRAFT_END, changelog_draft};
pub use diff::{Change, Report, What, diff};
pub use extract::tidy;

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
            let mut walker = extract::Walker {
                api: &mut api,
                module,
            };
            walker.items(&parsed.items);
            api.files.insert(file.path.clone(), file.contents.clone());
        }
        Ok(api)
    }
}
