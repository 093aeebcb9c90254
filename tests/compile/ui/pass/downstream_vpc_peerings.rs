//! A downstream crate lists, creates, waits for and deletes VPC peerings. It glob-imports both
//! the crate root and `models`: no model shadows a root name (`Error` stays the crate's error).
use std::time::Duration;

use digitalocean_client::models::*;
use digitalocean_client::*;
use futures::StreamExt;

async fn run(client: Client) -> Result<(), Error> {
    let page = client
        .vpc_peerings()
        .list()
        .per_page(50)
        .page(2)
        .region("nyc3")
        .timeout(Duration::from_secs(5))
        .retry_policy(RetryPolicy::none())
        .send()
        .await?;
    let _status = page.status();
    let all: Vec<VpcPeering> = client.vpc_peerings().list().items().collect_items().await?;
    let mut pages = client.vpc_peerings().list().pages();
    while let Some(page) = pages.next().await {
        let _ = page?;
    }
    let id = digitalocean_client::Uuid::nil();
    let created = client
        .vpc_peerings()
        .create()
        .name("peer")
        .vpc_ids([id, id])
        .send()
        .await?;
    // The documented 202 body, no `Option` around it.
    let _id: Option<digitalocean_client::Uuid> = created.vpc_peering.id;
    // A whole model works as the body too.
    let body = VpcPeering::builder().name("peer").vpc_ids(vec![id, id]).build()?;
    client.vpc_peerings().create().body(body).send().await?;
    let _ = created.into_inner();
    let _with_body = client
        .vpc_peerings()
        .get(id)
        .send()
        .await?
        .vpc_peering
        .extra
        .contains_key("urn");
    let ready = client
        .vpc_peerings()
        .wait_until_active(id, WaitOptions::default().interval(Duration::from_secs(1)))
        .await?;
    let _active = ready.vpc_peering.status == Some(VpcPeeringStatus::Active);
    let patch = VpcPeeringsPatchRequest::new("renamed".to_owned());
    client.vpc_peerings().patch(id).body(patch).send().await?;
    client.vpc_peerings().patch(id).name("renamed").send().await?;
    client.vpc_peerings().delete(id).send().await?;
    let _ = all;
    Ok(())
}

pub fn main() {
    let _ = run(Client::new("token"));
}
