//! The client profile (`ir::ClientProfile`, the runtime's `ApiProfile`): what the generated
//! client tells the runtime about its API, decided from the document's servers and extensions
//! (`load/client.rs`) and the generator's [`ClientOptions`](crate::ClientOptions).

use crate::ClientOptions;
use crate::ir::ClientProfile;
use crate::load::ClientConventions;

/// The crate name doc examples use when the options give none.
pub const DEFAULT_CRATE_NAME: &str = "api_client";

/// The profile the document declares.
pub(super) fn profile(conventions: &ClientConventions) -> ClientProfile {
    ClientProfile {
        crate_name: DEFAULT_CRATE_NAME.to_owned(),
        user_agent: None,
        default_base_url: conventions.default_base_url.clone(),
        token_variables: conventions.token_variables.clone(),
        base_url_variable: conventions.base_url_variable.clone(),
        rate_limit_headers: conventions.rate_limit_headers.clone(),
        page_size: conventions.pagination.as_ref().and_then(|paging| {
            paging
                .max_page_size
                .map(|max| (paging.page_size.clone(), max))
        }),
    }
}

/// The generator's options over the document: the crate's name, a user agent, and environment variables (which
/// replace the document's when given).
pub fn apply_options(profile: &mut ClientProfile, options: &ClientOptions) {
    if let Some(name) = &options.crate_name {
        profile.crate_name = name.replace('-', "_");
    }
    if let Some(user_agent) = &options.user_agent {
        profile.user_agent = Some(user_agent.clone());
    }
    if !options.token_variables.is_empty() {
        profile.token_variables = options.token_variables.clone();
    }
    if let Some(variable) = &options.base_url_variable {
        profile.base_url_variable = Some(variable.clone());
    }
}
