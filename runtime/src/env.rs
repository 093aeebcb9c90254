//! Configuration from the environment, the way DigitalOcean's own tools read it.

use super::client::Client;
use super::client_builder::ClientBuilder;
use super::error::Error;

/// The variables a token is read from, in order: DigitalOcean's tools (Terraform provider,
/// Pulumi, the API docs) use the first, doctl the second.
pub const TOKEN_VARIABLES: &[&str] = &["DIGITALOCEAN_TOKEN", "DIGITALOCEAN_ACCESS_TOKEN"];

/// The variable an optional base URL is read from (a mock server, a proxy).
pub const API_URL_VARIABLE: &str = "DIGITALOCEAN_API_URL";

impl<C> ClientBuilder<C> {
    /// A builder with the token from `DIGITALOCEAN_TOKEN`, else doctl's
    /// `DIGITALOCEAN_ACCESS_TOKEN`, and the base URL from `DIGITALOCEAN_API_URL` when that is
    /// set. Variables that are set but empty count as unset. Everything else can still be
    /// configured before [`build`](ClientBuilder::build).
    ///
    /// # Errors
    /// [`Error::MissingToken`] (naming both variables) when neither is set.
    pub fn from_env() -> Result<ClientBuilder<C>, Error> {
        ClientBuilder::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`from_env`](ClientBuilder::from_env) with the variables read through `lookup`.
    pub(crate) fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<ClientBuilder<C>, Error> {
        let set = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        let token =
            TOKEN_VARIABLES
                .iter()
                .find_map(|name| set(name))
                .ok_or(Error::MissingToken {
                    variables: TOKEN_VARIABLES,
                })?;
        let mut builder = ClientBuilder::default().token(token);
        if let Some(url) = set(API_URL_VARIABLE) {
            builder = builder.base_url(url.trim());
        }
        Ok(builder)
    }
}

impl Client {
    /// A client configured by [`ClientBuilder::from_env`] with every other setting at its
    /// default.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), digitalocean_client_runtime::Error> {
    /// let client = digitalocean_client_runtime::Client::from_env()?;
    /// # let _ = client;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::MissingToken`] when no token variable is set; [`Error::InvalidInput`] when
    /// `DIGITALOCEAN_API_URL` is not an acceptable base URL or the token cannot be sent.
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::<Client>::from_env()?.build()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn builder(vars: &[(&str, &str)]) -> Result<ClientBuilder, Error> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        ClientBuilder::from_lookup(|name| vars.get(name).cloned())
    }

    fn token_of(builder: &ClientBuilder) -> String {
        builder.token.as_ref().unwrap().expose().clone()
    }

    #[test]
    fn digitalocean_token_wins_over_doctls_variable() {
        let b = builder(&[
            ("DIGITALOCEAN_TOKEN", "first"),
            ("DIGITALOCEAN_ACCESS_TOKEN", "second"),
        ])
        .unwrap();
        assert_eq!(token_of(&b), "first");
        assert_eq!(b.base_url, None);
    }

    #[test]
    fn doctls_variable_is_the_fallback_and_empty_counts_as_unset() {
        let b = builder(&[
            ("DIGITALOCEAN_TOKEN", "  "),
            ("DIGITALOCEAN_ACCESS_TOKEN", "second"),
        ])
        .unwrap();
        assert_eq!(token_of(&b), "second");
    }

    #[test]
    fn the_base_url_comes_from_digitalocean_api_url() {
        let b = builder(&[
            ("DIGITALOCEAN_TOKEN", "t"),
            ("DIGITALOCEAN_API_URL", "http://127.0.0.1:4010"),
        ])
        .unwrap();
        assert_eq!(b.base_url.as_deref(), Some("http://127.0.0.1:4010"));
        let client = b.build().unwrap();
        assert_eq!(client.base_url(), "http://127.0.0.1:4010/");
    }

    #[test]
    fn no_token_is_a_typed_error_naming_both_variables() {
        let error = builder(&[("DIGITALOCEAN_API_URL", "http://127.0.0.1:1")]).unwrap_err();
        assert!(
            matches!(error, Error::MissingToken { variables } if variables == TOKEN_VARIABLES),
            "{error:?}"
        );
        let message = error.to_string();
        assert!(message.contains("DIGITALOCEAN_TOKEN"), "{message}");
        assert!(message.contains("DIGITALOCEAN_ACCESS_TOKEN"), "{message}");
    }
}
