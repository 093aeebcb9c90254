//! A path parameter is an argument of the tag method, so it cannot be forgotten.
fn main() {
    let client = digitalocean_client::Client::new("token");
    let _ = client.vpc_peerings().get();
}
