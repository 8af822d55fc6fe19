//! Waiting for something to happen by looking again, never by sleeping a guessed time.

use std::time::Duration;

use tokio::time::Instant;

/// Looks at `condition` every 10 ms until it holds. After `limit` the test fails naming `what`:
/// the limit only turns a hang into a failure, so it is generous, never a speed requirement.
pub async fn wait_until(what: &str, limit: Duration, mut condition: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !condition() {
        assert!(Instant::now() < deadline, "waited {limit:?} for: {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn returns_once_the_condition_holds() {
        let mut looks = 0;
        wait_until("the third look", Duration::from_secs(5), || {
            looks += 1;
            looks == 3
        })
        .await;
        assert_eq!(looks, 3);
    }

    #[tokio::test]
    #[should_panic(expected = "waited 50ms for: never")]
    async fn fails_naming_what_it_waited_for() {
        wait_until("never", Duration::from_millis(50), || false).await;
    }
}
