//! Talking to a box: detect its API family by probing (protocol §8.3), then read its status.
//! One adapter per family grows here (save credentials, pair, restart, reboot, logs).

mod actions;
pub mod certificate;
mod detect;
mod family;
#[cfg(test)]
mod fuzz;
pub mod legacy;
pub mod rpc;
mod status;

use std::net::SocketAddr;

pub use certificate::{interpret, BoxCertificate, CodeSource, OdooCode};
pub use detect::detect_family;
pub use family::{ApiFamily, OsFlavour, RetryMethod};
pub use rpc::ActionOutcome;
pub use status::{BoxStatus, Credentials, Pairing, RawCertificate};

use crate::address::BoxAddress;
use crate::error::CoreError;
use crate::http::{BoxHttp, Limits};
use crate::net_policy::NetPolicy;

/// A box whose family is known.
#[derive(Debug, Clone)]
pub struct BoxClient {
    http: BoxHttp,
    family: ApiFamily,
}

impl BoxClient {
    /// Resolves the address under `policy` (narrowed to loopback when the box is on loopback),
    /// then probes the family.
    pub async fn connect(address: &BoxAddress, policy: NetPolicy) -> Result<Self, CoreError> {
        let target = address.resolve(&policy).await?;
        Self::connect_to(target, policy).await
    }

    pub async fn connect_to(target: SocketAddr, policy: NetPolicy) -> Result<Self, CoreError> {
        Self::connect_with_limits(target, policy, Limits::default()).await
    }

    pub async fn connect_with_limits(
        target: SocketAddr,
        policy: NetPolicy,
        limits: Limits,
    ) -> Result<Self, CoreError> {
        let http = BoxHttp::new(target, policy.for_target(target.ip()), limits)?;
        let family = detect_family(&http).await?;
        Ok(Self { http, family })
    }

    pub fn family(&self) -> ApiFamily {
        self.family
    }

    pub fn http(&self) -> &BoxHttp {
        &self.http
    }

    /// Reads identity, pairing, credentials presence and the raw certificate state.
    /// On 16.0 – saas-18.2 this read may itself make the box try odoo.com (§4.1).
    pub async fn status(&self) -> Result<BoxStatus, CoreError> {
        let address = self.http.target().to_string();
        match self.family.json_prefix() {
            Some(prefix) => {
                let path = format!("{prefix}/data");
                let answer = self.http.get(&path).await?;
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
            None => legacy::read(&self.http, address).await,
        }
    }
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
}

impl BoxClient {
    /// Status plus interpretation. On 18.3+ boxes without a certificate the (read-only) log
    /// route is read too, because that is the only place the cause appears (§4.3).
    pub async fn report(&self) -> Result<BoxReport, CoreError> {
        let status = self.status().await?;
        let logs = match status.certificate {
            RawCertificate::EndDate { end_date: None } => self.logs().await.ok(),
            _ => None,
        };
        let certificate_state = interpret(&status.certificate, logs.as_deref());
        Ok(BoxReport {
            retry: status.family.retry_method(),
            status,
            certificate_state,
        })
    }
}

/// Connects, detects and reads in one go.
pub async fn read_status(address: &BoxAddress, policy: NetPolicy) -> Result<BoxReport, CoreError> {
    BoxClient::connect(address, policy).await?.report().await
}
