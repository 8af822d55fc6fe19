//! `iot-https diagnose <host> [--http-port N] [--https-port N] [--system-resolver IP:PORT]
//! [--public-resolver IP:PORT]... [--ca PEM]... [--name HOST] [--at RFC3339]
//! [--box-timeout SECONDS] [--router ID] [--json]`

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use iot_https_app::types::{Resolver, ResolverSet, TrustAnchors};
use iot_https_core::diagnose::{DiagnoseOptions, Verdict};
use iot_https_core::findings::recipes::router_id;
use iot_https_core::findings::ROUTER_IDS;
use iot_https_core::{BoxAddress, NetPolicy};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::output::{fail, print_json, usage, EXIT_ACTION_NEEDED, EXIT_USAGE_OR_UNREACHABLE};
use crate::render::diagnosis as render;

#[derive(clap::Args)]
pub struct Args {
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
    /// Judge certificates and clocks at this instant instead of now (RFC 3339).
    #[arg(long, value_name = "RFC3339")]
    at: Option<String>,
    /// How long to wait for the box's status (it may be asking odoo.com for minutes).
    #[arg(long, value_name = "SECONDS", default_value_t = crate::output::DEFAULT_BOX_TIMEOUT_S)]
    box_timeout: u64,
    /// The shop's router, firewall or DNS filter (fritzbox, pfsense, openwrt, pihole-unbound,
    /// nextdns, adguard, fortigate, sophos, unifi, mikrotik, sonicwall, draytek, securepoint,
    /// controld, other): its recipe is printed under the findings a router setting can cause.
    #[arg(long, value_name = "ID")]
    router: Option<String>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

pub async fn run(args: Args) -> ExitCode {
    let mut address = match BoxAddress::parse(&args.host) {
        Ok(a) => a,
        Err(e) => return fail(e, args.json),
    };
    if let Some(port) = args.http_port {
        address.port = port;
    }
    let now = match &args.at {
        None => OffsetDateTime::now_utc(),
        Some(text) => match OffsetDateTime::parse(text, &Rfc3339) {
            Ok(t) => t,
            Err(e) => {
                return usage(
                    format!("--at: \"{text}\" is not an RFC 3339 instant ({e})"),
                    args.json,
                )
            }
        },
    };
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
                    "--router: \"{typed}\" is not one of {}",
                    ROUTER_IDS.join(", ")
                ),
                args.json,
            )
        }
    };
    let mut anchors = TrustAnchors::mozilla();
    for path in &args.ca {
        if let Err(e) = anchors.add_pem_file(path) {
            return usage(format!("--ca {}: {e}", path.display()), args.json);
        }
    }
    let mut opts = DiagnoseOptions::new(now);
    opts.https_port = args.https_port;
    opts.anchors = anchors;
    opts.expected_name = args.name.clone();
    opts.resolvers = resolvers(&args);
    opts.box_read = match crate::output::box_read_options(args.box_timeout, args.json) {
        Ok(read) => read,
        Err(e) => return fail(e, args.json),
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
            ExitCode::from(match d.verdict {
                Verdict::Healthy => 0,
                Verdict::ActionNeeded => EXIT_ACTION_NEEDED,
                Verdict::Unreachable => EXIT_USAGE_OR_UNREACHABLE,
            })
        }
        Err(e) => fail(e, args.json),
    }
}

fn resolvers(args: &Args) -> ResolverSet {
    let defaults = ResolverSet::host_defaults();
    let public = if args.public_resolver.is_empty() {
        defaults.public.clone()
    } else {
        args.public_resolver
            .iter()
            .enumerate()
            .map(|(i, a)| Resolver::new(*a, format!("#{} ({})", i + 1, a.ip())))
            .collect()
    };
    match args.system_resolver {
        Some(addr) => ResolverSet::explicit(Resolver::new(addr, addr.ip().to_string()), public),
        None => ResolverSet {
            system: defaults.system,
            public,
        },
    }
}
