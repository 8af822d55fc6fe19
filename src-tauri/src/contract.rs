//! The window's IPC contract, written once in Rust: every command with its arguments and result
//! (`commands::window_commands!` feeds both `tauri::generate_handler!` and this table, so a
//! command cannot be registered without being in the contract), the events the window listens
//! to, and the types only the shell sends. `typescript()` renders it as
//! `ui/src/lib/bindings/commands.ts` (drift test: `src-tauri/tests/window/contract.rs`; types from
//! ts-rs, so the page's `api.ts` hand-writes none).

use std::collections::BTreeMap;
use std::path::Path;

use ts_rs::{Dependency, TypeVisitor, TS};

/// One command as the page calls it.
pub struct Command {
    /// The name `invoke` takes (the Rust function's name).
    pub name: &'static str,
    pub args: Vec<Arg>,
    /// The TypeScript type of a successful answer (`null` for `()`).
    pub result: String,
    /// The Rust type the table states for it (what `Ok` holds), for the contract test.
    pub rust_result: &'static str,
    /// Named types the arguments and the result refer to.
    pub uses: Vec<Dependency>,
}

/// One argument: its name on the wire (camelCase, as Tauri reads it), its TypeScript type, and
/// the Rust type the table states (`Channel<T>` for a channel), which the contract test compares
/// with the function's own parameter.
pub struct Arg {
    pub name: String,
    pub ts: String,
    pub rust: String,
}

/// An event the shell emits to the window, with its payload's type.
pub struct Event {
    /// The name the window listens for (`listen(name, …)`).
    pub name: &'static str,
    /// The key under which `EVENTS` names it in TypeScript.
    pub key: &'static str,
    pub payload: String,
    pub uses: Vec<Dependency>,
}

/// Collects the named (exported) types a type refers to, through generics like
/// `Option<Vec<T>>`.
#[derive(Default)]
struct Named(Vec<Dependency>);

impl TypeVisitor for Named {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        match Dependency::from_ty::<T>() {
            Some(dep) => self.0.push(dep),
            None => T::visit_generics(self),
        }
    }
}

fn named<T: TS + 'static + ?Sized>() -> Vec<Dependency> {
    let mut seen = Named::default();
    seen.visit::<T>();
    seen.0
}

/// The TypeScript of `T` as JSON carries it: ts-rs names a bare `u64`/`i64` `bigint`, but
/// serde_json reads and writes it as a plain number (the bindings' own 64-bit fields say
/// `number` for the same reason, `crates/core/src/bindings.rs`).
fn json_ts<T: TS + 'static>() -> String {
    T::name().replace("bigint", "number")
}

/// A plain argument (JSON value) of type `T`, written `rust_ty` in the table.
pub fn arg<T: TS + 'static>(rust_name: &str, rust_ty: &str, uses: &mut Vec<Dependency>) -> Arg {
    uses.extend(named::<T>());
    Arg {
        name: camel_case(rust_name),
        ts: json_ts::<T>(),
        rust: rust_ty.to_owned(),
    }
}

/// A `tauri::ipc::Channel<T>` argument: the page passes a `Channel` and receives `T`s on it.
pub fn channel<T: TS + 'static>(rust_name: &str, rust_ty: &str, uses: &mut Vec<Dependency>) -> Arg {
    uses.extend(named::<T>());
    Arg {
        name: camel_case(rust_name),
        ts: format!("Channel<{}>", json_ts::<T>()),
        rust: format!("Channel<{rust_ty}>"),
    }
}

/// The result type of a command (what `Ok` holds).
pub fn result<T: TS + 'static>(uses: &mut Vec<Dependency>) -> String {
    uses.extend(named::<T>());
    json_ts::<T>()
}

pub fn event<T: TS + 'static>(name: &'static str, key: &'static str) -> Event {
    Event {
        name,
        key,
        payload: T::name(),
        uses: named::<T>(),
    }
}

/// Tauri's default for command arguments: `box_timeout_s` is sent as `boxTimeoutS`.
fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The events the shell emits to the window.
pub fn events() -> Vec<Event> {
    vec![event::<iot_https_core::fleet::Fleet>(
        crate::fleet::FLEET_EVENT,
        "fleetChecked",
    )]
}

