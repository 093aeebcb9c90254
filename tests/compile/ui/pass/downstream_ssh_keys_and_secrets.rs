//! A downstream crate addresses SSH keys by ID or fingerprint and handles secrets.
use std::collections::BTreeMap;

use digitalocean_client::models::{SecurityCreateSecretRequest, SshKey, SshKeyIdentifier};
use digitalocean_client::{Client, Error, Sensitive};

async fn run(client: Client) -> Result<(), Error> {
    let by_id = client.ssh_keys().get(512189).send().await?;
    let by_fingerprint = client.ssh_keys().get("3b:16:bf:e4").send().await?;
    let explicit = client.ssh_keys().get(SshKeyIdentifier::Integer(7)).send().await?;
    let _ = (by_id, by_fingerprint, explicit);
    let key = SshKey::new("ssh-ed25519 AAAA".to_owned(), "laptop".to_owned());
    client.ssh_keys().create(key).send().await?;
    let mut values = BTreeMap::new();
    values.insert("password".to_owned(), "hunter2".to_owned());
    let request = SecurityCreateSecretRequest::new(
        "db".to_owned(),
        "nyc3".to_owned(),
        Sensitive::new(values),
    );
    let _printed = format!("{request:?}");
    client.security().create_secret(request).send().await?;
    Ok(())
}

fn main() {
    let _ = run(Client::new("token"));
}
