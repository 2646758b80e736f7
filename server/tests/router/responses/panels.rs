//! What the public notice page shows below the notice: each person's way to take part,
//! the closing time in London time, the clarification box, and the public answers.

use super::fixtures::*;
use crate::common::*;
use app::domain::engagement::format_london;
use axum::http::StatusCode;
use chrono::{Duration, Utc};

async fn each_reader_sees_their_way_in(app: TestApp) {
    let e = published_notice(&app).await;
    let path = format!("/notices/{}", e.reference);
    let closes = format_london(notice_row(&app, e.notice).await.closes_at.unwrap());

    let visitor = app.client().get(&path).await;
    visitor.assert_status(StatusCode::OK);
    assert!(visitor
        .testid("sign-in-to-respond")
        .contains("register your company as a supplier"));
    assert!(visitor.testid("closing-time").contains(&closes));
    assert!(!visitor.has_testid("ask-form"));
    assert!(!visitor.has_testid("register-interest"));

    let mut sam = app.signed_in(SUPPLIER).await;
    let page = sam.get(&path).await;
    assert!(page.has_testid("register-interest"));
    assert_eq!(page.testid("response-link"), "Answer the questionnaire");
    assert!(page
        .testid("closing-time")
        .contains(&format!("Closes in 10 days: responses close on {closes}.")));
    assert!(page.has_testid("ask-form"));
    assert!(page
        .testid("clarification-deadline")
        .contains("Suppliers can ask questions until"));

    sam.post_form(&format!("{path}/interest"), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    sam.get(&path)
        .await
        .assert_text("Interest registered: you will be emailed");
    sam.post_form(
        &e.response_path(),
        &[("version", "0"), (&e.field(1), "Started.")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let page = sam.get(&path).await;
    assert!(page.has_testid("interest-registered"));
    assert!(!page.has_testid("register-interest"));
    assert_eq!(page.testid("response-link"), "Continue your draft response");
    assert!(page
        .testid("response-state")
        .contains("2 required questions still to answer"));
    sam.post_form(&e.submit_path(), &pairs(&e.complete_answers("1")))
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let page = sam.get(&path).await;
    assert_eq!(
        page.testid("response-link"),
        "View or change your submitted response"
    );
    assert!(page
        .testid("response-state")
        .contains("Submitted (submission 1"));

    // Member authorities are pointed to the questions; other authorities just read.
    let mut brent = app.signed_in(BRENT).await;
    let member = brent.get(&path).await;
    assert!(member
        .testid("member-questions-link")
        .contains("0 asked, 0 not answered"));
    assert!(!member.has_testid("ask-form"));
    let mut islington = app.signed_in(ISLINGTON).await;
    let onlooker = islington.get(&path).await;
    assert!(!onlooker.has_testid("member-questions-link"));
    assert!(!onlooker.has_testid("response-link"));

    // After the question deadline, the supplier is told when it passed.
    set_clarification_deadline(&app, e.notice, Utc::now() - Duration::minutes(1)).await;
    let page = sam.get(&path).await;
    assert!(!page.has_testid("ask-form"));
    assert!(page
        .testid("asking-closed")
        .contains("The deadline for clarification questions was"));

    // Closed: said so, with the time, and no actions; its own response still readable.
    set_closes_at(&app, e.notice, Utc::now() - Duration::seconds(1)).await;
    let closed_at = format_london(notice_row(&app, e.notice).await.closes_at.unwrap());
    let page = sam.get(&path).await;
    assert!(page
        .testid("notice-not-open")
        .contains(&format!("This notice closed on {closed_at}")));
    assert!(!page.has_testid("register-interest"));
    assert!(!page.has_testid("ask-form"));
    assert_eq!(page.testid("response-link"), "View your response");
    let visitor = app.client().get(&path).await;
    assert!(visitor.testid("notice-not-open").contains("closed"));
    assert!(!visitor.has_testid("sign-in-to-respond"));

    // Withdrawn: the same.
    set_status(&app, e.notice, "withdrawn").await;
    let page = sam.get(&path).await;
    assert!(page
        .testid("notice-not-open")
        .contains("This notice was withdrawn on"));
    assert!(!page.has_testid("ask-form"));
}
both_databases!(each_reader_sees_their_way_in);
