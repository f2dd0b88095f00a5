//! Reports: versions per period, drafts written until approved, approval kept whole (the
//! decision, the document and the PDF together) and never written again; each förbund its own.

use crate::*;
use samordna_domain::invalid::Reason;
use samordna_domain::reports::{default_outline, Decision, Kind, ReportPeriod, Status};
use samordna_store::{Store, StoreError};
use std::sync::Arc;
use time::macros::date;

fn h1(year: i32) -> ReportPeriod {
    ReportPeriod {
        kind: Kind::HalfYear,
        year,
        half: 1,
    }
}

fn wrong_state(r: Result<impl std::fmt::Debug, StoreError>) -> bool {
    matches!(r, Err(StoreError::Invalid(v)) if v[0].reason == Reason::WrongState)
}

async fn an_approved_report_is_kept_whole_and_never_written_again(s: Arc<dyn Store>) {
    let a = org(&*s, "a-forbund").await;
    let b = org(&*s, "b-forbund").await;
    let outline = default_outline(&[]);
    let r = s
        .create_report(a, &actor(), h1(2023), &outline)
        .await
        .unwrap();
    assert_eq!((r.version, r.status), (1, Status::Draft));
    assert_eq!(r.sections, outline);
    let mut sections = outline.clone();
    sections[0].text = "**Sammanfattning** av våren.".into();
    let r = s.save_report(a, &actor(), r.id, &sections).await.unwrap();
    assert_eq!(r.sections[0].text, "**Sammanfattning** av våren.");
    assert_eq!(s.report_document(a, r.id).await.unwrap(), None);

    let decision = Decision {
        decided_on: date!(2023 - 08 - 31),
        paragraph: "§ 7".into(),
    };
    let pdf = b"%PDF-1.7 kept".to_vec();
    let approved = s
        .approve_report(a, &actor(), r.id, &decision, "{\"kept\":true}", &pdf)
        .await
        .unwrap();
    assert_eq!(approved.status, Status::Approved);
    assert_eq!(approved.decision, Some(decision.clone()));
    assert_eq!(
        s.report_document(a, r.id).await.unwrap().as_deref(),
        Some("{\"kept\":true}")
    );
    assert_eq!(s.report_pdf(a, r.id).await.unwrap(), Some(pdf.clone()));
    // Neither written nor approved again.
    assert!(wrong_state(
        s.save_report(a, &actor(), r.id, &outline).await
    ));
    assert!(wrong_state(
        s.approve_report(a, &actor(), r.id, &decision, "{}", b"x")
            .await
    ));
    assert_eq!(s.report_pdf(a, r.id).await.unwrap(), Some(pdf));
    // A new version of the same period; another period starts at 1.
    let v2 = s
        .create_report(a, &actor(), h1(2023), &sections)
        .await
        .unwrap();
    assert_eq!((v2.version, v2.status), (2, Status::Draft));
    let next = s
        .create_report(a, &actor(), h1(2024), &sections)
        .await
        .unwrap();
    assert_eq!(next.version, 1);
    let list = s.reports(a).await.unwrap();
    let order: Vec<(i32, i32)> = list.iter().map(|r| (r.period.year, r.version)).collect();
    assert_eq!(order, [(2024, 1), (2023, 2), (2023, 1)]);
    // Another förbund sees none of it and can change none of it.
    assert!(s.reports(b).await.unwrap().is_empty());
    assert!(matches!(s.report(b, r.id).await, Err(StoreError::NotFound)));
    assert!(matches!(
        s.report_pdf(b, r.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.save_report(b, &actor(), v2.id, &outline).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.approve_report(b, &actor(), v2.id, &decision, "{}", b"x")
            .await,
        Err(StoreError::NotFound)
    ));
    // Every write is in the audit log.
    let audit = s.list_audit(a, 100, None).await.unwrap();
    assert_eq!(audit.iter().filter(|e| e.entity == "report").count(), 5);
}
contract!(an_approved_report_is_kept_whole_and_never_written_again);
