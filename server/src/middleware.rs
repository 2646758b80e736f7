//! Cross-cutting protections applied to every request.

use crate::state::AppState;
use app::ui::layout::PageMeta;
use app::ui::pages::errors::ProblemPage;
use app::ui::render::document;
use axum::body::Body;
use axum::extract::State;
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

/// The `scheme://host[:port]` of an address, to compare with an `Origin` header.
fn origin_of(url: &str) -> &str {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let end = rest
                .find('/')
                .map(|i| scheme.len() + 3 + i)
                .unwrap_or(url.len());
            &url[..end]
        }
        None => url,
    }
}

/// Refuses state-changing requests that a browser says come from another site. Session
/// cookies are `SameSite=Lax` as well; this covers browsers and same-site subdomains that
/// Lax alone would let through. An `Origin` is accepted when it is the service's public
/// address or matches the host the request was sent to (so a proxy that rewrites `Host`
/// does not lock everyone out). Requests with neither header (curl, old clients) carry no
/// ambient browser credentials worth protecting against, so they pass.
pub async fn reject_cross_site_posts(
    State(state): State<AppState>,
    request: Request<Body>,
    next: Next,
) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    let host = headers
        .get(HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()))
        .unwrap_or("");
    let cross_origin = headers
        .get(ORIGIN)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|origin| {
            let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or("");
            let same_host = !host.is_empty() && origin_host == host;
            let public = origin == origin_of(&state.settings.public_url);
            origin == "null" || !(same_host || public)
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

#[cfg(test)]
mod tests {
    use super::origin_of;

    #[test]
    fn origin_is_scheme_host_and_port() {
        assert_eq!(
            origin_of("https://coprocure.example.org/"),
            "https://coprocure.example.org"
        );
        assert_eq!(origin_of("http://127.0.0.1:3000"), "http://127.0.0.1:3000");
        assert_eq!(origin_of("https://a.example/path/x"), "https://a.example");
    }
}
