//! Why a resolver gave no DNS answer, as keys and technical values: the catalogue words each
//! (`resolverFailed`'s `{failure, select, …}`, `resolverNotAsked`'s `{notAsked, select, …}`),
//! so no English written here reaches a reader. `detail` is the system's or the DNS library's
//! own words, an `rcode` the DNS mnemonic: values, shown as they are.

use serde::Serialize;

use crate::net_policy::{LoopbackReason, PolicyRefusal};

/// A lookup that got no answer it could read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "failure", rename_all = "camelCase")]
pub enum Failure {
    /// The lookup's task stopped before it reported (never the network's doing).
    Stopped,
    /// The name asked about is not a valid DNS name.
    InvalidName,
    /// The query could not be encoded.
    Encode { detail: String },
    /// The answer was truncated and held no address (and TCP was not tried).
    Truncated,
    /// Another RCODE than the ones told apart (`NOTIMP (4)`, `FORMERR (1)`, …).
    Rcode { rcode: String },
    /// The laptop could not open a UDP socket.
    SocketOpen { detail: String },
    /// The laptop could not address the resolver.
    SocketAddress { detail: String },
    /// The query could not be sent.
    SocketSend { detail: String },
    /// Receiving failed.
    SocketReceive { detail: String },
    /// ICMP port unreachable: nothing listens on the resolver's port.
    NothingListens,
    /// TCP, tried after a truncated answer, failed.
    Tcp { detail: String },
    /// Over TCP the resolver answered another question.
    TcpOtherQuestion,
    /// Over TCP the resolver sent a message that does not parse.
    TcpMalformed { detail: String },
}

impl Failure {
    /// The key the catalogue selects its words by (the serde tag).
    pub fn key(&self) -> &'static str {
        match self {
            Self::Stopped => "stopped",
            Self::InvalidName => "invalidName",
            Self::Encode { .. } => "encode",
            Self::Truncated => "truncated",
            Self::Rcode { .. } => "rcode",
            Self::SocketOpen { .. } => "socketOpen",
            Self::SocketAddress { .. } => "socketAddress",
            Self::SocketSend { .. } => "socketSend",
            Self::SocketReceive { .. } => "socketReceive",
            Self::NothingListens => "nothingListens",
            Self::Tcp { .. } => "tcp",
            Self::TcpOtherQuestion => "tcpOtherQuestion",
            Self::TcpMalformed { .. } => "tcpMalformed",
        }
    }

    /// The technical value the sentence quotes, if any: (`rcode` or `detail`, value).
    pub fn value(&self) -> Option<(&'static str, &str)> {
        match self {
            Self::Rcode { rcode } => Some(("rcode", rcode)),
            Self::Encode { detail }
            | Self::SocketOpen { detail }
            | Self::SocketAddress { detail }
            | Self::SocketSend { detail }
            | Self::SocketReceive { detail }
            | Self::Tcp { detail }
            | Self::TcpMalformed { detail } => Some(("detail", detail)),
            _ => None,
        }
    }
}

/// Why a resolver was not asked: nothing was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "notAsked", rename_all = "camelCase")]
pub enum NotAsked {
    /// The system's resolver outside a real run: even on loopback it may forward to the real
    /// network, so it is asked only when given explicitly.
    SystemResolver,
    /// The network policy refused its address (`mode`: demo, test, a loopback box's session).
    Policy { mode: LoopbackReason },
}

impl NotAsked {
    /// The key the catalogue selects its words by.
    pub fn key(self) -> &'static str {
        match self {
            Self::SystemResolver => "systemResolver",
            Self::Policy { .. } => "policy",
        }
    }
}

impl From<PolicyRefusal> for NotAsked {
    fn from(refusal: PolicyRefusal) -> Self {
        Self::Policy { mode: refusal.mode }
    }
}
