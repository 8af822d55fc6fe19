//! An address where Odoo answers but none of the IoT box's routes do: a Windows IoT that
//! checked out its database's older branch at start-up (`check_git_branch()`, iot_drivers
//! `main.py` @aa3796d1, any OS) and now runs Odoo without `iot_drivers`, because its
//! `odoo.conf` loads `server_wide_modules iot_drivers,web` (`setup/win32/setup-iot.nsi`
//! @93eacabd) and only `web` exists on that branch (docs/protocol/restarts.md, "Branch
//! switch"). `web`'s `/web/webclient/version_info` still names the version.

use serde_json::Value;

use crate::http::{BoxHttp, Limits};

/// The longest version string believed (`saas~18.3+e` and the like are far shorter).
const MAX_VERSION: usize = 40;

/// `server_version` from `/web/webclient/version_info`, when Odoo answers it.
pub async fn odoo_version(http: &BoxHttp) -> Option<String> {
    let probe = http.with_limits(Limits::probe()).ok()?;
    let answer = probe
        .post_params(
            "/web/webclient/version_info",
            Value::Object(Default::default()),
        )
        .await
        .ok()?;
    if answer.status != 200 {
        return None;
    }
    version_in(&answer.body)
}

fn version_in(body: &[u8]) -> Option<String> {
    let v: Value = serde_json::from_slice(body).ok()?;
    let version = v.get("result")?.get("server_version")?.as_str()?.trim();
    let plain = !version.is_empty()
        && version.len() <= MAX_VERSION
        && version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '~' | '-' | '+' | '_'));
    plain.then(|| version.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_version_strictly() {
        let ok = br#"{"jsonrpc":"2.0","id":null,"result":{"server_version":"saas~18.3","server_serie":"saas~18.3"}}"#;
        assert_eq!(version_in(ok).as_deref(), Some("saas~18.3"));
        for bad in [
            &br#"{"result":{"server_version":"<script>"}}"#[..],
            br#"{"error":{"message":"x"}}"#,
            br#"{"result":{"server_version":""}}"#,
            b"<html>",
        ] {
            assert_eq!(version_in(bad), None);
        }
    }
}
