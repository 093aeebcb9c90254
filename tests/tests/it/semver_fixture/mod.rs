//! The spec the semver tests edit (`tests/semver/things.yaml`) and the edits, shared by
//! `semver.rs` (the xtask's classification) and `semver_checks.rs` (cargo-semver-checks).
// Each of the two test modules uses part of it.
#![allow(dead_code)]

use std::path::Path;

/// One edit of the fixture spec: the text replaced (present exactly once) and its replacement.
pub struct Edit {
    pub name: &'static str,
    pub from: &'static str,
    pub to: &'static str,
}

/// Additive edits: each must be a minor change.
pub const ADDITIVE: [Edit; 5] = [
    Edit {
        name: "a new optional response field",
        from: "        name: {type: string}\n        status:",
        to: "        name: {type: string}\n        region: {type: string}\n        status:",
    },
    Edit {
        name: "a new enum value",
        from: "enum: [PROVISIONING, ACTIVE]",
        to: "enum: [PROVISIONING, ACTIVE, ARCHIVED]",
    },
    Edit {
        name: "a new optional query parameter",
        from: "          schema: {type: integer}\n",
        to: "          schema: {type: integer}\n        - name: region\n          in: query\n          description: Only things in this region.\n          schema: {type: string}\n",
    },
    Edit {
        name: "a new optional request field",
        from: "      required: [name]\n      properties:\n        name: {type: string}\n",
        to: "      required: [name]\n      properties:\n        name: {type: string}\n        color: {type: string}\n",
    },
    Edit {
        name: "a new operation",
        from: "components:\n",
        to: "  /v2/things/{id}:\n    delete:\n      operationId: things_delete\n      tags: [Things]\n      summary: Delete a thing\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        \"204\": {description: deleted}\ncomponents:\n",
    },
];

/// Removing a response field: a major change.
pub const REMOVAL: Edit = Edit {
    name: "removing a response field",
    from: "        name: {type: string}\n        status:",
    to: "        status:",
};

/// Editing a description: a patch.
pub const DESCRIPTION: Edit = Edit {
    name: "a description edit",
    from: "description: A thing.",
    to: "description: A thing with a new description.",
};

/// The fixture spec's text.
pub fn base() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("semver/things.yaml");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

impl Edit {
    /// `spec` with this edit made; the anchor text must occur exactly once.
    pub fn apply(&self, spec: &str) -> String {
        assert_eq!(
            spec.matches(self.from).count(),
            1,
            "{}: the anchor text is not in the fixture exactly once",
            self.name
        );
        spec.replacen(self.from, self.to, 1)
    }
}

/// The generated files of `spec` (strict mode; any error fails the test).
pub fn generate(spec: &str) -> Vec<codegen::GeneratedFile> {
    let report = codegen::generate_with(
        spec,
        &codegen::Options {
            lenient: false,
            source: "tests/semver/things.yaml".to_owned(),
            ..Default::default()
        },
    );
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    report.files
}
