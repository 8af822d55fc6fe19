//! The built-in simulated box behind "Use demo box": the same simulator the tests use, run in
//! process on a free loopback port, started on first use and kept for the app's lifetime.

use iot_box_sim::{SimConfig, SimHandle};
use tokio::sync::Mutex;

#[derive(Default)]
pub struct DemoBox {
    running: Mutex<Option<SimHandle>>,
}

impl DemoBox {
    /// The demo box's `ip:port`, starting it if needed.
    pub async fn address(&self) -> Result<String, String> {
        let mut running = self.running.lock().await;
        if running.is_none() {
            let handle = iot_box_sim::spawn(SimConfig::demo()).await.map_err(|e| e.to_string())?;
            *running = Some(handle);
        }
        Ok(running.as_ref().map(|h| h.http_addr().to_string()).unwrap_or_default())
    }
}
