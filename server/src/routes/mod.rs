//! The router: every URL the service answers, and the layers around them.

mod accounts;
mod admin;
mod challenges;
mod criteria;
mod home;
mod live;
mod members;
mod needs;
mod notices;
mod pack;
mod responses;
mod review;
mod system;

use crate::ctx::Ctx;
use crate::middleware::{explain_too_large, reject_cross_site_posts};
use crate::state::AppState;
use axum::http::{HeaderValue, Request};
use axum::routing::{get, post};
use axum::Router;
use std::time::Duration;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// Bodies beyond this are refused before any handler reads them.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

pub fn router(state: AppState) -> Router {
    let site_root = state.settings.site_root.clone();
    let pages = Router::new()
        .route("/", get(home::home))
        .route(
            "/sign-in",
            get(accounts::sign_in_page).post(accounts::sign_in),
        )
        .route("/sign-out", post(accounts::sign_out))
        .route(
            "/forgot-password",
            get(accounts::forgot_password_page).post(accounts::forgot_password),
        )
        .route(
            "/reset-password/{token}",
            get(accounts::reset_password_page).post(accounts::reset_password),
        )
        .route(
            "/register",
            get(accounts::register_page).post(accounts::register),
        )
        .route(
            "/invitations",
            get(accounts::invitations_page).post(accounts::send_invitation),
        )
        .route(
            "/invitations/{token}",
            get(accounts::invitation_page).post(accounts::accept_invitation),
        )
        .route("/challenges", get(challenges::list))
        .route(
            "/challenges/new",
            get(challenges::new_page).post(challenges::create),
        )
        .route("/challenges/{id}", get(challenges::show))
        .route(
            "/challenges/{id}/edit",
            get(challenges::edit_page).post(challenges::update),
        )
        .route("/challenges/{id}/status", post(challenges::change_status))
        .route("/challenges/{id}/history", get(challenges::history))
        .route(
            "/challenges/{id}/members",
            get(members::page).post(members::add),
        )
        .route(
            "/challenges/{id}/members/{org}/role",
            post(members::change_role),
        )
        .route(
            "/challenges/{id}/members/{org}/lead",
            get(members::confirm_transfer_lead).post(members::transfer_lead),
        )
        .route(
            "/challenges/{id}/members/{org}/remove",
            get(members::confirm_remove).post(members::remove),
        )
        .route(
            "/challenges/{id}/join-requests",
            post(members::request_to_join),
        )
        .route(
            "/challenges/{id}/join-requests/{request}",
            post(members::decide),
        )
        .route("/admin/outbox", get(admin::outbox))
        .route("/healthz", get(system::healthz))
        .route("/favicon.svg", get(system::favicon))
        .route("/favicon.ico", get(system::favicon))
        .route("/api/{*fn_name}", post(system::server_fn))
        .nest_service("/pkg", ServeDir::new(site_root.join("pkg")))
        .nest_service("/assets", ServeDir::new(site_root.join("assets")))
        .merge(needs::routes())
        .merge(criteria::routes())
        .merge(live::routes())
        .merge(pack::routes())
        .merge(notices::routes())
        .merge(responses::routes())
        .merge(review::routes())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed);

    pages
        .layer(axum::middleware::from_fn_with_state(state.clone(), reject_cross_site_posts))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(explain_too_large))
        .layer(SetResponseHeaderLayer::if_not_present(
            axum::http::header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            axum::http::header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            axum::http::header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
                let request_id = request
                    .headers()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                tracing::info_span!("request", request_id = %request_id, method = %request.method(), path = %request.uri().path())
            }),
        )
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

/// A form address opened in the browser (after an error, say): a page, not a blank 405.
async fn method_not_allowed(ctx: Ctx) -> axum::response::Response {
    use leptos::prelude::*;
    let meta = ctx.meta("This address is for sending a form");
    ctx.page(axum::http::StatusCode::METHOD_NOT_ALLOWED, meta, || {
        view! {
            <app::ui::pages::errors::ProblemPage
                heading="This address is for sending a form"
                message="It cannot be opened as a page. Go back to the page the form was on and try again." />
        }
    })
}

async fn not_found(ctx: Ctx) -> axum::response::Response {
    axum::response::IntoResponse::into_response(ctx.not_found())
}
