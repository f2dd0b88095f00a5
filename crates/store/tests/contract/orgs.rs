//! Förbund, members and interventions: unique where they must be, each förbund its own.

use crate::*;
use samordna_domain::orgs::members::{MemberKind, NewMember};
use samordna_domain::orgs::NewOrg;
use samordna_store::{Store, StoreError};
use std::sync::Arc;

async fn orgs_are_unique_by_slug(s: Arc<dyn Store>) {
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
}
contract!(orgs_are_unique_by_slug);

async fn members_crud_stays_inside_its_org(s: Arc<dyn Store>) {
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
}
contract!(members_crud_stays_inside_its_org);

async fn interventions_roundtrip_every_field(s: Arc<dyn Store>) {
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
}
contract!(interventions_roundtrip_every_field);
