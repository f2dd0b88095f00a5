//! The limit on failed logins. A guess is counted before its password is checked, so that
//! parallel guesses cannot all be tried; and the limit is per account *and address* first,
//! so that someone guessing from one place does not lock the real user out everywhere.

/// How many failed logins are allowed in the window, and per what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginLimits {
    pub window_secs: i64,
    /// Failures of one account from one address.
    pub per_account_and_address: i64,
    /// Failures of one account from every address together (a guess from many places).
    pub per_account: i64,
    /// Failures from one address, whatever the account.
    pub per_address: i64,
}

pub const LOGIN_LIMITS: LoginLimits = LoginLimits {
    window_secs: 15 * 60,
    per_account_and_address: 5,
    per_account: 50,
    per_address: 50,
};

/// The failures counted in the window: of the account at this address, of the account,
/// of the address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Failures {
    pub account_and_address: i64,
    pub account: i64,
    pub address: i64,
}

impl LoginLimits {
    /// Whether one more attempt may be checked.
    pub fn allows(&self, f: Failures) -> bool {
        f.account_and_address < self.per_account_and_address
            && f.account < self.per_account
            && f.address < self.per_address
    }
}

/// Minutes left until `until` (a Unix time), at least 1, for a message to the user.
pub fn minutes_until(until: i64, now: i64) -> i64 {
    ((until - now + 59) / 60).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_limit_stops_on_its_own() {
        let l = LOGIN_LIMITS;
        assert!(l.allows(Failures::default()));
        let at = |a, b, c| Failures {
            account_and_address: a,
            account: b,
            address: c,
        };
        assert!(l.allows(at(4, 4, 4)));
        assert!(!l.allows(at(5, 5, 5)));
        assert!(l.allows(at(0, 49, 0)) && !l.allows(at(0, 50, 0)));
        assert!(l.allows(at(0, 0, 49)) && !l.allows(at(0, 0, 50)));
        assert_eq!(minutes_until(1000, 1000 - 61), 2);
        assert_eq!(minutes_until(1000, 1000), 1);
    }
}
