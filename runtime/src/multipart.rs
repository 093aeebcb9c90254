//! `multipart/form-data` request bodies (RFC 7578): a part per property of a model, and file
//! parts ([`FilePart`]) that carry bytes with a file name and a content type.
//!
//! A body is assembled in memory as one `Bytes`, like every other request body, so a retry
//! resends it without copying and without the caller having to supply it again.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;

use super::encoding::{RequestBody, properties, scalar_text};
use super::error::Error;
use super::unknown::UnknownFields;

/// The content type of a file part when neither the caller nor the spec names one.
const OCTET_STREAM: &str = "application/octet-stream";

/// A file sent as one part of a `multipart/form-data` body: its bytes, and optionally the file
/// name and content type the server is told.
///
/// ```
/// # use digitalocean_client_runtime::FilePart;
/// let photo = FilePart::new(vec![0x89, b'P', b'N', b'G'])
///     .file_name("cat.png")
///     .content_type("image/png");
/// assert_eq!(
///     format!("{photo:?}"),
///     r#"FilePart { len: 4, file_name: Some("cat.png"), content_type: Some("image/png") }"#
/// );
/// ```
///
/// Without [`file_name`](FilePart::file_name) the part's name is sent as the file name (many
/// servers take a part as a file only when it has one). Without
/// [`content_type`](FilePart::content_type) the part is sent with the content type the API's
/// spec gives it (its `encoding`), else `application/octet-stream`.
///
/// `Vec<u8>`, [`Bytes`], `String` and static byte strings convert into a `FilePart` with
/// neither set, so a setter that takes `impl Into<FilePart>` accepts them directly. `Debug`
/// shows the length, never the bytes. As a value of a JSON body (which a file should not be)
/// it is serialized as its bytes.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct FilePart {
    bytes: Bytes,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A file part of these bytes, with no file name or content type of its own.
    pub fn new(bytes: impl Into<Bytes>) -> FilePart {
        FilePart {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// The file name sent in the part's `content-disposition` (`"`, CR and LF are sent
    /// percent-encoded, as browsers do).
    #[must_use]
    pub fn file_name(mut self, file_name: impl Into<String>) -> FilePart {
        self.file_name = Some(file_name.into());
        self
    }

    /// The part's content type, e.g. `image/png`. Sending fails with
    /// [`Error::InvalidInput`] if it is not a `type/subtype` of visible ASCII.
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> FilePart {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("len", &self.bytes.len())
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl From<Vec<u8>> for FilePart {
    fn from(bytes: Vec<u8>) -> FilePart {
        FilePart::new(bytes)
    }
}

impl From<Bytes> for FilePart {
    fn from(bytes: Bytes) -> FilePart {
        FilePart::new(bytes)
    }
}

impl From<&'static [u8]> for FilePart {
    fn from(bytes: &'static [u8]) -> FilePart {
        FilePart::new(bytes)
    }
}

impl<const N: usize> From<&'static [u8; N]> for FilePart {
    fn from(bytes: &'static [u8; N]) -> FilePart {
        FilePart::new(&bytes[..])
    }
}

impl From<String> for FilePart {
    fn from(text: String) -> FilePart {
        FilePart::new(text)
    }
}

impl serde::Serialize for FilePart {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.bytes)
    }
}

