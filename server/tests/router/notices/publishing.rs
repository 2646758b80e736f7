//! Publishing: every missing field named, the reference, the snapshot, the emails.

use super::*;
use app::ssr::entities::{challenge, notice_authority, notice_release, outbox_email};
use app::ssr::outbox;
use sea_orm::{EntityTrait, QueryOrder};

async fn publishing_names_every_missing_field(app: TestApp) {
    let (id, mut priya, _, _) = joint_challenge(&app).await;
    start(&mut priya, id).await;
    // The draft starts with the challenge's title, statement and contact: clear them.
    let v = version(&mut priya, id).await;
    let empty: Vec<(String, String)> = vec![("version".into(), v)];
    save_details(&mut priya, id, &empty).await;
    let v = version(&mut priya, id).await;
    let res = priya
        .post_form(
            &format!("/challenges/{id}/notice/publish"),
            &[("version", &v)],
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let summary = res.error_summary();
    for (field, message) in [
        ("title", "Enter a title for the notice"),
        ("description", "Enter a description of the subject matter"),
        ("cpv_q", "Add at least one CPV code"),
        (
            "closes_at",
            "Enter the date and time the market engagement closes",
        ),
        (
            "clarification_deadline",
            "Enter the deadline for clarification questions",
        ),
        (
            "contact_name",
            "Enter the name of the person or team suppliers can contact",
        ),
        (
            "contact_email",
            "Enter the email address suppliers can write to",
        ),
        (
            "engagement",
            "Add at least one way for suppliers to take part",
        ),
    ] {
        assert!(summary.contains(message), "{message:?} not in {summary:?}");
        assert!(
            res.body.contains(&format!("href=\"#{field}\"")),
            "no link to #{field}"
        );
        assert!(
            res.body.contains(&format!("id=\"{field}\"")),
            "nothing on the page has the id {field}"
        );
    }
    assert_eq!(notice_row(&app, id).await.status, "draft");
}
both_databases!(publishing_names_every_missing_field);

async fn publishing_makes_it_public_and_tells_followers(app: TestApp) {
    let (id, mut priya, mut tom, _) = joint_challenge(&app).await;
    ready_draft(&mut priya, id).await;
    app.challenge_row(id).await;
    // The challenge must be collaborating to move on to market engagement.
    priya
        .post_form(
            &format!("/challenges/{id}/status"),
            &[("status", "collaborating")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    follow(&app, SUPPLIER, "cpv_division", "48").await;
    follow(&app, SUPPLIER, "service_area", "housing").await;
    // Participants write; only the lead publishes.
    let v = version(&mut tom, id).await;
    tom.post_form(
        &format!("/challenges/{id}/notice/publish"),
        &[("version", &v)],
    )
    .await
    .assert_status(StatusCode::FORBIDDEN);
    let draft_version = version(&mut priya, id).await;
    let reference = publish(&mut priya, id).await;
    let year = chrono::Utc::now().year();
    assert!(
        reference.starts_with(&format!("CP-{year}-")) && reference.len() == 12,
        "{reference}"
    );
    let row = notice_row(&app, id).await;
    assert_eq!(row.status, "published");
    assert!(row.search_text.contains("repairs reporting platform"));
    assert!(
        row.search_text.contains("software package"),
        "CPV descriptions are searchable"
    );
    assert!(row.search_text.contains("camden") && row.search_text.contains("brent"));
    // The authorities as they were: lead first, no observer.
    let authorities = notice_authority::Entity::find()
        .filter(notice_authority::Column::NoticeId.eq(row.id))
        .order_by_asc(notice_authority::Column::Position)
        .all(&app.db)
        .await
        .unwrap();
    let roles: Vec<(Uuid, String)> = authorities
        .iter()
        .map(|a| (a.organisation_id, a.role.clone()))
        .collect();
    assert_eq!(
        roles,
        vec![
            (app.org(ons::CAMDEN).await, "lead".to_string()),
            (app.org(ons::BRENT).await, "participant".to_string())
        ]
    );
    // A first OCDS release, the challenge in market engagement, the audit trail.
    let releases = notice_release::Entity::find()
        .filter(notice_release::Column::NoticeId.eq(row.id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(releases.len(), 1);
    assert_eq!(releases[0].tag, "planning");
    let status = challenge::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .status;
    assert_eq!(status, "market_engagement");
    let history = app.history(id).await;
    assert!(history
        .iter()
        .any(|e| e.action == "notice_published" && e.summary.contains(&reference)));
    // One email to the follower, though two of their follows match.
    let emails = outbox::messages_to(&app.db, SUPPLIER).await.unwrap();
    let about: Vec<&outbox_email::Model> = emails
        .iter()
        .filter(|m| m.body.contains(&reference))
        .collect();
    assert_eq!(about.len(), 1, "{emails:?}");
    assert!(about[0]
        .body
        .contains(&format!("http://coprocure.test/notices/{reference}")));
    // Anyone can read it, with London times.
    let mut visitor = app.client();
    let page = visitor.get(&format!("/notices/{reference}")).await;
    page.assert_status(StatusCode::OK)
        .assert_text("Repairs reporting platform")
        .assert_text("Camden (lead)")
        .assert_text("£250,000 to £900,000")
        .assert_text("48000000 – Software package and information systems");
    let closes = page.testid("notice-closes");
    assert!(
        closes.contains("5:00pm GMT") || closes.contains("5:00pm BST"),
        "{closes}"
    );
    assert!(closes.contains("days left"), "{closes}");
    assert!(
        page.body.contains("<strong>repairs</strong>"),
        "Markdown is rendered"
    );
    // Publishing twice is refused.
    let v = draft_version;
    let again = priya
        .post_form(
            &format!("/challenges/{id}/notice/publish"),
            &[("version", &v)],
        )
        .await;
    again.assert_status(StatusCode::CONFLICT);
    again.assert_text(&format!("already been published as {reference}"));
    // And the draft can no longer be edited as a draft.
    post(&mut priya, &notice_path(id), &details(&v))
        .await
        .assert_status(StatusCode::CONFLICT);
}
both_databases!(publishing_makes_it_public_and_tells_followers);

async fn simultaneous_publishes_get_different_references(app: TestApp) {
    let mut ids = Vec::new();
    let mut leads = Vec::new();
    for _ in 0..3 {
        let (id, mut priya, _, _) = joint_challenge(&app).await;
        ready_draft(&mut priya, id).await;
        ids.push(id);
        leads.push(priya);
    }
    let mut versions = Vec::new();
    for (lead, id) in leads.iter_mut().zip(&ids) {
        versions.push(version(lead, *id).await);
    }
    let mut tasks = Vec::new();
    for ((mut lead, id), v) in leads.into_iter().zip(ids.clone()).zip(versions) {
        tasks.push(tokio::spawn(async move {
            let res = lead
                .post_form(
                    &format!("/challenges/{id}/notice/publish"),
                    &[("version", &v)],
                )
                .await;
            res.assert_status(StatusCode::SEE_OTHER);
            res.location()
        }));
    }
    let mut references = Vec::new();
    for task in tasks {
        references.push(task.await.unwrap());
    }
    references.sort();
    references.dedup();
    assert_eq!(references.len(), 3, "{references:?}");
}
both_databases!(simultaneous_publishes_get_different_references);
