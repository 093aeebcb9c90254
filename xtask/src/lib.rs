//! The xtask's library half: what tests share with `cargo xtask` (the workspace's file IO, and
//! the comparison behind `cargo xtask drift`).

pub mod compat;
pub mod upstream;
pub mod workspace;
