//! Challenges: opening one, refusals that keep the form, the list and its filters, ids
//! in the URL, editing with the version check, and the status lifecycle.

use crate::common::*;
use axum::http::StatusCode;

const HOUSING: &str = "Replacing our housing management systems";
const PARKING: &str = "Joint parking permits and enforcement platform";
const STATEMENT: &str =
    "Tenants report repairs by phone because the online forms lose their progress.";

fn challenge_form<'a>(
    title: &'a str,
    statement: &'a str,
    service_area: &'a str,
    visibility: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", title),
        ("problem_statement", statement),
        ("service_area", service_area),
        ("visibility", visibility),
    ]
}

/// Posts an edit as `client`, based on `version`.
async fn edit(
    client: &mut Client,
    id: uuid::Uuid,
    title: &str,
    statement: &str,
    version: &str,
) -> TestResponse {
    client
        .post_form(
            &format!("/challenges/{id}/edit"),
            &[
                ("title", title),
                ("problem_statement", statement),
                ("service_area", "housing"),
                ("visibility", "private"),
                ("version", version),
            ],
        )
        .await
}

/// Opening a challenge: the creator's authority leads it, it starts as a draft, and
/// the history says who opened it for which authority.
async fn authority_user_opens_a_challenge(app: TestApp) {
    let mut priya = app.signed_in(CAMDEN).await;
    let form = priya.get("/challenges/new").await;
    form.assert_status(StatusCode::OK);
    assert_eq!(
        form.checked("visibility").as_deref(),
        Some("private"),
        "private by default"
    );

    let res = priya
        .post_form(
            "/challenges/new",
            &challenge_form(
                "Temporary accommodation booking",
                "Families wait in **B&B** rooms while officers phone round.",
                "housing",
                "private",
            ),
        )
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    let location = res.location();
    let id: uuid::Uuid = location
        .strip_prefix("/challenges/")
        .and_then(|rest| rest.parse().ok())
        .unwrap_or_else(|| panic!("redirected to {location}"));

    let page = priya.get(&location).await;
    page.assert_status(StatusCode::OK);
    assert_eq!(
        page.testid("challenge-title"),
        "Temporary accommodation booking"
    );
    page.assert_text("Draft");
    page.assert_text("Challenge opened as a draft");
    assert_eq!(page.testid("lead-authority"), "Camden");
    assert_eq!(page.testid("own-role"), "Your authority: lead authority");
    assert!(page
        .testid("problem-statement")
        .contains("Families wait in B&B rooms"));
    assert!(
        page.body.contains("<strong>B&amp;B</strong>"),
        "Markdown is rendered"
    );

    let row = app.challenge_row(id).await;
    assert_eq!(row.status, "draft");
    assert_eq!(row.visibility, "private");
    assert_eq!(row.service_area, "housing");
    assert_eq!(row.version, 1);
    assert_eq!(
        app.member_role(id, app.org(ons::CAMDEN).await)
            .await
            .as_deref(),
        Some("lead")
    );

    let history = priya.get(&format!("/challenges/{id}/history")).await;
    history.assert_status(StatusCode::OK);
    let table = history.testid("history-table");
    for words in [
        "Priya Shah",
        "Camden",
        "Opened the challenge",
        "Temporary accommodation booking",
    ] {
        assert!(table.contains(words), "history lacks {words:?}: {table}");
    }
    let events = app.history(id).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].action, "challenge_created");
    assert_eq!(events[0].actor_name, "Priya Shah");
    assert_eq!(events[0].actor_organisation_name, "Camden");
}
both_databases!(authority_user_opens_a_challenge);

