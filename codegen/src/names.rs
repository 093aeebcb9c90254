//! The one place that turns spec names into Rust identifiers.
//!
//! Every identifier the generator prints comes from [`type_name`] or [`snake_name`]; wire names
//! are kept separately for serde and for the HTTP request.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be used as plain identifiers in edition 2024.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot even be raw identifiers; they get a trailing underscore instead.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Replaces everything that is not an ASCII letter or digit with a space, so heck sees word
/// boundaries and the result is plain ASCII.
fn ascii_words(raw: &str) -> String {
    let spaced: Vec<char> = raw
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    join_acronym_plurals(&spaced)
}

/// Keeps a plural acronym one word: `VPCs` -> `Vpcs`, `FloatingIPs` -> `FloatingIps`, where
/// heck alone would split before the last capital (`vp_cs`, `floating_i_ps`).
fn join_acronym_plurals(chars: &[char]) -> String {
    let mut out: Vec<char> = chars.to_vec();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_uppercase() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_uppercase() {
            i += 1;
        }
        let run = i - start;
        let plural_s = chars.get(i) == Some(&'s')
            && chars
                .get(i + 1)
                .is_none_or(|next| !next.is_ascii_lowercase() && !next.is_ascii_digit());
        if run >= 2 && plural_s {
            for c in &mut out[start + 1..i] {
                *c = c.to_ascii_lowercase();
            }
        }
    }
    out.into_iter().collect()
}

/// Names the client crate exports at its root (the runtime's types, the foreign types and traits
/// it re-exports, and the generated `Client`). A model named like one of them would be
/// ambiguous for a user who glob-imports both the crate and `models`, so [`model_name`] renames
/// it. `tests/tests/it/root_exports.rs` reads `generated/src/lib.rs` and fails when this list and
/// the crate root disagree.
pub const ROOT_EXPORTS: &[&str] = &[
    "ApiError",
    "Bytes",
    "Client",
    "ClientBuilder",
    "CustomRequest",
    "DateTime",
    "DecodeError",
    "Error",
    "FilePart",
    "Items",
    "Pages",
    "Paginated",
    "RateLimit",
    "RateLimitedError",
    "RequestOptions",
    "RequestOverrides",
    "Response",
    "ResponseMeta",
    "RetryPolicy",
    "Sensitive",
    "StreamExt",
    "TryStreamExt",
    "Utc",
    "UnknownFields",
    "UnknownValue",
    "Uuid",
    "WaitOptions",
];

/// The Rust name of a model: `type_name`, with `Model` appended when that would shadow a name
/// the crate root exports (`error` -> `ErrorModel`, not a second `Error`) or a name of Rust's
/// prelude the generated code uses unqualified (`Result` -> `ResultModel`).
pub fn model_name(raw: &str) -> String {
    let name = type_name(raw);
    if ROOT_EXPORTS.contains(&name.as_str()) || PRELUDE.contains(&name.as_str()) {
        format!("{name}Model")
    } else {
        name
    }
}

/// Module names the generator itself uses, in the generated code's root module: `models` (the
/// models module) and `mod` (its file would be the root's `mod.rs`). Nothing else can clash
/// there: the runtime is a crate of its own reached as `crate::runtime`, and the tag accessors
/// are the only inherent methods of the generated `Operations` type, so no runtime name needs
/// to be kept out of the generated names.
pub const RESERVED_MODULES: &[&str] = &["models", "mod"];

/// The names of Rust's prelude that generated code writes unqualified (`Option<String>`,
/// `Ok(..)`, `Into<..>`): an item of the same name in a generated module would shadow them
/// there, and in the code of a user who glob-imports `models`, so models ([`model_name`]), tag
/// structs (`tag_struct_name`) and builders (`builder_name`) never take one.
pub const PRELUDE: &[&str] = &[
    "AsRef", "Box", "Clone", "Default", "Err", "From", "Into", "None", "Ok", "Option", "Result",
    "Some", "String", "ToOwned", "Vec",
];

/// The `UpperCamelCase` name of a tag's struct (`ssh_keys` -> `SshKeys`), never one of the
/// [`PRELUDE`] names its module uses (`result` -> `ResultOperations`).
pub fn tag_struct_name(tag: &str) -> String {
    let name = type_name(tag);
    if PRELUDE.contains(&name.as_str()) {
        format!("{name}Operations")
    } else {
        name
    }
}

