//! The built-in simulated box behind "Use demo box": the same simulator the tests use, run in
//! process on free loopback ports, started on first use and kept for the app's lifetime.

use std::net::SocketAddr;

use iot_box_sim::{SimConfig, SimHandle};
use tokio::sync::Mutex;

#[derive(Default)]
pub struct DemoBox {
    running: Mutex<Option<SimHandle>>,
}

/// Where the demo box listens and which CA signs its certificates.
#[derive(Clone)]
pub struct DemoEndpoints {
    pub http: SocketAddr,
    pub https: Option<SocketAddr>,
    pub ca_pem: String,
}

impl DemoBox {
    /// The demo box's endpoints, starting it if needed.
    pub async fn start(&self) -> Result<DemoEndpoints, String> {
        let mut running = self.running.lock().await;
        if running.is_none() {
            *running = Some(
                iot_box_sim::spawn(SimConfig::demo())
                    .await
                    .map_err(|e| e.to_string())?,
            );
        }
        let sim = running.as_ref().ok_or("the demo box is not running")?;
        Ok(DemoEndpoints {
            http: sim.http_addr(),
            https: sim.https_addr(),
            ca_pem: sim.ca_pem(),
        })
    }

    /// The endpoints when `target` is the running demo box.
    pub async fn matching(&self, target: &str) -> Option<DemoEndpoints> {
        let running = self.running.lock().await;
        let sim = running.as_ref()?;
        (sim.http_addr().to_string() == target).then(|| DemoEndpoints {
            http: sim.http_addr(),
            https: sim.https_addr(),
            ca_pem: sim.ca_pem(),
        })
    }
}
