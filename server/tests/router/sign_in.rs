//! Signing in and out: the session cookie, one message for every failed attempt, the
//! per-account rate limit, and where people are sent afterwards.

use crate::common::*;
use axum::http::StatusCode;

const FAILED: &str = "Enter a correct email address and password";

/// The right password sets the session cookie and the home page greets the person.
async fn right_password_signs_in(app: TestApp) {
    let mut client = app.client();
    let res = client
        .post_form("/sign-in", &[("email", CAMDEN), ("password", PASSWORD)])
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/");
    let set_cookie = res
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|v| v.starts_with("coprocure_session="))
        .expect("a session cookie");
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Lax"), "{set_cookie}");

    let home = client.get("/").await;
    home.assert_status(StatusCode::OK);
    home.assert_text("Welcome, Priya Shah");
    assert!(home.testid("signed-in-as").contains("Priya Shah"));

    // An email typed with other capitals and spaces is the same account.
    let mut other = app.client();
    let res = other
        .post_form(
            "/sign-in",
            &[
                ("email", "  Camden.Officer@CAMDEN.gov.uk "),
                ("password", PASSWORD),
            ],
        )
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    other.get("/").await.assert_text("Welcome, Priya Shah");
}
both_databases!(right_password_signs_in);

/// A wrong password and an unknown email get the same words, so the form does not
/// tell anyone which addresses have accounts; the typed email is kept.
async fn wrong_password_and_unknown_email_look_the_same(app: TestApp) {
    let mut client = app.client();
    let wrong = client
        .post_form(
            "/sign-in",
            &[("email", CAMDEN), ("password", "not-the-password-1")],
        )
        .await;
    wrong.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let wrong_summary = wrong.error_summary();
    assert!(wrong_summary.contains(FAILED), "{wrong_summary}");
    assert_eq!(wrong.input("email").as_deref(), Some(CAMDEN));
    assert_eq!(
        wrong.input("password").as_deref(),
        Some(""),
        "a password is never sent back"
    );
    assert!(client.session().is_none());

    let unknown = client
        .post_form(
            "/sign-in",
            &[
                ("email", "nobody@nowhere.example"),
                ("password", "not-the-password-1"),
            ],
        )
        .await;
    unknown.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown.error_summary(), wrong_summary);
    assert!(client.session().is_none());
    client.get("/").await.assert_no_text("Welcome");
}
both_databases!(wrong_password_and_unknown_email_look_the_same);

/// Empty fields are each named.
async fn empty_fields_are_named(app: TestApp) {
    let mut client = app.client();
    let res = client
        .post_form("/sign-in", &[("email", "  "), ("password", "")])
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let summary = res.error_summary();
    assert!(summary.contains("Enter your email address"), "{summary}");
    assert!(summary.contains("Enter your password"), "{summary}");

    let res = client
        .post_form("/sign-in", &[("email", CAMDEN), ("password", "")])
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let summary = res.error_summary();
    assert!(summary.contains("Enter your password"), "{summary}");
    assert!(!summary.contains("Enter your email address"), "{summary}");

    // A body that is not a form at all is treated as empty fields, not a crash.
    let res = client.post_form("/sign-in", &[]).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.error_summary().contains("Enter your email address"));
}
both_databases!(empty_fields_are_named);

