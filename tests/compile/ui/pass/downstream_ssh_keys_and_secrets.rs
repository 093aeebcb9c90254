//! A downstream crate addresses SSH keys by ID or fingerprint and handles secrets.
use std::collections::BTreeMap;

use digitalocean_client::models::{SecurityCreateSecretRequest, SshKey, SshKeyIdentifier};
use digitalocean_client::{Client, Error, Sensitive};

async fn run(client: Client) -> Result<(), Error> {
    let by_id = client.ssh_keys().get(512189).send().await?;
    let by_fingerprint = client.ssh_keys().get("3b:16:bf:e4").send().await?;
    let explicit = client.ssh_keys().get(SshKeyIdentifier::Integer(7)).send().await?;
    let _ = (by_id, by_fingerprint, explicit);
    // The spec documents the create's 201 with the key: the body is the key, no `Option`.
    println!(
        "{}",
        client
            .ssh_keys()
            .create()
            .name("laptop")
            .public_key("ssh-ed25519 AAAA")
            .send()
            .await?
            .ssh_key
            .name
    );
    let created = client
        .ssh_keys()
        .create()
        .name("laptop")
        .public_key("ssh-ed25519 AAAA")
        .send()
        .await?;
    // A fingerprint read from a response goes back in by reference, no clone.
    if let Some(fingerprint) = created.ssh_key.fingerprint.as_ref() {
        client.ssh_keys().get(fingerprint).send().await?;
    }
    let key = SshKey::builder().name("laptop").public_key("ssh-ed25519 AAAA").build()?;
    client.ssh_keys().create().body(key).send().await?;
    let mut values = BTreeMap::new();
    values.insert("password".to_owned(), "hunter2".to_owned());
    let request = SecurityCreateSecretRequest::builder()
        .name("db")
        .region("nyc3")
        .values(Sensitive::new(values.clone()))
        .build()?;
    let _printed = format!("{request:?}");
    client.security().create_secret().body(request).send().await?;
    client
        .security()
        .create_secret()
        .name("db")
        .region("nyc3")
        .values(values)
        .send()
        .await?;
    Ok(())
}

pub fn main() {
    let _ = run(Client::new("token"));
}
