//! The user's language on the web: the `lang` cookie (Swedish when there is none), and the
//! words of that language for every handler (`Words(tr): Words`). The words themselves live
//! in `samordna_app::i18n`, shared with the command line and the reports.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
pub use samordna_app::i18n::{Lang, Tr};
use std::convert::Infallible;

/// The language of a `Cookie` header: its `lang` cookie, or Swedish.
pub fn lang_of(cookie_header: Option<&str>) -> Lang {
    crate::auth::cookie(cookie_header, "lang")
        .and_then(Lang::parse)
        .unwrap_or(Lang::Sv)
}

/// The language of the API's messages: English, the language of integrations, unless the
/// client's `Accept-Language` puts Swedish first.
pub fn api_lang(accept_language: Option<&axum::http::HeaderValue>) -> Lang {
    let first = accept_language
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split([',', ';', '-']).next())
        .map(|t| t.trim().to_ascii_lowercase());
    if first.as_deref() == Some("sv") {
        Lang::Sv
    } else {
        Lang::En
    }
}

/// The words in the language of the request.
pub struct Words(pub Tr);

impl<S: Send + Sync> FromRequestParts<S> for Words {
    type Rejection = Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        let header = parts
            .headers
            .get(axum::http::header::COOKIE)
            .and_then(|v| v.to_str().ok());
        Ok(Words(Tr(lang_of(header))))
    }
}
