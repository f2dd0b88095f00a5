//! Login, sessions, CSRF, the login rate limit, cookie flags and security headers.

use crate::helpers::*;
use reqwest::StatusCode;

async fn csrf_is_required_on_every_form_and_nothing_is_stored_without_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let (c, csrf) = app.login("chef@hoglandet.demo").await;
    let org = app.org_id().await;
    let before = app.store.list_members(org).await.unwrap().len();
    let url = app.url("/o/hoglandet/members");
    let no_token = c
        .post(&url)
        .form(&[("name", "X"), ("kind", "state")])
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), StatusCode::FORBIDDEN);
    assert!(no_token
        .text()
        .await
        .unwrap()
        .contains("Formuläret kunde inte tas emot"));
    let wrong = c
        .post(&url)
        .form(&[("name", "X"), ("kind", "state"), ("csrf", "fel")])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    let cross = c
        .post(&url)
        .header("origin", "https://evil.example")
        .form(&[("name", "X"), ("kind", "state"), ("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), StatusCode::FORBIDDEN);
    // Another user's token does not work either.
    let (_, other_csrf) = app.login("styrelse@hoglandet.demo").await;
    let swapped = c
        .post(&url)
        .form(&[
            ("name", "X"),
            ("kind", "state"),
            ("csrf", other_csrf.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(swapped.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.store.list_members(org).await.unwrap().len(),
        before,
        "{backend:?}: nothing stored"
    );
    // Logout needs the token too.
    assert_eq!(
        c.post(app.url("/logout"))
            .form(&[("csrf", "fel")])
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    let ok = c
        .post(&url)
        .form(&[("name", "X"), ("kind", "state"), ("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
}
per_backend!(csrf_is_required_on_every_form_and_nothing_is_stored_without_it);

async fn failed_logins_are_limited_across_servers_sharing_the_database(backend: Backend) {
    let a = spawn_app(backend).await;
    // A second server on the same database, as behind a load balancer.
    let b = spawn_on(a.store.clone(), "http://127.0.0.1").await;
    let c = client();
    for i in 0..5 {
        let server = if i % 2 == 0 { &a } else { &b };
        assert_eq!(
            server
                .try_login(&c, "coach@hoglandet.demo", "fel lösenord")
                .await,
            StatusCode::UNAUTHORIZED
        );
    }
    // The right password is now refused too, on either server, for 15 minutes.
    for server in [&a, &b] {
        assert_eq!(
            server.try_login(&c, "coach@hoglandet.demo", PASSWORD).await,
            StatusCode::TOO_MANY_REQUESTS,
            "{backend:?}"
        );
    }
    let body = a
        .post_login(&c, "coach@hoglandet.demo", PASSWORD, "")
        .await
        .text()
        .await
        .unwrap();
    assert!(body.contains("För många misslyckade inloggningsförsök"));
    // Another account is not affected.
    assert_eq!(
        a.try_login(&client(), "chef@hoglandet.demo", PASSWORD)
            .await,
        StatusCode::SEE_OTHER
    );
    let now = samordna_app::access::now();
    let (by_email, _) = a
        .store
        .login_failures("coach@hoglandet.demo", "x", now - 900)
        .await
        .unwrap();
    assert_eq!(
        by_email, 5,
        "the refused attempts with the right password are not counted as failures"
    );
}
per_backend!(failed_logins_are_limited_across_servers_sharing_the_database);

#[tokio::test]
async fn wrong_password_and_unknown_account_look_the_same() {
    let app = spawn_app(Backend::Sqlite).await;
    let c = client();
    let mut bodies = vec![];
    for email in ["chef@hoglandet.demo", "finns-inte@hoglandet.demo"] {
        let res = app.post_login(&c, email, "fel lösenord", "").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        bodies.push(res.text().await.unwrap().replace(email, ""));
    }
    assert_eq!(bodies[0], bodies[1]);
    assert!(bodies[0].contains("Fel e-postadress eller lösenord."));
}

async fn logout_ends_the_session_everywhere(backend: Backend) {
    let a = spawn_app(backend).await;
    let b = spawn_on(a.store.clone(), "http://127.0.0.1").await;
    let (c, csrf) = a.login("chef@hoglandet.demo").await;
    // The cookie made on server a is valid on server b: sessions live in the database.
    let cookie = c.get(a.url("/o/hoglandet")).send().await.unwrap();
    assert_eq!(cookie.status(), StatusCode::OK);
    let session = a.store.list_audit(a.org_id().await, 1, None).await.unwrap();
    assert_eq!(
        session[0].action,
        samordna_domain::access::audit::AuditAction::Login
    );
    assert_eq!(
        c.get(b.url("/o/hoglandet")).send().await.unwrap().status(),
        StatusCode::OK,
        "{backend:?}"
    );
    assert_eq!(
        c.post(b.url("/logout"))
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        c.get(a.url("/o/hoglandet")).send().await.unwrap().status(),
        StatusCode::SEE_OTHER,
        "{backend:?}: logged out on a too"
    );
}
per_backend!(logout_ends_the_session_everywhere);

#[tokio::test]
async fn cookies_and_security_headers() {
    let (store, _) = store_for(Backend::Sqlite).await;
    samordna::demo::load(&*store).await.unwrap();
    let app = spawn_on(store, "https://samordna.example").await;
    let c = client();
    let page = c.get(app.url("/login")).send().await.unwrap();
    let h = page.headers().clone();
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'")
            && !csp.contains("unsafe-inline")
            && csp.contains("frame-ancestors 'none'")
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    assert!(h["strict-transport-security"]
        .to_str()
        .unwrap()
        .starts_with("max-age="));
    assert_eq!(h["x-request-id"].to_str().unwrap().len(), 16);
    let html = page.text().await.unwrap();
    assert!(
        !html.contains("<script>") && !html.contains("style=\""),
        "no inline script or style"
    );
    let res = app
        .post_login(&c, "chef@hoglandet.demo", PASSWORD, "")
        .await;
    let set_cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|v| v.starts_with("samordna_session="))
        .unwrap();
    for flag in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(set_cookie.contains(flag), "{set_cookie} lacks {flag}");
    }
    // Only the hash of the session token is stored.
    let token = set_cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("samordna_session=");
    assert!(app
        .store
        .session(token, samordna_app::access::now())
        .await
        .unwrap()
        .is_none());
    assert!(app
        .store
        .session(
            &samordna_app::access::hash_token(token),
            samordna_app::access::now()
        )
        .await
        .unwrap()
        .is_some());
}

#[tokio::test]
async fn login_follows_only_local_next_paths() {
    let app = spawn_app(Backend::Sqlite).await;
    let c = client();
    let res = c.get(app.url("/o/hoglandet/members")).send().await.unwrap();
    assert_eq!(
        res.headers()["location"],
        "/login?next=%2Fo%2Fhoglandet%2Fmembers"
    );
    let page = app.page(&c, "/login?next=/o/hoglandet/members").await;
    for (next, expected) in [
        ("/o/hoglandet/members", "/o/hoglandet/members"),
        ("//evil.example/x", "/"),
        // A browser drops the tab and reads `\\` as `/`: both lead to evil.example.
        ("/\t/evil.example", "/"),
        ("/\t\\evil.example", "/"),
        // A line break never reaches the Location header (it was a 500).
        ("/o/hoglandet\n/members", "/o/hoglandet/members"),
    ] {
        let res = app
            .post_login(&client(), "chef@hoglandet.demo", PASSWORD, next)
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(res.headers()["location"], expected, "{next:?}");
    }
    // The language switch follows the same rule.
    let c = client();
    let csrf = app.csrf(&c).await;
    for next in ["/\t/evil.example", "/\t\\evil.example", "/x\ny"] {
        let res = c
            .post(app.url("/lang"))
            .form(&[("csrf", csrf.as_str()), ("lang", "en"), ("next", next)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{next:?}");
        let to = res.headers()["location"].to_str().unwrap().to_string();
        assert!(to == "/" || to == "/xy", "{next:?} → {to}");
    }
    assert!(page.contains("value=\"/o/hoglandet/members\""));
}

async fn a_deactivated_account_and_a_revoked_token_stop_at_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let org = app.org_id().await;
    let (chef, csrf) = app.login("chef@hoglandet.demo").await;
    let (coach, _) = app.login("coach@hoglandet.demo").await;
    let coach_token = app.token("coach@hoglandet.demo").await;
    let users = app.store.list_users(org).await.unwrap();
    let coach_id = users
        .iter()
        .find(|u| u.email.as_str() == "coach@hoglandet.demo")
        .unwrap()
        .id;
    let chef_id = users
        .iter()
        .find(|u| u.email.as_str() == "chef@hoglandet.demo")
        .unwrap()
        .id;
    let set = |id: i64, active: &'static str| {
        chef.post(app.url(&format!("/o/hoglandet/users/{id}/active")))
            .form(&[("csrf", csrf.clone()), ("active", active.into())])
            .send()
    };
    assert_eq!(
        set(coach_id, "0").await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
    // Session, login and API token all stop.
    assert_eq!(
        coach
            .get(app.url("/o/hoglandet"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::SEE_OTHER,
        "{backend:?}"
    );
    assert_eq!(
        app.try_login(&client(), "coach@hoglandet.demo", PASSWORD)
            .await,
        StatusCode::UNAUTHORIZED
    );
    let api = |t: String| client().get(app.url("/api/v1/me")).bearer_auth(t).send();
    assert_eq!(
        api(coach_token.clone()).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let page = app.page(&chef, "/o/hoglandet/users").await;
    assert!(page.contains("Inaktiverat"));
    // Activated again, the account works; the director cannot lock themselves out.
    set(coach_id, "1").await.unwrap();
    assert_eq!(
        app.try_login(&client(), "coach@hoglandet.demo", PASSWORD)
            .await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        set(chef_id, "0").await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    // A revoked token answers 401 from then on.
    let chef_token = app.token("chef@hoglandet.demo").await;
    assert_eq!(
        api(chef_token.clone()).await.unwrap().status(),
        StatusCode::OK
    );
    let id = app
        .store
        .list_api_tokens(org)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.user_email == "chef@hoglandet.demo")
        .unwrap()
        .id;
    let res = chef
        .post(app.url(&format!("/o/hoglandet/tokens/{id}/revoke")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        api(chef_token).await.unwrap().status(),
        StatusCode::UNAUTHORIZED,
        "{backend:?}"
    );
}
per_backend!(a_deactivated_account_and_a_revoked_token_stop_at_once);
