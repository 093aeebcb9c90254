//! Hand-rolled `Serialize` and `Deserialize` for generated structs, so that every model keeps the
//! properties the spec does not name (in its `crate::runtime::UnknownFields` field) and sends
//! them back.
//!
//! `#[serde(flatten)]` would do the same with derives, but it makes serde buffer every object
//! into its private `Content` tree before decoding, which costs far more than the 5 % decode
//! budget. These impls read the map once: each key is looked up in the struct's wire names
//! (`crate::runtime::FieldKeySeed`), known ones decode straight into their field type, unknown
//! ones into a `serde_json::Value`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Scope, ident, ty};
use crate::ir::{Struct, TypeDef};

/// `Serialize` and `Deserialize` for the struct `def`.
///
/// The shared parts (the visitor, duplicate and missing field errors, keeping unknown values,
/// skipping unset optional fields) are runtime functions, so each struct costs a few lines per
/// field; they are `#[inline]` generics, as fast as the code serde's derive writes.
pub(super) fn struct_serde(def: &TypeDef, st: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let unknown = ident(&st.unknown_field);
    let wire: Vec<&str> = st.fields.iter().map(|f| f.wire_name.as_str()).collect();
    let wire_list = quote!(&[#(#wire),*]);

    // Deserialize: one `Option<FieldType>` slot per field (typed by its use below), filled as
    // keys arrive.
    let slots: Vec<_> = (0..st.fields.len())
        .map(|index| format_ident!("slot{index}"))
        .collect();
    let declare = slots.iter().map(|slot| quote!(let mut #slot = None;));
    let arms = st
        .fields
        .iter()
        .zip(&slots)
        .enumerate()
        .map(|(index, (field, slot))| {
            let wire = &field.wire_name;
            quote!(#index => crate::runtime::fill_field(&mut #slot, &mut map, #wire)?,)
        });
    let finish = st.fields.iter().zip(&slots).map(|(field, slot)| {
        let rust = ident(&field.rust_name);
        let wire = &field.wire_name;
        let field_ty = ty(&field.ty, Scope::Models);
        if field.optional {
            quote!(#rust: Option::flatten(#slot),)
        } else if field.default_when_absent {
            quote!(#rust: Option::<#field_ty>::unwrap_or_default(#slot),)
        } else {
            quote!(#rust: crate::runtime::required_field(#slot, #wire)?,)
        }
    });
    let expecting = format!("a `{}` object", def.name);

    // Serialize: own fields in document order (optional ones only when set), then the unknown.
    let entries = st.fields.iter().map(|field| {
        let rust = ident(&field.rust_name);
        let wire = &field.wire_name;
        if field.optional {
            quote!(crate::runtime::serialize_optional(&mut map, #wire, &self.#rust)?;)
        } else {
            quote!(map.serialize_entry(#wire, &self.#rust)?;)
        }
    });

    quote! {
        impl<'de> crate::runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D: crate::runtime::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                crate::runtime::deserialize_model(deserializer)
            }
        }

        impl crate::runtime::DecodeModel for #name {
            const EXPECTING: &'static str = #expecting;
            const FIELDS: &'static [&'static str] = #wire_list;

            fn decode_map<'de, A: crate::runtime::serde::de::MapAccess<'de>>(
                mut map: A,
            ) -> Result<Self, A::Error> {
                #(#declare)*
                let mut unknown = crate::runtime::UnknownFields::new();
                let seed = crate::runtime::FieldKeySeed(Self::FIELDS);
                while let Some(key) = map.next_key_seed(seed)? {
                    match key.index() {
                        #(#arms)*
                        _ => crate::runtime::keep_unknown(&mut unknown, key, &mut map)?,
                    }
                }
                Ok(#name {
                    #(#finish)*
                    #unknown: unknown,
                })
            }
        }

        impl crate::runtime::serde::Serialize for #name {
            fn serialize<S: crate::runtime::serde::Serializer>(
                &self,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                use crate::runtime::serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(None)?;
                #(#entries)*
                let own = <Self as crate::runtime::DecodeModel>::FIELDS;
                crate::runtime::serialize_unknown(&mut map, &self.#unknown, own)?;
                map.end()
            }
        }
    }
}