/// After five failures on one account within the window, the sixth attempt is refused
/// with 429, even with the right password; other accounts are unaffected.
async fn sixth_failure_on_an_account_is_rate_limited(app: TestApp) {
    for attempt in 1..=5 {
        // Capitals do not make it another account, nor does another address.
        let email = if attempt % 2 == 0 {
            CAMDEN.to_uppercase()
        } else {
            CAMDEN.to_string()
        };
        let res = app
            .client_from(&format!("203.0.113.{attempt}:40000"))
            .post_form(
                "/sign-in",
                &[("email", &email), ("password", "wrong-password-123")],
            )
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.error_summary().contains(FAILED));
    }
    let mut client = app.client();
    let sixth = client
        .post_form(
            "/sign-in",
            &[("email", CAMDEN), ("password", "wrong-password-123")],
        )
        .await;
    sixth.assert_status(StatusCode::TOO_MANY_REQUESTS);
    assert!(sixth
        .testid("rate-limited")
        .contains("Too many failed attempts"));

    let right = client
        .post_form("/sign-in", &[("email", CAMDEN), ("password", PASSWORD)])
        .await;
    right.assert_status(StatusCode::TOO_MANY_REQUESTS);
    assert!(
        client.session().is_none(),
        "a locked account must not sign in"
    );

    // The limit is per account: Brent still signs in.
    let mut brent = app.client();
    brent.sign_in(BRENT).await;
    brent.get("/").await.assert_text("Welcome, Tom Okafor");
}
both_databases!(sixth_failure_on_an_account_is_rate_limited);

/// Signing out ends the session on the server, not only in the browser.
async fn sign_out_ends_the_session(app: TestApp) {
    let mut client = app.signed_in(CAMDEN).await;
    client
        .get("/challenges/new")
        .await
        .assert_status(StatusCode::OK);
    let old_token = client.session().expect("signed in").to_string();

    let res = client.post_form("/sign-out", &[]).await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/");
    assert!(client.session().is_none(), "the session cookie is cleared");
    client.get("/").await.assert_text("You have signed out");

    let res = client.get("/challenges/new").await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/sign-in?return_to=/challenges/new");

    // The old token no longer opens anything, even if someone kept it.
    client.set_cookie("coprocure_session", &old_token);
    let res = client.get("/challenges/new").await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert!(res.location().starts_with("/sign-in"));
    client.get("/").await.assert_no_text("Welcome, Priya Shah");
}
both_databases!(sign_out_ends_the_session);

/// `return_to` sends people back to a page of this site after signing in, and
/// nowhere else.
async fn return_to_is_honoured_only_for_local_paths(app: TestApp) {
    let mut client = app.client();
    let page = client.get("/sign-in?return_to=/challenges/new").await;
    page.assert_status(StatusCode::OK);
    assert_eq!(page.input("return_to").as_deref(), Some("/challenges/new"));

    let res = client
        .post_form(
            "/sign-in",
            &[
                ("email", CAMDEN),
                ("password", PASSWORD),
                ("return_to", "/challenges/new"),
            ],
        )
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/challenges/new");

    let page = app.client().get("/sign-in?return_to=//evil.example").await;
    assert_eq!(page.input("return_to").as_deref(), Some("/"));

    for hostile in [
        "//evil.example",
        "https://evil.example/",
        "/\\evil.example",
        // Browsers drop tabs and newlines from URLs, which would turn these into
        // `//evil.example`.
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r\n/evil.example",
    ] {
        let mut client = app.client();
        let res = client
            .post_form(
                "/sign-in",
                &[
                    ("email", BRENT),
                    ("password", PASSWORD),
                    ("return_to", hostile),
                ],
            )
            .await;
        res.assert_status(StatusCode::SEE_OTHER);
        assert_eq!(res.location(), "/", "return_to {hostile:?}");
        assert!(client.session().is_some());
    }
}
both_databases!(return_to_is_honoured_only_for_local_paths);

/// A person who is signed in is not shown the sign-in or registration forms again.
async fn signed_in_people_skip_the_sign_in_page(app: TestApp) {
    let mut client = app.signed_in(HACKNEY).await;
    let res = client.get("/sign-in").await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/");
    let res = client.get("/register").await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/");
}
both_databases!(signed_in_people_skip_the_sign_in_page);

