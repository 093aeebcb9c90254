//! Turns the IR into token streams, one per generated file. Knows nothing of `openapiv3`.

mod builder;
mod examples;
mod models;
mod multipart;
mod operations;
mod paging;
mod params;
mod profile;
mod query_maps;
mod serde_impls;
mod waiters;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, TypeRef};

/// The version of the runtime's contract (`runtime::contract::VERSION`) that generated code is
/// written against, and the runtime versions that have it; a test checks both against the
/// runtime crate.
pub const RUNTIME_CONTRACT: u32 = 2;
/// See [`RUNTIME_CONTRACT`].
pub const RUNTIME_VERSIONS: &str = "0.2";

/// The generated root module's compile-time check that the runtime it is built with has the
/// contract it was generated for.
fn contract_check() -> TokenStream {
    let message = format!(
        "this client needs its runtime crate at {RUNTIME_VERSIONS}.x (runtime contract \
         {RUNTIME_CONTRACT}): depend on that version, or regenerate the client for your runtime"
    );
    quote! {
        const _: () = {
            let runtime_contract: u32 = crate::runtime::contract::VERSION;
            if runtime_contract != #RUNTIME_CONTRACT {
                panic!(#message);
            }
        };
    }
}

/// Where a type expression is printed: model names are bare inside `models.rs` and
/// `super::models::X` in the tag modules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    Models,
    Tag,
}

/// An identifier from a name `crate::names` settled (`r#type` becomes a raw identifier).
/// Escaping keywords is decided there, once; this only turns the text into a token. Names that
/// are not identifiers (which the name functions never produce) print as `invalid_name` instead
/// of panicking.
pub(crate) fn ident(name: &str) -> Ident {
    let (raw, bare) = match name.strip_prefix("r#") {
        Some(bare) => (true, bare),
        None => (false, name),
    };
    let valid = !bare.is_empty()
        && bare.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !bare.starts_with(|c: char| c.is_ascii_digit())
        && bare != "_";
    if !valid {
        return Ident::new("invalid_name", Span::call_site());
    }
    if raw {
        Ident::new_raw(bare, Span::call_site())
    } else {
        Ident::new(bare, Span::call_site())
    }
}

/// One `#[doc = " ..."]` attribute per line, so they print as `///` lines.
pub(crate) fn docs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #text])
    });
    quote!(#(#attrs)*)
}

