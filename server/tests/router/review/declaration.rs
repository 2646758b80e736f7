//! The conflict-of-interest gate: every review address sends a reviewer to the
//! declaration form until they have declared, and back afterwards; the lead reads every
//! declaration.

use super::fixtures::*;
use crate::common::*;
use app::ssr::entities::conflict_declaration;
use axum::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

async fn declarations(app: &TestApp, seeded: &Seeded) -> Vec<conflict_declaration::Model> {
    conflict_declaration::Entity::find()
        .filter(conflict_declaration::Column::NoticeId.eq(seeded.notice))
        .all(&app.db)
        .await
        .expect("reading declarations")
}

/// Before declaring, each review page redirects to the form (remembering the page); the
/// form refuses incomplete answers keeping what was typed; a declared conflict is
/// recorded with who, which authority, when and what, and the person goes back.
async fn review_pages_wait_for_a_declaration(app: TestApp) {
    let seeded = seed(&app).await;
    let mut tom = app.signed_in(BRENT).await;
    let csv = format!("{}.csv", seeded.base());
    for path in [
        seeded.base(),
        csv.clone(),
        seeded.response_a_path(),
        seeded.question_path(2),
    ] {
        let res = tom.get(&path).await;
        res.assert_status(StatusCode::SEE_OTHER);
        assert_eq!(
            res.location(),
            format!("{}/declaration?return_to={path}", seeded.base()),
            "GET {path}"
        );
        res.assert_no_text("Housing Systems Ltd");
    }
    // Posting a note before declaring saves nothing and asks for the declaration too.
    let res = tom
        .post_form(
            &format!("{}/notes", seeded.response_a_path()),
            &[("note", "Too early")],
        )
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert!(res.location().contains("/declaration"));

    let form_path = format!(
        "{}/declaration?return_to={}",
        seeded.base(),
        seeded.response_a_path()
    );
    let form = tom.get(&form_path).await;
    form.assert_status(StatusCode::OK);
    form.assert_text("Declare any conflict of interest");
    assert_eq!(form.input("return_to"), Some(seeded.response_a_path()));
    form.assert_no_text("In UK data centres");

    let post = format!("{}/declaration", seeded.base());
    let res = tom
        .post_form(
            &post,
            &[
                ("details", "typed"),
                ("return_to", &seeded.response_a_path()),
            ],
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("Select whether you have a conflict of interest"));
    assert_eq!(res.textarea("details").as_deref(), Some("typed"));

    let res = tom
        .post_form(
            &post,
            &[
                ("has_conflict", "yes"),
                ("details", "   "),
                ("return_to", &seeded.response_a_path()),
            ],
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("Describe your conflict of interest"));
    assert_eq!(res.checked("has_conflict").as_deref(), Some("yes"));
    assert_eq!(res.input("return_to"), Some(seeded.response_a_path()));
    assert!(declarations(&app, &seeded).await.is_empty());

    let details = "My sister works for Tenancy Tech Ltd <script>";
    let res = tom
        .post_form(
            &post,
            &[
                ("has_conflict", "yes"),
                ("details", details),
                ("return_to", &seeded.response_a_path()),
            ],
        )
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(res.location(), seeded.response_a_path());
    let stored = declarations(&app, &seeded).await;
    assert_eq!(stored.len(), 1);
    let tom_row = app.user_by_email(BRENT).await.unwrap();
    assert_eq!(stored[0].user_id, tom_row.id);
    assert_eq!(stored[0].organisation_id, app.org(ons::BRENT).await);
    assert!(stored[0].has_conflict);
    assert_eq!(stored[0].details, details);

    let page = tom.get(&seeded.response_a_path()).await;
    page.assert_status(StatusCode::OK);
    page.assert_text("Your declaration has been recorded");
    page.assert_text("In UK data centres, second answer");
    for path in [seeded.base(), csv, seeded.question_path(2)] {
        tom.get(&path).await.assert_status(StatusCode::OK);
    }

    // The history says a declaration was made, not what it says.
    let event = app
        .history(seeded.challenge)
        .await
        .into_iter()
        .find(|e| e.action == "conflict_declared")
        .expect("the declaration is audited");
    assert_eq!(event.actor_name, "Tom Okafor");
    assert_eq!(
        event.summary,
        "Declared a conflict of interest before reviewing responses to notice ENG-TEST-0001"
    );
    assert!(!event.summary.contains("sister"));
}
both_databases!(review_pages_wait_for_a_declaration);

