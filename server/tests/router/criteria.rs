//! Buying criteria through the router: drafting with the running weight total, the
//! needs each criterion covers and the traceability matrix, the version check on edits,
//! archive, order, comments, history and restore, sign-off, the policy, and bad input.

use crate::common::*;
use app::ssr::entities::{criterion, criterion_need, need, revision, signoff_round};
use axum::http::StatusCode;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use uuid::Uuid;

/// A private Camden challenge with Brent as participant and Islington as observer.
async fn challenge(app: &TestApp) -> (Uuid, Client) {
    let mut priya = app.signed_in(CAMDEN).await;
    let id = app
        .open_challenge(&mut priya, "Shared repairs platform", "housing", "private")
        .await;
    app.add_member(&mut priya, id, app.org(ons::BRENT).await, "participant")
        .await;
    app.add_member(&mut priya, id, app.org(ons::ISLINGTON).await, "observer")
        .await;
    (id, priya)
}

/// Inserts a need row directly (the needs pages are another part of the service).
async fn add_need(app: &TestApp, challenge: Uuid, who: &str, what: &str, priority: &str) -> Uuid {
    add_need_with_status(app, challenge, who, what, priority, "live").await
}

async fn add_need_with_status(
    app: &TestApp,
    challenge: Uuid,
    who: &str,
    what: &str,
    priority: &str,
    status: &str,
) -> Uuid {
    let user = app.user_by_email(CAMDEN).await.expect("the Camden officer");
    let id = Uuid::new_v4();
    let position = need::Entity::find()
        .filter(need::Column::ChallengeId.eq(challenge))
        .count(&app.db)
        .await
        .expect("counting needs") as i32;
    need::ActiveModel {
        id: Set(id),
        challenge_id: Set(challenge),
        as_a: Set(who.into()),
        i_need: Set(what.into()),
        so_that: Set("things work".into()),
        priority: Set(priority.into()),
        evidence: Set(String::new()),
        tags: Set(String::new()),
        position: Set(position + 1),
        proposed_by: Set(user.organisation_id),
        status: Set(status.into()),
        merged_into: Set(None),
        version: Set(1),
        created_by: Set(user.id),
        created_at: Set(Utc::now()),
        updated_at: Set(Utc::now()),
        priority_spread: Set(0),
    }
    .insert(&app.db)
    .await
    .expect("inserting a need");
    id
}

fn fields<'a>(
    name: &'a str,
    kind: &'a str,
    weight: &'a str,
    needs: &'a [String],
) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("name", name),
        ("description", "Judged on **evidence**."),
        ("kind", kind),
        ("category", "quality"),
        ("weight", weight),
        ("guidance", "0 = none, 5 = excellent"),
    ];
    for n in needs {
        f.push(("needs", n.as_str()));
    }
    f
}

async fn add_criterion(
    client: &mut Client,
    challenge: Uuid,
    name: &str,
    kind: &str,
    weight: &str,
    needs: &[Uuid],
) -> Uuid {
    let needs: Vec<String> = needs.iter().map(Uuid::to_string).collect();
    let res = client
        .post_form(
            &format!("/challenges/{challenge}/criteria"),
            &fields(name, kind, weight, &needs),
        )
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    let location = res.location();
    location
        .rsplit('/')
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("adding a criterion redirected to {location}"))
}

async fn criterion_row(app: &TestApp, id: Uuid) -> criterion::Model {
    criterion::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("reading a criterion")
        .expect("the criterion exists")
}

async fn revision_count(app: &TestApp, id: Uuid) -> u64 {
    revision::Entity::find()
        .filter(revision::Column::ItemId.eq(id))
        .count(&app.db)
        .await
        .expect("counting revisions")
}

async fn rounds(app: &TestApp, challenge: Uuid) -> Vec<signoff_round::Model> {
    signoff_round::Entity::find()
        .filter(signoff_round::Column::ChallengeId.eq(challenge))
        .all(&app.db)
        .await
        .expect("reading rounds")
}