/// The type expression for `ty`.
pub(crate) fn ty(ty: &TypeRef, scope: Scope) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F64 => quote!(f64),
        TypeRef::Uuid => quote!(crate::runtime::uuid::Uuid),
        TypeRef::DateTime => quote!(crate::runtime::chrono::DateTime<crate::runtime::chrono::Utc>),
        TypeRef::Json => quote!(crate::runtime::serde_json::Value),
        TypeRef::Bytes => quote!(crate::runtime::bytes::Bytes),
        TypeRef::File => quote!(crate::runtime::FilePart),
        TypeRef::Named(name) => {
            let name = ident(name);
            match scope {
                Scope::Models => quote!(#name),
                Scope::Tag => quote!(super::models::#name),
            }
        }
        TypeRef::Vec(inner) => {
            let inner = self::ty(inner, scope);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = self::ty(inner, scope);
            quote!(::std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Option(inner) => {
            let inner = self::ty(inner, scope);
            quote!(Option<#inner>)
        }
        TypeRef::Boxed(inner) => {
            let inner = self::ty(inner, scope);
            quote!(Box<#inner>)
        }
        TypeRef::Sensitive(inner) => {
            let inner = self::ty(inner, scope);
            quote!(crate::runtime::Sensitive<#inner>)
        }
    }
}

/// The type behind aliases (so `pub type Region = String` is treated as a string): the IR's
/// [`TypeRef::unaliased`], the one definition of alias following.
pub(crate) fn leaf<'t>(api: &'t Api, ty: &'t TypeRef) -> &'t TypeRef {
    ty.unaliased(&api.types)
}

/// The struct behind a type, following `Option`, `Box` and aliases ([`TypeRef::peel`]).
pub(crate) fn struct_of<'t>(api: &'t Api, ty: &'t TypeRef) -> Option<&'t crate::ir::Struct> {
    ty.struct_of(&api.types, crate::ir::Peel::Wrappers)
}

/// How many model types one [`Piece`] of `models.rs` holds. `models.rs` is most of the output
/// (four fifths of it for DigitalOcean's whole API), so it is cut into runs that can be emitted
/// and formatted on different threads; the joined text does not depend on this number.
const MODELS_PER_PIECE: usize = 48;

/// One unit of emitting: a whole file, or a run of `models.rs` types. The text of a file is
/// its pieces' formatted texts joined in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Index into the paths [`plan`] returns.
    pub file: usize,
    what: What,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum What {
    Root,
    Models { skip: usize, take: usize },
    Tag(String),
}

/// Every file's relative path, in a fixed order, and the pieces that make them, each file's in
/// order. Emit each piece with [`piece`].
pub fn plan(api: &Api) -> (Vec<String>, Vec<Piece>) {
    plan_pieces(api, MODELS_PER_PIECE)
}

/// [`plan`] with `per_piece` model types in each piece of `models.rs` (at least one).
pub(crate) fn plan_pieces(api: &Api, per_piece: usize) -> (Vec<String>, Vec<Piece>) {
    let per_piece = per_piece.max(1);
    let mut paths = vec!["mod.rs".to_owned(), "models.rs".to_owned()];
    let mut pieces = vec![Piece {
        file: 0,
        what: What::Root,
    }];
    let types = api.types.len();
    // An API without types still gets its (attributes-only) models.rs.
    let mut skip = 0;
    loop {
        let take = per_piece.min(types - skip);
        pieces.push(Piece {
            file: 1,
            what: What::Models { skip, take },
        });
        skip += take;
        if skip >= types {
            break;
        }
    }
    for module in api.tags.values() {
        pieces.push(Piece {
            file: paths.len(),
            what: What::Tag(module.module.clone()),
        });
        paths.push(format!("{}.rs", module.module));
    }
    (paths, pieces)
}

/// About how many lines a piece prints (measured on DigitalOcean's whole API: a model type
/// about 150, an operation about 100), so the biggest pieces can be started first and no thread
/// is left with a big one at the end.
pub fn weight(api: &Api, piece: &Piece) -> usize {
    match &piece.what {
        What::Root => api.tags.len() * 10,
        What::Models { take, .. } => take * 150,
        What::Tag(module) => api.tags.get(module).map_or(0, |m| m.operations.len() * 100),
    }
}

/// One part of a [`Piece`] emitted alone (an operation or a model type): where it comes from
/// and its tokens, so that the pipeline can find the part whose code does not parse.
pub struct Part {
    /// The JSON pointer of the part in the document ("" when the IR keeps none).
    pub pointer: String,
    /// What the part is, for a message ("operation `x`", "model type `X`").
    pub what: String,
    /// The part's tokens, as [`piece`] would print them for a piece of this part alone.
    pub tokens: TokenStream,
}

/// What `piece` is as a whole (for a message), and its parts one at a time, each emitted alone
/// when the iterator reaches it: the operations of a tag module, the model types of a piece of
/// `models.rs`; the crate root has none.
pub fn parts<'a>(api: &'a Api, piece: &'a Piece) -> (String, Box<dyn Iterator<Item = Part> + 'a>) {
    match &piece.what {
        What::Root => (
            "the crate root (mod.rs)".to_owned(),
            Box::new(std::iter::empty()),
        ),
        What::Models { skip, take } => {
            (
                "models.rs".to_owned(),
                Box::new(api.types.values().enumerate().skip(*skip).take(*take).map(
                    |(index, ty)| Part {
                        pointer: String::new(),
                        what: format!("model type `{}`", ty.name),
                        tokens: models::models(api, index, 1),
                    },
                )),
            )
        }
        What::Tag(name) => {
            let whole = format!("module `{name}`");
            let Some(module) = api.tags.get(name) else {
                return (whole, Box::new(std::iter::empty()));
            };
            let parts = module.operations.iter().map(move |operation| {
                let alone = crate::ir::TagModule {
                    operations: vec![operation.clone()],
                    ..module.clone()
                };
                Part {
                    pointer: operation.pointer.clone(),
                    what: format!("operation `{}`", operation.operation_id),
                    tokens: operations::tag(api, &alone),
                }
            });
            (whole, Box::new(parts))
        }
    }
}

/// The tokens of one piece of [`plan`].
pub fn piece(api: &Api, piece: &Piece) -> TokenStream {
    match &piece.what {
        What::Root => operations::root(api),
        What::Models { skip, take } => models::models(api, *skip, *take),
        What::Tag(module) => match api.tags.get(module) {
            Some(module) => operations::tag(api, module),
            None => TokenStream::new(),
        },
    }
}