impl<'de> serde::Deserialize<'de> for FilePart {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = FilePart;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("bytes, a string or an array of bytes")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<FilePart, E> {
                Ok(FilePart::new(v.to_vec()))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<FilePart, E> {
                Ok(FilePart::new(v.to_owned()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<FilePart, A::Error> {
                let mut bytes = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(byte) = seq.next_element::<u8>()? {
                    bytes.push(byte);
                }
                Ok(FilePart::new(bytes))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// One part of a multipart body.
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<Cow<'static, str>>,
    bytes: Bytes,
}

/// A `multipart/form-data` body being assembled, part by part, in the order they are added.
#[doc(hidden)]
pub struct MultipartForm {
    parts: Vec<Part>,
    /// (property, content type) of file parts whose spec `encoding` names a content type.
    file_types: &'static [(&'static str, &'static str)],
}

impl MultipartForm {
    /// An empty form; `file_types` are the content types the spec's `encoding` gives file
    /// properties, used when a [`FilePart`] names none.
    pub fn new(file_types: &'static [(&'static str, &'static str)]) -> MultipartForm {
        MultipartForm {
            parts: Vec::new(),
            file_types,
        }
    }

    /// Adds the parts of a property that is not a file, as [`to_multipart`] sends it: none for
    /// `null` (an unset `Option`), one per item of an array, a string as its text, a number or
    /// boolean as its JSON text, an object as an `application/json` part.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the value cannot be serialized.
    pub fn value<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), Error> {
        let value = serde_json::to_value(value).map_err(|e| Error::InvalidInput {
            message: format!("the multipart property `{name}` could not be serialised: {e}"),
        })?;
        self.push_value(name, value);
        Ok(())
    }

    /// Adds the model's unknown properties (those not in `known`) as [`value`](Self::value)
    /// parts, after its own.
    pub fn unknown(&mut self, unknown: &UnknownFields, known: &[&str]) {
        for (name, value) in unknown.iter() {
            if !known.contains(&name.as_str()) && !value.is_null() {
                self.push_value(name, value.clone());
            }
        }
    }

    /// Adds a file part. Its content type is the file's own, else the one the spec gives the
    /// property, else `application/octet-stream`; its file name is the file's own, else the
    /// property name.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the file's content type is not a `type/subtype` of visible
    /// ASCII (it would break the part's header).
    pub fn file(&mut self, name: &str, file: &FilePart) -> Result<(), Error> {
        let content_type: Cow<'static, str> = match &file.content_type {
            Some(own) => {
                let valid = own.contains('/')
                    && own
                        .bytes()
                        .all(|b| b == b'\t' || (b' '..=b'~').contains(&b));
                if !valid {
                    return Err(Error::InvalidInput {
                        message: format!(
                            "the content type {own:?} of the file part `{name}` is not a media type (`type/subtype` in visible ASCII)"
                        ),
                    });
                }
                Cow::Owned(own.clone())
            }
            None => Cow::Borrowed(
                self.file_types
                    .iter()
                    .find(|(property, _)| *property == name)
                    .map_or(OCTET_STREAM, |(_, content_type)| content_type),
            ),
        };
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: Some(file.file_name.clone().unwrap_or_else(|| name.to_owned())),
            content_type: Some(content_type),
            bytes: file.bytes.clone(),
        });
        Ok(())
    }

    fn push_value(&mut self, name: &str, value: serde_json::Value) {
        let items = match value {
            serde_json::Value::Null => return,
            serde_json::Value::Array(items) => items,
            other => vec![other],
        };
        for item in items {
            let json = matches!(
                item,
                serde_json::Value::Object(_) | serde_json::Value::Array(_)
            );
            self.parts.push(Part {
                name: name.to_owned(),
                file_name: None,
                content_type: json.then_some(Cow::Borrowed("application/json")),
                bytes: scalar_text(&item).into(),
            });
        }
    }

