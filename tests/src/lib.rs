//! Shared helpers of the integration tests.
//!
//! - [`spec`] reads `spec/digitalocean.yaml` itself (independently of the generator): operations,
//!   paths, parameters, success statuses and seed examples.
//! - [`loopback`] answers canned responses on loopback and reports each request it read.
//! - [`mock`] serves every operation of the spec from a local wiremock server.
//! - [`calls`] is the table of the 32 calls the `tour` example makes, shared with the tests
//!   that walk every operation; [`tour`] looks calls up, checks a test's coverage and runs
//!   the example.

/// The `tour` example's table of calls, compiled here too so that the tests call exactly what
/// the example calls.
#[path = "../../generated/examples/tour/calls.rs"]
pub mod calls;
pub mod loopback;
pub mod mock;
pub mod prism;
pub mod spec;
pub mod tour;

/// The workspace README: `cargo test` compiles its Rust code blocks as doctests of this item,
/// so an example there that stops compiling fails the tests.
#[doc = include_str!("../../README.md")]
pub mod readme {}

#[cfg(test)]
mod self_tests {
    use super::spec;

    #[test]
    fn the_spec_has_32_operations_with_unique_ids() {
        let ops = spec::operations();
        assert_eq!(ops.len(), 32);
        let mut ids: Vec<&str> = ops.iter().map(|op| op.operation_id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 32);
    }

    #[test]
    fn path_templates_become_one_segment_regexes() {
        assert_eq!(
            spec::path_regex("/v2/account/keys/{ssh_key_identifier}"),
            "^/v2/account/keys/[^/]+$"
        );
        assert_eq!(
            spec::fill_path("/v2/a/{x}/b/{y}", &["1", "2%2F3"]),
            "/v2/a/1/b/2%2F3"
        );
    }

    #[test]
    fn examples_are_read_from_the_media_type() {
        let op = spec::operation("ssh_keys_create");
        assert_eq!(op.success_status, 201);
        assert_eq!(
            op.response_example.as_ref().unwrap()["ssh_key"]["id"],
            512189
        );
        assert_eq!(
            op.request_example.as_ref().unwrap()["name"],
            "My SSH Public Key"
        );
        let delete = spec::operation("vpc_nat_gateways_delete");
        assert_eq!(
            (delete.success_status, delete.success_has_body),
            (202, false)
        );
        let rule = spec::operation("security_create_scan_rule");
        assert_eq!((rule.success_status, rule.success_has_body), (201, false));
        assert_eq!(
            spec::operation("security_get_scan").query_params,
            ["severity", "per_page", "page", "type"]
        );
    }

    #[test]
    fn a_success_body_without_example_gets_one_from_the_schema() {
        let plan = spec::operation("security_update_settings_plan");
        assert!(!plan.response_example_is_seed);
        assert_eq!(
            plan.response_example.as_ref().unwrap()["tier_coverage"]["basic"]["tags"][0],
            "production"
        );
        assert!(spec::operation("vpc_peerings_get").response_example_is_seed);
    }
}
