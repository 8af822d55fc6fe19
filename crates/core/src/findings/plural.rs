//! Plurals and numbers by the reader's language, for the catalogue's templates. A template
//! writes a counted word as `{days, plural, one {# jour} other {# jours}}`: the form is chosen
//! by the language's rule for the value of `days`, and `#` is that value. Only the two
//! categories the five catalogue languages need: French counts 0 and 1 as singular ("0 jour",
//! "1 jour"), English, Dutch, German and Spanish only exactly 1 (CLDR plural rules).
//! A value that is a key rather than a count (a rebind range, a resolver's role) picks its
//! words with `{range, select, private {…} loopback {…} other {…}}`: the form named by the
//! value, else `other`; so the catalogue, not Rust, holds the words for each key. A form may
//! hold placeholders of its own (`{problem, select, length {it has {count} characters} …}`):
//! `evidence::fill_in` fills the chosen form in turn.

use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    One,
    Other,
}

/// The plural category of `n` in `lang` (a catalogue language; others follow English).
pub fn category(lang: &str, n: f64) -> Category {
    let one = match lang {
        // CLDR fr: i = 0,1 — everything from 0 up to (not including) 2.
        "fr" => (0.0..2.0).contains(&n.abs()),
        // CLDR en/nl/de/es: i = 1 and no visible fraction.
        _ => n == 1.0,
    };
    if one {
        Category::One
    } else {
        Category::Other
    }
}

/// `value` with `digits` decimals and the language's decimal sign (a comma in nl, fr, de, es).
pub fn decimal(lang: &str, value: f64, digits: usize) -> String {
    let text = format!("{value:.digits$}");
    if lang == "en" {
        text
    } else {
        text.replace('.', ",")
    }
}

/// The form of a `name, plural, one {…} other {…}` body for `args`, `#` replaced by the value;
/// `None` when the body is not a plural or its value is missing or not a number.
pub fn select(body: &str, args: &BTreeMap<String, String>, lang: &str) -> Option<String> {
    let (name, rest) = body.split_once(',')?;
    if let Some(forms) = rest.trim_start().strip_prefix("select,") {
        // A select without its key (an older sender) reads as its `other` form.
        return pick(forms, args.get(name.trim()).map_or("other", String::as_str));
    }
    let value = args.get(name.trim())?;
    let forms = rest.trim_start().strip_prefix("plural,")?;
    let n: f64 = value.parse().ok()?;
    let wanted = match category(lang, n) {
        Category::One => "one",
        Category::Other => "other",
    };
    let mut chosen = None;
    let mut rest = forms;
    while let Some((key, form, after)) = next_form(rest) {
        if key == wanted || (key == "other" && chosen.is_none()) {
            chosen = Some(form);
        }
        if key == wanted {
            break;
        }
        rest = after;
    }
    let shown = if lang == "en" {
        value.clone()
    } else {
        value.replace('.', ",")
    };
    chosen.map(|form| form.replace('#', &shown))
}

/// The form named `wanted` among `key {form} …`, else the `other` form.
fn pick(forms: &str, wanted: &str) -> Option<String> {
    let mut other = None;
    let mut rest = forms;
    while let Some((key, form, after)) = next_form(rest) {
        if key == wanted {
            return Some(form.to_owned());
        }
        if key == "other" {
            other = Some(form.to_owned());
        }
        rest = after;
    }
    other
}

/// The forms of a `name, plural|select, …` body (for the placeholder parity checks), else
/// `None`.
pub(super) fn forms_of(body: &str) -> Option<Vec<&str>> {
    let (_, rest) = body.split_once(',')?;
    let rest = rest.trim_start();
    let mut rest = rest
        .strip_prefix("select,")
        .or_else(|| rest.strip_prefix("plural,"))?;
    let mut forms = Vec::new();
    while let Some((_, form, after)) = next_form(rest) {
        forms.push(form);
        rest = after;
    }
    Some(forms)
}

