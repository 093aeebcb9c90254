//! Configuration from the environment, with the variables the API's profile names (the API
//! document declares them, or the generator's options do; a client whose profile names none
//! reads nothing).

use super::client_builder::ClientBuilder;
use super::error::Error;
use super::profile::{Api, ApiProfile};

impl<C: Api> ClientBuilder<C> {
    /// A builder with the token from the first of the API's token variables that is set, and
    /// the base URL from its base-URL variable when that is set (for DigitalOcean's client:
    /// `EXAMPLE_TOKEN`, else doctl's `EXAMPLE_ACCESS_TOKEN`, and
    /// `EXAMPLE_API_URL`). Variables that are set but empty count as unset. Everything else
    /// can still be configured before [`build`](ClientBuilder::build).
    ///
    /// # Errors
    /// [`Error::MissingToken`] (naming every token variable) when none is set;
    /// [`Error::InvalidInput`] when the API names no token variable at all.
    pub fn from_env() -> Result<ClientBuilder<C>, Error> {
        ClientBuilder::from_lookup(C::PROFILE, |name| std::env::var(name).ok())
    }
}

impl<C> ClientBuilder<C> {
    /// [`from_env`](ClientBuilder::from_env) with the variables of `profile` read through
    /// `lookup`.
    pub(crate) fn from_lookup(
        profile: &ApiProfile,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<ClientBuilder<C>, Error> {
        let variables = profile.token_variables();
        if variables.is_empty() {
            return Err(Error::InvalidInput {
                message: "this client reads no environment variables: its API document names \
                          none (x-client-environment) and neither did the generator's options; \
                          set the credentials on the builder"
                    .into(),
            });
        }
        let set = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        let token = variables
            .iter()
            .find_map(|name| set(name))
            .ok_or(Error::MissingToken { variables })?;
        let mut builder = ClientBuilder::default().token(token);
        if let Some(url) = profile.base_url_variable().and_then(set) {
            builder = builder.base_url(url.trim());
        }
        Ok(builder)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    const TOKEN_VARIABLES: &[&str] = &["EXAMPLE_TOKEN", "EXAMPLE_ACCESS_TOKEN"];
    const PROFILE: ApiProfile = ApiProfile::new("example-client/1.0")
        .with_token_variables(TOKEN_VARIABLES)
        .with_base_url_variable("EXAMPLE_API_URL");

    fn builder(vars: &[(&str, &str)]) -> Result<ClientBuilder, Error> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        ClientBuilder::from_lookup(&PROFILE, |name| vars.get(name).cloned())
    }

    fn token_of(builder: &ClientBuilder) -> String {
        builder.token.as_ref().unwrap().expose().clone()
    }

    #[test]
    fn the_first_token_variable_wins() {
        let b = builder(&[
            ("EXAMPLE_TOKEN", "first"),
            ("EXAMPLE_ACCESS_TOKEN", "second"),
        ])
        .unwrap();
        assert_eq!(token_of(&b), "first");
        assert_eq!(b.base_url, None);
    }

    #[test]
    fn the_second_variable_is_the_fallback_and_empty_counts_as_unset() {
        let b = builder(&[("EXAMPLE_TOKEN", "  "), ("EXAMPLE_ACCESS_TOKEN", "second")]).unwrap();
        assert_eq!(token_of(&b), "second");
    }

    #[test]
    fn the_base_url_comes_from_the_base_url_variable() {
        let b = builder(&[
            ("EXAMPLE_TOKEN", "t"),
            ("EXAMPLE_API_URL", "http://127.0.0.1:4010"),
        ])
        .unwrap();
        assert_eq!(b.base_url.as_deref(), Some("http://127.0.0.1:4010"));
        let client = b.build().unwrap();
        assert_eq!(client.base_url(), "http://127.0.0.1:4010/");
    }

    #[test]
    fn no_token_is_a_typed_error_naming_both_variables() {
        let error = builder(&[("EXAMPLE_API_URL", "http://127.0.0.1:1")]).unwrap_err();
        assert!(
            matches!(error, Error::MissingToken { variables } if variables == TOKEN_VARIABLES),
            "{error:?}"
        );
        let message = error.to_string();
        assert!(message.contains("EXAMPLE_TOKEN"), "{message}");
        assert!(message.contains("EXAMPLE_ACCESS_TOKEN"), "{message}");
    }

    #[test]
    fn a_profile_without_variables_reads_nothing() {
        let error = ClientBuilder::<crate::Client>::from_lookup(&ApiProfile::GENERIC, |_| {
            Some("set".to_owned())
        })
        .unwrap_err();
        let Error::InvalidInput { message } = &error else {
            panic!("{error:?}")
        };
        assert!(message.contains("no environment variables"), "{message}");
    }
}
