//! Accounts and their secrets: passwords hashed with argon2id, random tokens (sessions, CSRF,
//! API) of which only the SHA-256 is stored, and the login itself with its limit on failed
//! attempts, counted in the database so that it holds across servers.

use crate::{Error, Result};
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use base64::Engine;
use rand::RngCore;
use samordna_domain::access::audit::{Actor, AuditAction, AuditEvent};
use samordna_domain::access::login::{minutes_until, LOGIN_LIMITS};
use samordna_domain::access::users::{check_password, Email, User};
use samordna_domain::{Invalid, Reason};
use samordna_store::Store;
use sha2::{Digest, Sha256};

/// A fresh random token, URL-safe.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A password made for a new account and shown once: 20 URL-safe characters (~120 bits).
pub fn generated_password() -> String {
    random_token()[..20].to_string()
}

/// A new API token: `smd_` (so it is recognisable in a leaked file) and a random token.
pub fn new_api_token() -> String {
    format!("smd_{}", random_token())
}

pub fn hash_token(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Constant-time comparison of two tokens.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The argon2id hash of a password, computed off the async threads.
pub async fn hash_password(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
    })
    .await
    .map_err(|e| Error::Internal(e.into()))?
    .map_err(Error::Internal)
}

pub async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash).is_ok_and(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
    })
    .await
    .unwrap_or(false)
}

/// Hash of a password nobody has, verified when the e-mail is unknown so that the answer
/// takes as long as for a known one.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$3zHnSVaj6ThVzb9jfRZAYMPu2RS0EbTzGMhd5kI0/vE";

pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// A new session: its token (for the cookie) and its user.
pub struct Login {
    pub token: String,
    pub user: User,
}

/// Checks e-mail and password. The attempt is counted in the database before the password
/// is checked (so that parallel guesses cannot pass the limit, on any number of servers);
/// a right password takes it back. On success opens a session of `session_hours` and ends
/// `replaced`, the session the browser came with, so that logging in again never leaves an
/// old session valid. Refused with `LoginRefused` (never saying whether the e-mail or the
/// password was wrong) or `TooManyAttempts`.
pub async fn login(
    store: &dyn Store,
    email: &str,
    password: &str,
    ip: &str,
    session_hours: i64,
    replaced: Option<&str>,
) -> Result<Login> {
    let now = now();
    let key = email.trim().to_lowercase();
    let attempt = match store.begin_login(&key, ip, now, &LOGIN_LIMITS).await? {
        Ok(id) => id,
        Err(until) => {
            tracing::info!(email = %key, ip, "login refused: too many failures");
            return Err(Error::TooManyAttempts {
                minutes: minutes_until(until, now),
            });
        }
    };
    let creds = match Email::parse(&key) {
        Ok(e) => store.credentials(&e).await?,
        Err(_) => None,
    };
    let hash = creds
        .as_ref()
        .map_or(DUMMY_HASH.to_string(), |c| c.password_hash.clone());
    let ok = verify_password(password.to_string(), hash).await;
    let Some(creds) = creds.filter(|_| ok) else {
        tracing::info!(email = %key, ip, "login failed");
        return Err(Error::LoginRefused);
    };
    store.forget_login_attempt(attempt).await?;
    if let Some(old) = replaced {
        store.delete_session(old).await?;
    }
    let user = creds.user;
    let token = random_token();
    let expires = now + session_hours * 3600;
    store
        .create_session(&hash_token(&token), user.id, &random_token(), now, expires)
        .await?;
    store
        .audit(
            user.org_id,
            &Actor::user(user.id, user.email.as_str()),
            &AuditEvent::new(AuditAction::Login, "session", user.id),
        )
        .await?;
    Ok(Login { token, user })
}

/// A new password for the logged-in account, after the current one is checked: every
/// session ends (also on other devices), and a new one is opened for this browser.
pub async fn change_password(
    store: &dyn Store,
    user: &User,
    current: &str,
    new: &str,
    repeated: &str,
    session_hours: i64,
) -> Result<String> {
    let creds = store
        .credentials(&user.email)
        .await?
        .ok_or(Error::LoginRefused)?;
    if !verify_password(current.to_string(), creds.password_hash).await {
        return Err(Invalid::new("current_password", "", Reason::WrongPassword).into());
    }
    check_password(new)?;
    if new != repeated {
        return Err(Invalid::new("repeat_password", "", Reason::NotRepeated).into());
    }
    let actor = Actor::user(user.id, user.email.as_str());
    store
        .set_password(&actor, user.id, &hash_password(new.to_string()).await?)
        .await?;
    let token = random_token();
    let now = now();
    store
        .create_session(
            &hash_token(&token),
            user.id,
            &random_token(),
            now,
            now + session_hours * 3600,
        )
        .await?;
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dummy_hash_is_a_valid_argon2id_hash() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }

    #[tokio::test]
    async fn passwords_verify() {
        let h = hash_password("en lång lösenfras".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("en lång lösenfras".into(), h.clone()).await);
        assert!(!verify_password("fel".into(), h).await);
    }

    #[test]
    fn tokens_compare_in_constant_shape() {
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abc", "abd"));
        assert!(!same_token("abc", "abcd"));
        assert!(new_api_token().starts_with("smd_"));
        assert_eq!(hash_token("x").len(), 64);
    }
}