/// The first `key {form}` of `forms`, and what follows it; a form's own `{…}` placeholders are
/// part of it (braces counted).
fn next_form(forms: &str) -> Option<(&str, &str, &str)> {
    let open = forms.find('{')?;
    let mut depth = 0usize;
    for (i, c) in forms[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 1 => {
                let close = open + i;
                return Some((
                    forms[..open].trim(),
                    &forms[open + 1..close],
                    &forms[close + 1..],
                ));
            }
            '}' => depth -= 1,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(n: &str) -> BTreeMap<String, String> {
        BTreeMap::from([("days".to_owned(), n.to_owned())])
    }

    const FR: &str = "days, plural, one {# jour} other {# jours}";
    const EN: &str = "days, plural, one {# day} other {# days}";

    #[test]
    fn french_counts_zero_and_one_as_singular() {
        assert_eq!(select(FR, &days("0"), "fr").unwrap(), "0 jour");
        assert_eq!(select(FR, &days("1"), "fr").unwrap(), "1 jour");
        assert_eq!(select(FR, &days("2"), "fr").unwrap(), "2 jours");
        assert_eq!(select(FR, &days("1.5"), "fr").unwrap(), "1,5 jour");
    }

    #[test]
    fn english_counts_only_one_as_singular() {
        assert_eq!(select(EN, &days("1"), "en").unwrap(), "1 day");
        assert_eq!(select(EN, &days("2"), "en").unwrap(), "2 days");
        assert_eq!(select(EN, &days("0"), "en").unwrap(), "0 days");
        assert_eq!(category("de", 1.0), Category::One);
        assert_eq!(category("nl", 0.0), Category::Other);
        assert_eq!(category("es", 1.5), Category::Other);
    }

    #[test]
    fn decimals_use_the_languages_sign() {
        assert_eq!(decimal("en", 2.5, 1), "2.5");
        assert_eq!(decimal("fr", 2.5, 1), "2,5");
        assert_eq!(decimal("de", 0.25, 2), "0,25");
        assert_eq!(decimal("nl", 12.0, 1), "12,0");
    }

    #[test]
    fn catalogue_evidence_counts_days_by_the_language() {
        use crate::findings::{Evidence, EvidenceKind};
        let period = |n: i64| {
            Evidence::new(EvidenceKind::ValidityPeriod)
                .arg("notBefore", "a")
                .arg("notAfter", "b")
                .arg("daysLeft", n)
                .arg("evaluatedAt", "c")
        };
        assert!(period(1).render("fr").contains("(1 jour restant au c)"));
        assert!(period(0).render("fr").contains("(0 jour restant au c)"));
        assert!(period(2).render("fr").contains("(2 jours restants au c)"));
        assert!(period(1).render("en").contains("(1 day left at c)"));
        assert!(period(2).render("en").contains("(2 days left at c)"));
        assert!(period(1).render("de").contains("noch 1 Tag am"));
    }

    #[test]
    fn a_key_picks_its_form_else_other() {
        const RANGE: &str =
            "range, select, private {une adresse privée} other {une adresse réservée}";
        let range = |v: &str| BTreeMap::from([("range".to_owned(), v.to_owned())]);
        assert_eq!(
            select(RANGE, &range("private"), "fr").unwrap(),
            "une adresse privée"
        );
        assert_eq!(
            select(RANGE, &range("cgnat"), "fr").unwrap(),
            "une adresse réservée"
        );
        // Without its key (an older sender): the `other` form.
        assert_eq!(
            select(RANGE, &BTreeMap::new(), "fr").unwrap(),
            "une adresse réservée"
        );
        let empty = "role, select, system {system resolver } other {}";
        assert_eq!(select(empty, &range("x"), "en").unwrap(), "");
        let role = BTreeMap::from([("role".to_owned(), "public".to_owned())]);
        assert_eq!(select(empty, &role, "en").unwrap(), "");
    }

    #[test]
    fn a_form_holds_placeholders_of_its_own() {
        let args = BTreeMap::from([
            ("problem".to_owned(), "length".to_owned()),
            ("count".to_owned(), "31".to_owned()),
        ]);
        let template =
            "UUID: {problem, select, empty {vide} length {{count} caractères, pas 32} other {?}}.";
        assert_eq!(
            super::super::evidence::fill_in(template, &args, "fr"),
            "UUID: 31 caractères, pas 32."
        );
        let days = "{n, plural, one {# jour pour {who}} other {# jours pour {who}}}";
        let args = BTreeMap::from([
            ("n".to_owned(), "2".to_owned()),
            ("who".to_owned(), "Anne".to_owned()),
        ]);
        assert_eq!(
            super::super::evidence::fill_in(days, &args, "fr"),
            "2 jours pour Anne"
        );
    }

    #[test]
    fn a_body_that_is_not_a_plural_is_left_alone() {
        assert_eq!(select("days", &days("1"), "fr"), None);
        assert_eq!(select(FR, &days("many"), "fr"), None);
        assert_eq!(select(FR, &BTreeMap::new(), "fr"), None);
    }
}
