//! The command line's own words: `cli` texts of the catalogue (`crates/core/catalogue/<lang>.json`)
//! in the output's language (`render::language`), `{name}` arguments filled in, counted words by
//! the language's plural rule. Rust passes keys and values; the catalogue holds every word.

use iot_https_core::findings::{cli_text, report_label};

use crate::render::language;

/// A `cli` text without arguments, in the output's language.
pub fn word(key: &str) -> String {
    cli_text(key, language(), &[])
}

/// A `cli` text with its `{name}` arguments, in the output's language.
pub fn says(key: &str, args: &[(&str, &str)]) -> String {
    says_in(key, language(), args)
}

/// A `cli` text with its `{name}` arguments, in `lang`.
pub fn says_in(key: &str, lang: &str, args: &[(&str, &str)]) -> String {
    let args: Vec<(&str, String)> = args
        .iter()
        .map(|(name, value)| (*name, (*value).to_owned()))
        .collect();
    cli_text(key, lang, &args)
}

/// A support-report label (the same word where the CLI means the same thing).
pub fn label(key: &str) -> &'static str {
    report_label(key, language())
}

/// A number with the language's decimal sign.
pub fn decimal(value: f64, digits: usize) -> String {
    iot_https_core::findings::plural::decimal(language(), value, digits)
}
