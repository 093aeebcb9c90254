//! `new` takes every required, writable field.
use digitalocean_client::models::SshKey;

fn main() {
    let _ = SshKey::new("ssh-ed25519 AAAA".to_owned());
}
