//! The challenge pack, for members: `/pack` (print-friendly page), `/pack.md` (Markdown)
//! and `/pack.csv` (CSV), the last two as downloads.

use crate::ctx::{Answer, Ctx};
use crate::forms::parse_id;
use crate::state::AppState;
use app::domain::ChallengeId;
use app::ssr::pack::{self, Pack};
use app::ui::pages::pack::PackPage;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/challenges/{id}/pack", get(page))
        .route("/challenges/{id}/pack.md", get(markdown))
        .route("/challenges/{id}/pack.csv", get(csv))
}

async fn load(state: &AppState, ctx: &Ctx, raw: &str) -> Result<Pack, crate::ctx::Failure> {
    let id: ChallengeId = parse_id(ctx, raw)?;
    pack::load(&state.db, &ctx.actor, id)
        .await
        .map_err(|e| ctx.fail(e))
}

async fn page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Answer {
    let pack = load(&state, &ctx, &id).await?;
    let meta = ctx
        .meta(format!("Challenge pack: {}", pack.title))
        .crumb("Challenges", "/challenges")
        .crumb(pack.title.clone(), format!("/challenges/{id}"));
    ctx.ok(meta, move || view! { <PackPage pack=pack /> })
}

fn download(body: String, content_type: &'static str, filename: String) -> Response {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    (
        [
            (CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (CONTENT_DISPOSITION, disposition),
            (CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
        ],
        body,
    )
        .into_response()
}

async fn markdown(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Answer {
    let pack = load(&state, &ctx, &id).await?;
    let filename = format!("{}.md", pack.file_stem());
    Ok(download(
        pack::to_markdown(&pack),
        "text/markdown; charset=utf-8",
        filename,
    ))
}

async fn csv(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Answer {
    let pack = load(&state, &ctx, &id).await?;
    let filename = format!("{}.csv", pack.file_stem());
    Ok(download(
        pack::to_csv(&pack),
        "text/csv; charset=utf-8",
        filename,
    ))
}
