//! Health check and the server-function endpoint.

use crate::ctx::Ctx;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use leptos::prelude::provide_context;

/// 200 while the database answers, 503 when it does not, so a load balancer can take the
/// instance out of rotation.
pub async fn healthz(State(state): State<AppState>) -> Response {
    if app::ssr::db::ping(&state.db).await {
        (StatusCode::OK, "ok").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
    }
}

/// Runs a `#[server]` function with the caller's actor in context; each function asks the
/// policy itself.
pub async fn server_fn(
    State(state): State<AppState>,
    ctx: Ctx,
    request: Request<Body>,
) -> Response {
    let actor = ctx.actor.clone();
    let db = state.db.clone();
    leptos_axum::handle_server_fns_with_context(
        move || {
            provide_context(actor.clone());
            provide_context(db.clone());
        },
        request,
    )
    .await
    .into_response()
}

/// A plain mark for browser tabs: a white "C" on the service's blue. (The GOV.UK crown
/// is for GOV.UK services only.)
const FAVICON_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="4" fill="#1d70b8"/><text x="16" y="23" font-family="Arial, sans-serif" font-size="20" font-weight="700" fill="#fff" text-anchor="middle">C</text></svg>"##;

pub async fn favicon() -> Response {
    (
        [
            (axum::http::header::CONTENT_TYPE, "image/svg+xml"),
            (axum::http::header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        FAVICON_SVG,
    )
        .into_response()
}
