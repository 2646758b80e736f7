//! Behaviour added after exploratory testing: password reset, protection of officers'
//! addresses, duplicate invitations, lead-only visibility, cache headers, form addresses
//! opened as pages, and the preview endpoint's answers.

use crate::common::*;
use app::ssr::outbox;
use axum::http::StatusCode;

fn reset_token(text: &str) -> String {
    let start = text
        .find("/reset-password/")
        .unwrap_or_else(|| panic!("no reset link in {text:?}"))
        + "/reset-password/".len();
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

async fn forgotten_passwords_can_be_reset_once(app: TestApp) {
    let mut visitor = app.client();
    // The same answer for an unknown address, and no email.
    visitor
        .post_form("/forgot-password", &[("email", "nobody@nowhere.example")])
        .await
        .assert_status(StatusCode::OK)
        .assert_text("If nobody@nowhere.example has a Coprocure account");
    assert!(outbox::messages_to(&app.db, "nobody@nowhere.example")
        .await
        .unwrap()
        .is_empty());
    let res = visitor
        .post_form("/forgot-password", &[("email", "not an email")])
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.error_summary().contains("correct format"));

    let mut old_session = app.signed_in(BRENT).await;
    visitor
        .post_form("/forgot-password", &[("email", BRENT)])
        .await
        .assert_status(StatusCode::OK)
        .assert_text("Check your email");
    let email = outbox::messages_to(&app.db, BRENT).await.unwrap();
    let token = reset_token(&email[0].body);
    visitor
        .get(&format!("/reset-password/{token}"))
        .await
        .assert_status(StatusCode::OK);
    let res = visitor
        .post_form(
            &format!("/reset-password/{token}"),
            &[("password", "short"), ("password_confirmation", "short")],
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.error_summary().contains("12 characters or more"));
    let res = visitor
        .post_form(
            &format!("/reset-password/{token}"),
            &[
                ("password", "a brand new passphrase"),
                ("password_confirmation", "a brand new passphrase"),
            ],
        )
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    visitor.get("/").await.assert_text("Welcome, Tom Okafor");
    // Other sessions end; the link works once; the new password works, the old does not.
    let res = old_session.get("/challenges/new").await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert!(res.location().starts_with("/sign-in"));
    visitor
        .get(&format!("/reset-password/{token}"))
        .await
        .assert_status(StatusCode::GONE);
    let mut fresh = app.client();
    fresh
        .post_form("/sign-in", &[("email", BRENT), ("password", PASSWORD)])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    fresh
        .post_form(
            "/sign-in",
            &[("email", BRENT), ("password", "a brand new passphrase")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    visitor
        .get("/reset-password/not-a-token")
        .await
        .assert_status(StatusCode::NOT_FOUND);
}
both_databases!(forgotten_passwords_can_be_reset_once);

async fn suppliers_cannot_take_officers_addresses(app: TestApp) {
    let mut priya = app.signed_in(CAMDEN).await;
    let camden = app.org(ons::CAMDEN).await.to_string();
    priya
        .post_form(
            "/invitations",
            &[
                ("organisation_id", &camden),
                ("email", "new.officer@example.org"),
                ("org_role", "member"),
            ],
        )
        .await
        .assert_status(StatusCode::CREATED);
    // Sending the same invitation again (a reload, say) does not send a second one.
    let res = priya
        .post_form(
            "/invitations",
            &[
                ("organisation_id", &camden),
                ("email", "new.officer@example.org"),
                ("org_role", "member"),
            ],
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.error_summary().contains("already waiting"));
    assert_eq!(
        outbox::messages_to(&app.db, "new.officer@example.org")
            .await
            .unwrap()
            .len(),
        1
    );

    let register = |email: &'static str| {
        vec![
            ("company_name", "Squatters Ltd"),
            ("companies_house_number", ""),
            ("full_name", "Sam Squat"),
            ("email", email),
            ("password", "a long enough password"),
            ("password_confirmation", "a long enough password"),
        ]
    };
    let mut visitor = app.client();
    let res = visitor
        .post_form("/register", &register("new.officer@example.org"))
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("use the link in the invitation email"));
    let res = visitor
        .post_form("/register", &register("chief.executive@westminster.gov.uk"))
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("Council officers cannot register as suppliers"));
}
both_databases!(suppliers_cannot_take_officers_addresses);

