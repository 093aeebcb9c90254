//! Emits `mod.rs` (module list and `Operations`, the tag accessors) and one module per tag
//! (the tag struct, one builder per operation, waiters).

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use super::{Scope, docs, ident, leaf, ty};
use crate::ir::{
    Api, Body, BodyEncoding, HttpMethod, OperationMethod, Param, ParamLocation, PathPart,
    QueryStyle, Success, TagModule, TypeRef,
};

pub(super) fn root(api: &Api) -> TokenStream {
    let modules = api.tags.values().map(|m| {
        let name = ident(&m.module);
        let doc = docs(&m.docs);
        quote!(#doc pub mod #name;)
    });
    let accessors = api.tags.values().map(|m| {
        let module = ident(&m.module);
        let strukt = ident(&m.struct_name);
        let doc = if m.untagged {
            format!(" {}", crate::lower::untagged_docs(&m.tag))
        } else {
            format!(" Operations tagged `{}`.", m.tag)
        };
        quote! {
            #[doc = #doc]
            pub fn #module(&self) -> #module::#strukt {
                #module::#strukt {
                    client: ::std::clone::Clone::clone(&self.client),
                }
            }
        }
    });
    // The tag accessors live on a type of the generated code's own, never on the runtime's
    // client: its only inherent methods are the accessors, so no tag can collide with a runtime
    // name; a tag named like a runtime method shadows it (the client is still reachable through
    // `AsRef`). Trait methods are called by path, so a tag named `clone` or `deref` is fine too.
    quote! {
        /// Request and response types of every operation.
        pub mod models;
        #(#modules)*

        /// The API's operations: one accessor per tag, and through `Deref` the runtime's client
        /// (`request`, `base_url`, ...). A tag named like a method of the runtime's client
        /// shadows that method; `AsRef` still reaches the client.
        #[derive(Clone, Debug)]
        pub struct Operations {
            client: crate::runtime::Client,
        }

        impl ::std::convert::From<crate::runtime::Client> for Operations {
            fn from(client: crate::runtime::Client) -> Operations {
                Operations { client }
            }
        }

        impl ::std::ops::Deref for Operations {
            type Target = crate::runtime::Client;

            fn deref(&self) -> &crate::runtime::Client {
                &self.client
            }
        }

        impl ::std::convert::AsRef<crate::runtime::Client> for Operations {
            fn as_ref(&self) -> &crate::runtime::Client {
                &self.client
            }
        }

        impl Operations {
            #(#accessors)*
        }
    }
}

