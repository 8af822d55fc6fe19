//! A failure inside a fact, worded by the catalogue in the reader's language. A template writes
//! `{error, error}`; the evidence holds the failure as data: `error` its `ErrorCode`, each of
//! the code's own values as `error.<name>`, its technical detail (the system's or the box's
//! words, e.g. "Connection refused (os error 111)") as `error.detail`. The sentence is the
//! code's `errors` template in the reader's language (English when the language lacks it, the
//! raw code when the catalogue does not know it), without its closing full stop, then the
//! detail in parentheses, as it is. `ui/src/lib/i18n/i18n.svelte.ts` (`interpolate`) renders
//! the same rule, so an evidence line never carries `CoreError`'s English `Display`.

use std::collections::BTreeMap;

use crate::error::CoreError;
use crate::wire::WireError;

/// The args that carry `err` under `name` (see the module's comment).
pub(super) fn args_of(name: &str, err: &CoreError) -> Vec<(String, String)> {
    let wire = WireError::from(err);
    let mut out = vec![(name.to_owned(), wire.code.as_str().to_owned())];
    for (arg, value) in wire.args {
        out.push((format!("{name}.{arg}"), value));
    }
    if let Some(detail) = wire.detail {
        out.push((format!("{name}.detail"), detail));
    }
    out
}

/// The sentence of a `name, error` placeholder body for `args` in `lang`; `None` when the body
/// is not one or the code is missing (the placeholder then stays visible).
pub(super) fn render(body: &str, args: &BTreeMap<String, String>, lang: &str) -> Option<String> {
    let (name, kind) = body.split_once(',')?;
    if kind.trim() != "error" {
        return None;
    }
    let name = name.trim();
    let code = args.get(name)?;
    let prefix = format!("{name}.");
    let own: BTreeMap<String, String> = args
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix(&prefix)?.to_owned(), v.clone())))
        .collect();
    let sentence = match super::texts::error_template(code, lang) {
        Some(template) => super::evidence::fill_in(template, &own, lang),
        None => code.clone(),
    };
    let sentence = sentence.strip_suffix('.').unwrap_or(&sentence).to_owned();
    Some(match own.get("detail") {
        Some(detail) => format!("{sentence} ({detail})"),
        None => sentence,
    })
}

#[cfg(test)]
mod tests {
    use crate::error::CoreError;
    use crate::findings::{Evidence, EvidenceKind};

    fn refused() -> CoreError {
        CoreError::TlsUnreachable {
            target: "127.0.0.1:9".into(),
            detail: "Connection refused (os error 111)".into(),
        }
    }

    #[test]
    fn a_failure_in_evidence_reads_in_the_readers_language() {
        let e = Evidence::new(EvidenceKind::HttpsClosed)
            .arg("https", "127.0.0.1:9")
            .error_arg("error", &refused());
        assert_eq!(e.args["error"], "TLS_UNREACHABLE");
        assert_eq!(e.args["error.target"], "127.0.0.1:9");
        let fr = e.render("fr");
        assert_eq!(
            fr,
            "l'IoT Box répond sur son port HTTP, mais https://127.0.0.1:9 non : \
             Rien ne répond en HTTPS à l'adresse 127.0.0.1:9 (Connection refused (os error 111))"
        );
        assert!(!fr.contains("nothing answers"), "{fr}");
        let de = e.render("de");
        assert!(
            de.ends_with(
                ": Unter 127.0.0.1:9 antwortet nichts per HTTPS (Connection refused (os error 111))"
            ),
            "{de}"
        );
        assert!(
            !de.contains("nothing answers") && !de.contains("{error"),
            "{de}"
        );
        assert_eq!(
            e.render("en"),
            "the box answers on its HTTP port, but https://127.0.0.1:9 does not: \
             Nothing answers HTTPS at 127.0.0.1:9 (Connection refused (os error 111))"
        );
    }

    #[test]
    fn an_unknown_code_shows_as_is_and_a_missing_one_stays_visible() {
        let e = Evidence::new(EvidenceKind::NoAnswer)
            .arg("url", "http://127.0.0.1:9")
            .arg("error", "NEWER_CODE")
            .arg("error.detail", "{x}");
        assert_eq!(e.render("fr"), "http://127.0.0.1:9 : NEWER_CODE ({x})");
        let bare = Evidence::new(EvidenceKind::NoAnswer).arg("url", "u");
        assert_eq!(bare.render("en"), "u: {error, error}");
    }
}
