//! The home page.

use crate::ctx::{Answer, Ctx};
use crate::state::AppState;
use app::domain::OrgKind;
use app::ssr::challenges::{self, ListFilters};
use app::ui::pages::home::{HomeData, HomePage};
use axum::extract::State;
use leptos::prelude::*;

pub async fn home(State(state): State<AppState>, ctx: Ctx) -> Answer {
    let mut data = HomeData::default();
    if let Some(user) = ctx.actor.user() {
        data.user_name = Some(user.name.clone());
        data.organisation_name = Some(user.organisation_name.clone());
        data.is_authority = user.organisation_kind == OrgKind::Authority;
        data.is_supplier = user.organisation_kind == OrgKind::Supplier;
        if data.is_authority {
            data.own_challenges = challenges::list(&state.db, &ctx.actor, &ListFilters::default())
                .await
                .map_err(|e| ctx.fail(e))?
                .into_iter()
                .filter(|c| c.own_role.is_some())
                .collect();
            data.waiting = challenges::waiting_for(&state.db, &ctx.actor)
                .await
                .map_err(|e| ctx.fail(e))?;
        }
    }
    let title = if data.user_name.is_some() {
        "Home"
    } else {
        "Prepare procurements together"
    };
    ctx.ok(ctx.meta(title), move || view! { <HomePage data=data /> })
}
