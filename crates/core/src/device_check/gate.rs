//! Who may use the check server, so that one device on the shop's LAN cannot jam the check for
//! the cashier's tablet: open connections per client address (and in all), the device ids given
//! out with the page (a report must carry one the server issued to that address), and the pause
//! after a failed `accept` (an exhausted file table must not spin the loop).

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use ring::rand::{SecureRandom, SystemRandom};

/// Open connections one client address may hold: a page load needs 3 at most (page, script,
/// style), a report 1.
pub(super) const MAX_PER_ADDRESS: usize = 4;
/// Addresses that may be given a device id in one check: more is not a shop, it is a flood.
pub(super) const MAX_ISSUED: usize = 256;
/// Device ids one address keeps: several tablets can share an address (a guest network behind
/// NAT, or loopback in tests), and each page load gets its own id; the oldest goes first, so
/// one address can never stand for more devices than this.
pub(super) const IDS_PER_ADDRESS: usize = 8;

#[derive(Default)]
pub(super) struct Gate {
    open: Mutex<HashMap<IpAddr, usize>>,
    issued: Mutex<HashMap<IpAddr, VecDeque<String>>>,
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

    /// A new device id for a page load from `ip` (the page keeps its first one across reloads,
    /// so a reload stays the same device while the server still knows that id). `None` when
    /// too many addresses have ids.
    pub fn issue(&self, ip: IpAddr) -> Option<String> {
        let mut issued = locked(&self.issued);
        if !issued.contains_key(&ip) && issued.len() >= MAX_ISSUED {
            return None;
        }
        let mut bytes = [0u8; 12];
        SystemRandom::new().fill(&mut bytes).ok()?;
        let id = format!(
            "dev-{}",
            bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
        );
        let ids = issued.entry(ip).or_default();
        if ids.len() >= IDS_PER_ADDRESS {
            ids.pop_front();
        }
        ids.push_back(id.clone());
        Some(id)
    }

    /// `id` is one this server gave to a page loaded from `ip` (an invented id, one copied to
    /// another address, or one pushed out by newer loads is not).
    pub fn is_issued(&self, ip: IpAddr, id: &str) -> bool {
        locked(&self.issued)
            .get(&ip)
            .is_some_and(|ids| ids.iter().any(|issued| issued == id))
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
    fn device_ids_are_issued_per_page_load_and_checked_per_address() {
        let gate = Gate::default();
        let (a, b) = (IpAddr::from([127, 0, 0, 2]), IpAddr::from([127, 0, 0, 3]));
        let first = gate.issue(a).unwrap();
        let second = gate.issue(a).unwrap();
        assert_ne!(
            first, second,
            "two tablets behind one address are two devices"
        );
        assert!(gate.is_issued(a, &first) && gate.is_issued(a, &second));
        assert!(
            !gate.is_issued(b, &first),
            "an id copied to another address is refused"
        );
        assert!(!gate.is_issued(a, "dev-invented-0000"));
        assert_ne!(gate.issue(b).unwrap(), first);
    }

    #[test]
    fn one_address_never_stands_for_more_than_its_share_of_devices() {
        let gate = Gate::default();
        let a = IpAddr::from([127, 0, 0, 2]);
        let ids: Vec<_> = (0..IDS_PER_ADDRESS + 3)
            .map(|_| gate.issue(a).unwrap())
            .collect();
        let known = ids.iter().filter(|id| gate.is_issued(a, id)).count();
        assert_eq!(known, IDS_PER_ADDRESS);
        assert!(!gate.is_issued(a, &ids[0]), "the oldest id went first");
        assert!(gate.is_issued(a, ids.last().unwrap()));
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
