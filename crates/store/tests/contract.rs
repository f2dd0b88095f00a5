//! The contract: every store test runs against SQLite and against PostgreSQL.
//!
//! PostgreSQL is reached through `SAMORDNA_TEST_POSTGRES_URL` (`.ci/run` and `scripts/test`
//! set it up); every test gets its own schema. Without the variable the PostgreSQL half is
//! skipped locally, but fails under CI (`CI` set): there it is never silently skipped.

use samordna_domain::access::audit::{Actor, AuditAction, AuditEvent};
use samordna_domain::access::roles::{Role, Scope};
use samordna_domain::access::users::{Email, NewUser};
use samordna_domain::orgs::interventions::{InterventionFields, InterventionInput};
use samordna_domain::orgs::members::{MemberKind, NewMember};
use samordna_domain::orgs::{NewOrg, OrgId};
use samordna_store::{Store, StoreError};
use std::future::Future;
use std::sync::Arc;

async fn sqlite() -> (Arc<dyn Store>, tempdir::TempDir) {
    let dir = tempdir::TempDir::new();
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let store = samordna_store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    (store, dir)
}

async fn postgres() -> Option<Arc<dyn Store>> {
    let Ok(url) = std::env::var("SAMORDNA_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the PostgreSQL contract tests: set SAMORDNA_TEST_POSTGRES_URL"
        );
        eprintln!("SAMORDNA_TEST_POSTGRES_URL not set: PostgreSQL half skipped");
        return None;
    };
    let schema = format!("t_{}", rand::random::<u64>());
    let db = samordna_store::postgres::Db::connect_in_schema(&url, &schema)
        .await
        .unwrap();
    db.migrate().await.unwrap();
    Some(Arc::new(db))
}

/// Runs `test` against both backends.
async fn both<F, Fut>(test: F)
where
    F: Fn(Arc<dyn Store>) -> Fut,
    Fut: Future<Output = ()>,
{
    let (store, _dir) = sqlite().await;
    test(store).await;
    if let Some(store) = postgres().await {
        test(store).await;
    }
}

