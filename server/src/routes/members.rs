//! Managing a challenge's member authorities and requests to join.

use crate::ctx::{Answer, Ctx};
use crate::forms::{parse_id, FormData};
use crate::state::AppState;
use app::domain::policy::ChallengeAction;
use app::domain::ChallengeId;
use app::ssr::challenges::{self};
use app::ssr::{membership, reference, DomainError};
use app::ui::form::FormState;
use app::ui::pages::challenges::{ChallengeDetailPage, DetailData};
use app::ui::pages::members::{ConfirmMemberChangePage, MemberChange, MembersData, MembersPage};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use leptos::prelude::*;
use std::collections::HashMap;

async fn members_page(
    state: &AppState,
    ctx: &Ctx,
    id: ChallengeId,
    form: FormState,
    status: StatusCode,
) -> Answer {
    challenges::load_for(&state.db, &ctx.actor, id, ChallengeAction::ManageMembers)
        .await
        .map_err(|e| ctx.fail(e))?;
    let detail = challenges::detail(&state.db, &ctx.actor, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let member_ids: Vec<String> = detail
        .members
        .iter()
        .map(|m| m.organisation_id.to_string())
        .collect();
    let candidates = reference::authorities(&state.db)
        .await
        .map_err(|e| ctx.fail(e))?
        .into_iter()
        .filter(|a| !member_ids.contains(&a.value))
        .collect();
    let mut meta = ctx
        .meta(format!("Member authorities – {}", detail.title))
        .crumb("Home", "/")
        .crumb("Challenges", "/challenges")
        .crumb(detail.title.clone(), format!("/challenges/{id}"));
    meta.has_errors = form.has_errors();
    let data = MembersData {
        challenge: detail,
        candidates,
        form,
    };
    Ok(ctx.page(status, meta, move || view! { <MembersPage data=data /> }))
}

pub async fn page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    members_page(&state, &ctx, id, FormState::default(), StatusCode::OK).await
}

/// After a membership change: back to the members page with a message, or the same page
/// with the errors and what was typed.
async fn settle(
    state: &AppState,
    ctx: &Ctx,
    id: ChallengeId,
    result: Result<(), DomainError>,
    values: HashMap<String, String>,
    success: &str,
    back_to: &str,
) -> Answer {
    match result {
        Ok(()) => ctx.redirect_with(back_to, Some(success)),
        Err(DomainError::Validation(errors)) => {
            members_page(
                state,
                ctx,
                id,
                FormState::failed(values, errors),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(other) => Err(ctx.fail(other)),
    }
}

pub async fn add(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormData,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    let result = membership::add_member(
        &state.db,
        &ctx.actor,
        id,
        &form.get("organisation_id"),
        &form.get("role"),
    )
    .await;
    let back = format!("/challenges/{id}/members");
    settle(
        &state,
        &ctx,
        id,
        result,
        form.0,
        "Authority added to the challenge",
        &back,
    )
    .await
}

pub async fn change_role(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, org)): Path<(String, String)>,
    form: FormData,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    let result = membership::change_role(&state.db, &ctx.actor, id, &org, &form.get("role")).await;
    let back = format!("/challenges/{id}/members");
    settle(
        &state,
        &ctx,
        id,
        result,
        HashMap::new(),
        "Role changed",
        &back,
    )
    .await
}

pub async fn transfer_lead(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, org)): Path<(String, String)>,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    let result = membership::transfer_lead(&state.db, &ctx.actor, id, &org).await;
    // The former lead can no longer manage members, so they go back to the challenge.
    let back = format!("/challenges/{id}");
    settle(
        &state,
        &ctx,
        id,
        result,
        HashMap::new(),
        "The lead has been handed over; your authority is now a participant",
        &back,
    )
    .await
}

pub async fn remove(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, org)): Path<(String, String)>,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    let result = membership::remove_member(&state.db, &ctx.actor, id, &org).await;
    let back = format!("/challenges/{id}/members");
    settle(
        &state,
        &ctx,
        id,
        result,
        HashMap::new(),
        "Authority removed from the challenge",
        &back,
    )
    .await
}

