//! The query pairs of a map parameter (`type: object, additionalProperties: {scalar}`), one per
//! entry: `name[key]=value` (deepObject), `key=value` (form, exploded), or one
//! `name=k1,v1,k2,v2` pair (form, not exploded). Entry names are known only at run time, so they
//! go through the request's `query_entry`, which takes an owned name. What is refused is decided in
//! `lower::query_maps`.

use proc_macro2::TokenStream;
use quote::quote;

use super::params::wire_text;
use crate::ir::{Api, Param, QueryStyle, TypeRef};

/// Statements adding the entries of the map at `value` (a reference) to the request: one pair
/// through its method `add` when joined, else one `query_entry` per entry.
pub(super) fn map_pairs(
    api: &Api,
    p: &Param,
    add: &TokenStream,
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
    match p.style {
        QueryStyle::Form { explode: false } => quote! {
            let mut joined: Vec<String> = Vec::new();
            for (key, item) in #value {
                #unwrap
                joined.push(Clone::clone(key));
                joined.push(#text);
            }
            request.#add(#wire, joined.join(","));
        },
        QueryStyle::DeepObject => {
            let open = format!("{wire}[");
            quote! {
                for (key, item) in #value {
                    #unwrap
                    request.query_entry([#open, key.as_str(), "]"].concat(), #text);
                }
            }
        }
        _ => quote! {
            for (key, item) in #value {
                #unwrap
                request.query_entry(Clone::clone(key), #text);
            }
        },
    }
}