async fn only_the_lead_changes_who_can_see_a_challenge(app: TestApp) {
    let mut priya = app.signed_in(CAMDEN).await;
    let id = app
        .open_challenge(&mut priya, "Visibility test", "parking", "private")
        .await;
    app.add_member(&mut priya, id, app.org(ons::BRENT).await, "participant")
        .await;
    let mut tom = app.signed_in(BRENT).await;
    let form = |visibility: &'static str, version: String| {
        vec![
            ("title".to_string(), "Visibility test".to_string()),
            (
                "problem_statement".to_string(),
                "Still private.".to_string(),
            ),
            ("service_area".to_string(), "parking".to_string()),
            ("visibility".to_string(), visibility.to_string()),
            ("version".to_string(), version),
        ]
    };
    let version = app.challenge_row(id).await.version.to_string();
    let fields = form("public", version.clone());
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let res = tom
        .post_form(&format!("/challenges/{id}/edit"), &refs)
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("Only the lead authority can change who can see this challenge"));
    assert_eq!(app.challenge_row(id).await.visibility, "private");
    // The participant can still edit the text.
    let fields = form("private", version);
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    tom.post_form(&format!("/challenges/{id}/edit"), &refs)
        .await
        .assert_status(StatusCode::SEE_OTHER);
}
both_databases!(only_the_lead_changes_who_can_see_a_challenge);

async fn pages_are_not_cached_and_form_addresses_explain_themselves(app: TestApp) {
    let mut priya = app.signed_in(CAMDEN).await;
    let id = app
        .open_challenge(&mut priya, "Cache test", "parking", "private")
        .await;
    let res = priya.get(&format!("/challenges/{id}")).await;
    assert_eq!(res.headers.get("cache-control").unwrap(), "no-store");
    let res = priya.get(&format!("/challenges/{id}/status")).await;
    res.assert_status(StatusCode::METHOD_NOT_ALLOWED)
        .assert_text("This address is for sending a form");
    // The preview endpoint answers a visitor with 401, not a server error.
    let mut visitor = app.client();
    let res = visitor
        .post_form("/api/preview-markdown", &[("text", "# hi")])
        .await;
    res.assert_status(StatusCode::UNAUTHORIZED);
    let res = priya
        .post_form("/api/preview-markdown", &[("text", &"x".repeat(20_001))])
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let res = priya
        .post_form(
            "/api/preview-markdown",
            &[("text", "**bold** ![x](https://t.example/p.gif)")],
        )
        .await;
    res.assert_status(StatusCode::OK);
    assert!(res.body.contains("<strong>bold</strong>"), "{}", res.body);
    assert!(!res.body.contains("<img"), "{}", res.body);
}
both_databases!(pages_are_not_cached_and_form_addresses_explain_themselves);

/// Writes at the same moment queue for the database instead of failing ("database is
/// locked" on SQLite): three boroughs asking to join at once all get through.
async fn simultaneous_writes_wait_their_turn(app: TestApp) {
    let mut priya = app.signed_in(CAMDEN).await;
    let id = app
        .open_challenge(
            &mut priya,
            "Joint waste contract",
            "waste-and-recycling",
            "authorities",
        )
        .await;
    let mut asks = tokio::task::JoinSet::new();
    for email in [BRENT, HACKNEY, ISLINGTON] {
        let mut client = app.signed_in(email).await;
        asks.spawn(async move {
            client
                .post_form(
                    &format!("/challenges/{id}/join-requests"),
                    &[
                        ("requested_role", "participant"),
                        ("message", "We renew our waste contract in 2028 too."),
                    ],
                )
                .await
                .status
        });
    }
    while let Some(status) = asks.join_next().await {
        assert_eq!(status.unwrap(), StatusCode::SEE_OTHER);
    }
    assert_eq!(app.join_requests(id).await.len(), 3);
}
both_databases!(simultaneous_writes_wait_their_turn);
