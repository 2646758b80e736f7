//! Answering a notice's questionnaire: drafts, submissions and resubmissions, every bad
//! input refused with its own message and the typed answers kept, lost updates
//! prevented, the closing time enforced to the second, and nobody else's response seen.

use super::fixtures::*;
use crate::common::html::tags;
use crate::common::*;
use app::domain::engagement::format_london;
use axum::http::StatusCode;
use chrono::{Duration, Utc};

/// The values of the ticked checkboxes named `name`.
fn ticked(page: &TestResponse, name: &str) -> Vec<String> {
    tags(&page.body, "input")
        .into_iter()
        .filter(|t| {
            t.attr("name") == Some(name)
                && t.attr("type") == Some("checkbox")
                && t.attr("checked").is_some()
        })
        .map(|t| t.attr("value").unwrap_or("").to_string())
        .collect()
}

async fn supplier_drafts_submits_and_resubmits(app: TestApp) {
    let e = published_notice(&app).await;
    let mut sam = app.signed_in(SUPPLIER).await;

    let form = sam.get(&e.response_path()).await;
    form.assert_status(StatusCode::OK)
        .assert_text("Question 1: Describe your experience with London boroughs")
        .assert_text("Question 2: How would you migrate our data? (optional)")
        .assert_text("Answer in 250 words or fewer.")
        .assert_text("You can enter up to 250 words")
        .assert_text("Not started");
    let closes = format_london(notice_row(&app, e.notice).await.closes_at.unwrap());
    assert!(closes.ends_with("GMT") || closes.ends_with("BST"));
    assert!(form.testid("closes-at").contains(&closes));
    assert!(form.testid("closes-at").contains("(Closes in 10 days)"));
    assert_eq!(version_of(&form), "0");

    // A draft may be incomplete.
    let draft = vec![
        ("version".to_string(), "0".to_string()),
        (
            e.field(1),
            "Nine boroughs & counting <b>so far</b>".to_string(),
        ),
        (e.field(5), "Lettings".to_string()),
    ];
    let res = sam.post_form(&e.response_path(), &pairs(&draft)).await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(res.location(), e.response_path());
    let page = sam.get(&e.response_path()).await;
    page.assert_text("Your draft response has been saved")
        .assert_text("Draft: not submitted yet")
        .assert_text("Questions 3 and 4 must be answered before you submit.");
    assert_eq!(
        page.textarea(&e.field(1)).as_deref(),
        Some("Nine boroughs & counting <b>so far</b>")
    );
    assert_eq!(ticked(&page, &e.field(5)), vec!["Lettings"]);
    assert_eq!(version_of(&page), "1");
    let rows = responses_of(&app, e.notice).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, "draft");
    // Answering registers the organisation's interest.
    assert_eq!(interests(&app, e.notice).await.len(), 1);

    // Submitting sends every answer as a numbered submission.
    let res = sam
        .post_form(&e.submit_path(), &pairs(&e.complete_answers("1")))
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    let page = sam.get(&e.response_path()).await;
    page.assert_text("Your response has been submitted (submission 1)")
        .assert_text("Submitted (submission 1 on");
    assert_eq!(page.testids("submission").len(), 1);
    let response = &responses_of(&app, e.notice).await[0];
    assert_eq!(response.status, "submitted");
    assert_eq!(response.submitted_count, 1);
    let answers: serde_json::Value =
        serde_json::from_str(&submissions_of(&app, response.id).await[0].answers).unwrap();
    assert_eq!(answers[e.questions[2].to_string()], "yes");
    assert_eq!(
        answers[e.questions[4].to_string()],
        serde_json::json!(["Repairs", "Rents"])
    );
    let confirmation = mail_to(&app, SUPPLIER).await;
    assert!(confirmation[0].subject.contains("was submitted"));

    // A change saved but not yet submitted is flagged; resubmitting keeps both.
    let mut changed = e.complete_answers(&version_of(&page));
    changed[1].1 = "Eleven boroughs now.".into();
    sam.post_form(&e.response_path(), &pairs(&changed))
        .await
        .assert_status(StatusCode::SEE_OTHER);
    sam.get(&e.response_path())
        .await
        .assert_text("you have saved changes that are not submitted yet");
    let page = sam.get(&e.response_path()).await;
    changed[0].1 = version_of(&page);
    sam.post_form(&e.submit_path(), &pairs(&changed))
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let submissions = submissions_of(&app, response.id).await;
    assert_eq!(
        submissions.iter().map(|s| s.number).collect::<Vec<_>>(),
        vec![1, 2]
    );
    let page = sam.get(&e.response_path()).await;
    assert_eq!(page.testids("submission").len(), 2);
    let first = sam
        .get(&format!(
            "/supplier/responses/{}/submissions/1",
            response.id
        ))
        .await;
    first
        .assert_status(StatusCode::OK)
        .assert_text("We run housing systems for nine boroughs.")
        .assert_text("A later submission has replaced it");
    sam.get(&format!(
        "/supplier/responses/{}/submissions/2",
        response.id
    ))
    .await
    .assert_text("Eleven boroughs now.")
    .assert_text("This is your latest submission");
    sam.get(&format!(
        "/supplier/responses/{}/submissions/3",
        response.id
    ))
    .await
    .assert_status(StatusCode::NOT_FOUND);
    // Its own response by id leads to its page.
    let res = sam
        .get(&format!("/supplier/responses/{}", response.id))
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(res.location(), e.response_path());
}
both_databases!(supplier_drafts_submits_and_resubmits);

