//! The audit log: every write the director makes is in it, with who and when.

use crate::helpers::*;
use samordna_domain::access::audit::AuditAction;

async fn director_sees_every_write_in_the_audit_log(backend: Backend) {
    let app = spawn_app(backend).await;
    let (c, csrf) = app.login("chef@hoglandet.demo").await;
    c.post(app.url("/o/hoglandet/members"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Samordningsförbundet Norr"),
            ("kind", "state"),
        ])
        .send()
        .await
        .unwrap();
    c.get(app.url("/o/hoglandet/users")).send().await.unwrap();
    let log = app
        .store
        .list_audit(app.org_id().await, 3, None)
        .await
        .unwrap();
    assert_eq!(
        (log[0].action, log[0].entity.as_str()),
        (AuditAction::Read, "users"),
        "{backend:?}: reading staff data is logged"
    );
    assert_eq!(
        (
            log[1].action,
            log[1].entity.as_str(),
            log[1].detail.as_str()
        ),
        (AuditAction::Create, "member", "Samordningsförbundet Norr")
    );
    assert_eq!(log[1].actor, "chef@hoglandet.demo");
    let page = app.page(&c, "/o/hoglandet/audit").await;
    assert!(page.contains("Samordningsförbundet Norr") && page.contains("Skapade"));
    // In words, not the codes the log is stored with.
    assert!(
        page.contains(">medlem<") && page.contains(">användarlistan<"),
        "{backend:?}"
    );
    assert!(
        !page.contains(">member<") && !page.contains(">users<"),
        "{backend:?}"
    );
    // Shown as the clock in Sweden showed it, with the offset (+01:00 in winter).
    let swedish = samordna_domain::dates::in_sweden(log[1].at);
    let shown = format!(
        "{} {:02}:{:02}:{:02} +0{}:00",
        swedish.date(),
        swedish.hour(),
        swedish.minute(),
        swedish.second(),
        swedish.offset().whole_hours()
    );
    assert!(page.contains(&shown), "{backend:?}: {shown}");
    assert!(!page.contains(" UTC<"), "{backend:?}");
    let csv = c
        .get(app.url("/o/hoglandet/audit.csv"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let text = String::from_utf8(csv.to_vec()).unwrap();
    assert!(text.starts_with("\u{feff}Tid;Vem;Händelse;"), "{text}");
    assert!(text.contains("chef@hoglandet.demo;Skapade;medlem;"));
}
per_backend!(director_sees_every_write_in_the_audit_log);
