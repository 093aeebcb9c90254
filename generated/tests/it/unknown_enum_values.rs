//! An enum value this version of the client does not know is heard: decoding it through a
//! generated model emits one `tracing` warn event naming the enum and the value, the first time
//! only; a known value, or text converted by the user, emits nothing.

use std::fmt;
use std::sync::{Arc, Mutex};

use digitalocean_client::models::{VpcPeering, VpcPeeringStatus};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

/// The `type_name` and `value` fields of every warn event.
#[derive(Clone, Default)]
struct Warnings(Arc<Mutex<Vec<(String, String)>>>);

struct Fields(String, String);

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "type_name" => self.0 = value.to_owned(),
            "value" => self.1 = value.to_owned(),
            _ => {}
        }
    }

    fn record_debug(&mut self, _: &Field, _: &dyn fmt::Debug) {}
}

impl Subscriber for Warnings {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        if *event.metadata().level() == Level::WARN {
            let mut fields = Fields(String::new(), String::new());
            event.record(&mut fields);
            self.0.lock().unwrap().push((fields.0, fields.1));
        }
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

fn peering(status: &str) -> VpcPeering {
    serde_json::from_value(serde_json::json!({
        "name": "p", "vpc_ids": [], "status": status
    }))
    .expect("decodes")
}

#[test]
fn an_unknown_value_is_reported_once_per_process_and_value() {
    let warnings = Warnings::default();
    let decoded = tracing::subscriber::with_default(warnings.clone(), || {
        let mut decoded = Vec::new();
        for status in ["PAUSED", "ACTIVE", "PAUSED", "RESUMING", "PAUSED"] {
            decoded.push(peering(status).status.expect("status"));
        }
        // Text a user converts is not a value the server sent: nothing is reported.
        let typed = VpcPeeringStatus::from("TYPED_BY_A_USER");
        assert_eq!(typed.as_str(), "TYPED_BY_A_USER");
        decoded
    });
    assert_eq!(
        *warnings.0.lock().unwrap(),
        [
            ("VpcPeeringStatus".to_owned(), "PAUSED".to_owned()),
            ("VpcPeeringStatus".to_owned(), "RESUMING".to_owned()),
        ]
    );
    // Every decode kept the value, reported or not, and a known text is its variant.
    let texts: Vec<&str> = decoded.iter().map(VpcPeeringStatus::as_str).collect();
    assert_eq!(texts, ["PAUSED", "ACTIVE", "PAUSED", "RESUMING", "PAUSED"]);
    assert_eq!(decoded[1], VpcPeeringStatus::Active);
    assert!(matches!(decoded[0], VpcPeeringStatus::Unknown(_)));
}
