//! Talking to a box: detect its API family in one round of parallel probes, then read its
//! status (docs/protocol/status-reads.md). One adapter per family grows here (save
//! credentials, pair, restart, reboot, logs).

mod actions;
pub mod certificate;
mod credential_rules;
mod detect;
mod family;
#[cfg(test)]
mod fuzz;
pub mod html;
pub mod legacy;
pub mod log_facts;
pub mod log_run;
pub mod logs;
pub mod odoo_only;
pub mod pairing;
pub mod request_failure;
pub mod retries;
pub mod rpc;
mod status;
pub mod status_error;
pub mod status_read;
pub mod web_filter;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use certificate::{interpret, BoxCertificate, CodeSource, OdooCode};
pub use credential_rules::CredentialRules;
pub use detect::{detect, detect_family, Detection};
pub(crate) use detect::{Marker, Probes};
pub use family::{ApiFamily, OsFlavour, RetryMethod};
pub use logs::{collect_logs, logs_from_nginx, BoxLogs};
pub use pairing::{pair_and_wait, PairingOutcome};
pub use rpc::ActionOutcome;
pub use status::{parse_http_date, BoxStatus, Credentials, Pairing, RawCertificate};
pub use status_read::{ReadOptions, SlowNotice, SlowRead, StatusReader, DEFAULT_BOX_TIMEOUT};

use crate::address::BoxAddress;
use crate::error::CoreError;
use crate::http::{Answer, BoxHttp, Limits};
use crate::net_policy::NetPolicy;

/// A box whose family is known.
#[derive(Debug, Clone)]
pub struct BoxClient {
    http: BoxHttp,
    family: ApiFamily,
    reader: StatusReader,
    read_options: ReadOptions,
    /// The status route's answer read during detection, used by the first status read so
    /// the side-effecting route is read once per connection.
    detected_read: Arc<Mutex<Option<Result<Answer, CoreError>>>>,
}

impl BoxClient {
    /// Resolves the address under `policy` (narrowed to loopback when the box is on loopback),
    /// then probes the family.
    pub async fn connect(address: &BoxAddress, policy: NetPolicy) -> Result<Self, CoreError> {
        Self::connect_reading(address, policy, ReadOptions::default()).await
    }

    pub async fn connect_reading(
        address: &BoxAddress,
        policy: NetPolicy,
        read: ReadOptions,
    ) -> Result<Self, CoreError> {
        let target = address.resolve(&policy).await?;
        Self::connect_to_reading(target, policy, read).await
    }

    pub async fn connect_to(target: SocketAddr, policy: NetPolicy) -> Result<Self, CoreError> {
        Self::connect_to_reading(target, policy, ReadOptions::default()).await
    }

    pub async fn connect_to_reading(
        target: SocketAddr,
        policy: NetPolicy,
        read: ReadOptions,
    ) -> Result<Self, CoreError> {
        Self::connect_inner(target, policy, Limits::default(), read).await
    }

    /// With explicit limits; the status read gets the same deadline.
    pub async fn connect_with_limits(
        target: SocketAddr,
        policy: NetPolicy,
        limits: Limits,
    ) -> Result<Self, CoreError> {
        let read = ReadOptions {
            timeout: limits.timeout,
            on_slow: None,
        };
        Self::connect_inner(target, policy, limits, read).await
    }

    async fn connect_inner(
        target: SocketAddr,
        policy: NetPolicy,
        limits: Limits,
        read: ReadOptions,
    ) -> Result<Self, CoreError> {
        let http = BoxHttp::new(target, policy.for_target(target.ip()), limits)?;
        let reader = StatusReader::new(&http, &read)?;
        let detection = detect(&http, &reader).await?;
        Ok(Self {
            http,
            family: detection.family,
            reader,
            read_options: read,
            detected_read: Arc::new(Mutex::new(detection.status_read)),
        })
    }

    pub fn family(&self) -> ApiFamily {
        self.family
    }

    pub fn http(&self) -> &BoxHttp {
        &self.http
    }

    pub fn read_options(&self) -> &ReadOptions {
        &self.read_options
    }

    /// The status route of this family: `/` on 16.0, `{prefix}/data` later.
    pub fn status_path(&self) -> String {
        match self.family.json_prefix() {
            Some(prefix) => format!("{prefix}/data"),
            None => "/".into(),
        }
    }

    /// Reads identity, pairing, credentials presence and the raw certificate state.
    /// On 16.0 – saas-18.2 this read may itself make the box try odoo.com
    /// (docs/protocol/status-reads.md): it is done
    /// once per call, and the first call uses the answer detection already read.
    pub async fn status(&self) -> Result<BoxStatus, CoreError> {
        let address = self.http.target().to_string();
        let path = self.status_path();
        let kept = self
            .detected_read
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        let answer = match kept {
            Some(answer) => answer?,
            None => self.reader.get(&path).await?,
        };
        if self.family.json_prefix().is_none() {
            return legacy::read_with_home(&self.http, address, answer).await;
        }
        if answer.status != 200 {
            return Err(CoreError::HttpStatus {
                path,
                status: answer.status,
            });
        }
        let data = detect::json_object(&path, &answer.body)?;
        Ok(status::from_data_route(
            self.family,
            address,
            &data,
            answer.date,
        ))
    }

    /// Whether `/hw_proxy/hello` answers `ping` now (side-effect free, short deadline).
    pub async fn hello(&self) -> bool {
        hello_answers(&self.http).await
    }

