//! Market engagement notices: drafting, lifecycle, public pages and open data.
//!
//! Routes under `/notices/{reference}/…` (response, questions, interest) belong to the
//! supplier side (`routes::responses`); nothing here catches them.

mod open_data;
mod public;
mod work;

use crate::state::AppState;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(work::routes())
        .merge(public::routes())
        .merge(open_data::routes())
}

/// The address people use, without a trailing slash, for links in feeds and emails.
fn base_url(state: &AppState) -> String {
    state.settings.public_url.trim_end_matches('/').to_string()
}
