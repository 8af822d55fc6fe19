//! What the mock-runtime command tests share: the window as the real app builds it (`build_app`)
//! on Tauri's mock runtime, with a memory keyring and a sites file in a fresh directory; `invoke`
//! sends a command through IPC as the page does (camelCase JSON) and keeps every answer, so a
//! test can search all of them for a canary.

use std::sync::{Arc, Mutex, MutexGuard};

use iot_https_app::keyring::MemoryKeyring;
use iot_https_app::Session;
use iot_https_assistant_lib::{build_app, AppState};
use iot_https_core::net_policy::LoopbackReason;
use iot_https_core::sites::SiteStore;
use iot_https_core::NetPolicy;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::INVOKE_KEY;
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};

pub type Window = WebviewWindow<MockRuntime>;

/// A test's own directory (sites file, fleet file, neighbour table), removed on drop.
pub struct Dir(pub std::path::PathBuf);

impl Dir {
    pub fn new(test: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("iot-https-commands-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    pub fn sites_file(&self) -> std::path::PathBuf {
        self.0.join("sites.json")
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The window on a loopback-only session whose keyring is `keyring`.
pub fn window_with(dir: &Dir, keyring: Arc<MemoryKeyring>) -> Window {
    let session = Session::with_keyring(
        NetPolicy::loopback_only(LoopbackReason::Test),
        SiteStore::new(dir.sites_file()),
        keyring,
    );
    let app = build_app(mock_builder(), AppState::with_session(session, None))
        .build(mock_context(noop_assets()))
        .expect("the app builds on the mock runtime");
    WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("a mock window")
}

pub fn window(dir: &Dir) -> Window {
    window_with(dir, Arc::new(MemoryKeyring::default()))
}

/// Every answer and error the webview received in this process, as JSON text.
static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());

pub fn seen() -> Vec<String> {
    SEEN.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

/// Calls `cmd` as the page does; `Ok` is the answer, `Err` the rejection (a `WireError`).
pub fn invoke(window: &Window, cmd: &str, args: Value) -> Result<Value, Value> {
    let answer = get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.into(),
        },
    )
    .map(|body| body.deserialize::<Value>().expect("a JSON answer"));
    let text = match &answer {
        Ok(v) | Err(v) => v.to_string(),
    };
    SEEN.lock().unwrap_or_else(|e| e.into_inner()).push(text);
    answer
}

/// The rejection's code (the test fails when the command succeeded).
pub fn refused(window: &Window, cmd: &str, args: Value) -> String {
    let err = invoke(window, cmd, args).expect_err(cmd);
    assert!(err["message"].as_str().is_some(), "{cmd}: {err}");
    err["code"].as_str().unwrap_or_default().to_owned()
}

/// A `Channel` argument as the page sends it (`__CHANNEL__:<callback id>`); what the command
/// sends on it goes nowhere in the mock runtime.
pub fn channel() -> Value {
    json!("__CHANNEL__:1")
}

/// The tests that talk to the demo box hold this: one of them sets the rig's neighbour table
/// (`IOT_HTTPS_NEIGHBOUR_TABLE`), a variable of the whole process.
static DEMO_BOX: Mutex<()> = Mutex::new(());

pub fn demo_box_lock() -> MutexGuard<'static, ()> {
    DEMO_BOX.lock().unwrap_or_else(|e| e.into_inner())
}

/// Starts the in-process demo box (a healthy iot-drivers Pi unless `choice` says otherwise)
/// and returns its loopback address.
pub fn demo_box(window: &Window, choice: Value) -> String {
    let address = invoke(window, "start_demo_box", json!({ "choice": choice })).unwrap();
    let address = address.as_str().expect("the demo box's address").to_owned();
    assert!(address.starts_with("127.0.0.1:"), "{address}");
    address
}
