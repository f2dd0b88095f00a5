//! `spawn_app()`: the application with the demo förbund, on a free port, with its own
//! database, and a logged-in client per role.

use reqwest::redirect::Policy;
use reqwest::{Client, StatusCode};
use samordna_store::Store;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

pub const PASSWORD: &str = samordna::demo::PASSWORD;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Whether the PostgreSQL tests can run: `SAMORDNA_TEST_POSTGRES_URL` is set. Under CI it
/// must be, so a missing database fails the run instead of skipping half of it.
pub fn postgres_available() -> bool {
    if std::env::var("SAMORDNA_TEST_POSTGRES_URL").is_ok() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must run the PostgreSQL tests: set SAMORDNA_TEST_POSTGRES_URL"
    );
    eprintln!("SAMORDNA_TEST_POSTGRES_URL not set: PostgreSQL test skipped");
    false
}

/// Makes `async fn name(backend: Backend)` two tests, `name::sqlite` and `name::postgres`,
/// so that a failure on one backend cannot hide the run on the other.
macro_rules! per_backend {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$name($crate::helpers::Backend::Sqlite).await
            }

            #[tokio::test]
            async fn postgres() {
                if $crate::helpers::postgres_available() {
                    super::$name($crate::helpers::Backend::Postgres).await
                }
            }
        }
    )+};
}

pub fn temp_dir() -> std::path::PathBuf {
    let p = std::env::temp_dir().join(format!("samordna-it-{}", rand::random::<u64>()));
    std::fs::create_dir_all(&p).unwrap();
    p
}

/// A fresh, empty PostgreSQL database; returns its URL.
pub async fn fresh_pg_database() -> String {
    let url = std::env::var("SAMORDNA_TEST_POSTGRES_URL").expect("SAMORDNA_TEST_POSTGRES_URL");
    let name = format!("samordna_it_{}", rand::random::<u32>());
    let admin = samordna_store::connect(&url).await.unwrap();
    drop(admin);
    // CREATE DATABASE cannot run in a transaction; a plain connection does it.
    let out = std::process::Command::new("psql")
        .arg(&url)
        .arg("-qc")
        .arg(format!("CREATE DATABASE {name}"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (base, _) = url.rsplit_once('/').unwrap();
    format!("{base}/{name}")
}

pub async fn store_for(backend: Backend) -> (Arc<dyn Store>, String) {
    let url = match backend {
        Backend::Sqlite => format!("sqlite://{}", temp_dir().join("app.db").display()),
        Backend::Postgres => fresh_pg_database().await,
    };
    let store = samordna_store::connect_with_key(&url, Some(test_key()))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    store.check_identity_key().await.unwrap();
    (store, url)
}

/// The identity key of the tests' databases.
pub const TEST_KEY: &str = "c2Ftb3JkbmEgdGVzdCBrZXkgLSBub3QgZm9yIHVzZSE=";

pub fn test_key() -> samordna_store::IdentityKey {
    samordna_store::IdentityKey::parse(TEST_KEY).unwrap()
}

pub struct TestApp {
    pub base: String,
    pub store: Arc<dyn Store>,
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    let (store, _) = store_for(backend).await;
    samordna::demo::load(&*store).await.unwrap();
    spawn_on(store, "http://127.0.0.1").await
}

pub async fn spawn_on(store: Arc<dyn Store>, public_url: &str) -> TestApp {
    let config = samordna_web::Config {
        public_url: public_url.into(),
        ..Default::default()
    };
    spawn_with(store, config).await
}

pub async fn spawn_with(store: Arc<dyn Store>, config: samordna_web::Config) -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = samordna_web::AppState {
        store: store.clone(),
        config: Arc::new(config),
    };
    tokio::spawn(samordna_web::serve_on(state, listener));
    TestApp { base, store }
}

pub fn client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .unwrap()
}

/// The value of the first `name="csrf"` field of a page.
pub fn csrf_in(html: &str) -> String {
    let start = html
        .find("name=\"csrf\" value=\"")
        .expect("page has a csrf field")
        + 19;
    html[start..].split('"').next().unwrap().to_string()
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A client logged in as `email`; returns it with its CSRF token.
    pub async fn login(&self, email: &str) -> (Client, String) {
        let c = client();
        let status = self.try_login(&c, email, PASSWORD).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "login of {email}");
        let csrf = self.csrf(&c).await;
        (c, csrf)
    }

    pub async fn try_login(&self, c: &Client, email: &str, password: &str) -> StatusCode {
        self.post_login(c, email, password, "").await.status()
    }

    /// Logs in as a browser does: the login page first, then the form with its CSRF field
    /// (and `next`, where the user was going).
    pub async fn post_login(
        &self,
        c: &Client,
        email: &str,
        password: &str,
        next: &str,
    ) -> reqwest::Response {
        let page = self.page(c, "/login").await;
        let form = [
            ("csrf", csrf_in(&page)),
            ("email", email.into()),
            ("password", password.into()),
            ("next", next.into()),
        ];
        c.post(self.url("/login")).form(&form).send().await.unwrap()
    }

    /// The text of the page at `path`.
    pub async fn page(&self, c: &Client, path: &str) -> String {
        c.get(self.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// The session's CSRF token, read from a page the user can see.
    pub async fn csrf(&self, c: &Client) -> String {
        let res = c.get(self.url("/login")).send().await.unwrap();
        csrf_in(&res.text().await.unwrap())
    }

    pub async fn org_id(&self) -> samordna_domain::orgs::OrgId {
        self.store.org_by_slug("hoglandet").await.unwrap().id
    }

    /// An API token for the demo account `email` that may write (what the role allows).
    pub async fn token(&self, email: &str) -> String {
        self.token_with(email, samordna_domain::access::roles::TokenScope::Write)
            .await
    }

    /// An API token for the demo account `email` of the scope `scope`.
    pub async fn token_with(
        &self,
        email: &str,
        scope: samordna_domain::access::roles::TokenScope,
    ) -> String {
        let creds = self
            .store
            .credentials(&samordna_domain::access::users::Email::parse(email).unwrap())
            .await
            .unwrap()
            .unwrap();
        let token = samordna_app::access::new_api_token();
        let hash = samordna_app::access::hash_token(&token);
        let name = format!("test-{}", rand::random::<u32>());
        self.store
            .create_api_token(
                self.org_id().await,
                &samordna_domain::access::audit::Actor::system("test"),
                &samordna_store::NewToken {
                    user_id: creds.user.id,
                    name: &name,
                    token_hash: &hash,
                    scope,
                    created_at: 0,
                },
            )
            .await
            .unwrap();
        token
    }
}

// ---- the real binary ----

pub const BIN: &str = env!("CARGO_BIN_EXE_samordna");

pub fn cli(db: &str, args: &[&str], stdin: Option<&str>) -> String {
    let mut child = Command::new(BIN)
        .args(["--database", db])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "samordna {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Starts `samordna serve` on a free port and returns the process and its base URL.
pub fn serve(db: &str, demo: bool) -> (Child, String) {
    let mut args = vec!["--database", db, "serve", "--addr", "127.0.0.1:0"];
    if demo {
        args.push("--demo");
    }
    let mut child = Command::new(BIN)
        .args(&args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let base = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some(addr) = line.strip_prefix("samordna: listening on ") {
            break addr.to_string();
        }
    };
    // Keep reading so the process never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, base)
}

pub fn app_at(base: &str, store: Arc<dyn samordna_store::Store>) -> TestApp {
    TestApp {
        base: base.to_string(),
        store,
    }
}
