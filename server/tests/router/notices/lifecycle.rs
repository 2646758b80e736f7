//! After publishing: amendments with a change log, withdrawal with a reason, closing.

use super::*;
use app::ssr::entities::{notice_amendment, notice_release};
use app::ssr::notices::lifecycle;
use app::ssr::outbox;
use sea_orm::{EntityTrait, QueryOrder};

async fn published(app: &TestApp) -> (Uuid, Client, Client, String) {
    let (id, mut priya, tom, _) = joint_challenge(app).await;
    ready_draft(&mut priya, id).await;
    let reference = publish(&mut priya, id).await;
    (id, priya, tom, reference)
}

fn amend_path(id: Uuid) -> String {
    format!("/challenges/{id}/notice/amend")
}

async fn amend_fields(client: &mut Client, id: Uuid) -> Vec<(String, String)> {
    let page = client.get(&amend_path(id)).await;
    page.assert_status(StatusCode::OK);
    let mut fields = details(&page.input("version").unwrap());
    fields.push(("cpv_codes".into(), page.input("cpv_codes").unwrap()));
    fields
}

async fn amendments_say_what_changed_and_why(app: TestApp) {
    let (id, mut priya, mut tom, reference) = published(&app).await;
    let notice_id = notice_row(&app, id).await.id;
    register_interest(&app, notice_id, SUPPLIER).await;
    // Only the lead amends.
    tom.get(&amend_path(id))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let fields = amend_fields(&mut priya, id).await;
    assert_eq!(
        fields
            .iter()
            .find(|(k, _)| k == "cpv_codes")
            .map(|(_, v)| v.as_str()),
        Some("48000000")
    );
    // Without a reason, or changing nothing, it is refused.
    let res = post(&mut priya, &amend_path(id), &fields).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let summary = res.error_summary();
    assert!(summary.contains("Enter what changed and why"), "{summary}");
    assert!(
        summary.contains("You have not changed anything"),
        "{summary}"
    );
    // The close cannot move into the past, nor the deadline beyond the close.
    let (d, m, y) = days_ahead(15);
    let res = post(
        &mut priya,
        &amend_path(id),
        &with(
            &fields,
            &[
                ("closes_at-day", "1"),
                ("closes_at-month", "1"),
                ("closes_at-year", "2021"),
                ("reason", "Typo"),
            ],
        ),
    )
    .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("The closing date must be in the future"));
    let res = post(
        &mut priya,
        &amend_path(id),
        &with(
            &fields,
            &[
                ("closes_at-day", &d),
                ("closes_at-month", &m),
                ("closes_at-year", &y),
                ("reason", "Shorter"),
            ],
        ),
    )
    .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("must be before the closing date"));
    // Unknown CPV codes are named.
    let res = post(
        &mut priya,
        &amend_path(id),
        &with(
            &fields,
            &[
                ("cpv_codes", "48000000, 12345678"),
                ("reason", "More codes"),
            ],
        ),
    )
    .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("There is no CPV code 12345678"));
    assert_eq!(
        res.input("cpv_codes").as_deref(),
        Some("48000000, 12345678")
    );
    // A real amendment: more time and another code.
    let (d, m, y) = days_ahead(45);
    post(
        &mut priya,
        &amend_path(id),
        &with(
            &fields,
            &[
                ("closes_at-day", &d),
                ("closes_at-month", &m),
                ("closes_at-year", &y),
                ("cpv_codes", "48000000, 72000000"),
                (
                    "reason",
                    "More time after suppliers asked for it & a second code",
                ),
            ],
        ),
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let amendments = notice_amendment::Entity::find()
        .filter(notice_amendment::Column::NoticeId.eq(notice_id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(amendments.len(), 1);
    assert_eq!(amendments[0].changes, r#"["CPV codes","Closing date"]"#);
    let page = app.client().get(&format!("/notices/{reference}")).await;
    let log = page.testid("change-log");
    assert!(log.contains("Amendment 1"), "{log}");
    assert!(log.contains("Changed: CPV codes, Closing date"), "{log}");
    assert!(log.contains("More time after suppliers asked for it & a second code"));
    page.assert_text("72000000");
    let releases = notice_release::Entity::find()
        .filter(notice_release::Column::NoticeId.eq(notice_id))
        .order_by_asc(notice_release::Column::ReleasedAt)
        .all(&app.db)
        .await
        .unwrap();
    let tags: Vec<&str> = releases.iter().map(|r| r.tag.as_str()).collect();
    assert_eq!(tags, vec!["planning", "planningUpdate"]);
    // The supplier that registered interest is told.
    let emails = outbox::messages_to(&app.db, SUPPLIER).await.unwrap();
    assert!(
        emails
            .iter()
            .any(|m| m.subject.contains(&reference) && m.body.contains("More time")),
        "{emails:?}"
    );
    // A stale amendment changes nothing.
    let res = post(
        &mut priya,
        &amend_path(id),
        &with(&fields, &[("title", "Stale"), ("reason", "Old form")]),
    )
    .await;
    res.assert_status(StatusCode::CONFLICT);
    assert_eq!(res.input("title").as_deref(), Some("Stale"));
    assert_ne!(notice_row(&app, id).await.title, "Stale");
}
both_databases!(amendments_say_what_changed_and_why);

async fn withdrawal_needs_a_reason_and_shows_it(app: TestApp) {
    let (id, mut priya, mut tom, reference) = published(&app).await;
    let path = format!("/challenges/{id}/notice/withdraw");
    let v = priya.get(&path).await.input("version").unwrap();
    tom.post_form(&path, &[("version", &v), ("reason", "No")])
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let res = priya
        .post_form(&path, &[("version", &v), ("reason", "  ")])
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("Enter why the notice is being withdrawn"));
    priya
        .post_form(
            &path,
            &[
                ("version", &v),
                ("reason", "The boroughs will extend their contracts"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let page = app.client().get(&format!("/notices/{reference}")).await;
    page.assert_status(StatusCode::OK);
    assert!(page
        .testid("withdrawn-banner")
        .contains("The boroughs will extend their contracts"));
    assert_eq!(page.testid("notice-status"), "Withdrawn");
    // Withdrawn is final: it cannot be withdrawn again.
    priya
        .post_form(&path, &[("version", &v), ("reason", "Again")])
        .await
        .assert_status(StatusCode::CONFLICT);
    let listed = app.client().get("/notices?status=withdrawn").await;
    listed.assert_text("Repairs reporting platform");
    let open = app.client().get("/notices?status=open").await;
    open.assert_no_text("Repairs reporting platform");
}
both_databases!(withdrawal_needs_a_reason_and_shows_it);

async fn a_notice_closes_at_its_closing_time(app: TestApp) {
    let (id, mut priya, _, reference) = published(&app).await;
    let row = notice_row(&app, id).await;
    // Time passes: the close is now a minute ago.
    let mut passed: notice::ActiveModel = row.clone().into();
    passed.closes_at = Set(Some(Utc::now() - Duration::minutes(1)));
    passed.clarification_deadline = Set(Some(Utc::now() - Duration::days(1)));
    passed.update(&app.db).await.unwrap();
    // Pages show it closed at once, before anything has written it down.
    let page = app.client().get(&format!("/notices/{reference}")).await;
    assert_eq!(page.testid("notice-status"), "Closed");
    assert!(page.has_testid("closed-text"));
    priya
        .get(&format!("/challenges/{id}/notice/amend"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    app.client()
        .get("/notices?status=closed")
        .await
        .assert_text("Repairs reporting platform");
    // Housekeeping writes it down once, with a closing release.
    let closed = lifecycle::close_due(&app.db, "http://coprocure.test", Utc::now())
        .await
        .unwrap();
    assert_eq!(closed, 1);
    assert_eq!(
        lifecycle::close_due(&app.db, "http://coprocure.test", Utc::now())
            .await
            .unwrap(),
        0
    );
    assert_eq!(notice_row(&app, id).await.status, "closed");
    let tags: Vec<String> = notice_release::Entity::find()
        .filter(notice_release::Column::NoticeId.eq(row.id))
        .order_by_asc(notice_release::Column::ReleasedAt)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.release_id)
        .collect();
    assert_eq!(tags.len(), 2);
    assert!(tags[1].ends_with("-002-closed"), "{tags:?}");
}
both_databases!(a_notice_closes_at_its_closing_time);
