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

/// A client whose connections come from `ip` (a loopback address), as another office.
fn client_from(ip: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .local_address(ip.parse::<std::net::IpAddr>().unwrap())
        .build()
        .unwrap()
}

/// 30 wrong passwords sent at once all reached the password check (all 401, none 429): the
/// count came after the check. Now each attempt is counted first, in the same transaction as
/// the count: at most 5 are checked, the rest are refused unchecked. The real user, from
/// another address, is not locked out; at this address the director can unlock the account.
async fn parallel_guesses_are_counted_before_they_are_checked(backend: Backend) {
    let app = std::sync::Arc::new(spawn_app(backend).await);
    let mut guesses = vec![];
    for _ in 0..30 {
        let app = app.clone();
        guesses.push(tokio::spawn(async move {
            let c = client();
            let page = app.page(&c, "/login").await;
            let form = [
                ("csrf", csrf_in(&page)),
                ("email", "coach@hoglandet.demo".into()),
                ("password", "fel lösenord".into()),
            ];
            // Every guess waits for the others' login pages, then all are sent at once.
            (c, form)
        }));
    }
    let mut ready = vec![];
    for g in guesses {
        ready.push(g.await.unwrap());
    }
    let url = app.url("/login");
    let sent: Vec<_> = ready
        .into_iter()
        .map(|(c, form)| {
            let url = url.clone();
            tokio::spawn(async move { c.post(url).form(&form).send().await.unwrap().status() })
        })
        .collect();
    let (mut checked, mut refused) = (0, 0);
    for s in sent {
        match s.await.unwrap() {
            StatusCode::UNAUTHORIZED => checked += 1,
            StatusCode::TOO_MANY_REQUESTS => refused += 1,
            other => panic!("{backend:?}: {other}"),
        }
    }
    assert!(
        checked <= 5,
        "{backend:?}: {checked} of 30 guesses were checked"
    );
    assert_eq!(checked + refused, 30);
    // Refused with a clear message: when, and who can help.
    let res = app
        .post_login(&client(), "coach@hoglandet.demo", PASSWORD, "")
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("Försök igen om 15 minuter, eller be förbundschefen låsa upp kontot."),
        "{page}"
    );
    // The coach at another office gets in.
    let elsewhere = client_from("127.0.0.2");
    assert_eq!(
        app.try_login(&elsewhere, "coach@hoglandet.demo", PASSWORD)
            .await,
        StatusCode::SEE_OTHER,
        "{backend:?}: one address must not lock the real user out everywhere"
    );
    // The director sees the account stopped, and unlocks it.
    let (chef, csrf) = app.login("chef@hoglandet.demo").await;
    let users = app.page(&chef, "/o/hoglandet/users").await;
    assert!(
        users.contains("Stoppad efter 5 misslyckade inloggningar"),
        "{users}"
    );
    let org = app.org_id().await;
    let coach = app
        .store
        .list_users(org)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.email.as_str() == "coach@hoglandet.demo")
        .unwrap();
    let res = chef
        .post(app.url(&format!("/o/hoglandet/users/{}/unlock", coach.id)))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.try_login(&client(), "coach@hoglandet.demo", PASSWORD)
            .await,
        StatusCode::SEE_OTHER,
        "{backend:?}: unlocked"
    );
}
per_backend!(parallel_guesses_are_counted_before_they_are_checked);

/// The value of the session cookie a login set.
fn session_of(res: &reqwest::Response) -> String {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("samordna_session="))
        .and_then(|v| v.split(';').next())
        .unwrap()
        .to_string()
}

/// Whether a session cookie still opens the förbund's start page.
async fn valid(app: &TestApp, session: &str) -> bool {
    let res = client()
        .get(app.url("/o/hoglandet"))
        .header("cookie", format!("samordna_session={session}"))
        .send()
        .await
        .unwrap();
    res.status() == StatusCode::OK
}

