//! The supplier dashboard and what the supplier follows.

use super::form_pairs::FormPairs;
use crate::ctx::{Answer, Ctx};
use crate::state::AppState;
use app::ssr::responses::dashboard;
use app::ssr::responses::follows::{self, AREAS_FIELD, DIVISIONS_FIELD};
use app::ssr::DomainError;
use app::ui::form::FormState;
use app::ui::pages::responses::dashboard::DashboardPage;
use app::ui::pages::responses::follows::{FollowsPageData, FollowsPageView};
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use leptos::prelude::*;

pub async fn dashboard(State(state): State<AppState>, ctx: Ctx) -> Answer {
    let data = dashboard::load(&state.db, &ctx.actor, Utc::now())
        .await
        .map_err(|e| ctx.fail(e))?;
    let meta = ctx.meta("Your supplier dashboard").crumb("Home", "/");
    ctx.ok(meta, move || view! { <DashboardPage data=data /> })
}

pub async fn follows_page(State(state): State<AppState>, ctx: Ctx) -> Answer {
    let page = follows::page(&state.db, &ctx.actor)
        .await
        .map_err(|e| ctx.fail(e))?;
    let meta = ctx
        .meta("What you follow")
        .crumb("Home", "/")
        .crumb("Your supplier dashboard", "/supplier");
    let data = FollowsPageData {
        page,
        form: FormState::default(),
    };
    ctx.ok(meta, move || view! { <FollowsPageView data=data /> })
}

pub async fn save_follows(State(state): State<AppState>, ctx: Ctx, form: FormPairs) -> Answer {
    let divisions = form.all(DIVISIONS_FIELD);
    let areas = form.all(AREAS_FIELD);
    match follows::save(&state.db, &ctx.actor, &divisions, &areas).await {
        Ok(0) => ctx.redirect_with("/supplier", Some("You no longer follow anything")),
        Ok(count) => ctx.redirect_with(
            "/supplier",
            Some(&format!(
                "You now follow {count} {}",
                if count == 1 { "subject" } else { "subjects" }
            )),
        ),
        Err(DomainError::Validation(errors)) => {
            // Show the boxes as they were ticked, not as they were saved.
            let mut page = follows::page(&state.db, &ctx.actor)
                .await
                .map_err(|e| ctx.fail(e))?;
            for choice in &mut page.divisions {
                choice.followed = divisions.contains(&choice.value);
            }
            for choice in &mut page.service_areas {
                choice.followed = areas.contains(&choice.value);
            }
            let mut meta = ctx
                .meta("What you follow")
                .crumb("Home", "/")
                .crumb("Your supplier dashboard", "/supplier");
            meta.has_errors = true;
            let data = FollowsPageData {
                page,
                form: FormState::failed(Default::default(), errors),
            };
            Ok(ctx.page(StatusCode::UNPROCESSABLE_ENTITY, meta, move || {
                view! { <FollowsPageView data=data /> }
            }))
        }
        Err(other) => Err(ctx.fail(other)),
    }
}
