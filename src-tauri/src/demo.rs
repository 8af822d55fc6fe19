//! The built-in simulated box behind "Use demo box": the same simulator the tests use, run in
//! process on free loopback ports, started on first use and kept for the app's lifetime.

use std::net::SocketAddr;

use iot_box_sim::{SimConfig, SimHandle};
use iot_https_core::diagnose::DiagnoseOptions;
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
        self.running()
            .await
            .filter(|d| d.http.to_string() == target)
    }

    /// The endpoints when the demo box is running.
    pub async fn running(&self) -> Option<DemoEndpoints> {
        let running = self.running.lock().await;
        let sim = running.as_ref()?;
        Some(DemoEndpoints {
            http: sim.http_addr(),
            https: sim.https_addr(),
            ca_pem: sim.ca_pem(),
        })
    }
}

impl DemoEndpoints {
    /// Diagnosis options for `address`: the demo box serves HTTPS on its own port with its own
    /// test CA; any other box gets `base` unchanged.
    pub fn options_for(
        demo: Option<&Self>,
        address: &str,
        base: &DiagnoseOptions,
    ) -> DiagnoseOptions {
        let mut opts = base.clone();
        if let Some(demo) = demo.filter(|d| d.http.to_string() == address) {
            if let Some(https) = demo.https {
                opts.https_port = https.port();
            }
            let _ = opts.anchors.add_pem(&demo.ca_pem);
        }
        opts
    }
}
