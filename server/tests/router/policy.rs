//! The authorization policy as people meet it through the router: who sees a private or
//! public challenge, who may edit, and that a refusal leaks nothing.

use crate::common::*;
use axum::http::StatusCode;
use uuid::Uuid;

/// A private Camden challenge with Islington as an observer.
async fn private_challenge(app: &TestApp) -> Uuid {
    let mut priya = app.signed_in(CAMDEN).await;
    let id = app
        .open_challenge(
            &mut priya,
            "Confidential restructure of repairs",
            "housing",
            "private",
        )
        .await;
    app.add_member(&mut priya, id, app.org(ons::ISLINGTON).await, "observer")
        .await;
    id
}

/// Outsiders get the same 404 as for a challenge that does not exist; visitors are
/// sent to sign in and brought back.
async fn private_challenge_is_hidden_from_outsiders(app: TestApp) {
    let id = private_challenge(&app).await;
    for who in [SUPPLIER, BRENT] {
        let mut client = app.signed_in(who).await;
        let missing = client.get(&format!("/challenges/{}", Uuid::new_v4())).await;
        missing.assert_status(StatusCode::NOT_FOUND);
        for path in [
            format!("/challenges/{id}"),
            format!("/challenges/{id}/history"),
            format!("/challenges/{id}/edit"),
            format!("/challenges/{id}/members"),
        ] {
            let res = client.get(&path).await;
            res.assert_status(StatusCode::NOT_FOUND);
            res.assert_no_text("Confidential restructure");
            assert_eq!(
                res.text(),
                missing.text(),
                "{who} {path}: the same page as for a challenge that does not exist"
            );
        }
        let list = client.get("/challenges").await.listed_challenges();
        assert!(!list.contains(&"Confidential restructure of repairs".to_string()));
    }

    let mut visitor = app.client();
    for path in [
        format!("/challenges/{id}"),
        format!("/challenges/{id}/history"),
    ] {
        let res = visitor.get(&path).await;
        res.assert_status(StatusCode::SEE_OTHER);
        assert_eq!(res.location(), format!("/sign-in?return_to={path}"));
    }
    // Signing in from there comes back to the challenge.
    let res = visitor
        .post_form(
            "/sign-in",
            &[
                ("email", ISLINGTON),
                ("password", PASSWORD),
                ("return_to", &format!("/challenges/{id}")),
            ],
        )
        .await;
    assert_eq!(res.location(), format!("/challenges/{id}"));
    visitor
        .get(&res.location())
        .await
        .assert_status(StatusCode::OK);
}
both_databases!(private_challenge_is_hidden_from_outsiders);

