//! HTTP Basic credentials (RFC 7617): `user-id ":" password`, base64-encoded (RFC 4648, the
//! standard alphabet with padding). Written here rather than pulled in as a dependency: it is
//! the one place the runtime needs base64, and it is a few lines.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The credentials part of an `Authorization: Basic` header for `username` and `password`.
pub(crate) fn basic_credentials(username: &str, password: &str) -> String {
    base64(format!("{username}:{password}").as_bytes())
}

fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        // A chunk of k bytes gives k + 1 characters; the rest of the 4 are padding.
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_the_rfc_4648_test_vectors() {
        for (input, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), encoded, "{input:?}");
        }
        // Bytes that use the last two characters of the alphabet.
        assert_eq!(base64(&[0xfb, 0xff]), "+/8=");
    }

    #[test]
    fn joins_user_and_password_with_a_colon_as_rfc_7617_does() {
        assert_eq!(
            basic_credentials("Aladdin", "open sesame"),
            "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
    }

    #[test]
    fn the_builder_never_shows_the_credentials() {
        let builder =
            crate::ClientBuilder::<crate::Client>::default().basic_auth("Aladdin", "open sesame");
        let shown = format!("{builder:?}");
        assert!(shown.contains("basic_auth"), "{shown}");
        assert!(
            !shown.contains("QWxh") && !shown.contains("sesame") && !shown.contains("Aladdin"),
            "{shown}"
        );
    }
}
