//! Router and firewall recipes: for each router, DNS filter or firewall a shop may run, how to
//! let `odoo-iot.com` answer with private addresses (the `dns` part) and how to let the box
//! reach `www.odoo.com` and `iot-proxy.odoo.com` over HTTPS (the `https` part), each with the
//! vendor's documentation page. The texts live in `catalogue/<lang>.json` under `routers`;
//! a finding says which part applies (`Finding::router_recipes`), and the CLI, the reports and
//! the window show that part.
//!
//! Adding a router: its id in [`ROUTER_IDS`] (the window reads it from `bindings/codes.ts`:
//! regenerate the bindings), its `name`, `dns` and `https` parts (`steps`, `source`) in every
//! catalogue language.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Which part of a recipe a finding needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum RecipePart {
    /// DNS rebind protection: allow `odoo-iot.com` to answer with private addresses.
    Dns,
    /// Outbound HTTPS to `www.odoo.com` and `iot-proxy.odoo.com`: allow-list, no web filter,
    /// no SSL/TLS inspection.
    Https,
}

impl RecipePart {
    pub const ALL: &'static [RecipePart] = &[RecipePart::Dns, RecipePart::Https];

    /// The key of the part's title in the catalogue's `report` labels.
    pub fn label_key(self) -> &'static str {
        match self {
            Self::Dns => "recipes.dns",
            Self::Https => "recipes.https",
        }
    }
}

/// Routers in the order the CLI and the window offer them ("other" last).
pub const ROUTER_IDS: &[&str] = &[
    "fritzbox",
    "pfsense",
    "openwrt",
    "pihole-unbound",
    "nextdns",
    "adguard",
    "fortigate",
    "sophos",
    "unifi",
    "mikrotik",
    "sonicwall",
    "draytek",
    "securepoint",
    "controld",
    "other",
];

/// One part of a recipe: numbered steps and the vendor page they follow.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "RecipePartTexts"))]
pub struct PartTexts {
    pub steps: Vec<String>,
    pub source: String,
}

/// A router's recipe in one language.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "RouterRecipe"))]
pub struct Recipe {
    pub name: String,
    pub dns: PartTexts,
    pub https: PartTexts,
}

impl Recipe {
    pub fn part(&self, part: RecipePart) -> &PartTexts {
        match part {
            RecipePart::Dns => &self.dns,
            RecipePart::Https => &self.https,
        }
    }
}

pub(super) type Recipes = BTreeMap<String, Recipe>;

/// The recipe of router `id` in `lang`, falling back to English.
pub fn recipe(id: &str, lang: &str) -> Option<&'static Recipe> {
    super::texts::own_recipe(id, lang).or_else(|| super::texts::own_recipe(id, "en"))
}

/// A known router id for what a user typed (`FortiGate`, `pi-hole`…), else `None`.
pub fn router_id(typed: &str) -> Option<&'static str> {
    let wanted: String = typed
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    ROUTER_IDS.iter().copied().find(|id| {
        let plain: String = id.chars().filter(char::is_ascii_alphanumeric).collect();
        plain == wanted || (wanted.len() >= 4 && plain.starts_with(&wanted))
    })
}

#[cfg(test)]
mod tests {
    use super::super::{languages, texts};
    use super::*;

    #[test]
    fn the_catalogue_has_exactly_the_offered_routers() {
        let mut ids: Vec<&str> = ROUTER_IDS.to_vec();
        ids.sort_unstable();
        for lang in languages() {
            assert_eq!(
                texts::router_keys(lang),
                ids,
                "catalogue/{lang}.json routers"
            );
        }
    }

    #[test]
    fn every_recipe_has_both_parts_with_steps_and_an_https_source_in_every_language() {
        for lang in languages() {
            for id in ROUTER_IDS {
                let own = texts::own_recipe(id, lang)
                    .unwrap_or_else(|| panic!("{lang}: no recipe for {id}"));
                let en = texts::own_recipe(id, "en").unwrap();
                assert!(!own.name.trim().is_empty(), "{lang} {id}: no name");
                for part in RecipePart::ALL {
                    let (p, reference) = (own.part(*part), en.part(*part));
                    assert!(!p.steps.is_empty(), "{lang} {id} {part:?}: no steps");
                    assert!(
                        p.steps.iter().all(|s| !s.trim().is_empty()),
                        "{lang} {id} {part:?}: an empty step"
                    );
                    assert_eq!(
                        p.steps.len(),
                        reference.steps.len(),
                        "{lang} {id} {part:?}: not as many steps as English"
                    );
                    let url = p.source.strip_prefix("https://").unwrap_or("");
                    assert!(
                        url.contains('.') && !url.contains(char::is_whitespace),
                        "{lang} {id} {part:?}: source {:?} is not an https URL",
                        p.source
                    );
                }
            }
        }
    }

    #[test]
    fn the_parts_name_what_they_allow() {
        for lang in languages() {
            for id in ROUTER_IDS {
                let r = recipe(id, lang).unwrap();
                let dns = r.dns.steps.join(" ");
                let https = r.https.steps.join(" ");
                assert!(dns.contains("odoo-iot.com"), "{lang} {id}: dns part");
                assert!(
                    https.contains("odoo.com") && https.contains("iot-proxy"),
                    "{lang} {id}: https part"
                );
            }
        }
    }

    #[test]
    fn every_language_titles_both_parts() {
        for lang in languages() {
            for part in RecipePart::ALL {
                let own = texts::own_report_label(part.label_key(), lang);
                assert!(own.is_some_and(|l| !l.trim().is_empty()), "{lang} {part:?}");
            }
        }
    }

    #[test]
    fn typed_router_names_find_their_recipe() {
        assert_eq!(router_id("FortiGate"), Some("fortigate"));
        assert_eq!(router_id("pi-hole"), Some("pihole-unbound"));
        assert_eq!(router_id("Control D"), Some("controld"));
        assert_eq!(router_id("UniFi"), Some("unifi"));
        assert_eq!(router_id("xyz"), None);
        assert_eq!(router_id(""), None);
    }
}
