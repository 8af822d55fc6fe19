//! `save_preferences` and `app_info` through IPC on the mock runtime: what the window saves is
//! what the next start hands the page. The store lives in the app's data folder, which this
//! binary (one test: the variable is the whole process's) points at its own directory.

use crate::common::{invoke, window, Dir};
use serde_json::json;

#[test]
fn saved_preferences_come_back_with_the_app_facts() {
    let dir = Dir::new("preferences");
    std::env::set_var("XDG_DATA_HOME", &dir.0);
    let w = window(&dir);
    let preferences = json!({
        "language": "nl",
        "lastTab": null,
        "reportFormat": "html",
        "defaultResolvers": ["9.9.9.9"],
    });
    let saved = invoke(&w, "save_preferences", json!({"preferences": preferences})).unwrap();
    assert_eq!(saved, json!(null));
    let info = invoke(&w, "app_info", json!({})).unwrap();
    assert_eq!(info["preferences"]["language"], "nl", "{info}");
    assert_eq!(info["preferences"]["reportFormat"], "html", "{info}");
    assert!(
        dir.0.join("preferences.json").is_file()
            || std::fs::read_dir(&dir.0).unwrap().any(|e| e
                .unwrap()
                .path()
                .join("preferences.json")
                .is_file()),
        "the store wrote under the test's data folder"
    );
}
