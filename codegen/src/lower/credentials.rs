//! What the generated docs say about the document's credentials: for each security scheme the
//! bearer token does not cover, the `ClientBuilder` option that sends it.

use crate::load::Credential;

/// Doc lines for the generated `Client` struct (empty when the document needs only a token).
pub(super) fn credential_docs(credentials: &[Credential]) -> Vec<String> {
    if credentials.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        String::new(),
        "Credentials: the document's security schemes other than a bearer token, and the \
         `ClientBuilder` option that sends each (it replaces the token):"
            .to_owned(),
        String::new(),
    ];
    for credential in credentials {
        lines.push(match credential {
            Credential::ApiKey {
                scheme,
                place,
                name,
            } => match place.as_str() {
                "header" => format!(
                    "- `{scheme}`: an API key in the header `{name}`: \
                     `.api_key_header({name:?}, key)`."
                ),
                "query" => format!(
                    "- `{scheme}`: an API key in the query parameter `{name}`: \
                     `.api_key_query({name:?}, key)`."
                ),
                _ => format!(
                    "- `{scheme}`: an API key in the {place} `{name}`, which the client does not \
                     send; add it to each request with `.header(..)`."
                ),
            },
            Credential::Basic { scheme } => {
                format!("- `{scheme}`: HTTP Basic: `.basic_auth(username, password)`.")
            }
        });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_scheme_names_its_option() {
        let lines = credential_docs(&[
            Credential::ApiKey {
                scheme: "key".into(),
                place: "query".into(),
                name: "api_key".into(),
            },
            Credential::ApiKey {
                scheme: "session".into(),
                place: "cookie".into(),
                name: "sid".into(),
            },
            Credential::Basic {
                scheme: "basic".into(),
            },
        ]);
        assert_eq!(
            lines[3],
            "- `key`: an API key in the query parameter `api_key`: `.api_key_query(\"api_key\", key)`."
        );
        assert!(lines[4].contains("does not send"), "{}", lines[4]);
        assert!(lines[5].contains(".basic_auth(username, password)"));
        assert!(credential_docs(&[]).is_empty());
    }
}