/// Logging in again in the same browser left the old session valid; a new password and "log
/// out everywhere" end every session of the account, on every device.
async fn a_new_login_a_new_password_and_log_out_everywhere_end_old_sessions(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = client();
    let first = session_of(
        &app.post_login(&c, "chef@hoglandet.demo", PASSWORD, "")
            .await,
    );
    let second = session_of(
        &app.post_login(&c, "chef@hoglandet.demo", PASSWORD, "")
            .await,
    );
    assert_ne!(first, second);
    assert!(
        !valid(&app, &first).await,
        "{backend:?}: the old session ends"
    );
    assert!(valid(&app, &second).await);

    // A new password: the other device is logged out, this browser stays in.
    let (phone, _) = app.login("chef@hoglandet.demo").await;
    let csrf = app.csrf(&c).await;
    let new = "ett nytt långt lösenord";
    let res = c
        .post(app.url("/account/password"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("current_password", PASSWORD),
            ("new_password", new),
            ("repeat_password", new),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{backend:?}");
    let page = app.page(&c, "/account?changed=1").await;
    assert!(page.contains("Lösenordet är bytt"), "{page}");
    let gone = phone.get(app.url("/o/hoglandet")).send().await.unwrap();
    assert_eq!(
        gone.status(),
        StatusCode::SEE_OTHER,
        "{backend:?}: the phone is out"
    );
    assert_eq!(
        app.try_login(&client(), "chef@hoglandet.demo", PASSWORD)
            .await,
        StatusCode::UNAUTHORIZED
    );
    // A wrong current password changes nothing.
    let csrf = app.csrf(&c).await;
    let res = c
        .post(app.url("/account/password"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("current_password", "fel lösenord"),
            ("new_password", "ännu ett långt lösenord"),
            ("repeat_password", "ännu ett långt lösenord"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Nuvarande lösenord: stämmer inte."));

    // Log out everywhere: both devices are out.
    let other = client();
    assert_eq!(
        app.try_login(&other, "chef@hoglandet.demo", new).await,
        StatusCode::SEE_OTHER
    );
    let csrf = app.csrf(&c).await;
    let res = c
        .post(app.url("/account/logout-everywhere"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    for device in [&c, &other] {
        let res = device.get(app.url("/o/hoglandet")).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{backend:?}");
    }
}
per_backend!(a_new_login_a_new_password_and_log_out_everywhere_end_old_sessions);

/// A token made for a report script read exact statistics on the pages, past the API's
/// small-count protection, and the director's revealed personnummer. Tokens now open the API
/// only, within the scope chosen when they were made, and never a person; sessions open the
/// pages only.
async fn a_token_opens_the_api_only_within_its_scope_and_never_a_person(backend: Backend) {
    use samordna_domain::access::roles::TokenScope;
    let app = spawn_app(backend).await;
    let read = app
        .token_with("chef@hoglandet.demo", TokenScope::Read)
        .await;
    let write = app
        .token_with("chef@hoglandet.demo", TokenScope::Write)
        .await;
    // On the pages a token is no login, whatever it may do on the API.
    for token in [&read, &write] {
        for path in [
            "/o/hoglandet/stats",
            "/o/hoglandet/participants/1/identity",
            "/o/hoglandet/users",
            "/account",
        ] {
            let res = client()
                .get(app.url(path))
                .bearer_auth(token)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::SEE_OTHER, "{backend:?} {path}");
            assert!(res.headers()["location"]
                .to_str()
                .unwrap()
                .starts_with("/login"));
        }
    }
    // On the API a session is no login.
    let (browser, _) = app.login("chef@hoglandet.demo").await;
    let res = browser.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{backend:?}");
    // A read token reads and may not write; a write token writes.
    let api = |token: &str, name: &str| {
        client()
            .post(app.url("/api/v1/orgs/hoglandet/members"))
            .bearer_auth(token)
            .json(&serde_json::json!({"name": name, "kind": "state"}))
            .send()
    };
    let res = client()
        .get(app.url("/api/v1/orgs/hoglandet/members"))
        .bearer_auth(&read)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        api(&read, "Läsnyckel").await.unwrap().status(),
        StatusCode::FORBIDDEN,
        "{backend:?}"
    );
    assert_eq!(
        api(&write, "Skrivnyckel").await.unwrap().status(),
        StatusCode::CREATED
    );
    // The scope is on the users page, and in the log.
    let (chef, _) = app.login("chef@hoglandet.demo").await;
    let users = app.page(&chef, "/o/hoglandet/users").await;
    assert!(
        users.contains("Läsa listor och statistik")
            && users.contains("Läsa, och ändra medlemmar och insatser")
    );
}
per_backend!(a_token_opens_the_api_only_within_its_scope_and_never_a_person);
