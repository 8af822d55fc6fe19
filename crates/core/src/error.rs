//! Errors of the core, each with a stable code. A code is part of the public contract (the UI
//! keys translations and troubleshooting flows on it, scripts match on it): add codes, never
//! rename them.
//!
//! A finding is not an error: "the box says ERR_…" is a successful read with a finding in it.

use crate::error_code::ErrorCode;
use crate::net_policy::PolicyRefusal;

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("\"{input}\" is not a usable address: {problem}")]
    InvalidAddress {
        input: String,
        problem: crate::address_problem::AddressProblem,
    },

    #[error(transparent)]
    PolicyRefused(#[from] PolicyRefusal),

    /// A range or set of addresses a sweep refuses (typed: the catalogue words it).
    #[error(transparent)]
    Range(crate::discovery::CidrError),

    #[error("could not look up {name}: {detail}")]
    NameLookup { name: String, detail: String },

    #[error("the box at {target} did not answer: {detail}")]
    Unreachable { target: String, detail: String },

    #[error("the connection to {target} broke while reading {path}: {detail}")]
    ConnectionLost {
        target: String,
        path: String,
        detail: String,
    },

    #[error("the box at {target} took longer than {after_ms} ms to answer {path}")]
    Timeout {
        target: String,
        path: String,
        after_ms: u64,
    },

    #[error("the answer to {path} was larger than {limit} bytes; a box never sends that much")]
    BodyTooLarge { path: String, limit: usize },

    #[error("the box answered {path} with HTTP {status}")]
    HttpStatus { path: String, status: u16 },

    /// Typed: the catalogue words the reason (`malformed_reason`).
    #[error("the answer to {path} is not what an Odoo IoT box sends: {reason}")]
    Malformed {
        path: String,
        reason: crate::malformed_reason::MalformedReason,
    },

    #[error("nothing answers HTTPS at {target}: {detail}")]
    TlsUnreachable { target: String, detail: String },

    #[error("the TLS handshake with {target} failed: {detail}")]
    TlsHandshake { target: String, detail: String },

    /// `message` is the box's own words; empty when it gave none.
    #[error("the box refused {path}: {}", if message.is_empty() { "(no message)" } else { message })]
    BoxRefused { path: String, message: String },

    #[error(transparent)]
    Unsupported(#[from] crate::unsupported::Unsupported),

    #[error("{target} answers HTTP but is not an Odoo IoT system")]
    NotOdoo { target: String },

    /// The laptop's neighbour table shows another network card at the box's address than the
    /// MAC the box reports: nothing secret is sent (`neighbours::gate`).
    #[error("another network card answers at {ip} than the one the box reports, so nothing secret is sent to it; check that no other device uses the box's IP address")]
    MacMismatch {
        ip: std::net::IpAddr,
        reported: String,
        neighbour: String,
    },
}

impl CoreError {
    /// The stable code carried across the IPC boundary and printed by the CLI.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::InvalidAddress { .. } | Self::Range(_) => ErrorCode::InputInvalidAddress,
            Self::PolicyRefused(_) => ErrorCode::NetPolicyRefused,
            Self::NameLookup { .. } => ErrorCode::NameLookupFailed,
            Self::Unreachable { .. } => ErrorCode::BoxUnreachable,
            Self::ConnectionLost { .. } => ErrorCode::BoxConnectionLost,
            Self::Timeout { .. } => ErrorCode::BoxTimeout,
            Self::BodyTooLarge { .. } => ErrorCode::BoxBodyTooLarge,
            Self::HttpStatus { .. } => ErrorCode::BoxHttpStatus,
            Self::Malformed { .. } => ErrorCode::BoxMalformedResponse,
            Self::TlsUnreachable { .. } => ErrorCode::TlsUnreachable,
            Self::TlsHandshake { .. } => ErrorCode::TlsHandshakeFailed,
            Self::BoxRefused { .. } => ErrorCode::BoxRefused,
            Self::Unsupported(_) => ErrorCode::BoxActionUnsupported,
            Self::NotOdoo { .. } => ErrorCode::BoxNotOdoo,
            Self::MacMismatch { .. } => ErrorCode::BoxMacMismatch,
        }
    }
}
