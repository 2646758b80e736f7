//! Platform admin pages.

use crate::ctx::{Answer, Ctx};
use crate::state::AppState;
use app::domain::policy;
use app::ssr::outbox;
use app::ui::pages::admin::OutboxPage;
use axum::extract::State;
use leptos::prelude::*;

pub async fn outbox(State(state): State<AppState>, ctx: Ctx) -> Answer {
    policy::authorize_platform_admin(&ctx.actor).map_err(|d| ctx.fail(d.into()))?;
    let messages = outbox::latest(&state.db, 100)
        .await
        .map_err(|e| ctx.fail(e))?;
    ctx.ok(
        ctx.meta("Email outbox"),
        move || view! { <OutboxPage messages=messages /> },
    )
}
