//! Clarification questions: asked by suppliers before the deadline, read by the member
//! authorities with the asker's name, answered by the lead publicly (anonymised, emailed
//! to every interested supplier) or privately (to the asker only); nothing lost.

use super::fixtures::*;
use crate::common::*;
use app::domain::engagement::format_london;
use axum::http::StatusCode;
use chrono::{Duration, Utc};
use uuid::Uuid;

const QUESTION: &str = "Will the authorities accept a phased migration over two years?";

async fn ask(client: &mut Client, e: &Engagement, text: &str) -> TestResponse {
    client
        .post_form(&e.questions_path(), &[("question", text)])
        .await
}

/// The version the lead's answer form for `question` is based on.
async fn answer_version(app: &TestApp, e: &Engagement, question: Uuid) -> String {
    clarifications(app, e.notice)
        .await
        .into_iter()
        .find(|c| c.id == question)
        .expect("the question")
        .version
        .to_string()
}

async fn answer(
    lead: &mut Client,
    e: &Engagement,
    question: Uuid,
    text: &str,
    visibility: &str,
    version: &str,
) -> TestResponse {
    lead.post_form(
        &format!("{}/{question}", e.member_questions_path()),
        &[
            (format!("answer-{question}").as_str(), text),
            ("visibility", visibility),
            ("version", version),
        ],
    )
    .await
}

async fn a_public_answer_reaches_every_interested_supplier_anonymised(app: TestApp) {
    let e = published_notice(&app).await;
    let mut lead = app.signed_in(CAMDEN).await;
    let mut sam = app.signed_in(SUPPLIER).await;
    let mut alex = second_supplier(&app).await;
    alex.post_form(&format!("/notices/{}/interest", e.reference), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);

    let res = ask(&mut sam, &e, QUESTION).await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(res.location(), format!("/notices/{}", e.reference));
    let asked = clarifications(&app, e.notice).await;
    assert_eq!(asked.len(), 1);
    let question = asked[0].id;
    // The contact is told; asking registered the supplier's interest.
    assert!(mail_to(&app, CAMDEN).await[0]
        .subject
        .contains("A supplier asked a question"));
    assert_eq!(interests(&app, e.notice).await.len(), 2);
    // The supplier sees its own question waiting.
    sam.get(&e.questions_path())
        .await
        .assert_status(StatusCode::OK)
        .assert_text(QUESTION)
        .assert_text("Waiting for an answer");

    // Members read it with the asker's name; only the lead may answer.
    let mut brent = app.signed_in(BRENT).await;
    let page = brent.get(&e.member_questions_path()).await;
    page.assert_status(StatusCode::OK)
        .assert_text(QUESTION)
        .assert_text("Asked by Sam Carter, Housing Systems Ltd");
    assert!(!page.has_testid("answer-form"));
    answer(&mut brent, &e, question, "No.", "public", "1")
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let mut hackney = app.signed_in(HACKNEY).await;
    hackney
        .get(&e.member_questions_path())
        .await
        .assert_status(StatusCode::OK)
        .assert_text("Sam Carter");
    // Outside the challenge: an authority is refused, a supplier too, a visitor signs in.
    let mut islington = app.signed_in(ISLINGTON).await;
    islington
        .get(&e.member_questions_path())
        .await
        .assert_status(StatusCode::FORBIDDEN)
        .assert_no_text(QUESTION);
    sam.get(&e.member_questions_path())
        .await
        .assert_status(StatusCode::NOT_FOUND)
        .assert_no_text(QUESTION);
    let res = app.client().get(&e.member_questions_path()).await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert!(res.location().starts_with("/sign-in"));

    let page = lead.get(&e.member_questions_path()).await;
    assert!(page.has_testid("answer-form"));
    let res = answer(
        &mut lead,
        &e,
        question,
        "Yes: **phased** migration is welcome.",
        "public",
        "1",
    )
    .await;
    res.assert_status(StatusCode::SEE_OTHER);
    let row = &clarifications(&app, e.notice).await[0];
    assert_eq!(row.visibility.as_deref(), Some("public"));
    assert_eq!(row.version, 2);
    for supplier in [SUPPLIER, SUPPLIER_B] {
        let mail = mail_to(&app, supplier).await;
        assert!(
            mail[0].subject.contains("has been answered"),
            "{supplier}: {}",
            mail[0].subject
        );
        assert!(mail[0].body.contains("phased"));
        assert!(
            !mail[0].body.contains("Sam Carter"),
            "the asker stays anonymous"
        );
    }

    // Everyone reads it on the notice, without the asker's name.
    let notice = alex.get(&format!("/notices/{}", e.reference)).await;
    notice.assert_status(StatusCode::OK);
    let public = notice.testid("public-answers");
    assert!(public.contains("A supplier asked"));
    assert!(public.contains(QUESTION));
    assert!(public.contains("Yes: phased migration is welcome."));
    notice
        .assert_no_text("Sam Carter")
        .assert_no_text("Housing Systems Ltd");
    let visitor = app.client().get(&format!("/notices/{}", e.reference)).await;
    assert!(visitor.testid("public-answers").contains(QUESTION));
    // The asker sees it answered on its dashboard.
    sam.get("/supplier")
        .await
        .assert_text(QUESTION)
        .assert_text("Answered publicly on");
}
both_databases!(a_public_answer_reaches_every_interested_supplier_anonymised);

