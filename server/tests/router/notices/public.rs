//! The public list: search, filters, pagination, newest first, no drafts.

use super::*;

async fn visitors_find_notices_by_words_and_filters(app: TestApp) {
    let (first, mut priya, _, _) = joint_challenge(&app).await;
    ready_draft(&mut priya, first).await;
    let repairs = publish(&mut priya, first).await;
    // A second notice, led by Brent, about parking software, with Camden joining in.
    let mut tom = app.signed_in(BRENT).await;
    let second = app
        .open_challenge(&mut tom, "Parking permits", "parking", "private")
        .await;
    app.add_member(&mut tom, second, app.org(ons::CAMDEN).await, "participant")
        .await;
    start(&mut tom, second).await;
    let v = version(&mut tom, second).await;
    save_details(
        &mut tom,
        second,
        &with(
            &details(&v),
            &[
                ("title", "Parking permits online"),
                ("description", "Residents renew permits in minutes."),
            ],
        ),
    )
    .await;
    add_cpv(&mut tom, second, "98351000").await;
    add_event(&mut tom, second, 5).await;
    let parking = publish(&mut tom, second).await;
    // A draft that must never appear.
    let mut aisha = app.signed_in(HACKNEY).await;
    let third = app
        .open_challenge(&mut aisha, "Secret draft", "housing", "private")
        .await;
    start(&mut aisha, third).await;

    let mut visitor = app.client();
    let all = visitor.get("/notices").await;
    all.assert_status(StatusCode::OK);
    let results = all.testids("notice-result");
    let titles: Vec<&str> = results
        .iter()
        .filter_map(|r| {
            ["Parking permits online", "Repairs reporting platform"]
                .into_iter()
                .find(|t| r.contains(t))
        })
        .collect();
    // Newest first.
    assert_eq!(
        titles,
        vec!["Parking permits online", "Repairs reporting platform"]
    );
    all.assert_no_text("Secret draft");
    // Words: in the title, the description, a CPV description, an authority, the reference.
    for (query, expect, other) in [
        ("permits", &parking, &repairs),
        ("RENEW permits", &parking, &repairs),
        ("reporting platform", &repairs, &parking),
        ("car park", &parking, &repairs),
        (parking.as_str(), &parking, &repairs),
    ] {
        let found = visitor
            .get(&format!("/notices?q={}", query.replace(' ', "+")))
            .await;
        let results = found.testids("notice-result").join(" | ");
        assert!(results.contains(expect.as_str()), "{query}: {results}");
        assert!(!results.contains(other.as_str()), "{query}: {results}");
    }
    // Filters: CPV division, service area, authority, status.
    let by_division = visitor.get("/notices?division=98").await;
    by_division.assert_text("Parking permits online");
    by_division.assert_no_text("Repairs reporting platform");
    assert_eq!(by_division.selected("division").as_deref(), Some("98"));
    let by_area = visitor.get("/notices?service_area=parking").await;
    by_area.assert_text("Parking permits online");
    by_area.assert_no_text("Repairs reporting platform");
    let brent = visitor
        .get(&format!("/notices?authority={}", ons::BRENT))
        .await;
    assert_eq!(brent.testids("notice-result").len(), 2, "Brent is in both");
    let islington = visitor
        .get(&format!("/notices?authority={}", ons::ISLINGTON))
        .await;
    assert!(
        islington.testids("notice-result").is_empty(),
        "observers are not named"
    );
    assert_eq!(islington.testid("notice-count"), "No notices match.");
    let open = visitor.get("/notices?status=open&q=permits").await;
    assert_eq!(open.testids("notice-result").len(), 1);
    // `%` and `_` are searched for as themselves, not as wildcards matching everything.
    for wildcard in ["%25", "_", "permit%25", "re_ew"] {
        let found = visitor.get(&format!("/notices?q={wildcard}")).await;
        found.assert_status(StatusCode::OK);
        assert!(
            found.testids("notice-result").is_empty(),
            "{wildcard} matched {:?}",
            found.testids("notice-result")
        );
    }
    // Nonsense in the query string is just no match, never an error.
    visitor
        .get("/notices?division=%27;drop&page=-4&status=whenever")
        .await
        .assert_status(StatusCode::OK);
}
both_databases!(visitors_find_notices_by_words_and_filters);

async fn the_list_is_paged(app: TestApp) {
    server::bench_seed::seed_notices(&app.db, 45, 0, "http://coprocure.test")
        .await
        .unwrap();
    let mut visitor = app.client();
    let first = visitor.get("/notices").await;
    assert_eq!(first.testids("notice-result").len(), 20);
    assert!(first.has_testid("pagination"));
    assert!(first
        .testid("notice-count")
        .starts_with("Showing 1 to 20 of"));
    let third = visitor.get("/notices?page=3").await;
    third.assert_status(StatusCode::OK);
    assert!(third.testid("notice-count").starts_with("Showing 41 to"));
    // Beyond the last page shows the last page.
    let beyond = visitor.get("/notices?page=99").await;
    assert_eq!(beyond.testid("notice-count"), third.testid("notice-count"));
    // A word search counts what it finds in the same query as the page: the same figures.
    let words = visitor.get("/notices?q=generated").await;
    assert_eq!(words.testids("notice-result").len(), 20);
    assert!(words
        .testid("notice-count")
        .starts_with("Showing 1 to 20 of 45"));
    let words_third = visitor.get("/notices?q=generated&page=3").await;
    assert_eq!(words_third.testids("notice-result").len(), 5);
    assert_eq!(
        words_third.testid("notice-count"),
        "Showing 41 to 45 of 45 notices."
    );
    let words_beyond = visitor.get("/notices?q=generated&page=99").await;
    words_beyond.assert_status(StatusCode::OK);
    assert_eq!(
        words_beyond.testid("notice-count"),
        words_third.testid("notice-count")
    );
    let none = visitor.get("/notices?q=zzzyzzy&page=2").await;
    none.assert_status(StatusCode::OK);
    assert!(none.testids("notice-result").is_empty());
}
both_databases!(the_list_is_paged);
