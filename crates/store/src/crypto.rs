//! Field encryption of identities. The key comes from the configuration (a file or an
//! environment variable), never from the database; the database holds only what the key
//! sealed and a check value that tells a wrong key from the right one.
//!
//! - Sealing: XChaCha20-Poly1305 with a random 192-bit nonce per value, the förbund's id as
//!   associated data (a sealed value copied into another förbund does not open).
//! - Lookup: HMAC-SHA-256 of the personnummer under a second key, so that the same person can
//!   be found again without the number being stored in the clear.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The identity key. Debug never shows it.
#[derive(Clone)]
pub struct IdentityKey {
    seal: [u8; 32],
    lookup: [u8; 32],
}

impl std::fmt::Debug for IdentityKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdentityKey(…)")
    }
}

fn derive(master: &[u8; 32], purpose: &[u8]) -> [u8; 32] {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(master).expect("any key length");
    mac.update(purpose);
    mac.finalize().into_bytes().into()
}

impl IdentityKey {
    /// A new random key, as the text to keep in a file or variable.
    pub fn generate() -> String {
        let mut k = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut k);
        B64.encode(k)
    }

    /// The key from its text: base64 of 32 bytes.
    pub fn parse(text: &str) -> Result<Self, String> {
        let bytes = B64
            .decode(text.trim())
            .map_err(|_| "identity key is not base64".to_string())?;
        let master: [u8; 32] = bytes
            .try_into()
            .map_err(|_| "identity key must be 32 bytes (44 base64 characters)".to_string())?;
        Ok(IdentityKey {
            seal: derive(&master, b"samordna identity seal v1"),
            lookup: derive(&master, b"samordna identity lookup v1"),
        })
    }

    pub fn seal(&self, org: i64, plain: &[u8]) -> String {
        let cipher = XChaCha20Poly1305::new((&self.seal).into());
        let mut nonce = [0u8; 24];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let aad = org.to_be_bytes();
        let ct = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plain,
                    aad: &aad,
                },
            )
            .expect("encryption of a short value cannot fail");
        let mut out = nonce.to_vec();
        out.extend(ct);
        B64.encode(out)
    }

    pub fn open(&self, org: i64, sealed: &str) -> Option<Vec<u8>> {
        let bytes = B64.decode(sealed).ok()?;
        if bytes.len() < 24 {
            return None;
        }
        let (nonce, ct) = bytes.split_at(24);
        let cipher = XChaCha20Poly1305::new((&self.seal).into());
        let aad = org.to_be_bytes();
        cipher
            .decrypt(XNonce::from_slice(nonce), Payload { msg: ct, aad: &aad })
            .ok()
    }

    /// The keyed hash by which a personnummer is found again within one förbund.
    pub fn lookup(&self, org: i64, personnummer: &str) -> String {
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&self.lookup).expect("any key length");
        mac.update(&org.to_be_bytes());
        mac.update(personnummer.as_bytes());
        B64.encode(mac.finalize().into_bytes())
    }

    /// A value that shows whether a key is the one the database was sealed with, without
    /// revealing the key.
    pub fn check_value(&self) -> String {
        self.lookup(0, "samordna key check")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_and_opens_only_in_its_own_forbund() {
        let key = IdentityKey::parse(&IdentityKey::generate()).unwrap();
        let sealed = key.seal(1, b"19121212-1212");
        assert!(!sealed.contains("1912"));
        assert_eq!(key.open(1, &sealed).unwrap(), b"19121212-1212");
        assert_eq!(key.open(2, &sealed), None);
        let other = IdentityKey::parse(&IdentityKey::generate()).unwrap();
        assert_eq!(other.open(1, &sealed), None);
        assert_ne!(
            key.seal(1, b"x"),
            key.seal(1, b"x"),
            "a fresh nonce each time"
        );
        assert_eq!(key.lookup(1, "a"), key.lookup(1, "a"));
        assert_ne!(key.lookup(1, "a"), key.lookup(2, "a"));
        assert!(IdentityKey::parse("too short").is_err());
    }
}
