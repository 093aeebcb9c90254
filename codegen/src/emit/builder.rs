//! The builder of one operation: its fields and setters, the request it describes, the range
//! checks and `send` (and, for a paginated operation, the `pages`/`items` from `paging`).

use proc_macro2::TokenStream;
use quote::quote;

use super::paging::paging_fns;
use super::params::{Arg, param_mutations, path_expr, path_template, range_checks};
use super::{Scope, docs, ident, ty};
use crate::ir::{
    Api, Body, BodyEncoding, HttpMethod, OperationMethod, Success, TagModule, TypeRef,
};

/// The runtime function that encodes a model body as its media type says.
fn body_encoder(body: &Body) -> TokenStream {
    match body.encoding {
        BodyEncoding::Json => quote!(to_json),
        BodyEncoding::Form => quote!(to_form),
        BodyEncoding::Multipart => quote!(to_multipart),
    }
}

/// The type a successful `send` returns: the decoded model (an `Option` of it when the spec
/// also documents a success without a body), `()` or the raw bytes.
pub(super) fn response_type(op: &OperationMethod) -> TokenStream {
    match &op.success {
        Success::JsonOrEmpty(t) => {
            let t = ty(t, Scope::Tag);
            quote!(Option<#t>)
        }
        Success::Json(t) => ty(t, Scope::Tag),
        Success::Empty => quote!(()),
        Success::Raw(_) => quote!(crate::runtime::bytes::Bytes),
    }
}

/// The builder method setting an optional field.
fn setter(field: &proc_macro2::Ident, doc_lines: &[String], arg: &Arg) -> TokenStream {
    // Every public item has docs: a parameter or body the spec does not describe is named.
    let doc = if doc_lines.is_empty() {
        let text = format!(
            " Sets the optional `{}`.",
            crate::names::bare(&field.to_string())
        );
        quote!(#[doc = #text])
    } else {
        docs(doc_lines)
    };
    let accepts = arg.accepts();
    let value = arg.convert(&quote!(value));
    quote! {
        #doc
        pub fn #field(mut self, value: #accepts) -> Self {
            self.#field = Some(#value);
            self
        }
    }
}

/// The builder of one operation: its fields, setters, `send`, and (for a paginated operation)
/// `pages`/`items`, and its impl of the runtime's `OperationBuilder` (its options and the request
/// it describes), through which the runtime's `RequestOverrides` gives it the per-request
/// overrides. Only the generator's own names (`BUILDER_MEMBERS` in `lower`) are inherent besides the
/// setters, so no runtime name can clash with a generated one.
pub(super) fn builder(api: &Api, module: &TagModule, op: &OperationMethod) -> TokenStream {
    let name = ident(&op.builder);
    let doc = builder_doc(module, op);
    let (fields, setters) = fields_and_setters(op);
    let fallible = op.body.as_ref().is_some_and(|b| b.raw_media_type.is_none());
    let request_fn = request_fn(api, op);
    let send = send_fn(op);
    let paging = (op.paginated && !fallible).then(|| paging_fns(op));
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until `send` is called"]
        pub struct #name {
            client: crate::runtime::Client,
            #(#fields,)*
            options: crate::runtime::RequestOptions,
        }

        impl #name {
            #(#setters)*

            #send

            #paging
        }

        impl crate::runtime::OperationBuilder for #name {
            #[inline]
            fn request_options(&mut self) -> &mut crate::runtime::RequestOptions {
                &mut self.options
            }

            #request_fn
        }
    }
}

/// One line: the operation's summary (its first paragraph, or that paragraph's first sentence
/// when it is long) and a link to the tag method, whose docs hold the whole text and the example.
fn builder_doc(module: &TagModule, op: &OperationMethod) -> String {
    let paragraph: Vec<&str> = op
        .docs
        .iter()
        .map(|line| line.trim())
        .take_while(|line| !line.is_empty())
        .collect();
    let mut summary = paragraph.join(" ");
    if summary.len() > 80
        && let Some(end) = summary.find(". ")
    {
        summary.truncate(end + 1);
    }
    let summary = summary.trim_end_matches(['.', ':']);
    format!(
        " {summary}: the request builder of [`{}::{}`].",
        module.struct_name,
        crate::names::bare(&op.method_name)
    )
}

