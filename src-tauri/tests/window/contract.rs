//! Keeps `ui/src/lib/bindings/commands.ts` equal to the command table in Rust
//! (`src-tauri/src/commands/mod.rs`, rendered by `src-tauri/src/contract.rs`).
//! `UPDATE_BINDINGS=1 cargo test -p iot-https-assistant --test window contract` rewrites it.

use std::path::{Path, PathBuf};

fn bindings() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings")
}

#[test]
fn commands_ts_is_current() {
    let fresh = iot_https_assistant_lib::contract::typescript(&bindings())
        .unwrap_or_else(|e| panic!("the contract names a type with no binding: {e}"));
    let path = bindings().join("commands.ts");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, fresh).expect("write commands.ts");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/src/lib/bindings/commands.ts is stale: run UPDATE_BINDINGS=1 cargo test -p iot-https-assistant --test window contract"
    );
}

/// Every command the shell registers is in the contract once; the names are the functions'.
#[test]
fn the_contract_lists_each_command_once() {
    let names: Vec<&str> = iot_https_assistant_lib::contract::commands()
        .iter()
        .map(|c| c.name)
        .collect();
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "{names:?}");
}

/// An argument as the page sends it: its name, whether it is a `Channel`, whether it may be
/// left out, its Rust type (`plain_type`).
type PageArg = (String, bool, bool, String);

/// A command as its function states it: the arguments from the page and what `Ok` holds.
type Signature = (Vec<PageArg>, String);

/// A Rust type written without spaces and without paths (`Option<boxes::DemoPick>` and
/// `Option < DemoPick >` are both `Option<DemoPick>`), so the table's `stringify!` and the
/// function's source compare.
fn plain_type(ty: &str) -> String {
    let mut out = String::new();
    let mut path = String::new();
    for c in ty.chars().filter(|c| !c.is_whitespace()) {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            path.push(c);
        } else {
            out += path.rsplit("::").next().unwrap_or("");
            path.clear();
            out.push(c);
        }
    }
    out += path.rsplit("::").next().unwrap_or("");
    out
}

/// What `Ok` holds, from a function's return type: `Result<T, WireError>` is `T`; a command
/// that cannot fail returns `T` itself.
fn ok_type(ret: &str) -> String {
    let ret = plain_type(ret);
    match ret.strip_prefix("Result<") {
        Some(inner) => {
            let err = inner.rfind(',').expect("Result<T, E>");
            inner[..err].to_owned()
        }
        None => ret,
    }
}

/// The arguments a command function takes from the page, read from its source: name (as the
/// page sends it), whether it is a `Channel`, whether it may be left out (`Option`), its type;
/// and what its `Ok` holds. What Tauri injects (state, app handle, window) is not an argument.
fn page_arguments(source: &str) -> Vec<(String, Signature)> {
    let mut commands = Vec::new();
    for (at, _) in source.match_indices("#[tauri::command]") {
        let rest = &source[at..];
        let after_fn = &rest[rest.find("fn ").expect("a command function") + 3..];
        let name_end = after_fn.find(['(', '<']).unwrap();
        let name = after_fn[..name_end].trim().to_owned();
        let open = after_fn.find('(').unwrap();
        let (mut depth, mut close) = (0i32, open);
        for (i, c) in after_fn[open..].char_indices() {
            match c {
                '(' | '<' => depth += 1,
                ')' | '>' => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                close = open + i;
                break;
            }
        }
        let mut params = Vec::new();
        let (mut depth, mut start) = (0i32, 0);
        let list = &after_fn[open + 1..close];
        for (i, c) in list.char_indices().chain([(list.len(), ',')]) {
            match c {
                '(' | '<' => depth += 1,
                ')' | '>' => depth -= 1,
                ',' if depth == 0 => {
                    params.push(list[start..i].trim().to_owned());
                    start = i + 1;
                }
                _ => {}
            }
        }
        let args = params
            .iter()
            .filter(|p| !p.is_empty())
            .filter_map(|p| p.split_once(':'))
            .map(|(n, ty)| (n.trim().to_owned(), ty.trim().to_owned()))
            .filter(|(_, ty)| {
                !["State<", "AppHandle<", "Window<", "Webview<", "tauri::"]
                    .iter()
                    .any(|injected| ty.starts_with(injected))
            })
            .map(|(n, ty)| {
                let camel = n
                    .split('_')
                    .enumerate()
                    .map(|(i, part)| match i {
                        0 => part.to_owned(),
                        _ => part[..1].to_uppercase() + &part[1..],
                    })
                    .collect::<String>();
                let plain = plain_type(&ty);
                (
                    camel,
                    ty.starts_with("Channel<"),
                    ty.starts_with("Option<"),
                    plain,
                )
            })
            .collect();
        let after_params = &after_fn[close + 1..];
        let body = after_params.find(['{', ';']).unwrap_or(after_params.len());
        let ret = after_params[..body]
            .trim()
            .strip_prefix("->")
            .map_or_else(|| "()".to_owned(), ok_type);
        commands.push((name, (args, ret)));
    }
    commands
}

/// The table in `commands/mod.rs` repeats each command's arguments and result; here they are
/// checked against the functions themselves (names, order, channels, optional, Rust types, what
/// `Ok` holds), so the generated TypeScript cannot ask the page for an argument the command does
/// not read, nor type an argument or an answer otherwise than the function does.
#[test]
fn the_contracts_arguments_are_the_functions_arguments() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/commands");
    let mut functions = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let source = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        functions.extend(page_arguments(&source));
    }
    let contract = iot_https_assistant_lib::contract::commands();
    assert_eq!(functions.len(), contract.len(), "{:?}", functions.keys());
    for command in contract {
        let from_source = functions
            .get(command.name)
            .unwrap_or_else(|| panic!("{}: no #[tauri::command] fn of that name", command.name));
        let from_table: Vec<PageArg> = command
            .args
            .iter()
            .map(|a| {
                let optional = a.ts.ends_with(" | null") && !a.ts.starts_with("Channel<");
                let rust = plain_type(&a.rust);
                (a.name.clone(), a.ts.starts_with("Channel<"), optional, rust)
            })
            .collect();
        let table = (from_table, plain_type(command.rust_result));
        assert_eq!(&table, from_source, "{}", command.name);
    }
}

#[test]
fn types_compare_without_paths_or_spaces() {
    assert_eq!(
        plain_type("Option < boxes :: DemoPick >"),
        "Option<DemoPick>"
    );
    assert_eq!(plain_type("Vec<Option<String>>"), "Vec<Option<String>>");
    assert_eq!(ok_type("Result<u32, iot_https_core::WireError>"), "u32");
    assert_eq!(
        ok_type("Result<Option<String>, WireError>"),
        "Option<String>"
    );
    assert_eq!(ok_type("Vec<Option<Validity>>"), "Vec<Option<Validity>>");
    assert_ne!(plain_type("Option<u32>"), plain_type("Option<u64>"));
}