/// Criteria are added with the needs they cover; the list keeps a running total of the
/// scored weights and says what is wrong with it; the matrix marks coverage and flags
/// uncovered Must needs and criteria covering nothing; every save is a revision, an audit
/// event and a new criteria-set version.
async fn criteria_are_drafted_totalled_and_traced(app: TestApp) {
    let (id, mut priya) = challenge(&app).await;
    let tenants = add_need(&app, id, "tenant", "to report a repair online", "must").await;
    let officers = add_need(
        &app,
        id,
        "repairs officer",
        "to see all open jobs",
        "should",
    )
    .await;
    let uncovered = add_need(&app, id, "contractor", "to close jobs from site", "must").await;
    let archived = add_need_with_status(&app, id, "ghost", "nothing", "must", "archived").await;

    let page = priya.get(&format!("/challenges/{id}/criteria")).await;
    page.assert_status(StatusCode::OK);
    page.assert_text("No buying criteria yet.");
    page.assert_text("As a tenant, I need to report a repair online");
    page.assert_no_text("As a ghost");
    assert!(page.has_testid("challenge-tabs"));

    let usability = add_criterion(
        &mut priya,
        id,
        "Ease of reporting",
        "scored",
        "60",
        &[tenants],
    )
    .await;
    let mut brent = app.signed_in(BRENT).await;
    let insurance = add_criterion(
        &mut brent,
        id,
        "Public liability insurance",
        "pass_fail",
        "",
        &[officers],
    )
    .await;
    let idle = add_criterion(&mut brent, id, "Price per dwelling", "scored", "39.5", &[]).await;

    let page = priya.get(&format!("/challenges/{id}/criteria")).await;
    page.assert_status(StatusCode::OK);
    let total = page.testid("weight-total");
    assert!(total.contains("Scored weights add up to 99.5%"), "{total}");
    assert!(
        total.contains("Scored criteria weights add up to 99.5%: they must add up to exactly 100% (0.5% still to allocate)"),
        "{total}"
    );
    let rows = page.testids("criterion-row");
    assert_eq!(rows.len(), 3);
    assert!(rows[0].contains("Ease of reporting") && rows[0].contains("60%"));
    assert!(rows[1].contains("Pass/fail") && rows[1].contains("As a repairs officer"));
    assert!(rows[2].contains("39.5%") && rows[2].contains("Covers no need"));

    let row = criterion_row(&app, usability).await;
    assert_eq!(row.weight_hundredths, Some(6000));
    assert_eq!(row.version, 1);
    assert_eq!(criterion_row(&app, insurance).await.weight_hundredths, None);
    assert_eq!(revision_count(&app, usability).await, 1);
    assert_eq!(app.challenge_row(id).await.criteria_set_version, 4);
    let events = app.history(id).await;
    assert!(events.iter().any(|e| e.action == "criterion_created"
        && e.actor_name == "Tom Okafor"
        && e.summary.contains("Price per dwelling")));

    let matrix = priya.get(&format!("/challenges/{id}/matrix")).await;
    matrix.assert_status(StatusCode::OK);
    assert!(matrix.has_testid("challenge-tabs"));
    let uncovered_text = matrix.testid("uncovered-musts");
    assert!(
        uncovered_text.contains("As a contractor, I need to close jobs from site"),
        "{uncovered_text}"
    );
    assert!(!uncovered_text.contains("tenant"), "{uncovered_text}");
    let idle_text = matrix.testid("idle-criteria");
    assert!(idle_text.contains("Price per dwelling"), "{idle_text}");
    assert!(!idle_text.contains("Ease of reporting"));
    assert_eq!(matrix.testids("matrix-mark").len(), 2);
    assert_eq!(
        matrix.testids("matrix-row").len(),
        3,
        "archived needs are not rows"
    );
    assert!(matrix.body.contains("<th scope=\"col\""));
    assert!(matrix.body.contains("<th scope=\"row\""));
    assert!(matrix.body.contains("<caption"));
    matrix.assert_text("Covered");
    matrix.assert_text("Not covered");
    let _ = (uncovered, archived, idle);

    let detail = priya
        .get(&format!("/challenges/{id}/criteria/{usability}"))
        .await;
    detail.assert_status(StatusCode::OK);
    assert!(
        detail.body.contains("<strong>evidence</strong>"),
        "description rendered as Markdown"
    );
    assert!(detail
        .testid("criterion-needs")
        .contains("As a tenant, I need to report a repair online"));
    assert_eq!(detail.testids("revision").len(), 1);
}
both_databases!(criteria_are_drafted_totalled_and_traced);