/// How a value of type `ty` at `expr` (a reference) becomes the text sent on the wire.
fn wire_text(api: &Api, ty: &TypeRef, expr: TokenStream) -> TokenStream {
    match leaf(api, ty) {
        TypeRef::String => quote!(::std::clone::Clone::clone(#expr)),
        TypeRef::DateTime => quote!(#expr.to_rfc3339()),
        _ => quote!(#expr.to_string()),
    }
}

/// How a path parameter at `expr` (a reference) becomes a `&str` before encoding.
fn path_text(api: &Api, ty: &TypeRef, expr: TokenStream) -> TokenStream {
    match leaf(api, ty) {
        TypeRef::String => quote!(#expr.as_str()),
        TypeRef::DateTime => quote!(#expr.to_rfc3339().as_str()),
        _ => quote!(#expr.to_string().as_str()),
    }
}

/// Whether the operation changes state and documents a JSON body: its success may still come
/// without one (202, 204), so the value is `Option<T>` and the runtime reads an empty body as
/// `None` instead of failing.
fn body_may_be_absent(op: &OperationMethod) -> bool {
    matches!(op.success, Success::Json(_))
        && matches!(
            op.http_method,
            HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch | HttpMethod::Delete
        )
}

/// Statements that add the parameter value at `value` (a reference) to `request.<list>`, as its
/// type and style say: a scalar as one pair, an array as repeated pairs or one delimited pair, an
/// object (a struct of scalars) as one pair per property, `name[property]` pairs (deepObject) or
/// one `name=k1,v1,...` pair.
fn query_value(api: &Api, p: &Param, list: &TokenStream, value: TokenStream) -> TokenStream {
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
                    request.#list.push((#wire, #text));
                }
            },
            Some(delimiter) => quote! {
                let mut joined: ::std::vec::Vec<::std::string::String> = ::std::vec::Vec::new();
                for item in #value {
                    joined.push(#text);
                }
                request.#list.push((#wire, joined.join(#delimiter)));
            },
        };
    }
    let Some(st) = super::struct_of(api, &p.ty) else {
        let text = wire_text(api, &p.ty, value.clone());
        return quote!(request.#list.push((#wire, #text)););
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
                if let ::std::option::Option::Some(field) = &#value.#field {
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
            let joined: ::std::vec::Vec<::std::string::String> = pairs
                .into_iter()
                .flat_map(|(key, text)| [::std::string::String::from(key), text])
                .collect();
            request.#list.push((#wire, joined.join(",")));
        },
        _ => quote!(request.#list.extend(pairs);),
    };
    quote! {
        let mut pairs: ::std::vec::Vec<(&'static str, ::std::string::String)> =
            ::std::vec::Vec::new();
        #(#pushes)*
        #finish
    }
}

/// The runtime function that encodes a model body as its media type says.
fn body_encoder(body: &Body) -> TokenStream {
    match body.encoding {
        BodyEncoding::Json => quote!(to_json),
        BodyEncoding::Form => quote!(to_form),
        BodyEncoding::Multipart => quote!(to_multipart),
    }
}

fn response_type(op: &OperationMethod) -> TokenStream {
    match &op.success {
        Success::Json(t) if body_may_be_absent(op) => {
            let t = ty(t, Scope::Tag);
            quote!(::std::option::Option<#t>)
        }
        Success::Json(t) => ty(t, Scope::Tag),
        Success::Empty => quote!(()),
        Success::Raw(_) => quote!(::bytes::Bytes),
    }
}

/// How a caller passes a value of type `ty`: as `impl Into<T>` (converted with `.into()`), or,
/// for vectors (where `Into` would defeat inference of `vec![..]` arguments) and JSON bodies, as
/// `T` itself.
struct Arg {
    ty: TokenStream,
    into: bool,
}

impl Arg {
    fn param(p: &Param) -> Arg {
        Arg {
            ty: ty(&p.ty, Scope::Tag),
            into: !matches!(p.ty, TypeRef::Vec(_)),
        }
    }

    /// Raw bodies take anything that becomes `Bytes`; JSON bodies take the model.
    fn body(body: &Body) -> Arg {
        Arg {
            ty: ty(&body.ty, Scope::Tag),
            into: body.raw_media_type.is_some(),
        }
    }

    /// The argument's type.
    fn accepts(&self) -> TokenStream {
        let t = &self.ty;
        if self.into {
            quote!(impl ::std::convert::Into<#t>)
        } else {
            quote!(#t)
        }
    }

    /// `value` converted to the field's type.
    fn convert(&self, value: &TokenStream) -> TokenStream {
        if self.into {
            quote!(#value.into())
        } else {
            quote!(#value)
        }
    }
}

/// Required parameters of the tag method, in order.
fn required_args(op: &OperationMethod) -> Vec<&Param> {
    op.params.iter().filter(|p| p.required).collect()
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
        #![allow(clippy::too_many_arguments, missing_docs)]

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
            inits.push(quote!(#name: ::std::option::Option::None));
        }
    }
    quote! {
        #doc
        pub fn #method(&self, #(#args),*) -> #builder {
            #builder {
                client: ::std::clone::Clone::clone(&self.client),
                #(#inits,)*
                options: ::std::default::Default::default(),
            }
        }
    }
}

fn waiter(op: &OperationMethod, w: &crate::ir::Waiter) -> TokenStream {
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
        quote!(::std::clone::Clone::clone(&#name))
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
        ) -> ::std::result::Result<crate::runtime::Response<#response>, crate::runtime::Error> {
            fn state(value: &#response) -> ::std::option::Option<&str> {
                #(#steps)*
                ::std::option::Option::Some(value.as_str())
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

/// The builder method setting an optional field.
fn setter(field: &proc_macro2::Ident, doc_lines: &[String], arg: &Arg) -> TokenStream {
    let doc = docs(doc_lines);
    let accepts = arg.accepts();
    let value = arg.convert(&quote!(value));
    quote! {
        #doc
        pub fn #field(mut self, value: #accepts) -> Self {
            self.#field = ::std::option::Option::Some(#value);
            self
        }
    }
}

/// The builder of one operation: its fields, setters, the request it describes, `send`, and
/// (for a paginated operation) `pages`/`items`. The per-request override setters come from the
/// runtime's `request_overrides!`, given the path the generated code reaches the runtime by.
fn builder(api: &Api, module: &TagModule, op: &OperationMethod) -> TokenStream {
    let name = ident(&op.builder);
    let doc = builder_doc(module, op);
    let (fields, setters) = fields_and_setters(op);
    let fallible = op.body.as_ref().is_some_and(|b| b.raw_media_type.is_none());
    let (request_fn, get_request) = request_fn(api, op, fallible);
    let checks = range_checks(api, op);
    let has_checks = !checks.is_empty();
    let check_fn = has_checks.then(|| {
        quote! {
            /// Refuses parameter values outside the bounds the API documents.
            #[inline]
            fn check(&self) -> ::std::result::Result<(), crate::runtime::Error> {
                #(#checks)*
                ::std::result::Result::Ok(())
            }
        }
    });
    let send = send_fn(op, has_checks, &get_request);
    let paging = (op.paginated && !fallible).then(|| paging_fns(op, has_checks));
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

            crate::runtime::request_overrides!(crate::runtime);

            #request_fn

            #check_fn

            #send

            #paging
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
        fields.push(quote!(#field: ::std::option::Option<#p_ty>));
        setters.push(setter(&field, &p.docs, &Arg::param(p)));
    }
    if let Some(body) = &op.body {
        let b_ty = ty(&body.ty, Scope::Tag);
        if let Some(model_builder) = &body.builder {
            let builder_ty = ty(&TypeRef::Named(model_builder.clone()), Scope::Tag);
            fields.push(quote!(body: ::std::option::Option<#builder_ty>));
            setters.extend(body_setters(body, &b_ty));
        } else if body.required {
            fields.push(quote!(body: #b_ty));
        } else {
            fields.push(quote!(body: ::std::option::Option<#b_ty>));
            setters.push(setter(&ident("body"), &body.docs, &Arg::body(body)));
        }
    }
    (fields, setters)
}

/// The path expression: literals and encoded parameters concatenated.
fn path_expr(api: &Api, op: &OperationMethod) -> TokenStream {
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
        [] => quote!(::std::string::String::new()),
        [single] if matches!(op.path_parts.as_slice(), [PathPart::Literal(_)]) => {
            quote!(::std::string::String::from(#single))
        }
        pieces => quote!([#(#pieces),*].concat()),
    }
}

/// The path with its parameters as `{name}`: what traces record instead of the real path.
fn path_template(op: &OperationMethod) -> String {
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
fn param_mutations(api: &Api, op: &OperationMethod) -> Vec<TokenStream> {
    let mut mutations = Vec::new();
    for p in op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
    {
        let field = ident(&p.rust_name);
        let list = match p.location {
            ParamLocation::Header => quote!(headers),
            _ => quote!(query),
        };
        let push = query_value(api, p, &list, quote!(value));
        if p.required {
            mutations.push(quote! {
                let value = &self.#field;
                #push
            });
        } else {
            mutations.push(quote! {
                if let ::std::option::Option::Some(value) = &self.#field {
                    #push
                }
            });
        }
    }
    if let Success::Raw(media_types) = &op.success {
        let accept = media_types.join(", ");
        mutations.push(quote! {
            request.headers.push(("accept", ::std::string::String::from(#accept)));
        });
    }
    mutations
}

/// The statement that sets `request.body`: raw bytes with their media type, a model built from
/// the body setters, or a model given whole, each encoded as its media type says.
fn body_mutation(op: &OperationMethod) -> Option<TokenStream> {
    let body = op.body.as_ref()?;
    let operation_id = &op.operation_id;
    // `value` is the body field's value by reference (the `Some` of an optional one).
    let set = |value: TokenStream| {
        if let Some(media_type) = &body.raw_media_type {
            return quote! {
                request.body = ::std::option::Option::Some(crate::runtime::RequestBody::raw(
                    #media_type,
                    ::std::clone::Clone::clone(#value),
                ));
            };
        }
        let encode = body_encoder(body);
        if body.builder.is_none() {
            return quote! {
                request.body = ::std::option::Option::Some(crate::runtime::#encode(#value)?);
            };
        }
        // A required body set through setters starts from the model builder's default.
        let builder = if body.required {
            quote!(::std::clone::Clone::clone(#value).unwrap_or_default())
        } else {
            quote!(::std::clone::Clone::clone(#value))
        };
        quote! {
            let body = crate::runtime::body(#operation_id, #builder.build())?;
            request.body = ::std::option::Option::Some(crate::runtime::#encode(&body)?);
        }
    };
    Some(if body.required {
        set(quote!(&self.body))
    } else {
        let set = set(quote!(body));
        quote! {
            if let ::std::option::Option::Some(body) = &self.body {
                #set
            }
        }
    })
}

/// The builder's `request` method (returning a `Result` when encoding the body can fail) and
/// the expression that gets the request from it in `send`.
fn request_fn(api: &Api, op: &OperationMethod, fallible: bool) -> (TokenStream, TokenStream) {
    let operation_id = &op.operation_id;
    let path = path_expr(api, op);
    let path_template = path_template(op);
    let mut mutations = param_mutations(api, op);
    mutations.extend(body_mutation(op));
    let method = match op.http_method {
        HttpMethod::Get => quote!(Get),
        HttpMethod::Post => quote!(Post),
        HttpMethod::Put => quote!(Put),
        HttpMethod::Patch => quote!(Patch),
        HttpMethod::Delete => quote!(Delete),
        HttpMethod::Head => quote!(Head),
        HttpMethod::Options => quote!(Options),
    };
    let literal = quote! {
        crate::runtime::OperationRequest {
            operation_id: #operation_id,
            method: crate::runtime::Method::#method,
            path: #path,
            path_template: #path_template,
            query: ::std::vec::Vec::new(),
            headers: ::std::vec::Vec::new(),
            body: ::std::option::Option::None,
            options: ::std::clone::Clone::clone(&self.options),
        }
    };
    let build = if mutations.is_empty() {
        literal
    } else {
        quote! {
            let mut request = #literal;
            #(#mutations)*
            request
        }
    };
    if fallible {
        (
            quote! {
                #[inline]
                fn request(&self) -> ::std::result::Result<crate::runtime::OperationRequest, crate::runtime::Error> {
                    ::std::result::Result::Ok({ #build })
                }
            },
            quote!(self.request()?),
        )
    } else {
        (
            quote! {
                #[inline]
                fn request(&self) -> crate::runtime::OperationRequest {
                    #build
                }
            },
            quote!(self.request()),
        )
    }
}

/// Statements refusing integer parameters outside their documented `minimum`/`maximum`.
fn range_checks(api: &Api, op: &OperationMethod) -> Vec<TokenStream> {
    let operation_id = &op.operation_id;
    op.params
        .iter()
        .filter(|p| p.minimum.is_some() || p.maximum.is_some())
        .filter(|p| matches!(leaf(api, &p.ty), TypeRef::I32 | TypeRef::I64))
        .map(|p| {
            let field = ident(&p.rust_name);
            let wire = &p.wire_name;
            let bound = |b: Option<i64>| match b {
                Some(b) => quote!(::std::option::Option::Some(#b)),
                None => quote!(::std::option::Option::None),
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
                    if let ::std::option::Option::Some(value) = self.#field {
                        #check
                    }
                }
            }
        })
        .collect()
}

/// `send`: check the parameters, build the request, execute it as the success kind says.
fn send_fn(op: &OperationMethod, has_checks: bool, get_request: &TokenStream) -> TokenStream {
    let response = response_type(op);
    let run_check = has_checks.then(|| quote!(self.check()?;));
    let execute = match &op.success {
        Success::Json(_) if body_may_be_absent(op) => {
            quote!(self.client.execute_optional(request).await)
        }
        Success::Json(_) => quote!(self.client.execute(request).await),
        Success::Empty => quote!(self.client.execute_empty(request).await),
        Success::Raw(_) => quote!(self.client.execute_raw(request).await),
    };
    let send_doc = match &op.success {
        Success::Json(_) if body_may_be_absent(op) => {
            " Sends the request and decodes the response. A success without a body (a 202 or 204 \
             with nothing in it) is `Ok` with the value `None`: the server made the change; it is \
             not retried."
        }
        Success::Json(_) => " Sends the request and decodes the response.",
        Success::Empty => " Sends the request; a success has no body to decode.",
        Success::Raw(_) => " Sends the request and returns the response body as bytes.",
    };
    quote! {
        #[doc = #send_doc]
        pub async fn send(
            self,
        ) -> ::std::result::Result<crate::runtime::Response<#response>, crate::runtime::Error> {
            #run_check
            let request = #get_request;
            #execute
        }
    }
}

/// `pages` and `items` of a paginated operation.
fn paging_fns(op: &OperationMethod, has_checks: bool) -> TokenStream {
    let response = response_type(op);
    let pages = if has_checks {
        quote! {
            if let ::std::result::Result::Err(error) = self.check() {
                return crate::runtime::Pages::failed(error);
            }
            crate::runtime::Pages::new(::std::clone::Clone::clone(&self.client), self.request())
        }
    } else {
        quote!(crate::runtime::Pages::new(
            ::std::clone::Clone::clone(&self.client),
            self.request()
        ))
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
                pub fn #method(mut self, value: impl ::std::convert::Into<#value_ty>) -> Self {
                    self.body = ::std::option::Option::Some(
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
            self.body = ::std::option::Option::Some(::std::convert::From::from(body));
            self
        }
    });
    out
}
