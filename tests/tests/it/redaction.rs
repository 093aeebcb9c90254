//! Secrets never reach `Debug` output.
//!
//! - Every type of `generated/src/auto/models.rs` is filled from its spec schema with marker
//!   strings (secrets, i.e. anything under `x-sensitive: true`, get a SECRET marker), decoded into
//!   the generated type, and its `{:?}` / `{:#?}` must show every ordinary marker and never the
//!   secret one, while serialising it back gives the very same JSON (so `Sensitive` still sends
//!   the real value). A type added to models.rs without a case here fails the test.
//! - The client, its builder, request builders, responses, page streams and errors never show
//!   the token, nor a secret's values.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;

use digitalocean_client::models;
use digitalocean_client::{Client, Error, Sensitive};
use futures::StreamExt;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use tests::{mock, spec};

/// Every secret value and key in the instances starts with this.
const SECRET: &str = "SECRET-5f3c9a1e";
/// Every ordinary string in the instances starts with this.
const MARKER: &str = "marker-";
/// The value of every property no spec names (which each model keeps in `extra`): it may be a
/// secret, so `Debug` shows only its key.
const UNKNOWN_VALUE: &str = "UNKNOWN-VALUE-2b7e";
/// The key of every property no spec names; `Debug` shows it.
const UNKNOWN_KEY: &str = "unknown-key-";
/// The API token of the clients in these tests.
const TOKEN: &str = "dop_v1_TOKEN-MARKER-7c1d42";

// ---------------------------------------------------------------------------------------------
// Where each model's schema is in the spec.

/// A schema in the spec: a component, an operation's request or 2xx response body, then a
/// path of keys below it (`$ref`s are followed at every step).
#[derive(Clone, Copy, Debug)]
struct Location {
    base: Base,
    path: &'static [&'static str],
}

