//! One module per subcommand.

pub mod diagnose;
pub mod scan;
pub mod status;
