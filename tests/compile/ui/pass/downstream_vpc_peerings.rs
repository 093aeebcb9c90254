//! A downstream crate lists, creates, waits for and deletes VPC peerings.
use std::time::Duration;

use digitalocean_client::models::{VpcPeering, VpcPeeringStatus, VpcPeeringsPatchRequest};
use digitalocean_client::{Client, Error, RetryPolicy, WaitOptions};
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
    let id = uuid::Uuid::nil();
    let body = VpcPeering::new("peer".to_owned(), vec![id, id]);
    let created = client.vpc_peerings().create(body).send().await?;
    let _ = created.into_inner();
    let ready = client
        .vpc_peerings()
        .wait_until_active(id, WaitOptions::default().interval(Duration::from_secs(1)))
        .await?;
    if let Some(peering) = &ready.vpc_peering {
        let _active = peering.status == Some(VpcPeeringStatus::Active);
    }
    let patch = VpcPeeringsPatchRequest::new("renamed".to_owned());
    client.vpc_peerings().patch(id, patch).send().await?;
    client.vpc_peerings().delete(id).send().await?;
    let _ = all;
    Ok(())
}

fn main() {
    let _ = run(Client::new("token"));
}