/// A type only the shell sends or takes, declared in `commands.ts` itself.
struct ShellType {
    name: String,
    decl: String,
    uses: Vec<Dependency>,
}

fn shell_type<T: TS + 'static>() -> ShellType {
    ShellType {
        name: T::ident(),
        decl: T::decl(),
        uses: T::dependencies(),
    }
}

fn shell_types() -> Vec<ShellType> {
    use crate::commands::boxes;
    use iot_https_app::fleet;
    vec![
        shell_type::<crate::demo::DemoOption>(),
        shell_type::<crate::demo::DemoCatalog>(),
        shell_type::<boxes::DemoPick>(),
        shell_type::<boxes::CheckedCredentials>(),
        shell_type::<fleet::DatabaseEntry>(),
        shell_type::<fleet::FleetView>(),
        shell_type::<fleet::AddedDatabase>(),
    ]
}

/// `ui/src/lib/bindings/commands.ts`. `bindings` is the directory of the core types it imports:
/// a type it names that is neither declared here nor exported there is an error, so the file
/// never imports what does not exist.
pub fn typescript(bindings: &Path) -> Result<String, String> {
    let commands = commands();
    let events = events();
    let shell = shell_types();
    let declared: Vec<&str> = shell.iter().map(|t| t.name.as_str()).collect();

    let mut imports = BTreeMap::new();
    let uses = commands
        .iter()
        .flat_map(|c| &c.uses)
        .chain(events.iter().flat_map(|e| &e.uses))
        .chain(shell.iter().flat_map(|t| &t.uses));
    for dep in uses {
        if declared.contains(&dep.ts_name.as_str()) {
            continue;
        }
        let file = dep.output_path.to_string_lossy().into_owned();
        if !bindings.join(&file).is_file() {
            return Err(format!(
                "{} is not in {}: export it from core's bindings test",
                dep.ts_name,
                bindings.display()
            ));
        }
        let module = format!("./{}", file.trim_end_matches(".ts"));
        imports.insert(dep.ts_name.clone(), module);
    }

    let mut out = String::from(
        "// Generated from src-tauri/src/contract.rs and the command table in\n\
         // src-tauri/src/commands/mod.rs. Do not edit: run\n\
         // UPDATE_BINDINGS=1 cargo test -p iot-https-assistant --test window contract\n\n\
         import type { Channel } from '@tauri-apps/api/core';\n",
    );
    for (name, module) in &imports {
        out += &format!("import type {{ {name} }} from '{module}';\n");
    }
    out += "\n// Types only the shell sends or takes.\n";
    for t in &shell {
        out += &format!("export {}\n", t.decl);
    }
    out += "\n/** Every command: its arguments as the page sends them, and its answer. */\nexport type Commands = {\n";
    for c in &commands {
        let args: Vec<String> = c
            .args
            .iter()
            .map(|a| format!("{}: {}", a.name, a.ts))
            .collect();
        let args = if args.is_empty() {
            "Record<string, never>".to_owned()
        } else {
            format!("{{ {} }}", args.join("; "))
        };
        out += &format!("  {}: {{ args: {args}; result: {} }};\n", c.name, c.result);
    }
    out += "};\n\nexport type CommandName = keyof Commands;\n\n";
    out += "/** The registered commands, in the order the shell registers them. */\nexport const COMMANDS = [\n";
    for c in &commands {
        out += &format!("  '{}',\n", c.name);
    }
    out += "] as const satisfies readonly CommandName[];\n\n";
    out += "/** The events the shell emits to the window. */\nexport const EVENTS = {\n";
    for e in &events {
        out += &format!("  {}: '{}',\n", e.key, e.name);
    }
    out += "} as const;\n\n/** What each event carries. */\nexport type EventPayloads = {\n";
    for e in &events {
        out += &format!("  '{}': {};\n", e.name, e.payload);
    }
    out += "};\n";
    Ok(out)
}

/// Every registered command (the table in `commands/mod.rs`).
pub fn commands() -> Vec<Command> {
    crate::commands::contract()
}
