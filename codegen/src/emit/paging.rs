//! `pages` and `items` of a paginated operation's builder.

use proc_macro2::TokenStream;
use quote::quote;

use super::builder::response_type;
use crate::ir::OperationMethod;

/// `pages` and `items` of a paginated operation.
pub(super) fn paging_fns(op: &OperationMethod) -> TokenStream {
    let response = response_type(op);
    let pages = quote! {
        match <Self as crate::runtime::OperationBuilder>::request(&self) {
            Ok(request) => crate::runtime::Pages::new(self.client, request),
            Err(error) => crate::runtime::Pages::failed(error),
        }
    };
    quote! {
        /// Every page, fetched lazily by following `links.pages.next`.
        #[inline]
        pub fn pages(self) -> crate::runtime::Pages<#response> {
            #pages
        }

        /// Every item of every page, fetched lazily.
        #[inline]
        pub fn items(self) -> crate::runtime::Items<#response> {
            self.pages().items()
        }
    }
}
