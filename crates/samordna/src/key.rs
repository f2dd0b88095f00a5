//! The identity key: from `SAMORDNA_IDENTITY_KEY`, or from its file. The file's default place
//! is beside the SQLite database (`samordna.db` → `samordna.key`), never a fixed name in
//! whatever directory the command happens to run in; for PostgreSQL it is `samordna.key` in
//! the working directory. Every server of one PostgreSQL must be given the same key.

use anyhow::{Context, Result};
use samordna_store::IdentityKey;
use std::path::{Path, PathBuf};

/// Where the key file is when none is named: beside the SQLite database file, with the
/// database's name and `.key`; `samordna.key` for other databases.
pub fn default_path(database_url: &str) -> PathBuf {
    let fallback = PathBuf::from("samordna.key");
    let Some(rest) = database_url.strip_prefix("sqlite:") else {
        return fallback;
    };
    let path = rest.trim_start_matches("//");
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() || path == ":memory:" {
        return fallback;
    }
    Path::new(path).with_extension("key")
}

/// The key from its text, or from `file`; with `create`, a missing file is made with a new
/// random key (readable by the owner only).
pub fn load(text: Option<&str>, file: &Path, create: bool) -> Result<Option<IdentityKey>> {
    let text = match text {
        Some(k) => k.to_string(),
        None => match std::fs::read_to_string(file) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && create => {
                let key = IdentityKey::generate();
                write_private(file, &key)?;
                eprintln!(
                    "samordna: created the identity key {}; back it up apart from the database",
                    file.display()
                );
                key
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e).with_context(|| format!("reading {}", file.display())),
        },
    };
    IdentityKey::parse(&text)
        .map(Some)
        .map_err(anyhow::Error::msg)
}

fn write_private(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::default_path;
    use std::path::PathBuf;

    #[test]
    fn the_key_lives_beside_the_sqlite_file() {
        assert_eq!(
            default_path("sqlite://samordna.db"),
            PathBuf::from("samordna.key")
        );
        assert_eq!(
            default_path("sqlite:///var/lib/samordna/data.db"),
            PathBuf::from("/var/lib/samordna/data.key")
        );
        assert_eq!(
            default_path("sqlite://dir/x.db?mode=rwc"),
            PathBuf::from("dir/x.key")
        );
        assert_eq!(default_path("sqlite:plain.db"), PathBuf::from("plain.key"));
        assert_eq!(
            default_path("postgres://u:p@h/db"),
            PathBuf::from("samordna.key")
        );
    }
}
