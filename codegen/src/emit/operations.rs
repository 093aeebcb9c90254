//! Emits `mod.rs` (module list and `Client`, the tag accessors) and one module per tag: the
//! tag struct and its methods here, the waiters from `waiters`, one builder per operation from
//! `builder`.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use super::builder::builder;
use super::params::Arg;
use super::waiters::waiter;
use super::{docs, ident};
use crate::ir::{Api, OperationMethod, TagModule};

pub(super) fn root(api: &Api) -> TokenStream {
    let credentials = docs(&api.credential_docs);
    let profile = super::profile::profile(api);
    let modules = api.tags.values().map(|m| {
        let name = ident(&m.module);
        let doc = docs(&m.docs);
        quote!(#doc pub mod #name;)
    });
    let accessors = api.tags.values().map(|m| {
        let module = ident(&m.module);
        let strukt = ident(&m.struct_name);
        let doc = format!(" {}", m.accessor_doc);
        quote! {
            #[doc = #doc]
            pub fn #module(&self) -> #module::#strukt {
                #module::#strukt {
                    client: Clone::clone(&self.client),
                }
            }
        }
    });
    // The generated code defines the client type users hold: its inherent methods are the tag
    // accessors, so docs show them on `Client` itself. The client crate's root adds the
    // constructors and a few runtime methods (`names::CLIENT_METHODS`, which no tag module takes).
    // Trait methods are called by path, so a tag named `clone` or `from` is fine.
    let contract = super::contract_check();
    quote! {
        #contract

        /// Request and response types of every operation.
        pub mod models;
        #(#modules)*

        /// The API client: one accessor per tag (`client.ssh_keys()`), each returning the
        /// operations of that tag. Cheap to clone: clones share one connection pool and one
        /// rate-limit budget. `AsRef<runtime::Client>` and `From` reach the runtime's client;
        /// `Debug` shows its base URL, timeouts and retry policy, never the token.
        #credentials
        #[derive(Clone)]
        pub struct Client {
            client: crate::runtime::Client,
        }

        impl From<crate::runtime::Client> for Client {
            fn from(client: crate::runtime::Client) -> Client {
                Client { client }
            }
        }

        impl From<Client> for crate::runtime::Client {
            fn from(client: Client) -> crate::runtime::Client {
                client.client
            }
        }

        impl AsRef<crate::runtime::Client> for Client {
            fn as_ref(&self) -> &crate::runtime::Client {
                &self.client
            }
        }

        impl ::std::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Debug::fmt(&self.client, f)
            }
        }

        impl Client {
            #(#accessors)*
        }

        #profile
    }
}

pub(super) fn tag(api: &Api, module: &TagModule) -> TokenStream {
    let strukt = ident(&module.struct_name);
    let doc = docs(&module.docs);
    let methods = module
        .operations
        .iter()
        .map(|op| tag_method(api, module, op));
    let waiters = module
        .operations
        .iter()
        .flat_map(|op| op.waiters.iter().map(move |w| (op, w)))
        .map(|(op, w)| waiter(op, w));
    let builders = module.operations.iter().map(|op| builder(api, module, op));
    quote! {
        #![allow(clippy::too_many_arguments)]

        #doc
        #[derive(Debug, Clone)]
        pub struct #strukt {
            pub(crate) client: crate::runtime::Client,
        }

        impl #strukt {
            #(#methods)*
            #(#waiters)*
        }

        #(#builders)*
    }
}

/// The tag struct's method of one operation: required arguments in, its builder out.
fn tag_method(api: &Api, module: &TagModule, op: &OperationMethod) -> TokenStream {
    let mut lines = op.docs.clone();
    lines.extend(super::examples::operation(api, module, op));
    let doc = docs(&lines);
    let method = ident(&op.method_name);
    let builder = ident(&op.builder);
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let params = op.params.iter().map(|p| {
        let name = ident(&p.rust_name).into_token_stream();
        (name, p.required, Arg::param(p))
    });
    let body = op.body.iter().map(|b| {
        (
            quote!(body),
            b.required && b.builder.is_none(),
            Arg::body(b),
        )
    });
    for (name, required, arg) in params.chain(body) {
        if required {
            let accepts = arg.accepts();
            args.push(quote!(#name: #accepts));
            // Field init shorthand when the argument needs no conversion.
            inits.push(if arg.into {
                quote!(#name: #name.into())
            } else {
                name
            });
        } else {
            inits.push(quote!(#name: None));
        }
    }
    quote! {
        #doc
        pub fn #method(&self, #(#args),*) -> #builder {
            #builder {
                client: Clone::clone(&self.client),
                #(#inits,)*
                options: Default::default(),
            }
        }
    }
}
