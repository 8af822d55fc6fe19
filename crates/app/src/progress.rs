//! Progress of a use case, one way for both shells: the window forwards each item over a
//! Tauri `Channel`, the CLI prints a line or a JSON object. Any `Fn(T)` is a `Progress<T>`.

/// Receives the items a use case reports while it runs (slow reads, watch events, results).
pub trait Progress<T>: Send + Sync {
    fn report(&self, item: T);
}

impl<T, F: Fn(T) + Send + Sync> Progress<T> for F {
    fn report(&self, item: T) {
        self(item)
    }
}

/// Nobody listens (a script's `--json` run, a test).
pub struct Silent;

impl<T> Progress<T> for Silent {
    fn report(&self, _item: T) {}
}
