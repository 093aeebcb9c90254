//! Models and open enums are `#[non_exhaustive]`, so a property or value added to the spec is not
//! a breaking change: a model cannot be written as a struct literal (it is built with
//! `builder()`), and an enum's unknown value cannot be made from a string, so
//! `Unknown("ACTIVE")` can never stand in for `Active` (`VpcPeeringStatus::from("ACTIVE")` is
//! `Active`).
use digitalocean_client::models::{SshKey, VpcPeeringStatus};

fn main() {
    let _ = SshKey {
        id: None,
        fingerprint: None,
        public_key: "ssh-ed25519 AAAA".to_owned(),
        name: "laptop".to_owned(),
        extra: Default::default(),
    };
    let _ = VpcPeeringStatus::Unknown("ACTIVE".to_owned());
    let _ = VpcPeeringStatus::Unknown(digitalocean_client::runtime::UnknownValue("ACTIVE".into()));
}