    /// The status, following a restart that drops the connection during the read (Windows
    /// restarts Odoo right after a successful download, while answering): wait for the box to
    /// go and come back, detect again (a restart can switch the API family) and read once more.
    pub async fn status_following_restart(&self) -> Result<(BoxStatus, BoxClient), CoreError> {
        match self.status().await {
            Err(CoreError::ConnectionLost { .. }) => {
                wait_for_restart(&self.http, self.read_options.timeout).await?;
                let again = Self::connect_inner(
                    self.http.target(),
                    self.http.policy(),
                    self.http.limits(),
                    self.read_options.clone(),
                )
                .await?;
                let status = again.status().await?;
                Ok((status, again))
            }
            other => other.map(|s| (s, self.clone())),
        }
    }
}

/// `/hw_proxy/hello` → `ping` within the probe deadline.
pub async fn hello_answers(http: &BoxHttp) -> bool {
    let Ok(probe) = http.with_limits(Limits::probe()) else {
        return false;
    };
    matches!(probe.get("/hw_proxy/hello").await, Ok(a) if detect::answers_ping(&a))
}

/// After a dropped connection: wait (briefly) for the box to go down, then for it to answer
/// hello again, up to `limit`.
async fn wait_for_restart(http: &BoxHttp, limit: Duration) -> Result<(), CoreError> {
    let step = Duration::from_millis(250);
    let started = tokio::time::Instant::now();
    let down_seen_by = started + Duration::from_secs(5);
    while tokio::time::Instant::now() < down_seen_by && hello_answers(http).await {
        tokio::time::sleep(step).await;
    }
    while started.elapsed() < limit {
        if hello_answers(http).await {
            return Ok(());
        }
        tokio::time::sleep(step).await;
    }
    Err(CoreError::Unreachable {
        target: http.target().to_string(),
        detail: format!(
            "the box restarted during the status read and did not come back within {} s",
            limit.as_secs()
        ),
    })
}

/// A status read with the certificate state interpreted: what `iot-https status` prints and
/// the window's first screen shows.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BoxReport {
    #[serde(flatten)]
    pub status: BoxStatus,
    pub certificate_state: BoxCertificate,
    /// What "try again" does on this box (its family's rule), so the window can say whether it
    /// restarts anything.
    pub retry: RetryMethod,
    /// What the credentials step may leave out for this box (core's rule; the window shows it).
    pub credential_rules: CredentialRules,
    /// Whether the status page answered. `false`: it crashed (HTTP 500) while hello answers;
    /// the family and version come from the side-effect-free routes, identity, pairing,
    /// credentials and certificate are unknown, and `findings` says why
    /// (`diagnose::read_report`, docs/protocol/status-reads.md).
    pub status_answered: bool,
    /// What reading the box found by itself: the status page's crash and its cause from the
    /// box's log (the diagnosis's `BOX_STATUS_ERROR` and the inferred code). Empty when the
    /// status page answered.
    pub findings: Vec<crate::findings::Finding>,
}

impl BoxReport {
    /// The report of `status` with its certificate read as `certificate_state`: the family's
    /// retry rule and the credential rules go with it.
    pub fn of(status: BoxStatus, certificate_state: BoxCertificate) -> Self {
        Self {
            retry: status.family.retry_method(),
            credential_rules: CredentialRules::of(&status.credentials, &certificate_state),
            status,
            certificate_state,
            status_answered: true,
            findings: Vec::new(),
        }
    }

    /// Whether a finding of the read needs action (`iot-https status` exits 1, as `diagnose`).
    pub fn needs_action(&self) -> bool {
        crate::findings::any_needs_action(&self.findings)
    }
}

impl BoxClient {
    /// Status plus interpretation. On 18.3+ boxes without a certificate the (read-only) log
    /// route is read too, because that is the only place the cause appears
    /// (docs/protocol/restarts.md, 19's retries).
    pub async fn report(&self) -> Result<BoxReport, CoreError> {
        self.report_with_logs().await.map(|r| r.report)
    }

    /// [`Self::report`], following a restart during the read, with the log text when it
    /// was read and the client that finally answered.
    pub async fn report_with_logs(&self) -> Result<ReportRead, CoreError> {
        let (status, client) = self.status_following_restart().await?;
        let logs = match status.certificate {
            RawCertificate::EndDate { end_date: None } => client.logs().await.ok(),
            _ => None,
        };
        let run = logs
            .as_deref()
            .map(|l| log_run::current_run(l, &log_run::RunWindow::of(&status)));
        let certificate_state = interpret(&status.certificate, run.as_deref());
        Ok(ReportRead {
            report: BoxReport::of(status, certificate_state),
            facts: run
                .as_deref()
                .map(log_facts::LogFacts::read)
                .unwrap_or_default(),
            logs,
            client,
        })
    }
}

/// A report with what else the read produced.
#[derive(Debug)]
pub struct ReportRead {
    pub report: BoxReport,
    pub logs: Option<String>,
    /// What the current run's log records say about the box's threads.
    pub facts: log_facts::LogFacts,
    /// The client that answered (another one when the box restarted during the read).
    pub client: BoxClient,
}

/// Connects, detects and reads in one go.
pub async fn read_status(address: &BoxAddress, policy: NetPolicy) -> Result<BoxReport, CoreError> {
    read_status_with(address, policy, ReadOptions::default()).await
}

/// [`read_status`] with the status read's deadline and progress notice.
pub async fn read_status_with(
    address: &BoxAddress,
    policy: NetPolicy,
    read: ReadOptions,
) -> Result<BoxReport, CoreError> {
    BoxClient::connect_reading(address, policy, read)
        .await?
        .report()
        .await
}