/// Each refusal says exactly what is wrong, answers 422, keeps what was typed, and
/// saves nothing.
async fn bad_criterion_input_is_refused_keeping_the_form(app: TestApp) {
    let (id, mut priya) = challenge(&app).await;
    let need = add_need(&app, id, "tenant", "to report a repair online", "must").await;
    let archived = add_need_with_status(&app, id, "ghost", "nothing", "must", "archived").await;
    let (other, _) = challenge(&app).await;
    let foreign = add_need(&app, other, "stranger", "something else", "must").await;
    let path = format!("/challenges/{id}/criteria");
    let need_s = vec![need.to_string()];

    for (weight, message) in [
        ("-5", "Weight must be 0% or more"),
        ("101", "Weight must be 100% or less"),
        ("abc", "Weight must be a number, like 25 or 12.5"),
        (
            "",
            "Enter a weight for this scored criterion, as a percentage",
        ),
    ] {
        let res = priya
            .post_form(&path, &fields("Ease of use", "scored", weight, &need_s))
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        let summary = res.error_summary();
        assert!(summary.contains(message), "{weight}: {summary}");
        assert_eq!(res.input("weight").as_deref(), Some(weight));
        assert_eq!(res.input("name").as_deref(), Some("Ease of use"));
        assert_eq!(res.checked("kind").as_deref(), Some("scored"));
        assert!(
            res.body.contains(&format!("value=\"{need}\" checked")),
            "the ticked need stays ticked"
        );
    }

    let res = priya
        .post_form(&path, &fields("Insurance", "pass_fail", "10", &need_s))
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("A pass/fail criterion has no weight"));

    let res = priya
        .post_form(&path, &fields("   ", "scored", "20", &need_s))
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("Enter a name for the criterion"));
    assert_eq!(res.input("weight").as_deref(), Some("20"));

    let long = "d".repeat(100_000);
    let mut f = fields("Long", "scored", "20", &need_s);
    f[1] = ("description", long.as_str());
    let res = priya.post_form(&path, &f).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.error_summary()
            .contains("Description must be 20000 characters or fewer (you entered 100000)"),
        "{}",
        res.error_summary()
    );
    assert_eq!(
        res.textarea("description").map(|t| t.trim().len()),
        Some(100_000)
    );

    for bad in [
        foreign.to_string(),
        archived.to_string(),
        "not-a-uuid".to_string(),
    ] {
        let res = priya
            .post_form(
                &path,
                &fields("Sneaky", "scored", "20", std::slice::from_ref(&bad)),
            )
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            res.error_summary()
                .contains("not a live need of this challenge"),
            "{bad}: {}",
            res.error_summary()
        );
    }

    let res = priya.post_form(&path, &[("name", "No type")]).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let summary = res.error_summary();
    assert!(summary.contains("Select whether the criterion is pass/fail or scored"));
    assert!(summary.contains("Select a category"));

    let saved = criterion::Entity::find()
        .filter(criterion::Column::ChallengeId.eq(id))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(saved, 0, "nothing was saved");
    assert_eq!(app.challenge_row(id).await.criteria_set_version, 1);
}
both_databases!(bad_criterion_input_is_refused_keeping_the_form);

