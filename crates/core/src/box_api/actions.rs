//! The write operations, one mapping per family (docs/protocol/families.md). Each says plainly when a
//! family has no route for an action instead of guessing one.

use serde_json::json;

use super::family::{ApiFamily, OsFlavour};
use super::rpc::{dropped_is_normal, rpc_result, status_result, ActionOutcome};
use super::BoxClient;
use crate::error::CoreError;
use crate::input::PairingToken;
use crate::secret::Secret;
use crate::unsupported::Unsupported;

impl BoxClient {
    /// Writes the database UUID and contract code; the box restarts Odoo right after
    /// (docs/protocol/credentials.md).
    pub async fn save_credentials(
        &self,
        db_uuid: &str,
        contract_code: &Secret,
    ) -> Result<ActionOutcome, CoreError> {
        match self.family.json_prefix() {
            None => {
                // 16.0: `type='http'` form route; the answer is a meta-refresh snippet
                // (docs/protocol/legacy-html.md).
                let path = "/save_credential";
                let fields = [
                    ("db_uuid", db_uuid),
                    ("enterprise_code", contract_code.expose()),
                ];
                self.expect_html_ack(path, self.http.post_form(path, &fields).await)
                    .await
            }
            Some(prefix) => {
                let path = format!("{prefix}/save_credential");
                let params =
                    json!({ "db_uuid": db_uuid, "enterprise_code": contract_code.expose() });
                self.rpc_action(&path, params).await
            }
        }
    }

    /// Pairs the box with a database using a token typed by the technician (docs/protocol/pairing.md).
    pub async fn pair(&self, token: &PairingToken) -> Result<ActionOutcome, CoreError> {
        match self.family.json_prefix() {
            None => {
                let path = "/server_connect";
                let fields = [("token", token.raw().expose()), ("iotname", "")];
                self.expect_html_ack(path, self.http.post_form(path, &fields).await)
                    .await
            }
            Some(prefix) => {
                let path = format!("{prefix}/connect_to_server");
                self.rpc_action(&path, json!({ "token": token.raw().expose() }))
                    .await
            }
        }
    }

    /// Restarts the Odoo service (not the machine). On 18.3+ this is how a certificate
    /// attempt is forced (docs/protocol/certificate-states.md).
    pub async fn restart_odoo(&self) -> Result<ActionOutcome, CoreError> {
        match self.family.json_prefix() {
            None => {
                self.rpc_action(
                    "/iot_restart_odoo_or_reboot",
                    json!({ "action": "restart_odoo" }),
                )
                .await
            }
            Some(prefix) => {
                self.get_action(&format!("{prefix}/restart_odoo_service"))
                    .await
            }
        }
    }

    /// Reboots the machine where the family has a route for it (docs/protocol/families.md).
    pub async fn reboot(&self, flavour: OsFlavour) -> Result<ActionOutcome, CoreError> {
        if flavour == OsFlavour::Windows {
            return Err(Unsupported::RebootWindows.into());
        }
        match self.family {
            ApiFamily::LegacyHtml => {
                self.rpc_action(
                    "/iot_restart_odoo_or_reboot",
                    json!({ "action": "reboot_iot_box" }),
                )
                .await
            }
            ApiFamily::HwPosboxStatus => {
                let path = "/hw_posbox_homepage/restart_iotbox";
                let answer = dropped_is_normal(self.http.get(path).await)?;
                match answer {
                    Some(a) if a.status == 404 => Err(Unsupported::RebootNoRoute.into()),
                    Some(a) => {
                        status_result(path, &super::detect::json_object(path, &a.body)?.into())
                    }
                    None => Ok(ActionOutcome::ConnectionDropped),
                }
            }
            ApiFamily::HwPosboxEndDate | ApiFamily::IotDrivers => {
                Err(Unsupported::RebootNewer.into())
            }
        }
    }

    async fn rpc_action(
        &self,
        path: &str,
        params: serde_json::Value,
    ) -> Result<ActionOutcome, CoreError> {
        match dropped_is_normal(self.http.post_params(path, params).await)? {
            Some(answer) => status_result(path, &rpc_result(path, &answer)?),
            None => Ok(ActionOutcome::ConnectionDropped),
        }
    }

    async fn get_action(&self, path: &str) -> Result<ActionOutcome, CoreError> {
        match dropped_is_normal(self.http.get(path).await)? {
            Some(answer) if answer.status != 200 => Err(CoreError::HttpStatus {
                path: path.into(),
                status: answer.status,
            }),
            Some(answer) => status_result(
                path,
                &super::detect::json_object(path, &answer.body)?.into(),
            ),
            None => Ok(ActionOutcome::ConnectionDropped),
        }
    }

    async fn expect_html_ack(
        &self,
        path: &str,
        result: Result<crate::http::Answer, CoreError>,
    ) -> Result<ActionOutcome, CoreError> {
        match dropped_is_normal(result)? {
            Some(a) if a.status == 200 || a.status == 303 || a.status == 302 => {
                Ok(ActionOutcome::Accepted { message: None })
            }
            Some(a) => Err(CoreError::HttpStatus {
                path: path.into(),
                status: a.status,
            }),
            None => Ok(ActionOutcome::ConnectionDropped),
        }
    }
}
