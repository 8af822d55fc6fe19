//! The one HTTP client for an Odoo database server. Unlike a box, a database carries a
//! credential, so on top of `http::BoxHttp`'s rules (policy before every request, a deadline
//! covering the body, a body cap, no proxy, no redirects) it is pinned: the address the policy
//! approved is the address connected to, the API key goes only to the origin it was entered
//! for (a redirect is an error, never followed), and plain HTTP is refused unless the server is
//! on loopback (the stand-in in tests and the demo).

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION, CONTENT_TYPE, LOCATION};
use reqwest::Url;

use super::error::{OdooDbError, UrlProblem};
use super::BadAnswerReason;
use crate::http::error_chain;
use crate::net_policy::{is_loopback, NetPolicy, PolicyRefusal};
use crate::secret::Secret;

/// A database answers a few hundred `iot.box` rows; a far larger body is not Odoo.
pub const MAX_BODY: usize = 8 << 20;
/// Odoo.sh and on-premise servers across the internet: slower than a box on the LAN.
const TIMEOUT: Duration = Duration::from_secs(20);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(8);

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn is_json(&self) -> bool {
        self.content_type
            .as_deref()
            .is_some_and(|c| c.trim_start().starts_with("application/json"))
    }

    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

#[derive(Debug, Clone)]
pub struct DbEndpoint {
    base: Url,
    client: reqwest::Client,
    policy: NetPolicy,
    target: SocketAddr,
}

/// What a technician types: `https://shop.odoo.com`, `shop.example.com:8443/odoo`, or for the
/// stand-in `http://127.0.0.1:8069`. No scheme means HTTPS.
pub fn parse_url(input: &str) -> Result<Url, OdooDbError> {
    let invalid = |problem: UrlProblem| OdooDbError::InvalidUrl {
        input: input.to_owned(),
        problem,
    };
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(invalid(UrlProblem::Empty));
    }
    let with_scheme = if trimmed.contains("://") {
        trimmed.to_owned()
    } else {
        format!("https://{trimmed}")
    };
    let mut url = Url::parse(&with_scheme).map_err(|e| {
        invalid(UrlProblem::NotWeb {
            error: e.to_string(),
        })
    })?;
    if !matches!(url.scheme(), "https" | "http") {
        return Err(invalid(UrlProblem::Scheme));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(UrlProblem::UserInfo));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid(UrlProblem::NoHost));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid(UrlProblem::QueryOrFragment));
    }
    // A pasted `…/odoo/action-…` or `/web#…` is the web client, not the server root.
    let path = url.path().trim_end_matches('/').to_owned();
    let root = ["/odoo", "/web"]
        .iter()
        .find_map(|p| {
            path.find(&format!("{p}/"))
                .or_else(|| path.ends_with(p).then(|| path.len() - p.len()))
        })
        .map_or(path.clone(), |i| path[..i].to_owned());
    url.set_path(&root);
    Ok(url)
}

fn host_ip(url: &Url) -> Option<IpAddr> {
    match url.host()? {
        url::Host::Ipv4(v4) => Some(IpAddr::V4(v4)),
        url::Host::Ipv6(v6) => Some(IpAddr::V6(v6)),
        url::Host::Domain(d) if d.eq_ignore_ascii_case("localhost") => {
            Some(IpAddr::from([127, 0, 0, 1]))
        }
        url::Host::Domain(_) => None,
    }
}

impl DbEndpoint {
    /// Parses, resolves once, asks the policy, and builds a client pinned to that address.
    pub async fn connect(input: &str, policy: NetPolicy) -> Result<Self, OdooDbError> {
        let base = parse_url(input)?;
        let host = base.host_str().unwrap_or_default().to_owned();
        let port = base.port_or_known_default().unwrap_or(443);
        let ip = match host_ip(&base) {
            Some(ip) => ip,
            None if !policy.is_real() => {
                return Err(OdooDbError::PolicyRefused(PolicyRefusal {
                    target: host,
                    mode: policy
                        .loopback_reason()
                        .unwrap_or(crate::net_policy::LoopbackReason::Test),
                    scope: crate::net_policy::Refused::Name,
                }))
            }
            None => tokio::net::lookup_host((host.as_str(), port))
                .await
                .map_err(|e| OdooDbError::NoAddress {
                    url: display(&base),
                    host: host.clone(),
                    detail: Some(e.to_string()),
                })?
                .next()
                .ok_or_else(|| OdooDbError::NoAddress {
                    url: display(&base),
                    host: host.clone(),
                    detail: None,
                })?
                .ip(),
        };
        let policy = policy.for_target(ip);
        policy.check(ip)?;
        if base.scheme() == "http" && !is_loopback(ip) {
            return Err(OdooDbError::NotHttps {
                url: display(&base),
            });
        }
        let target = SocketAddr::new(ip, port);
        let mut builder = reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .https_only(base.scheme() == "https")
            .timeout(TIMEOUT)
            .connect_timeout(CONNECT_TIMEOUT)
            .user_agent(concat!("iot-https-assistant/", env!("CARGO_PKG_VERSION")));
        if host_ip(&base).is_none() {
            // The connection goes where the policy looked, whatever DNS says a moment later.
            builder = builder.resolve(&host, target);
        }
        let client = builder.build().map_err(|e| OdooDbError::Unreachable {
            url: display(&base),
            detail: e.to_string(),
        })?;
        Ok(Self {
            base,
            client,
            policy,
            target,
        })
    }