async fn answers_over_the_word_limit_are_refused_and_kept(app: TestApp) {
    let e = published_notice(&app).await;
    let mut sam = app.signed_in(SUPPLIER).await;
    let mut answers = e.complete_answers("0");
    answers[2].1 = words(263);
    let res = sam.post_form(&e.submit_path(), &pairs(&answers)).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("Your answer to question 2 must be 250 words or fewer; it has 263"));
    assert_eq!(res.textarea(&e.field(2)), Some(words(263)));
    assert_eq!(
        res.textarea(&e.field(1)).as_deref(),
        Some("We run housing systems for nine boroughs.")
    );
    assert_eq!(res.checked(&e.field(4)).as_deref(), Some("Cloud"));
    assert_eq!(ticked(&res, &e.field(5)), vec!["Repairs", "Rents"]);
    // The same limit applies to a draft; nothing was saved either way.
    sam.post_form(&e.response_path(), &pairs(&answers))
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(responses_of(&app, e.notice).await.is_empty());
}
both_databases!(answers_over_the_word_limit_are_refused_and_kept);

async fn choices_must_be_among_the_options(app: TestApp) {
    let e = published_notice(&app).await;
    let mut sam = app.signed_in(SUPPLIER).await;
    let mut answers = e.complete_answers("0");
    answers[4].1 = "Mainframe".into();
    answers[3].1 = "maybe".into();
    answers[6].1 = "Parking".into();
    let res = sam.post_form(&e.submit_path(), &pairs(&answers)).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let summary = res.error_summary();
    assert!(summary.contains("Your answer to question 4 must be one of the options listed"));
    assert!(summary.contains("Your answer to question 3 must be yes or no"));
    assert!(summary.contains("Your answer to question 5 must be one of the options listed"));
    // The valid answers come back as typed.
    assert_eq!(
        res.textarea(&e.field(1)).as_deref(),
        Some("We run housing systems for nine boroughs.")
    );
    assert_eq!(ticked(&res, &e.field(5)), vec!["Repairs"]);
    assert!(responses_of(&app, e.notice).await.is_empty());
}
both_databases!(choices_must_be_among_the_options);

async fn required_answers_are_needed_to_submit_not_to_save(app: TestApp) {
    let e = published_notice(&app).await;
    let mut sam = app.signed_in(SUPPLIER).await;
    let partial = vec![
        ("version".to_string(), "0".to_string()),
        (e.field(2), "We migrate in three waves.".to_string()),
    ];
    let res = sam.post_form(&e.submit_path(), &pairs(&partial)).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let summary = res.error_summary();
    for message in [
        "Enter your answer to question 1",
        "Select yes or no for question 3",
        "Select an answer to question 4",
    ] {
        assert!(summary.contains(message), "{summary}");
    }
    assert!(!summary.contains("question 5"), "question 5 is optional");
    assert_eq!(
        res.textarea(&e.field(2)).as_deref(),
        Some("We migrate in three waves.")
    );
    assert!(all_submissions(&app).await.is_empty());
    sam.post_form(&e.response_path(), &pairs(&partial))
        .await
        .assert_status(StatusCode::SEE_OTHER);
    // A missing or unreadable version is a message, not a crash.
    let mut no_version = partial.clone();
    no_version[0].1 = "seven".into();
    sam.post_form(&e.response_path(), &pairs(&no_version))
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_text("The form was missing its version: reload the page and try again");
}
both_databases!(required_answers_are_needed_to_submit_not_to_save);

