//! API keys (OpenAPI `apiKey` security schemes): a key sent in a header or a query parameter of
//! every request, instead of a bearer token, and kept out of every URL the client shows.

use url::Url;

use super::sensitive::Sensitive;

/// What stands for the key wherever a URL that carried it is shown (an error's source).
pub(crate) const REDACTED: &str = "REDACTED";

/// Where [`ClientBuilder::api_key_header`](crate::ClientBuilder::api_key_header) and
/// [`api_key_query`](crate::ClientBuilder::api_key_query) put the key. `Debug` shows the name,
/// never the key.
#[derive(Clone, Debug)]
pub(crate) enum ApiKey {
    /// A header of every request.
    Header(String, Sensitive<String>),
    /// A query parameter of every request's URL.
    Query(QueryKey),
}

/// A key sent as the query parameter `name` of every request.
#[derive(Clone, Debug)]
pub(crate) struct QueryKey {
    pub(crate) name: String,
    pub(crate) value: Sensitive<String>,
}

impl QueryKey {
    /// Sets the key on `url`, replacing any pair of the same name (a next-page link that echoes
    /// the key gets it once).
    pub(crate) fn set_on(&self, url: &mut Url) {
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(name, _)| *name != self.name)
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        url.set_query(None);
        let mut pairs = url.query_pairs_mut();
        for (name, value) in &kept {
            pairs.append_pair(name, value);
        }
        pairs.append_pair(&self.name, self.value.expose());
    }

    /// `url` with the key's value replaced by [`REDACTED`]; other pairs stay as they were.
    pub(crate) fn redact(&self, url: &mut Url) {
        if !url
            .query_pairs()
            .any(|(name, _)| name == self.name.as_str())
        {
            return;
        }
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(name, value)| {
                let value = if name == self.name.as_str() {
                    REDACTED.to_owned()
                } else {
                    value.into_owned()
                };
                (name.into_owned(), value)
            })
            .collect();
        url.set_query(None);
        url.query_pairs_mut().extend_pairs(pairs);
    }

    /// `text` (a next-page link as the server wrote it) with the key's value, as written or
    /// percent-encoded, replaced by [`REDACTED`].
    pub(crate) fn redact_text(&self, text: &str) -> String {
        let value = self.value.expose();
        if value.is_empty() {
            return text.to_owned();
        }
        let encoded: String = url::form_urlencoded::byte_serialize(value.as_bytes()).collect();
        let percent = encoded.replace('+', "%20");
        let mut shown = text.to_owned();
        for form in [value.as_str(), encoded.as_str(), percent.as_str()] {
            shown = shown.replace(form, REDACTED);
        }
        shown
    }

    /// An error whose source is a reqwest error: reqwest's text names the URL, so its key is
    /// redacted first.
    pub(crate) fn redact_error(&self, mut error: crate::Error) -> crate::Error {
        if let crate::Error::Transport { source, .. } = &mut error
            && let Some(url) = source.url_mut()
        {
            self.redact(url);
        }
        error
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> QueryKey {
        QueryKey {
            name: "api_key".into(),
            value: Sensitive::new("s3cr3t&x".into()),
        }
    }

    #[test]
    fn the_key_is_appended_once_and_encoded() {
        let mut url = Url::parse("https://api.example.test/v1/items?page=2&api_key=old").unwrap();
        key().set_on(&mut url);
        assert_eq!(url.query(), Some("page=2&api_key=s3cr3t%26x"));
    }

    #[test]
    fn redacting_replaces_only_the_key() {
        let mut url = Url::parse("https://api.example.test/v1?page=2").unwrap();
        key().set_on(&mut url);
        key().redact(&mut url);
        assert_eq!(url.query(), Some("page=2&api_key=REDACTED"));
        let mut plain = Url::parse("https://api.example.test/v1?page=2").unwrap();
        key().redact(&mut plain);
        assert_eq!(plain.query(), Some("page=2"));
    }

    #[test]
    fn a_link_that_echoes_the_key_is_shown_without_it() {
        let shown = key().redact_text("/v1/items?page=2&api_key=s3cr3t%26x");
        assert_eq!(shown, "/v1/items?page=2&api_key=REDACTED");
        assert_eq!(key().redact_text("s3cr3t&x"), "REDACTED");
    }

    #[test]
    fn debug_shows_the_name_not_the_key() {
        let shown = format!("{:?}", ApiKey::Query(key()));
        assert!(
            shown.contains("api_key") && !shown.contains("s3cr3t"),
            "{shown}"
        );
        let shown = format!(
            "{:?}",
            ApiKey::Header("X-Key".into(), Sensitive::new("s3cr3t".into()))
        );
        assert!(
            shown.contains("X-Key") && !shown.contains("s3cr3t"),
            "{shown}"
        );
    }
}
