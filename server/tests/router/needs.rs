//! User needs: writing them together, each authority's view, history, conflicts.

use crate::common::*;
use app::domain::policy::Actor;
use app::domain::ChallengeId;
use app::ssr::entities::need;
use app::ssr::needs::{self, NeedEditOutcome, NeedForm};
use app::ssr::revisions;
use axum::http::StatusCode;
use sea_orm::EntityTrait;
use uuid::Uuid;

const NEED: &[(&str, &str)] = &[
    ("as_a", "council tenant"),
    ("i_need", "to report a repair online at any time"),
    ("so_that", "I do not have to wait on the phone"),
    ("priority", "must"),
    ("evidence", "3,400 calls a month are repair reports."),
    ("tags", "Repairs, online"),
];

/// A private challenge led by Camden with Brent as participant and Hackney as observer.
async fn shared_challenge(app: &TestApp) -> (Uuid, Client, Client, Client) {
    let mut priya = app.signed_in(CAMDEN).await;
    let id = app
        .open_challenge(&mut priya, "Housing repairs", "housing", "private")
        .await;
    app.add_member(&mut priya, id, app.org(ons::BRENT).await, "participant")
        .await;
    app.add_member(&mut priya, id, app.org(ons::HACKNEY).await, "observer")
        .await;
    let tom = app.signed_in(BRENT).await;
    let aisha = app.signed_in(HACKNEY).await;
    (id, priya, tom, aisha)
}

async fn add_need(client: &mut Client, challenge: Uuid, fields: &[(&str, &str)]) -> Uuid {
    let res = client
        .post_form(&format!("/challenges/{challenge}/needs"), fields)
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    let location = res.location();
    location
        .split("#need-")
        .nth(1)
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("adding a need redirected to {location}"))
}

