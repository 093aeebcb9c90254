//! The xtask's library half: what tests share with `cargo xtask` (the workspace's file IO).

pub mod compat;
pub mod workspace;
