//! `string_enum!`: a closed set of codes whose serialised form is a fixed string — finding codes,
//! error codes, evidence kinds. Each gets the same derives (ts-rs included, so the window's
//! TypeScript has the same union), `ALL` in declaration order, and a `const fn` giving the
//! string, so the three sets cannot drift apart in how they behave.

macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident, text: $getter:ident {
            $($(#[$doc:meta])* $variant:ident = $text:literal,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
            serde::Serialize, serde::Deserialize,
        )]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum $name {
            $($(#[$doc])* #[serde(rename = $text)] $variant,)*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$(Self::$variant,)*];

            /// The string on the wire (and the key in the catalogue files).
            pub const fn $getter(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)*
                }
            }
        }
    };
}
