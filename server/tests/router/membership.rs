//! Member authorities: the lead adds, re-roles, removes and hands over the lead; other
//! authorities ask to join and the lead decides.

use crate::common::*;
use app::ssr::outbox;
use axum::http::StatusCode;
use uuid::Uuid;

/// The join-request ids in the decision forms of a members (or challenge) page.
fn join_request_ids(res: &TestResponse, challenge: Uuid) -> Vec<Uuid> {
    let prefix = format!("/challenges/{challenge}/join-requests/");
    let mut ids: Vec<Uuid> = html::tags(&res.body, "form")
        .iter()
        .filter_map(|form| form.attr("action")?.strip_prefix(&prefix)?.parse().ok())
        .collect();
    ids.dedup();
    ids
}

async fn ask_to_join(
    client: &mut Client,
    challenge: Uuid,
    role: &str,
    message: &str,
) -> TestResponse {
    client
        .post_form(
            &format!("/challenges/{challenge}/join-requests"),
            &[("requested_role", role), ("message", message)],
        )
        .await
}

/// The lead adds Brent as a participant: Brent's officer can then read and edit the
/// private challenge. Adding it twice is refused.
async fn lead_adds_a_participant_who_can_then_edit(app: TestApp) {
    let brent = app.org(ons::BRENT).await;
    let mut priya = app.signed_in(CAMDEN).await;
    let id = app
        .open_challenge(
            &mut priya,
            "School transport routing",
            "education",
            "private",
        )
        .await;
    let mut tom = app.signed_in(BRENT).await;
    tom.get(&format!("/challenges/{id}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);

    let page = priya.get(&format!("/challenges/{id}/members")).await;
    page.assert_status(StatusCode::OK);
    assert!(page.has_testid("add-member-form"));
    let res = priya
        .post_form(
            &format!("/challenges/{id}/members"),
            &[
                ("organisation_id", &brent.to_string()),
                ("role", "participant"),
            ],
        )
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(res.location(), format!("/challenges/{id}/members"));
    let page = priya.get(&res.location()).await;
    page.assert_text("Authority added to the challenge");
    let rows = page.testids("member-row");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows.iter()
            .any(|r| r.contains("Brent") && r.contains("Participant")),
        "{rows:?}"
    );
    assert_eq!(
        app.member_role(id, brent).await.as_deref(),
        Some("participant")
    );
    let events = app.history(id).await;
    assert_eq!(events[0].action, "member_added");
    assert_eq!(events[0].summary, "Added Brent as participant");

    let view = tom.get(&format!("/challenges/{id}")).await;
    view.assert_status(StatusCode::OK);
    assert_eq!(view.testid("own-role"), "Your authority: participant");
    tom.get(&format!("/challenges/{id}/edit"))
        .await
        .assert_status(StatusCode::OK);
    tom.post_form(
        &format!("/challenges/{id}/edit"),
        &[
            ("title", "School transport routing (Brent and Camden)"),
            ("problem_statement", "Brent joins in."),
            ("service_area", "education"),
            ("visibility", "private"),
            ("version", "1"),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    assert_eq!(
        app.challenge_row(id).await.title,
        "School transport routing (Brent and Camden)"
    );
    // A participant does not manage members.
    tom.get(&format!("/challenges/{id}/members"))
        .await
        .assert_status(StatusCode::FORBIDDEN);

    let res = priya
        .post_form(
            &format!("/challenges/{id}/members"),
            &[
                ("organisation_id", &brent.to_string()),
                ("role", "observer"),
            ],
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("Brent is already a member of this challenge"));
    assert_eq!(
        app.member_role(id, brent).await.as_deref(),
        Some("participant")
    );

    // Not an authority, or not a role one can be given directly.
    let supplier_org = app.user_by_email(SUPPLIER).await.unwrap().organisation_id;
    for (org, role, message) in [
        (
            supplier_org.to_string(),
            "participant",
            "Select an authority from the list",
        ),
        (
            "nonsense".to_string(),
            "participant",
            "Select an authority from the list",
        ),
        (
            app.org(ons::HACKNEY).await.to_string(),
            "lead",
            "Select participant or observer",
        ),
    ] {
        let res = priya
            .post_form(
                &format!("/challenges/{id}/members"),
                &[("organisation_id", &org), ("role", role)],
            )
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.error_summary().contains(message), "{org} {role}");
    }
    assert_eq!(app.member_role(id, app.org(ons::HACKNEY).await).await, None);
}
both_databases!(lead_adds_a_participant_who_can_then_edit);

/// The lead changes a member's role and removes it; the lead itself cannot be removed
/// or re-roled.
async fn lead_changes_roles_and_removes_members_but_not_itself(app: TestApp) {
    let brent = app.org(ons::BRENT).await;
    let camden = app.org(ons::CAMDEN).await;
    let mut priya = app.signed_in(CAMDEN).await;
    let id = app
        .open_challenge(
            &mut priya,
            "Shared CCTV control room",
            "corporate-it",
            "private",
        )
        .await;
    app.add_member(&mut priya, id, brent, "participant").await;
    let mut tom = app.signed_in(BRENT).await;

    let res = priya
        .post_form(
            &format!("/challenges/{id}/members/{brent}/role"),
            &[("role", "observer")],
        )
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(res.location(), format!("/challenges/{id}/members"));
    assert_eq!(
        app.member_role(id, brent).await.as_deref(),
        Some("observer")
    );
    assert_eq!(
        app.history(id).await[0].summary,
        "Changed Brent from participant to observer"
    );
    tom.get(&format!("/challenges/{id}"))
        .await
        .assert_status(StatusCode::OK);
    tom.get(&format!("/challenges/{id}/edit"))
        .await
        .assert_status(StatusCode::FORBIDDEN);

    let res = priya
        .post_form(
            &format!("/challenges/{id}/members/{brent}/role"),
            &[("role", "lead")],
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.member_role(id, brent).await.as_deref(),
        Some("observer")
    );

    let res = priya
        .post_form(
            &format!("/challenges/{id}/members/{camden}/role"),
            &[("role", "observer")],
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("The lead authority's role changes only by handing the lead"));

    let res = priya
        .post_form(&format!("/challenges/{id}/members/{camden}/remove"), &[])
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("The lead authority cannot be removed: hand the lead to another member first"));
    assert_eq!(app.member_role(id, camden).await.as_deref(), Some("lead"));

    let res = priya
        .post_form(&format!("/challenges/{id}/members/{brent}/remove"), &[])
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(app.member_role(id, brent).await, None);
    assert_eq!(app.history(id).await[0].summary, "Removed Brent (observer)");
    tom.get(&format!("/challenges/{id}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);

    // Removing an authority that is not a member says so.
    let res = priya
        .post_form(&format!("/challenges/{id}/members/{brent}/remove"), &[])
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("Brent is not a member of this challenge"));
}
both_databases!(lead_changes_roles_and_removes_members_but_not_itself);

/// Handing the lead to Brent: Brent leads, Camden stays on as a participant and can no
/// longer manage members.
async fn lead_is_transferred(app: TestApp) {
    let brent = app.org(ons::BRENT).await;
    let camden = app.org(ons::CAMDEN).await;
    let hackney = app.org(ons::HACKNEY).await;
    let mut priya = app.signed_in(CAMDEN).await;
    let id = app
        .open_challenge(
            &mut priya,
            "Pest control framework",
            "environmental-health-and-licensing",
            "private",
        )
        .await;

    // Only a member can be made lead.
    let res = priya
        .post_form(&format!("/challenges/{id}/members/{brent}/lead"), &[])
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.member_role(id, camden).await.as_deref(), Some("lead"));

    app.add_member(&mut priya, id, brent, "observer").await;
    let mut tom = app.signed_in(BRENT).await;
    // Only the lead hands the lead on.
    tom.post_form(&format!("/challenges/{id}/members/{brent}/lead"), &[])
        .await
        .assert_status(StatusCode::FORBIDDEN);

    let res = priya
        .post_form(&format!("/challenges/{id}/members/{brent}/lead"), &[])
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(res.location(), format!("/challenges/{id}"));
    assert_eq!(app.member_role(id, brent).await.as_deref(), Some("lead"));
    assert_eq!(
        app.member_role(id, camden).await.as_deref(),
        Some("participant")
    );
    let event = &app.history(id).await[0];
    assert_eq!(event.action, "lead_transferred");
    assert_eq!(
        event.summary,
        "Handed the lead from Camden to Brent; Camden is now a participant"
    );

    let page = priya.get(&format!("/challenges/{id}")).await;
    page.assert_status(StatusCode::OK);
    assert_eq!(page.testid("lead-authority"), "Brent");
    assert_eq!(page.testid("own-role"), "Your authority: participant");
    assert!(!page.has_testid("manage-members"));
    priya
        .get(&format!("/challenges/{id}/members"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    priya
        .post_form(
            &format!("/challenges/{id}/members"),
            &[
                ("organisation_id", &hackney.to_string()),
                ("role", "participant"),
            ],
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);
    priya
        .post_form(
            &format!("/challenges/{id}/status"),
            &[("status", "collaborating")],
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);
    // Camden still co-authors.
    priya
        .get(&format!("/challenges/{id}/edit"))
        .await
        .assert_status(StatusCode::OK);

    // Brent now manages members, and cannot remove itself as lead.
    tom.get(&format!("/challenges/{id}/members"))
        .await
        .assert_status(StatusCode::OK);
    tom.post_form(&format!("/challenges/{id}/members/{brent}/remove"), &[])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    tom.post_form(&format!("/challenges/{id}/members/{camden}/remove"), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    assert_eq!(app.member_role(id, camden).await, None);
    assert_eq!(app.member_role(id, hackney).await, None);
}
both_databases!(lead_is_transferred);

/// An outsider authority asks to join a challenge open to authorities; the lead sees
/// the request and accepts it; the requester is told by email.
async fn join_request_is_accepted(app: TestApp) {
    let hackney = app.org(ons::HACKNEY).await;
    let mut priya = app.signed_in(CAMDEN).await;
    let id = app
        .open_challenge(
            &mut priya,
            "Allotment waiting lists",
            "environmental-health-and-licensing",
            "authorities",
        )
        .await;

    let mut aisha = app.signed_in(HACKNEY).await;
    let page = aisha.get(&format!("/challenges/{id}")).await;
    page.assert_status(StatusCode::OK);
    assert!(page.has_testid("request-to-join"));

    let res = ask_to_join(
        &mut aisha,
        id,
        "observer",
        "Hackney has 3,000 people waiting.",
    )
    .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(res.location(), format!("/challenges/{id}"));
    let page = aisha.get(&format!("/challenges/{id}")).await;
    page.assert_text("Your request to join has been sent to the lead authority");
    assert!(page.has_testid("join-pending"));
    assert!(!page.has_testid("request-to-join"));
    assert_eq!(
        app.member_role(id, hackney).await,
        None,
        "not a member until accepted"
    );

    // The lead sees it on the home page and on the members page.
    priya
        .get("/")
        .await
        .assert_text("Hackney asks to join “Allotment waiting lists”");
    let members = priya.get(&format!("/challenges/{id}/members")).await;
    members.assert_status(StatusCode::OK);
    let card = members.testid("join-request");
    assert!(card.contains("Hackney asks to join as observer"), "{card}");
    assert!(card.contains("Hackney has 3,000 people waiting."), "{card}");
    assert!(card.contains("Aisha Rahman"), "{card}");
    let ids = join_request_ids(&members, id);
    assert_eq!(ids.len(), 1, "{ids:?}");

    // Only the lead decides.
    aisha
        .post_form(
            &format!("/challenges/{id}/join-requests/{}", ids[0]),
            &[("decision", "accept")],
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);

    let res = priya
        .post_form(
            &format!("/challenges/{id}/join-requests/{}", ids[0]),
            &[("decision", "accept")],
        )
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(res.location(), format!("/challenges/{id}/members"));
    assert_eq!(
        app.member_role(id, hackney).await.as_deref(),
        Some("observer")
    );
    let requests = app.join_requests(id).await;
    assert_eq!(requests[0].status, "accepted");
    assert!(requests[0].decided_by.is_some());
    let mail = outbox::messages_to(&app.db, HACKNEY).await.unwrap();
    assert_eq!(mail.len(), 1);
    assert!(
        mail[0].subject.contains("was accepted"),
        "{}",
        mail[0].subject
    );
    assert!(mail[0]
        .body
        .contains(&format!("http://coprocure.test/challenges/{id}")));

    let page = aisha.get(&format!("/challenges/{id}")).await;
    assert_eq!(page.testid("own-role"), "Your authority: observer");
    assert!(!page.has_testid("join-pending"));

    // Deciding again is a conflict, not a second membership.
    priya
        .post_form(
            &format!("/challenges/{id}/join-requests/{}", ids[0]),
            &[("decision", "decline")],
        )
        .await
        .assert_status(StatusCode::CONFLICT);
    assert_eq!(
        app.member_role(id, hackney).await.as_deref(),
        Some("observer")
    );
}
both_databases!(join_request_is_accepted);

/// The lead declines a request: no membership; the authority may ask again later.
async fn join_request_is_declined(app: TestApp) {
    let islington = app.org(ons::ISLINGTON).await;
    let mut priya = app.signed_in(CAMDEN).await;
    let id = app
        .open_challenge(
            &mut priya,
            "Library self-service kiosks",
            "libraries",
            "authorities",
        )
        .await;
    let mut daniel = app.signed_in(ISLINGTON).await;
    ask_to_join(&mut daniel, id, "participant", "")
        .await
        .assert_status(StatusCode::SEE_OTHER);

    let members = priya.get(&format!("/challenges/{id}/members")).await;
    let ids = join_request_ids(&members, id);
    assert_eq!(ids.len(), 1);
    let res = priya
        .post_form(
            &format!("/challenges/{id}/join-requests/{}", ids[0]),
            &[("decision", "maybe")],
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("Choose to accept or decline the request"));
    assert_eq!(app.join_requests(id).await[0].status, "pending");

    let res = priya
        .post_form(
            &format!("/challenges/{id}/join-requests/{}", ids[0]),
            &[("decision", "decline")],
        )
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(app.member_role(id, islington).await, None);
    assert_eq!(app.join_requests(id).await[0].status, "declined");
    assert_eq!(app.history(id).await[0].action, "join_declined");
    let mail = outbox::messages_to(&app.db, ISLINGTON).await.unwrap();
    assert!(
        mail[0].subject.contains("was declined"),
        "{}",
        mail[0].subject
    );
    assert!(!priya
        .get(&format!("/challenges/{id}/members"))
        .await
        .has_testid("join-request"));

    let page = daniel.get(&format!("/challenges/{id}")).await;
    assert!(
        page.has_testid("request-to-join"),
        "a declined authority may ask again"
    );
    ask_to_join(&mut daniel, id, "observer", "Second try")
        .await
        .assert_status(StatusCode::SEE_OTHER);
    assert_eq!(app.join_requests(id).await.len(), 2);

    // A request is decided only through its own challenge: the lead of another
    // challenge cannot reach it by putting its id under that challenge's URL.
    let pending = join_request_ids(&priya.get(&format!("/challenges/{id}/members")).await, id);
    assert_eq!(pending.len(), 1);
    let other = app
        .open_challenge(&mut priya, "Another challenge", "housing", "authorities")
        .await;
    priya
        .post_form(
            &format!("/challenges/{other}/join-requests/{}", pending[0]),
            &[("decision", "accept")],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    assert_eq!(app.member_role(other, islington).await, None);
    assert_eq!(app.member_role(id, islington).await, None);
    assert_eq!(app.join_requests(id).await[1].status, "pending");

    // An unknown request id is not found.
    priya
        .post_form(
            &format!("/challenges/{id}/join-requests/{}", Uuid::new_v4()),
            &[("decision", "accept")],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
}
both_databases!(join_request_is_declined);

/// One pending request per authority; members, suppliers and closed doors cannot ask.
async fn who_may_ask_to_join(app: TestApp) {
    let mut priya = app.signed_in(CAMDEN).await;
    let id = app
        .open_challenge(
            &mut priya,
            "Council tax e-billing",
            "revenues-and-benefits",
            "authorities",
        )
        .await;
    let mut aisha = app.signed_in(HACKNEY).await;
    ask_to_join(&mut aisha, id, "participant", "")
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let res = ask_to_join(&mut aisha, id, "observer", "Again").await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.error_summary().contains(
        "Hackney has already asked to join this challenge: the lead authority will decide"
    ));
    assert_eq!(app.join_requests(id).await.len(), 1);

    // Adding the authority directly settles its pending request.
    let mut other_lead = app.signed_in(CAMDEN).await;
    app.add_member(&mut other_lead, id, app.org(ons::HACKNEY).await, "observer")
        .await;
    assert_eq!(app.join_requests(id).await[0].status, "accepted");
    assert!(!other_lead
        .get(&format!("/challenges/{id}/members"))
        .await
        .has_testid("join-request"));

    // A bad role or an over-long message is refused with the message kept.
    let mut tom = app.signed_in(BRENT).await;
    let res = ask_to_join(&mut tom, id, "lead", "Brent wants in").await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("Select participant or observer"));
    assert_eq!(
        res.textarea("message").as_deref().map(str::trim),
        Some("Brent wants in")
    );
    let res = ask_to_join(&mut tom, id, "participant", &"x".repeat(2001)).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.error_summary().contains("2000 characters or fewer"));
    assert_eq!(app.join_requests(id).await.len(), 1);

    // The lead's own authority is already a member.
    ask_to_join(&mut priya, id, "participant", "")
        .await
        .assert_status(StatusCode::FORBIDDEN);

    // A supplier cannot see an authorities-only challenge at all, and cannot ask to
    // join a public one.
    let mut supplier = app.signed_in(SUPPLIER).await;
    ask_to_join(&mut supplier, id, "participant", "")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let public = app
        .open_challenge(
            &mut priya,
            "Public open data portal",
            "corporate-it",
            "public",
        )
        .await;
    let page = supplier.get(&format!("/challenges/{public}")).await;
    page.assert_status(StatusCode::OK);
    assert!(!page.has_testid("request-to-join"));
    ask_to_join(&mut supplier, public, "participant", "")
        .await
        .assert_status(StatusCode::FORBIDDEN);
    assert!(app.join_requests(public).await.is_empty());

    // Nobody outside can ask to join a private challenge they cannot see.
    let private = app
        .open_challenge(&mut priya, "Private procurement", "housing", "private")
        .await;
    ask_to_join(&mut aisha, private, "participant", "")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let res = ask_to_join(&mut app.client(), private, "participant", "").await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert!(res.location().starts_with("/sign-in"));
    assert!(app.join_requests(private).await.is_empty());
}
both_databases!(who_may_ask_to_join);

async fn handing_over_the_lead_and_removing_ask_first(app: TestApp) {
    let brent = app.org(ons::BRENT).await;
    let camden = app.org(ons::CAMDEN).await;
    let mut priya = app.signed_in(CAMDEN).await;
    let id = app
        .open_challenge(
            &mut priya,
            "Library management system",
            "libraries",
            "private",
        )
        .await;
    app.add_member(&mut priya, id, brent, "participant").await;

    let page = priya
        .get(&format!("/challenges/{id}/members/{brent}/lead"))
        .await;
    page.assert_status(StatusCode::OK)
        .assert_text("Make Brent the lead authority?")
        .assert_text("Camden will stay on as a participant");
    // Asking changes nothing.
    assert_eq!(app.member_role(id, camden).await.as_deref(), Some("lead"));

    priya
        .get(&format!("/challenges/{id}/members/{brent}/remove"))
        .await
        .assert_status(StatusCode::OK)
        .assert_text("Remove Brent from this challenge?");
    assert_eq!(
        app.member_role(id, brent).await.as_deref(),
        Some("participant")
    );

    // The lead itself is never offered for removal or hand-over.
    priya
        .get(&format!("/challenges/{id}/members/{camden}/remove"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // A participant may not even see the question.
    let mut tom = app.signed_in(BRENT).await;
    tom.get(&format!("/challenges/{id}/members/{brent}/lead"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    // An outsider learns nothing about the private challenge.
    let mut aisha = app.signed_in(HACKNEY).await;
    aisha
        .get(&format!("/challenges/{id}/members/{brent}/remove"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
}
both_databases!(handing_over_the_lead_and_removing_ask_first);
