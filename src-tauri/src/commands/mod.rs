//! Thin commands: arguments in, one core call, a typed result or a `WireError` out.
//! Grouped by what the window is doing.

pub mod box_care;
pub mod boxes;
pub mod check_all;
pub mod device_check;
pub mod fleet;
pub mod preferences;
pub mod reports;
pub mod scan;
pub mod sites;
pub mod watch;
