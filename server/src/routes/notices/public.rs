//! The public notice pages, readable without signing in.

use super::open_data;
use crate::ctx::{Answer, Ctx};
use crate::state::AppState;
use app::ssr::notices::public::{self, ListQuery};
use app::ui::pages::notices::public::{NoticeDetailData, NoticeDetailPage, NoticeListPage};
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::Router;
use chrono::Utc;
use leptos::prelude::*;
use std::collections::HashMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/notices", get(list))
        .route("/notices/{reference}", get(show))
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<HashMap<String, String>>,
) -> Answer {
    let query = ListQuery::from_pairs(|k| query.get(k).cloned());
    let now = Utc::now();
    let page = public::list(&state.db, query, now)
        .await
        .map_err(|e| ctx.fail(e))?;
    let title = if page.page > 1 {
        format!(
            "Market engagement notices (page {} of {})",
            page.page, page.pages
        )
    } else {
        "Market engagement notices".to_string()
    };
    let meta = ctx.meta(title).crumb("Home", "/");
    ctx.ok(meta, move || view! { <NoticeListPage data=page now=now /> })
}

/// `/notices/{reference}`, or its open data when the last segment ends `.ocds.json` (axum
/// cannot route a suffix after a parameter, so it is told apart here).
async fn show(State(state): State<AppState>, ctx: Ctx, Path(reference): Path<String>) -> Answer {
    if let Some(reference) = reference.strip_suffix(".ocds.json") {
        return open_data::notice_package(&state, &ctx, reference).await;
    }
    let now = Utc::now();
    let found = public::detail(&state.db, &ctx.actor, &reference, now)
        .await
        .map_err(|e| ctx.fail(e))?;
    let panels = app::ssr::responses::panels::load(&state.db, &ctx.actor, &found.row, now)
        .await
        .map_err(|e| ctx.fail(e))?;
    let meta = ctx
        .meta(format!("{} – {}", found.view.details.title, reference))
        .crumb("Home", "/")
        .crumb("Market engagement notices", "/notices");
    let data = NoticeDetailData {
        notice: found.view,
        is_member: found.is_member,
        panels,
        now,
    };
    ctx.ok(meta, move || view! { <NoticeDetailPage data=data /> })
}
