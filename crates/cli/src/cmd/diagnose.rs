//! `iot-https diagnose <host> [--http-port N] [--https-port N] [--system-resolver IP:PORT]
//! [--public-resolver IP:PORT]... [--ca PEM]... [--name HOST] [--subject *.HASH.odoo-iot.com]
//! [--at RFC3339]
//! [--box-timeout SECONDS] [--router ID] [--json]`

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use iot_https_app::types::{Resolver, ResolverSet, TrustAnchors};
use iot_https_core::diagnose::{DiagnoseOptions, KnownSubject, Verdict};
use iot_https_core::findings::recipes::router_id;
use iot_https_core::findings::ROUTER_IDS;
use iot_https_core::{BoxAddress, NetPolicy};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::output::{fail, print_json, usage, EXIT_ACTION_NEEDED, EXIT_USAGE_OR_UNREACHABLE};
use crate::render::diagnosis as render;
use crate::words::says;

/// The box and how to diagnose it: shared by `diagnose` and `report`.
#[derive(clap::Args)]
pub struct Target {
    /// The box: IP or name, optionally with :port.
    host: String,
    /// The box's Odoo HTTP port (default: the one in <host>, else 8069).
    #[arg(long)]
    http_port: Option<u16>,
    /// The box's HTTPS port.
    #[arg(long, default_value_t = 443)]
    https_port: u16,
    /// The resolver this laptop's browser uses (default: the first nameserver of
    /// /etc/resolv.conf; on Windows the first DNS server of the preferred network adapter).
    #[arg(long, value_name = "IP:PORT")]
    system_resolver: Option<SocketAddr>,
    /// A resolver to compare with; repeatable (default: 8.8.8.8:53 and 1.1.1.1:53, real runs only).
    #[arg(long, value_name = "IP:PORT")]
    public_resolver: Vec<SocketAddr>,
    /// An extra trust anchor (PEM), e.g. the simulator's test CA; repeatable.
    #[arg(long, value_name = "PEM")]
    ca: Vec<PathBuf>,
    /// The HTTPS name the POS uses, when it may differ from the computed one.
    #[arg(long, value_name = "HOST")]
    name: Option<String>,
    /// The certificate subject (`*.<hash>.odoo-iot.com`) an earlier valid certificate of this
    /// box or its database had: the expected name when the box names none (18.3+).
    #[arg(long, value_name = "SUBJECT")]
    subject: Option<String>,
    /// Judge certificates and clocks at this instant instead of now (RFC 3339).
    #[arg(long, value_name = "RFC3339")]
    at: Option<String>,
    /// How long to wait for the box's status (it may be asking odoo.com for minutes).
    #[arg(long, value_name = "SECONDS", default_value_t = crate::output::DEFAULT_BOX_TIMEOUT_S)]
    box_timeout: u64,
}

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    target: Target,
    /// The shop's router, firewall or DNS filter (fritzbox, pfsense, openwrt, pihole-unbound,
    /// nextdns, adguard, fortigate, sophos, unifi, mikrotik, sonicwall, draytek, securepoint,
    /// controld, other): its recipe is printed under the findings a router setting can cause.
    #[arg(long, value_name = "ID")]
    router: Option<String>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

impl Target {
    /// The box's address and the diagnosis options, or the exit of a usage error.
    pub fn prepare(&self, json: bool) -> Result<(BoxAddress, DiagnoseOptions), ExitCode> {
        let mut address = BoxAddress::parse(&self.host).map_err(|e| fail(e, json))?;
        if let Some(port) = self.http_port {
            address.port = port;
        }
        let now = match &self.at {
            None => OffsetDateTime::now_utc(),
            Some(text) => OffsetDateTime::parse(text, &Rfc3339).map_err(|e| {
                usage(
                    format!(
                        "--at: {}",
                        says(
                            "usage.notInstant",
                            &[("text", text), ("error", &e.to_string())],
                        )
                    ),
                    json,
                )
            })?,
        };
        let mut anchors = TrustAnchors::mozilla();
        for path in &self.ca {
            anchors
                .add_pem_file(path)
                .map_err(|e| usage(format!("--ca {}: {e}", path.display()), json))?;
        }
        let mut opts = DiagnoseOptions::new(now);
        opts.https_port = self.https_port;
        opts.anchors = anchors;
        opts.expected_name = self.name.clone();
        opts.known_subjects = self.subject.iter().map(KnownSubject::given).collect();
        opts.resolvers = self.resolvers();
        opts.box_read =
            crate::output::box_read_options(self.box_timeout, json).map_err(|e| fail(e, json))?;
        Ok((address, opts))
    }

    fn resolvers(&self) -> ResolverSet {
        let defaults = ResolverSet::host_defaults();
        let public = if self.public_resolver.is_empty() {
            defaults.public.clone()
        } else {
            self.public_resolver
                .iter()
                .enumerate()
                .map(|(i, a)| Resolver::new(*a, format!("#{} ({})", i + 1, a.ip())))
                .collect()
        };
        match self.system_resolver {
            Some(addr) => ResolverSet::explicit(Resolver::new(addr, addr.ip().to_string()), public),
            None => ResolverSet {
                system: defaults.system,
                public,
            },
        }
    }
}

/// The exit code of a diagnosis's verdict.
pub fn exit_for(verdict: Verdict) -> ExitCode {
    ExitCode::from(match verdict {
        Verdict::Healthy => 0,
        Verdict::ActionNeeded => EXIT_ACTION_NEEDED,
        Verdict::Unreachable => EXIT_USAGE_OR_UNREACHABLE,
    })
}

pub async fn run(args: Args) -> ExitCode {
    let router = match args
        .router
        .as_deref()
        .map(|typed| (typed, router_id(typed)))
    {
        None => None,
        Some((_, Some(id))) => Some(id),
        Some((typed, None)) => {
            return usage(
                format!(
                    "--router: {}",
                    says(
                        "usage.routerUnknown",
                        &[("typed", typed), ("ids", &ROUTER_IDS.join(", "))],
                    )
                ),
                args.json,
            )
        }
    };
    let (address, opts) = match args.target.prepare(args.json) {
        Ok(prepared) => prepared,
        Err(exit) => return exit,
    };
    match iot_https_app::boxes::diagnose_once(NetPolicy::from_env(), &address, &opts).await {
        Ok(d) => {
            if args.json {
                print_json(&d);
            } else {
                crate::output::painted(&render(
                    &d,
                    crate::render::colour_wanted(),
                    crate::render::language(),
                    router,
                ));
            }
            exit_for(d.verdict)
        }
        Err(e) => fail(e, args.json),
    }
}
