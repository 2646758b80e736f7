//! The suppliers' side of market engagement: interest, the questionnaire response,
//! clarification questions (asked by suppliers, answered by the lead), follows and the
//! supplier dashboard.

mod answering;
mod form_pairs;
mod questions;
mod supplier;

use crate::state::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/notices/{reference}/interest",
            post(answering::register_interest),
        )
        .route(
            "/notices/{reference}/response",
            get(answering::page).post(answering::save_draft),
        )
        .route(
            "/notices/{reference}/response/submit",
            post(answering::submit),
        )
        .route("/supplier/responses/{id}", get(answering::by_id))
        .route(
            "/supplier/responses/{id}/submissions/{number}",
            get(answering::submission),
        )
        .route(
            "/notices/{reference}/questions",
            get(questions::ask_page).post(questions::ask),
        )
        .route(
            "/challenges/{id}/notice/questions",
            get(questions::member_page),
        )
        .route(
            "/challenges/{id}/notice/questions/{question}",
            post(questions::answer),
        )
        .route("/supplier", get(supplier::dashboard))
        .route(
            "/supplier/follows",
            get(supplier::follows_page).post(supplier::save_follows),
        )
}