mod tempdir {
    pub struct TempDir(std::path::PathBuf);
    impl TempDir {
        pub fn new() -> Self {
            let p = std::env::temp_dir().join(format!("samordna-store-{}", rand::random::<u64>()));
            std::fs::create_dir_all(&p).unwrap();
            TempDir(p)
        }
        pub fn path(&self) -> &std::path::Path {
            &self.0
        }
    }
    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn actor() -> Actor {
    Actor::system("test")
}

async fn org(store: &dyn Store, slug: &str) -> OrgId {
    store
        .create_org(
            &actor(),
            &NewOrg::parse(slug, &format!("Förbund {slug}")).unwrap(),
        )
        .await
        .unwrap()
        .id
}

fn se() -> InterventionFields {
    InterventionFields::parse(&InterventionInput {
        slug: "se-hoglandet".into(),
        name: "SE-Höglandet".into(),
        kind: "individual".into(),
        age_min: "18".into(),
        age_max: "64".into(),
        goal_share: "35".into(),
        capacity_per_fte: "20".into(),
        ..Default::default()
    })
    .unwrap()
}

#[tokio::test]
async fn orgs_are_unique_by_slug() {
    both(|s| async move {
        let id = org(&*s, "hoglandet").await;
        assert_eq!(s.org_by_slug("hoglandet").await.unwrap().id, id);
        let again = s
            .create_org(&actor(), &NewOrg::parse("hoglandet", "Igen").unwrap())
            .await;
        assert!(matches!(again, Err(StoreError::Conflict { field: "slug" })));
        assert!(matches!(
            s.org_by_slug("finns-inte").await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(s.list_orgs().await.unwrap().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn members_crud_stays_inside_its_org() {
    both(|s| async move {
        let a = org(&*s, "a-forbund").await;
        let b = org(&*s, "b-forbund").await;
        let m = s
            .create_member(
                a,
                &actor(),
                &NewMember::parse("Eksjö kommun", "municipality").unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(m.kind, MemberKind::Municipality);
        // The same name may exist in another förbund, not twice in one.
        s.create_member(
            b,
            &actor(),
            &NewMember::parse("Eksjö kommun", "municipality").unwrap(),
        )
        .await
        .unwrap();
        let dup = s
            .create_member(
                a,
                &actor(),
                &NewMember::parse("Eksjö kommun", "region").unwrap(),
            )
            .await;
        assert!(matches!(dup, Err(StoreError::Conflict { field: "name" })));
        // Another förbund cannot read, change or remove it.
        assert!(matches!(
            s.get_member(b, m.id).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            s.update_member(b, &actor(), m.id, &NewMember::parse("X", "region").unwrap())
                .await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            s.delete_member(b, &actor(), m.id).await,
            Err(StoreError::NotFound)
        ));
        let changed = s
            .update_member(
                a,
                &actor(),
                m.id,
                &NewMember::parse("Eksjö", "municipality").unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(changed.name, "Eksjö");
        s.delete_member(a, &actor(), m.id).await.unwrap();
        assert!(s.list_members(a).await.unwrap().is_empty());
        assert_eq!(s.list_members(b).await.unwrap().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn interventions_roundtrip_every_field() {
    both(|s| async move {
        let a = org(&*s, "a-forbund").await;
        let b = org(&*s, "b-forbund").await;
        let mut f = se();
        f.long_term = true;
        f.description.goal = "Arbete".into();
        let created = s.create_intervention(a, &actor(), &f).await.unwrap();
        assert_eq!(created.fields, f);
        assert_eq!(
            s.get_intervention(a, "se-hoglandet").await.unwrap(),
            created
        );
        assert!(matches!(
            s.get_intervention(b, "se-hoglandet").await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            s.create_intervention(a, &actor(), &f).await,
            Err(StoreError::Conflict { field: "slug" })
        ));
        f.name = "SE Höglandet".into();
        f.priority_age = None;
        f.goal_share = None;
        let updated = s
            .update_intervention(a, &actor(), created.id, &f)
            .await
            .unwrap();
        assert_eq!(updated.fields, f);
        assert!(matches!(
            s.update_intervention(b, &actor(), created.id, &f).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            s.delete_intervention(b, &actor(), created.id).await,
            Err(StoreError::NotFound)
        ));
        s.delete_intervention(a, &actor(), created.id)
            .await
            .unwrap();
        assert!(s.list_interventions(a).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn users_sessions_and_scopes() {
    both(|s| async move {
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

        s.create_api_token(a, &actor(), user.id, "script", "th", 1)
            .await
            .unwrap();
        assert!(matches!(
            s.create_api_token(b, &actor(), user.id, "x", "th2", 1)
                .await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(
            s.user_by_api_token("th").await.unwrap().unwrap().id,
            user.id
        );
        assert_eq!(s.list_api_tokens(a).await.unwrap().len(), 1);
        assert!(s.list_api_tokens(b).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn failed_logins_are_counted_by_email_and_address() {
    both(|s| async move {
        for t in [10, 20, 30] {
            s.record_login_failure("x@a.se", "1.2.3.4", t)
                .await
                .unwrap();
        }
        s.record_login_failure("y@a.se", "1.2.3.4", 40)
            .await
            .unwrap();
        assert_eq!(
            s.login_failures("x@a.se", "9.9.9.9", 20).await.unwrap(),
            (2, 0)
        );
        assert_eq!(
            s.login_failures("x@a.se", "1.2.3.4", 0).await.unwrap(),
            (3, 4)
        );
    })
    .await;
}

#[tokio::test]
async fn every_write_is_audited_and_the_log_is_append_only() {
    both(|s| async move {
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
    })
    .await;
}

/// The audit log refuses UPDATE and DELETE at the database itself, whatever code asks.
#[tokio::test]
async fn the_database_refuses_to_change_the_audit_log() {
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
    for sql in [
        "UPDATE audit_log SET actor = 'someone else'",
        "DELETE FROM audit_log",
    ] {
        let err = sqlx::query(sql).execute(&pool).await.unwrap_err();
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    if let Ok(url) = std::env::var("SAMORDNA_TEST_POSTGRES_URL") {
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
        for sql in [
            "UPDATE audit_log SET actor = 'someone else'",
            "DELETE FROM audit_log",
        ] {
            let err = sqlx::query(sql).execute(&pool).await.unwrap_err();
            assert!(err.to_string().contains("append-only"), "{sql}: {err}");
        }
    }
}

#[tokio::test]
async fn agreements_keep_dated_shares_and_reductions_inside_their_org() {
    use samordna_domain::economy::payouts::{Agreement, DatedShare, Reduction};
    use samordna_domain::money::{Ore, Share};
    use time::{macros::date, Month};
    both(|s| async move {
        let a = org(&*s, "a-forbund").await;
        let b = org(&*s, "b-forbund").await;
        let se = s.create_intervention(a, &actor(), &se()).await.unwrap();
        let tranas = s
            .create_member(
                a,
                &actor(),
                &NewMember::parse("Tranås kommun", "municipality").unwrap(),
            )
            .await
            .unwrap();
        let region = s
            .create_member(a, &actor(), &NewMember::parse("Region", "region").unwrap())
            .await
            .unwrap();
        let terms = Agreement {
            standard_per_year: Ore::from_kronor(465_000),
            shares: vec![
                DatedShare {
                    from: date!(2021 - 01 - 01),
                    fte: Share::from_basis_points(10_000),
                },
                DatedShare {
                    from: date!(2024 - 01 - 01),
                    fte: Share::from_basis_points(12_500),
                },
            ],
            reductions: vec![Reduction {
                year: 2023,
                month: Month::March,
                granted: Share::from_basis_points(0),
            }],
        };
        let id = s
            .create_agreement(a, &actor(), se.id, tranas.id, &terms)
            .await
            .unwrap();
        let listed = s.list_agreements(a).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(
            (
                listed[0].intervention.as_str(),
                listed[0].municipality.as_str()
            ),
            ("SE-Höglandet", "Tranås kommun")
        );
        assert_eq!(listed[0].agreement, terms);
        // One agreement per intervention and municipality; only municipalities; only its own förbund.
        assert!(matches!(
            s.create_agreement(a, &actor(), se.id, tranas.id, &terms)
                .await,
            Err(StoreError::Conflict { field: "agreement" })
        ));
        assert!(matches!(
            s.create_agreement(a, &actor(), se.id, region.id, &terms)
                .await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            s.create_agreement(b, &actor(), se.id, tranas.id, &terms)
                .await,
            Err(StoreError::NotFound)
        ));
        assert!(s.list_agreements(b).await.unwrap().is_empty());
        // A reduction is replaced, not doubled.
        let granted = Reduction {
            year: 2023,
            month: Month::March,
            granted: Share::from_basis_points(4000),
        };
        s.set_reductions(a, &actor(), id, &[granted]).await.unwrap();
        assert_eq!(
            s.list_agreements(a).await.unwrap()[0].agreement.reductions,
            vec![granted]
        );
        assert!(matches!(
            s.set_reductions(b, &actor(), id, &[granted]).await,
            Err(StoreError::NotFound)
        ));
    })
    .await;
}

/// The money of one förbund stays its own; a re-imported ledger replaces the months it
/// covers; a payout is approved once, and only after its papers.
#[tokio::test]
async fn budgets_ledger_and_payout_approvals_stay_inside_their_org() {
    use samordna_domain::economy::budget::{Budget, BudgetRow, NewBudget, Side, Version};
    use samordna_domain::economy::ledger::{Entry, Line, Source};
    use samordna_domain::economy::payouts::{Agreement, Approval, DatedShare};
    use samordna_domain::money::{Ore, Share};
    use time::macros::date;
    both(|s| async move {
        let a = org(&*s, "a-forbund").await;
        let b = org(&*s, "b-forbund").await;
        let budget = NewBudget {
            version: Version::Decided,
            decided_on: Some(date!(2023 - 11 - 17)),
            note: "Beslutad".into(),
            budget: Budget {
                first_year: 2024,
                rows: vec![BudgetRow {
                    name: "Revision".into(),
                    side: Side::Cost,
                    category: Some(samordna_domain::economy::budget::CostCategory::Administration),
                    amounts: vec![Ore(5_250_000), Ore(5_250_000), Ore(5_300_000)],
                }],
            },
        };
        s.add_budget(a, &actor(), &budget).await.unwrap();
        let stored = s.budgets(a).await.unwrap();
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].budget, budget, "every field comes back");
        assert!(s.budgets(b).await.unwrap().is_empty());

        let entry = |month, kr| Entry {
            line: Line {
                name: "Revision".into(),
                side: Side::Cost,
            },
            year: 2024,
            month,
            amount: Ore::from_kronor(kr),
            source: Source::Import,
            text: "6420".into(),
        };
        s.import_ledger(a, &actor(), &[entry(1, 100), entry(2, 200)])
            .await
            .unwrap();
        let mut by_hand = entry(2, 5);
        by_hand.source = Source::Manual;
        s.add_entry(a, &actor(), &by_hand).await.unwrap();
        // February again: January stays, February's import is replaced, the typed one kept.
        s.import_ledger(a, &actor(), &[entry(2, 250)])
            .await
            .unwrap();
        let sums: Vec<(u8, i64)> = s
            .ledger_entries(a, 2024, 2024)
            .await
            .unwrap()
            .iter()
            .map(|e| (e.month, e.amount.round_to_kronor()))
            .collect();
        assert_eq!(sums, [(1, 100), (2, 5), (2, 250)]);
        assert!(s.ledger_entries(b, 2000, 2100).await.unwrap().is_empty());
        assert!(s.known_lines(b).await.unwrap().is_empty());

        let se = s.create_intervention(a, &actor(), &se()).await.unwrap();
        let aneby = s
            .create_member(
                a,
                &actor(),
                &NewMember::parse("Aneby kommun", "municipality").unwrap(),
            )
            .await
            .unwrap();
        let terms = Agreement {
            standard_per_year: Ore::from_kronor(465_000),
            shares: vec![DatedShare {
                from: date!(2023 - 01 - 01),
                fte: Share::from_basis_points(7500),
            }],
            reductions: vec![],
        };
        let id = s
            .create_agreement(a, &actor(), se.id, aneby.id, &terms)
            .await
            .unwrap();
        // Another förbund cannot touch the agreement's papers.
        assert!(matches!(
            s.set_payout_papers(
                b,
                &actor(),
                (id, 2023, 2),
                Some(date!(2023 - 12 - 01)),
                None
            )
            .await,
            Err(StoreError::NotFound)
        ));
        let approved = Approval {
            certificate_on: Some(date!(2023 - 12 - 01)),
            reports_on: Some(date!(2023 - 12 - 02)),
            approved: Some((date!(2023 - 12 - 10), Ore::from_kronor(174_375))),
        };
        // Without the papers stored, the store refuses an approval too.
        assert!(s
            .approve_payout(a, &actor(), (id, 2023, 2), &approved)
            .await
            .is_err());
        s.set_payout_papers(
            a,
            &actor(),
            (id, 2023, 2),
            Some(date!(2023 - 12 - 01)),
            None,
        )
        .await
        .unwrap();
        s.set_payout_papers(
            a,
            &actor(),
            (id, 2023, 2),
            None,
            Some(date!(2023 - 12 - 02)),
        )
        .await
        .unwrap();
        s.approve_payout(a, &actor(), (id, 2023, 2), &approved)
            .await
            .unwrap();
        assert_eq!(s.approvals(a, 2023).await.unwrap(), vec![(id, 2, approved)]);
        assert!(matches!(
            s.approve_payout(a, &actor(), (id, 2023, 2), &approved)
                .await,
            Err(StoreError::Conflict { .. })
        ));
        // Once approved, the papers' dates are no longer changed.
        assert!(s
            .set_payout_papers(
                a,
                &actor(),
                (id, 2023, 2),
                Some(date!(2024 - 01 - 01)),
                None
            )
            .await
            .is_err());
        assert!(s.approvals(b, 2023).await.unwrap().is_empty());
    })
    .await;
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