async fn needs_are_written_together(app: TestApp) {
    let (id, mut priya, mut tom, mut aisha) = shared_challenge(&app).await;
    let need = add_need(&mut tom, id, NEED).await;
    let page = priya.get(&format!("/challenges/{id}/needs")).await;
    page.assert_status(StatusCode::OK)
        .assert_text("As a council tenant, I need to report a repair online at any time")
        .assert_text("Proposed by Brent")
        .assert_text("Tags: repairs, online");

    // The lead edits it; the history keeps both texts.
    let version = priya
        .get(&format!("/challenges/{id}/needs/{need}/edit"))
        .await
        .input("version")
        .unwrap();
    let mut edited: Vec<(&str, &str)> = NEED.to_vec();
    edited[1] = ("i_need", "to report a repair online or by text message");
    edited.push(("version", &version));
    priya
        .post_form(&format!("/challenges/{id}/needs/{need}/edit"), &edited)
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let detail = aisha.get(&format!("/challenges/{id}/needs/{need}")).await;
    detail
        .assert_status(StatusCode::OK)
        .assert_text("Version 2: Edited the need")
        .assert_text("Priya Shah (Camden)")
        .assert_text("removed: ")
        .assert_text("added: ");
    assert_eq!(revisions::count(&app.db, need).await.unwrap(), 2);

    // The observer comments but cannot edit or endorse.
    aisha
        .post_form(
            &format!("/challenges/{id}/needs/{need}/comments"),
            &[("body", "Hackney sees the same in its data.")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    aisha
        .post_form(&format!("/challenges/{id}/needs"), NEED)
        .await
        .assert_status(StatusCode::FORBIDDEN);
    aisha
        .post_form(
            &format!("/challenges/{id}/needs/{need}/view"),
            &[("endorsed", "yes"), ("view_priority", "must")],
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);
    priya
        .get(&format!("/challenges/{id}/needs/{need}"))
        .await
        .assert_text("Hackney sees the same in its data.")
        .assert_text("Aisha Rahman")
        .assert_text(", Hackney ·");

    // Restoring version 1 makes a new version 3 with the old text.
    priya
        .post_form(
            &format!("/challenges/{id}/needs/{need}/restore"),
            &[("version", "1")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    priya
        .get(&format!("/challenges/{id}/needs/{need}"))
        .await
        .assert_text("Version 3: Restored version 1")
        .assert_text("As a council tenant, I need to report a repair online at any time");
}
both_databases!(needs_are_written_together);

async fn authorities_views_show_where_they_disagree(app: TestApp) {
    let (id, mut priya, mut tom, _aisha) = shared_challenge(&app).await;
    let need = add_need(&mut priya, id, NEED).await;
    priya
        .post_form(
            &format!("/challenges/{id}/needs/{need}/view"),
            &[("endorsed", "yes"), ("view_priority", "must")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    tom.post_form(
        &format!("/challenges/{id}/needs/{need}/view"),
        &[("view_priority", "wont")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let page = priya
        .get(&format!("/challenges/{id}/needs?view=disagreements"))
        .await;
    page.assert_status(StatusCode::OK)
        .assert_text("Authorities disagree: must for some, won't for others")
        .assert_text("The member authorities' priorities differ on 1");
    assert_eq!(page.testids("need-card").len(), 1);
    // The list gives each authority's view next to the agreed priority, in brief.
    let brief = page.testid("views-in-brief");
    assert!(brief.contains("Camden: Must have"), "{brief}");
    assert!(
        brief.contains("Brent: Won't have this time (does not share it)"),
        "{brief}"
    );
    assert!(brief.contains("1 not given yet"), "{brief}"); // Hackney, the observer
    page.assert_text("Agreed: Must have");

    // The need's own page has the full table, and the form for one's own view.
    let detail = tom.get(&format!("/challenges/{id}/needs/{need}")).await;
    detail.assert_status(StatusCode::OK);
    let table = detail.testid("views-table");
    assert!(table.contains("Camden Yes Must have"), "{table}");
    assert!(table.contains("Brent No Won't have this time"), "{table}");
    assert!(table.contains("Hackney Not yet said Not given"), "{table}");
    assert_eq!(detail.selected("view_priority").as_deref(), Some("wont"));
    assert!(detail.has_testid("view-form"));

    // The consensus view puts every authority's priority beside the agreed one.
    let consensus = priya
        .get(&format!(
            "/challenges/{id}/needs/consensus?view=disagreements"
        ))
        .await;
    consensus.assert_status(StatusCode::OK);
    let rows = consensus.testids("consensus-row");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(
        rows[0].contains(
            "Must have Must have Won't have this time (does not share it) Not given Authorities disagree"
        ),
        "{rows:?}"
    );
    let table = consensus.testid("consensus-table");
    assert!(
        table.contains("Need Agreed Camden Brent Hackney Agreement"),
        "{table}"
    );

    // A priority that is not MoSCoW is refused with a message, on the need's page.
    let res = tom
        .post_form(
            &format!("/challenges/{id}/needs/{need}/view"),
            &[("view_priority", "essential")],
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("Select your authority's priority from the list"));
    assert!(res.has_testid("view-form"));
    res.assert_text("Each authority's view");

    // Two steps apart (Must and Could) needs a decision too; one step (Must and Should)
    // does not. The list counts and filters them in the database.
    for (text, camden, brent) in [
        ("to pay my rent online", "must", "could"),
        ("to book a viewing", "must", "should"),
    ] {
        let mut fields: Vec<(&str, &str)> = NEED.to_vec();
        fields[1] = ("i_need", text);
        let other = add_need(&mut priya, id, &fields).await;
        for (client, priority) in [(&mut priya, camden), (&mut tom, brent)] {
            client
                .post_form(
                    &format!("/challenges/{id}/needs/{other}/view"),
                    &[("endorsed", "yes"), ("view_priority", priority)],
                )
                .await
                .assert_status(StatusCode::SEE_OTHER);
        }
    }
    let page = priya
        .get(&format!("/challenges/{id}/needs?view=disagreements"))
        .await;
    page.assert_text("The member authorities' priorities differ on 2")
        .assert_text("Authorities' priorities differ");
    let cards = page.testids("need-card");
    assert_eq!(cards.len(), 2, "{cards:?}");
    assert!(cards[1].contains("to pay my rent online"), "{cards:?}");
    let all = priya.get(&format!("/challenges/{id}/needs")).await;
    assert_eq!(all.testids("need-card").len(), 3);
    all.assert_text("Authorities nearly agree");

    // Brent coming round to Must settles the first need: it leaves the disputed ones.
    tom.post_form(
        &format!("/challenges/{id}/needs/{need}/view"),
        &[("endorsed", "yes"), ("view_priority", "must")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let page = priya
        .get(&format!("/challenges/{id}/needs?view=disagreements"))
        .await;
    page.assert_text("The member authorities' priorities differ on 1");
    let cards = page.testids("need-card");
    assert_eq!(cards.len(), 1, "{cards:?}");
    assert!(cards[0].contains("to pay my rent online"), "{cards:?}");
}
both_databases!(authorities_views_show_where_they_disagree);

async fn bad_needs_get_specific_messages(app: TestApp) {
    let (id, mut priya, _tom, _aisha) = shared_challenge(&app).await;
    let res = priya
        .post_form(
            &format!("/challenges/{id}/needs"),
            &[("as_a", "tenant"), ("evidence", &"x".repeat(100_000))],
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let summary = res.error_summary();
    assert!(
        summary.contains("Enter what they need, after ‘I need’"),
        "{summary}"
    );
    assert!(summary.contains("Enter why they need it"), "{summary}");
    assert!(summary.contains("Select the priority"), "{summary}");
    assert!(
        summary.contains("Evidence and notes must be 20000 characters or fewer"),
        "{summary}"
    );
    assert_eq!(res.input("as_a").as_deref(), Some("tenant"));

    let need = add_need(&mut priya, id, NEED).await;
    priya
        .post_form(&format!("/challenges/{id}/needs/{need}/archive"), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    // Editing an archived need is refused and says why.
    let mut edit: Vec<(&str, &str)> = NEED.to_vec();
    edit.push(("version", "2"));
    let res = priya
        .post_form(&format!("/challenges/{id}/needs/{need}/edit"), &edit)
        .await;
    res.assert_status(StatusCode::CONFLICT)
        .assert_text("This need has been archived");
    // Markup in a comment stays text; javascript: links are dropped.
    let other = add_need(&mut priya, id, NEED).await;
    priya
        .post_form(
            &format!("/challenges/{id}/needs/{other}/comments"),
            &[("body", "<script>alert(1)</script> [x](javascript:alert(1))")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let page = priya.get(&format!("/challenges/{id}/needs/{other}")).await;
    assert!(!page.body.contains("<script>alert(1)</script>"));
    priya
        .post_form(
            &format!("/challenges/{id}/needs/{other}/comments"),
            &[(
                "body",
                "See [the report](javascript:alert(1)) and [the data](https://example.org/data).",
            )],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let page = priya.get(&format!("/challenges/{id}/needs/{other}")).await;
    assert!(
        !page.body.contains("href=\"javascript:"),
        "a javascript: link survived"
    );
    assert!(page.body.contains("href=\"https://example.org/data\""));
    // A malformed or foreign need id is a missing page.
    priya
        .get(&format!("/challenges/{id}/needs/not-a-uuid"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    priya
        .get(&format!("/challenges/{id}/needs/{}", Uuid::new_v4()))
        .await
        .assert_status(StatusCode::NOT_FOUND);
}
both_databases!(bad_needs_get_specific_messages);

async fn stale_edits_never_overwrite(app: TestApp) {
    let (id, mut priya, mut tom, _aisha) = shared_challenge(&app).await;
    let need = add_need(&mut priya, id, NEED).await;
    let mut first: Vec<(&str, &str)> = NEED.to_vec();
    first[2] = ("so_that", "Brent's wording wins the race");
    first.push(("version", "1"));
    tom.post_form(&format!("/challenges/{id}/needs/{need}/edit"), &first)
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let mut second: Vec<(&str, &str)> = NEED.to_vec();
    second[2] = ("so_that", "Camden's wording, typed at the same time");
    second.push(("version", "1"));
    let res = priya
        .post_form(&format!("/challenges/{id}/needs/{need}/edit"), &second)
        .await;
    res.assert_status(StatusCode::CONFLICT)
        .assert_text("Tom Okafor (Brent) saved this need")
        .assert_text("Brent's wording wins the race");
    assert_eq!(
        res.input("so_that").as_deref(),
        Some("Camden's wording, typed at the same time")
    );
    assert_eq!(res.input("version").as_deref(), Some("2"));
    // Saving again from the conflict page is based on the new version and succeeds.
    let mut merged: Vec<(&str, &str)> = NEED.to_vec();
    merged[2] = ("so_that", "both boroughs' wording, merged");
    merged.push(("version", "2"));
    priya
        .post_form(&format!("/challenges/{id}/needs/{need}/edit"), &merged)
        .await
        .assert_status(StatusCode::SEE_OTHER);
    assert_eq!(revisions::count(&app.db, need).await.unwrap(), 3);
}
both_databases!(stale_edits_never_overwrite);

async fn needs_reorder_merge_and_stay_private(app: TestApp) {
    let (id, mut priya, mut tom, _aisha) = shared_challenge(&app).await;
    let a = add_need(&mut priya, id, NEED).await;
    let mut other: Vec<(&str, &str)> = NEED.to_vec();
    other[1] = ("i_need", "to see when my repair will be done");
    let b = add_need(&mut tom, id, &other).await;
    tom.post_form(
        &format!("/challenges/{id}/needs/{b}/move"),
        &[("direction", "up")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let cards = priya
        .get(&format!("/challenges/{id}/needs"))
        .await
        .testids("need-card");
    assert!(
        cards[0].contains("to see when my repair will be done"),
        "{cards:?}"
    );

    let res = priya
        .post_form(
            &format!("/challenges/{id}/needs/merge"),
            &[("keep", &a.to_string()), ("duplicate", &b.to_string())],
        )
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    let page = priya.get(&format!("/challenges/{id}/needs")).await;
    assert_eq!(page.testids("need-card").len(), 1);
    priya
        .get(&format!("/challenges/{id}/needs/{a}"))
        .await
        .assert_text("Merged from: As a council tenant, I need to see when my repair will be done");
    let res = priya
        .post_form(
            &format!("/challenges/{id}/needs/merge"),
            &[("keep", &a.to_string()), ("duplicate", &a.to_string())],
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.error_summary().contains("Select two different needs"));

    // Drafts never leak: outsiders and suppliers get 404, visitors are sent to sign in.
    let mut islington = app.signed_in(ISLINGTON).await;
    islington
        .get(&format!("/challenges/{id}/needs"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    islington
        .get(&format!("/challenges/{id}/needs/{a}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let mut supplier = app.signed_in(SUPPLIER).await;
    supplier
        .get(&format!("/challenges/{id}/needs"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let mut visitor = app.client();
    let res = visitor.get(&format!("/challenges/{id}/needs")).await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert!(res.location().starts_with("/sign-in"));
}
both_databases!(needs_reorder_merge_and_stay_private);

/// The list shows 50 needs a page; each need's actions are on its own page.
async fn long_lists_are_paged(app: TestApp) {
    let (id, mut priya, _tom, mut aisha) = shared_challenge(&app).await;
    let mut added = Vec::new();
    for i in 1..=51 {
        let text = format!("to report repair number {i:02}");
        let mut fields: Vec<(&str, &str)> = NEED.to_vec();
        fields[1] = ("i_need", &text);
        added.push(add_need(&mut priya, id, &fields).await);
    }
    // The 51st need is on page 2, and adding it went there.
    let mut fields: Vec<(&str, &str)> = NEED.to_vec();
    fields[1] = ("i_need", "to report repair number 52");
    let res = priya
        .post_form(&format!("/challenges/{id}/needs"), &fields)
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert!(
        res.location()
            .starts_with(&format!("/challenges/{id}/needs?page=2#need-")),
        "{}",
        res.location()
    );

    let first = priya.get(&format!("/challenges/{id}/needs")).await;
    first
        .assert_status(StatusCode::OK)
        .assert_text("52 needs.")
        .assert_text("Showing 1 to 50 of 52.");
    let cards = first.testids("need-card");
    assert_eq!(cards.len(), 50);
    assert!(cards[0].contains("repair number 01"), "{}", cards[0]);
    assert!(first.testid("pagination").contains("Next page"));
    // No forms per need in the list: they are on the need's page.
    assert!(!first.has_testid("save-view"));
    assert!(!first.has_testid("move-up"));

    let second = priya.get(&format!("/challenges/{id}/needs?page=2")).await;
    second.assert_text("Showing 51 to 52 of 52.");
    let cards = second.testids("need-card");
    assert_eq!(cards.len(), 2);
    assert!(cards[0].contains("repair number 51"), "{}", cards[0]);
    assert!(second.testid("pagination").contains("Previous page"));
    // A page beyond the last shows the last; nonsense shows the first.
    assert_eq!(
        priya
            .get(&format!("/challenges/{id}/needs?page=9"))
            .await
            .testids("need-card")
            .len(),
        2
    );
    assert_eq!(
        priya
            .get(&format!("/challenges/{id}/needs?page=x"))
            .await
            .testids("need-card")
            .len(),
        50
    );

    // The last need's page can move it up but not down, edit, archive and merge into it.
    let last = added[50];
    let detail = priya.get(&format!("/challenges/{id}/needs/{last}")).await;
    detail.assert_text("This is need 51 of 52 in the agreed order.");
    for testid in [
        "edit-need",
        "move-up",
        "move-down",
        "archive-need",
        "merge-into",
        "save-view",
    ] {
        assert!(detail.has_testid(testid), "no {testid}");
    }
    let res = priya
        .post_form(
            &format!("/challenges/{id}/needs/{last}/move"),
            &[("direction", "up")],
        )
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(
        res.location(),
        format!("/challenges/{id}/needs/{last}#actions")
    );
    priya
        .get(&format!("/challenges/{id}/needs/{last}"))
        .await
        .assert_text("This is need 50 of 52 in the agreed order.");
    let first = priya.get(&format!("/challenges/{id}/needs")).await;
    assert!(first.testids("need-card")[49].contains("repair number 51"));

    // The merge page offers every live need, with the one it came from chosen.
    let merge = priya
        .get(&format!("/challenges/{id}/needs/merge?keep={last}"))
        .await;
    merge.assert_status(StatusCode::OK);
    assert_eq!(merge.selected("keep"), Some(last.to_string()));
    assert_eq!(merge.selected("duplicate"), None);
    assert!(merge.body.matches("repair number 52").count() >= 2);

    // An observer reads the need but gets none of the forms.
    let detail = aisha.get(&format!("/challenges/{id}/needs/{last}")).await;
    detail.assert_status(StatusCode::OK);
    for testid in [
        "edit-need",
        "move-up",
        "archive-need",
        "merge-into",
        "save-view",
    ] {
        assert!(!detail.has_testid(testid), "an observer sees {testid}");
    }
    assert!(detail.has_testid("views-table"));
    aisha
        .get(&format!("/challenges/{id}/needs/merge"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
}
both_databases!(long_lists_are_paged);

/// 8 writers each make 200 edits to the same need through the real service. Every save
/// either succeeds (and leaves exactly one revision) or is reported as a conflict.
async fn concurrent_writers_lose_nothing(app: TestApp) {
    let (id, mut priya, _tom, _aisha) = shared_challenge(&app).await;
    let need = add_need(&mut priya, id, NEED).await;
    let challenge = ChallengeId(id);
    let mut writers = Vec::new();
    for writer in 0..8 {
        let db = app.db.clone();
        let email = if writer % 2 == 0 { CAMDEN } else { BRENT };
        let user = app.user_by_email(email).await.expect("demo user");
        let actor = Actor::User(
            app::ssr::accounts::load_user(&db, app::domain::UserId(user.id))
                .await
                .unwrap(),
        );
        writers.push(tokio::spawn(async move {
            let (mut saved, mut conflicts) = (Vec::new(), 0usize);
            for edit in 0..200 {
                let row = need::Entity::find_by_id(need)
                    .one(&db)
                    .await
                    .unwrap()
                    .unwrap();
                let text = format!("writer {writer} edit {edit}");
                let form = NeedForm {
                    as_a: "council tenant".into(),
                    i_need: text.clone(),
                    so_that: "nothing is lost".into(),
                    priority: "must".into(),
                    version: row.version.to_string(),
                    ..Default::default()
                };
                match needs::update(&db, &actor, challenge, need, &form).await {
                    Ok(NeedEditOutcome::Saved) => saved.push(text),
                    Ok(NeedEditOutcome::Conflict(_)) => conflicts += 1,
                    Err(err) => panic!("writer {writer} edit {edit} failed: {err}"),
                }
            }
            (saved, conflicts)
        }));
    }
    let mut saved = Vec::new();
    let mut conflicts = 0;
    for writer in writers {
        let (s, c) = writer.await.unwrap();
        saved.extend(s);
        conflicts += c;
    }
    assert_eq!(
        saved.len() + conflicts,
        1600,
        "every attempt is either saved or a conflict"
    );
    let history: Vec<revisions::Revision<needs::NeedSnapshot>> =
        revisions::list(&app.db, need).await.unwrap();
    // One revision for the creation, one per successful save.
    assert_eq!(history.len(), saved.len() + 1);
    let recorded: std::collections::HashSet<&str> =
        history.iter().map(|r| r.snapshot.i_need.as_str()).collect();
    for text in &saved {
        assert!(
            recorded.contains(text.as_str()),
            "saved edit {text} has no revision"
        );
    }
    let versions: Vec<i32> = history.iter().map(|r| r.version).collect();
    assert_eq!(
        versions,
        (1..=history.len() as i32).collect::<Vec<_>>(),
        "versions form one unbroken line"
    );
}
both_databases!(concurrent_writers_lose_nothing);
