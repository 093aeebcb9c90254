//! Multipart bodies with file parts: the model's `crate::runtime::MultipartParts` impl (one part
//! per property, in document order, files through `form.file`) and the call that encodes such a
//! body with the content types the spec's `encoding` gives its files.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, struct_of};
use crate::ir::{Api, Body, Field, Struct, TypeDef, TypeRef};

/// Whether a field holds file parts: `FilePart`, `Vec<FilePart>`, either in an `Option`.
fn file_shape(field: &Field) -> Option<bool> {
    let inner = match &field.ty {
        TypeRef::Option(inner) => inner.as_ref(),
        other => other,
    };
    match inner {
        TypeRef::File => Some(false),
        TypeRef::Vec(item) if **item == TypeRef::File => Some(true),
        _ => None,
    }
}

/// Whether the struct has a file field (so it gets a `MultipartParts` impl).
pub(super) fn has_files(st: &Struct) -> bool {
    st.fields.iter().any(|f| file_shape(f).is_some())
}

/// `impl crate::runtime::MultipartParts` for a struct with file fields; nothing otherwise.
pub(super) fn parts_impl(def: &TypeDef, st: &Struct) -> TokenStream {
    if !has_files(st) {
        return TokenStream::new();
    }
    let name = ident(&def.name);
    let unknown = ident(&st.unknown_field);
    let parts = st.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let wire = &f.wire_name;
        match (file_shape(f), f.optional) {
            (None, _) => quote!(form.value(#wire, &self.#field)?;),
            (Some(false), false) => quote!(form.file(#wire, &self.#field)?;),
            (Some(false), true) => quote! {
                if let Some(file) = &self.#field {
                    form.file(#wire, file)?;
                }
            },
            (Some(true), false) => quote! {
                for file in &self.#field {
                    form.file(#wire, file)?;
                }
            },
            (Some(true), true) => quote! {
                for file in self.#field.iter().flatten() {
                    form.file(#wire, file)?;
                }
            },
        }
    });
    quote! {
        impl crate::runtime::MultipartParts for #name {
            fn multipart_parts(
                &self,
                form: &mut crate::runtime::MultipartForm,
            ) -> Result<(), crate::runtime::Error> {
                #(#parts)*
                form.unknown(&self.#unknown, <Self as crate::runtime::DecodeModel>::FIELDS);
                Ok(())
            }
        }
    }
}

/// For a multipart body whose model has file fields: the runtime call that encodes `value` (a
/// reference to the model) with the file content types of the spec's `encoding`.
pub(super) fn encode_with_files(
    api: &Api,
    body: &Body,
    value: &TokenStream,
) -> Option<TokenStream> {
    if !struct_of(api, &body.ty).is_some_and(has_files) {
        return None;
    }
    let types = body
        .file_types
        .iter()
        .map(|(wire, content_type)| quote!((#wire, #content_type)));
    Some(quote!(crate::runtime::to_multipart_parts(#value, &[#(#types),*])?))
}
