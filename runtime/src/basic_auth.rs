//! HTTP Basic credentials (RFC 7617): `user-id ":" password`, base64-encoded (RFC 4648, the
//! standard alphabet with padding) by the `base64` crate, which reqwest's stack already brings.

use base64::Engine as _;

/// The credentials part of an `Authorization: Basic` header for `username` and `password`.
pub(crate) fn basic_credentials(username: &str, password: &str) -> String {
    base64(format!("{username}:{password}").as_bytes())
}

fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
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
