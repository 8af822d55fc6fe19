//! One module per subcommand.

pub mod status;
