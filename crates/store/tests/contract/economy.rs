//! The money: agreements, budgets, the ledger and the approval of payouts.

use crate::*;
use samordna_domain::orgs::members::NewMember;
use samordna_store::{Store, StoreError};
use std::sync::Arc;

async fn agreements_keep_dated_shares_and_reductions_inside_their_org(s: Arc<dyn Store>) {
    use samordna_domain::economy::payouts::{Agreement, DatedShare, Reduction};
    use samordna_domain::money::{Ore, Share};
    use time::{macros::date, Month};
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
    // Two shares from one day break the primary key; both backends name it the same way
    // (PostgreSQL's `…_pkey`, SQLite's column list), and nothing of the agreement is kept.
    let eksjo = s
        .create_member(
            a,
            &actor(),
            &NewMember::parse("Eksjö kommun", "municipality").unwrap(),
        )
        .await
        .unwrap();
    let twice = Agreement {
        shares: vec![terms.shares[0], terms.shares[0]],
        ..terms.clone()
    };
    assert!(matches!(
        s.create_agreement(a, &actor(), se.id, eksjo.id, &twice)
            .await,
        Err(StoreError::Conflict {
            field: "valid_from"
        })
    ));
    assert_eq!(s.list_agreements(a).await.unwrap().len(), 1);
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
}
contract!(agreements_keep_dated_shares_and_reductions_inside_their_org);

/// The money of one förbund stays its own; a re-imported ledger replaces the months it
/// covers; a payout is approved once, and only after its papers.
async fn budgets_ledger_and_payout_approvals_stay_inside_their_org(s: Arc<dyn Store>) {
    use samordna_domain::economy::budget::{Budget, BudgetRow, NewBudget, Side, Version};
    use samordna_domain::economy::ledger::{Entry, Line, Source};
    use samordna_domain::economy::payouts::{Agreement, Approval, DatedShare};
    use samordna_domain::money::{Ore, Share};
    use time::macros::date;
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

    // A half-year's payouts approved together: all or none.
    let eksjo = s
        .create_member(
            a,
            &actor(),
            &NewMember::parse("Eksjö kommun", "municipality").unwrap(),
        )
        .await
        .unwrap();
    let id2 = s
        .create_agreement(a, &actor(), se.id, eksjo.id, &terms)
        .await
        .unwrap();
    let papers = (Some(date!(2023 - 12 - 01)), Some(date!(2023 - 12 - 02)));
    s.set_payout_papers(a, &actor(), (id2, 2023, 2), papers.0, papers.1)
        .await
        .unwrap();
    let both = [(id2, approved), (id, approved)];
    assert!(matches!(
        s.approve_payouts(a, &actor(), (2023, 2), &both).await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(s.approvals(a, 2023).await.unwrap().len(), 2);
    assert!(
        s.approvals(a, 2023)
            .await
            .unwrap()
            .iter()
            .any(|(i, _, x)| *i == id2 && x.approved.is_none()),
        "the refused batch approved nothing"
    );
    s.approve_payouts(a, &actor(), (2023, 2), &both[..1])
        .await
        .unwrap();
    assert!(s
        .approvals(a, 2023)
        .await
        .unwrap()
        .iter()
        .all(|(_, _, x)| x.approved.is_some()));
}
contract!(budgets_ledger_and_payout_approvals_stay_inside_their_org);

/// Two ways of writing one line become one: entries and forecasts move (a year's forecasts
/// added up), accounts mapped to it follow, its name maps to the kept line; another förbund's
/// line of the same name is not touched.
async fn a_line_written_two_ways_is_merged_into_one(s: Arc<dyn Store>) {
    use samordna_domain::economy::budget::Side;
    use samordna_domain::economy::follow_up::Forecast;
    use samordna_domain::economy::ledger::{Entry, Line, Mapping, Source};
    use samordna_domain::money::Ore;
    let a = org(&*s, "a-forbund").await;
    let b = org(&*s, "b-forbund").await;
    let line = |name: &str| Line {
        name: name.into(),
        side: Side::Cost,
    };
    let entry = |name: &str, month, kr| Entry {
        line: line(name),
        year: 2024,
        month,
        amount: Ore::from_kronor(kr),
        source: Source::Import,
        text: String::new(),
    };
    for o in [a, b] {
        s.import_ledger(
            o,
            &actor(),
            &[entry("SE-projekt", 1, 100), entry("SE-projektet", 2, 50)],
        )
        .await
        .unwrap();
    }
    let forecast = |name: &str, kr| Forecast {
        line: line(name),
        amount: Ore::from_kronor(kr),
        comment: String::new(),
    };
    s.set_forecasts(
        a,
        &actor(),
        2024,
        &[forecast("SE-projekt", 1000), forecast("SE-projektet", 200)],
    )
    .await
    .unwrap();
    s.set_forecasts(a, &actor(), 2025, &[forecast("SE-projektet", 300)])
        .await
        .unwrap();
    s.set_mapping(
        a,
        &actor(),
        &Mapping {
            account: "4010".into(),
            line: line("SE-projektet"),
        },
    )
    .await
    .unwrap();

    let moved = s
        .merge_line(a, &actor(), &line("SE-projektet"), &line("SE-projekt"))
        .await
        .unwrap();
    assert_eq!(moved, 1);
    let names = |es: Vec<Entry>| es.into_iter().map(|e| e.line.name).collect::<Vec<_>>();
    assert_eq!(
        names(s.ledger_entries(a, 2024, 2024).await.unwrap()),
        ["SE-projekt", "SE-projekt"]
    );
    assert_eq!(
        names(s.ledger_entries(b, 2024, 2024).await.unwrap()),
        ["SE-projekt", "SE-projektet"],
        "another förbund's lines are its own"
    );
    let f = |year| {
        let s = s.clone();
        async move {
            s.forecasts(a, year)
                .await
                .unwrap()
                .into_iter()
                .map(|f| (f.line.name, f.amount.round_to_kronor()))
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(f(2024).await, [("SE-projekt".to_string(), 1200)]);
    assert_eq!(f(2025).await, [("SE-projekt".to_string(), 300)]);
    let mut mapped: Vec<(String, String)> = s
        .ledger_mappings(a)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.account, m.line.name))
        .collect();
    mapped.sort();
    assert_eq!(
        mapped,
        [
            ("4010".to_string(), "SE-projekt".to_string()),
            ("SE-projektet".to_string(), "SE-projekt".to_string())
        ]
    );
    // A line into itself, or into the other side, is refused.
    assert!(s
        .merge_line(a, &actor(), &line("SE-projekt"), &line("SE-projekt"))
        .await
        .is_err());
}
contract!(a_line_written_two_ways_is_merged_into_one);
