//! Emits `models.rs`: structs, open enums, untagged unions, maps, aliases and `Paginated` impls.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Scope, docs, ident, ty};
use crate::ir::{Access, Api, OpenEnum, Pagination, Struct, TypeDef, TypeKind, TypeRef, Untagged};
use crate::names::bare;

pub(super) fn models(api: &Api) -> TokenStream {
    let items = api.types.values().map(type_def);
    quote! {
        #![allow(clippy::too_many_arguments, clippy::large_enum_variant)]
        #(#items)*
    }
}

fn type_def(def: &TypeDef) -> TokenStream {
    let doc = docs(&def.docs);
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(st) => structure(def, st),
        TypeKind::Enum(en) => open_enum(def, en),
        TypeKind::Untagged(un) => untagged(def, un),
        TypeKind::Map(value) => {
            let value = ty(value, Scope::Models);
            quote! {
                #doc
                pub type #name = ::std::collections::BTreeMap<::std::string::String, #value>;
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
    let doc = docs(&def.docs);
    let name = ident(&def.name);
    let default = st.derive_default.then(|| quote!(Default,));
    let fields = st.fields.iter().map(|field| {
        let doc = docs(&field.docs);
        let rust = ident(&field.rust_name);
        let field_ty = ty(&field.ty, Scope::Models);
        let rename = (bare(&field.rust_name) != field.wire_name).then(|| {
            let wire = &field.wire_name;
            quote!(#[serde(rename = #wire)])
        });
        let optional = field.optional.then(
            || quote!(#[serde(default, skip_serializing_if = "::std::option::Option::is_none")]),
        );
        quote! {
            #doc
            #rename
            #optional
            pub #rust: #field_ty,
        }
    });
    let args = st.fields.iter().filter(|f| f.in_constructor).map(|f| {
        let rust = ident(&f.rust_name);
        let field_ty = ty(&f.ty, Scope::Models);
        quote!(#rust: #field_ty)
    });
    let inits = st.fields.iter().map(|f| {
        let rust = ident(&f.rust_name);
        if f.in_constructor {
            quote!(#rust)
        } else {
            quote!(#rust: ::std::option::Option::None)
        }
    });
    let new_doc = format!(
        " Makes a `{}` from its required fields; every other field starts as `None`.",
        def.name
    );
    let paginated = st
        .pagination
        .as_ref()
        .map(|p| paginated(&def.name, p))
        .unwrap_or_default();
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #[doc = #new_doc]
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
        }

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
        None => quote!(::std::option::Option::None),
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
        _ => quote!(::std::vec::Vec::new()),
    };
    quote! {
        impl crate::runtime::Paginated for #name {
            type Item = #item;

            fn next_link(&self) -> ::std::option::Option<&str> {
                #next
                ::std::option::Option::Some(value.as_str())
            }

            fn total(&self) -> ::std::option::Option<u64> {
                #total
            }

            fn into_items(self) -> ::std::vec::Vec<Self::Item> {
                #into_items
            }
        }
    }
}

fn open_enum(def: &TypeDef, en: &OpenEnum) -> TokenStream {
    let doc = docs(&def.docs);
    let name = ident(&def.name);
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
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know; kept as sent by the server.
            Unknown(::std::string::String),
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

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from)*
                    other => Self::Unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value))
            }
        }
    }
}

fn untagged(def: &TypeDef, un: &Untagged) -> TokenStream {
    let doc = docs(&def.docs);
    let name = ident(&def.name);
    let variants = un.variants.iter().map(|v| {
        let rust = ident(&v.rust_name);
        let payload = ty(&v.ty, Scope::Models);
        let text = format!(" The `{}` alternative.", v.rust_name);
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
            impl ::std::convert::From<#payload> for #name {
                fn from(value: #payload) -> Self {
                    Self::#rust(value)
                }
            }
        };
        if v.unaliased == TypeRef::String {
            out.extend(quote! {
                impl ::std::convert::From<&str> for #name {
                    fn from(value: &str) -> Self {
                        Self::#rust(::std::borrow::ToOwned::to_owned(value))
                    }
                }
            });
        }
        // Lets an integer literal (which defaults to i32) select the integer variant.
        if v.unaliased == TypeRef::I64 && !has(&TypeRef::I32) {
            out.extend(quote! {
                impl ::std::convert::From<i32> for #name {
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
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }

        #display
        #(#froms)*
    }
}
