//! The signing choice in its two other shapes: as the form a person fills in (every field
//! kept while they switch between kinds), and as links and storage carry it (the secret only
//! when the person asked for it).

use serde::{Deserialize, Serialize};

use super::{Scheme, Signing};

/// What kind of signing is chosen in the "Signing" menu.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SigningKind {
    /// Sent as built.
    #[default]
    Off,
    /// A static token parameter.
    Token,
    /// An HMAC-SHA256 signature header in a platform's format.
    Hmac(Scheme),
}

impl SigningKind {
    /// Every kind, in menu order.
    pub const ALL: [SigningKind; 6] = [
        Self::Off,
        Self::Token,
        Self::Hmac(Scheme::Stripe),
        Self::Hmac(Scheme::GitHub),
        Self::Hmac(Scheme::Shopify),
        Self::Hmac(Scheme::StandardWebhooks),
    ];

    /// A stable identifier, for menus and links: `off`, `token`, or the scheme's id.
    pub fn id(self) -> &'static str {
        match self {
            Self::Off => "off",
            Self::Token => "token",
            Self::Hmac(scheme) => scheme.id(),
        }
    }

    /// The kind with this [`SigningKind::id`].
    ///
    /// ```
    /// use postback_core::SigningKind;
    ///
    /// assert!(SigningKind::ALL.iter().all(|k| SigningKind::from_id(k.id()) == Some(*k)));
    /// assert_eq!(SigningKind::from_id("md5"), None);
    /// ```
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.id() == id)
    }

    /// The kind in the menu's words.
    pub fn label(self) -> String {
        match self {
            Self::Off => "None: send as built".to_owned(),
            Self::Token => "Static token parameter".to_owned(),
            Self::Hmac(scheme) => format!("{} signature ({})", scheme.label(), scheme.header()),
        }
    }
}

/// The "Signature or token" form as typed: the chosen kind and every field, so switching kinds
/// loses nothing. Only the chosen kind's fields sign.
///
/// ```
/// use postback_core::{Scheme, Signing, SigningForm, SigningKind};
///
/// let mut form = SigningForm::default();
/// form.token = "t0k".into();
/// form.secret = "s3".into();
/// form.kind = SigningKind::Token;
/// assert_eq!(form.signing(), Signing::Token { param: "token".into(), value: "t0k".into() });
/// form.kind = SigningKind::Hmac(Scheme::GitHub);
/// assert_eq!(form.signing(), Signing::Hmac { scheme: Scheme::GitHub, secret: "s3".into() });
/// assert_eq!(SigningForm::from_signing(&form.signing()).signing(), form.signing());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigningForm {
    /// The chosen kind.
    pub kind: SigningKind,
    /// "Token parameter".
    pub param: String,
    /// "Token value".
    pub token: String,
    /// "Signing secret".
    pub secret: String,
}

impl Default for SigningForm {
    fn default() -> Self {
        Self {
            kind: SigningKind::Off,
            param: "token".to_owned(),
            token: String::new(),
            secret: String::new(),
        }
    }
}

impl SigningForm {
    /// The form showing `signing`, the other fields at their defaults.
    pub fn from_signing(signing: &Signing) -> Self {
        let form = Self::default();
        match signing {
            Signing::Off => form,
            Signing::Token { param, value } => Self {
                kind: SigningKind::Token,
                param: param.clone(),
                token: value.clone(),
                ..form
            },
            Signing::Hmac { scheme, secret } => Self {
                kind: SigningKind::Hmac(*scheme),
                secret: secret.clone(),
                ..form
            },
        }
    }

    /// How fires are signed with this form.
    pub fn signing(&self) -> Signing {
        match self.kind {
            SigningKind::Off => Signing::Off,
            SigningKind::Token => Signing::Token {
                param: self.param.clone(),
                value: self.token.clone(),
            },
            SigningKind::Hmac(scheme) => Signing::Hmac {
                scheme,
                secret: self.secret.clone(),
            },
        }
    }
}

/// How a shared or stored test is signed: the kind and the token parameter, and the secret
/// only when the person chose to keep it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedSigning {
    /// `token`, or a [`Scheme`] id; absent when the test is not signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The token's parameter name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub param: String,
    /// The token or the signing secret, when included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

impl SharedSigning {
    /// How `signing` signs, with its secret only when `with_secret`.
    ///
    /// ```
    /// use postback_core::{Scheme, SharedSigning, Signing};
    ///
    /// let signing = Signing::Hmac { scheme: Scheme::Shopify, secret: "s".into() };
    /// assert_eq!(SharedSigning::new(&signing, false).secret, None);
    /// assert_eq!(SharedSigning::new(&signing, true).to_signing(), signing);
    /// ```
    pub fn new(signing: &Signing, with_secret: bool) -> Self {
        let (kind, param, secret) = match signing {
            Signing::Off => (SigningKind::Off, String::new(), None),
            Signing::Token { param, value } => (SigningKind::Token, param.clone(), Some(value)),
            Signing::Hmac { scheme, secret } => {
                (SigningKind::Hmac(*scheme), String::new(), Some(secret))
            }
        };
        Self {
            kind: (kind != SigningKind::Off).then(|| kind.id().to_owned()),
            param,
            secret: secret.filter(|s| with_secret && !s.is_empty()).cloned(),
        }
    }

    /// The signing it describes (with an empty secret when none was kept). A kind this build
    /// does not know reads as no signing.
    pub fn to_signing(&self) -> Signing {
        let secret = self.secret.clone().unwrap_or_default();
        match self.kind.as_deref().and_then(SigningKind::from_id) {
            Some(SigningKind::Token) => Signing::Token {
                param: self.param.clone(),
                value: secret,
            },
            Some(SigningKind::Hmac(scheme)) => Signing::Hmac { scheme, secret },
            Some(SigningKind::Off) | None => Signing::Off,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_keeps_every_field_and_signs_with_the_chosen_kind_only() {
        let form = SigningForm {
            kind: SigningKind::Off,
            param: "sig".into(),
            token: "t".into(),
            secret: "s".into(),
        };
        let cases = [
            (SigningKind::Off, Signing::Off),
            (
                SigningKind::Token,
                Signing::Token {
                    param: "sig".into(),
                    value: "t".into(),
                },
            ),
            (
                SigningKind::Hmac(Scheme::StandardWebhooks),
                Signing::Hmac {
                    scheme: Scheme::StandardWebhooks,
                    secret: "s".into(),
                },
            ),
        ];
        for (kind, want) in cases {
            let chosen = SigningForm {
                kind,
                ..form.clone()
            };
            assert_eq!(chosen.signing(), want, "{kind:?}");
            assert_eq!(SigningForm::from_signing(&want).signing(), want);
        }
    }

    #[test]
    fn a_shared_choice_reads_back_and_an_unknown_kind_is_no_signing() {
        let token = Signing::Token {
            param: "t".into(),
            value: "v".into(),
        };
        for signing in [
            Signing::Off,
            token.clone(),
            Signing::Hmac {
                scheme: Scheme::GitHub,
                secret: "s".into(),
            },
        ] {
            assert_eq!(SharedSigning::new(&signing, true).to_signing(), signing);
        }
        let without = SharedSigning::new(&token, false);
        assert_eq!(
            without.to_signing(),
            Signing::Token {
                param: "t".into(),
                value: String::new()
            }
        );
        let unknown = SharedSigning {
            kind: Some("rot13".into()),
            ..SharedSigning::default()
        };
        assert_eq!(unknown.to_signing(), Signing::Off);
    }
}
