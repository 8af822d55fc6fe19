//! Following a box through the restart that follows a save, pair, restart or reboot, as a
//! stream of typed events. Fast polling uses only side-effect-free probes (`/hw_proxy/hello`,
//! the TLS handshake); the data route is read no more often than every 10 s on families where
//! reading it makes the box contact odoo.com (docs/protocol/status-reads.md). After every restart the family is
//! detected again (a paired box can check out another branch), and 19's certificate download
//! retries are a known wait with their end shown (docs/protocol/restarts.md).

use std::net::SocketAddr;
use std::time::Duration;

use serde::Serialize;
use time::OffsetDateTime;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::box_api::log_run::{current_run, RunWindow};
use crate::box_api::retries::{download_retries, DownloadRetries, ATTEMPTS};
use crate::box_api::{
    interpret, ActionOutcome, ApiFamily, BoxCertificate, BoxClient, OsFlavour, RawCertificate,
};
use crate::error::CoreError;
use crate::findings::{Evidence, EvidenceKind};
use crate::http::Limits;
use crate::input::PairingToken;
use crate::secret::Secret;
use crate::tls::{capture_chain, inspect, verify_chain, TrustAnchors};
use crate::watch_name::{self, reported_subject};

mod schedule;
pub use schedule::{pace, Intervals, Pace};

/// The box actions the window offers as buttons; each becomes one [`Action`] for the box at hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum BoxAction {
    RestartOdoo,
    RebootBox,
    /// Whatever makes this box's family try again ([`crate::box_api::ApiFamily::retry_method`]).
    Retry,
}

impl BoxAction {
    pub fn for_box(self, report: &crate::box_api::BoxReport) -> Action {
        match self {
            Self::RestartOdoo => Action::RestartOdoo,
            // The flavour decides whether a reboot route exists (odoo-iot-protocol.md §7.3).
            Self::RebootBox => Action::Reboot(report.status.flavour),
            Self::Retry => Action::retry(report.status.family),
        }
    }
}

#[derive(Debug, Clone)]
pub enum Action {
    SaveCredentials {
        db_uuid: String,
        contract_code: Secret,
    },
    Pair(PairingToken),
    RestartOdoo,
    Reboot(OsFlavour),
    /// No write: only watch (a retry by reading on 16.0 – 18.2, or after a manual power-cycle).
    Observe,
}

impl Action {
    /// The right retry for a family: on 16.0 – saas-18.2 reading the status makes the box try
    /// again (odoo-iot-protocol.md §4.1), so watching is enough; on 18.3+ only an Odoo start does (§4.3).
    pub fn retry(family: crate::box_api::ApiFamily) -> Self {
        match family.retry_method() {
            crate::box_api::RetryMethod::Observe => Self::Observe,
            crate::box_api::RetryMethod::RestartOdoo => Self::RestartOdoo,
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Self::SaveCredentials { .. } => "save-credentials",
            Self::Pair(_) => "pair",
            Self::RestartOdoo => "restart-odoo",
            Self::Reboot(_) => "reboot",
            Self::Observe => "observe",
        }
    }
}

#[derive(Debug, Clone)]
pub struct WatchConfig {
    /// The slowest probe pace; the watch probes faster right after a change ([`pace`]).
    pub probe_interval: Duration,
    /// Data-route interval where the read is side-effect free (saas-18.3+).
    pub data_interval: Duration,
    /// Data-route interval where the read may contact odoo.com (16.0 – saas-18.2).
    pub side_effect_data_interval: Duration,
    pub give_up_after: Duration,
    /// The box's HTTPS port (443 on real boxes), to see the served certificate change.
    pub https: Option<SocketAddr>,
    pub sni: Option<String>,
    /// The `*.<hash>.odoo-iot.com` subject a saved site remembers from an earlier valid
    /// certificate: the expected name when the box names none itself (18.3+ status), after the
    /// caller's `sni` and the box's own subject (`watch_name::expected`).
    pub known_subject: Option<String>,
    /// What the served certificate must chain to before "ready" is declared: the diagnosis's
    /// anchors (Mozilla's, plus the test CA directory in test and demo mode).
    pub anchors: TrustAnchors,
}