#[derive(Clone, Copy, Debug)]
enum Base {
    Component(&'static str),
    Request(&'static str),
    Response(&'static str),
}

const fn component(name: &'static str) -> Location {
    Location {
        base: Base::Component(name),
        path: &[],
    }
}

const fn request(operation_id: &'static str) -> Location {
    Location {
        base: Base::Request(operation_id),
        path: &[],
    }
}

const fn response(operation_id: &'static str) -> Location {
    Location {
        base: Base::Response(operation_id),
        path: &[],
    }
}

const fn below(location: Location, path: &'static [&'static str]) -> Location {
    Location {
        base: location.base,
        path,
    }
}

fn operation_object(operation_id: &str) -> &'static Value {
    let doc = spec::document();
    doc["paths"]
        .as_object()
        .expect("the spec has paths")
        .values()
        .flat_map(|item| item.as_object().into_iter().flat_map(|m| m.values()))
        .find(|op| op.get("operationId").and_then(Value::as_str) == Some(operation_id))
        .unwrap_or_else(|| panic!("the spec has no operation {operation_id}"))
}

fn json_schema(holder: &'static Value) -> &'static Value {
    let doc = spec::document();
    let holder = spec::resolve(doc, holder);
    spec::resolve(doc, &holder["content"]["application/json"]["schema"])
}

fn schema_at(location: Location) -> &'static Value {
    let doc = spec::document();
    let mut schema = match location.base {
        Base::Component(name) => &doc["components"]["schemas"][name],
        Base::Request(op) => json_schema(&operation_object(op)["requestBody"]),
        Base::Response(op) => {
            let responses = operation_object(op)["responses"]
                .as_object()
                .expect("responses");
            let (_, success) = responses
                .iter()
                .find(|(status, _)| status.starts_with('2'))
                .unwrap_or_else(|| panic!("{op} has no 2xx response"));
            json_schema(success)
        }
    };
    for key in location.path {
        schema = &spec::resolve(doc, schema)[*key];
    }
    let schema = spec::resolve(doc, schema);
    assert!(
        schema.is_object(),
        "no schema at {location:?} (did the spec move?)"
    );
    schema
}

// ---------------------------------------------------------------------------------------------
// Instances: every string a marker, every secret a SECRET marker.

const UUID: &str = "5a4981aa-9653-4bd1-bef5-d6bff52042e4";
const DATE_TIME: &str = "2024-01-09T20:44:32Z";

/// An instance of `schema` with every property filled, strings as markers named after their
/// place (`marker-scan.findings[].name`), secrets (`x-sensitive`) as SECRET markers.
fn instance(schema: &Value, place: &str, secret: bool) -> Value {
    let doc = spec::document();
    let schema = spec::resolve(doc, schema);
    let secret = secret || schema.get("x-sensitive") == Some(&Value::Bool(true));
    let text = |what: &str| {
        if secret {
            format!("{SECRET}-{place}{what}")
        } else {
            format!("{MARKER}{place}{what}")
        }
    };
    if let Some(alternatives) = schema.get("oneOf").or_else(|| schema.get("anyOf")) {
        return instance(&alternatives[0], place, secret);
    }
    if let Some(values) = schema.get("enum") {
        return values[0].clone();
    }
    let kind = schema
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_else(|| {
            if schema.get("properties").is_some() || schema.get("additionalProperties").is_some() {
                "object"
            } else {
                panic!("no type at {place}: {schema}")
            }
        });
    match kind {
        "object" => {
            let mut object = Map::new();
            if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
                for (name, property) in properties {
                    let place = if place.is_empty() {
                        name.clone()
                    } else {
                        format!("{place}.{name}")
                    };
                    object.insert(name.clone(), instance(property, &place, secret));
                }
                // A property no spec names, kept by the model in `extra`.
                if !properties.is_empty() {
                    object.insert(
                        format!("{UNKNOWN_KEY}{place}"),
                        json!({ "nested": format!("{UNKNOWN_VALUE}-{place}") }),
                    );
                }
            }
            match schema.get("additionalProperties") {
                Some(values @ Value::Object(map)) if !map.is_empty() => {
                    let value = instance(values, &format!("{place}{{}}"), secret);
                    object.insert(text("{key}"), value);
                }
                // A free-form object (`type: object` alone, `additionalProperties: true` or
                // `{}`): one string entry.
                _ if object.is_empty() => {
                    object.insert(text("{key}"), Value::String(text("{value}")));
                }
                _ => {}
            }
            Value::Object(object)
        }
        "array" => Value::Array(vec![instance(
            &schema["items"],
            &format!("{place}[]"),
            secret,
        )]),
        "string" => match schema.get("format").and_then(Value::as_str) {
            Some("uuid") => json!(UUID),
            Some("date-time") => json!(DATE_TIME),
            _ => Value::String(text("")),
        },
        "integer" => json!(7),
        "number" => json!(1.5),
        "boolean" => json!(true),
        other => panic!("unexpected type {other} at {place}"),
    }
}

fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => {
            for (key, v) in map {
                out.push(key.clone());
                strings(v, out);
            }
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// The check of one type.

/// What checking one type found.
struct Checked {
    name: &'static str,
    secrets: usize,
    markers: usize,
}

fn check<T: DeserializeOwned + Serialize + Debug>(name: &'static str, instance: &Value) -> Checked {
    let value: T = serde_json::from_value(instance.clone())
        .unwrap_or_else(|e| panic!("{name} does not decode its spec instance {instance}: {e}"));
    let debug = format!("{value:?}");
    let pretty = format!("{value:#?}");
    for output in [&debug, &pretty] {
        assert!(
            !output.contains(SECRET),
            "Debug of {name} shows a secret: {output}"
        );
    }
    let mut all = Vec::new();
    strings(instance, &mut all);
    let markers: Vec<&String> = all.iter().filter(|s| s.starts_with(MARKER)).collect();
    for marker in &markers {
        assert!(
            debug.contains(marker.as_str()) && pretty.contains(marker.as_str()),
            "Debug of {name} hides the ordinary value {marker:?}: {debug}"
        );
    }
    for output in [&debug, &pretty] {
        assert!(
            !output.contains(UNKNOWN_VALUE),
            "Debug of {name} shows the value of an unknown property: {output}"
        );
    }
    for key in all.iter().filter(|s| s.starts_with(UNKNOWN_KEY)) {
        assert!(
            debug.contains(key.as_str()),
            "Debug of {name} does not name the unknown property {key:?}: {debug}"
        );
    }
    let secrets = all.iter().filter(|s| s.starts_with(SECRET)).count();
    if secrets > 0 {
        assert!(
            debug.contains("[REDACTED]"),
            "{name} holds a secret but its Debug does not say it is redacted: {debug}"
        );
    }
    let back = serde_json::to_value(&value).unwrap();
    assert_eq!(
        back, *instance,
        "{name} does not serialise back to the JSON it was decoded from"
    );
    Checked {
        name,
        secrets,
        markers: markers.len(),
    }
}

struct Case {
    name: &'static str,
    location: Location,
    check: fn(&'static str, &Value) -> Checked,
}

macro_rules! cases {
    ($($ty:ident => $location:expr),* $(,)?) => {
        fn cases() -> Vec<Case> {
            vec![$(Case {
                name: stringify!($ty),
                location: $location,
                check: check::<models::$ty>,
            }),*]
        }
    };
}

cases! {
    AffectedResource => component("affected_resource"),
    ErrorModel => component("error"),
    LinkPages => component("link_pages"),
    Meta => component("meta"),
    PageLinks => component("page_links"),
    PlanDowngrades => component("plan_downgrades"),
    Scan => component("scan"),
    ScanFinding => component("scan_finding"),
    ScanFindingSeverity => component("scan_finding_severity"),
    ScanMitigationStep => component("scan_mitigation_step"),
    ScanSettings => component("scan_settings"),
    ScanStatus => below(component("scan"), &["properties", "status"]),
    Secret => component("secret"),
    SecretVersion => component("secret_version"),
    SecretWriteResult => component("secret_write_result"),
    SecurityCreateScanResponse => response("security_create_scan"),
    SecurityCreateScanRuleRequest => request("security_create_scan_rule"),
    SecurityCreateSecretRequest => request("security_create_secret"),
    SecurityCreateSuppressionRequest => request("security_create_suppression"),
    SecurityGetLatestScanResponse => response("security_get_latest_scan"),
    SecurityGetScanResponse => response("security_get_scan"),
    SecurityListScanFindingAffectedResourcesResponse =>
        response("security_list_scan_finding_affected_resources"),
    SecurityListScansResponse => response("security_list_scans"),
    SecurityListSecretVersionsResponse => response("security_list_secret_versions"),
    SecurityListSecretsResponse => response("security_list_secrets"),
    SecuritySettings => component("security_settings"),
    SecurityUpdateSecretRequest => request("security_update_secret"),
    SecurityUpdateSettingsPlanRequest => request("security_update_settings_plan"),
    SecurityUpdateSettingsPlanResponse => response("security_update_settings_plan"),
    SshKey => component("ssh_key"),
    SshKeyIdentifier => component("ssh_key_identifier"),
    SshKeyResponse => component("ssh_key_response"),
    SshKeysListResponse => response("ssh_keys_list"),
    SshKeysUpdateRequest => request("ssh_keys_update"),
    Suppression => component("suppression"),
    SuppressionList => component("suppression_list"),
    TierCoverage => component("tier_coverage"),
    TierCoverageEntry => component("tier_coverage_entry"),
    VpcNatGateway => component("vpc_nat_gateway"),
    VpcNatGatewayEgresses => below(component("vpc_nat_gateway"), &["properties", "egresses"]),
    VpcNatGatewayEgressesPublicGatewaysItem => below(
        component("vpc_nat_gateway"),
        &["properties", "egresses", "properties", "public_gateways", "items"],
    ),
    VpcNatGatewayResponse => component("vpc_nat_gateway_response"),
    VpcNatGatewayVpc => component("vpc_nat_gateway_vpc"),
    VpcNatGatewayState => below(component("vpc_nat_gateway"), &["properties", "state"]),
    VpcNatGatewayType => below(component("vpc_nat_gateway"), &["properties", "type"]),
    VpcNatGatewaysListResponse => response("vpc_nat_gateways_list"),
    VpcNatGatewaysUpdateRequest => request("vpc_nat_gateways_update"),
    VpcPeering => component("vpc_peering"),
    VpcPeeringResponse => component("vpc_peering_response"),
    VpcPeeringStatus => below(component("vpc_peering"), &["properties", "status"]),
    VpcPeeringsListResponse => response("vpc_peerings_list"),
    VpcPeeringsPatchRequest => request("vpc_peerings_patch"),
}

/// The names of the `pub struct`, `pub enum` and `pub type` items of the generated models.
fn generated_model_names() -> BTreeSet<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../generated/src/auto/models.rs"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    text.lines()
        .filter_map(|line| {
            let rest = line
                .trim_start()
                .strip_prefix("pub struct ")
                .or_else(|| line.trim_start().strip_prefix("pub enum "))
                .or_else(|| line.trim_start().strip_prefix("pub type "))?;
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            Some(name)
        })
        .collect()
}

#[test]
fn every_model_type_has_a_redaction_case() {
    let generated = generated_model_names();
    assert!(
        generated.len() >= 40,
        "models.rs looks truncated: {generated:?}"
    );
    // A model's builder (`<Model>Builder`) holds the same field types, so `Sensitive` fields stay
    // redacted in it (checked in `secret_values_are_redacted_in_debug_but_serialised_and_exposed`).
    let generated: BTreeSet<String> = generated
        .iter()
        .filter(|name| {
            !name
                .strip_suffix("Builder")
                .is_some_and(|model| generated.contains(model))
        })
        .cloned()
        .collect();
    let covered: BTreeSet<String> = cases().iter().map(|c| c.name.to_owned()).collect();
    let missing: Vec<&String> = generated.difference(&covered).collect();
    let stale: Vec<&String> = covered.difference(&generated).collect();
    assert!(
        missing.is_empty(),
        "model types without a case in tests/tests/it/redaction.rs: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "cases for types models.rs no longer has: {stale:?}"
    );
    assert_eq!(cases().len(), generated.len());
}

#[test]
fn no_model_debug_shows_a_secret_and_every_model_round_trips() {
    let results: Vec<Checked> = cases()
        .iter()
        .map(|case| {
            let value = instance(schema_at(case.location), "", false);
            (case.check)(case.name, &value)
        })
        .collect();
    let with_secrets: BTreeSet<&str> = results
        .iter()
        .filter(|r| r.secrets > 0)
        .map(|r| r.name)
        .collect();
    // The spec marks Secrets Manager `values` sensitive in these four bodies; if none carried a
    // secret the test would prove nothing.
    for name in [
        "Secret",
        "SecurityCreateSecretRequest",
        "SecurityUpdateSecretRequest",
        "SecurityListSecretsResponse",
    ] {
        assert!(
            with_secrets.contains(name),
            "{name} got no secret marker: {with_secrets:?}"
        );
    }
    // Markers really were checked, not just absent.
    let markers: usize = results.iter().map(|r| r.markers).sum();
    assert!(markers > 100, "only {markers} markers checked");
}

#[test]
fn secret_values_are_redacted_in_debug_but_serialised_and_exposed() {
    let body = json!({
        "name": "marker-name",
        "region": "nyc3",
        "values": { "DB_PASSWORD": format!("{SECRET}-password") },
    });
    let request: models::SecurityCreateSecretRequest =
        serde_json::from_value(body.clone()).unwrap();
    assert_eq!(
        request.values.expose()["DB_PASSWORD"],
        format!("{SECRET}-password")
    );
    assert!(!format!("{request:?}").contains(SECRET));
    assert!(format!("{request:#?}").contains("values: [REDACTED]"));
    // Its builder, filled from the model or by a setter, keeps the value hidden too.
    let builder = models::SecurityCreateSecretRequestBuilder::from(request.clone());
    assert!(!format!("{builder:?}").contains(SECRET));
    assert!(format!("{builder:?}").contains("[REDACTED]"));
    let builder = models::SecurityUpdateSecretRequest::builder().values(BTreeMap::from([(
        "K".to_owned(),
        format!("{SECRET}-update"),
    )]));
    assert!(!format!("{builder:?}").contains(SECRET));
    assert_eq!(
        models::SecurityCreateSecretRequestBuilder::from(request.clone())
            .build()
            .unwrap(),
        request
    );
    assert!(
        serde_json::to_string(&request)
            .unwrap()
            .contains(&format!("{SECRET}-password"))
    );
    let wrapped = Sensitive::new(format!("{SECRET}-plain"));
    assert_eq!(format!("{wrapped:?}"), "[REDACTED]");
    assert_eq!(format!("{wrapped:#?}"), "[REDACTED]");
}

#[test]
fn unknown_enum_values_and_the_string_identifier_round_trip() {
    for (status, expected) in [
        ("ACTIVE", models::VpcPeeringStatus::Active),
        (
            "marker-REBOOTING",
            models::VpcPeeringStatus::from("marker-REBOOTING"),
        ),
    ] {
        let decoded: models::VpcPeeringStatus = serde_json::from_value(json!(status)).unwrap();
        assert_eq!(decoded, expected);
        assert_eq!(serde_json::to_value(&decoded).unwrap(), json!(status));
        if let models::VpcPeeringStatus::Unknown(_) = decoded {
            assert!(format!("{decoded:?}").contains(status));
        }
    }
    let id: models::SshKeyIdentifier = serde_json::from_value(json!("marker-fingerprint")).unwrap();
    assert_eq!(
        id,
        models::SshKeyIdentifier::String("marker-fingerprint".into())
    );
    assert!(format!("{id:?}").contains("marker-fingerprint"));
}

// ---------------------------------------------------------------------------------------------
// The token.

fn assert_no_token(what: &str, value: &impl Debug) {
    for output in [format!("{value:?}"), format!("{value:#?}")] {
        assert!(
            !output.contains("TOKEN-MARKER"),
            "Debug of {what} shows the token: {output}"
        );
        assert!(
            !output.contains(SECRET),
            "Debug of {what} shows a secret: {output}"
        );
    }
}

fn client_for(base_url: &str) -> Client {
    Client::builder()
        .token(TOKEN)
        .base_url(base_url)
        .build()
        .unwrap()
}

#[test]
fn client_and_client_builder_debug_never_show_the_token() {
    let builder = Client::builder()
        .token(TOKEN)
        .base_url("http://127.0.0.1:9");
    assert_no_token("ClientBuilder", &builder);
    let client = builder.build().unwrap();
    assert_no_token("Client", &client);
    assert!(format!("{client:?}").contains("127.0.0.1:9"));
    assert_no_token("Client::new", &Client::new(TOKEN));
    assert_no_token("vpc_peerings()", &client.vpc_peerings());
    assert_no_token("ssh_keys().list()", &client.ssh_keys().list());
    // The default base URL is shown; a bare Sensitive shows only the marker.
    let shown = format!("{:?}", Client::builder().token(TOKEN).build().unwrap());
    assert!(shown.contains("https://api.digitalocean.com"), "{shown}");
    assert_no_token("Client with the default base URL", &shown);
    assert_eq!(format!("{:?}", Sensitive::new(TOKEN)), "[REDACTED]");
}

#[test]
fn api_keys_never_show_in_debug() {
    for builder in [
        Client::builder().api_key_header("X-API-Key", TOKEN),
        Client::builder().api_key_query("api_key", TOKEN),
    ] {
        assert_no_token("ClientBuilder with an API key", &builder);
        let shown = format!("{builder:?}");
        assert!(
            shown.contains("api_key") || shown.contains("X-API-Key"),
            "{shown}"
        );
        let client = builder.base_url("http://127.0.0.1:9").build().unwrap();
        assert_no_token("Client with an API key", &client);
        assert_no_token("ssh_keys().list()", &client.ssh_keys().list());
        assert_no_token("Pages", &client.ssh_keys().list().pages());
    }
}

fn secret_marker_values() -> Sensitive<std::collections::BTreeMap<String, String>> {
    Sensitive::new([("API_KEY".to_owned(), format!("{SECRET}-api-key"))].into())
}

#[tokio::test]
async fn responses_pages_items_builders_and_errors_never_show_the_token_or_secrets() {
    let secret_body = json!({
        "secret": "marker-db",
        "region": "nyc3",
        "version": 3,
        "values": { "PASSWORD": format!("{SECRET}-password") },
    });
    let secrets_page = json!({
        "secrets": [secret_body.clone()],
        "links": {},
        "meta": { "total": 1 },
    });
    let server = mock::mock_all_operations_with(&[
        ("security_get_secret", secret_body),
        ("security_list_secrets", secrets_page),
    ])
    .await;
    let client = client_for(&server.uri());
    let peering_id: uuid::Uuid = UUID.parse().unwrap();

    let peering = client.vpc_peerings().get(peering_id).send().await.unwrap();
    assert_no_token("Response<VpcPeeringResponse>", &peering);
    assert_no_token("ResponseMeta", peering.meta());
    let keys = client.ssh_keys().list().send().await.unwrap();
    assert_no_token("Response<SshKeysListResponse>", &keys);
    let gateway = client.vpc_nat_gateways().list().send().await.unwrap();
    assert_no_token("Response<VpcNatGatewaysListResponse>", &gateway);
    let deleted = client.ssh_keys().delete(512190).send().await.unwrap();
    assert_no_token("Response<()>", &deleted);
    let scan = client.security().get_latest_scan().send().await.unwrap();
    assert_no_token("Response<SecurityGetLatestScanResponse>", &scan);

    let secret = client
        .security()
        .get_secret("marker-db")
        .send()
        .await
        .unwrap();
    assert_no_token("Response<Secret>", &secret);
    assert_eq!(
        secret.values.as_ref().unwrap().expose()["PASSWORD"],
        format!("{SECRET}-password"),
        "the secret was decoded, only hidden from Debug"
    );
    let secrets = client.security().list_secrets().send().await.unwrap();
    assert_no_token("Response<SecurityListSecretsResponse>", &secrets);

    let create = client
        .security()
        .create_secret()
        .name("marker-db")
        .region("nyc3")
        .values(secret_marker_values());
    assert_no_token("SecurityCreateSecret builder", &create);
    let written = create.send().await.unwrap();
    assert_no_token("Response<SecretWriteResult>", &written);

    let mut pages = client.ssh_keys().list().pages();
    assert_no_token("Pages", &pages);
    let page = pages.next().await.unwrap().unwrap();
    assert_no_token("a page", &page);
    let mut items = client.vpc_peerings().list().items();
    assert_no_token("Items", &items);
    let item = items.next().await.unwrap().unwrap();
    assert_no_token("an item", &item);

    // The token really was sent, so its absence above means something.
    let requests = server.received_requests().await.unwrap();
    assert!(!requests.is_empty());
    for request in &requests {
        assert_eq!(
            mock::header(request, "authorization"),
            Some(format!("Bearer {TOKEN}").as_str())
        );
    }

    let refusing =
        mock::mock_error_for_all(401, "unauthorized", "Unable to authenticate you.").await;
    let client = client_for(&refusing.uri());
    let error = client
        .vpc_peerings()
        .get(peering_id)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Api(api) if api.status == 401),
        "{error:?}"
    );
    assert_no_token("Error::Api", &error);
    assert!(!error.to_string().contains("TOKEN-MARKER"));
    let error = client
        .ssh_keys()
        .list()
        .items()
        .next()
        .await
        .unwrap()
        .unwrap_err();
    assert_no_token("Error from Items", &error);
}
