//! What the tests of core and the CLI share (a dev-dependency of both; the simulator's tests keep
//! their own, as the simulator depends on nothing of ours):
//!
//! - [`dns`]: real DNS servers (Debian's unbound) on loopback, with the zones the tests ask.
//! - [`wait_until`]: polling instead of sleeping.
//! - [`TempDir`]: a scratch directory removed on drop.
//! - [`raw_box`]: a scripted "box" on loopback answering raw bytes per path.
//! - [`rust_files`]: the Rust sources under a folder, for the source-scanning tests.

pub mod dns;
mod poll;
pub mod raw_box;
mod source_files;
mod temp_dir;

pub use poll::wait_until;
pub use source_files::rust_files;
pub use temp_dir::TempDir;
