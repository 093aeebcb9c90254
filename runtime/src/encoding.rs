//! Encoding helpers for generated code: path segments and request bodies.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::error::Error;

/// Every byte except the RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) and `:`.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b':');

/// Percent-encodes one path segment so that it stays one segment: `/`, `?`, `#`, `%` and every
/// other reserved or non-ASCII character is escaped.
///
/// `:` is sent as it is. It is legal inside a path segment (RFC 3986 `pchar`), and SSH key
/// fingerprints (`3b:16:bf:...`) are sent that way by DigitalOcean's own SDKs; the paths built
/// here always start with `/v2/`, so a colon can never be read as a scheme.
///
/// A segment that is exactly `.` or `..` cannot be sent safely (URL parsers resolve it even when
/// escaped), so the client refuses such a path with [`Error::InvalidInput`] before sending.
pub fn encode_path_segment(segment: &str) -> String {
    utf8_percent_encode(segment, SEGMENT).to_string()
}

/// Appends the pairs of an [`OperationRequest`](crate::OperationRequest)'s query to `url`, in
/// order, each name and value form-urlencoded.
pub(crate) fn append_query(url: &mut url::Url, query: &[(Cow<'static, str>, String)]) {
    if query.is_empty() {
        return;
    }
    let mut pairs = url.query_pairs_mut();
    for (name, value) in query {
        pairs.append_pair(name, value);
    }
}

/// A request body and the content type it is sent with.
#[doc(hidden)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestBody {
    /// The `Content-Type` header (owned only for a multipart body, which names its boundary).
    pub content_type: std::borrow::Cow<'static, str>,
    /// The bytes sent; cheap to clone, so a retry does not copy them.
    pub bytes: bytes::Bytes,
}

impl RequestBody {
    /// A raw (non-JSON) body of the given media type.
    pub fn raw(content_type: &'static str, bytes: impl Into<bytes::Bytes>) -> RequestBody {
        RequestBody {
            content_type: content_type.into(),
            bytes: bytes.into(),
        }
    }
}

/// Serialises a request body to JSON.
///
/// # Errors
/// [`Error::InvalidInput`] when the value cannot be represented as JSON (for example a map
/// whose keys are not strings).
pub fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<RequestBody, Error> {
    serde_json::to_vec(value)
        .map(|bytes| RequestBody {
            content_type: "application/json".into(),
            bytes: bytes.into(),
        })
        .map_err(|e| Error::InvalidInput {
            message: format!("the request body could not be serialised as JSON: {e}"),
        })
}

/// The top-level properties of a body as JSON values, in the model's field order (`null`s
/// left out): what form and multipart bodies are made of. (A `serde_json::Map` would sort them,
/// so the JSON text is read back entry by entry.)
pub(crate) fn properties<T: serde::Serialize + ?Sized>(
    value: &T,
    what: &str,
) -> Result<Vec<(String, serde_json::Value)>, Error> {
    let invalid = |message: String| Error::InvalidInput { message };
    let json = serde_json::to_vec(value)
        .map_err(|e| invalid(format!("the request body could not be serialised: {e}")))?;
    let Entries(entries) = serde_json::from_slice(&json).map_err(|_| {
        invalid(format!(
            "a {what} body must be an object with properties, got {}",
            match json.first() {
                Some(b'[') => "an array",
                Some(b'"') => "a string",
                Some(b't' | b'f') => "a boolean",
                Some(b'n') => "null",
                _ => "a number",
            }
        ))
    })?;
    Ok(entries.into_iter().filter(|(_, v)| !v.is_null()).collect())
}

/// A JSON object's entries in document order.
struct Entries(Vec<(String, serde_json::Value)>);

impl<'de> serde::Deserialize<'de> for Entries {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Entries;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Entries, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// The text of a scalar (a string as itself, numbers and booleans as JSON prints them); objects
/// and nested arrays as JSON text.
pub(crate) fn scalar_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Serialises a request body as `application/x-www-form-urlencoded`, the OpenAPI 3.0 default
/// (style `form`, `explode: true`): one `name=value` pair per property, one pair per item of an
/// array property, an object property as JSON text, absent and `null` properties left out.
///
/// # Errors
/// [`Error::InvalidInput`] when the body is not an object.
pub fn to_form<T: serde::Serialize + ?Sized>(value: &T) -> Result<RequestBody, Error> {
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in properties(value, "form")? {
        match &value {
            serde_json::Value::Array(items) => {
                for item in items {
                    form.append_pair(&name, &scalar_text(item));
                }
            }
            other => {
                form.append_pair(&name, &scalar_text(other));
            }
        }
    }
    Ok(RequestBody {
        content_type: "application/x-www-form-urlencoded".into(),
        bytes: form.finish().into(),
    })
}

/// Refuses a path with a `.` or `..` segment (plain or percent-encoded): such a request would
/// reach a different endpoint from the one the operation names.
pub(crate) fn check_path(path: &str) -> Result<(), Error> {
    if !path.starts_with('/') {
        return Err(Error::InvalidInput {
            message: format!("the request path {path:?} does not start with `/`"),
        });
    }
    for segment in path.split('/') {
        let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
        if decoded == "." || decoded == ".." {
            return Err(Error::InvalidInput {
                message: format!(
                    "the request path {path:?} has a `{decoded}` segment, which would address a different resource"
                ),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::multipart::to_multipart;

    #[test]
    fn colons_stay_and_every_other_reserved_character_is_escaped() {
        assert_eq!(
            encode_path_segment("3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa"),
            "3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa"
        );
        assert_eq!(encode_path_segment("a-b.c_d~e"), "a-b.c_d~e");
        let reserved = "/?#[]@!$&'()*+,;=% ";
        let encoded = encode_path_segment(reserved);
        assert_eq!(
            encoded,
            "%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%25%20"
        );
        assert_eq!(encode_path_segment("é"), "%C3%A9");
    }

    #[derive(serde::Serialize)]
    struct Upload {
        name: String,
        note: Option<String>,
    }

    #[test]
    fn a_multipart_boundary_never_occurs_in_the_content() {
        let upload = Upload {
            name: "--api-client-boundary".to_owned(),
            note: None,
        };
        let body = to_multipart(&upload).unwrap();
        let boundary = body
            .content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap()
            .to_owned();
        assert_ne!(boundary, "api-client-boundary");
        let text = String::from_utf8(body.bytes.to_vec()).unwrap();
        // The boundary delimits exactly the one part and the end, and `None` sends no part.
        assert_eq!(text.matches(&format!("--{boundary}")).count(), 2, "{text}");
        assert!(!text.contains("name=\"note\""), "{text}");
    }

    #[test]
    fn static_and_run_time_names_are_written_as_their_own_pairs() {
        let mut url = url::Url::parse("http://127.0.0.1/v1").unwrap();
        let mut request = crate::OperationRequest::new("op", crate::Method::Get, "/".into(), "/");
        request
            .query("page", "1".to_owned())
            .query_entry("filter[a b]".to_owned(), "x&y=z".to_owned())
            .query_entry("=".to_owned(), "%".to_owned())
            .query("tag", "v[1]".to_owned());
        append_query(&mut url, &request.query);
        assert_eq!(
            url.query(),
            Some("page=1&filter%5Ba+b%5D=x%26y%3Dz&%3D=%25&tag=v%5B1%5D")
        );
    }

    #[test]
    fn form_and_multipart_bodies_must_be_objects() {
        for result in [to_form(&[1, 2]), to_multipart("text")] {
            match result {
                Err(Error::InvalidInput { message }) => {
                    assert!(message.contains("must be an object"), "{message}");
                }
                other => panic!("expected InvalidInput, got {other:?}"),
            }
        }
    }
}
