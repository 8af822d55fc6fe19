//! Which catalogue language the user reads, matched once for the window, the CLI and the
//! start-up texts: a locale (`nl_BE.UTF-8`, `de-DE`, `fr`) by its language part, the desktop's
//! language from the environment (or the locale the system names, on Windows).

use super::texts::languages;

/// The catalogue language for a locale such as `nl_BE.UTF-8`, `de-DE` or `fr`: its language
/// part when there is a catalogue for it, else English.
pub fn language_for(locale: &str) -> &'static str {
    catalogue_language(locale).unwrap_or("en")
}

/// The first of the user's locales, in their order, that has a catalogue; else English.
pub fn language_among<S: AsRef<str>>(locales: impl IntoIterator<Item = S>) -> &'static str {
    locales
        .into_iter()
        .find_map(|l| catalogue_language(l.as_ref()))
        .unwrap_or("en")
}

fn catalogue_language(locale: &str) -> Option<&'static str> {
    let wanted = locale
        .split(['_', '-', '.', '@'])
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    languages().find(|l| *l == wanted)
}

/// The locale the environment names: `IOT_HTTPS_LANG` (the assistant's own override), else
/// POSIX's order `LC_ALL`, `LC_MESSAGES`, `LANG` — the first one set and not empty.
pub fn env_locale(var: impl Fn(&str) -> Option<String>) -> Option<String> {
    ["IOT_HTTPS_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(var)
        .find(|v| !v.trim().is_empty())
}

/// The desktop's language: the environment's locale, else `system_locale` (what Windows
/// names as the user's locale; `None` elsewhere), matched to a catalogue language.
pub fn desktop_language(system_locale: Option<&str>) -> &'static str {
    let env = env_locale(|v| std::env::var(v).ok());
    language_among(env.as_deref().into_iter().chain(system_locale))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_locale_is_matched_by_its_language_part() {
        for (locale, lang) in [
            ("nl", "nl"),
            ("nl-BE", "nl"),
            ("NL_nl", "nl"),
            ("nl_BE.UTF-8", "nl"),
            ("de-DE", "de"),
            ("fr-CA", "fr"),
            ("es-419", "es"),
            ("de_DE@euro", "de"),
            ("en-GB", "en"),
            ("pt-BR", "en"),
            ("C.UTF-8", "en"),
            ("", "en"),
        ] {
            assert_eq!(language_for(locale), lang, "{locale}");
        }
    }

    #[test]
    fn the_first_locale_with_a_catalogue_wins() {
        assert_eq!(language_among(["pt-BR", "es-ES"]), "es");
        assert_eq!(language_among(["C", "fr_FR.UTF-8"]), "fr");
        assert_eq!(language_among(["pt-BR"]), "en");
        assert_eq!(language_among(Vec::<String>::new()), "en");
    }

    #[test]
    fn the_environment_is_read_in_posix_order_after_the_override() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            env_locale(env(&[("LANG", "de_DE.UTF-8"), ("LC_ALL", "fr_FR.UTF-8")])).as_deref(),
            Some("fr_FR.UTF-8")
        );
        assert_eq!(
            env_locale(env(&[("LANG", "de_DE.UTF-8"), ("LC_MESSAGES", " ")])).as_deref(),
            Some("de_DE.UTF-8"),
            "an empty variable is not set"
        );
        assert_eq!(
            env_locale(env(&[("LANG", "de_DE"), ("IOT_HTTPS_LANG", "nl")])).as_deref(),
            Some("nl")
        );
        assert_eq!(env_locale(env(&[])), None);
    }
}
