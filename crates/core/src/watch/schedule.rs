//! How often the watch asks the box. Fast right after something changed (the box came back,
//! it reported a new certificate, its HTTPS port served another one), because that is when the
//! certificate lands and the technician is looking at the window; then backing off, so a box
//! that takes minutes is not asked four times a second for minutes. The watch sends its
//! requests one after the other, so there is never more than one in flight whatever the pace.
//! Measured by `bench/valid-after-serve.sh` (bench/README.md).

use std::time::Duration;

/// The pace right after a change: a restarted 19 box installs its certificate ≈ 2 s after it
/// answers again (its `Manager` thread), so the served one is seen within a quarter second.
pub const FAST: Duration = Duration::from_millis(250);
/// While the box is down: a refused connection costs it nothing, and on 16.0 – saas-18.2 the
/// new certificate is already served when it comes back.
pub const WHILE_DOWN: Duration = Duration::from_millis(500);
/// How long each pace lasts before the next, doubled one (FAST, then 2 × FAST, … up to the
/// configured probe interval).
pub const STEP: Duration = Duration::from_secs(15);

/// When to ask next: the side-effect-free probes (`/hw_proxy/hello`, the TLS handshake) and
/// the data route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    pub probe: Duration,
    pub data: Duration,
}

/// The configured intervals: the slowest probe pace and the two data-route intervals.
#[derive(Debug, Clone, Copy)]
pub struct Intervals {
    pub probe: Duration,
    pub data: Duration,
    /// Where reading the data route makes the box contact odoo.com: never shortened.
    pub side_effect_data: Duration,
}

/// The pace `since_change` after the last change the watch saw (or its start).
pub fn pace(
    intervals: Intervals,
    box_up: bool,
    since_change: Duration,
    data_has_side_effects: bool,
) -> Pace {
    let slow = intervals.probe;
    let probe = if box_up {
        // 0 – 15 s: FAST; 15 – 30 s: 2 × FAST; then 4 × FAST …, never slower than configured.
        let steps = (since_change.as_millis() / STEP.as_millis().max(1)).min(8) as u32;
        FAST.saturating_mul(1 << steps).min(slow)
    } else {
        WHILE_DOWN.min(slow)
    };
    let data = if data_has_side_effects {
        intervals.side_effect_data
    } else if since_change < STEP {
        // The read that says "valid" follows the served certificate in the same round.
        probe.min(intervals.data)
    } else {
        intervals.data
    };
    Pace { probe, data }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    /// What `WatchConfig::for_box` configures.
    fn shipped() -> Intervals {
        Intervals {
            probe: Duration::from_secs(1),
            data: Duration::from_secs(2),
            side_effect_data: Duration::from_secs(10),
        }
    }

    #[test]
    fn fast_for_the_first_seconds_after_a_change_then_backing_off_to_the_configured_interval() {
        let at = |s: f64| pace(shipped(), true, Duration::from_secs_f64(s), false).probe;
        assert_eq!(at(0.0), ms(250));
        assert_eq!(at(14.9), ms(250));
        assert_eq!(at(15.0), ms(500));
        assert_eq!(at(29.9), ms(500));
        assert_eq!(at(30.0), ms(1000));
        assert_eq!(at(600.0), ms(1000));
        // Over a 10-minute watch the box is asked far less than at the fast pace throughout.
        let rounds: u32 = (0..600 * 4)
            .map(|q| at(q as f64 / 4.0))
            .filter(|d| *d == ms(250))
            .count() as u32;
        assert_eq!(rounds, 15 * 4);
    }

    #[test]
    fn a_down_box_is_probed_twice_a_second() {
        for s in [0, 5, 60, 600] {
            let p = pace(shipped(), false, Duration::from_secs(s), false);
            assert_eq!(p.probe, ms(500));
        }
    }

    #[test]
    fn the_side_effect_free_data_route_follows_the_fast_pace_then_its_own_interval() {
        let early = pace(shipped(), true, ms(300), false);
        assert_eq!(
            early,
            Pace {
                probe: ms(250),
                data: ms(250)
            }
        );
        let later = pace(shipped(), true, Duration::from_secs(20), false);
        assert_eq!(
            later,
            Pace {
                probe: ms(500),
                data: ms(2000)
            }
        );
    }

    #[test]
    fn a_data_route_that_contacts_odoo_com_stays_ten_seconds_apart_even_right_after_a_change() {
        for s in [0, 1, 14, 15, 40, 600] {
            let p = pace(shipped(), true, Duration::from_secs(s), true);
            assert_eq!(p.data, Duration::from_secs(10));
            assert!(p.data >= Duration::from_secs(10));
        }
    }

    #[test]
    fn never_slower_than_configured_and_a_faster_configuration_is_kept() {
        let quick = Intervals {
            probe: ms(100),
            data: ms(200),
            side_effect_data: ms(300),
        };
        for s in [0, 20, 600] {
            let up = pace(quick, true, Duration::from_secs(s), false);
            assert_eq!(up.probe, ms(100));
            assert!(up.data <= ms(200));
            assert_eq!(
                pace(quick, false, Duration::from_secs(s), false).probe,
                ms(100)
            );
        }
    }

    #[test]
    fn a_long_watch_does_not_overflow_the_doubling() {
        let p = pace(shipped(), true, Duration::from_secs(365 * 24 * 3600), false);
        assert_eq!(p.probe, ms(1000));
    }
}
