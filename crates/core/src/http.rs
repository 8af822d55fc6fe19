//! A deliberately small HTTP client for talking to a box: an unauthenticated LAN service that
//! must be treated as hostile. Every request asks the network policy first, has a deadline that
//! covers the whole body, reads at most `max_body` bytes, and never follows redirects or uses
//! an environment proxy (either could take a request somewhere the policy never saw).

use std::net::SocketAddr;
use std::time::Duration;

use crate::error::CoreError;
use crate::net_policy::NetPolicy;

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Deadline for one request, body included.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub max_body: usize,
}

impl Default for Limits {
    fn default() -> Self {
        // Odoo's own clients use 5–6 s for LAN calls; JSON status bodies are a few KiB, but a
        // 16.0 homepage lists every device and can pass 1 MiB (docs/protocol/legacy-html.md).
        Self {
            timeout: Duration::from_secs(6),
            connect_timeout: Duration::from_secs(4),
            max_body: 4 << 20,
        }
    }
}

impl Limits {
    /// For side-effect-free liveness probes while a box restarts.
    pub fn probe() -> Self {
        Self {
            timeout: Duration::from_secs(4),
            connect_timeout: Duration::from_secs(2),
            max_body: 64 << 10,
        }
    }
}

/// What came back, reduced to what callers use.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub content_type: Option<String>,
    /// The HTTP `Date` header: the box's clock, used to spot clock skew.
    pub date: Option<String>,
    pub location: Option<String>,
    pub body: Vec<u8>,
    /// Only the end of a longer body was kept (`get_tail`).
    pub truncated: bool,
}

impl Answer {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

#[derive(Debug, Clone)]
pub struct BoxHttp {
    client: reqwest::Client,
    target: SocketAddr,
    policy: NetPolicy,
    limits: Limits,
}

impl BoxHttp {
    pub fn new(target: SocketAddr, policy: NetPolicy, limits: Limits) -> Result<Self, CoreError> {
        policy.check(target.ip())?;
        // A fresh connection per request: the box's Python server writes headers and body
        // separately, so a second request on a kept-alive connection waits ~40 ms for a
        // delayed ACK (docs/protocol/speed.md). Loopback and LAN connects cost far less.
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .tcp_nodelay(true)
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(limits.timeout)
            .connect_timeout(limits.connect_timeout)
            .user_agent(concat!("iot-https-assistant/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| CoreError::Unreachable {
                target: target.to_string(),
                detail: e.to_string(),
            })?;
        Ok(Self {
            client,
            target,
            policy,
            limits,
        })
    }

    pub fn target(&self) -> SocketAddr {
        self.target
    }

    pub fn policy(&self) -> NetPolicy {
        self.policy
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    pub fn with_limits(&self, limits: Limits) -> Result<Self, CoreError> {
        Self::new(self.target, self.policy, limits)
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.target, path)
    }

    pub async fn get(&self, path: &str) -> Result<Answer, CoreError> {
        self.send(path, self.client.get(self.url(path))).await
    }

    /// A GET that keeps the last `limits.max_body` bytes of a longer body instead of refusing
    /// it (logs: the end is what matters). Memory stays within twice the limit.
    pub async fn get_tail(&self, path: &str) -> Result<Answer, CoreError> {
        self.policy.check(self.target.ip())?;
        let request = self.client.get(self.url(path));
        match tokio::time::timeout(self.limits.timeout, self.exchange(path, request, true)).await {
            Ok(result) => result,
            Err(_) => Err(self.timeout(path)),
        }
    }

    /// JSON-RPC POST as Odoo's own front-end sends it: only `{"params": …}` (odoo-iot-protocol.md §2.3).
    pub async fn post_params(
        &self,
        path: &str,
        params: serde_json::Value,
    ) -> Result<Answer, CoreError> {
        let body = serde_json::json!({ "params": params });
        self.send(path, self.client.post(self.url(path)).json(&body))
            .await
    }

    /// Form-encoded POST, for 16.0's `type='http'` write routes (odoo-iot-protocol.md §2.3).
    pub async fn post_form(
        &self,
        path: &str,
        fields: &[(&str, &str)],
    ) -> Result<Answer, CoreError> {
        self.send(path, self.client.post(self.url(path)).form(fields))
            .await
    }

    async fn send(
        &self,
        path: &str,
        request: reqwest::RequestBuilder,
    ) -> Result<Answer, CoreError> {
        self.policy.check(self.target.ip())?;
        let deadline = self.limits.timeout;
        match tokio::time::timeout(deadline, self.exchange(path, request, false)).await {
            Ok(result) => result,
            Err(_) => Err(self.timeout(path)),
        }
    }

    async fn exchange(
        &self,
        path: &str,
        request: reqwest::RequestBuilder,
        tail: bool,
    ) -> Result<Answer, CoreError> {
        let mut response = request
            .send()
            .await
            .map_err(|e| self.map_send_error(path, e))?;
        let header = |name: reqwest::header::HeaderName| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let content_type = header(reqwest::header::CONTENT_TYPE);
        let date = header(reqwest::header::DATE);
        let location = header(reqwest::header::LOCATION);
        let status = response.status().as_u16();
        let max = self.limits.max_body;
        if !tail
            && response
                .content_length()
                .is_some_and(|len| len > max as u64)
        {
            return Err(CoreError::BodyTooLarge {
                path: path.into(),
                limit: self.limits.max_body,
            });
        }
        let mut body = Vec::new();
        let mut truncated = false;
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) if tail => {
                    body.extend_from_slice(&chunk);
                    if body.len() > 2 * max {
                        body.drain(..body.len() - max);
                        truncated = true;
                    }
                }
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > self.limits.max_body {
                        return Err(CoreError::BodyTooLarge {
                            path: path.into(),
                            limit: self.limits.max_body,
                        });
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) if e.is_timeout() => return Err(self.timeout(path)),
                Err(e) => {
                    return Err(CoreError::ConnectionLost {
                        target: self.target.to_string(),
                        path: path.into(),
                        detail: error_chain(&e),
                    })
                }
            }
        }
        if body.len() > max {
            body.drain(..body.len() - max);
            truncated = true;
        }
        Ok(Answer {
            status,
            content_type,
            date,
            location,
            body,
            truncated,
        })
    }

    fn timeout(&self, path: &str) -> CoreError {
        CoreError::Timeout {
            target: self.target.to_string(),
            path: path.into(),
            after_ms: self.limits.timeout.as_millis() as u64,
        }
    }

    fn map_send_error(&self, path: &str, e: reqwest::Error) -> CoreError {
        if e.is_timeout() {
            self.timeout(path)
        } else if e.is_connect() {
            CoreError::Unreachable {
                target: self.target.to_string(),
                detail: error_chain(&e),
            }
        } else {
            CoreError::ConnectionLost {
                target: self.target.to_string(),
                path: path.into(),
                detail: error_chain(&e),
            }
        }
    }
}

/// reqwest's top-level message is generic ("error sending request"); the cause is below it.
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}
