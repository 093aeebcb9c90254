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
    // A preview operation's pages go through the runtime's hook too (see `send`).
    let pages = match &op.preview {
        Some(reason) => quote!(crate::runtime::Pages::preview({ #pages }, #reason)),
        None => pages,
    };
    quote! {
        /// Every page, fetched lazily by following each page's next link.
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
