//! The drift comparison on documents written for it.

use super::pair::percent_decode;
use super::*;

fn read(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// theirs.yaml differs from ours.yaml in the eight ways its header lists: the report has each
/// once, with both places, and nothing else (tests/upstream/expected.txt).
#[test]
fn known_differences_are_reported_once_each_with_both_places() {
    let differences = compare(
        &read("tests/upstream/ours.yaml"),
        &read("tests/upstream/theirs.yaml"),
    );
    expectorate::assert_contents("../tests/upstream/expected.txt", &render(&differences));
    assert_eq!(differences.len(), 8, "{}", render(&differences));
    let places: HashSet<_> = differences.iter().map(|d| (&d.ours, &d.theirs)).collect();
    assert_eq!(places.len(), differences.len(), "a place reported twice");
    // The shared `Key` schema is reached from three operations; its new property is one line.
    let created = differences
        .iter()
        .filter(|d| d.what.contains("created_at"))
        .count();
    assert_eq!(created, 1);
    // Each place is a real node of its document.
    let (ours, theirs) = (
        read("tests/upstream/ours.yaml"),
        read("tests/upstream/theirs.yaml"),
    );
    for d in &differences {
        for (doc, place) in [(&ours, &d.ours), (&theirs, &d.theirs)] {
            if let Some(place) = place {
                let node = place.trim_end_matches("/type").trim_end_matches("/enum");
                assert!(
                    doc.pointer(&percent_decode(node)).is_some(),
                    "no node at {place}: {d}"
                );
            }
        }
    }
}

#[test]
fn a_document_against_itself_has_no_difference() {
    for name in [
        "spec/digitalocean.yaml",
        "tests/upstream/ours.yaml",
        "tests/upstream/theirs.yaml",
    ] {
        let doc = read(name);
        assert_eq!(compare(&doc, &doc), Vec::new(), "{name}");
    }
}

#[test]
fn yaml_integer_keys_and_big_integers_are_read() {
    let doc =
        parse("responses:\n  200: {description: ok}\nmaximum: 18446744073709551616\n").unwrap();
    assert!(doc.pointer("/responses/200/description").is_some());
    assert!(doc["maximum"].is_f64());
}

#[test]
fn renamed_path_parameters_still_match() {
    assert_eq!(
        route_key("get", "/v2/keys/{key_id}/"),
        route_key("get", "/v2/keys/{id}")
    );
    assert_ne!(
        route_key("get", "/v2/keys/{id}"),
        route_key("put", "/v2/keys/{id}")
    );
}
