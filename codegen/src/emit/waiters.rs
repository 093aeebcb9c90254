//! The waiter methods of a tag struct (`x-waiters`): poll an operation until its state is one
//! of the success values.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use super::builder::response_type;
use super::ident;
use super::params::{Arg, required_args};
use crate::ir::OperationMethod;

/// One waiter: a method of the tag struct that polls the operation `op` through `wait_until`.
pub(super) fn waiter(op: &OperationMethod, w: &crate::ir::Waiter) -> TokenStream {
    let method = ident(&w.method_name);
    let call = ident(&op.method_name);
    let operation_id = &op.operation_id;
    let response = response_type(op);
    let required = required_args(op);
    let args = required.iter().map(|p| {
        let name = ident(&p.rust_name);
        let accepts = Arg::param(p).accepts();
        quote!(#name: #accepts)
    });
    let converts = required.iter().map(|p| {
        let name = ident(&p.rust_name).into_token_stream();
        let value = Arg::param(p).convert(&name);
        quote!(let #name = #value;)
    });
    let clones = required.iter().map(|p| {
        let name = ident(&p.rust_name);
        quote!(Clone::clone(&#name))
    });
    let steps = w.state.steps.iter().map(|(field, optional)| {
        let field = ident(field);
        let unwrap = optional.then(|| quote!(let value = value.as_ref()?;));
        quote!(let value = &value.#field; #unwrap)
    });
    let success = &w.success;
    let failure = &w.failure;
    let success_list = w
        .success
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let state_path = w
        .state
        .steps
        .iter()
        .map(|(f, _)| crate::names::bare(f).to_owned())
        .collect::<Vec<_>>()
        .join(".");
    let doc1 = format!(
        " Polls [`Self::{}`] until `{state_path}` is one of {success_list}.",
        crate::names::bare(&op.method_name)
    );
    let doc2 = if w.failure.is_empty() {
        " Fails when the options' timeout passes first.".to_owned()
    } else {
        let failures = w
            .failure
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ");
        format!(" Fails when the state becomes {failures} or the options' timeout passes first.")
    };
    quote! {
        #[doc = #doc1]
        #[doc = ""]
        #[doc = #doc2]
        pub async fn #method(
            &self,
            #(#args,)*
            options: crate::runtime::WaitOptions,
        ) -> Result<crate::runtime::Response<#response>, crate::runtime::Error> {
            fn state(value: &#response) -> Option<&str> {
                #(#steps)*
                Some(value.as_str())
            }
            #(#converts)*
            crate::runtime::wait_until(
                #operation_id,
                options,
                || self.#call(#(#clones),*).send(),
                state,
                &[#(#success),*],
                &[#(#failure),*],
            )
            .await
        }
    }
}