/// Each refusal names its field and keeps everything else that was typed; nothing is
/// saved.
async fn bad_challenge_input_is_refused_keeping_the_form(app: TestApp) {
    let mut priya = app.signed_in(CAMDEN).await;
    let before = app.challenge_count().await;

    let res = priya
        .post_form(
            "/challenges/new",
            &challenge_form("   ", STATEMENT, "parking", "public"),
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.error_summary().contains("Enter a title"));
    assert_eq!(
        res.textarea("problem_statement").as_deref().map(str::trim),
        Some(STATEMENT)
    );
    assert_eq!(res.selected("service_area").as_deref(), Some("parking"));
    assert_eq!(res.checked("visibility").as_deref(), Some("public"));

    let long_title = "T".repeat(300);
    let res = priya
        .post_form(
            "/challenges/new",
            &challenge_form(&long_title, STATEMENT, "housing", "authorities"),
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let summary = res.error_summary();
    assert!(
        summary.contains("Title must be 150 characters or fewer (you entered 300)"),
        "{summary}"
    );
    assert_eq!(res.input("title").as_deref(), Some(long_title.as_str()));
    assert_eq!(res.selected("service_area").as_deref(), Some("housing"));
    assert_eq!(res.checked("visibility").as_deref(), Some("authorities"));

    let res = priya
        .post_form(
            "/challenges/new",
            &challenge_form("Moon base", STATEMENT, "space-travel", "public"),
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("Select a service area from the list"));
    assert_eq!(res.input("title").as_deref(), Some("Moon base"));
    assert_eq!(
        res.textarea("problem_statement").as_deref().map(str::trim),
        Some(STATEMENT)
    );
    assert_eq!(res.checked("visibility").as_deref(), Some("public"));

    let res = priya
        .post_form(
            "/challenges/new",
            &[
                ("title", "No visibility"),
                ("problem_statement", STATEMENT),
                ("service_area", "libraries"),
            ],
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("Select who can see this challenge"));
    assert_eq!(res.input("title").as_deref(), Some("No visibility"));
    assert_eq!(
        res.textarea("problem_statement").as_deref().map(str::trim),
        Some(STATEMENT)
    );
    assert_eq!(res.selected("service_area").as_deref(), Some("libraries"));

    let res = priya
        .post_form(
            "/challenges/new",
            &challenge_form("Bad visibility", STATEMENT, "housing", "everyone"),
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("Select who can see this challenge"));

    // An empty form names every field at once.
    let res = priya.post_form("/challenges/new", &[]).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let summary = res.error_summary();
    for message in [
        "Enter a title",
        "Enter a problem statement",
        "Select a service area",
        "Select who can see this challenge",
    ] {
        assert!(summary.contains(message), "{message}: {summary}");
    }

    assert_eq!(app.challenge_count().await, before, "nothing was saved");
}
both_databases!(bad_challenge_input_is_refused_keeping_the_form);

/// Filters narrow the list to the right rows; unknown filter values are reported.
async fn list_filters_return_the_right_rows(app: TestApp) {
    let mut priya = app.signed_in(CAMDEN).await;
    let mut tom = app.signed_in(BRENT).await;
    app.open_challenge(
        &mut priya,
        "Camden parking enforcement review",
        "parking",
        "private",
    )
    .await;
    app.open_challenge(
        &mut tom,
        "Brent libraries self-service",
        "libraries",
        "private",
    )
    .await;
    let hackney = app.org(ons::HACKNEY).await;
    let camden = app.org(ons::CAMDEN).await;
    let brent = app.org(ons::BRENT).await;

    let sorted = |mut titles: Vec<String>| {
        titles.sort();
        titles
    };
    let expect = |titles: &[&str]| sorted(titles.iter().map(|t| t.to_string()).collect());

    let all = priya.get("/challenges").await;
    all.assert_status(StatusCode::OK);
    assert_eq!(
        sorted(all.listed_challenges()),
        expect(&["Camden parking enforcement review", PARKING, HOUSING]),
        "Brent's private challenge is not listed for Camden"
    );

    let cases: Vec<(String, Vec<&str>)> = vec![
        (
            "status=draft".into(),
            vec!["Camden parking enforcement review", PARKING],
        ),
        ("status=collaborating".into(), vec![HOUSING]),
        ("status=archived".into(), vec![]),
        (
            "service_area=parking".into(),
            vec!["Camden parking enforcement review", PARKING],
        ),
        ("service_area=libraries".into(), vec![]),
        (format!("authority={hackney}"), vec![PARKING, HOUSING]),
        (format!("authority={brent}"), vec![]),
        (
            format!("status=draft&service_area=parking&authority={camden}"),
            vec!["Camden parking enforcement review"],
        ),
        // Empty values mean "any".
        (
            "status=&service_area=&authority=".into(),
            vec!["Camden parking enforcement review", PARKING, HOUSING],
        ),
    ];
    for (query, want) in cases {
        let res = priya.get(&format!("/challenges?{query}")).await;
        res.assert_status(StatusCode::OK);
        assert_eq!(sorted(res.listed_challenges()), expect(&want), "?{query}");
        if want.is_empty() {
            assert!(
                res.has_testid("no-challenges"),
                "?{query} says nothing matches"
            );
        }
    }
    let filtered = priya.get("/challenges?service_area=parking").await;
    assert_eq!(
        filtered.selected("service_area").as_deref(),
        Some("parking"),
        "the filter stays chosen"
    );

    let supplier_org = app
        .user_by_email(SUPPLIER)
        .await
        .expect("the demo supplier")
        .organisation_id;
    let unknown: Vec<(String, &str)> = vec![
        ("status=bogus".into(), "Select a status from the list"),
        (
            "service_area=space-travel".into(),
            "Select a service area from the list",
        ),
        (
            "authority=not-a-uuid".into(),
            "Select an authority from the list",
        ),
        (
            format!("authority={}", uuid::Uuid::new_v4()),
            "Select an authority from the list",
        ),
        (
            format!("authority={supplier_org}"),
            "Select an authority from the list",
        ),
    ];
    for (query, message) in unknown {
        let res = priya.get(&format!("/challenges?{query}")).await;
        res.assert_status(StatusCode::BAD_REQUEST);
        let summary = res.error_summary();
        assert!(summary.contains(message), "?{query}: {summary}");
    }
}
both_databases!(list_filters_return_the_right_rows);

/// Who sees what in the list, and the actor's own challenges come first.
async fn list_shows_own_challenges_first(app: TestApp) {
    let mut tom = app.signed_in(BRENT).await;
    let mut priya = app.signed_in(CAMDEN).await;
    app.open_challenge(
        &mut tom,
        "Brent libraries self-service",
        "libraries",
        "private",
    )
    .await;
    // Opened later, so more recently changed than Brent's own.
    app.open_challenge(
        &mut priya,
        "Camden waste round optimisation",
        "waste-and-recycling",
        "authorities",
    )
    .await;
    app.open_challenge(&mut priya, "Camden private pilot", "housing", "private")
        .await;

    let list = tom.get("/challenges").await.listed_challenges();
    assert_eq!(
        list.first().map(String::as_str),
        Some("Brent libraries self-service"),
        "{list:?}"
    );
    assert_eq!(list.len(), 4, "{list:?}");
    assert!(list.contains(&"Camden waste round optimisation".to_string()));
    assert!(!list.contains(&"Camden private pilot".to_string()));
    // Within the others, most recently changed first.
    assert_eq!(list[1], "Camden waste round optimisation", "{list:?}");

    // Hackney takes part in both demo challenges: those two come before Camden's.
    let mut aisha = app.signed_in(HACKNEY).await;
    let list = aisha.get("/challenges").await.listed_challenges();
    assert_eq!(
        list.iter()
            .take(2)
            .cloned()
            .collect::<std::collections::BTreeSet<_>>(),
        [HOUSING.to_string(), PARKING.to_string()]
            .into_iter()
            .collect(),
        "{list:?}"
    );
    assert_eq!(list.len(), 3, "{list:?}");

    // Visitors and suppliers see public challenges only.
    for mut who in [app.client(), app.signed_in(SUPPLIER).await] {
        let res = who.get("/challenges").await;
        res.assert_status(StatusCode::OK);
        assert_eq!(res.listed_challenges(), vec![PARKING.to_string()]);
    }

    // The platform admin sees every challenge.
    let mut admin = app.signed_in(ADMIN).await;
    assert_eq!(admin.get("/challenges").await.listed_challenges().len(), 5);
}
both_databases!(list_shows_own_challenges_first);

/// An id that is not a UUID is a page that does not exist, wherever it appears.
async fn malformed_ids_are_not_found(app: TestApp) {
    let mut priya = app.signed_in(CAMDEN).await;
    for path in [
        "/challenges/not-a-uuid",
        "/challenges/not-a-uuid/edit",
        "/challenges/not-a-uuid/history",
        "/challenges/not-a-uuid/members",
        "/challenges/123",
    ] {
        let res = priya.get(path).await;
        res.assert_status(StatusCode::NOT_FOUND);
        res.assert_text("Page not found");
        app.client()
            .get(path)
            .await
            .assert_status(StatusCode::NOT_FOUND);
    }
    for path in [
        "/challenges/not-a-uuid/edit",
        "/challenges/not-a-uuid/status",
        "/challenges/not-a-uuid/members",
        "/challenges/not-a-uuid/join-requests",
    ] {
        priya
            .post_form(path, &[("status", "collaborating")])
            .await
            .assert_status(StatusCode::NOT_FOUND);
    }
    // A well-formed id nobody uses is not found either.
    let res = priya
        .get(&format!("/challenges/{}", uuid::Uuid::new_v4()))
        .await;
    res.assert_status(StatusCode::NOT_FOUND);
    priya
        .get("/no-such-page")
        .await
        .assert_status(StatusCode::NOT_FOUND);
}
both_databases!(malformed_ids_are_not_found);

/// The lead and a participant edit; each change is in the history under its author;
/// an observer may not edit.
async fn lead_and_participant_edit_observer_cannot(app: TestApp) {
    let mut priya = app.signed_in(CAMDEN).await;
    let id = app
        .open_challenge(&mut priya, "Repairs triage", "housing", "private")
        .await;
    app.add_member(&mut priya, id, app.org(ons::BRENT).await, "participant")
        .await;
    app.add_member(&mut priya, id, app.org(ons::ISLINGTON).await, "observer")
        .await;

    let form = priya.get(&format!("/challenges/{id}/edit")).await;
    form.assert_status(StatusCode::OK);
    assert_eq!(form.input("title").as_deref(), Some("Repairs triage"));
    assert_eq!(form.input("version").as_deref(), Some("1"));
    let res = edit(
        &mut priya,
        id,
        "Repairs triage and scheduling",
        STATEMENT,
        "1",
    )
    .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(res.location(), format!("/challenges/{id}"));
    let row = app.challenge_row(id).await;
    assert_eq!(row.title, "Repairs triage and scheduling");
    assert_eq!(row.version, 2);

    let mut tom = app.signed_in(BRENT).await;
    let form = tom.get(&format!("/challenges/{id}/edit")).await;
    form.assert_status(StatusCode::OK);
    assert_eq!(form.input("version").as_deref(), Some("2"));
    let tom_statement = "Brent adds: repairs raised online must keep their photos.";
    edit(
        &mut tom,
        id,
        "Repairs triage and scheduling",
        tom_statement,
        "2",
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    assert_eq!(app.challenge_row(id).await.problem_statement, tom_statement);

    let events = app.history(id).await;
    let edits: Vec<_> = events
        .iter()
        .filter(|e| e.action == "challenge_edited")
        .collect();
    assert_eq!(edits.len(), 2, "{events:?}");
    assert_eq!(edits[0].actor_name, "Tom Okafor");
    assert_eq!(edits[0].actor_organisation_name, "Brent");
    assert!(
        edits[0].summary.contains("problem statement"),
        "{}",
        edits[0].summary
    );
    assert_eq!(edits[1].actor_name, "Priya Shah");
    assert!(
        edits[1]
            .summary
            .contains("“Repairs triage” to “Repairs triage and scheduling”"),
        "{}",
        edits[1].summary
    );
    let history = tom.get(&format!("/challenges/{id}/history")).await;
    history.assert_status(StatusCode::OK);
    let table = history.testid("history-table");
    assert!(
        table.contains("Tom Okafor") && table.contains("Brent"),
        "{table}"
    );

    let mut daniel = app.signed_in(ISLINGTON).await;
    daniel
        .get(&format!("/challenges/{id}"))
        .await
        .assert_status(StatusCode::OK);
    daniel
        .get(&format!("/challenges/{id}/edit"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    edit(&mut daniel, id, "Observer was here", STATEMENT, "3")
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let row = app.challenge_row(id).await;
    assert_eq!(row.title, "Repairs triage and scheduling");
    assert_eq!(row.version, 3);

    // An edit with bad input keeps the text and saves nothing.
    let res = edit(&mut priya, id, "", "Still here", "3").await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.error_summary().contains("Enter a title"));
    assert_eq!(
        res.textarea("problem_statement").as_deref().map(str::trim),
        Some("Still here")
    );
    assert_eq!(app.challenge_row(id).await.version, 3);
}
both_databases!(lead_and_participant_edit_observer_cannot);

/// Two people edit from the same version: the second save is refused with 409, keeps
/// their text, shows what was saved, and overwrites nothing.
async fn stale_edit_is_a_conflict_not_a_lost_update(app: TestApp) {
    let mut priya = app.signed_in(CAMDEN).await;
    let id = app
        .open_challenge(&mut priya, "Void property turnaround", "housing", "private")
        .await;
    app.add_member(&mut priya, id, app.org(ons::BRENT).await, "participant")
        .await;
    let mut tom = app.signed_in(BRENT).await;

    let priya_form = priya.get(&format!("/challenges/{id}/edit")).await;
    let tom_form = tom.get(&format!("/challenges/{id}/edit")).await;
    let version = priya_form.input("version").expect("the version field");
    assert_eq!(tom_form.input("version"), Some(version.clone()));

    let tom_text = "Brent's text: empty homes sit for 40 days between tenancies.";
    edit(&mut tom, id, "Void property turnaround", tom_text, &version)
        .await
        .assert_status(StatusCode::SEE_OTHER);

    let priya_text = "Camden's text: contractors are booked one after another.";
    let res = edit(
        &mut priya,
        id,
        "Void turnaround (Camden draft)",
        priya_text,
        &version,
    )
    .await;
    res.assert_status(StatusCode::CONFLICT);
    let conflict = res.testid("conflict");
    assert!(conflict.contains("Tom Okafor (Brent)"), "{conflict}");
    assert!(res.testid("saved-version").contains(tom_text));
    assert_eq!(
        res.input("title").as_deref(),
        Some("Void turnaround (Camden draft)")
    );
    assert_eq!(
        res.textarea("problem_statement").as_deref().map(str::trim),
        Some(priya_text)
    );

    let row = app.challenge_row(id).await;
    assert_eq!(
        row.problem_statement, tom_text,
        "Brent's save was not overwritten"
    );
    assert_eq!(row.title, "Void property turnaround");

    // Saving again from the conflict page is based on the saved version and works.
    let next_version = res
        .input("version")
        .expect("the conflict page carries the new version");
    assert_eq!(next_version, row.version.to_string());
    edit(
        &mut priya,
        id,
        "Void turnaround (Camden draft)",
        priya_text,
        &next_version,
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    assert_eq!(app.challenge_row(id).await.problem_statement, priya_text);

    // A form without its version is refused rather than saved blindly.
    let res = priya
        .post_form(
            &format!("/challenges/{id}/edit"),
            &challenge_form("No version", STATEMENT, "housing", "private"),
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_ne!(app.challenge_row(id).await.title, "No version");
}
both_databases!(stale_edit_is_a_conflict_not_a_lost_update);

/// Status changes follow the lifecycle, only the lead makes them, and each is recorded.
async fn status_follows_the_lifecycle_and_only_the_lead_changes_it(app: TestApp) {
    let mut priya = app.signed_in(CAMDEN).await;
    let id = app
        .open_challenge(
            &mut priya,
            "Street lighting renewal",
            "highways-and-transport",
            "private",
        )
        .await;
    app.add_member(&mut priya, id, app.org(ons::BRENT).await, "participant")
        .await;
    app.add_member(&mut priya, id, app.org(ons::ISLINGTON).await, "observer")
        .await;
    let status = |s: &'static str| vec![("status", s)];
    let path = format!("/challenges/{id}/status");

    let res = priya.post_form(&path, &status("concluded")).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("A challenge that is draft cannot move to concluded"));
    let res = priya.post_form(&path, &status("finished")).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.error_summary().contains("Select the new status"));
    assert_eq!(app.challenge_row(id).await.status, "draft");

    let mut tom = app.signed_in(BRENT).await;
    tom.post_form(&path, &status("collaborating"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let mut daniel = app.signed_in(ISLINGTON).await;
    daniel
        .post_form(&path, &status("collaborating"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let mut aisha = app.signed_in(HACKNEY).await;
    aisha
        .post_form(&path, &status("collaborating"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let res = app
        .client()
        .post_form(&path, &status("collaborating"))
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert!(res.location().starts_with("/sign-in"));
    assert_eq!(app.challenge_row(id).await.status, "draft");

    let res = priya.post_form(&path, &status("collaborating")).await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(res.location(), format!("/challenges/{id}"));
    assert_eq!(app.challenge_row(id).await.status, "collaborating");
    let page = priya.get(&format!("/challenges/{id}")).await;
    page.assert_text("The challenge is now collaborating");
    let events = app.history(id).await;
    assert_eq!(events[0].action, "status_changed");
    assert_eq!(
        events[0].summary,
        "Moved the challenge from Draft to Collaborating"
    );
    assert_eq!(events[0].actor_name, "Priya Shah");

    for next in ["market_engagement", "concluded"] {
        priya
            .post_form(&path, &status(next))
            .await
            .assert_status(StatusCode::SEE_OTHER);
        assert_eq!(app.challenge_row(id).await.status, next);
    }
    // A concluded challenge is read-only, even to its lead and participants…
    priya
        .get(&format!("/challenges/{id}/edit"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    tom.get(&format!("/challenges/{id}/edit"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    // …but the lead may still archive it, and an archived one goes nowhere.
    priya
        .post_form(&path, &status("archived"))
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let res = priya.post_form(&path, &status("draft")).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.challenge_row(id).await.status, "archived");
}
both_databases!(status_follows_the_lifecycle_and_only_the_lead_changes_it);

/// Two people save from the same version at the same moment: exactly one save wins,
/// the other is told, and the history has one edit.
async fn simultaneous_edits_from_one_version_save_once(app: TestApp) {
    let mut priya = app.signed_in(CAMDEN).await;
    let id = app
        .open_challenge(
            &mut priya,
            "Fleet electrification",
            "highways-and-transport",
            "private",
        )
        .await;
    app.add_member(&mut priya, id, app.org(ons::BRENT).await, "participant")
        .await;
    let mut tom = app.signed_in(BRENT).await;
    let (a, b) = tokio::join!(
        edit(
            &mut priya,
            id,
            "Fleet electrification (Camden)",
            "Camden's text",
            "1"
        ),
        edit(
            &mut tom,
            id,
            "Fleet electrification (Brent)",
            "Brent's text",
            "1"
        ),
    );
    let mut statuses = vec![a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, vec![StatusCode::SEE_OTHER, StatusCode::CONFLICT]);
    let winner = if a.status == StatusCode::SEE_OTHER {
        "Camden's text"
    } else {
        "Brent's text"
    };
    let row = app.challenge_row(id).await;
    assert_eq!(row.version, 2);
    assert_eq!(row.problem_statement, winner);
    let edits = app
        .history(id)
        .await
        .into_iter()
        .filter(|e| e.action == "challenge_edited")
        .count();
    assert_eq!(edits, 1);
}
both_databases!(simultaneous_edits_from_one_version_save_once);

/// Text people type is shown as text, and Markdown cannot smuggle in scripts.
async fn typed_text_cannot_inject_markup(app: TestApp) {
    let mut priya = app.signed_in(CAMDEN).await;
    let res = priya
        .post_form(
            "/challenges/new",
            &challenge_form(
                "<script>alert('title')</script> & friends",
                "<script>alert(1)</script>\n\n[click me](javascript:alert(2)) <img src=x onerror=alert(3)>\n\n[fine](https://example.com)",
                "housing",
                "public",
            ),
        )
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    let page = app.client().get(&res.location()).await;
    page.assert_status(StatusCode::OK);
    assert_eq!(
        page.testid("challenge-title"),
        "<script>alert('title')</script> & friends"
    );
    let lower = page.body.to_lowercase();
    assert!(
        !lower.contains("<script>alert"),
        "no script reaches the page"
    );
    assert!(!lower.contains("javascript:alert"), "no javascript: link");
    assert!(!lower.contains("onerror"), "no event handler attributes");
    let statement = html::by_testid(&page.body, "problem-statement")[0].to_string();
    assert!(
        statement.contains("href=\"https://example.com\""),
        "{statement}"
    );
    assert!(statement.contains("click me"), "{statement}");

    // The list and the edit form escape it too.
    let list = priya.get("/challenges").await;
    assert!(!list.body.to_lowercase().contains("<script>alert"));
    let id = res.location().rsplit('/').next().unwrap().to_string();
    let form = priya.get(&format!("/challenges/{id}/edit")).await;
    assert_eq!(
        form.input("title").as_deref(),
        Some("<script>alert('title')</script> & friends")
    );
}
both_databases!(typed_text_cannot_inject_markup);

/// What someone typed in a text area comes back exactly as typed when the form is
/// shown again (editing, or after a refusal): the browser must not be able to read
/// any of it as markup, so `</textarea>` cannot end the field and start a script.
async fn text_areas_give_back_exactly_what_was_typed(app: TestApp) {
    let statement =
        "Costs &amp; savings: see <b>table 2</b>.\n\n</textarea><script>alert(4)</script>";
    let mut priya = app.signed_in(CAMDEN).await;
    let res = priya
        .post_form(
            "/challenges/new",
            &challenge_form("Escaping", statement, "housing", "authorities"),
        )
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    let id = res.location().rsplit('/').next().unwrap().to_string();
    let form = priya.get(&format!("/challenges/{id}/edit")).await;
    form.assert_status(StatusCode::OK);
    assert_eq!(
        form.textarea("problem_statement").as_deref(),
        Some(statement)
    );
    assert!(
        !form.body.contains("<script>alert(4)"),
        "the typed script must not become markup"
    );

    // The same after a refusal, and in the join request's message.
    let res = priya
        .post_form(
            "/challenges/new",
            &challenge_form("", statement, "housing", "private"),
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        res.textarea("problem_statement").as_deref(),
        Some(statement)
    );
    let mut tom = app.signed_in(BRENT).await;
    let res = tom
        .post_form(
            &format!("/challenges/{id}/join-requests"),
            &[("requested_role", "lead"), ("message", statement)],
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.textarea("message").as_deref(), Some(statement));
}
both_databases!(text_areas_give_back_exactly_what_was_typed);
