//! Accounts: staff of a förbund (or the installation's admin) who log in.

use crate::access::roles::{Role, Scope};
use crate::invalid::{Invalid, Reason};
use crate::orgs::networks::NetworkId;
use crate::orgs::OrgId;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// A plausible address, stored lower-case: one `@`, a dot in the domain, no spaces.
    pub fn parse(value: &str) -> Result<Self, Invalid> {
        let v = value.trim().to_lowercase();
        let ok = v.len() <= 254
            && !v.chars().any(char::is_whitespace)
            && matches!(v.split_once('@'), Some((local, domain))
                if !local.is_empty() && !domain.contains('@') && domain.contains('.')
                    && !domain.starts_with('.') && !domain.ends_with('.'));
        if ok {
            Ok(Email(v))
        } else {
            Err(Invalid::new("email", value, Reason::EmailFormat))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = Invalid;
    fn try_from(s: String) -> Result<Self, Invalid> {
        Email::parse(&s)
    }
}
impl From<Email> for String {
    fn from(e: Email) -> String {
        e.0
    }
}

/// A new password: at least 10 characters (a passphrase is better), at most 200.
pub fn check_password(value: &str) -> Result<(), Invalid> {
    let n = value.chars().count();
    if n < 10 {
        return Err(Invalid::new("password", "", Reason::TooShort { min: 10 }));
    }
    if n > 200 {
        return Err(Invalid::new("password", "", Reason::TooLong { max: 200 }));
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: i64,
    /// `None` only for the installation's admin and network accounts.
    pub org_id: Option<OrgId>,
    /// The network of a network account.
    pub network_id: Option<NetworkId>,
    pub email: Email,
    pub name: String,
    pub role: Role,
    pub scope: Scope,
    /// A deactivated account cannot log in, and its sessions and API tokens stop working.
    pub disabled: bool,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub org_id: Option<OrgId>,
    pub network_id: Option<NetworkId>,
    pub email: Email,
    pub name: String,
    pub role: Role,
    pub password_hash: String,
    pub scope: Scope,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(
            Email::parse(" Chef@Hoglandet.se ").unwrap().as_str(),
            "chef@hoglandet.se"
        );
        for bad in [
            "", "chef", "chef@", "@x.se", "a b@x.se", "a@b", "a@@b.se", "a@.se",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords() {
        assert!(check_password("kort").is_err());
        assert!(check_password("en lång lösenfras").is_ok());
    }
}
