//! Reading the status route, the one read that may be slow: on 16.0 – saas-18.2 it runs the
//! certificate check, which can wait minutes on odoo.com (no timeout on urllib3 boxes), sleep
//! 3 s after writing files, and restart nginx before answering (docs/protocol/status-reads.md).
//! So it gets its own deadline (`--box-timeout`, default 120 s) and tells the caller when it
//! takes more than a few seconds, so the technician sees why the wait.

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use crate::error::CoreError;
use crate::http::{Answer, BoxHttp, Limits};

/// How long a status read may take by default: a box asking odoo.com through a firewall that
/// drops packets needs minutes; two minutes covers a slow odoo.com and an nginx restart.
pub const DEFAULT_BOX_TIMEOUT: Duration = Duration::from_secs(120);

/// After this long, a status read is reported as "waiting for the box".
pub const SLOW_NOTICE_AFTER: Duration = Duration::from_secs(3);

/// What a slow status read is waiting for, for a progress line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SlowRead {
    pub path: String,
    /// The deadline of the read.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub timeout_ms: u64,
}

pub type SlowNotice = Arc<dyn Fn(SlowRead) + Send + Sync>;

#[derive(Clone)]
pub struct ReadOptions {
    /// Deadline of a status read (`--box-timeout`).
    pub timeout: Duration,
    /// Called once when a status read takes longer than [`SLOW_NOTICE_AFTER`].
    pub on_slow: Option<SlowNotice>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            timeout: DEFAULT_BOX_TIMEOUT,
            on_slow: None,
        }
    }
}

impl std::fmt::Debug for ReadOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadOptions")
            .field("timeout", &self.timeout)
            .field("on_slow", &self.on_slow.is_some())
            .finish()
    }
}

/// An HTTP client for the status route: the box's own deadline, progress after 3 s.
#[derive(Clone)]
pub struct StatusReader {
    http: BoxHttp,
    on_slow: Option<SlowNotice>,
}

impl std::fmt::Debug for StatusReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StatusReader")
            .field("target", &self.http.target())
            .finish()
    }
}

impl StatusReader {
    pub fn new(http: &BoxHttp, opts: &ReadOptions) -> Result<Self, CoreError> {
        let base = Limits::default();
        let http = http.with_limits(Limits {
            timeout: opts.timeout,
            connect_timeout: base.connect_timeout.min(opts.timeout),
            max_body: base.max_body,
        })?;
        Ok(Self {
            http,
            on_slow: opts.on_slow.clone(),
        })
    }

    pub fn http(&self) -> &BoxHttp {
        &self.http
    }

    pub async fn get(&self, path: &str) -> Result<Answer, CoreError> {
        let read = self.http.get(path);
        let Some(notice) = &self.on_slow else {
            return read.await;
        };
        tokio::pin!(read);
        tokio::select! {
            done = &mut read => return done,
            _ = tokio::time::sleep(SLOW_NOTICE_AFTER) => {}
        }
        notice(SlowRead {
            path: path.to_owned(),
            timeout_ms: self.http.limits().timeout.as_millis() as u64,
        });
        read.await
    }
}
