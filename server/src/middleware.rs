//! Cross-cutting protections applied to every request.

use app::ui::layout::PageMeta;
use app::ui::pages::errors::ProblemPage;
use app::ui::render::document;
use axum::body::Body;
use axum::http::header::{HOST, ORIGIN};
use axum::http::{Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use leptos::prelude::*;

/// A problem page for answers given before a handler runs, when no session is loaded.
pub fn bare_problem_page(
    status: StatusCode,
    heading: &'static str,
    message: &'static str,
) -> Response {
    let html = document(PageMeta::new(heading), move || {
        view! { <ProblemPage heading=heading message=message /> }
    });
    (status, Html(html)).into_response()
}

/// Refuses state-changing requests that a browser says come from another site. Session
/// cookies are `SameSite=Lax` as well; this covers browsers and same-site subdomains that
/// Lax alone would let through. Requests with neither header (curl, old clients) carry no
/// ambient browser credentials worth protecting against, so they pass.
pub async fn reject_cross_site_posts(request: Request<Body>, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    let cross_origin = headers
        .get(ORIGIN)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|origin| {
            let host = headers
                .get(HOST)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or("");
            origin == "null" || origin_host != host
        });
    if fetch_site == Some("cross-site") || cross_origin {
        return bare_problem_page(
            StatusCode::FORBIDDEN,
            "This form was refused",
            "It was sent from another website. Go to Coprocure directly and try again.",
        );
    }
    next.run(request).await
}

/// Replaces the body-limit layer's terse refusal with a page that says what to do.
pub async fn explain_too_large(request: Request<Body>, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return bare_problem_page(
            StatusCode::PAYLOAD_TOO_LARGE,
            "What you sent was too large",
            "Nothing was saved. Shorten the text (or attach less) and try again.",
        );
    }
    response
}
