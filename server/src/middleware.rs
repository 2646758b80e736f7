//! Cross-cutting protections applied to every request.

use axum::body::Body;
use axum::http::header::{HOST, ORIGIN};
use axum::http::{Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

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
    if fetch_site == Some("cross-site") {
        return forbidden();
    }
    if let Some(origin) = headers.get(ORIGIN).and_then(|v| v.to_str().ok()) {
        let host = headers
            .get(HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or("");
        if origin == "null" || origin_host != host {
            return forbidden();
        }
    }
    next.run(request).await
}

fn forbidden() -> Response {
    (
        StatusCode::FORBIDDEN,
        "This form was sent from another website, so it was refused. Go to Coprocure and try again.",
    )
        .into_response()
}
