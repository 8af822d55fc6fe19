//! The built-in simulated box behind "Use demo box": the same simulator the tests use, run in
//! process on free loopback ports, started on first use and kept for the app's lifetime. A
//! trainer can pick any family, flavour and scenario (training mode); picking another one
//! replaces the running box.

use std::net::SocketAddr;
use std::time::Duration;

use iot_box_sim::{Family, Flavour, Scenario, SimConfig, SimHandle};
use iot_https_core::diagnose::DiagnoseOptions;
use serde::Serialize;
use tokio::sync::Mutex;

/// The box's own waits (odoo.com timeouts, 19's retries) run ten times faster in the demo, so a
/// training scenario shows them in seconds rather than minutes.
const DEMO_TIME_SCALE: f64 = 0.1;

#[derive(Default)]
pub struct DemoBox {
    running: Mutex<Option<(DemoChoice, SimHandle)>>,
}

/// Which simulated box to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoChoice {
    pub family: Family,
    pub flavour: Flavour,
    pub scenario: Scenario,
}

impl Default for DemoChoice {
    fn default() -> Self {
        let demo = SimConfig::demo();
        Self {
            family: demo.family,
            flavour: demo.flavour,
            scenario: demo.scenario,
        }
    }
}

/// Where the demo box listens and which CA signs its certificates.
#[derive(Clone)]
pub struct DemoEndpoints {
    pub http: SocketAddr,
    pub https: Option<SocketAddr>,
    pub ca_pem: String,
}

/// A name the picker offers, with the simulator's one-line description.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DemoOption {
    pub name: &'static str,
    pub description: &'static str,
}

/// Everything the demo box can be.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DemoCatalog {
    pub families: Vec<DemoOption>,
    pub flavours: Vec<DemoOption>,
    pub scenarios: Vec<DemoOption>,
}

pub fn catalog() -> DemoCatalog {
    DemoCatalog {
        families: Family::all()
            .iter()
            .map(|f| DemoOption {
                name: f.as_str(),
                description: f.description(),
            })
            .collect(),
        flavours: Flavour::all()
            .iter()
            .map(|f| DemoOption {
                name: f.as_str(),
                description: f.description(),
            })
            .collect(),
        scenarios: Scenario::all()
            .iter()
            .map(|s| DemoOption {
                name: s.as_str(),
                description: s.description(),
            })
            .collect(),
    }
}

fn endpoints(sim: &SimHandle) -> DemoEndpoints {
    DemoEndpoints {
        http: sim.http_addr(),
        https: sim.https_addr(),
        ca_pem: sim.ca_pem(),
    }
}

impl DemoBox {
    /// The demo box's endpoints, starting it (or replacing it by `choice`) if needed.
    pub async fn start(&self, choice: Option<DemoChoice>) -> Result<DemoEndpoints, String> {
        let mut running = self.running.lock().await;
        let wanted = match (choice, running.as_ref()) {
            (Some(c), _) => c,
            (None, Some((current, _))) => *current,
            (None, None) => DemoChoice::default(),
        };
        if running.as_ref().is_some_and(|(c, _)| *c != wanted) {
            if let Some((_, old)) = running.take() {
                old.shutdown().await;
            }
        }
        if running.is_none() {
            let sim = iot_box_sim::spawn(SimConfig {
                family: wanted.family,
                flavour: wanted.flavour,
                scenario: wanted.scenario,
                time_scale: DEMO_TIME_SCALE,
                restart: Duration::from_millis(3000),
                ..SimConfig::demo()
            })
            .await
            .map_err(|e| e.to_string())?;
            *running = Some((wanted, sim));
        }
        let (_, sim) = running.as_ref().ok_or("the demo box is not running")?;
        Ok(endpoints(sim))
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
        let (_, sim) = running.as_ref()?;
        Some(endpoints(sim))
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
