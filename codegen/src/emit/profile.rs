//! The client's `runtime::ApiProfile` (`API_PROFILE` in `mod.rs`) and the `runtime::Api` impl
//! that hands it to the runtime's builder: everything the runtime knows of this API.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Api;

pub(super) fn profile(api: &Api) -> TokenStream {
    let profile = &api.client;
    let user_agent = match &profile.user_agent {
        Some(text) => quote!(#text),
        None => quote!(concat!(
            env!("CARGO_PKG_NAME"),
            "/",
            env!("CARGO_PKG_VERSION")
        )),
    };
    let mut setters = Vec::new();
    if let Some(url) = &profile.default_base_url {
        setters.push(quote!(.with_default_base_url(#url)));
    }
    if !profile.token_variables.is_empty() {
        let names = &profile.token_variables;
        setters.push(quote!(.with_token_variables(&[#(#names),*])));
    }
    if let Some(name) = &profile.base_url_variable {
        setters.push(quote!(.with_base_url_variable(#name)));
    }
    if let Some([limit, remaining, reset]) = &profile.rate_limit_headers {
        setters.push(quote!(.with_rate_limit_headers(
            crate::runtime::RateLimitHeaders::new(#limit, #remaining, #reset)
        )));
    }
    if let Some((parameter, max)) = &profile.page_size {
        setters.push(quote!(.with_page_size(#parameter, #max)));
    }
    quote! {
        /// What this client tells the runtime about its API (decided by the generator from the
        /// document's servers and extensions and its options).
        pub(crate) const API_PROFILE: crate::runtime::ApiProfile =
            crate::runtime::ApiProfile::new(#user_agent) #(#setters)*;

        impl crate::runtime::Api for Client {
            const PROFILE: &'static crate::runtime::ApiProfile = &API_PROFILE;
        }
    }
}
