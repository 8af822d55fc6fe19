//! Real DNS servers for the DNS tests: unbound (Debian package `unbound`) on loopback ports
//! chosen free at run time, each killed when its guard drops.
//!
//! - `auth`: "Odoo's public DNS", a static `odoo-iot.com` zone (`auth.conf.in`).
//! - `router`: a shop router's recursor that forwards `odoo-iot.com` to `auth` and strips
//!   private answers (`private-address`, `router.conf.in`): the rebind filter.
//! - `fixed_router`: the same router with the documented exception
//!   `private-domain: "odoo-iot.com"` (field-problems.md §3.3).
//! - `public`: an unfiltered recursor forwarding to `auth`, standing in for 8.8.8.8.
//!
//! Everything listens on 127.0.0.1 only and forwards only to 127.0.0.1.

use std::net::{Ipv4Addr, SocketAddr, TcpListener, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use iot_https_core::dns::{lookup, QueryOptions, Resolver};
use iot_https_core::net_policy::{LoopbackReason, NetPolicy};

use crate::TempDir;

const COMMON: &str = include_str!("common.conf.in");
const AUTH: &str = include_str!("auth.conf.in");
const ROUTER: &str = include_str!("router.conf.in");
const FORWARD: &str = include_str!("forward.conf.in");

/// The zone's hash label, as in `*.d73e7513.odoo-iot.com`.
pub const SUBJECT: &str = "*.d73e7513.odoo-iot.com";
/// Answers 127.0.0.1, the address it encodes.
pub const NAME_OK: &str = "127-0-0-1.d73e7513.odoo-iot.com";
/// Answers 127.0.0.9, the address it encodes.
pub const NAME_9: &str = "127-0-0-9.d73e7513.odoo-iot.com";
/// Encodes 127.0.0.7 but answers 127.0.0.8.
pub const NAME_WRONG: &str = "127-0-0-7.d73e7513.odoo-iot.com";
/// Not in the zone: NXDOMAIN.
pub const NAME_MISSING: &str = "127-0-0-5.d73e7513.odoo-iot.com";

pub fn test_policy() -> NetPolicy {
    NetPolicy::loopback_only(LoopbackReason::Test)
}

/// unbound's path, or a failure telling how to install it: a missing server is a broken test
/// machine, never a reason to skip.
pub fn unbound_binary() -> PathBuf {
    let candidates = [PathBuf::from("/usr/sbin/unbound")].into_iter().chain(
        std::env::var_os("PATH")
            .map(|p| {
                std::env::split_paths(&p)
                    .map(|d| d.join("unbound"))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default(),
    );
    for path in candidates {
        if path.is_file() {
            return path;
        }
    }
    panic!("unbound (Debian package `unbound`) is not installed: run scripts/bootstrap test");
}

/// A running unbound; killed (and reaped) on drop.
pub struct Unbound {
    pub role: &'static str,
    pub port: u16,
    child: Child,
    log: PathBuf,
}

impl Unbound {
    pub fn addr(&self) -> SocketAddr {
        SocketAddr::from((Ipv4Addr::LOCALHOST, self.port))
    }

    pub fn resolver(&self) -> Resolver {
        Resolver::new(
            self.addr(),
            format!("{} (unbound on {})", self.role, self.addr()),
        )
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Unbound {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A loopback port free for both UDP and TCP right now.
fn free_port() -> u16 {
    loop {
        let udp = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind a loopback UDP port");
        let port = udp.local_addr().unwrap().port();
        if TcpListener::bind((Ipv4Addr::LOCALHOST, port)).is_ok() {
            return port;
        }
    }
}

fn config(role: &str, port: u16, dir: &Path, server_extra: &str, tail: &str) -> String {
    COMMON
        .replace("{SERVER_EXTRA}", server_extra)
        .replace("{TAIL}", tail)
        .replace("{PORT}", &port.to_string())
        .replace("{DIR}", &dir.display().to_string())
        .replace("{ROLE}", role)
}

fn spawn(role: &'static str, dir: &Path, server_extra: &str, tail: &str) -> Unbound {
    let port = free_port();
    let conf = dir.join(format!("{role}.conf"));
    std::fs::write(&conf, config(role, port, dir, server_extra, tail)).unwrap();
    let out = std::fs::File::create(dir.join(format!("{role}.out"))).unwrap();
    let child = Command::new(unbound_binary())
        .arg("-d")
        .arg("-p")
        .arg("-c")
        .arg(&conf)
        .stdin(Stdio::null())
        .stdout(out.try_clone().unwrap())
        .stderr(out)
        .spawn()
        .expect("start unbound");
    Unbound {
        role,
        port,
        child,
        log: dir.join(format!("{role}.log")),
    }
}

/// Waits until `server` answers a query (any RCODE). `Err` with its logs when it died or stayed
/// silent.
async fn ready(server: &mut Unbound, dir: &Path) -> Result<(), String> {
    let policy = test_policy();
    let probe = QueryOptions {
        attempt_timeout: Duration::from_millis(100),
        retries: 0,
        aaaa: false,
        tcp_fallback: false,
    };
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if let Ok(Some(status)) = server.child.try_wait() {
            let out = std::fs::read_to_string(dir.join(format!("{}.out", server.role)))
                .unwrap_or_default();
            return Err(format!(
                "unbound {} exited ({status}):\n{out}\n{}",
                server.role,
                server.log()
            ));
        }
        let got = lookup(&policy, &server.resolver(), "odoo-iot.com", &probe).await;
        if got.outcome.is_answer() {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!(
                "unbound {} did not answer within 5 s:\n{}",
                server.role,
                server.log()
            ));
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Starts one unbound and waits until it answers; a port taken in between is retried.
async fn start(role: &'static str, dir: &Path, server_extra: &str, tail: &str) -> Unbound {
    let mut last = String::new();
    for _ in 0..5 {
        let mut server = spawn(role, dir, server_extra, tail);
        match ready(&mut server, dir).await {
            Ok(()) => return server,
            Err(why) => last = why,
        }
    }
    panic!("{last}");
}

/// The four servers of the module doc. Fields drop in order: servers first, then the directory.
pub struct Lab {
    pub router: Unbound,
    pub fixed_router: Unbound,
    pub public: Unbound,
    pub auth: Unbound,
    dir: TempDir,
}

impl Lab {
    /// Where the servers' configurations and logs are.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub async fn start() -> Lab {
        let dir = TempDir::new("dns-lab");
        let auth = start("auth", dir.path(), AUTH, "").await;
        let forward = FORWARD.replace("{UPSTREAM}", &auth.port.to_string());
        let fixed = format!("{ROUTER}    private-domain: \"odoo-iot.com\"\n");
        let (router, fixed_router, public) = tokio::join!(
            start("router", dir.path(), ROUTER, &forward),
            start("fixed-router", dir.path(), &fixed, &forward),
            start("public", dir.path(), "", &forward),
        );
        Lab {
            router,
            fixed_router,
            public,
            auth,
            dir,
        }
    }
}