impl WatchConfig {
    pub fn for_box(client: &BoxClient) -> Self {
        let target = client.http().target();
        Self {
            probe_interval: Duration::from_secs(1),
            data_interval: Duration::from_secs(2),
            side_effect_data_interval: Duration::from_secs(10),
            // A test rig may shorten it (test or demo mode only).
            give_up_after: crate::diagnose::watch_give_up_from_env()
                .unwrap_or(Duration::from_secs(600)),
            https: Some(SocketAddr::new(target.ip(), 443)),
            sni: None,
            known_subject: None,
            anchors: crate::diagnose::anchors_from_env(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(
    tag = "event",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum WatchEvent {
    RequestSent {
        action: String,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        elapsed_ms: u64,
    },
    ActionAnswered {
        outcome: ActionOutcome,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        elapsed_ms: u64,
    },
    BoxDown {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        elapsed_ms: u64,
    },
    BoxBack {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        elapsed_ms: u64,
    },
    CertificateChanged {
        certificate: BoxCertificate,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        elapsed_ms: u64,
    },
    ServedCertificateChanged {
        fingerprint: Option<String>,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        elapsed_ms: u64,
    },
    /// The box came back speaking another API family (it checked out its database's branch).
    FamilyChanged {
        family: ApiFamily,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        elapsed_ms: u64,
    },
    /// 19 could not reach odoo.com `failed_attempts` times and keeps trying until `until`
    /// (RFC 3339, the laptop's clock; `until_ms` on the watch's clock) at the latest.
    /// This run's log shows the box updating (the weekly branch checkout or the Debian
    /// upgrade): it restarts or reboots next, and the watch waits longer for it (`watch_update`).
    UpdateRunning {
        kind: crate::watch_update::UpdateKind,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        elapsed_ms: u64,
    },
    DownloadRetrying {
        failed_attempts: u32,
        attempts: u32,
        until: String,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        until_ms: u64,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        elapsed_ms: u64,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(
    tag = "result",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum WatchOutcome {
    /// The box holds a valid certificate (and serves a new one, when the port was watched).
    CertificateReady {
        certificate: BoxCertificate,
        served_changed: bool,
        /// The served certificate covers the name the box (or the caller) expects; false when
        /// no such name is known (18.3+ name none): trusted and in date, name unconfirmed.
        name_confirmed: bool,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        elapsed_ms: u64,
    },
    /// The box came back and says (or its logs say) why it has no certificate.
    CertificateFailed {
        certificate: BoxCertificate,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        elapsed_ms: u64,
    },
    /// Nothing conclusive within the time limit; `reason` is a fact rendered in the reader's
    /// language (`watchServedUnverified`, `watchNoResult`, `watchNotBack`).
    GaveUp {
        reason: Evidence,
        certificate: BoxCertificate,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        elapsed_ms: u64,
    },
    /// This run's log shows the IoT service's start-up thread died (IOT_SERVICE_STOPPED*, with
    /// its cause): the box will not try again until the cause is fixed and Odoo restarts.
    ServiceStopped {
        finding: crate::findings::Finding,
        certificate: BoxCertificate,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        elapsed_ms: u64,
    },
    /// The box's answer names a cause no waiting fixes (`finding`): so far `CLOCK_SKEW` for a
    /// Windows IoT of 16.0 – saas-18.2 whose clock runs ahead, which restarts after every
    /// download, at each read and each start (`watch_clock`).
    CauseFound {
        finding: crate::findings::Finding,
        certificate: BoxCertificate,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        elapsed_ms: u64,
    },
    Cancelled {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        elapsed_ms: u64,
    },
}

struct Progress {
    started: Instant,
    box_up: bool,
    seen_down: bool,
    certificate: BoxCertificate,
    served: Option<Served>,
    served_before: Option<String>,
    last_data_read: Option<Instant>,
    /// The give-up time; pushed back while 19 is still retrying its download.
    deadline: Instant,
    retries_seen: u32,
    /// The certificate subject the box named (status, or this run's log), for the name check.
    box_subject: Option<String>,
    /// This run's log was searched for the subject once the box reported a certificate.
    subject_sought: bool,
    /// The last change seen (start, box back, certificate reported or served): the watch
    /// polls fast for a while after it ([`pace`]).
    changed_at: Instant,
    /// The data route was read during this watch: `certificate` is the box's word now, not
    /// the state shown before the action.
    certificate_read: bool,
    updates: crate::watch_update::UpdatesSeen,
    /// An update was seen and the box has not gone down for its restart yet: what it reports
    /// now is not the end (it restarts or reboots in a moment).
    update_pending: bool,
}

/// What the HTTPS port serves: the leaf's fingerprint, and whether it is a real certificate
/// (not the placeholder, not self-signed) and its notAfter.
#[derive(Debug, Clone, PartialEq)]
struct Served {
    fingerprint: String,
    real: bool,
    not_after: Option<String>,
    /// Chains to `WatchConfig::anchors` now.
    trusted: bool,
    /// The leaf, for the name check against the name expected at that moment (`watch_name`).
    details: Option<crate::tls::CertificateDetails>,
}

impl Progress {
    fn served_fingerprint(&self) -> Option<String> {
        self.served.as_ref().map(|s| s.fingerprint.clone())
    }
}

impl Progress {
    fn ms(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }
}

/// Performs `action` and follows the box until it has a certificate, says why not, the time
/// runs out, or `cancel` fires. `before` is the certificate state shown before the action.
pub async fn follow(
    client: &BoxClient,
    action: Action,
    before: BoxCertificate,
    config: &WatchConfig,
    cancel: &CancellationToken,
    mut on_event: impl FnMut(WatchEvent) + Send,
) -> Result<WatchOutcome, CoreError> {
    let probe = client.http().with_limits(Limits::probe())?;
    let served = served_leaf(client, config).await;
    let mut p = Progress {
        started: Instant::now(),
        box_up: true,
        seen_down: false,
        certificate: before,
        served_before: served.as_ref().map(|s| s.fingerprint.clone()),
        served,
        last_data_read: None,
        deadline: Instant::now() + config.give_up_after,
        retries_seen: 0,
        box_subject: None,
        subject_sought: false,
        changed_at: Instant::now(),
        certificate_read: false,
        updates: Default::default(),
        update_pending: false,
    };
    let mut client = client.clone();

    on_event(WatchEvent::RequestSent {
        action: action.name().into(),
        elapsed_ms: p.ms(),
    });
    // A restart cannot start before it was asked: lines older than this are earlier runs'.
    let asked_at = OffsetDateTime::now_utc();
    let outcome = match &action {
        Action::SaveCredentials {
            db_uuid,
            contract_code,
        } => Some(client.save_credentials(db_uuid, contract_code).await?),
        Action::Pair(token) => Some(client.pair(token).await?),
        Action::RestartOdoo => Some(client.restart_odoo().await?),
        Action::Reboot(flavour) => Some(client.reboot(*flavour).await?),
        Action::Observe => None,
    };
    if let Some(outcome) = outcome {
        on_event(WatchEvent::ActionAnswered {
            outcome,
            elapsed_ms: p.ms(),
        });
    }
    let expects_restart = !matches!(action, Action::Observe);
    let intervals = Intervals {
        probe: config.probe_interval,
        data: config.data_interval,
        side_effect_data: config.side_effect_data_interval,
    };
    let pace_now = |p: &Progress, family: ApiFamily| {
        pace(
            intervals,
            p.box_up,
            p.changed_at.elapsed(),
            family.data_read_has_side_effects(),
        )
    };
    // A restart can be quicker than our first probe; after this grace the box counts as back.
    let restart_grace = Duration::from_secs(5);

    loop {
        if cancel.is_cancelled() {
            return Ok(WatchOutcome::Cancelled { elapsed_ms: p.ms() });
        }
        let reported = matches!(
            p.certificate,
            BoxCertificate::Valid { .. } | BoxCertificate::Generated
        );
        // The deadline is pushed back only while 19 may still be downloading; a box that
        // reports a certificate has stopped trying, so the configured limit applies.
        let limit_reached = Instant::now() >= p.deadline
            || (reported && p.started.elapsed() >= config.give_up_after);
        if limit_reached {
            let reason = Evidence::new(if p.box_up && reported {
                EvidenceKind::WatchServedUnverified
            } else if p.box_up {
                EvidenceKind::WatchNoResult
            } else {
                EvidenceKind::WatchNotBack
            });
            let elapsed_ms = p.ms();
            return Ok(WatchOutcome::GaveUp {
                reason,
                certificate: p.certificate,
                elapsed_ms,
            });
        }

        let up = matches!(probe.get("/hw_proxy/hello").await, Ok(a) if a.status == 200 && a.text().trim() == "ping");
        if up != p.box_up {
            p.box_up = up;
            p.changed_at = Instant::now();
            if up {
                on_event(WatchEvent::BoxBack { elapsed_ms: p.ms() });
                redetect(&mut client, &p, &mut on_event).await;
                if client.family() == ApiFamily::IotDrivers && expects_restart {
                    // 19 may try odoo.com 6 × 95 s from its start before saying anything final.
                    let box_done = Instant::now() + RETRY_ATTEMPT * ATTEMPTS + RETRY_MARGIN;
                    p.deadline = p.deadline.max(box_done);
                }
            } else {
                p.seen_down = true;
                p.update_pending = false;
                on_event(WatchEvent::BoxDown { elapsed_ms: p.ms() });
            }
        }

        let settled = !expects_restart || p.seen_down || p.started.elapsed() >= restart_grace;
        if up && settled {
            if let Some(served) = served_leaf(&client, config).await {
                let changed =
                    Some(&served.fingerprint) != p.served.as_ref().map(|s| &s.fingerprint);
                let fingerprint = Some(served.fingerprint.clone());
                // Kept fresh: trust is judged now, the name against what is expected now.
                p.served = Some(served);
                if changed {
                    p.changed_at = Instant::now();
                    on_event(WatchEvent::ServedCertificateChanged {
                        fingerprint,
                        elapsed_ms: p.ms(),
                    });
                    // The box already said "valid" and its port now serves it: ready without
                    // waiting for the next data read.
                    if p.certificate_read {
                        if let Some(done) = conclusion(&p, config) {
                            return Ok(done);
                        }
                    }
                }
            }
            let data_every = pace_now(&p, client.family()).data;
            let due = p.last_data_read.is_none_or(|t| t.elapsed() >= data_every);
            if due {
                p.last_data_read = Some(Instant::now());
                let seek_subject = p.box_subject.is_none() && !p.subject_sought;
                let read =
                    read_certificate(&client, expects_restart.then_some(asked_at), seek_subject)
                        .await;
                p.subject_sought |= read.subject_sought;
                if let Some(subject) = read
                    .log_subject
                    .clone()
                    .or_else(|| read.certificate.as_ref().and_then(reported_subject))
                {
                    p.box_subject = Some(subject);
                }
                if read.routes_gone {
                    redetect(&mut client, &p, &mut on_event).await;
                }
                if let Some(finding) = read.stopped {
                    let elapsed_ms = p.ms();
                    return Ok(WatchOutcome::ServiceStopped {
                        finding,
                        certificate: p.certificate,
                        elapsed_ms,
                    });
                }
                if let Some(kind) = p.updates.first_sight(read.update) {
                    let wait = crate::watch_update::allowance(kind);
                    p.deadline = p.deadline.max(Instant::now() + wait);
                    p.changed_at = Instant::now();
                    p.update_pending = true;
                    on_event(WatchEvent::UpdateRunning {
                        kind,
                        elapsed_ms: p.ms(),
                    });
                }
                if let DownloadRetries::Retrying { failed, remaining } = read.retries {
                    if failed > p.retries_seen {
                        p.retries_seen = failed;
                        let left = RETRY_ATTEMPT * remaining;
                        p.deadline = p.deadline.max(Instant::now() + left + RETRY_MARGIN);
                        let until = time::OffsetDateTime::now_utc()
                            + time::Duration::seconds(left.as_secs() as i64);
                        let now_ms = p.ms();
                        on_event(WatchEvent::DownloadRetrying {
                            failed_attempts: failed,
                            attempts: ATTEMPTS,
                            until: crate::box_api::certificate::rfc3339(until),
                            until_ms: now_ms + left.as_millis() as u64,
                            elapsed_ms: now_ms,
                        });
                    }
                }
                if let Some(certificate) = read.certificate {
                    p.certificate_read = true;
                    if certificate != p.certificate {
                        p.changed_at = Instant::now();
                        p.certificate = certificate.clone();
                        on_event(WatchEvent::CertificateChanged {
                            certificate,
                            elapsed_ms: p.ms(),
                        });
                    }
                    // Never ready: the box restarts after every read (`watch_clock`).
                    if let Some(finding) = read.restart_loop {
                        let elapsed_ms = p.ms();
                        return Ok(WatchOutcome::CauseFound {
                            finding,
                            certificate: p.certificate,
                            elapsed_ms,
                        });
                    }
                    if let Some(done) = conclusion(&p, config) {
                        return Ok(done);
                    }
                }
            }
        }

        tokio::select! {
            _ = cancel.cancelled() => return Ok(WatchOutcome::Cancelled { elapsed_ms: p.ms() }),
            _ = tokio::time::sleep(pace_now(&p, client.family()).probe) => {}
        }
    }
}

fn conclusion(p: &Progress, config: &WatchConfig) -> Option<WatchOutcome> {
    if p.update_pending {
        return None;
    }
    let served_changed = p.served_fingerprint() != p.served_before;
    let reported_not_after = match &p.certificate {
        BoxCertificate::Valid { not_after, .. } => not_after.clone(),
        _ => None,
    };
    // nginx serves the certificate the box reports: a real one with the same notAfter (a
    // 16.0 – 18.2 box may have fetched it during the read just before the action).
    let served_matches = p.served.as_ref().is_some_and(|s| {
        s.real && (reported_not_after.is_none() || s.not_after == reported_not_after)
    });
    // "Ready" only once what the HTTPS port serves verifies: trusted, and for the name the box
    // (or the caller) expects; with no such name, an odoo-iot.com name said to be unconfirmed.
    let expected = config.https.and_then(|at| {
        let subject = p.box_subject.as_deref().or(config.known_subject.as_deref());
        watch_name::expected(at.ip(), subject, config.sni.as_deref())
    });
    let names = p.served.as_ref().and_then(|s| {
        s.details
            .as_ref()
            .map(|d| watch_name::check(d, expected.as_deref()))
    });
    let served_verifies = p.served.as_ref().is_some_and(|s| s.trusted)
        && names.is_some_and(watch_name::NameCheck::acceptable);
    match &p.certificate {
        BoxCertificate::Valid { .. } | BoxCertificate::Generated => (config.https.is_none()
            || (served_verifies && (served_changed || served_matches)))
            .then(|| WatchOutcome::CertificateReady {
                certificate: p.certificate.clone(),
                served_changed,
                name_confirmed: names == Some(watch_name::NameCheck::Covers),
                elapsed_ms: p.ms(),
            }),
        BoxCertificate::Failed { .. } | BoxCertificate::Unrecognised { .. } => {
            Some(WatchOutcome::CertificateFailed {
                certificate: p.certificate.clone(),
                elapsed_ms: p.ms(),
            })
        }
        BoxCertificate::NoValidCertificate | BoxCertificate::NotReported => None,
    }
}

/// How long one of 19's download attempts may last, and slack for the last log line.
const RETRY_ATTEMPT: Duration = crate::box_api::retries::ATTEMPT_TIMEOUT;
const RETRY_MARGIN: Duration = Duration::from_secs(30);

struct CertificateRead {
    certificate: Option<BoxCertificate>,
    retries: DownloadRetries,
    /// The status route answered 404: the box speaks another family now.
    routes_gone: bool,
    /// This run's start-up thread died (`watch_stopped`).
    stopped: Option<crate::findings::Finding>,
    /// The subject this run's log names ("SSL certificate '<s>' is valid until").
    log_subject: Option<String>,
    /// The log was read for the subject (once a certificate is reported, `seek_subject`).
    subject_sought: bool,
    /// This run's log shows an update before a restart or reboot (`watch_update`).
    update: Option<crate::watch_update::UpdateKind>,
    /// The answer shows the box restarts after every read, its clock ahead (`watch_clock`).
    restart_loop: Option<crate::findings::Finding>,
}

/// Reads the data route and interprets it; on 18.3+ boxes without a certificate, the logs too,
/// of this run only: started after `restarted_after` (the laptop's clock, moved to the box's
/// by the answer's `Date`) and, where the box says, `odoo_uptime_seconds` ago
/// (docs/protocol/logs.md "Runs"). While 19 is still retrying its download, its failed
/// attempts are not a conclusion yet.
async fn read_certificate(
    client: &BoxClient,
    restarted_after: Option<OffsetDateTime>,
    seek_subject: bool,
) -> CertificateRead {
    let mut read = CertificateRead {
        certificate: None,
        retries: DownloadRetries::None,
        routes_gone: false,
        stopped: None,
        log_subject: None,
        subject_sought: false,
        update: None,
        restart_loop: None,
    };
    let status = match client.status().await {
        Ok(s) => s,
        Err(CoreError::HttpStatus { status: 404, .. }) => {
            read.routes_gone = true;
            return read;
        }
        Err(_) => return read,
    };
    let mut window = RunWindow::of(&status);
    if let Some(asked) = restarted_after {
        window = window.restarted_after(asked, OffsetDateTime::now_utc());
    }
    // 18.3+ name their subject only in the log: read it once a certificate is reported.
    let has_end_date = matches!(
        status.certificate,
        RawCertificate::EndDate { end_date: Some(_) }
    );
    read.subject_sought = seek_subject && has_end_date;
    let logs = match status.certificate {
        RawCertificate::EndDate { end_date: None } => {
            client.logs().await.ok().map(|l| current_run(&l, &window))
        }
        RawCertificate::EndDate { .. } if read.subject_sought => {
            client.logs().await.ok().map(|l| current_run(&l, &window))
        }
        _ => None,
    };
    read.log_subject = logs.as_deref().and_then(crate::diagnose::subject_in_logs);
    if let Some(logs) = &logs {
        read.retries = download_retries(logs);
        read.stopped = crate::watch_stopped::service_stopped(logs);
        read.update = crate::watch_update::update_running(logs);
    }
    let certificate = match read.retries {
        DownloadRetries::Retrying { .. } => BoxCertificate::NoValidCertificate,
        _ => interpret(&status.certificate, logs.as_deref()),
    };
    read.restart_loop =
        crate::watch_clock::restart_loop(&status, &certificate, OffsetDateTime::now_utc());
    read.certificate = Some(certificate);
    read
}

/// Detects the family again (after a restart, or when the status route disappeared) and
/// switches to it, saying so when it changed.
async fn redetect(
    client: &mut BoxClient,
    p: &Progress,
    on_event: &mut (impl FnMut(WatchEvent) + Send),
) {
    let again = BoxClient::connect_to_reading(
        client.http().target(),
        client.http().policy(),
        client.read_options().clone(),
    )
    .await;
    if let Ok(again) = again {
        if again.family() != client.family() {
            on_event(WatchEvent::FamilyChanged {
                family: again.family(),
                elapsed_ms: p.ms(),
            });
        }
        *client = again;
    }
}

async fn served_leaf(client: &BoxClient, config: &WatchConfig) -> Option<Served> {
    let https = config.https?;
    let chain = capture_chain(
        https,
        config.sni.as_deref(),
        &client.http().policy(),
        Duration::from_secs(3),
    )
    .await
    .ok()?;
    let fingerprint = chain.leaf_fingerprint()?;
    let details = chain.certificates.first().and_then(|der| inspect(der).ok());
    let trusted = verify_chain(
        &chain.certificates,
        &config.anchors,
        OffsetDateTime::now_utc(),
    )
    .trusted;
    Some(Served {
        fingerprint,
        real: details
            .as_ref()
            .is_some_and(|d| !d.is_placeholder_cn() && !d.self_signed),
        not_after: details.as_ref().map(|d| d.not_after.clone()),
        trusted,
        details,
    })
}
