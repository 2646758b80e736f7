//! What a supplier follows, and its dashboard.

use super::fixtures::*;
use crate::common::*;
use app::ssr::entities::supplier_follow;
use axum::http::StatusCode;
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

async fn follows_of(app: &TestApp, email: &str) -> Vec<(String, String)> {
    let user = app.user_by_email(email).await.expect("the supplier");
    supplier_follow::Entity::find()
        .filter(supplier_follow::Column::UserId.eq(user.id))
        .order_by_asc(supplier_follow::Column::Kind)
        .order_by_asc(supplier_follow::Column::Value)
        .all(&app.db)
        .await
        .expect("reading follows")
        .into_iter()
        .map(|f| (f.kind, f.value))
        .collect()
}

async fn a_supplier_chooses_what_to_follow(app: TestApp) {
    let mut sam = app.signed_in(SUPPLIER).await;
    let page = sam.get("/supplier/follows").await;
    page.assert_status(StatusCode::OK)
        .assert_text("72 – IT services: consulting, software development, Internet and support")
        .assert_text("Housing");
    let res = sam
        .post_form(
            "/supplier/follows",
            &[
                ("cpv_division", "72"),
                ("cpv_division", "48"),
                ("service_area", "housing"),
            ],
        )
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/supplier");
    assert_eq!(
        follows_of(&app, SUPPLIER).await,
        vec![
            ("cpv_division".into(), "48".into()),
            ("cpv_division".into(), "72".into()),
            ("service_area".into(), "housing".into()),
        ]
    );
    // Unticking drops a follow; the rest stay.
    sam.post_form("/supplier/follows", &[("cpv_division", "72")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    assert_eq!(
        follows_of(&app, SUPPLIER).await,
        vec![("cpv_division".into(), "72".into())]
    );
    // Something not on the lists is refused, with the boxes as ticked.
    let res = sam
        .post_form(
            "/supplier/follows",
            &[
                ("cpv_division", "99"),
                ("cpv_division", "48"),
                ("service_area", "moon"),
            ],
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let summary = res.error_summary();
    assert!(summary.contains("Choose CPV divisions from the list"));
    assert!(summary.contains("Choose service areas from the list"));
    let ticked = |value: &str| {
        crate::common::html::tags(&res.body, "input")
            .iter()
            .any(|t| t.attr("value") == Some(value) && t.attr("checked").is_some())
    };
    assert!(ticked("48") && !ticked("72"));
    assert_eq!(
        follows_of(&app, SUPPLIER).await,
        vec![("cpv_division".into(), "72".into())]
    );

    // Only suppliers follow.
    let mut brent = app.signed_in(BRENT).await;
    brent
        .get("/supplier/follows")
        .await
        .assert_status(StatusCode::FORBIDDEN);
    brent
        .post_form("/supplier/follows", &[("cpv_division", "72")])
        .await
        .assert_status(StatusCode::FORBIDDEN);
    brent
        .get("/supplier")
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let res = app.client().get("/supplier").await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert!(res.location().starts_with("/sign-in?return_to=/supplier"));
}
both_databases!(a_supplier_chooses_what_to_follow);

async fn the_dashboard_gathers_the_suppliers_work(app: TestApp) {
    let e = published_notice(&app).await;
    let mut sam = app.signed_in(SUPPLIER).await;
    let empty = sam.get("/supplier").await;
    empty
        .assert_status(StatusCode::OK)
        .assert_text("Your supplier dashboard")
        .assert_text("You do not follow any CPV divisions or service areas yet");
    assert!(empty.has_testid("no-drafts"));

    sam.post_form("/supplier/follows", &[("cpv_division", "72")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let page = sam.get("/supplier").await;
    let matching = page.testid("matching-notices");
    assert!(matching.contains("Housing management system: market engagement"));
    assert!(matching.contains("CPV division 72"));
    assert!(matching.contains("Closes in 10 days"));

    // A draft with its days left, then a submitted response.
    sam.post_form(
        &e.response_path(),
        &[("version", "0"), (&e.field(1), "Started.")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let page = sam.get("/supplier").await;
    let drafts = page.testid("draft-responses");
    assert!(drafts.contains("Housing management system"));
    assert!(drafts.contains("Closes in 10 days"));
    assert!(page.has_testid("no-submitted"));
    sam.post_form(&e.submit_path(), &pairs(&e.complete_answers("1")))
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let page = sam.get("/supplier").await;
    assert!(page.has_testid("no-drafts"));
    assert!(page
        .testid("submitted-responses")
        .contains("Submission 1 on"));

    // A notice that has closed no longer matches.
    set_closes_at(&app, e.notice, Utc::now() - Duration::seconds(1)).await;
    let page = sam.get("/supplier").await;
    // (The demo data has notices of its own: only this one must have gone.)
    assert!(!page
        .testids("matching-notice")
        .iter()
        .any(|n| n.contains("Housing management system: market engagement")));
    assert!(page.testid("submitted-responses").contains("Closed"));

    // Another supplier's dashboard shows none of it.
    let mut alex = second_supplier(&app).await;
    let theirs = alex.get("/supplier").await;
    assert!(theirs.has_testid("no-submitted"));
    theirs.assert_no_text("Housing management system");
}
both_databases!(the_dashboard_gathers_the_suppliers_work);