    /// The body, with a boundary that occurs in no part.
    pub fn finish(self) -> RequestBody {
        let mut boundary = String::from("api-client-boundary");
        let mut n = 0u32;
        while self.parts.iter().any(|part| {
            let within = |text: &[u8]| contains(text, boundary.as_bytes());
            within(&part.bytes)
                || within(part.name.as_bytes())
                || part
                    .file_name
                    .as_deref()
                    .is_some_and(|f| within(f.as_bytes()))
                || part
                    .content_type
                    .as_deref()
                    .is_some_and(|c| within(c.as_bytes()))
        }) {
            n += 1;
            boundary = format!("api-client-boundary-{n}-{}", fastrand::u64(..));
        }
        let size: usize = self
            .parts
            .iter()
            .map(|part| part.bytes.len() + part.name.len() + boundary.len() + 128)
            .sum();
        let mut body = Vec::with_capacity(size + boundary.len() + 8);
        for part in &self.parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            body.extend_from_slice(
                format!(
                    "content-disposition: form-data; name=\"{}\"",
                    quoted(&part.name)
                )
                .as_bytes(),
            );
            if let Some(file_name) = &part.file_name {
                body.extend_from_slice(format!("; filename=\"{}\"", quoted(file_name)).as_bytes());
            }
            body.extend_from_slice(b"\r\n");
            if let Some(content_type) = &part.content_type {
                body.extend_from_slice(format!("content-type: {content_type}\r\n").as_bytes());
            }
            body.extend_from_slice(b"\r\n");
            body.extend_from_slice(&part.bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        RequestBody {
            content_type: format!("multipart/form-data; boundary={boundary}").into(),
            bytes: body.into(),
        }
    }
}

/// A name or file name as it goes between the quotes of a `content-disposition` parameter:
/// quotes, CR and LF cannot appear there (RFC 7578 section 4.2), so they are percent-encoded.
fn quoted(text: &str) -> String {
    text.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Whether `needle` occurs in `haystack` (a file may be large: the first byte is compared
/// before the rest).
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    let Some(&first) = needle.first() else {
        return true;
    };
    haystack
        .windows(needle.len())
        .any(|window| window[0] == first && window == needle)
}

/// A model whose multipart body has file parts: generated code adds each property as a part,
/// files as [`MultipartForm::file`], the rest as [`MultipartForm::value`].
#[doc(hidden)]
pub trait MultipartParts {
    /// Adds the model's parts to `form`, in property order.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when a part cannot be encoded.
    fn multipart_parts(&self, form: &mut MultipartForm) -> Result<(), Error>;
}

/// Serialises a request body with file parts as `multipart/form-data`; `file_types` are the
/// content types the spec's `encoding` gives file properties.
///
/// # Errors
/// [`Error::InvalidInput`] when a part cannot be encoded.
#[doc(hidden)]
pub fn to_multipart_parts<T: MultipartParts + ?Sized>(
    value: &T,
    file_types: &'static [(&'static str, &'static str)],
) -> Result<RequestBody, Error> {
    let mut form = MultipartForm::new(file_types);
    value.multipart_parts(&mut form)?;
    Ok(form.finish())
}

/// Serialises a request body as `multipart/form-data` (RFC 7578): one part per property, named
/// after it; a string is sent as text, a number or boolean as its JSON text, an array as one
/// part per item, an object as an `application/json` part. Absent and `null` properties are left
/// out. The boundary is chosen so that it occurs in no part. (A body with file parts is sent by
/// [`to_multipart_parts`].)
///
/// # Errors
/// [`Error::InvalidInput`] when the body is not an object.
pub fn to_multipart<T: serde::Serialize + ?Sized>(value: &T) -> Result<RequestBody, Error> {
    let mut form = MultipartForm::new(&[]);
    for (name, value) in properties(value, "multipart")? {
        form.push_value(&name, value);
    }
    Ok(form.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_boundary_never_occurs_in_a_file() {
        let clash = Bytes::from_static(b"\x00\xff--api-client-boundary\r\n\xfe");
        let mut form = MultipartForm::new(&[("doc", "application/pdf")]);
        form.file("doc", &FilePart::new(clash.clone())).unwrap();
        let body = form.finish();
        let boundary = body
            .content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap()
            .to_owned();
        assert_ne!(boundary, "api-client-boundary");
        let delimiter = format!("--{boundary}");
        assert!(!contains(&clash, delimiter.as_bytes()));
        let head = format!(
            "{delimiter}\r\ncontent-disposition: form-data; name=\"doc\"; filename=\"doc\"\r\ncontent-type: application/pdf\r\n\r\n"
        );
        let mut expected = head.into_bytes();
        expected.extend_from_slice(&clash);
        expected.extend_from_slice(format!("\r\n{delimiter}--\r\n").as_bytes());
        assert_eq!(body.bytes, expected);
    }

    #[test]
    fn a_content_type_that_would_break_the_header_is_refused() {
        for bad in ["image/png\r\nx-injected: 1", "png", "imagé/png"] {
            let mut form = MultipartForm::new(&[]);
            match form.file("photo", &FilePart::new(vec![1]).content_type(bad)) {
                Err(Error::InvalidInput { message }) => {
                    assert!(message.contains("`photo`"), "{message}");
                }
                other => panic!("{bad:?}: expected InvalidInput, got {other:?}"),
            }
        }
    }

    #[test]
    fn file_names_cannot_break_out_of_their_quotes() {
        let mut form = MultipartForm::new(&[]);
        let file = FilePart::new(vec![0]).file_name("a\"b\r\nc.txt");
        form.file("f", &file).unwrap();
        let text = String::from_utf8_lossy(&form.finish().bytes).into_owned();
        assert!(text.contains("filename=\"a%22b%0D%0Ac.txt\""), "{text}");
    }

    #[test]
    fn file_parts_round_trip_through_serde_as_bytes() {
        let file = FilePart::new(vec![1, 2, 255]);
        let json = serde_json::to_string(&file).unwrap();
        assert_eq!(json, "[1,2,255]");
        assert_eq!(serde_json::from_str::<FilePart>(&json).unwrap(), file);
        assert_eq!(
            serde_json::from_str::<FilePart>("\"hi\"").unwrap(),
            FilePart::new("hi")
        );
    }
}
