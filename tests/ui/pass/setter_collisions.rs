//! The `setter_collisions` snapshot compiles next to the real runtime, and its renamed setters
//! are the ones a caller writes: a body property named like a builder method or a parameter
//! gets the `body_` prefix (numbered when that is taken too), a model property named `build`
//! gets `set_build` (`set_build2` here, as a property has that name), and models named like crate-root exports get a `Model` suffix.
#[path = "../../../generated/src/runtime/mod.rs"]
#[allow(dead_code, unused_imports)]
mod runtime;

#[path = "../../snapshots/setter_collisions/mod.rs"]
#[allow(dead_code)]
mod auto;

use std::time::Duration;

#[allow(dead_code)]
async fn use_every_setter(client: runtime::Client) -> Result<(), runtime::Error> {
    let _sent: runtime::Response<auto::models::ResponseModel> = client
        .widgets()
        .create()
        .name("query parameter")
        .timeout_param(30)
        .body_name("the body_name property")
        .body_name2("the name property")
        .body_timeout(5)
        .body_send(true)
        .body_body("the body property")
        .build("the build property")
        .body_header("the header property")
        .timeout(Duration::from_secs(1))
        .header("x-trace", "1")
        .send()
        .await?;
    let widget = auto::models::Widget::builder()
        .body_name("a")
        .name("b")
        .send(false)
        .set_build2("the build property")
        .set_build("the set_build property")
        .build()?;
    let _: auto::models::WidgetBuilder2 = widget.clone().into();
    let _ = client.widgets().create().body(widget);
    let _other = auto::models::WidgetBuilder::builder().label("x").build()?;
    let _error = auto::models::ErrorModel::new("not_found".to_owned());
    // An optional object body: sent only when a setter (or `body`) was called.
    client.widgets().update(7).send().await?;
    client.widgets().update(7).label("new").send().await?;
    Ok(())
}

fn main() {}
