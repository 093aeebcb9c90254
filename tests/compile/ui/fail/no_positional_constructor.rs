//! A model with two or more required fields has no positional constructor, so two `String`
//! fields cannot be swapped by accident (the README's first example once was that bug): it is
//! made with named setters, and `build()` names a required field left unset.
use digitalocean_client::models::SshKey;

fn main() {
    let _ = SshKey::new("laptop".to_owned(), "ssh-ed25519 AAAA".to_owned());
}