pub async fn request_to_join(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormData,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    match membership::request_to_join(
        &state.db,
        &ctx.actor,
        id,
        &form.get("requested_role"),
        &form.get("message"),
    )
    .await
    {
        Ok(()) => ctx.redirect_with(
            &format!("/challenges/{id}"),
            Some("Your request to join has been sent to the lead authority"),
        ),
        Err(DomainError::Validation(errors)) => {
            let detail = challenges::detail(&state.db, &ctx.actor, id)
                .await
                .map_err(|e| ctx.fail(e))?;
            let mut meta = ctx
                .meta(detail.title.clone())
                .crumb("Home", "/")
                .crumb("Challenges", "/challenges");
            meta.has_errors = true;
            let data = DetailData {
                challenge: detail,
                form: FormState::failed(form.0, errors),
                signed_in: true,
            };
            Ok(ctx.page(
                StatusCode::UNPROCESSABLE_ENTITY,
                meta,
                move || view! { <ChallengeDetailPage data=data /> },
            ))
        }
        Err(other) => Err(ctx.fail(other)),
    }
}

pub async fn decide(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, request)): Path<(String, String)>,
    form: FormData,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    let accept = match form.get("decision").as_str() {
        "accept" => true,
        "decline" => false,
        _ => {
            return members_page(
                &state,
                &ctx,
                id,
                FormState::failed(
                    HashMap::new(),
                    app::domain::FieldErrors::single(
                        "decision",
                        "Choose to accept or decline the request",
                    ),
                ),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    };
    let result = membership::decide_join_request(
        &state.db,
        &ctx.actor,
        id,
        &request,
        accept,
        &state.settings.public_url,
    )
    .await;
    let back = format!("/challenges/{id}/members");
    settle(
        &state,
        &ctx,
        id,
        result,
        HashMap::new(),
        if accept {
            "Request accepted: the authority has joined"
        } else {
            "Request declined"
        },
        &back,
    )
    .await
}

async fn confirm_page(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    org: &str,
    change: MemberChange,
) -> Answer {
    let id: ChallengeId = parse_id(ctx, id)?;
    let action = match change {
        MemberChange::HandOverLead => ChallengeAction::TransferLead,
        MemberChange::Remove => ChallengeAction::ManageMembers,
    };
    challenges::load_for(&state.db, &ctx.actor, id, action)
        .await
        .map_err(|e| ctx.fail(e))?;
    let detail = challenges::detail(&state.db, &ctx.actor, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let member = detail
        .members
        .iter()
        .find(|m| m.organisation_id.to_string() == org && m.role != app::domain::MemberRole::Lead)
        .cloned()
        .ok_or_else(|| ctx.not_found())?;
    let own = ctx
        .actor
        .user()
        .map(|u| u.organisation_name.clone())
        .unwrap_or_default();
    let title = match change {
        MemberChange::HandOverLead => format!("Make {} the lead authority", member.name),
        MemberChange::Remove => format!("Remove {}", member.name),
    };
    let meta = ctx
        .meta(title)
        .crumb("Home", "/")
        .crumb("Challenges", "/challenges")
        .crumb(detail.title.clone(), format!("/challenges/{id}"))
        .crumb("Member authorities", format!("/challenges/{id}/members"));
    let challenge_title = detail.title.clone();
    let challenge_id = id.to_string();
    ctx.ok(meta, move || {
        view! {
            <ConfirmMemberChangePage challenge_id=challenge_id challenge_title=challenge_title member=member change=change own_organisation=own />
        }
    })
}

pub async fn confirm_transfer_lead(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, org)): Path<(String, String)>,
) -> Answer {
    confirm_page(&state, &ctx, &id, &org, MemberChange::HandOverLead).await
}

pub async fn confirm_remove(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, org)): Path<(String, String)>,
) -> Answer {
    confirm_page(&state, &ctx, &id, &org, MemberChange::Remove).await
}
