//! The VPC peering id is a UUID, not an integer.
fn main() {
    let client = digitalocean_client::Client::new("token");
    let _ = client.vpc_peerings().get(42_u8);
}