/// Two people edit the same criterion: the second save, based on the old version, is
/// refused with the conflict page showing their own text, the saved text and who saved
/// it; saving again from there succeeds. No save is lost.
async fn stale_edit_gets_the_conflict_page_and_nothing_is_lost(app: TestApp) {
    let (id, mut priya) = challenge(&app).await;
    let need = add_need(&app, id, "tenant", "to report a repair online", "must").await;
    let cid = add_criterion(&mut priya, id, "Ease of reporting", "scored", "50", &[need]).await;
    let mut tom = app.signed_in(BRENT).await;
    let edit_path = format!("/challenges/{id}/criteria/{cid}/edit");

    let priya_form = priya.get(&edit_path).await;
    priya_form.assert_status(StatusCode::OK);
    assert_eq!(priya_form.input("version").as_deref(), Some("1"));
    assert_eq!(priya_form.input("weight").as_deref(), Some("50"));
    let tom_form = tom.get(&edit_path).await;
    assert_eq!(tom_form.input("version").as_deref(), Some("1"));

    let needs = vec![need.to_string()];
    let mut f = fields("Ease of reporting for residents", "scored", "55", &needs);
    f.push(("version", "1"));
    let res = priya.post_form(&edit_path, &f).await;
    res.assert_status(StatusCode::SEE_OTHER);

    let mut f = fields("Reporting in under two minutes", "scored", "45", &needs);
    f[1] = ("description", "Tom's careful wording");
    f.push(("version", "1"));
    let res = tom.post_form(&edit_path, &f).await;
    res.assert_status(StatusCode::CONFLICT);
    assert!(res.testid("conflict-who").contains("Priya Shah (Camden)"));
    let saved = res.testid("saved-version");
    assert!(saved.contains("Ease of reporting for residents"), "{saved}");
    assert!(saved.contains("55%"), "{saved}");
    assert_eq!(
        res.input("name").as_deref(),
        Some("Reporting in under two minutes")
    );
    assert_eq!(
        res.textarea("description").as_deref().map(str::trim),
        Some("Tom's careful wording")
    );
    assert_eq!(res.input("weight").as_deref(), Some("45"));
    assert_eq!(
        res.input("version").as_deref(),
        Some("2"),
        "the next save is based on the saved version"
    );

    let row = criterion_row(&app, cid).await;
    assert_eq!(
        row.name, "Ease of reporting for residents",
        "the stale save overwrote nothing"
    );
    assert_eq!(row.version, 2);

    let mut f = fields("Reporting in under two minutes", "scored", "45", &needs);
    f.push(("version", "2"));
    tom.post_form(&edit_path, &f)
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let row = criterion_row(&app, cid).await;
    assert_eq!(row.name, "Reporting in under two minutes");
    assert_eq!(row.version, 3);
    assert_eq!(
        revision_count(&app, cid).await,
        3,
        "one revision per successful save"
    );

    let detail = priya.get(&format!("/challenges/{id}/criteria/{cid}")).await;
    let revisions = detail.testids("revision");
    assert_eq!(revisions.len(), 3);
    assert!(
        revisions[0].contains("Tom Okafor (Brent)"),
        "{}",
        revisions[0]
    );
    assert!(
        revisions[0].contains("Ease of reporting for residents"),
        "previous text: {}",
        revisions[0]
    );
    assert!(
        revisions[0].contains("Reporting in under two minutes"),
        "new text: {}",
        revisions[0]
    );
    assert!(detail.body.contains("app-diff-added"));
    let events = app.history(id).await;
    assert_eq!(
        events
            .iter()
            .filter(|e| e.action == "criterion_edited")
            .count(),
        2
    );
}
both_databases!(stale_edit_gets_the_conflict_page_and_nothing_is_lost);

