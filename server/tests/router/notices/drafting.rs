//! Drafting a notice together: who may, the CPV picker, events, questions, bad input and
//! edit conflicts.

use super::*;

async fn members_draft_and_others_cannot_see_it(app: TestApp) {
    let (id, mut priya, mut tom, mut aisha) = joint_challenge(&app).await;
    // Before there is a notice, the participant may start one; the observer may not.
    aisha
        .post_form(&format!("/challenges/{id}/notice/start"), &[])
        .await
        .assert_status(StatusCode::FORBIDDEN);
    start(&mut tom, id).await;
    let page = priya.get(&notice_path(id)).await;
    page.assert_status(StatusCode::OK)
        .assert_text("Only the member authorities of this challenge can see this draft");
    // Started from the challenge: its title, the starter as contact.
    assert_eq!(page.input("title").as_deref(), Some("Repairs platform"));
    assert_eq!(page.input("contact_name").as_deref(), Some("Tom Okafor"));
    // Participant and lead both edit.
    let v = version(&mut tom, id).await;
    save_details(&mut tom, id, &details(&v)).await;
    let v = version(&mut priya, id).await;
    save_details(
        &mut priya,
        id,
        &with(&details(&v), &[("title", "Repairs reporting, jointly")]),
    )
    .await;
    assert_eq!(
        notice_row(&app, id).await.title,
        "Repairs reporting, jointly"
    );
    // The observer reads but cannot change anything.
    let observed = aisha.get(&notice_path(id)).await;
    observed
        .assert_status(StatusCode::OK)
        .assert_text("Repairs reporting, jointly");
    assert!(observed.input("title").is_none(), "observers get no form");
    let v = version(&mut priya, id).await;
    post(&mut aisha, &notice_path(id), &details(&v))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    // The authorities acting jointly: lead and participant, not the observer.
    let authorities = priya
        .get(&notice_path(id))
        .await
        .testid("draft-authorities");
    assert!(authorities.contains("Camden (lead)") && authorities.contains("Brent"));
    assert!(!authorities.contains("Hackney"), "{authorities}");
    // Outside the challenge the draft does not exist.
    let mut islington = app.signed_in(ISLINGTON).await;
    islington
        .get(&notice_path(id))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let mut supplier = app.signed_in(SUPPLIER).await;
    supplier
        .get(&notice_path(id))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let mut visitor = app.client();
    let res = visitor.get(&notice_path(id)).await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert!(res.location().starts_with("/sign-in"));
    let reference = notice_row(&app, id).await.reference;
    visitor
        .get(&format!("/notices/{reference}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    visitor
        .get(&format!("/notices/{reference}.ocds.json"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    visitor
        .get("/notices?q=jointly")
        .await
        .assert_no_text("Repairs reporting, jointly");
}
both_databases!(members_draft_and_others_cannot_see_it);

async fn the_cpv_picker_works_without_javascript(app: TestApp) {
    let (id, mut priya, _, _) = joint_challenge(&app).await;
    start(&mut priya, id).await;
    let search = priya
        .get(&format!("/challenges/{id}/notice?cpv_q=housing+services"))
        .await;
    search.assert_status(StatusCode::OK);
    assert!(search.has_testid("cpv-results"));
    assert!(search.has_testid("cpv-add-70333000"), "{}", search.text());
    let v = version(&mut priya, id).await;
    let added = priya
        .post_form(
            &format!("/challenges/{id}/notice/cpv"),
            &[
                ("code", "70333000"),
                ("version", &v),
                ("cpv_q", "housing services"),
            ],
        )
        .await;
    added.assert_status(StatusCode::SEE_OTHER);
    assert!(added.location().contains("cpv_q=housing%20services"));
    let page = priya.get(&notice_path(id)).await;
    assert!(page.testid("chosen-cpv").contains("70333000"));
    // A code typed with its check digit is the same code.
    add_cpv(&mut priya, id, "72000000-5").await;
    // A code that does not exist is refused, by name, and stays in the box.
    let v = version(&mut priya, id).await;
    let refused = priya
        .post_form(
            &format!("/challenges/{id}/notice/cpv"),
            &[("code", "99999999"), ("version", &v)],
        )
        .await;
    refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused
        .error_summary()
        .contains("There is no CPV code 99999999"));
    assert!(
        refused.body.contains(r#"id="cpv_code" name="code" type="text" inputmode="numeric" spellcheck="false" value="99999999""#),
        "the code typed stays in its box"
    );
    // Remove one.
    let v = version(&mut priya, id).await;
    priya
        .post_form(
            &format!("/challenges/{id}/notice/cpv/remove"),
            &[("code", "70333000"), ("version", &v)],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let chosen = priya.get(&notice_path(id)).await.testids("chosen-cpv-code");
    assert_eq!(chosen.len(), 1, "{chosen:?}");
    assert!(chosen[0].contains("72000000"));
}
both_databases!(the_cpv_picker_works_without_javascript);

async fn a_stale_save_changes_nothing_and_keeps_the_typing(app: TestApp) {
    let (id, mut priya, mut tom, _) = joint_challenge(&app).await;
    start(&mut priya, id).await;
    let stale = version(&mut tom, id).await;
    let v = version(&mut priya, id).await;
    save_details(
        &mut priya,
        id,
        &with(&details(&v), &[("title", "Priya's title")]),
    )
    .await;
    let res = post(
        &mut tom,
        &notice_path(id),
        &with(&details(&stale), &[("title", "Tom's title")]),
    )
    .await;
    res.assert_status(StatusCode::CONFLICT);
    assert!(res
        .testid("conflict")
        .contains("Priya Shah (Camden) saved it"));
    assert_eq!(res.input("title").as_deref(), Some("Tom's title"));
    assert_eq!(notice_row(&app, id).await.title, "Priya's title");
    // The form now carries the new version: saving again works.
    let fresh = res.input("version").unwrap();
    assert_ne!(fresh, stale);
    save_details(
        &mut tom,
        id,
        &with(&details(&fresh), &[("title", "Tom's title")]),
    )
    .await;
    assert_eq!(notice_row(&app, id).await.title, "Tom's title");
    // Other saves are versioned too.
    let add = tom
        .post_form(
            &format!("/challenges/{id}/notice/cpv"),
            &[("code", "48000000"), ("version", &stale)],
        )
        .await;
    add.assert_status(StatusCode::CONFLICT);
    assert!(
        app::ssr::notices::cpv_codes(&app.db, notice_row(&app, id).await.id)
            .await
            .unwrap()
            .is_empty()
    );
}
both_databases!(a_stale_save_changes_nothing_and_keeps_the_typing);

async fn impossible_dates_and_values_are_refused_by_name(app: TestApp) {
    let (id, mut priya, _, _) = joint_challenge(&app).await;
    start(&mut priya, id).await;
    let v = version(&mut priya, id).await;
    let good = details(&v);
    let year = (Utc::now().year() + 1).to_string();
    let forward = clocks_forward_day();
    // Each case: the fields changed, the field named in the error, and its message.
    type Case = (Vec<(&'static str, String)>, &'static str, String);
    let cases: Vec<Case> =
        vec![
        (
            vec![
                ("closes_at-day", "31".into()),
                ("closes_at-month", "2".into()),
                ("closes_at-year", year.clone()),
            ],
            "closes_at",
            format!("The closing date must be a real date: there is no 31 February {year}"),
        ),
        (
            vec![
                ("closes_at-day", forward.day().to_string()),
                ("closes_at-month", "3".into()),
                ("closes_at-year", forward.year().to_string()),
                ("closes_at-time", "1:30am".into()),
                ("clarification_deadline-day", "".into()),
                ("clarification_deadline-month", "".into()),
                ("clarification_deadline-year", "".into()),
                ("clarification_deadline-time", "".into()),
            ],
            "closes_at",
            format!(
                "There is no 1:30am on {} March {} in London: the clocks go forward",
                forward.day(),
                forward.year()
            ),
        ),
        (
            vec![("value_min", "900001".into()), ("value_max", "900000".into())],
            "value_min",
            "The lowest estimated value (£900,001) must not be more than the highest (£900,000)"
                .into(),
        ),
        (
            vec![
                ("closes_at-day", "1".into()),
                ("closes_at-month", "1".into()),
                ("closes_at-year", "2020".into()),
            ],
            "closes_at",
            "The closing date must be in the future".into(),
        ),
        (
            vec![
                ("clarification_deadline-day", days_ahead(40).0),
                ("clarification_deadline-month", days_ahead(40).1),
                ("clarification_deadline-year", days_ahead(40).2),
            ],
            "clarification_deadline",
            "The deadline for clarification questions must be before the closing date".into(),
        ),
        (
            vec![("closes_at-time", "teatime".into())],
            "closes_at",
            "Enter the time for the closing date as a time of day".into(),
        ),
        (
            vec![("contact_email", "procurement at camden".into())],
            "contact_email",
            "Enter an email address in the correct format".into(),
        ),
        (
            vec![("value_max", "£12.50".into())],
            "value_max",
            "The highest estimated value must be in whole pounds".into(),
        ),
    ];
    for (changes, field, message) in cases {
        let borrowed: Vec<(&str, &str)> = changes.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let fields = with(&good, &borrowed);
        let res = post(&mut priya, &notice_path(id), &fields).await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        let summary = res.error_summary();
        assert!(
            summary.contains(&message),
            "{field}: expected {message:?} in {summary:?}"
        );
        assert!(
            res.body.contains(&format!("href=\"#{field}\"")),
            "the summary links to {field}"
        );
        // What was typed is still there.
        for (key, value) in &changes {
            assert_eq!(res.input(key).as_deref(), Some(value.as_str()), "{key}");
        }
    }
    // Nothing was saved.
    assert!(notice_row(&app, id).await.closes_at.is_none());
}
both_databases!(impossible_dates_and_values_are_refused_by_name);

async fn events_and_questions_are_added_changed_ordered_and_removed(app: TestApp) {
    let (id, mut priya, mut tom, _) = joint_challenge(&app).await;
    start(&mut priya, id).await;
    add_event(&mut tom, id, 12).await;
    let page = priya.get(&notice_path(id)).await;
    let event = page.testid("notice-event");
    assert!(
        event.contains("Supplier day") && event.contains("10:00am"),
        "{event}"
    );
    assert!(event.contains("GMT") || event.contains("BST"), "{event}");
    // Change it into a webinar.
    let event_id = notice_row(&app, id).await.id;
    let events = app::ssr::notices::events(&app.db, event_id).await.unwrap();
    let edit = priya
        .get(&format!("/challenges/{id}/notice?event={}", events[0].id))
        .await;
    assert_eq!(edit.checked("event_kind").as_deref(), Some("supplier_day"));
    let v = version(&mut priya, id).await;
    let mut fields = with(
        &event_fields(&v, 12),
        &[
            ("event_kind", "webinar"),
            ("event_place", ""),
            ("event_link", "https://meet.example/repairs"),
        ],
    );
    fields.push(("event_id".into(), events[0].id.to_string()));
    post(
        &mut priya,
        &format!("/challenges/{id}/notice/events"),
        &fields,
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    assert!(priya
        .get(&notice_path(id))
        .await
        .testid("notice-event")
        .contains("Webinar"));
    // An event needs a place or a link, and a way to register.
    let v = version(&mut priya, id).await;
    let bad = with(
        &event_fields(&v, 12),
        &[("event_place", ""), ("event_register", "")],
    );
    let res = post(&mut priya, &format!("/challenges/{id}/notice/events"), &bad).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let summary = res.error_summary();
    assert!(
        summary.contains("Enter where the event takes place"),
        "{summary}"
    );
    assert!(
        summary.contains("Enter how suppliers register"),
        "{summary}"
    );
    // Remove it.
    let v = version(&mut priya, id).await;
    priya
        .post_form(
            &format!("/challenges/{id}/notice/events/{}/remove", events[0].id),
            &[("version", &v)],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    assert!(priya.get(&notice_path(id)).await.has_testid("no-events"));

    // Questions of each kind, then reorder and remove.
    let questions = [
        ("free_text", "How would you approach this?", "500", ""),
        ("yes_no", "Do you host in the UK?", "", ""),
        (
            "multiple_choice",
            "Which channels?",
            "",
            "Web\nText message\nPhone",
        ),
    ];
    for (kind, prompt, limit, options) in questions {
        let v = version(&mut tom, id).await;
        tom.post_form(
            &format!("/challenges/{id}/notice/questionnaire"),
            &[
                ("version", &v),
                ("question_kind", kind),
                ("question_prompt", prompt),
                ("question_word_limit", limit),
                ("question_options", options),
                ("question_required", "yes"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    }
    let v = version(&mut tom, id).await;
    let one_option = tom
        .post_form(
            &format!("/challenges/{id}/notice/questionnaire"),
            &[
                ("version", &v),
                ("question_kind", "single_choice"),
                ("question_prompt", "Pick one"),
                ("question_options", "Only"),
                ("question_required", "no"),
            ],
        )
        .await;
    one_option.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(one_option
        .error_summary()
        .contains("Enter at least 2 different options, one per line"));
    assert_eq!(
        one_option.textarea("question_options").as_deref(),
        Some("Only")
    );
    let notice_id = notice_row(&app, id).await.id;
    let listed = app::ssr::notices::questions(&app.db, notice_id)
        .await
        .unwrap();
    assert_eq!(listed.len(), 3);
    let v = version(&mut priya, id).await;
    priya
        .post_form(
            &format!(
                "/challenges/{id}/notice/questionnaire/{}/move",
                listed[2].id
            ),
            &[("version", &v), ("direction", "up")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let v = version(&mut priya, id).await;
    priya
        .post_form(
            &format!(
                "/challenges/{id}/notice/questionnaire/{}/remove",
                listed[0].id
            ),
            &[("version", &v)],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let order: Vec<String> = app::ssr::notices::questions(&app.db, notice_id)
        .await
        .unwrap()
        .into_iter()
        .map(|q| q.prompt)
        .collect();
    assert_eq!(order, vec!["Which channels?", "Do you host in the UK?"]);
}
both_databases!(events_and_questions_are_added_changed_ordered_and_removed);
