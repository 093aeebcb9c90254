//! Encoding helpers for generated code: path segments and request bodies.

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

/// A request body and the content type it is sent with.
#[doc(hidden)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestBody {
    /// The `Content-Type` header.
    pub content_type: &'static str,
    /// The bytes sent; cheap to clone, so a retry does not copy them.
    pub bytes: bytes::Bytes,
}

impl RequestBody {
    /// A raw (non-JSON) body of the given media type.
    pub fn raw(content_type: &'static str, bytes: impl Into<bytes::Bytes>) -> RequestBody {
        RequestBody {
            content_type,
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
            content_type: "application/json",
            bytes: bytes.into(),
        })
        .map_err(|e| Error::InvalidInput {
            message: format!("the request body could not be serialised as JSON: {e}"),
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
    use super::encode_path_segment;

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
}