/// The builder's fields (required parameters as values, optional ones as `Option`s, the body)
/// and the setters of the optional ones.
fn fields_and_setters(op: &OperationMethod) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    for p in &op.params {
        let field = ident(&p.rust_name);
        let p_ty = ty(&p.ty, Scope::Tag);
        if p.required {
            fields.push(quote!(#field: #p_ty));
            continue;
        }
        fields.push(quote!(#field: Option<#p_ty>));
        setters.push(setter(&field, &p.docs, &Arg::param(p)));
    }
    if let Some(body) = &op.body {
        let b_ty = ty(&body.ty, Scope::Tag);
        if let Some(model_builder) = &body.builder {
            let builder_ty = ty(&TypeRef::Named(model_builder.clone()), Scope::Tag);
            fields.push(quote!(body: Option<#builder_ty>));
            setters.extend(body_setters(body, &b_ty));
        } else if body.required {
            fields.push(quote!(body: #b_ty));
        } else {
            fields.push(quote!(body: Option<#b_ty>));
            setters.push(setter(&ident("body"), &body.docs, &Arg::body(body)));
        }
    }
    (fields, setters)
}

/// The statement that sets the request's body: raw bytes with their media type, a model built from
/// the body setters, or a model given whole, each encoded as its media type says.
fn body_mutation(api: &Api, op: &OperationMethod) -> Option<TokenStream> {
    let body = op.body.as_ref()?;
    let operation_id = &op.operation_id;
    // `value` is the body field's value by reference (the `Some` of an optional one).
    let set = |value: TokenStream| {
        if let Some(media_type) = &body.raw_media_type {
            return quote! {
                request.body(crate::runtime::RequestBody::raw(
                    #media_type,
                    Clone::clone(#value),
                ));
            };
        }
        let encode = |value: TokenStream| {
            super::multipart::encode_with_files(api, body, &value).unwrap_or_else(|| {
                let encode = body_encoder(body);
                quote!(crate::runtime::#encode(#value)?)
            })
        };
        if body.builder.is_none() {
            let encoded = encode(value);
            return quote! {
                request.body(#encoded);
            };
        }
        // A required body set through setters starts from the model builder's default.
        let builder = if body.required {
            quote!(Clone::clone(#value).unwrap_or_default())
        } else {
            quote!(Clone::clone(#value))
        };
        let encoded = encode(quote!(&body));
        quote! {
            let body = crate::runtime::body(#operation_id, #builder.build())?;
            request.body(#encoded);
        }
    };
    Some(if body.required {
        set(quote!(&self.body))
    } else {
        let set = set(quote!(body));
        quote! {
            if let Some(body) = &self.body {
                #set
            }
        }
    })
}

/// The builder's `OperationBuilder::request`: the range checks, then the request built through
/// the runtime's constructor and methods (never a struct literal: see the runtime's `contract`).
fn request_fn(api: &Api, op: &OperationMethod) -> TokenStream {
    let operation_id = &op.operation_id;
    let path = path_expr(api, op);
    let path_template = path_template(op);
    let checks = range_checks(api, op);
    let mut mutations = param_mutations(api, op);
    mutations.extend(body_mutation(api, op));
    if let Some(server) = &op.server {
        mutations.push(quote!(request.server(#server);));
    }
    let method = match op.http_method {
        HttpMethod::Get => quote!(Get),
        HttpMethod::Post => quote!(Post),
        HttpMethod::Put => quote!(Put),
        HttpMethod::Patch => quote!(Patch),
        HttpMethod::Delete => quote!(Delete),
        HttpMethod::Head => quote!(Head),
        HttpMethod::Options => quote!(Options),
    };
    quote! {
        #[inline]
        fn request(&self) -> Result<crate::runtime::OperationRequest, crate::runtime::Error> {
            #(#checks)*
            let mut request = crate::runtime::OperationRequest::new(
                #operation_id,
                crate::runtime::Method::#method,
                #path,
                #path_template,
            );
            #(#mutations)*
            request.options(Clone::clone(&self.options));
            Ok(request)
        }
    }
}

/// `send`: build the request (checking the parameters), execute it as the success kind says.
fn send_fn(op: &OperationMethod) -> TokenStream {
    let response = response_type(op);
    let execute = match &op.success {
        Success::JsonOrEmpty(_) => quote!(self.client.execute_optional(request).await),
        Success::Json(_) => quote!(self.client.execute(request).await),
        Success::Empty => quote!(self.client.execute_empty(request).await),
        Success::Raw(_) => quote!(self.client.execute_raw(request).await),
    };
    // A preview operation's errors go through the runtime's hook, so that a 403 reads as "not
    // enabled for this account" rather than as a bad token.
    let execute = match &op.preview {
        Some(reason) => quote!(crate::runtime::preview(#execute, #reason)),
        None => execute,
    };
    let send_doc = match &op.success {
        Success::JsonOrEmpty(_) => {
            " Sends the request and decodes the response. The API documents a success without a \
             body too: that one is `Ok` with the value `None`."
        }
        Success::Json(_) if op.http_method == HttpMethod::Get => {
            " Sends the request and decodes the response."
        }
        Success::Json(_) => {
            " Sends the request and decodes the response. A success without the documented body \
             is `Error::EmptyBody`, which is not retryable: the server made the change."
        }
        Success::Empty => " Sends the request; a success has no body to decode.",
        Success::Raw(_) => " Sends the request and returns the response body as bytes.",
    };
    quote! {
        #[doc = #send_doc]
        pub async fn send(
            self,
        ) -> Result<crate::runtime::Response<#response>, crate::runtime::Error> {
            let request = <Self as crate::runtime::OperationBuilder>::request(&self)?;
            #execute
        }
    }
}

/// One setter per writable body property (delegating to the model's builder) and `body(model)`.
fn body_setters(body: &Body, model_ty: &TokenStream) -> Vec<TokenStream> {
    let mut out: Vec<TokenStream> = body
        .setters
        .iter()
        .map(|s| {
            let method = ident(&s.method);
            let model_setter = ident(&s.model_setter);
            let value_ty = ty(&s.ty, Scope::Tag);
            let mut lines = s.docs.clone();
            if lines.is_empty() {
                lines.push(format!(
                    "Sets the request body's `{}`.",
                    crate::names::bare(&s.model_setter)
                ));
            }
            if s.required {
                if !lines.is_empty() {
                    lines.push(String::new());
                }
                lines.push(
                    "Required: `send` fails with `InvalidInput` when it was never set.".to_owned(),
                );
            }
            let doc = docs(&lines);
            quote! {
                #doc
                pub fn #method(mut self, value: impl Into<#value_ty>) -> Self {
                    self.body = Some(
                        self.body.unwrap_or_default().#model_setter(value),
                    );
                    self
                }
            }
        })
        .collect();
    out.push(quote! {
        /// Sets the whole request body from a model, replacing every body field set so far.
        pub fn body(mut self, body: #model_ty) -> Self {
            self.body = Some(From::from(body));
            self
        }
    });
    out
}