/// Archive, order, comments (threaded one level, sanitised), and restoring a revision.
async fn archive_order_comments_and_restore(app: TestApp) {
    let (id, mut priya) = challenge(&app).await;
    let need = add_need(&app, id, "tenant", "to report a repair online", "must").await;
    let first = add_criterion(&mut priya, id, "First", "scored", "50", &[need]).await;
    let second = add_criterion(&mut priya, id, "Second", "scored", "50", &[need]).await;

    // Order.
    let res = priya
        .post_form(
            &format!("/challenges/{id}/criteria/{second}/move"),
            &[("direction", "up")],
        )
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    let rows = priya
        .get(&format!("/challenges/{id}/criteria"))
        .await
        .testids("criterion-row");
    assert!(
        rows[0].contains("Second") && rows[1].contains("First"),
        "{rows:?}"
    );
    let res = priya
        .post_form(
            &format!("/challenges/{id}/criteria/{second}/move"),
            &[("direction", "sideways")],
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.error_summary().contains("Choose to move up or down"));

    // Comments, by an observer too, with a reply; scripts never reach the page.
    let mut daniel = app.signed_in(ISLINGTON).await;
    let comments = format!("/challenges/{id}/criteria/{first}/comments");
    daniel
        .post_form(
            &comments,
            &[(
                "body",
                "Is 50% too much? <script>alert(1)</script> [x](javascript:alert(1))",
            )],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let thread = app::ssr::comments::threads(&app.db, first).await.unwrap();
    assert_eq!(thread.len(), 1);
    let parent = thread[0].id.to_string();
    let res = priya
        .post_form(
            &comments,
            &[
                ("parent", parent.as_str()),
                (&format!("reply-{parent}"), "   "),
            ],
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.error_summary().contains("Enter a comment"));
    priya
        .post_form(
            &comments,
            &[
                ("parent", parent.as_str()),
                (&format!("reply-{parent}"), "We think not."),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let page = priya
        .get(&format!("/challenges/{id}/criteria/{first}"))
        .await;
    let comment = page.testid("comment");
    assert!(comment.contains("Daniel Murphy"), "{comment}");
    assert!(comment.contains("Islington"), "{comment}");
    assert!(page.testid("reply").contains("We think not."));
    assert!(!page.body.contains("<script>alert"));
    assert!(!page.body.contains("javascript:alert"));
    let res = priya.post_form(&comments, &[("body", "")]).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);

    // Restore version 1 after an edit: a new revision, the old text back.
    let edit = format!("/challenges/{id}/criteria/{first}/edit");
    let needs = vec![need.to_string()];
    let mut f = fields("First, renamed", "scored", "40", &needs);
    f.push(("version", "1"));
    priya
        .post_form(&edit, &f)
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let res = priya
        .post_form(
            &format!("/challenges/{id}/criteria/{first}/restore"),
            &[("version", "1")],
        )
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    let row = criterion_row(&app, first).await;
    assert_eq!(row.name, "First");
    assert_eq!(row.weight_hundredths, Some(5000));
    assert_eq!(row.version, 3);
    assert_eq!(revision_count(&app, first).await, 3);
    let page = priya
        .get(&format!("/challenges/{id}/criteria/{first}"))
        .await;
    assert!(page.testids("revision")[0].contains("Restored version 1"));
    let res = priya
        .post_form(
            &format!("/challenges/{id}/criteria/{first}/restore"),
            &[("version", "99")],
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);

    // Archive: out of the set and the total; no further edits.
    let res = priya
        .post_form(&format!("/challenges/{id}/criteria/{second}/archive"), &[])
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(criterion_row(&app, second).await.status, "archived");
    let page = priya.get(&format!("/challenges/{id}/criteria")).await;
    assert_eq!(page.testids("criterion-row").len(), 1);
    assert!(page.testid("weight-total").contains("add up to 50%"));
    assert!(page.testid("archived-criteria").contains("Second"));
    priya
        .get(&format!("/challenges/{id}/criteria/{second}/edit"))
        .await
        .assert_status(StatusCode::CONFLICT)
        .assert_text("archived");
    let mut f = fields("Second again", "scored", "50", &needs);
    f.push(("version", "2"));
    let res = priya
        .post_form(&format!("/challenges/{id}/criteria/{second}/edit"), &f)
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("This criterion has been archived"));
    assert_eq!(res.input("name").as_deref(), Some("Second again"));
    priya
        .post_form(&format!("/challenges/{id}/criteria/{second}/archive"), &[])
        .await
        .assert_status(StatusCode::CONFLICT);
    assert_eq!(criterion_row(&app, second).await.name, "Second");
    let detail = priya
        .get(&format!("/challenges/{id}/criteria/{second}"))
        .await;
    assert!(detail.has_testid("archived"));
    assert!(!detail.has_testid("edit-criterion"));
}
both_databases!(archive_order_comments_and_restore);

/// Sign-off: only a set whose scored weights make exactly 100% can be proposed; each
/// lead or participant authority answers; all agreeing closes the round; a later edit
/// reopens sign-off and the page says the agreement was for an earlier version.
async fn criteria_are_signed_off_and_reopened_by_an_edit(app: TestApp) {
    let (id, mut priya) = challenge(&app).await;
    let need = add_need(&app, id, "tenant", "to report a repair online", "must").await;
    let a = add_criterion(&mut priya, id, "Quality", "scored", "50", &[need]).await;
    add_criterion(&mut priya, id, "Price", "scored", "49.5", &[need]).await;
    let propose = format!("/challenges/{id}/signoff/propose");
    let decide = format!("/challenges/{id}/signoff");

    let res = priya.post_form(&propose, &[]).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.error_summary().contains(
        "Scored criteria weights add up to 99.5%: they must add up to exactly 100% (0.5% still to allocate)"
    ));
    assert!(rounds(&app, id).await.is_empty());

    let mut tom = app.signed_in(BRENT).await;
    let res = tom.post_form(&decide, &[("decision", "agree")]).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.error_summary().contains("not waiting for sign-off"));

    // Bring the total to 100 and propose.
    let edit = format!("/challenges/{id}/criteria/{a}/edit");
    let needs = vec![need.to_string()];
    let mut f = fields("Quality", "scored", "50.5", &needs);
    f.push(("version", "1"));
    priya
        .post_form(&edit, &f)
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let version = app.challenge_row(id).await.criteria_set_version;
    priya
        .post_form(&propose, &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let res = priya.post_form(&propose, &[]).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.error_summary().contains("already waiting for sign-off"));

    let page = tom.get(&format!("/challenges/{id}/criteria")).await;
    let waiting = page.testid("signoff-waiting");
    assert!(
        waiting.contains("Camden") && waiting.contains("Brent"),
        "{waiting}"
    );
    assert!(
        !waiting.contains("Islington"),
        "observers do not sign off: {waiting}"
    );

    // Asking for changes needs a comment; the typed choice is kept.
    let res = tom
        .post_form(&decide, &[("decision", "changes"), ("comment", " ")])
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.error_summary().contains("Say what needs to change"));
    assert_eq!(res.checked("decision").as_deref(), Some("changes"));
    let res = tom.post_form(&decide, &[("decision", "maybe")]).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("Select whether your authority agrees"));

    tom.post_form(
        &decide,
        &[
            ("decision", "changes"),
            ("comment", "Price needs more weight"),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    // Brent changes its mind and agrees; Camden still to respond.
    tom.post_form(&decide, &[("decision", "agree")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let page = priya.get(&format!("/challenges/{id}/criteria")).await;
    assert!(page.testid("signoff-waiting").contains("Camden"));
    let decisions = page.testid("signoff-decisions");
    assert!(
        decisions.contains("Brent") && decisions.contains(&format!("Agreed to version {version}")),
        "{decisions}"
    );
    assert!(decisions.contains("Tom Okafor"), "{decisions}");
    assert_eq!(rounds(&app, id).await[0].status, "open");

    let res = priya.post_form(&decide, &[("decision", "agree")]).await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(rounds(&app, id).await[0].status, "agreed");
    let page = priya.get(&format!("/challenges/{id}/criteria")).await;
    page.assert_text("Every member authority has agreed");
    assert!(page
        .testid("signoff-status")
        .contains(&format!("Version {version} agreed")));
    let res = priya.post_form(&propose, &[]).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.error_summary().contains("already been agreed"));

    // A later edit reopens sign-off.
    let mut f = fields("Quality of service", "scored", "50.5", &needs);
    f.push(("version", "2"));
    priya
        .post_form(&edit, &f)
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let page = tom.get(&format!("/challenges/{id}/criteria")).await;
    let status = page.testid("signoff-status");
    assert!(status.contains("Sign-off has reopened"), "{status}");
    assert!(
        status.contains(&format!(
            "agreement was for an earlier version (version {version})"
        )),
        "{status}"
    );
    assert!(
        !page.has_testid("signoff-form"),
        "nothing to answer until proposed again"
    );

    // An open round is superseded by an edit, and answers to it are refused.
    priya
        .post_form(&propose, &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let mut f = fields("Quality", "scored", "50.5", &needs);
    f.push(("version", "3"));
    tom.post_form(&edit, &f)
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let all = rounds(&app, id).await;
    assert_eq!(all.len(), 2);
    assert!(all.iter().any(|r| r.status == "superseded"));
    assert!(all.iter().any(|r| r.status == "agreed"));
    let res = tom.post_form(&decide, &[("decision", "agree")]).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let events = app.history(id).await;
    for action in ["signoff_proposed", "signoff_decided", "signoff_agreed"] {
        assert!(
            events.iter().any(|e| e.action == action),
            "no {action} event"
        );
    }
}
both_databases!(criteria_are_signed_off_and_reopened_by_an_edit);

/// Observers read and comment but do not edit or sign off; participants do not propose;
/// outsiders and suppliers get a 404 for a private challenge; visitors are sent to sign in.
async fn criteria_policy(app: TestApp) {
    let (id, mut priya) = challenge(&app).await;
    let need = add_need(&app, id, "tenant", "to report a repair online", "must").await;
    let cid = add_criterion(&mut priya, id, "Quality", "scored", "100", &[need]).await;
    let needs = vec![need.to_string()];
    let mut edit = fields("Observer's edit", "scored", "100", &needs);
    edit.push(("version", "1"));
    let create = fields("Observer's criterion", "scored", "10", &needs);

    let mut daniel = app.signed_in(ISLINGTON).await;
    let page = daniel.get(&format!("/challenges/{id}/criteria")).await;
    page.assert_status(StatusCode::OK);
    assert!(!page.has_testid("criterion-form"));
    assert!(!page.has_testid("propose-signoff"));
    daniel
        .get(&format!("/challenges/{id}/matrix"))
        .await
        .assert_status(StatusCode::OK);
    daniel
        .get(&format!("/challenges/{id}/criteria/{cid}"))
        .await
        .assert_status(StatusCode::OK);
    daniel
        .get(&format!("/challenges/{id}/criteria/{cid}/edit"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    daniel
        .post_form(&format!("/challenges/{id}/criteria/{cid}/edit"), &edit)
        .await
        .assert_status(StatusCode::FORBIDDEN);
    daniel
        .post_form(&format!("/challenges/{id}/criteria"), &create)
        .await
        .assert_status(StatusCode::FORBIDDEN);
    daniel
        .post_form(&format!("/challenges/{id}/criteria/{cid}/archive"), &[])
        .await
        .assert_status(StatusCode::FORBIDDEN);
    daniel
        .post_form(
            &format!("/challenges/{id}/criteria/{cid}/move"),
            &[("direction", "up")],
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);
    daniel
        .post_form(
            &format!("/challenges/{id}/criteria/{cid}/restore"),
            &[("version", "1")],
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);
    daniel
        .post_form(&format!("/challenges/{id}/signoff/propose"), &[])
        .await
        .assert_status(StatusCode::FORBIDDEN);
    daniel
        .post_form(
            &format!("/challenges/{id}/criteria/{cid}/comments"),
            &[("body", "An observer's view")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);

    let mut tom = app.signed_in(BRENT).await;
    tom.post_form(&format!("/challenges/{id}/signoff/propose"), &[])
        .await
        .assert_status(StatusCode::FORBIDDEN);
    priya
        .post_form(&format!("/challenges/{id}/signoff/propose"), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    daniel
        .post_form(
            &format!("/challenges/{id}/signoff"),
            &[("decision", "agree")],
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let page = daniel.get(&format!("/challenges/{id}/criteria")).await;
    assert!(!page.has_testid("signoff-form"));

    for who in [HACKNEY, SUPPLIER] {
        let mut outsider = app.signed_in(who).await;
        for path in [
            format!("/challenges/{id}/criteria"),
            format!("/challenges/{id}/criteria/{cid}"),
            format!("/challenges/{id}/criteria/{cid}/edit"),
            format!("/challenges/{id}/matrix"),
        ] {
            let res = outsider.get(&path).await;
            res.assert_status(StatusCode::NOT_FOUND);
            res.assert_no_text("Quality");
        }
        outsider
            .post_form(&format!("/challenges/{id}/criteria"), &create)
            .await
            .assert_status(StatusCode::NOT_FOUND);
        outsider
            .post_form(
                &format!("/challenges/{id}/signoff"),
                &[("decision", "agree")],
            )
            .await
            .assert_status(StatusCode::NOT_FOUND);
        outsider
            .post_form(
                &format!("/challenges/{id}/criteria/{cid}/comments"),
                &[("body", "hi")],
            )
            .await
            .assert_status(StatusCode::NOT_FOUND);
    }

    let mut visitor = app.client();
    let res = visitor.get(&format!("/challenges/{id}/criteria")).await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(
        res.location(),
        format!("/sign-in?return_to=/challenges/{id}/criteria")
    );
    let res = visitor
        .post_form(&format!("/challenges/{id}/criteria"), &create)
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert!(res.location().starts_with("/sign-in"));

    // Ids that are malformed or belong to another challenge are pages that do not exist.
    priya
        .get(&format!("/challenges/{id}/criteria/not-an-id"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let (other, _) = challenge(&app).await;
    priya
        .get(&format!("/challenges/{other}/criteria/{cid}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);

    // Nothing the refused requests sent was saved.
    let row = criterion_row(&app, cid).await;
    assert_eq!(row.name, "Quality");
    assert_eq!(row.status, "live");
    let count = criterion::Entity::find()
        .filter(criterion::Column::ChallengeId.eq(id))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(count, 1);
    let links = criterion_need::Entity::find()
        .filter(criterion_need::Column::CriterionId.eq(cid))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(links, 1);
}
both_databases!(criteria_policy);
