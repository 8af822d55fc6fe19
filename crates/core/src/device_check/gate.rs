//! Who may use the check server, so that one device on the shop's LAN cannot jam the check for
//! the cashier's tablet: open connections per client address (and in all), the one device id
//! each address is given with the page (a report must carry it), and the pause after a failed
//! `accept` (an exhausted file table must not spin the loop).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use ring::rand::{SecureRandom, SystemRandom};

/// Open connections one client address may hold: a page load needs 3 at most (page, script,
/// style), a report 1.
pub(super) const MAX_PER_ADDRESS: usize = 4;
/// Addresses that may be given a device id in one check: more is not a shop, it is a flood.
pub(super) const MAX_ISSUED: usize = 256;

#[derive(Default)]
pub(super) struct Gate {
    open: Mutex<HashMap<IpAddr, usize>>,
    issued: Mutex<HashMap<IpAddr, String>>,
}

fn locked<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// One admitted connection; its slot is given back when it is dropped.
pub(super) struct Admitted {
    gate: Arc<Gate>,
    ip: IpAddr,
}

impl Drop for Admitted {
    fn drop(&mut self) {
        let mut open = locked(&self.gate.open);
        if let Some(n) = open.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.ip);
            }
        }
    }
}

impl Gate {
    /// A slot for a new connection from `ip`, or `None` when that address holds its share.
    pub fn admit(self: &Arc<Self>, ip: IpAddr) -> Option<Admitted> {
        let mut open = locked(&self.open);
        let n = open.entry(ip).or_insert(0);
        if *n >= MAX_PER_ADDRESS {
            return None;
        }
        *n += 1;
        Some(Admitted {
            gate: self.clone(),
            ip,
        })
    }

    /// The device id of the device at `ip`: made by the server the first time that address
    /// loads the page, the same on every reload. `None` when too many addresses have one.
    pub fn issue(&self, ip: IpAddr) -> Option<String> {
        let mut issued = locked(&self.issued);
        if let Some(id) = issued.get(&ip) {
            return Some(id.clone());
        }
        if issued.len() >= MAX_ISSUED {
            return None;
        }
        let mut bytes = [0u8; 12];
        SystemRandom::new().fill(&mut bytes).ok()?;
        let id = format!(
            "dev-{}",
            bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
        );
        issued.insert(ip, id.clone());
        Some(id)
    }

    /// `id` is the one this server gave the device at `ip` (an invented or copied id is not).
    pub fn is_issued(&self, ip: IpAddr, id: &str) -> bool {
        locked(&self.issued)
            .get(&ip)
            .is_some_and(|issued| issued == id)
    }
}

/// The pause after a failed `accept`: 10 ms, doubling to 1 s, back to the start after a success.
pub(super) struct Backoff(Duration);

const FIRST_PAUSE: Duration = Duration::from_millis(10);
const LONGEST_PAUSE: Duration = Duration::from_secs(1);

impl Default for Backoff {
    fn default() -> Self {
        Self(FIRST_PAUSE)
    }
}

impl Backoff {
    pub fn next(&mut self) -> Duration {
        let pause = self.0;
        self.0 = (self.0 * 2).min(LONGEST_PAUSE);
        pause
    }

    pub fn reset(&mut self) {
        self.0 = FIRST_PAUSE;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_holds_at_most_its_share_and_gets_it_back() {
        let gate = Arc::new(Gate::default());
        let (a, b) = (IpAddr::from([127, 0, 0, 2]), IpAddr::from([127, 0, 0, 3]));
        let held: Vec<_> = (0..MAX_PER_ADDRESS)
            .map(|_| gate.admit(a).unwrap())
            .collect();
        assert!(gate.admit(a).is_none());
        assert!(gate.admit(b).is_some(), "another address is not affected");
        drop(held);
        assert!(gate.admit(a).is_some());
    }

    #[test]
    fn device_ids_are_issued_per_address_and_checked() {
        let gate = Gate::default();
        let (a, b) = (IpAddr::from([127, 0, 0, 2]), IpAddr::from([127, 0, 0, 3]));
        let id = gate.issue(a).unwrap();
        assert_eq!(gate.issue(a).unwrap(), id, "a reload keeps the id");
        assert!(gate.is_issued(a, &id));
        assert!(
            !gate.is_issued(b, &id),
            "an id copied to another address is refused"
        );
        assert!(!gate.is_issued(a, "dev-invented-0000"));
        assert_ne!(gate.issue(b).unwrap(), id);
    }

    #[test]
    fn accept_failures_back_off_to_a_second() {
        let mut backoff = Backoff::default();
        let pauses: Vec<_> = (0..10).map(|_| backoff.next()).collect();
        assert_eq!(pauses[0], FIRST_PAUSE);
        assert!(pauses.windows(2).all(|w| w[1] >= w[0]));
        assert_eq!(*pauses.last().unwrap(), LONGEST_PAUSE);
        backoff.reset();
        assert_eq!(backoff.next(), FIRST_PAUSE);
    }
}
