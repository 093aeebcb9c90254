//! The `empty_204` snapshot compiles against the runtime crate, and each success's type follows
//! the spec: `()` without a body, `T` for a documented body, `Option<T>` only where a 2xx
//! without a body is listed too.
use digitalocean_client_runtime as runtime;

#[path = "../../../snapshots/empty_204/mod.rs"]
#[allow(dead_code)]
mod auto;

#[allow(dead_code)]
pub async fn shapes(client: auto::Client) -> Result<(), runtime::Error> {
    let _: runtime::Response<()> = client.things().delete(1).send().await?;
    let _: runtime::Response<()> = client.things().reboot(1).send().await?;
    let created: runtime::Response<auto::models::Thing> = client.things().create().send().await?;
    let _: Option<i64> = created.id;
    let _: runtime::Response<Option<auto::models::Thing>> =
        client.things().upsert().send().await?;
    Ok(())
}
