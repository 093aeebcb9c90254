//! The query pairs of a map parameter (`type: object, additionalProperties: {scalar}`), one per
//! entry: `name[key]=value` (deepObject), `key=value` (form, exploded), or one
//! `name=k1,v1,k2,v2` pair (form, not exploded). Entry names are known only at run time, so they
//! go through `crate::runtime::query_entry`. What is refused is decided in
//! `lower::query_maps`.

use proc_macro2::TokenStream;
use quote::quote;

use super::params::{path_text, wire_text};
use crate::ir::{Api, Param, QueryStyle, TypeRef};

/// Statements adding the entries of the map at `value` (a reference) to `request.<list>`.
pub(super) fn map_pairs(
    api: &Api,
    p: &Param,
    list: &TokenStream,
    value: &TokenStream,
    value_ty: &TypeRef,
) -> TokenStream {
    let wire = &p.wire_name;
    // A nullable value (`Option`) that is `None` sends nothing for its entry.
    let (item_ty, unwrap) = match value_ty {
        TypeRef::Option(inner) => (
            inner.as_ref(),
            quote!(let Some(item) = item else { continue; };),
        ),
        other => (other, TokenStream::new()),
    };
    let text = wire_text(api, item_ty, quote!(item));
    let text_ref = path_text(api, item_ty, quote!(item));
    match p.style {
        QueryStyle::Form { explode: false } => quote! {
            let mut joined: Vec<String> = Vec::new();
            for (key, item) in #value {
                #unwrap
                joined.push(Clone::clone(key));
                joined.push(#text);
            }
            request.#list.push((#wire, joined.join(",")));
        },
        QueryStyle::DeepObject => {
            let open = format!("{wire}[");
            quote! {
                for (key, item) in #value {
                    #unwrap
                    let name = [#open, key.as_str(), "]"].concat();
                    request.#list.push(crate::runtime::query_entry(&name, #text_ref));
                }
            }
        }
        _ => quote! {
            for (key, item) in #value {
                #unwrap
                request.#list.push(crate::runtime::query_entry(key, #text_ref));
            }
        },
    }
}
