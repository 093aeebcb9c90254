//! Setter and builder names: collisions with builder methods, parameters and other types are
//! resolved the same way on every run (the `setter_collisions` fixture, also snapshotted and
//! compiled by the tests crate).

use crate::ir::{Api, TypeKind};

const FIXTURE: &str = include_str!("../../../tests/fixtures/setter_collisions.yaml");

fn lowered(text: &str) -> Api {
    let loaded = crate::load::load_with(text, false).expect("fixture loads");
    let lowered = super::lower(&loaded.document, false);
    assert!(lowered.errors.is_empty(), "{:?}", lowered.errors);
    lowered.api
}

#[test]
fn body_setters_never_shadow_builder_methods_or_parameters() {
    let api = lowered(FIXTURE);
    let op = &api.tags["widgets"].operations[0];
    let params: Vec<&str> = op.params.iter().map(|p| p.rust_name.as_str()).collect();
    // `timeout` is not the generator's: the parameter's setter shadows the runtime's
    // `RequestOverrides::timeout`.
    assert_eq!(params, ["name", "timeout"]);
    let body = op.body.as_ref().unwrap();
    assert_eq!(body.builder.as_deref(), Some("WidgetBuilder2"));
    let setters: Vec<(&str, &str, bool)> = body
        .setters
        .iter()
        .map(|s| (s.wire_name.as_str(), s.method.as_str(), s.required))
        .collect();
    assert_eq!(
        setters,
        [
            ("body_name", "body_name", true),
            ("name", "body_name2", true),
            ("timeout", "body_timeout", false),
            ("send", "body_send", true),
            ("body", "body_body", false),
            ("build", "build", false),
            ("header", "header", false),
            ("set_build", "set_build", false),
        ]
    );
    // The model builder only reserves `build`; `set_build` is a property here, so `build` gets
    // `set_build2`.
    let TypeKind::Struct(widget) = &api.types["Widget"].kind else {
        panic!("Widget is a struct");
    };
    let model_setters: Vec<&str> = widget.fields.iter().map(|f| f.setter.as_str()).collect();
    assert_eq!(
        model_setters,
        [
            "body_name",
            "name",
            "timeout",
            "send",
            "body",
            "set_build2",
            "header",
            "set_build"
        ]
    );
    // Models named like the crate's own exports are renamed; the other builder keeps its name.
    assert!(api.types.contains_key("ErrorModel"));
    assert!(api.types.contains_key("ResponseModel"));
    assert!(!api.types.contains_key("Error"));
    let TypeKind::Struct(other) = &api.types["WidgetBuilder"].kind else {
        panic!("WidgetBuilder is a struct");
    };
    assert_eq!(other.builder, "WidgetBuilderBuilder");
    // Deterministic: the same names on a second run.
    assert_eq!(lowered(FIXTURE), api);
}

#[test]
fn bounds_and_read_only_fields() {
    let api = lowered(FIXTURE);
    let op = &api.tags["widgets"].operations[0];
    let timeout = &op.params[1];
    assert_eq!((timeout.minimum, timeout.maximum), (Some(1), Some(60)));
    let spec = include_str!("../../../spec/digitalocean.yaml");
    let api = lowered(spec);
    let create = api.tags["ssh_keys"]
        .operations
        .iter()
        .find(|o| o.operation_id == "ssh_keys_create")
        .unwrap();
    // `id` and `fingerprint` are read-only: no setters on the request, both still on the model.
    let setters: Vec<&str> = create
        .body
        .as_ref()
        .unwrap()
        .setters
        .iter()
        .map(|s| s.method.as_str())
        .collect();
    assert_eq!(setters, ["public_key", "name"]);
    let list = &api.tags["ssh_keys"].operations[0];
    let per_page = list
        .params
        .iter()
        .find(|p| p.wire_name == "per_page")
        .unwrap();
    assert_eq!((per_page.minimum, per_page.maximum), (Some(1), Some(200)));
}
