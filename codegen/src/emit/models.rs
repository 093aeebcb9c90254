//! Emits `models.rs`: structs, open enums, untagged unions, maps, aliases and `Paginated` impls.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Scope, docs, ident, ty};
use crate::ir::{
    Access, Api, Field, OpenEnum, Pagination, Struct, TypeDef, TypeKind, TypeRef, Untagged,
};
use crate::names::bare;

/// The model types `skip..skip + take` of `models.rs` (in name order); the run that starts the
/// file also carries its inner attributes. Runs print independently and are joined in order.
pub(super) fn models(api: &Api, skip: usize, take: usize) -> TokenStream {
    let items = api.types.values().skip(skip).take(take).map(type_def);
    let attrs = (skip == 0)
        .then(|| quote!(#![allow(clippy::too_many_arguments, clippy::large_enum_variant)]));
    quote! {
        #attrs
        #(#items)*
    }
}

fn type_def(def: &TypeDef) -> TokenStream {
    let doc = type_docs(def);
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(st) => structure(def, st),
        TypeKind::Enum(en) => open_enum(def, en),
        TypeKind::Untagged(un) => untagged(def, un),
        TypeKind::Map(value) => {
            let value = ty(value, Scope::Models);
            quote! {
                #doc
                pub type #name = ::std::collections::BTreeMap<String, #value>;
            }
        }
        TypeKind::Alias(target) => {
            let target = ty(target, Scope::Models);
            quote! {
                #doc
                pub type #name = #target;
            }
        }
    }
}

fn structure(def: &TypeDef, st: &Struct) -> TokenStream {
    let doc = type_docs(def);
    let name = ident(&def.name);
    let default = st.derive_default.then(|| quote!(Default,));
    let fields = st.fields.iter().map(|field| {
        let doc = if field.docs.is_empty() {
            let text = format!(" The `{}` property.", field.wire_name);
            quote!(#[doc = #text])
        } else {
            docs(&field.docs)
        };
        let rust = ident(&field.rust_name);
        let field_ty = ty(&field.ty, Scope::Models);
        quote! {
            #doc
            pub #rust: #field_ty,
        }
    });
    let unknown = ident(&st.unknown_field);
    let required: Vec<&Field> = st.fields.iter().filter(|f| f.in_constructor).collect();
    // A positional constructor over two or more fields invites swapped arguments; those models
    // are made with the builder only.
    let new = (required.len() <= 1).then(|| {
        let args = required.iter().map(|f| {
            let rust = ident(&f.rust_name);
            let field_ty = ty(&f.ty, Scope::Models);
            quote!(#rust: #field_ty)
        });
        let inits = st.fields.iter().map(|f| {
            let rust = ident(&f.rust_name);
            if f.in_constructor {
                quote!(#rust)
            } else {
                quote!(#rust: None)
            }
        });
        let rest = non_spec_inits(st);
        let new_doc = match required.first() {
            Some(f) => format!(
                " Makes a `{}` from its one required field, `{}`; every other field starts as `None`.",
                def.name,
                bare(&f.rust_name)
            ),
            None => format!(" Makes a `{}` with every field `None`.", def.name),
        };
        quote! {
            #[doc = #new_doc]
            #[inline]
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits,)* #rest }
            }
        }
    });
    let (builder_fn, builder) = model_builder(def, st);
    let paginated = st
        .pagination
        .as_ref()
        .map(|p| paginated(&def.name, p))
        .unwrap_or_default();
    let serde_impls = super::serde_impls::struct_serde(def, st);
    let multipart = super::multipart::parts_impl(def, st);
    // `#[non_exhaustive]`: a property added to the spec is a new field, which must not break a
    // struct literal or pattern in a user's code; users build models with `builder()`.
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            /// Properties the spec does not name, kept as the server sent them and sent back
            /// when this value is serialized. `Debug` shows their keys, never their values.
            pub #unknown: crate::runtime::UnknownFields,
        }

        #serde_impls

        #multipart

        impl #name {
            #new
            #builder_fn
        }

        #builder

        #paginated
    }
}

