//! Which browser a device runs, from its user agent (and Client Hints brands where sent), and
//! what follows from it: whether it enforces Local Network Access (Chromium 142+), whether it
//! can take Odoo's LNA-over-HTTP path, and whether an old Android trust store is in play.

use serde::Serialize;

use super::report::Brand;

/// Chrome's full Local Network Access launch (blink-dev, M142).
pub const LNA_FIRST_CHROMIUM: u32 = 142;
/// Chrome ships its own root store on Android from here; older ones use the system's.
const CHROME_OWN_ROOTS: u32 = 105;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum BrowserFamily {
    Chrome,
    Edge,
    /// Chromium itself and other Chromium-based browsers (Opera, Samsung Internet, Brave…).
    Chromium,
    /// An app's embedded Android WebView (the customer-display or POS wrapper apps).
    AndroidWebview,
    Firefox,
    Safari,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Browser {
    pub family: BrowserFamily,
    /// For people: "Chrome", "Firefox", "Samsung Internet"…
    pub name: String,
    /// The major version, "" when unknown.
    pub version: String,
    /// "Android 7.1", "iOS 17.4", "Windows", "macOS", "Linux", "" when unknown.
    pub os: String,
    /// The browser blocks requests to local addresses without the site's permission.
    pub enforces_lna: bool,
    /// Android 7.1 or older with a browser that uses the system's root store (no ISRG X1).
    pub old_android_trust_store: bool,
}

impl Browser {
    pub fn major(&self) -> Option<u32> {
        self.version.parse().ok()
    }

    pub fn is_chromium_based(&self) -> bool {
        matches!(
            self.family,
            BrowserFamily::Chrome | BrowserFamily::Edge | BrowserFamily::Chromium
        )
    }

    /// Identifies the browser. Brands (Client Hints) win over the user agent where present.
    pub fn identify(user_agent: &str, brands: &[Brand]) -> Self {
        let ua = user_agent;
        let version_after = |token: &str| -> Option<String> {
            let start = ua.find(token)? + token.len();
            let digits: String = ua[start..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            (!digits.is_empty()).then_some(digits)
        };
        let brand = |name: &str| {
            brands
                .iter()
                .find(|b| b.brand == name)
                .map(|b| b.version.clone())
        };
        let (family, name, version) = if ua.contains("; wv)") {
            (
                BrowserFamily::AndroidWebview,
                "Android WebView".to_owned(),
                version_after("Chrome/"),
            )
        } else if let Some(v) = brand("Microsoft Edge").or_else(|| version_after("Edg/")) {
            (BrowserFamily::Edge, "Edge".to_owned(), Some(v))
        } else if let Some(v) = version_after("SamsungBrowser/") {
            (
                BrowserFamily::Chromium,
                "Samsung Internet".to_owned(),
                Some(v),
            )
        } else if let Some(v) = version_after("OPR/") {
            (BrowserFamily::Chromium, "Opera".to_owned(), Some(v))
        } else if let Some(v) = brand("Google Chrome") {
            (BrowserFamily::Chrome, "Chrome".to_owned(), Some(v))
        } else if let Some(v) = brand("Chromium") {
            (BrowserFamily::Chromium, "Chromium".to_owned(), Some(v))
        } else if let Some(v) = version_after("Firefox/").or_else(|| version_after("FxiOS/")) {
            (BrowserFamily::Firefox, "Firefox".to_owned(), Some(v))
        } else if ua.contains("Chromium/") {
            (
                BrowserFamily::Chromium,
                "Chromium".to_owned(),
                version_after("Chromium/"),
            )
        } else if let Some(v) = version_after("CriOS/") {
            // Chrome on iOS is WebKit underneath: Safari's rules apply.
            (BrowserFamily::Safari, "Chrome (iOS)".to_owned(), Some(v))
        } else if let Some(v) = version_after("Chrome/") {
            (BrowserFamily::Chrome, "Chrome".to_owned(), Some(v))
        } else if ua.contains("Safari/") {
            (
                BrowserFamily::Safari,
                "Safari".to_owned(),
                version_after("Version/"),
            )
        } else {
            (BrowserFamily::Other, "Unknown browser".to_owned(), None)
        };
        let version = version.unwrap_or_default();
        let major: Option<u32> = version.parse().ok();
        let os = os_of(ua);
        let android = android_version(ua);
        let chromium = matches!(
            family,
            BrowserFamily::Chrome | BrowserFamily::Edge | BrowserFamily::Chromium
        );
        let enforces_lna = chromium && major.is_some_and(|m| m >= LNA_FIRST_CHROMIUM);
        let own_roots = family == BrowserFamily::Firefox
            || (family == BrowserFamily::Chrome && major.is_some_and(|m| m >= CHROME_OWN_ROOTS));
        let old_android_trust_store = android.is_some_and(|v| v <= (7, 1)) && !own_roots;
        Self {
            family,
            name,
            version,
            os,
            enforces_lna,
            old_android_trust_store,
        }
    }
}

/// `(major, minor)` of "Android 7.1.1".
fn android_version(ua: &str) -> Option<(u32, u32)> {
    let start = ua.find("Android ")? + "Android ".len();
    let mut parts = ua[start..]
        .split(|c: char| !c.is_ascii_digit())
        .take(2)
        .map(|p| p.parse::<u32>().ok());
    let major = parts.next()??;
    let minor = parts.next().flatten().unwrap_or(0);
    Some((major, minor))
}

fn os_of(ua: &str) -> String {
    if let Some((major, minor)) = android_version(ua) {
        format!("Android {major}.{minor}")
    } else if ua.contains("iPhone") || ua.contains("iPad") {
        "iOS".to_owned()
    } else if ua.contains("Windows") {
        "Windows".to_owned()
    } else if ua.contains("Mac OS X") {
        "macOS".to_owned()
    } else if ua.contains("CrOS") {
        "ChromeOS".to_owned()
    } else if ua.contains("Linux") {
        "Linux".to_owned()
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(ua: &str) -> Browser {
        Browser::identify(ua, &[])
    }

    #[test]
    fn chrome_142_and_later_enforce_lna_and_older_ones_do_not() {
        let new = id("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36");
        assert_eq!(new.family, BrowserFamily::Chrome);
        assert_eq!(new.version, "142");
        assert_eq!(new.os, "Windows");
        assert!(new.enforces_lna);
        let old = id("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36");
        assert!(!old.enforces_lna);
    }

    #[test]
    fn edge_firefox_safari_and_webviews_are_told_apart() {
        let edge = id("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/143.0.0.0 Safari/537.36 Edg/143.0.0.0");
        assert_eq!(
            (edge.family, edge.version.as_str()),
            (BrowserFamily::Edge, "143")
        );
        assert!(edge.enforces_lna);
        let firefox = id("Mozilla/5.0 (Windows NT 10.0; rv:146.0) Gecko/20100101 Firefox/146.0");
        assert_eq!(firefox.family, BrowserFamily::Firefox);
        assert!(!firefox.enforces_lna);
        let safari = id("Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1");
        assert_eq!(
            (safari.family, safari.version.as_str()),
            (BrowserFamily::Safari, "17")
        );
        assert_eq!(safari.os, "iOS");
        let webview = id("Mozilla/5.0 (Linux; Android 7.1.1; SM-T580 Build/NMF26X; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0.6045.193 Safari/537.36");
        assert_eq!(webview.family, BrowserFamily::AndroidWebview);
        assert_eq!(webview.os, "Android 7.1");
        assert!(webview.old_android_trust_store);
        assert!(!webview.enforces_lna);
    }

    #[test]
    fn old_android_trust_store_only_where_the_browser_uses_the_system_roots() {
        let chrome = id("Mozilla/5.0 (Linux; Android 7.0; SM-T580) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36");
        assert!(
            !chrome.old_android_trust_store,
            "Chrome 105+ has its own roots"
        );
        let samsung = id("Mozilla/5.0 (Linux; Android 7.0; SM-T580) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/9.2 Chrome/67.0.3396.87 Safari/537.36");
        assert_eq!(samsung.name, "Samsung Internet");
        assert!(samsung.old_android_trust_store);
        let android8 = id("Mozilla/5.0 (Linux; Android 8.0.0; SM-T580; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0 Safari/537.36");
        assert!(!android8.old_android_trust_store);
    }

    #[test]
    fn client_hint_brands_win_over_a_frozen_user_agent() {
        let brands = [
            Brand {
                brand: "Not_A Brand".into(),
                version: "24".into(),
            },
            Brand {
                brand: "Chromium".into(),
                version: "156".into(),
            },
        ];
        let b = Browser::identify("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36", &brands);
        assert_eq!(
            (b.family, b.name.as_str(), b.version.as_str()),
            (BrowserFamily::Chromium, "Chromium", "156")
        );
        assert!(b.enforces_lna);
        assert_eq!(id("curl/8.0").family, BrowserFamily::Other);
    }
}
