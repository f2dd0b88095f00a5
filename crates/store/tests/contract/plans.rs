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

/// Another förbund can neither read nor write into a förbund's goals, action plans or
/// descriptions by naming their ids.
async fn plans_stay_in_their_forbund(s: Arc<dyn Store>) {
    use samordna_domain::plans::actions::{Activity, Plan, Status};
    use samordna_domain::plans::descriptions::Version;
    use samordna_domain::plans::goals::{Goal, Source, Target, Typed, Value};
    let a = org(&*s, "a-forbund").await;
    let b = org(&*s, "b-forbund").await;
    let goal = Goal {
        year: 2024,
        main: "Verka för arbete".into(),
        sub: "Besökare i Välfärdsguiden".into(),
        activity: String::new(),
        measurement: "Antal besökare".into(),
        source: Source::Typed,
        target: Some(Target::parse("aim", "minst 5 000").unwrap()),
    };
    let id = s.add_goal(a, &actor(), &goal).await.unwrap();
    let typed = Typed {
        on: date!(2024 - 06 - 30),
        value: Value::Count(4210),
        comment: "Webbstatistik".into(),
    };
    assert!(matches!(
        s.add_typed_value(b, &actor(), id, &typed).await,
        Err(StoreError::NotFound)
    ));
    s.add_typed_value(a, &actor(), id, &typed).await.unwrap();
    let kept = s.goals(a, 2024).await.unwrap();
    assert_eq!((&kept[0].goal, &kept[0].typed[..]), (&goal, &[typed][..]));
    assert!(s.goals(b, 2024).await.unwrap().is_empty());
    assert_eq!(s.goal_years(a).await.unwrap(), [2024]);
    assert!(matches!(
        s.remove_goal(b, &actor(), id).await,
        Err(StoreError::NotFound)
    ));

    let plan = s
        .add_action_plan(
            a,
            &actor(),
            &Plan {
                year: 2023,
                owner: "Samverk".into(),
                title: "Handlingsplan".into(),
            },
        )
        .await
        .unwrap();
    let activity = Activity {
        goal: String::new(),
        area: "Information".into(),
        what: "Inspirationsdag".into(),
        responsible: String::new(),
        from: date!(2023 - 10 - 01),
        to: date!(2023 - 10 - 31),
        status: Status::Planned,
        comment: String::new(),
    };
    assert!(matches!(
        s.add_activity(b, &actor(), plan, &activity).await,
        Err(StoreError::NotFound)
    ));
    let act = s.add_activity(a, &actor(), plan, &activity).await.unwrap();
    assert!(matches!(
        s.set_activity_status(b, &actor(), act, Status::Done, "")
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(s.action_plans(b).await.unwrap().is_empty());

    let i = s.create_intervention(a, &actor(), &se()).await.unwrap();
    let v = Version {
        adopted_on: date!(2023 - 08 - 31),
        decision: "Styrelsen 2023-08-31 §8".into(),
        description: Default::default(),
    };
    assert!(matches!(
        s.add_description_version(b, &actor(), i.id, &v).await,
        Err(StoreError::NotFound)
    ));
    assert!(s.description_versions(b, i.id).await.unwrap().is_empty());
}
contract!(plans_stay_in_their_forbund);
