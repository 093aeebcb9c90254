//! `components.securitySchemes`: the schemes whose credentials the client does not send by
//! default (its bearer token), so that the generated docs can name the option for each.

use serde_yaml::Value;

use super::{Loaded, entries, get, scalar_text};

/// A security scheme that needs a `ClientBuilder` option other than the bearer token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// `type: apiKey`: `place` is `in` (`header`, `query` or `cookie`), `name` the parameter's.
    ApiKey {
        scheme: String,
        place: String,
        name: String,
    },
    /// `type: http, scheme: basic`.
    Basic { scheme: String },
}

pub(super) fn read_security_schemes(root: &Value, loaded: &mut Loaded) {
    let schemes = get(root, "components").and_then(|c| get(c, "securitySchemes"));
    for (scheme, value) in entries(schemes) {
        let text = |key: &str| get(value, key).map(scalar_text).unwrap_or_default();
        let credential = match text("type").as_str() {
            "apiKey" => Credential::ApiKey {
                scheme,
                place: text("in"),
                name: text("name"),
            },
            "http" if text("scheme").eq_ignore_ascii_case("basic") => Credential::Basic { scheme },
            _ => continue,
        };
        loaded.document.credentials.push(credential);
    }
}