async fn a_stale_save_from_another_tab_overwrites_nothing(app: TestApp) {
    let e = published_notice(&app).await;
    let mut tab_a = app.signed_in(SUPPLIER).await;
    let mut tab_b = another_tab(&app, &tab_a);
    let mut first = e.complete_answers("0");
    first[1].1 = "Saved first, in tab A.".into();
    tab_a
        .post_form(&e.response_path(), &pairs(&first))
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let mut stale = e.complete_answers("0");
    stale[1].1 = "Typed in tab B, opened before A saved.".into();
    let res = tab_b.post_form(&e.response_path(), &pairs(&stale)).await;
    res.assert_status(StatusCode::CONFLICT);
    assert!(res
        .error_summary()
        .contains("This response was saved from another tab or by a colleague"));
    assert_eq!(
        res.textarea(&e.field(1)).as_deref(),
        Some("Typed in tab B, opened before A saved.")
    );
    res.assert_text("The answers saved now")
        .assert_text("Saved first, in tab A.");
    let saved = &responses_of(&app, e.notice).await[0];
    assert!(saved.answers.contains("Saved first, in tab A."));
    assert_eq!(saved.version, 1);
    // The page the conflict showed is based on the saved version: saving again works.
    assert_eq!(version_of(&res), "1");
    stale[0].1 = version_of(&res);
    tab_b
        .post_form(&e.response_path(), &pairs(&stale))
        .await
        .assert_status(StatusCode::SEE_OTHER);
    assert!(responses_of(&app, e.notice).await[0]
        .answers
        .contains("Typed in tab B"));
}
both_databases!(a_stale_save_from_another_tab_overwrites_nothing);

async fn two_tabs_submitting_at_once_keep_one_submission(app: TestApp) {
    let e = published_notice(&app).await;
    let mut tab_a = app.signed_in(SUPPLIER).await;
    let mut tab_b = another_tab(&app, &tab_a);
    // Both before anything was saved, then both from the same saved version.
    for version in ["0", "1"] {
        let answers = e.complete_answers(version);
        let (path, fields) = (e.submit_path(), pairs(&answers));
        let (a, b) = tokio::join!(
            tab_a.post_form(&path, &fields),
            tab_b.post_form(&path, &fields),
        );
        let mut statuses = vec![a.status, b.status];
        statuses.sort();
        assert_eq!(
            statuses,
            vec![StatusCode::SEE_OTHER, StatusCode::CONFLICT],
            "version {version}: {} / {}",
            a.text(),
            b.text()
        );
        let refused = if a.status == StatusCode::CONFLICT {
            a
        } else {
            b
        };
        assert!(
            refused
                .error_summary()
                .contains("This response was submitted from another tab or by a colleague"),
            "{}",
            refused.error_summary()
        );
        refused.assert_text("Your answers below were not submitted again");
        assert_eq!(
            refused.textarea(&e.field(1)).as_deref(),
            Some("We run housing systems for nine boroughs.")
        );
    }
    let rows = responses_of(&app, e.notice).await;
    assert_eq!(rows.len(), 1);
    let numbers: Vec<i32> = submissions_of(&app, rows[0].id)
        .await
        .iter()
        .map(|s| s.number)
        .collect();
    assert_eq!(numbers, vec![1, 2]);
    assert_eq!(rows[0].submitted_count, 2);
}
both_databases!(two_tabs_submitting_at_once_keep_one_submission);

async fn a_submission_a_second_after_the_close_is_refused(app: TestApp) {
    let e = published_notice(&app).await;
    let mut sam = app.signed_in(SUPPLIER).await;
    let form = sam.get(&e.response_path()).await;
    let closed_at = Utc::now() - Duration::seconds(1);
    set_closes_at(&app, e.notice, closed_at).await;
    let answers = e.complete_answers(&version_of(&form));
    let res = sam.post_form(&e.submit_path(), &pairs(&answers)).await;
    res.assert_status(StatusCode::GONE);
    let stored = notice_row(&app, e.notice).await.closes_at.unwrap();
    let expected = format!(
        "This notice closed on {}. Responses and questions are no longer accepted.",
        format_london(stored)
    );
    assert!(
        res.error_summary().contains(&expected),
        "{}",
        res.error_summary()
    );
    // What was sent is shown back, though it can no longer be saved.
    res.assert_text("What you sent (not saved)")
        .assert_text("We run housing systems for nine boroughs.");
    assert!(responses_of(&app, e.notice).await.is_empty());
    sam.post_form(&e.response_path(), &pairs(&answers))
        .await
        .assert_status(StatusCode::GONE);
    // The page itself says so, and offers no form.
    let page = sam.get(&e.response_path()).await;
    page.assert_status(StatusCode::OK).assert_text(&expected);
    assert!(!page.has_testid("response-form"));
}
both_databases!(a_submission_a_second_after_the_close_is_refused);