/// The lead's responses page lists every declaration with its details; others see only
/// their own. Updating a declaration replaces it (one per person) and is audited.
async fn the_lead_reads_every_declaration(app: TestApp) {
    let seeded = seed(&app).await;
    let mut tom = reviewer(&app, BRENT, &seeded).await;
    let mut priya = app.signed_in(CAMDEN).await;
    let res = priya
        .post_form(
            &format!("{}/declaration", seeded.base()),
            &[
                ("has_conflict", "yes"),
                ("details", "I advised Housing Systems Ltd in 2024"),
            ],
        )
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(res.location(), seeded.base());

    let page = priya.get(&seeded.base()).await;
    page.assert_status(StatusCode::OK);
    let rows = page.testids("declaration");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows[0].starts_with("Tom Okafor Brent No conflict"),
        "{}",
        rows[0]
    );
    assert!(
        rows[1].starts_with("Priya Shah Camden Conflict I advised Housing Systems Ltd in 2024"),
        "{}",
        rows[1]
    );
    assert!(page
        .testid("own-declaration")
        .starts_with("You declared a conflict of interest on"));

    let tom_page = tom.get(&seeded.base()).await;
    tom_page.assert_status(StatusCode::OK);
    assert!(!tom_page.has_testid("declarations"));
    tom_page.assert_no_text("I advised Housing Systems Ltd");

    // Tom updates his declaration: still one row, now a conflict.
    let form = tom.get(&format!("{}/declaration", seeded.base())).await;
    assert!(form
        .testid("existing-declaration")
        .starts_with("You declared no conflict of interest on"));
    assert_eq!(form.checked("has_conflict").as_deref(), Some("no"));
    let res = tom
        .post_form(
            &format!("{}/declaration", seeded.base()),
            &[
                ("has_conflict", "yes"),
                ("details", "New: I met Tenancy Tech"),
            ],
        )
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    let stored = declarations(&app, &seeded).await;
    assert_eq!(stored.len(), 2);
    let page = priya.get(&seeded.base()).await;
    assert!(page
        .testids("declaration")
        .iter()
        .any(|row| row.starts_with("Tom Okafor Brent Conflict New: I met Tenancy Tech")));
    assert!(app.history(seeded.challenge).await.iter().any(|e| e.summary
        == "Updated their declaration to a conflict of interest for notice ENG-TEST-0001"));
}
both_databases!(the_lead_reads_every_declaration);

/// The page to go back to is only ever a review page of the same challenge.
async fn the_return_address_stays_on_the_review(app: TestApp) {
    let seeded = seed(&app).await;
    let mut priya = app.signed_in(CAMDEN).await;
    for (typed, expected) in [
        ("https://evil.example/".to_string(), seeded.base()),
        ("//evil.example".to_string(), seeded.base()),
        ("/challenges/other/responses".to_string(), seeded.base()),
        (
            format!("{}/../../../admin/outbox", seeded.base()),
            seeded.base(),
        ),
        (seeded.question_path(1), seeded.question_path(1)),
    ] {
        let res = priya
            .post_form(
                &format!("{}/declaration", seeded.base()),
                &[("has_conflict", "no"), ("return_to", &typed)],
            )
            .await;
        res.assert_status(StatusCode::SEE_OTHER);
        assert_eq!(res.location(), expected, "return_to {typed}");
    }
}
both_databases!(the_return_address_stays_on_the_review);
