//! Generated code built with a runtime of another contract fails to compile, and the message
//! says which runtime it needs. The runtime here is the real one with `contract::VERSION`
//! replaced, as a runtime of the next contract would have it.
mod runtime {
    pub use digitalocean_client_runtime::*;

    pub mod contract {
        pub const VERSION: u32 = 3;
    }
}

#[path = "../../../snapshots/empty_204/mod.rs"]
#[allow(dead_code)]
mod auto;

fn main() {}
