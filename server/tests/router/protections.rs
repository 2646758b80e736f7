//! Requests that must be refused before anything is saved: no session, bodies too large,
//! forms sent from other sites; and the health check.

use crate::common::*;
use axum::body::Body;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{Method, Request, StatusCode};

/// A url-encoded challenge form whose problem statement is `size` bytes of text.
fn huge_form(size: usize) -> String {
    format!(
        "title=Huge&service_area=housing&visibility=public&problem_statement={}",
        "a".repeat(size)
    )
}

fn raw_post(path: &str, body: String, content_length: bool) -> Request<Body> {
    let mut builder = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded");
    if content_length {
        builder = builder.header(CONTENT_LENGTH, body.len());
    }
    builder.body(Body::from(body)).expect("a request")
}

fn valid_challenge() -> Vec<(&'static str, &'static str)> {
    vec![
        ("title", "Cross-site test"),
        ("problem_statement", "Should this be saved?"),
        ("service_area", "housing"),
        ("visibility", "public"),
    ]
}

/// A form posted without a session is sent to sign in, and saves nothing.
async fn posting_without_a_session_goes_to_sign_in(app: TestApp) {
    let before = app.challenge_count().await;
    let mut visitor = app.client();
    let res = visitor
        .post_form("/challenges/new", &valid_challenge())
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert!(res.location().starts_with("/sign-in"), "{}", res.location());
    // A forged or stale session cookie is no better than none.
    visitor.set_cookie("coprocure_session", "forged-token");
    let res = visitor
        .post_form("/challenges/new", &valid_challenge())
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert!(res.location().starts_with("/sign-in"));
    assert_eq!(app.challenge_count().await, before);

    for (path, fields) in [
        ("/invitations", vec![("email", "x@camden.gov.uk")]),
        ("/sign-out", vec![]),
    ] {
        let res = app.client().post_form(path, &fields).await;
        res.assert_status(StatusCode::SEE_OTHER);
    }
}
both_databases!(posting_without_a_session_goes_to_sign_in);

/// A form posted after the session ended leads, once signed in, back to the page the form
/// was on; a refused change offers that page too, not only the home page.
async fn a_refused_post_leads_back_to_its_page(app: TestApp) {
    let referer = format!("http://{HOST_NAME}/challenges/new?from=home");
    let res = app
        .client()
        .post_form_with(
            "/challenges/new",
            &valid_challenge(),
            &[("referer", referer.as_str())],
        )
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(
        res.location(),
        "/sign-in?return_to=/challenges/new%3Ffrom%3Dhome"
    );

    // Brent is no member of Camden's private challenge: not found, with the way back offered.
    let mut camden = app.signed_in(CAMDEN).await;
    let id = app
        .open_challenge(&mut camden, "Back link", "housing", "private")
        .await;
    let mut brent = app.signed_in(BRENT).await;
    let page = format!("http://{HOST_NAME}/challenges/{id}");
    let res = brent
        .post_form_with(
            &format!("/challenges/{id}/status"),
            &[("status", "collaborating")],
            &[("referer", page.as_str())],
        )
        .await;
    res.assert_status(StatusCode::NOT_FOUND);
    assert_eq!(
        res.testid("back-to-page"),
        "Go back to the page you were on"
    );
    assert!(res.body.contains(&format!(
        "href=\"/challenges/{id}\" data-testid=\"back-to-page\""
    )));
    // A page read directly has no form to go back to.
    let direct = brent.get(&format!("/challenges/{id}")).await;
    direct.assert_status(StatusCode::NOT_FOUND);
    assert!(!direct.has_testid("back-to-page"));
}
both_databases!(a_refused_post_leads_back_to_its_page);