async fn a_private_answer_goes_to_the_asker_only(app: TestApp) {
    let e = published_notice(&app).await;
    let mut lead = app.signed_in(CAMDEN).await;
    let mut sam = app.signed_in(SUPPLIER).await;
    let mut alex = second_supplier(&app).await;
    alex.post_form(&format!("/notices/{}/interest", e.reference), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    ask(
        &mut sam,
        &e,
        "Can we see your current contract's price schedule?",
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let question = clarifications(&app, e.notice).await[0].id;
    answer(
        &mut lead,
        &e,
        question,
        "We will send it to you separately.",
        "private",
        "1",
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let to_sam = mail_to(&app, SUPPLIER).await;
    assert!(to_sam[0].subject.contains("Your question about"));
    assert!(mail_to(&app, SUPPLIER_B)
        .await
        .iter()
        .all(|m| !m.body.contains("separately")));
    sam.get("/supplier")
        .await
        .assert_text("Answered privately to your organisation")
        .assert_text("We will send it to you separately.");
    let theirs = alex.get(&format!("/notices/{}", e.reference)).await;
    theirs
        .assert_no_text("price schedule")
        .assert_no_text("separately");
    alex.get("/supplier").await.assert_no_text("separately");

    // A private answer may be made public later, never the other way round.
    answer(
        &mut lead,
        &e,
        question,
        "The price schedule is now in the notice's documents.",
        "public",
        "2",
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let res = answer(&mut lead, &e, question, "Withdrawn.", "private", "3").await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("already been published to every supplier, so it stays public"));
    // Every answer is kept.
    let row = &clarifications(&app, e.notice).await[0];
    assert_eq!(
        row.answer.as_deref(),
        Some("The price schedule is now in the notice's documents.")
    );
    assert!(row
        .answer_history
        .contains("We will send it to you separately."));
    lead.get(&e.member_questions_path())
        .await
        .assert_text("Earlier answers (1)")
        .assert_text("We will send it to you separately.");
}
both_databases!(a_private_answer_goes_to_the_asker_only);

async fn a_stale_answer_overwrites_nothing(app: TestApp) {
    let e = published_notice(&app).await;
    let mut lead = app.signed_in(CAMDEN).await;
    let mut sam = app.signed_in(SUPPLIER).await;
    ask(&mut sam, &e, QUESTION)
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let question = clarifications(&app, e.notice).await[0].id;
    let opened_at = answer_version(&app, &e, question).await;
    let mut second_tab = another_tab(&app, &lead);
    answer(
        &mut lead,
        &e,
        question,
        "First answer.",
        "public",
        &opened_at,
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let res = answer(
        &mut second_tab,
        &e,
        question,
        "Second answer, from a stale page.",
        "public",
        &opened_at,
    )
    .await;
    res.assert_status(StatusCode::CONFLICT);
    assert!(res
        .error_summary()
        .contains("Priya Shah answered this question on"));
    assert_eq!(
        res.textarea(&format!("answer-{question}")).as_deref(),
        Some("Second answer, from a stale page.")
    );
    assert_eq!(
        clarifications(&app, e.notice).await[0].answer.as_deref(),
        Some("First answer.")
    );
    // Bad answers get their own messages.
    let version = answer_version(&app, &e, question).await;
    let res = answer(&mut lead, &e, question, "  ", "", &version).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let summary = res.error_summary();
    assert!(summary.contains("Enter the answer"));
    assert!(summary.contains("Select whether to publish the answer"));
    answer(&mut lead, &e, Uuid::new_v4(), "Hello", "public", "1")
        .await
        .assert_status(StatusCode::NOT_FOUND);
}
both_databases!(a_stale_answer_overwrites_nothing);

async fn questions_after_the_deadline_are_refused(app: TestApp) {
    let e = published_notice(&app).await;
    let mut sam = app.signed_in(SUPPLIER).await;
    let res = ask(&mut sam, &e, "   ").await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.error_summary().contains("Enter your question"));
    let res = ask(&mut sam, &e, &"?".repeat(5_001)).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("Your question must be 5000 characters or fewer"));

    set_clarification_deadline(&app, e.notice, Utc::now() - Duration::seconds(1)).await;
    let res = ask(&mut sam, &e, QUESTION).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let deadline = notice_row(&app, e.notice)
        .await
        .clarification_deadline
        .unwrap();
    assert!(res.error_summary().contains(&format!(
        "The deadline for clarification questions was {}",
        format_london(deadline)
    )));
    res.assert_text("What you sent (not saved)")
        .assert_text(QUESTION);
    assert!(clarifications(&app, e.notice).await.is_empty());

    // After the notice closes, the refusal says when it closed.
    set_closes_at(&app, e.notice, Utc::now() - Duration::seconds(1)).await;
    let res = ask(&mut sam, &e, QUESTION).await;
    res.assert_status(StatusCode::GONE);
    assert!(res.error_summary().contains("This notice closed on"));
    // Authorities do not ask; visitors sign in first.
    let mut brent = app.signed_in(BRENT).await;
    set_closes_at(&app, e.notice, Utc::now() + Duration::days(3)).await;
    ask(&mut brent, &e, QUESTION)
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let res = ask(&mut app.client(), &e, QUESTION).await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert!(res.location().starts_with("/sign-in"));
    assert!(clarifications(&app, e.notice).await.is_empty());
}
both_databases!(questions_after_the_deadline_are_refused);

/// A supplier that names itself in its question is anonymised by the lead's rewording:
/// the notice, and the email to other suppliers, show the question as published, while the
/// member authorities keep the question as asked.
async fn the_lead_rewords_a_question_before_publishing_it(app: TestApp) {
    let e = published_notice(&app).await;
    let mut lead = app.signed_in(CAMDEN).await;
    let mut sam = app.signed_in(SUPPLIER).await;
    let mut alex = second_supplier(&app).await;
    alex.post_form(&format!("/notices/{}/interest", e.reference), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let asked = "Housing Systems Ltd here: is TUPE in scope?";
    ask(&mut sam, &e, asked)
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let question = clarifications(&app, e.notice).await[0].id;
    let path = format!("{}/{question}", e.member_questions_path());
    let published_field = format!("published-{question}");
    let answer_field = format!("answer-{question}");
    // The form offers the question as asked, to edit.
    let page = lead.get(&e.member_questions_path()).await;
    assert_eq!(page.textarea(&published_field).as_deref(), Some(asked));

    // An empty wording cannot be published; the answer typed is kept.
    let res = lead
        .post_form(
            &path,
            &[
                (answer_field.as_str(), "Yes, TUPE applies."),
                ("visibility", "public"),
                ("version", "1"),
                (published_field.as_str(), "  "),
            ],
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("Enter the question as it will be published"));
    assert_eq!(
        res.textarea(&answer_field).as_deref(),
        Some("Yes, TUPE applies.")
    );
    assert!(clarifications(&app, e.notice).await[0].answer.is_none());

    lead.post_form(
        &path,
        &[
            (answer_field.as_str(), "Yes, TUPE applies."),
            ("visibility", "public"),
            ("version", "1"),
            (published_field.as_str(), "Is TUPE in scope?"),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let row = &clarifications(&app, e.notice).await[0];
    assert_eq!(row.question, asked, "the question as asked is kept");
    assert_eq!(row.published_question.as_deref(), Some("Is TUPE in scope?"));

    let notice = alex.get(&format!("/notices/{}", e.reference)).await;
    let public = notice.testid("public-answers");
    assert!(public.contains("Is TUPE in scope?"), "{public}");
    notice.assert_no_text("Housing Systems Ltd");
    let mail = mail_to(&app, SUPPLIER_B).await;
    assert!(mail[0].body.contains("Is TUPE in scope?"));
    assert!(!mail[0].body.contains("Housing Systems Ltd"));
    lead.get(&e.member_questions_path())
        .await
        .assert_text(asked)
        .assert_text("Published as:");
}
both_databases!(the_lead_rewords_a_question_before_publishing_it);