    /// The address as shown to people: scheme, host, port, path — never a credential.
    pub fn display(&self) -> String {
        display(&self.base)
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base.as_str().trim_end_matches('/'), path)
    }

    pub async fn get(&self, path: &str) -> Result<Reply, OdooDbError> {
        self.send(self.client.get(self.url(path))).await
    }

    /// A JSON POST; with `key`, `Authorization: bearer …` (marked sensitive, so no debug output
    /// of the request shows it) and with `database`, `X-Odoo-Database`.
    pub async fn post_json(
        &self,
        path: &str,
        body: &serde_json::Value,
        key: Option<&Secret>,
        database: Option<&str>,
    ) -> Result<Reply, OdooDbError> {
        let mut headers = HeaderMap::new();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        if let Some(key) = key {
            let mut value =
                HeaderValue::from_str(&format!("bearer {}", key.expose())).map_err(|_| {
                    OdooDbError::BadAnswer {
                        url: self.display(),
                        what: "Authorization".into(),
                        reason: BadAnswerReason::KeyCharacters,
                    }
                })?;
            value.set_sensitive(true);
            headers.insert(AUTHORIZATION, value);
        }
        if let Some(db) = database {
            if let Ok(value) = HeaderValue::from_str(db) {
                headers.insert("X-Odoo-Database", value);
            }
        }
        let body = serde_json::to_vec(body).unwrap_or_default();
        self.send(self.client.post(self.url(path)).headers(headers).body(body))
            .await
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Result<Reply, OdooDbError> {
        self.policy.check(self.target.ip())?;
        match tokio::time::timeout(TIMEOUT, self.exchange(request)).await {
            Ok(result) => result,
            Err(_) => Err(OdooDbError::NoAnswerWithin {
                url: self.display(),
                seconds: TIMEOUT.as_secs(),
            }),
        }
    }

    async fn exchange(&self, request: reqwest::RequestBuilder) -> Result<Reply, OdooDbError> {
        let mut response = request
            .send()
            .await
            .map_err(|e| self.unreachable(error_chain(&e)))?;
        let status = response.status().as_u16();
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
                .map(str::to_owned)
        };
        if (300..400).contains(&status) {
            return Err(OdooDbError::Redirected {
                url: self.display(),
                location: header(LOCATION),
            });
        }
        let content_type = header(CONTENT_TYPE);
        let too_large = || OdooDbError::BadAnswer {
            url: self.display(),
            what: self.display(),
            reason: BadAnswerReason::TooLarge { limit: MAX_BODY },
        };
        if response
            .content_length()
            .is_some_and(|len| len > MAX_BODY as u64)
        {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| self.unreachable(error_chain(&e)))?
        {
            if body.len() + chunk.len() > MAX_BODY {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Reply {
            status,
            content_type,
            body,
        })
    }

    fn unreachable(&self, detail: String) -> OdooDbError {
        OdooDbError::Unreachable {
            url: self.display(),
            detail,
        }
    }
}

fn display(url: &Url) -> String {
    url.as_str().trim_end_matches('/').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net_policy::LoopbackReason;

    #[test]
    fn reads_what_technicians_paste() {
        let ok = |s: &str| parse_url(s).unwrap().to_string();
        assert_eq!(ok("shop.odoo.com"), "https://shop.odoo.com/");
        assert_eq!(
            ok("https://shop.odoo.com/odoo/action-iot.iot_box_action"),
            "https://shop.odoo.com/"
        );
        assert_eq!(
            ok("https://erp.example.com:8443/erp/web"),
            "https://erp.example.com:8443/erp"
        );
        for (bad, why) in [
            ("", "enter the database"),
            ("ftp://x.example", "only https"),
            ("https://me:pw@x.example", "user name"),
            ("https://x.example/web?debug=1", "without ?"),
        ] {
            let err = parse_url(bad).unwrap_err().to_string();
            assert!(err.contains(why), "{bad}: {err}");
        }
        // What the reader sees is the catalogue's, in their language; no English detail.
        let wire = crate::wire::WireError::from(&parse_url("https://me:pw@x.example").unwrap_err());
        assert_eq!(wire.detail, None);
        assert!(
            wire.render("de").contains("Benutzername"),
            "{}",
            wire.render("de")
        );
        let wire = crate::wire::WireError::from(&parse_url("").unwrap_err());
        assert!(
            wire.render("nl").starts_with("Vul het webadres"),
            "{}",
            wire.render("nl")
        );
    }

    #[tokio::test]
    async fn plain_http_is_refused_unless_loopback_and_names_are_not_looked_up_in_test_mode() {
        let real = NetPolicy::real();
        let err = DbEndpoint::connect("http://192.0.2.7:8069", real)
            .await
            .unwrap_err();
        assert_eq!(err.code(), "ODOO_URL_NOT_HTTPS");
        assert!(DbEndpoint::connect("http://127.0.0.1:8069", real)
            .await
            .is_ok());
        let test = NetPolicy::loopback_only(LoopbackReason::Test);
        for refused in ["https://shop.example", "https://192.0.2.7"] {
            let err = DbEndpoint::connect(refused, test).await.unwrap_err();
            assert_eq!(err.code(), "NET_POLICY_REFUSED", "{refused}");
        }
    }
}