/// Bodies over the limit are refused with 413 (not a 500), and nothing is saved.
async fn oversized_bodies_are_refused(app: TestApp) {
    let mut priya = app.signed_in(CAMDEN).await;
    let before = app.challenge_count().await;
    let cases = [
        // 10 MB, announced by Content-Length: refused before it is read.
        (10 * 1024 * 1024, true),
        // 10 MB streamed without a length: refused as it arrives.
        (10 * 1024 * 1024, false),
        // Over the form limit but under the general body limit.
        (600 * 1024, true),
    ];
    for (size, announced) in cases {
        let res = priya
            .send(raw_post("/challenges/new", huge_form(size), announced))
            .await;
        res.assert_status(StatusCode::PAYLOAD_TOO_LARGE);
        assert!(!res.text().is_empty(), "the refusal says what happened");
    }
    assert_eq!(app.challenge_count().await, before, "nothing was saved");

    // The same session still works for a form of ordinary size.
    let res = priya
        .send(raw_post("/challenges/new", huge_form(10_000), true))
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(app.challenge_count().await, before + 1);
}
both_databases!(oversized_bodies_are_refused);

/// Forms a browser says come from another site are refused; same-site ones pass.
async fn cross_site_posts_are_refused(app: TestApp) {
    let mut priya = app.signed_in(CAMDEN).await;
    let before = app.challenge_count().await;
    for headers in [
        vec![("sec-fetch-site", "cross-site")],
        vec![("origin", "https://evil.example")],
        vec![("origin", "http://coprocure.test.evil.example")],
        vec![("origin", "null")],
        vec![
            ("origin", "http://coprocure.test"),
            ("sec-fetch-site", "cross-site"),
        ],
    ] {
        let res = priya
            .post_form_with("/challenges/new", &valid_challenge(), &headers)
            .await;
        res.assert_status(StatusCode::FORBIDDEN);
    }
    assert_eq!(app.challenge_count().await, before, "nothing was saved");

    // Signing in from another site is refused too (login CSRF).
    let mut visitor = app.client();
    let res = visitor
        .post_form_with(
            "/sign-in",
            &[("email", BRENT), ("password", PASSWORD)],
            &[("origin", "https://evil.example")],
        )
        .await;
    res.assert_status(StatusCode::FORBIDDEN);
    assert!(visitor.session().is_none());

    // Reading is never refused, and forms from the site itself go through.
    priya
        .send(
            Request::builder()
                .uri("/challenges")
                .header("sec-fetch-site", "cross-site")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .assert_status(StatusCode::OK);
    for headers in [
        vec![
            ("origin", "http://coprocure.test"),
            ("sec-fetch-site", "same-origin"),
        ],
        vec![("sec-fetch-site", "none")],
        vec![],
    ] {
        priya
            .post_form_with("/challenges/new", &valid_challenge(), &headers)
            .await
            .assert_status(StatusCode::SEE_OTHER);
    }
    assert_eq!(app.challenge_count().await, before + 3);
}
both_databases!(cross_site_posts_are_refused);

/// The health check answers while the database does; every answer carries the
/// protective headers and a request id.
async fn health_check_and_headers(app: TestApp) {
    let res = app.client().get("/healthz").await;
    res.assert_status(StatusCode::OK);
    assert_eq!(res.body, "ok");
    let home = app.client().get("/").await;
    home.assert_status(StatusCode::OK);
    home.assert_text("Prepare procurements together");
    assert_eq!(home.headers["x-content-type-options"], "nosniff");
    assert_eq!(home.headers["x-frame-options"], "DENY");
    assert!(home.headers.contains_key("x-request-id"));
}
both_databases!(health_check_and_headers);

/// The message after a save is shown on the page the person goes to next, even when the
/// page they left fetched itself in the background (a live refresh) in the meantime.
async fn a_background_fetch_leaves_the_flash_message_for_the_next_page(app: TestApp) {
    let mut camden = app.signed_in(CAMDEN).await;
    let id = app
        .open_challenge(
            &mut camden,
            "Flash survives a refresh",
            "housing",
            "private",
        )
        .await;
    let refresh = Request::builder()
        .method(Method::GET)
        .uri("/challenges")
        .header("sec-fetch-mode", "cors")
        .body(Body::empty())
        .expect("a request");
    camden
        .send(refresh)
        .await
        .assert_status(StatusCode::OK)
        .assert_no_text("Challenge opened as a draft");
    camden
        .get(&format!("/challenges/{id}"))
        .await
        .assert_status(StatusCode::OK)
        .assert_text("Challenge opened as a draft");
    camden
        .get(&format!("/challenges/{id}"))
        .await
        .assert_no_text("Challenge opened as a draft");
}
both_databases!(a_background_fetch_leaves_the_flash_message_for_the_next_page);