/// The `UpperCamelCase` name of an operation's builder (`ssh_keys_list` -> `SshKeysList`),
/// never one of the [`PRELUDE`] names its module uses (`clone` -> `CloneBuilder`).
pub fn builder_name(operation_id: &str) -> String {
    let name = type_name(operation_id);
    if PRELUDE.contains(&name.as_str()) {
        format!("{name}Builder")
    } else {
        name
    }
}

/// True when `word` needs escaping to be used as an identifier.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if is_keyword(&name) {
        format!("r#{name}")
    } else {
        name
    }
}

/// An `UpperCamelCase` type or variant name for `raw`; never empty, never starts with a digit.
pub fn type_name(raw: &str) -> String {
    let mut name = ascii_words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = "Empty".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("V{name}");
    }
    escape_keyword(name)
}

/// A `snake_case` field, method, parameter or module name for `raw`; keywords become raw
/// identifiers (`r#type`) or get a trailing underscore (`self_`).
pub fn snake_name(raw: &str) -> String {
    let mut name = ascii_words(raw).to_snake_case();
    if name.is_empty() {
        name = "empty".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("_{name}");
    }
    escape_keyword(name)
}

/// A `snake_case` name usable as a file and module name (no raw identifiers).
pub fn module_name(raw: &str) -> String {
    let name = snake_name(raw);
    match name.strip_prefix("r#") {
        Some(bare) => format!("{bare}_"),
        None if CLIENT_METHODS.contains(&name.as_str()) => format!("{name}_"),
        None => name,
    }
}

/// The inherent functions the client crate's root adds to the generated `Client`
/// (`generated/src/lib.rs`): the constructors and the runtime methods users call on the client.
/// A tag's module, whose name is also its accessor on `Client`, never takes one (`base_url` ->
/// `base_url_`), so the two impls cannot define the same name.
pub const CLIENT_METHODS: &[&str] = &["new", "builder", "from_env", "request", "base_url"];

/// The identifier without a leading `r#`, for building longer names from it.
pub fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_are_upper_camel() {
        assert_eq!(type_name("vpc_peering"), "VpcPeering");
        assert_eq!(type_name("link pages"), "LinkPages");
        assert_eq!(type_name("sshKey"), "SshKey");
        assert_eq!(type_name("ACTIVE"), "Active");
    }

    #[test]
    fn digits_and_empties_are_fixed() {
        assert_eq!(type_name("2fa"), "V2fa");
        assert_eq!(type_name(""), "Empty");
        assert_eq!(type_name("+"), "Empty");
        assert_eq!(snake_name("2fa"), "_2fa");
        assert_eq!(snake_name("---"), "empty");
    }

    #[test]
    fn keywords_become_raw_or_underscored() {
        assert_eq!(snake_name("type"), "r#type");
        assert_eq!(snake_name("async"), "r#async");
        assert_eq!(snake_name("gen"), "r#gen");
        assert_eq!(snake_name("self"), "self_");
        assert_eq!(snake_name("Self"), "self_");
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(module_name("type"), "type_");
        assert_eq!(module_name("Base URL"), "base_url_");
        assert_eq!(module_name("new"), "new_");
        assert_eq!(bare("r#type"), "type");
    }

    #[test]
    fn punctuation_and_case_are_word_boundaries() {
        assert_eq!(snake_name("vpcPeeringId"), "vpc_peering_id");
        assert_eq!(snake_name("foo.bar-baz qux"), "foo_bar_baz_qux");
        assert_eq!(snake_name("@type"), "r#type");
        assert_eq!(snake_name("größe"), "gr_e");
        assert_eq!(snake_name("VPC Peerings"), "vpc_peerings");
    }

    #[test]
    fn plural_acronyms_stay_one_word() {
        assert_eq!(snake_name("VPCs"), "vpcs");
        assert_eq!(snake_name("FloatingIPs"), "floating_ips");
        assert_eq!(snake_name("listVPCsByRegion"), "list_vpcs_by_region");
        assert_eq!(type_name("VPCs"), "Vpcs");
        assert_eq!(snake_name("IDs"), "ids");
        assert_eq!(snake_name("HTTPServer"), "http_server");
    }
}
