//! File parts of `multipart/form-data` bodies: the properties with `format: binary` (or arrays
//! of them) become `crate::runtime::FilePart` fields, and the content type the media type's
//! `encoding` gives each is kept for the part.

use openapiv3::MediaType;

use super::Lowerer;
use super::view::{SchemaRef, View};
use crate::ir::{TypeDef, TypeKind, TypeRef};

/// A property of a body schema that carries file content.
pub(super) struct BinaryProperty {
    /// Name on the wire.
    pub(super) wire: String,
    /// Pointer to the property (for errors).
    pub(super) at: String,
    /// An array of files rather than one.
    pub(super) many: bool,
}

/// The one content type an `encoding` entry names, when it is a concrete media type: a list
/// (`image/png, image/jpeg`) or a range (`image/*`) cannot be sent as a part's `content-type`,
/// so the runtime's default (`application/octet-stream`) stands unless the caller names one.
fn concrete_content_type(content_type: &str) -> Option<String> {
    let content_type = content_type.trim();
    let (kind, sub) = content_type.split_once('/')?;
    let token = |t: &str| {
        !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
    };
    let sub = sub.split(';').next().unwrap_or_default().trim();
    let visible = content_type
        .bytes()
        .all(|b| b == b' ' || b.is_ascii_graphic());
    (token(kind) && token(sub) && visible && !content_type.contains(','))
        .then(|| content_type.to_owned())
}

impl<'a> Lowerer<'a> {
    /// The properties of an object schema (its own `properties`, not `allOf` members) whose
    /// schema is `format: binary`, or an array of such: file content that a `String` cannot
    /// carry.
    pub(super) fn binary_properties(&self, schema: SchemaRef<'a>, at: &str) -> Vec<BinaryProperty> {
        let Ok(resolved) = self.resolve(schema, at) else {
            return Vec::new();
        };
        let at = match schema {
            SchemaRef::Ref(reference) => self
                .component_name(reference, at)
                .map(crate::load::schema_pointer)
                .unwrap_or_else(|_| at.to_owned()),
            SchemaRef::Inline(_) => at.to_owned(),
        };
        let binary = |schema: SchemaRef<'a>| {
            self.resolve(schema, &at)
                .is_ok_and(|s| View::of(s).format.as_deref() == Some("binary"))
        };
        let Some(properties) = View::of(resolved).properties else {
            return Vec::new();
        };
        properties
            .iter()
            .filter_map(|(name, prop)| {
                let many = if binary(SchemaRef::of_boxed(prop)) {
                    false
                } else {
                    let items = self
                        .resolve(SchemaRef::of_boxed(prop), &at)
                        .ok()
                        .and_then(|s| View::of(s).items)?;
                    binary(SchemaRef::of_boxed(items)).then_some(true)?
                };
                Some(BinaryProperty {
                    wire: name.clone(),
                    at: format!("{at}/properties/{}", crate::error::escape_token(name)),
                    many,
                })
            })
            .collect()
    }

    /// Makes the binary properties of the multipart body type `ty` file parts (`FilePart`, or a
    /// `Vec` of them, in an `Option` when optional) and returns the content types the media
    /// type's `encoding` gives them, as (property, content type).
    pub(super) fn file_parts(
        &mut self,
        ty: &TypeRef,
        files: &[BinaryProperty],
        media: &MediaType,
    ) -> Vec<(String, String)> {
        let TypeRef::Named(name) = ty.unaliased(&self.types).clone() else {
            return Vec::new();
        };
        let Some(TypeDef {
            kind: TypeKind::Struct(st),
            ..
        }) = self.types.get_mut(&name)
        else {
            return Vec::new();
        };
        let mut file_types = Vec::new();
        for file in files {
            let Some(field) = st.fields.iter_mut().find(|f| f.wire_name == file.wire) else {
                continue;
            };
            let part = if file.many {
                TypeRef::Vec(Box::new(TypeRef::File))
            } else {
                TypeRef::File
            };
            field.ty = if field.optional {
                TypeRef::Option(Box::new(part))
            } else {
                part
            };
            // A binary property's example is text, which says nothing about a file.
            field.example = None;
            if let Some(content_type) = media
                .encoding
                .get(&file.wire)
                .and_then(|encoding| encoding.content_type.as_deref())
                .and_then(concrete_content_type)
            {
                file_types.push((file.wire.clone(), content_type));
            }
        }
        file_types
    }
}

#[cfg(test)]
mod tests {
    use super::concrete_content_type;

    #[test]
    fn only_one_concrete_media_type_is_kept() {
        assert_eq!(
            concrete_content_type(" image/png ").as_deref(),
            Some("image/png")
        );
        assert_eq!(
            concrete_content_type("text/plain; charset=utf-8").as_deref(),
            Some("text/plain; charset=utf-8")
        );
        for refused in [
            "image/png, image/jpeg",
            "image/*",
            "*/*",
            "png",
            "a/b\r\nx: y",
        ] {
            assert_eq!(concrete_content_type(refused), None, "{refused}");
        }
    }
}