/// `let value = &self.a; let value = value.as_ref()?; ...` down the access path.
fn walk(access: &Access) -> TokenStream {
    let steps = access
        .steps
        .iter()
        .enumerate()
        .map(|(index, (field, optional))| {
            let field = ident(field);
            let first = if index == 0 {
                quote!(let value = &self.#field;)
            } else {
                quote!(let value = &value.#field;)
            };
            let unwrap = optional.then(|| quote!(let value = value.as_ref()?;));
            quote!(#first #unwrap)
        });
    quote!(#(#steps)*)
}

fn paginated(name: &str, p: &Pagination) -> TokenStream {
    let name = ident(name);
    let item = ty(&p.item, Scope::Models);
    let next = walk(&p.next);
    let total = match &p.total {
        Some(access) => {
            let walk = walk(access);
            quote! {
                #walk
                u64::try_from(*value).ok()
            }
        }
        None => quote!(None),
    };
    let into_items = match p.items.steps.as_slice() {
        [(field, optional)] => {
            let field = ident(field);
            if *optional {
                quote!(self.#field.unwrap_or_default())
            } else {
                quote!(self.#field)
            }
        }
        _ => quote!(Vec::new()),
    };
    quote! {
        impl crate::runtime::Paginated for #name {
            type Item = #item;

            fn next_link(&self) -> Option<&str> {
                #next
                Some(value.as_str())
            }

            fn total(&self) -> Option<u64> {
                #total
            }

            fn into_items(self) -> Vec<Self::Item> {
                #into_items
            }
        }
    }
}

fn open_enum(def: &TypeDef, en: &OpenEnum) -> TokenStream {
    let doc = type_docs(def);
    let name = ident(&def.name);
    let type_name = &def.name;
    let variants = en.variants.iter().map(|v| {
        let rust = ident(&v.rust_name);
        let text = format!(" `{}`", v.wire);
        quote!(#[doc = #text] #rust,)
    });
    let as_str = en.variants.iter().map(|v| {
        let rust = ident(&v.rust_name);
        let wire = &v.wire;
        quote!(Self::#rust => #wire,)
    });
    let from = en.variants.iter().map(|v| {
        let rust = ident(&v.rust_name);
        let wire = &v.wire;
        quote!(#wire => Self::#rust,)
    });
    quote! {
        #doc
        ///
        /// Open and `#[non_exhaustive]`: the API may add values, so a `match` needs a `_` arm.
        /// A value this version does not know decodes as `Unknown`, which never holds a value
        /// that has a variant of its own; the first time the process decodes one, a `tracing`
        /// warn event names it.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know, kept as sent by the server
            /// (`as_str()` gives it).
            Unknown(crate::runtime::UnknownValue),
        }

        impl #name {
            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from)*
                    other => Self::Unknown(crate::runtime::UnknownValue::from_unmatched(other)),
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl From<&String> for #name {
            fn from(value: &String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl crate::runtime::serde::Serialize for #name {
            fn serialize<S: crate::runtime::serde::Serializer>(
                &self,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> crate::runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D: crate::runtime::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                let value = <String as crate::runtime::serde::Deserialize>::deserialize(deserializer)?;
                Ok(match Self::from(value.as_str()) {
                    Self::Unknown(unknown) => Self::Unknown(unknown.decoded(#type_name)),
                    known => known,
                })
            }
        }
    }
}

fn untagged(def: &TypeDef, un: &Untagged) -> TokenStream {
    let doc = type_docs(def);
    let name = ident(&def.name);
    let variants = un.variants.iter().map(|v| {
        let rust = ident(&v.rust_name);
        let payload = ty(&v.ty, Scope::Models);
        let text = format!(" The `{}` alternative.", bare(&v.rust_name));
        quote!(#[doc = #text] #rust(#payload),)
    });
    let display = un.display.then(|| {
        let arms = un.variants.iter().map(|v| {
            let rust = ident(&v.rust_name);
            quote!(Self::#rust(value) => ::std::fmt::Display::fmt(value, f),)
        });
        quote! {
            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match self {
                        #(#arms)*
                    }
                }
            }
        }
    });
    let has = |t: &TypeRef| un.variants.iter().any(|v| &v.unaliased == t);
    let froms = un.variants.iter().filter(|v| v.from_impl).map(|v| {
        let rust = ident(&v.rust_name);
        let payload = ty(&v.ty, Scope::Models);
        let mut out = quote! {
            impl From<#payload> for #name {
                fn from(value: #payload) -> Self {
                    Self::#rust(value)
                }
            }
        };
        if v.unaliased == TypeRef::String {
            out.extend(quote! {
                impl From<&str> for #name {
                    fn from(value: &str) -> Self {
                        Self::#rust(ToOwned::to_owned(value))
                    }
                }

                impl From<&String> for #name {
                    fn from(value: &String) -> Self {
                        Self::#rust(Clone::clone(value))
                    }
                }
            });
        }
        // Lets an integer literal (which defaults to i32) select the integer variant.
        if v.unaliased == TypeRef::I64 && !has(&TypeRef::I32) {
            out.extend(quote! {
                impl From<i32> for #name {
                    fn from(value: i32) -> Self {
                        Self::#rust(i64::from(value))
                    }
                }
            });
        }
        out
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, crate::runtime::serde::Serialize, crate::runtime::serde::Deserialize)]
        #[serde(crate = "crate::runtime::serde", untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }

        #display
        #(#froms)*
    }
}

/// The type's docs, or a line naming it when the spec says nothing (every public item has docs).
fn type_docs(def: &TypeDef) -> TokenStream {
    if def.docs.is_empty() {
        let text = format!(" The `{}` type of the API.", def.name);
        quote!(#[doc = #text])
    } else {
        docs(&def.docs)
    }
}

/// Initialisers of the fields a generated struct has beyond the spec's properties; every
/// constructor and `build()` ends its struct literal with these, so such a field starts as
/// `Default::default()` everywhere. (None today.)
fn non_spec_inits(st: &Struct) -> TokenStream {
    let unknown = ident(&st.unknown_field);
    quote!(#unknown: crate::runtime::UnknownFields::new(),)
}

/// `Model::builder()` and the `ModelBuilder` type: one `impl Into<T>` setter per field,
/// `build()` failing with `InvalidInput` that names the first required field left unset, and
/// `From<Model>` so a whole model can seed a builder.
fn model_builder(def: &TypeDef, st: &Struct) -> (TokenStream, TokenStream) {
    let model = ident(&def.name);
    let builder = ident(&st.builder);
    let model_name = &def.name;
    let fields = st.fields.iter().map(|f| {
        let rust = ident(&f.rust_name);
        let inner = ty(value_type(&f.ty), Scope::Models);
        quote!(#rust: Option<#inner>,)
    });
    let setters = st.fields.iter().map(|f| {
        let rust = ident(&f.rust_name);
        let setter = ident(&f.setter);
        let inner = ty(value_type(&f.ty), Scope::Models);
        let doc = format!(" Sets [`{model_name}::{}`].", bare(&f.rust_name));
        quote! {
            #[doc = #doc]
            pub fn #setter(mut self, value: impl Into<#inner>) -> Self {
                self.#rust = Some(value.into());
                self
            }
        }
    });
    let inits = st.fields.iter().map(|f| {
        let rust = ident(&f.rust_name);
        if f.optional {
            quote!(#rust: self.#rust,)
        } else {
            let wire = bare(&f.setter);
            quote!(#rust: crate::runtime::required(self.#rust, #model_name, #wire)?,)
        }
    });
    let from = st.fields.iter().map(|f| {
        let rust = ident(&f.rust_name);
        if f.optional {
            quote!(#rust: value.#rust,)
        } else {
            quote!(#rust: Some(value.#rust),)
        }
    });
    let unknown = ident(&st.unknown_field);
    let builder_doc = format!(" Builds a [`{model_name}`] one named field at a time.");
    let fn_doc = format!(
        " Starts a [`{}`]: set fields by name, then call `build()`, which fails naming any required field left unset.",
        st.builder
    );
    (
        quote! {
            #[doc = #fn_doc]
            #[inline]
            pub fn builder() -> #builder {
                Default::default()
            }
        },
        quote! {
            #[doc = #builder_doc]
            #[derive(Debug, Clone, Default)]
            #[must_use = "a builder does nothing until `build` is called"]
            pub struct #builder {
                #(#fields)*
                #unknown: crate::runtime::UnknownFields,
            }

            impl #builder {
                #(#setters)*

                /// The model, or `Error::InvalidInput` naming the first required field not set.
                #[inline]
                pub fn build(self) -> Result<#model, crate::runtime::Error> {
                    Ok(#model {
                        #(#inits)*
                        #unknown: self.#unknown,
                    })
                }
            }

            impl From<#model> for #builder {
                #[inline]
                fn from(value: #model) -> Self {
                    Self {
                        #(#from)*
                        #unknown: value.#unknown,
                    }
                }
            }
        },
    )
}

/// The type a setter takes: the field's type without its `Option`.
pub(super) fn value_type(field: &TypeRef) -> &TypeRef {
    match field {
        TypeRef::Option(inner) => inner,
        other => other,
    }
}