/// An observer reads the challenge and its history but does not edit it.
async fn observer_views_but_cannot_edit(app: TestApp) {
    let id = private_challenge(&app).await;
    let mut daniel = app.signed_in(ISLINGTON).await;
    let page = daniel.get(&format!("/challenges/{id}")).await;
    page.assert_status(StatusCode::OK);
    assert_eq!(page.testid("own-role"), "Your authority: observer");
    assert!(!page.has_testid("edit-challenge"));
    assert!(!page.has_testid("manage-members"));
    assert!(!page.has_testid("change-status"));
    assert!(page.has_testid("history-link"));
    daniel
        .get(&format!("/challenges/{id}/history"))
        .await
        .assert_status(StatusCode::OK);
    daniel
        .get(&format!("/challenges/{id}/edit"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let res = daniel
        .post_form(
            &format!("/challenges/{id}/edit"),
            &[
                ("title", "Observer's edit"),
                ("problem_statement", "Not allowed"),
                ("service_area", "housing"),
                ("visibility", "public"),
                ("version", "1"),
            ],
        )
        .await;
    res.assert_status(StatusCode::FORBIDDEN);
    res.assert_text("You cannot do that");
    let row = app.challenge_row(id).await;
    assert_eq!(row.title, "Confidential restructure of repairs");
    assert_eq!(row.visibility, "private");
    daniel
        .get(&format!("/challenges/{id}/members"))
        .await
        .assert_status(StatusCode::FORBIDDEN);

    // The lead sees every control.
    let mut priya = app.signed_in(CAMDEN).await;
    let page = priya.get(&format!("/challenges/{id}")).await;
    for control in [
        "edit-challenge",
        "manage-members",
        "history-link",
        "change-status",
    ] {
        assert!(page.has_testid(control), "the lead has {control}");
    }
}
both_databases!(observer_views_but_cannot_edit);

/// The platform admin reads any challenge and its history, but does not author it.
async fn platform_admin_views_any_challenge_and_its_history(app: TestApp) {
    let id = private_challenge(&app).await;
    let mut admin = app.signed_in(ADMIN).await;
    let page = admin.get(&format!("/challenges/{id}")).await;
    page.assert_status(StatusCode::OK);
    assert_eq!(
        page.testid("challenge-title"),
        "Confidential restructure of repairs"
    );
    let history = admin.get(&format!("/challenges/{id}/history")).await;
    history.assert_status(StatusCode::OK);
    let table = history.testid("history-table");
    assert!(
        table.contains("Priya Shah") && table.contains("Added Islington as observer"),
        "{table}"
    );
    admin
        .get(&format!("/challenges/{id}/edit"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    admin
        .get("/admin/outbox")
        .await
        .assert_status(StatusCode::OK);

    // The outbox is for the platform admin only.
    app.signed_in(CAMDEN)
        .await
        .get("/admin/outbox")
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let res = app.client().get("/admin/outbox").await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert!(res.location().starts_with("/sign-in"));
}
both_databases!(platform_admin_views_any_challenge_and_its_history);

/// A public challenge is readable by anyone; its history and authoring are not.
async fn public_challenge_is_readable_by_anyone(app: TestApp) {
    let mut priya = app.signed_in(CAMDEN).await;
    let id = app
        .open_challenge(
            &mut priya,
            "Open call: accessible playgrounds",
            "highways-and-transport",
            "public",
        )
        .await;
    let mut visitor = app.client();
    let page = visitor.get(&format!("/challenges/{id}")).await;
    page.assert_status(StatusCode::OK);
    assert_eq!(
        page.testid("challenge-title"),
        "Open call: accessible playgrounds"
    );
    assert_eq!(page.testid("lead-authority"), "Camden");
    assert!(!page.has_testid("edit-challenge"));
    assert!(!page.has_testid("history-link"));
    let res = visitor.get(&format!("/challenges/{id}/history")).await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert!(res.location().starts_with("/sign-in"));
    let res = visitor.get(&format!("/challenges/{id}/edit")).await;
    res.assert_status(StatusCode::SEE_OTHER);

    let mut supplier = app.signed_in(SUPPLIER).await;
    supplier
        .get(&format!("/challenges/{id}"))
        .await
        .assert_status(StatusCode::OK);
    supplier
        .get(&format!("/challenges/{id}/history"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    supplier
        .get(&format!("/challenges/{id}/edit"))
        .await
        .assert_status(StatusCode::FORBIDDEN);

    // An authority that is not a member reads it and may ask to join, but not edit.
    let mut tom = app.signed_in(BRENT).await;
    let page = tom.get(&format!("/challenges/{id}")).await;
    page.assert_status(StatusCode::OK);
    assert!(page.has_testid("request-to-join"));
    tom.get(&format!("/challenges/{id}/edit"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
}
both_databases!(public_challenge_is_readable_by_anyone);

/// Suppliers and visitors cannot open challenges.
async fn only_authority_users_open_challenges(app: TestApp) {
    let before = app.challenge_count().await;
    let mut supplier = app.signed_in(SUPPLIER).await;
    supplier
        .get("/challenges/new")
        .await
        .assert_status(StatusCode::FORBIDDEN);
    supplier
        .post_form(
            "/challenges/new",
            &[
                ("title", "Supplier idea"),
                ("problem_statement", "x"),
                ("service_area", "housing"),
                ("visibility", "public"),
            ],
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let mut admin = app.signed_in(ADMIN).await;
    admin
        .get("/challenges/new")
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let res = app.client().get("/challenges/new").await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/sign-in?return_to=/challenges/new");
    assert_eq!(app.challenge_count().await, before);
}
both_databases!(only_authority_users_open_challenges);
