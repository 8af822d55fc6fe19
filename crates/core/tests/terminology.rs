//! Terms as Odoo's own translations write them, one form of address per language
//! (docs/terminology.md: each term, each language, and the `.po` file it comes from). Reads every
//! text store: core's catalogue, the window's i18n files and the device page's texts.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every text of `lang`, one string: the catalogue, the window chrome, the device page.
fn texts(lang: &str) -> String {
    let root = root();
    let read = |p: PathBuf| std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p:?}: {e}"));
    let catalogue = read(root.join(format!("crates/core/catalogue/{lang}.json")));
    let chrome = read(root.join(format!("ui/src/lib/i18n/{lang}.ts")));
    let page: serde_json::Value = serde_json::from_str(&read(
        root.join("crates/core/src/device_check/page_assets/page_texts.json"),
    ))
    .unwrap();
    format!("{catalogue}\n{chrome}\n{}", page[lang])
}

/// Without the words quoted from other programs' screens (“…”, «…», „…“): a browser's own
/// prompt is quoted as that browser words it.
fn own_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            // “ opens in English and closes German „…“.
            '“' if depth > 0 => depth -= 1,
            '“' | '«' | '„' => depth += 1,
            '”' | '»' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn has_word(text: &str, word: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| w == word)
}

#[test]
fn the_iot_box_is_named_as_odoos_translation_names_it() {
    // addons/iot_base/i18n/{fr,nl,de,es}.po: "Connection to IoT Box failed".
    let fr = texts("fr");
    assert!(fr.contains("IoT Box") && !fr.contains("boîtier IoT") && !fr.contains("Boîtier IoT"));
    let nl = texts("nl");
    assert!(nl.contains("IoT Box") && !nl.contains("IoT-box"));
    // The point of sale's own message, quoted as it shows it in each language.
    for (lang, shown) in [
        ("en", "Failed to reach IoT Box at"),
        ("nl", "Kon geen verbinding maken met IoT Box op"),
        ("fr", "Échec de la connexion IoT Box à"),
        ("de", "konnte nicht erreicht werden"),
        ("es", "No fue posible conectar con la caja IoT en"),
    ] {
        assert!(texts(lang).contains(shown), "{lang}: {shown}");
    }
    // German quotes English product lines („IoT Box Subscription“) as Odoo lists them.
    let de = own_words(&texts("de"));
    assert!(de.contains("IoT-Box") && !de.contains("IoT Box"));
    let es = texts("es");
    assert!(es.contains("caja IoT"));
}

#[test]
fn odoos_german_menu_is_einstellungen() {
    // Odoo's German user menu: "Einstellungen" (Preferences), never "Präferenzen".
    let de = texts("de");
    assert!(de.contains("Einstellungen") && !de.contains("Präferenzen"));
}

#[test]
fn the_preferences_menu_is_named_as_odoos_base_translation_names_it() {
    // odoo/addons/base/i18n/{nl,fr,es}.po, msgid "Preferences" (base.view_users_form).
    for (lang, menu) in [
        ("en", "→ Preferences →"),
        ("nl", "→ Voorkeuren →"),
        ("fr", "→ Préférences →"),
        ("de", "→ Einstellungen →"),
        ("es", "→ Preferencias →"),
    ] {
        assert!(texts(lang).contains(menu), "{lang}: {menu}");
    }
}

#[test]
fn french_says_l_iot_box_as_odoo_does_and_agrees_with_it() {
    // addons/iot_base/i18n/fr.po: « Echec de la connexion à l'IoT Box » — the name each time,
    // feminine (Odoo's French documentation: « l'IoT Box doive être redémarrée »).
    let fr = own_words(&texts("fr"));
    assert!(fr.contains("l'IoT Box") && fr.contains("de l'IoT Box") && fr.contains("à l'IoT Box"));
    for word in ["boîtier", "Boîtier", "boîtiers", "boitier"] {
        assert!(
            !has_word(&fr, word),
            "French names the box {word:?}, not « IoT Box »"
        );
    }
    // Masculine agreement with the box, as « le boîtier » had it.
    let masculine = [
        "appairé",
        "allumé",
        "revenu",
        "configuré",
        "enregistré",
        "redémarré",
        "démarré",
        "éteint",
        "lent",
        "joint",
        "arrivé",
        "lu",
        "absent",
        "connecté",
    ];
    for word in masculine {
        for before in [
            "IoT Box est ",
            "IoT Box n'est pas ",
            "IoT Box a été ",
            "IoT Box n'a pas pu être ",
        ] {
            let wrong = format!("{before}{word}");
            // The box is the subject (« l'IoT Box est … »), not a complement (« le journal
            // de l'IoT Box n'a pas pu être lu »).
            let found = fr.match_indices(&wrong).any(|(at, _)| {
                let subject = !["de l'", "à l'", "d'une ", "à une "]
                    .iter()
                    .any(|c| fr[..at].ends_with(c));
                subject
                    && !fr[at + wrong.len()..].starts_with(|c: char| c.is_alphabetic() || c == '-')
            });
            assert!(!found, "French: « {wrong} » (the IoT Box is feminine)");
        }
    }
    for wrong in [
        "IoT Box lui-même",
        "un IoT Box",
        "ce IoT Box",
        "le IoT Box",
        "du IoT Box",
    ] {
        // A whole word before the name (« Quelle IoT Box » is right).
        let found = fr
            .match_indices(wrong)
            .any(|(at, _)| !fr[..at].ends_with(char::is_alphabetic));
        assert!(!found, "French: « {wrong} »");
    }
}

#[test]
fn one_form_of_address_per_language() {
    let informal_or_formal = [
        ("nl", &["u", "uw"][..]),                            // Dutch: je
        ("de", &["du", "dein", "deine", "dich", "dir"][..]), // German: Sie
        ("fr", &["tu", "toi", "ton", "tes"][..]),            // French: vous
        ("es", &["tu", "tú", "tus"][..]),                    // Spanish: usted
    ];
    for (lang, words) in informal_or_formal {
        let own = own_words(&texts(lang));
        for word in words {
            assert!(
                !has_word(&own, word),
                "{lang} uses the other form of address: {word:?}"
            );
        }
    }
}

/// Evidence that opens with the box names it as Odoo's Dutch does ("IoT Box", not "de box").
#[test]
fn dutch_evidence_names_the_iot_box() {
    let catalogue: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("crates/core/catalogue/nl.json")).unwrap(),
    )
    .unwrap();
    let closed = catalogue["evidence"]["httpsClosed"].as_str().unwrap();
    assert!(closed.starts_with("de IoT Box "), "{closed}");
}
