//! One module per subcommand.

pub mod check_all;
pub mod device_check;
pub mod diagnose;
pub mod scan;
pub mod status;