/// Many failures from one address, whatever the accounts, stop that address; other
/// addresses still sign in.
async fn many_failures_from_one_address_are_rate_limited(app: TestApp) {
    let address = "192.0.2.50:1234";
    for n in 0..30 {
        let res = app
            .client_from(address)
            .post_form(
                "/sign-in",
                &[
                    ("email", &format!("guess{n}@camden.gov.uk")),
                    ("password", "wrong-password-123"),
                ],
            )
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    }
    let mut from_there = app.client_from(address);
    let res = from_there
        .post_form("/sign-in", &[("email", BRENT), ("password", PASSWORD)])
        .await;
    res.assert_status(StatusCode::TOO_MANY_REQUESTS);
    assert!(from_there.session().is_none());

    let mut elsewhere = app.client_from("192.0.2.51:1234");
    elsewhere.sign_in(BRENT).await;
}
both_databases!(many_failures_from_one_address_are_rate_limited);

/// A session past its expiry time is no session.
async fn expired_session_is_signed_out(app: TestApp) {
    use app::ssr::entities::session;
    use sea_orm::{sea_query::Expr, EntityTrait};
    let mut client = app.signed_in(CAMDEN).await;
    client.get("/").await.assert_text("Welcome, Priya Shah");
    session::Entity::update_many()
        .col_expr(
            session::Column::ExpiresAt,
            Expr::value(chrono::Utc::now() - chrono::Duration::minutes(1)),
        )
        .exec(&app.db)
        .await
        .expect("expiring the sessions");
    let home = client.get("/").await;
    home.assert_status(StatusCode::OK);
    home.assert_no_text("Welcome, Priya Shah");
    let res = client.get("/challenges/new").await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert!(res.location().starts_with("/sign-in"));
}
both_databases!(expired_session_is_signed_out);

/// A burst of simultaneous wrong guesses gets no more tries than the same guesses
/// made one after another.
async fn simultaneous_failures_still_count_against_the_limit(app: TestApp) {
    let mut attempts = tokio::task::JoinSet::new();
    for n in 0..12 {
        let mut client = app.client_from(&format!("203.0.113.{n}:40000"));
        attempts.spawn(async move {
            client
                .post_form(
                    "/sign-in",
                    &[("email", CAMDEN), ("password", "wrong-password-123")],
                )
                .await
                .status
        });
    }
    let mut refused_as_wrong = 0;
    while let Some(status) = attempts.join_next().await {
        let status = status.expect("the attempt ran");
        assert!(
            status == StatusCode::UNPROCESSABLE_ENTITY || status == StatusCode::TOO_MANY_REQUESTS,
            "{status}"
        );
        if status == StatusCode::UNPROCESSABLE_ENTITY {
            refused_as_wrong += 1;
        }
    }
    assert!(
        refused_as_wrong <= 5,
        "{refused_as_wrong} passwords were checked in one burst; the limit is 5"
    );
    // Only checked guesses count (refused ones are not held against the account, or anyone
    // could keep an officer locked out): the account is locked once five were checked.
    let res = app
        .client()
        .post_form("/sign-in", &[("email", CAMDEN), ("password", PASSWORD)])
        .await;
    if refused_as_wrong == 5 {
        res.assert_status(StatusCode::TOO_MANY_REQUESTS);
    } else {
        res.assert_status(StatusCode::SEE_OTHER);
    }
}
both_databases!(simultaneous_failures_still_count_against_the_limit);

/// Retrying while locked out does not extend the lock: after the window, the right
/// password works even though the person kept trying.
async fn retrying_while_locked_does_not_extend_the_lock(app: TestApp) {
    use app::ssr::entities::login_attempt;
    use sea_orm::{EntityTrait, PaginatorTrait};
    let mut client = app.client();
    for _ in 0..5 {
        client
            .post_form(
                "/sign-in",
                &[("email", BRENT), ("password", "wrong-password-123")],
            )
            .await
            .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    }
    for _ in 0..3 {
        client
            .post_form("/sign-in", &[("email", BRENT), ("password", PASSWORD)])
            .await
            .assert_status(StatusCode::TOO_MANY_REQUESTS);
    }
    let recorded = login_attempt::Entity::find().count(&app.db).await.unwrap();
    assert_eq!(recorded, 5, "refused attempts are not recorded as failures");
}
both_databases!(retrying_while_locked_does_not_extend_the_lock);
