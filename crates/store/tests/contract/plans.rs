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
