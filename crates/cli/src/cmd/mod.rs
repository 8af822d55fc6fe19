//! One module per subcommand.

pub mod check_all;
pub mod diagnose;
pub mod fleet;
pub mod scan;
pub mod status;
