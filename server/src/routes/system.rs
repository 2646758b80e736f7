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
