//! What the tag methods, builders and waiters share about parameters: how a caller passes a
//! value (`Arg`), the path expression and its template, query and header values as their style
//! says, and the range checks of integer parameters.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Scope, ident, leaf, ty};
use crate::ir::{
    Api, Body, OperationMethod, Param, ParamLocation, PathPart, QueryStyle, Success, TypeRef,
};

/// How a value of type `ty` at `expr` (a reference) becomes the text sent on the wire.
pub(super) fn wire_text(api: &Api, ty: &TypeRef, expr: TokenStream) -> TokenStream {
    match leaf(api, ty) {
        TypeRef::String => quote!(Clone::clone(#expr)),
        TypeRef::DateTime => quote!(#expr.to_rfc3339()),
        _ => quote!(#expr.to_string()),
    }
}

/// How a path parameter at `expr` (a reference) becomes a `&str` before encoding.
pub(super) fn path_text(api: &Api, ty: &TypeRef, expr: TokenStream) -> TokenStream {
    match leaf(api, ty) {
        TypeRef::String => quote!(#expr.as_str()),
        TypeRef::DateTime => quote!(#expr.to_rfc3339().as_str()),
        _ => quote!(#expr.to_string().as_str()),
    }
}

/// Statements that add the parameter value at `value` (a reference) to the request with its
/// method `add` (`query` or `header`), as its
/// type and style say: a scalar as one pair, an array as repeated pairs or one delimited pair, an
/// object (a struct of scalars) as one pair per property, `name[property]` pairs (deepObject) or
/// one `name=k1,v1,...` pair.
fn query_value(api: &Api, p: &Param, add: &TokenStream, value: TokenStream) -> TokenStream {
    let wire = &p.wire_name;
    let delimiter = match p.style {
        QueryStyle::Form { explode: false } => Some(","),
        QueryStyle::SpaceDelimited => Some(" "),
        QueryStyle::PipeDelimited => Some("|"),
        QueryStyle::Form { explode: true } | QueryStyle::DeepObject => None,
    };
    if let TypeRef::Vec(inner) = &p.ty {
        let text = wire_text(api, inner, quote!(item));
        return match delimiter {
            None => quote! {
                for item in #value {
                    request.#add(#wire, #text);
                }
            },
            Some(delimiter) => quote! {
                let mut joined: Vec<String> = Vec::new();
                for item in #value {
                    joined.push(#text);
                }
                request.#add(#wire, joined.join(#delimiter));
            },
        };
    }
    if let Some(value_ty) = p.ty.map_value(&api.types) {
        return super::query_maps::map_pairs(api, p, add, &value, value_ty);
    }
    let Some(st) = super::struct_of(api, &p.ty) else {
        let text = wire_text(api, &p.ty, value.clone());
        return quote!(request.#add(#wire, #text););
    };
    // An object: one (key, text) pair per property set, keys fixed by the style.
    let mut pushes = Vec::new();
    for f in &st.fields {
        let field = ident(&f.rust_name);
        let key = match p.style {
            QueryStyle::DeepObject => format!("{wire}[{}]", f.wire_name),
            _ => f.wire_name.clone(),
        };
        let inner = match &f.ty {
            TypeRef::Option(inner) => inner.as_ref(),
            other => other,
        };
        let add = match leaf(api, inner) {
            TypeRef::Vec(item) => {
                let text = wire_text(api, item, quote!(item));
                quote! {
                    for item in field {
                        pairs.push((#key, #text));
                    }
                }
            }
            _ => {
                let text = wire_text(api, inner, quote!(field));
                quote!(pairs.push((#key, #text));)
            }
        };
        pushes.push(if f.optional {
            quote! {
                if let Some(field) = &#value.#field {
                    #add
                }
            }
        } else {
            quote! {
                let field = &#value.#field;
                #add
            }
        });
    }
    let finish = match p.style {
        QueryStyle::Form { explode: false } => quote! {
            let joined: Vec<String> = pairs
                .into_iter()
                .flat_map(|(key, text)| [String::from(key), text])
                .collect();
            request.#add(#wire, joined.join(","));
        },
        _ => quote! {
            for (key, text) in pairs {
                request.#add(key, text);
            }
        },
    };
    quote! {
        let mut pairs: Vec<(&'static str, String)> =
            Vec::new();
        #(#pushes)*
        #finish
    }
}

/// How a caller passes a value of type `ty`: as `impl Into<T>` (converted with `.into()`), or,
/// for vectors (where `Into` would defeat inference of `vec![..]` arguments) and JSON bodies, as
/// `T` itself.
pub(super) struct Arg {
    ty: TokenStream,
    pub(super) into: bool,
}

impl Arg {
    pub(super) fn param(p: &Param) -> Arg {
        Arg {
            ty: ty(&p.ty, Scope::Tag),
            into: !matches!(p.ty, TypeRef::Vec(_)),
        }
    }

    /// Raw bodies take anything that becomes `Bytes`; JSON bodies take the model.
    pub(super) fn body(body: &Body) -> Arg {
        Arg {
            ty: ty(&body.ty, Scope::Tag),
            into: body.raw_media_type.is_some(),
        }
    }

    /// The argument's type.
    pub(super) fn accepts(&self) -> TokenStream {
        let t = &self.ty;
        if self.into {
            quote!(impl Into<#t>)
        } else {
            quote!(#t)
        }
    }

    /// `value` converted to the field's type.
    pub(super) fn convert(&self, value: &TokenStream) -> TokenStream {
        if self.into {
            quote!(#value.into())
        } else {
            quote!(#value)
        }
    }
}

/// Required parameters of the tag method, in order.
pub(super) fn required_args(op: &OperationMethod) -> Vec<&Param> {
    op.params.iter().filter(|p| p.required).collect()
}

/// The path expression: literals and encoded parameters concatenated.
pub(super) fn path_expr(api: &Api, op: &OperationMethod) -> TokenStream {
    let pieces: Vec<TokenStream> = op
        .path_parts
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => quote!(#text),
            PathPart::Param(rust) => {
                let field = ident(rust);
                let p_ty = op
                    .params
                    .iter()
                    .find(|p| &p.rust_name == rust)
                    .map(|p| p.ty.clone())
                    .unwrap_or(TypeRef::String);
                let text = path_text(api, &p_ty, quote!(self.#field));
                quote!(crate::runtime::encode_path_segment(#text).as_str())
            }
        })
        .collect();
    match pieces.as_slice() {
        [] => quote!(String::new()),
        [single] if matches!(op.path_parts.as_slice(), [PathPart::Literal(_)]) => {
            quote!(String::from(#single))
        }
        pieces => quote!([#(#pieces),*].concat()),
    }
}

/// The path with its parameters as `{name}`: what traces record instead of the real path.
pub(super) fn path_template(op: &OperationMethod) -> String {
    op.path_parts
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => text.clone(),
            PathPart::Param(rust) => {
                let wire = op
                    .params
                    .iter()
                    .find(|p| &p.rust_name == rust)
                    .map_or(rust.as_str(), |p| p.wire_name.as_str());
                format!("{{{wire}}}")
            }
        })
        .collect()
}

/// Statements adding the query and header parameters and the `Accept` of a raw response to
/// `request`.
pub(super) fn param_mutations(api: &Api, op: &OperationMethod) -> Vec<TokenStream> {
    let mut mutations = Vec::new();
    for p in op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
    {
        let field = ident(&p.rust_name);
        let add = match p.location {
            ParamLocation::Header => quote!(header),
            _ => quote!(query),
        };
        let push = query_value(api, p, &add, quote!(value));
        if p.required {
            mutations.push(quote! {
                let value = &self.#field;
                #push
            });
        } else {
            mutations.push(quote! {
                if let Some(value) = &self.#field {
                    #push
                }
            });
        }
    }
    if let Success::Raw(media_types) = &op.success {
        let accept = media_types.join(", ");
        mutations.push(quote! {
            request.header("accept", String::from(#accept));
        });
    }
    mutations
}

/// Statements refusing integer parameters outside their documented `minimum`/`maximum`.
pub(super) fn range_checks(api: &Api, op: &OperationMethod) -> Vec<TokenStream> {
    let operation_id = &op.operation_id;
    op.params
        .iter()
        .filter(|p| p.minimum.is_some() || p.maximum.is_some())
        .filter(|p| matches!(leaf(api, &p.ty), TypeRef::I32 | TypeRef::I64))
        .map(|p| {
            let field = ident(&p.rust_name);
            let wire = &p.wire_name;
            let bound = |b: Option<i64>| match b {
                Some(b) => quote!(Some(#b)),
                None => quote!(None),
            };
            let (min, max) = (bound(p.minimum), bound(p.maximum));
            let value = if matches!(leaf(api, &p.ty), TypeRef::I64) {
                quote!(value)
            } else {
                quote!(i64::from(value))
            };
            let check = quote! {
                crate::runtime::check_range(#operation_id, #wire, #value, #min, #max)?;
            };
            if p.required {
                quote! { let value = self.#field; #check }
            } else {
                quote! {
                    if let Some(value) = self.#field {
                        #check
                    }
                }
            }
        })
        .collect()
}
