//! The registers: each förbund's own, kept as typed, newest first.

use crate::*;
use samordna_domain::plans::procurement::Procurement;
use samordna_store::{Store, StoreError};
use std::sync::Arc;
use time::macros::date;

async fn a_procurement_is_kept_as_typed_and_stays_in_its_forbund(s: Arc<dyn Store>) {
    let a = org(&*s, "a-forbund").await;
    let b = org(&*s, "b-forbund").await;
    let bought = |day, amount| Procurement {
        day,
        what: "Föreläsare till inspirationsdagen".into(),
        amount,
        asked: 2,
        advertised: false,
        documented: true,
    };
    let older = s
        .add_procurement(a, &actor(), &bought(date!(2021 - 06 - 01), 60_000))
        .await
        .unwrap();
    let newer = s
        .add_procurement(a, &actor(), &bought(date!(2023 - 03 - 01), 2_500_000))
        .await
        .unwrap();
    let kept = s.procurements(a).await.unwrap();
    assert_eq!(
        kept.iter().map(|k| k.id).collect::<Vec<_>>(),
        [newer, older]
    );
    assert_eq!(kept[1].procurement, bought(date!(2021 - 06 - 01), 60_000));
    assert!(s.procurements(b).await.unwrap().is_empty());
    assert!(matches!(
        s.remove_procurement(b, &actor(), older).await,
        Err(StoreError::NotFound)
    ));
    s.remove_procurement(a, &actor(), older).await.unwrap();
    assert_eq!(s.procurements(a).await.unwrap().len(), 1);
}
contract!(a_procurement_is_kept_as_typed_and_stays_in_its_forbund);

async fn a_request_is_decided_once_and_stays_in_its_forbund(s: Arc<dyn Store>) {
    use samordna_domain::plans::requests::{DocumentRequest, Outcome};
    use samordna_domain::Reason;
    let a = org(&*s, "a-forbund").await;
    let b = org(&*s, "b-forbund").await;
    let r = DocumentRequest {
        received: date!(2024 - 03 - 28),
        requester: String::new(),
        what: "Protokoll 2023-08-31".into(),
        decision: None,
    };
    let id = s.add_document_request(a, &actor(), &r).await.unwrap();
    assert!(s.document_requests(b).await.unwrap().is_empty());
    assert!(matches!(
        s.decide_document_request(b, &actor(), id, Outcome::Released, date!(2024 - 04 - 02))
            .await,
        Err(StoreError::NotFound)
    ));
    s.decide_document_request(a, &actor(), id, Outcome::InPart, date!(2024 - 04 - 02))
        .await
        .unwrap();
    assert!(matches!(
        s.decide_document_request(a, &actor(), id, Outcome::Refused, date!(2024 - 04 - 03))
            .await,
        Err(StoreError::Invalid(v)) if v[0].reason == Reason::WrongState
    ));
    let kept = s.document_requests(a).await.unwrap();
    assert_eq!(
        kept[0].request.decision,
        Some((Outcome::InPart, date!(2024 - 04 - 02)))
    );
    assert_eq!(kept[0].request.what, r.what);
}
contract!(a_request_is_decided_once_and_stays_in_its_forbund);
