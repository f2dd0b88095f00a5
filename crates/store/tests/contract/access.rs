//! Accounts, sessions, scopes, failed logins and the audit log.

use crate::*;
use samordna_domain::access::audit::{AuditAction, AuditEvent};
use samordna_domain::access::login::LoginLimits;
use samordna_domain::access::roles::TokenScope;
use samordna_domain::access::roles::{Role, Scope};
use samordna_domain::access::users::{Email, NewUser};
use samordna_domain::orgs::members::NewMember;
use samordna_domain::orgs::NewOrg;
use samordna_store::{NewToken, Store, StoreError};
use std::sync::Arc;

async fn users_sessions_and_scopes(s: Arc<dyn Store>) {
    let a = org(&*s, "a-forbund").await;
    let b = org(&*s, "b-forbund").await;
    let se = s.create_intervention(a, &actor(), &se()).await.unwrap();
    let eksjo = s
        .create_member(
            a,
            &actor(),
            &NewMember::parse("Eksjö", "municipality").unwrap(),
        )
        .await
        .unwrap();
    let region = s
        .create_member(a, &actor(), &NewMember::parse("Region", "region").unwrap())
        .await
        .unwrap();
    let other = s
        .create_member(
            b,
            &actor(),
            &NewMember::parse("Annan", "municipality").unwrap(),
        )
        .await
        .unwrap();
    let scope = Scope {
        interventions: vec![se.id],
        municipalities: vec![eksjo.id],
    };
    let new = NewUser {
        org_id: Some(a),
        network_id: None,
        email: Email::parse("coach@a.se").unwrap(),
        name: "Coach".into(),
        role: Role::Coach,
        password_hash: "hash".into(),
        scope: scope.clone(),
    };
    let user = s.create_user(&actor(), &new).await.unwrap();
    assert!(matches!(
        s.create_user(&actor(), &new).await,
        Err(StoreError::Conflict { field: "email" })
    ));
    let creds = s
        .credentials(&Email::parse("COACH@a.se").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(creds.user.scope, scope);
    assert_eq!(creds.password_hash, "hash");
    // A scope can only name the förbund's own municipalities, and not the region.
    for bad in [other.id, region.id] {
        let r = s
            .set_scope(
                a,
                &actor(),
                user.id,
                &Scope {
                    interventions: vec![],
                    municipalities: vec![bad],
                },
            )
            .await;
        assert!(
            matches!(
                r,
                Err(StoreError::Conflict {
                    field: "municipalities"
                })
            ),
            "member {bad}: {r:?}"
        );
    }
    assert!(matches!(
        s.set_scope(b, &actor(), user.id, &Scope::default()).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(s.list_users(a).await.unwrap().len(), 1);
    assert!(s.list_users(b).await.unwrap().is_empty());

    s.create_session("h1", user.id, "csrf", 100, 200)
        .await
        .unwrap();
    assert_eq!(
        s.session("h1", 150).await.unwrap().unwrap().user.id,
        user.id
    );
    assert!(s.session("h1", 200).await.unwrap().is_none(), "expired");
    assert!(s.session("nope", 150).await.unwrap().is_none());
    s.delete_session("h1").await.unwrap();
    assert!(s.session("h1", 150).await.unwrap().is_none());

    let token = |name: &'static str, hash: &'static str, scope| NewToken {
        user_id: user.id,
        name,
        token_hash: hash,
        scope,
        created_at: 1,
    };
    let made = s
        .create_api_token(a, &actor(), &token("script", "th", TokenScope::Write))
        .await
        .unwrap();
    assert_eq!(made.scope, TokenScope::Write);
    assert!(matches!(
        s.create_api_token(b, &actor(), &token("x", "th2", TokenScope::Read))
            .await,
        Err(StoreError::NotFound)
    ));
    let (found, scope) = s.user_by_api_token("th").await.unwrap().unwrap();
    assert_eq!((found.id, scope), (user.id, TokenScope::Write));
    assert_eq!(s.list_api_tokens(a).await.unwrap().len(), 1);
    assert!(s.list_api_tokens(b).await.unwrap().is_empty());
}
contract!(users_sessions_and_scopes);

async fn failed_logins_are_counted_by_email_and_address(s: Arc<dyn Store>) {
    let limits = LoginLimits {
        window_secs: 100,
        per_account_and_address: 3,
        per_account: 5,
        per_address: 5,
    };
    let begin = |email: &'static str, ip: &'static str, at: i64| {
        let s = s.clone();
        async move { s.begin_login(email, ip, at, &limits).await.unwrap() }
    };
    // Three attempts of x from one address count; the fourth is refused uncounted, until
    // the first leaves the window (at 10 + 100).
    for t in [10, 20, 30] {
        assert!(begin("x@a.se", "1.2.3.4", t).await.is_ok());
    }
    assert_eq!(begin("x@a.se", "1.2.3.4", 40).await, Err(110));
    assert_eq!(
        s.login_failures("x@a.se", "1.2.3.4", 0).await.unwrap(),
        (3, 3)
    );
    // From another address x may still try, until the account's own limit.
    assert!(begin("x@a.se", "9.9.9.9", 41).await.is_ok());
    let right = begin("x@a.se", "9.9.9.9", 42).await.unwrap();
    // A right password takes its attempt back.
    s.forget_login_attempt(right).await.unwrap();
    assert_eq!(
        s.login_failures("x@a.se", "9.9.9.9", 20).await.unwrap(),
        (3, 1)
    );
    assert!(begin("x@a.se", "8.8.8.8", 43).await.is_ok());
    assert_eq!(begin("x@a.se", "7.7.7.7", 44).await, Err(110));
    // The address's own limit holds across accounts.
    assert!(begin("y@a.se", "1.2.3.4", 45).await.is_ok());
    assert!(begin("z@a.se", "1.2.3.4", 46).await.is_ok());
    assert_eq!(begin("w@a.se", "1.2.3.4", 47).await, Err(110));
    // After the window, x is let in again at the first address.
    assert!(begin("x@a.se", "1.2.3.4", 200).await.is_ok());
}
contract!(failed_logins_are_counted_by_email_and_address);

async fn every_write_is_audited_and_the_log_is_append_only(s: Arc<dyn Store>) {
    let a = org(&*s, "a-forbund").await;
    let who = Actor::user(7, "chef@a.se");
    let m = s
        .create_member(a, &who, &NewMember::parse("Eksjö", "municipality").unwrap())
        .await
        .unwrap();
    s.update_member(
        a,
        &who,
        m.id,
        &NewMember::parse("Eksjö kommun", "municipality").unwrap(),
    )
    .await
    .unwrap();
    s.delete_member(a, &who, m.id).await.unwrap();
    s.audit(
        Some(a),
        &who,
        &AuditEvent::new(AuditAction::Read, "participant", 42),
    )
    .await
    .unwrap();
    let log = s.list_audit(a, 100, None).await.unwrap();
    let actions: Vec<_> = log.iter().map(|e| (e.action, e.entity.as_str())).collect();
    assert_eq!(
        actions,
        vec![
            (AuditAction::Read, "participant"),
            (AuditAction::Delete, "member"),
            (AuditAction::Update, "member"),
            (AuditAction::Create, "member"),
            (AuditAction::Create, "org"),
        ]
    );
    assert!(log
        .iter()
        .take(4)
        .all(|e| e.actor == "chef@a.se" && e.user_id == Some(7)));
    // paging
    let page = s.list_audit(a, 2, Some(log[1].id)).await.unwrap();
    assert_eq!(
        page.iter().map(|e| e.id).collect::<Vec<_>>(),
        vec![log[2].id, log[3].id]
    );
    // A failed write leaves no audit entry (same transaction).
    let dup = s
        .create_member(a, &who, &NewMember::parse("Aneby", "municipality").unwrap())
        .await;
    assert!(dup.is_ok());
    assert!(s
        .create_member(a, &who, &NewMember::parse("Aneby", "municipality").unwrap())
        .await
        .is_err());
    assert_eq!(
        s.list_audit(a, 100, None).await.unwrap().len(),
        log.len() + 1
    );
}
contract!(every_write_is_audited_and_the_log_is_append_only);

/// The audit log refuses UPDATE and DELETE at the database itself, whatever code asks.
mod the_database_refuses_to_change_the_audit_log {
    use super::*;

    async fn refused<DB: sqlx::Database>(pool: &sqlx::Pool<DB>)
    where
        for<'c> &'c sqlx::Pool<DB>: sqlx::Executor<'c, Database = DB>,
        for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    {
        for sql in [
            "UPDATE audit_log SET actor = 'someone else'",
            "DELETE FROM audit_log",
        ] {
            let Err(err) = sqlx::query(sql).execute(pool).await else {
                panic!("{sql} was allowed");
            };
            assert!(err.to_string().contains("append-only"), "{sql}: {err}");
        }
    }

    #[tokio::test]
    async fn sqlite() {
        let dir = tempdir::TempDir::new();
        let url = format!("sqlite://{}", dir.path().join("audit.db").display());
        let store = samordna_store::connect(&url).await.unwrap();
        store.migrate().await.unwrap();
        org(&*store, "a-forbund").await;
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        // The store put the file in WAL mode (kept in the file, so a fresh connection sees it).
        let (mode,): (String,) = sqlx::query_as("PRAGMA journal_mode")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(mode, "wal");
        refused(&pool).await;
    }

    #[tokio::test]
    async fn postgres() {
        let Some(url) = postgres_url() else { return };
        let schema = format!("t_{}", rand::random::<u64>());
        let db = samordna_store::postgres::Db::connect_in_schema(&url, &schema)
            .await
            .unwrap();
        db.migrate().await.unwrap();
        org(&db, "a-forbund").await;
        let options: sqlx::postgres::PgConnectOptions = url.parse().unwrap();
        let pool = sqlx::PgPool::connect_with(options.options([("search_path", schema.as_str())]))
            .await
            .unwrap();
        refused(&pool).await;
    }
}

/// On SQLite, a write that reads first (here: the scope checks its user, then rewrites the
/// scope) waits for another writer instead of failing at once with "database is locked":
/// its transaction takes the write lock when it begins, so its snapshot is never stale.
#[tokio::test]
async fn a_writer_that_reads_first_waits_for_another_writer_on_sqlite() {
    use sqlx::Connection;
    let (s, dir) = sqlite().await;
    let org = s
        .create_org(&actor(), &NewOrg::parse("las", "Lås").unwrap())
        .await
        .unwrap()
        .id;
    let eksjo = s
        .create_member(
            org,
            &actor(),
            &NewMember::parse("Eksjö", "municipality").unwrap(),
        )
        .await
        .unwrap();
    let user = s
        .create_user(
            &actor(),
            &NewUser {
                org_id: Some(org),
                network_id: None,
                email: Email::parse("coach@las.se").unwrap(),
                name: "Coach".into(),
                role: Role::Coach,
                password_hash: "hash".into(),
                scope: Scope::default(),
            },
        )
        .await
        .unwrap();
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let mut other = sqlx::SqliteConnection::connect(&url).await.unwrap();
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut other)
        .await
        .unwrap();
    sqlx::query("UPDATE users SET name = name || '' WHERE id = $1")
        .bind(user.id)
        .execute(&mut other)
        .await
        .unwrap();
    let writer = tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        sqlx::query("COMMIT").execute(&mut other).await.unwrap();
    });
    let scope = Scope {
        interventions: vec![],
        municipalities: vec![eksjo.id],
    };
    s.set_scope(org, &actor(), user.id, &scope).await.unwrap();
    writer.await.unwrap();
    let creds = s
        .credentials(&Email::parse("coach@las.se").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(creds.user.scope, scope);
}