async fn a_withdrawn_notice_takes_no_answers(app: TestApp) {
    let e = published_notice(&app).await;
    let mut sam = app.signed_in(SUPPLIER).await;
    sam.post_form(&e.response_path(), &pairs(&e.complete_answers("0")))
        .await
        .assert_status(StatusCode::SEE_OTHER);
    set_status(&app, e.notice, "withdrawn").await;
    let res = sam
        .post_form(&e.submit_path(), &pairs(&e.complete_answers("1")))
        .await;
    res.assert_status(StatusCode::GONE);
    assert!(res.error_summary().contains("This notice was withdrawn on"));
    assert!(all_submissions(&app).await.is_empty());
    // Interest can no longer be registered either.
    sam.post_form(&format!("/notices/{}/interest", e.reference), &[])
        .await
        .assert_status(StatusCode::GONE);
    // The draft it had saved is still its own to read.
    sam.get(&e.response_path())
        .await
        .assert_status(StatusCode::OK)
        .assert_text("Your answers as last saved");
}
both_databases!(a_withdrawn_notice_takes_no_answers);

async fn a_supplier_sees_only_its_own_response(app: TestApp) {
    let e = published_notice(&app).await;
    let mut sam = app.signed_in(SUPPLIER).await;
    let mut secret = e.complete_answers("0");
    secret[1].1 = "Our confidential pricing model.".into();
    sam.post_form(&e.submit_path(), &pairs(&secret))
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let theirs = responses_of(&app, e.notice).await[0].id;

    let mut alex = second_supplier(&app).await;
    for path in [
        format!("/supplier/responses/{theirs}"),
        format!("/supplier/responses/{theirs}/submissions/1"),
    ] {
        let res = alex.get(&path).await;
        res.assert_status(StatusCode::NOT_FOUND)
            .assert_no_text("Our confidential pricing model.");
    }
    // Its own response page starts empty.
    alex.get(&e.response_path())
        .await
        .assert_status(StatusCode::OK)
        .assert_text("Not started")
        .assert_no_text("Our confidential pricing model.");

    // Authorities (outsider, observer, lead) do not answer questionnaires, nor read a
    // response through the supplier's pages.
    let mut outsider = app.signed_in(ISLINGTON).await;
    let mut observer = app.signed_in(HACKNEY).await;
    for client in [&mut outsider, &mut observer] {
        client
            .get(&e.response_path())
            .await
            .assert_status(StatusCode::FORBIDDEN);
        client
            .post_form(&e.submit_path(), &pairs(&e.complete_answers("0")))
            .await
            .assert_status(StatusCode::FORBIDDEN);
        client
            .get(&format!("/supplier/responses/{theirs}"))
            .await
            .assert_status(StatusCode::NOT_FOUND);
    }
    let mut lead = app.signed_in(CAMDEN).await;
    lead.get(&format!("/supplier/responses/{theirs}/submissions/1"))
        .await
        .assert_status(StatusCode::NOT_FOUND);

    // A visitor is sent to sign in.
    let mut visitor = app.client();
    let res = visitor.get(&e.response_path()).await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert!(res.location().starts_with("/sign-in?return_to=/notices/"));
    let res = visitor
        .post_form(&e.submit_path(), &pairs(&e.complete_answers("0")))
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert!(res.location().starts_with("/sign-in"));
    let res = visitor.get(&format!("/supplier/responses/{theirs}")).await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert!(res.location().starts_with("/sign-in"));

    // A malformed id is simply not found; still only one submission exists.
    sam.get("/supplier/responses/not-an-id")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    assert_eq!(all_submissions(&app).await.len(), 1);
}
both_databases!(a_supplier_sees_only_its_own_response);

async fn a_draft_notice_does_not_exist_for_suppliers(app: TestApp) {
    let e = published_notice(&app).await;
    set_status(&app, e.notice, "draft").await;
    let mut sam = app.signed_in(SUPPLIER).await;
    sam.get(&e.response_path())
        .await
        .assert_status(StatusCode::NOT_FOUND);
    sam.post_form(&e.submit_path(), &pairs(&e.complete_answers("0")))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    sam.post_form(&format!("/notices/{}/interest", e.reference), &[])
        .await
        .assert_status(StatusCode::NOT_FOUND);
    sam.get("/notices/NO-SUCH-NOTICE/response")
        .await
        .assert_status(StatusCode::NOT_FOUND);
}
both_databases!(a_draft_notice_does_not_exist_for_suppliers);

async fn registering_interest(app: TestApp) {
    let e = published_notice(&app).await;
    let mut sam = app.signed_in(SUPPLIER).await;
    let path = format!("/notices/{}/interest", e.reference);
    let res = sam.post_form(&path, &[]).await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(res.location(), format!("/notices/{}", e.reference));
    sam.post_form(&path, &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    assert_eq!(interests(&app, e.notice).await.len(), 1);
    let mut brent = app.signed_in(BRENT).await;
    brent
        .post_form(&path, &[])
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let res = app.client().post_form(&path, &[]).await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert!(res.location().starts_with("/sign-in"));
    assert_eq!(interests(&app, e.notice).await.len(), 1);
}
both_databases!(registering_interest);
