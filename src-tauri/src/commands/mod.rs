//! Thin commands: arguments in, one core call, a typed result or a `WireError` out.
//! Grouped by what the window is doing.

pub mod boxes;
pub mod fleet;
pub mod reports;
pub mod scan;
pub mod sites;
pub mod watch;
