//! One module per subcommand.

pub mod act;
pub mod check_all;
pub mod device_check;
pub mod diagnose;
pub mod fleet;
pub mod lna_policy;
pub mod logs;
pub mod report;
pub mod scan;
pub mod status;
