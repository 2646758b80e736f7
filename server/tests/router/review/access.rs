//! Who reaches the responses: member authorities that review (after declaring), never
//! anyone outside the challenge; observers only when the lead lets them.

use super::fixtures::*;
use crate::common::*;
use axum::http::StatusCode;

/// Every review address of the seeded notice, as GET.
fn pages(seeded: &Seeded) -> Vec<String> {
    vec![
        seeded.base(),
        format!("{}.csv", seeded.base()),
        format!("{}/declaration", seeded.base()),
        seeded.response_a_path(),
        seeded.question_path(0),
    ]
}

/// Every form of the review, with fields that would otherwise be accepted.
fn forms(seeded: &Seeded) -> Vec<(String, Vec<(&'static str, &'static str)>)> {
    vec![
        (
            format!("{}/declaration", seeded.base()),
            vec![("has_conflict", "no")],
        ),
        (
            format!("{}/observer-access", seeded.base()),
            vec![("observers_see_responses", "yes")],
        ),
        (
            format!("{}/notes", seeded.response_a_path()),
            vec![("note", "A note")],
        ),
        (
            format!("{}/tags", seeded.response_a_path()),
            vec![("tag", "shortlist")],
        ),
        (
            format!("{}/tags/remove", seeded.response_a_path()),
            vec![("tag", "shortlist")],
        ),
    ]
}

async fn refused_everywhere(client: &mut Client, seeded: &Seeded, who: &str) {
    for path in pages(seeded) {
        let res = client.get(&path).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{who} GET {path}");
        res.assert_no_text("second answer");
    }
    for (path, fields) in forms(seeded) {
        let res = client.post_form(&path, &fields).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{who} POST {path}");
    }
}

/// Suppliers (the respondents themselves included), an authority outside the challenge
/// and the platform team are told the review does not exist; nothing is written.
async fn outsiders_get_not_found_everywhere(app: TestApp) {
    let seeded = seed(&app).await;
    add_lambeth_officer(&app).await;
    for email in [SUPPLIER, SUPPLIER_B, LAMBETH, ADMIN] {
        let mut client = app.signed_in(email).await;
        refused_everywhere(&mut client, &seeded, email).await;
    }
    let events = app.history(seeded.challenge).await;
    assert!(
        !events.iter().any(|e| e.action == "conflict_declared"
            || e.action.starts_with("response_")
            || e.action == "observer_access_changed"),
        "an outsider's request changed something: {:?}",
        events.iter().map(|e| &e.action).collect::<Vec<_>>()
    );
}
both_databases!(outsiders_get_not_found_everywhere);

/// Visitors are sent to sign in, coming back to the page they asked for.
async fn anonymous_visitors_are_asked_to_sign_in(app: TestApp) {
    let seeded = seed(&app).await;
    let mut visitor = app.client();
    for path in pages(&seeded) {
        let res = visitor.get(&path).await;
        res.assert_status(StatusCode::SEE_OTHER);
        assert!(
            res.location()
                .starts_with("/sign-in?return_to=%2Fchallenges%2F")
                || res
                    .location()
                    .starts_with("/sign-in?return_to=/challenges/"),
            "{path} sent the visitor to {}",
            res.location()
        );
    }
    for (path, fields) in forms(&seeded) {
        let res = visitor.post_form(&path, &fields).await;
        res.assert_status(StatusCode::SEE_OTHER);
        assert!(res.location().starts_with("/sign-in"));
    }
}
both_databases!(anonymous_visitors_are_asked_to_sign_in);

