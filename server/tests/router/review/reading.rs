//! The pages reviewers read: the respondents table, one response with its submissions,
//! one question compared across suppliers; and ids that do not lead anywhere.

use super::fixtures::*;
use crate::common::*;
use axum::http::StatusCode;
use uuid::Uuid;

/// Only submitted responses are listed, by supplier, with the latest submission's time
/// in London time (GMT or BST) and number.
async fn the_table_lists_submitted_responses(app: TestApp) {
    let seeded = seed(&app).await;
    let mut tom = reviewer(&app, BRENT, &seeded).await;
    let page = tom.get(&seeded.base()).await;
    page.assert_status(StatusCode::OK);
    let rows = page.testids("respondent");
    assert_eq!(
        rows,
        vec![
            "Housing Systems Ltd 1 June 2027 at 3:00pm BST 2".to_string(),
            "Tenancy Tech Ltd 1 June 2027 at 4:00pm BST 1".to_string(),
        ]
    );
    page.assert_no_text("Repairs Online Ltd");
    assert_eq!(page.testids("question-link").len(), 4);
    assert!(page.has_testid("download-csv"));
    // Participants do not see the lead's controls or the declarations.
    assert!(!page.has_testid("toggle-observer-access"));
    assert!(!page.has_testid("declarations"));
}
both_databases!(the_table_lists_submitted_responses);

/// A response shows the latest submission's answers against the questions; earlier
/// submissions are listed and can be read, marked as replaced.
async fn a_response_shows_its_latest_submission(app: TestApp) {
    let seeded = seed(&app).await;
    let mut priya = reviewer(&app, CAMDEN, &seeded).await;
    let page = priya.get(&seeded.response_a_path()).await;
    page.assert_status(StatusCode::OK);
    assert_eq!(
        page.testid("shown-submission"),
        "Submission 2, sent on 1 June 2027 at 3:00pm BST by Sam Carter."
    );
    let answers = page.testids("answer");
    assert_eq!(
        answers,
        vec![
            "1. Where is the data hosted? In UK data centres, second answer".to_string(),
            "2. Do you support open APIs? Yes".to_string(),
            "3. How is it licensed? Per user".to_string(),
            "4. Which channels do tenants use? Web App".to_string(),
        ]
    );
    page.assert_no_text("On premises, first answer");
    assert!(!page.has_testid("earlier-submission"));
    assert_eq!(page.testids("submission-link").len(), 1);

    let earlier = priya
        .get(&format!("{}?submission=1", seeded.response_a_path()))
        .await;
    earlier.assert_status(StatusCode::OK);
    assert!(earlier.has_testid("earlier-submission"));
    earlier.assert_text("On premises, first answer");
    earlier.assert_text("10 January 2027 at 10:00am GMT");
    assert_eq!(earlier.testids("not-answered").len(), 2);

    for bad in ["9", "0", "abc", "-1"] {
        let res = priya
            .get(&format!("{}?submission={bad}", seeded.response_a_path()))
            .await;
        res.assert_status(StatusCode::NOT_FOUND);
        res.assert_text("Page not found");
    }

    // A response with awkward text shows it as text.
    let page = priya
        .get(&format!("{}/{}", seeded.base(), seeded.response_b))
        .await;
    page.assert_status(StatusCode::OK);
    page.assert_text("We host it, \"securely\" in London");
    page.assert_text(FORMULA_ANSWER);
}
both_databases!(a_response_shows_its_latest_submission);

/// One question's answers from every supplier side by side, with a count per answer for
/// choice questions and links to the neighbouring questions.
async fn a_question_compares_every_supplier(app: TestApp) {
    let seeded = seed(&app).await;
    let mut tom = reviewer(&app, BRENT, &seeded).await;
    let page = tom.get(&seeded.question_path(0)).await;
    page.assert_status(StatusCode::OK);
    page.assert_text("Question 1");
    assert_eq!(page.testid("question-prompt"), "Where is the data hosted?");
    assert_eq!(
        page.testids("compared-answer"),
        vec![
            "Housing Systems Ltd Submission 2 In UK data centres, second answer".to_string(),
            "Tenancy Tech Ltd Submission 1 We host it, \"securely\" in London".to_string(),
        ]
    );
    assert!(!page.has_testid("tally"), "free text is not counted");
    assert!(!page.has_testid("previous-question"));
    assert!(page.has_testid("next-question"));

    let page = tom.get(&seeded.question_path(1)).await;
    page.assert_status(StatusCode::OK);
    assert!(page.testid("tally").contains("Yes 2"));

    let page = tom.get(&seeded.question_path(3)).await;
    page.assert_status(StatusCode::OK);
    let tally = page.testid("tally");
    assert!(tally.contains("App 1"), "{tally}");
    assert!(tally.contains("Phone 1"), "{tally}");
    assert!(tally.contains("Web 1"), "{tally}");
    assert!(!page.has_testid("next-question"));
}
both_databases!(a_question_compares_every_supplier);

/// Unknown, malformed and out-of-scope ids are a "Page not found" page, never an error.
async fn ids_that_lead_nowhere_are_not_found(app: TestApp) {
    let seeded = seed(&app).await;
    let mut priya = reviewer(&app, CAMDEN, &seeded).await;
    let base = seeded.base();
    let unknown = Uuid::new_v4();
    for path in [
        format!("{base}/{unknown}"),
        format!("{base}/not-a-uuid"),
        format!("{base}/{}", seeded.draft_response),
        format!("{base}/questions/{unknown}"),
        format!("{base}/questions/nope"),
        // A response id used as a question id, and the other way round.
        format!("{base}/questions/{}", seeded.response_a),
        format!("{base}/{}", seeded.questions[0]),
        "/challenges/not-a-uuid/responses".to_string(),
        "/challenges/not-a-uuid/responses.csv".to_string(),
        format!("/challenges/{unknown}/responses"),
    ] {
        let res = priya.get(&path).await;
        res.assert_status(StatusCode::NOT_FOUND);
        res.assert_text("Page not found");
    }
    for path in [
        format!("{base}/{unknown}/notes"),
        format!("{base}/not-a-uuid/notes"),
        format!("{base}/{}/notes", seeded.draft_response),
        format!("{base}/{unknown}/tags"),
    ] {
        let res = priya
            .post_form(&path, &[("note", "Hello"), ("tag", "hello")])
            .await;
        res.assert_status(StatusCode::NOT_FOUND);
    }
}
both_databases!(ids_that_lead_nowhere_are_not_found);

/// The challenge's tabs lead to the review.
async fn the_challenge_page_links_to_the_review(app: TestApp) {
    let seeded = seed(&app).await;
    let mut tom = app.signed_in(BRENT).await;
    let page = tom.get(&format!("/challenges/{}", seeded.challenge)).await;
    page.assert_status(StatusCode::OK);
    assert!(
        page.body.contains(&format!("href=\"{}\"", seeded.base())),
        "the challenge page links to its responses"
    );
    declare_no_conflict(&mut tom, &seeded).await;
    let review = tom.get(&seeded.base()).await;
    review.assert_status(StatusCode::OK);
    assert!(review.body.contains("aria-current=\"page\""));
}
both_databases!(the_challenge_page_links_to_the_review);
