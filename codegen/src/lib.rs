//! Turns an OpenAPI document into the Rust modules of `digitalocean-client`.