/// The lead of another challenge cannot reach this challenge's responses, neither
/// directly nor by putting one of its ids under their own challenge.
async fn members_of_another_challenge_cannot_reach_responses(app: TestApp) {
    let seeded = seed(&app).await;
    let mut aisha = app.signed_in(HACKNEY).await;
    let other = app
        .open_challenge(&mut aisha, "Hackney's own challenge", "housing", "private")
        .await;
    let other_notice = insert_notice(&app, other, "ENG-TEST-0002", "published").await;
    let other_question =
        insert_question(&app, other_notice, 1, "free_text", "Anything else?", &[]).await;
    let other_base = format!("/challenges/{other}/responses");
    let res = aisha
        .post_form(
            &format!("{other_base}/declaration"),
            &[("has_conflict", "no")],
        )
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    aisha.get(&other_base).await.assert_status(StatusCode::OK);
    aisha
        .get(&format!("{other_base}/questions/{other_question}"))
        .await
        .assert_status(StatusCode::OK);

    refused_everywhere(&mut aisha, &seeded, "Hackney").await;
    // This challenge's ids under Hackney's own challenge do not exist either.
    for path in [
        format!("{other_base}/{}", seeded.response_a),
        format!("{other_base}/questions/{}", seeded.questions[0]),
    ] {
        aisha.get(&path).await.assert_status(StatusCode::NOT_FOUND);
    }
    aisha
        .post_form(
            &format!("{other_base}/{}/notes", seeded.response_a),
            &[("note", "Sneaky")],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
}
both_databases!(members_of_another_challenge_cannot_reach_responses);

/// Observers read responses only while the lead allows it, and never annotate them; the
/// switch is the lead's alone and every change is in the history.
async fn observers_read_only_when_the_lead_allows(app: TestApp) {
    let seeded = seed(&app).await;
    let mut daniel = app.signed_in(ISLINGTON).await;
    let res = daniel.get(&seeded.base()).await;
    res.assert_status(StatusCode::FORBIDDEN);
    res.assert_text("observer authorities only when the lead authority allows it");
    res.assert_no_text("second answer");
    daniel
        .get(&seeded.response_a_path())
        .await
        .assert_status(StatusCode::FORBIDDEN);
    daniel
        .post_form(
            &format!("{}/declaration", seeded.base()),
            &[("has_conflict", "no")],
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);

    // A participant cannot open the door.
    let mut tom = app.signed_in(BRENT).await;
    tom.post_form(
        &format!("{}/observer-access", seeded.base()),
        &[("observers_see_responses", "yes")],
    )
    .await
    .assert_status(StatusCode::FORBIDDEN);

    // The lead sees the switch and uses it.
    let mut priya = reviewer(&app, CAMDEN, &seeded).await;
    let page = priya.get(&seeded.base()).await;
    page.assert_status(StatusCode::OK);
    assert_eq!(
        page.testid("observer-access"),
        "Observer authorities cannot read the responses."
    );
    let res = priya
        .post_form(
            &format!("{}/observer-access", seeded.base()),
            &[("observers_see_responses", "maybe")],
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_text("Choose whether observer authorities can read the responses");
    let res = priya
        .post_form(
            &format!("{}/observer-access", seeded.base()),
            &[("observers_see_responses", "yes")],
        )
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(res.location(), seeded.base());
    let page = priya.get(&seeded.base()).await;
    page.assert_text("Observer authorities can now read the responses");
    assert!(page
        .testid("observer-access")
        .starts_with("Observer authorities can read"));

    // Now the observer declares, then reads, but still cannot annotate.
    let res = daniel.get(&seeded.response_a_path()).await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert!(res.location().contains("/declaration?return_to="));
    declare_no_conflict(&mut daniel, &seeded).await;
    let res = daniel.get(&seeded.response_a_path()).await;
    res.assert_status(StatusCode::OK);
    res.assert_text("In UK data centres, second answer");
    assert!(!res.has_testid("note-form"), "observers get no note form");
    assert!(!res.has_testid("tag-form"), "observers get no tag form");
    daniel
        .get(&format!("{}.csv", seeded.base()))
        .await
        .assert_status(StatusCode::OK);
    for (path, fields) in [
        (
            format!("{}/notes", seeded.response_a_path()),
            ("note", "Mine"),
        ),
        (
            format!("{}/tags", seeded.response_a_path()),
            ("tag", "mine"),
        ),
    ] {
        daniel
            .post_form(&path, &[fields])
            .await
            .assert_status(StatusCode::FORBIDDEN);
    }

    // And the lead closes the door again.
    let_observers_in(&app, &seeded, false).await;
    daniel
        .get(&seeded.response_a_path())
        .await
        .assert_status(StatusCode::FORBIDDEN);

    let changes: Vec<String> = app
        .history(seeded.challenge)
        .await
        .into_iter()
        .filter(|e| e.action == "observer_access_changed")
        .map(|e| format!("{}: {}", e.actor_name, e.summary))
        .collect();
    assert_eq!(
        changes,
        vec![
            "Priya Shah: Stopped observer authorities reading the supplier responses to notice ENG-TEST-0001",
            "Priya Shah: Let observer authorities read the supplier responses to notice ENG-TEST-0001",
        ]
    );
}
both_databases!(observers_read_only_when_the_lead_allows);

/// Responses to a draft notice do not exist; the page says the notice is not published
/// yet and links to it. Without any notice it says so too.
async fn draft_notices_have_no_responses(app: TestApp) {
    let mut priya = app.signed_in(CAMDEN).await;
    let challenge = app
        .open_challenge(&mut priya, "Not yet at market", "housing", "private")
        .await;
    let base = format!("/challenges/{challenge}/responses");
    let res = priya.get(&base).await;
    res.assert_status(StatusCode::OK);
    res.assert_text("This challenge has no published market engagement notice yet");
    assert!(res
        .body
        .contains(&format!("href=\"/challenges/{challenge}/notice\"")));

    let notice = insert_notice(&app, challenge, "ENG-TEST-0003", "draft").await;
    let question = insert_question(&app, notice, 1, "free_text", "Hosting?", &[]).await;
    let supplier = app.user_by_email(SUPPLIER).await.unwrap().organisation_id;
    let response = insert_response(
        &app,
        notice,
        supplier,
        &[(
            serde_json::json!({ question.to_string(): "Leaked?" }),
            chrono::Utc::now(),
        )],
    )
    .await;
    let res = priya.get(&base).await;
    res.assert_status(StatusCode::OK);
    res.assert_text("The market engagement notice for this challenge is still a draft");
    assert_eq!(res.testid("notice-link"), "Go to the draft notice");
    for path in [
        format!("{base}/{response}"),
        format!("{base}/questions/{question}"),
        format!("{base}.csv"),
    ] {
        let res = priya.get(&path).await;
        res.assert_status(StatusCode::NOT_FOUND);
        res.assert_no_text("Leaked?");
    }
    // The supplier of such a response, and outsiders, still get nothing at all.
    let mut sam = app.signed_in(SUPPLIER).await;
    sam.get(&base).await.assert_status(StatusCode::NOT_FOUND);
}
both_databases!(draft_notices_have_no_responses);
