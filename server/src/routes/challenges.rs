//! Challenge pages: list, open, view, edit, change status, history.

use crate::ctx::{Answer, Ctx};
use crate::forms::{parse_id, FormData};
use crate::state::AppState;
use app::domain::policy::{self, ChallengeAction};
use app::domain::{ChallengeId, ChallengeStatus, FieldErrors, OrganisationId};
use app::ssr::challenges::{self, ChallengeForm, EditOutcome, ListFilters};
use app::ssr::{reference, DomainError};
use app::ui::form::FormState;
use app::ui::pages::challenge_form::{ChallengeFormData, ChallengeFormPage};
use app::ui::pages::challenges::{
    ChallengeDetailPage, ChallengeListPage, DetailData, HistoryPage, ListData,
};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use leptos::prelude::*;
use std::collections::HashMap;

/// Reads the list filters; an unknown value is reported, not silently ignored.
fn parse_filters(
    query: &HashMap<String, String>,
    areas: &[reference::Choice],
    authorities: &[reference::Choice],
) -> (ListFilters, FieldErrors) {
    let mut filters = ListFilters::default();
    let mut errors = FieldErrors::new();
    let value = |name: &str| query.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
    if let Some(raw) = value("status") {
        match ChallengeStatus::parse(raw) {
            Some(status) => filters.status = Some(status),
            None => errors.add("status", "Select a status from the list"),
        }
    }
    if let Some(raw) = value("service_area") {
        if areas.iter().any(|a| a.value == raw) {
            filters.service_area = Some(raw.to_string());
        } else {
            errors.add("service_area", "Select a service area from the list");
        }
    }
    if let Some(raw) = value("authority") {
        // Only the authorities offered in the list: a well-formed id of anything else
        // (a supplier, or nothing at all) is as unknown as a malformed one.
        match raw.parse::<OrganisationId>() {
            Ok(id) if authorities.iter().any(|a| a.value == id.to_string()) => {
                filters.authority = Some(id)
            }
            _ => errors.add("authority", "Select an authority from the list"),
        }
    }
    (filters, errors)
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<HashMap<String, String>>,
) -> Answer {
    let db = &state.db;
    let service_areas = reference::service_areas(db)
        .await
        .map_err(|e| ctx.fail(e))?;
    let authorities = reference::authorities(db).await.map_err(|e| ctx.fail(e))?;
    let (filters, errors) = parse_filters(&query, &service_areas, &authorities);
    let list = challenges::list(db, &ctx.actor, &filters)
        .await
        .map_err(|e| ctx.fail(e))?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let mut meta = ctx.meta("Challenges").crumb("Home", "/");
    meta.has_errors = !errors.is_empty();
    let data = ListData {
        challenges: list,
        service_areas,
        authorities,
        filters: FormState::failed(query, errors),
        can_create: policy::authorize_create_challenge(&ctx.actor).is_ok(),
        signed_in: ctx.actor.user().is_some(),
    };
    Ok(ctx.page(
        status,
        meta,
        move || view! { <ChallengeListPage data=data /> },
    ))
}

fn challenge_form(values: &HashMap<String, String>) -> ChallengeForm {
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    ChallengeForm {
        title: get("title"),
        problem_statement: get("problem_statement"),
        service_area: get("service_area"),
        visibility: get("visibility"),
        version: get("version"),
    }
}

async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    challenge: Option<(ChallengeId, String)>,
    data_form: FormState,
    conflict: Option<challenges::SavedChallenge>,
    status: StatusCode,
) -> Answer {
    let service_areas = reference::service_areas(&state.db)
        .await
        .map_err(|e| ctx.fail(e))?;
    let title = if challenge.is_some() {
        "Edit challenge"
    } else {
        "Open a new challenge"
    };
    let mut meta = ctx
        .meta(title)
        .crumb("Home", "/")
        .crumb("Challenges", "/challenges");
    if let Some((id, name)) = &challenge {
        meta = meta.crumb(name.clone(), format!("/challenges/{id}"));
    }
    meta.has_errors = data_form.has_errors() || conflict.is_some();
    let data = ChallengeFormData {
        challenge_id: challenge.map(|(id, _)| id.to_string()),
        form: data_form,
        service_areas,
        conflict,
    };
    Ok(ctx.page(
        status,
        meta,
        move || view! { <ChallengeFormPage data=data /> },
    ))
}

pub async fn new_page(State(state): State<AppState>, ctx: Ctx) -> Answer {
    policy::authorize_create_challenge(&ctx.actor).map_err(|d| ctx.fail(d.into()))?;
    form_page(
        &state,
        &ctx,
        None,
        FormState::default(),
        None,
        StatusCode::OK,
    )
    .await
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, FormData(values): FormData) -> Answer {
    match challenges::create(&state.db, &ctx.actor, &challenge_form(&values)).await {
        Ok(id) => ctx.redirect_with(
            &format!("/challenges/{id}"),
            Some("Challenge opened as a draft"),
        ),
        Err(DomainError::Validation(errors)) => {
            form_page(
                &state,
                &ctx,
                None,
                FormState::failed(values, errors),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(other) => Err(ctx.fail(other)),
    }
}

async fn detail_page(
    state: &AppState,
    ctx: &Ctx,
    id: ChallengeId,
    form: FormState,
    status: StatusCode,
) -> Answer {
    let detail = challenges::detail(&state.db, &ctx.actor, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let mut meta = ctx
        .meta(detail.title.clone())
        .crumb("Home", "/")
        .crumb("Challenges", "/challenges");
    meta.has_errors = form.has_errors();
    let data = DetailData {
        challenge: detail,
        form,
        signed_in: ctx.actor.user().is_some(),
    };
    Ok(ctx.page(
        status,
        meta,
        move || view! { <ChallengeDetailPage data=data /> },
    ))
}

pub async fn show(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    detail_page(&state, &ctx, id, FormState::default(), StatusCode::OK).await
}

pub async fn edit_page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    let loaded = challenges::load_for(&state.db, &ctx.actor, id, ChallengeAction::Edit)
        .await
        .map_err(|e| ctx.fail(e))?;
    let row = loaded.row;
    let values = HashMap::from([
        ("title".to_string(), row.title.clone()),
        ("problem_statement".to_string(), row.problem_statement),
        ("service_area".to_string(), row.service_area),
        ("visibility".to_string(), row.visibility),
        ("version".to_string(), row.version.to_string()),
    ]);
    form_page(
        &state,
        &ctx,
        Some((id, row.title)),
        FormState::with_values(values),
        None,
        StatusCode::OK,
    )
    .await
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    FormData(mut values): FormData,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    match challenges::update(&state.db, &ctx.actor, id, &challenge_form(&values)).await {
        Ok(EditOutcome::Saved) => ctx.redirect_with(
            &format!("/challenges/{id}"),
            Some("Your changes have been saved"),
        ),
        Ok(EditOutcome::Conflict(saved)) => {
            // The person's text stays in the form; the next save is based on what is saved now.
            values.insert("version".into(), saved.version.to_string());
            let title = saved.title.clone();
            form_page(
                &state,
                &ctx,
                Some((id, title)),
                FormState::with_values(values),
                Some(saved),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(DomainError::Validation(errors)) => {
            let title = values.get("title").cloned().unwrap_or_default();
            form_page(
                &state,
                &ctx,
                Some((id, title)),
                FormState::failed(values, errors),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(other) => Err(ctx.fail(other)),
    }
}

pub async fn change_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    FormData(values): FormData,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    let requested = values.get("status").cloned().unwrap_or_default();
    match challenges::change_status(&state.db, &ctx.actor, id, &requested).await {
        Ok(next) => ctx.redirect_with(
            &format!("/challenges/{id}"),
            Some(&format!(
                "The challenge is now {}",
                next.label().to_lowercase()
            )),
        ),
        Err(DomainError::Validation(errors)) => {
            detail_page(
                &state,
                &ctx,
                id,
                FormState::failed(values, errors),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(other) => Err(ctx.fail(other)),
    }
}

pub async fn history(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    let (title, entries) = challenges::history(&state.db, &ctx.actor, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let meta = ctx
        .meta(format!("History – {title}"))
        .crumb("Home", "/")
        .crumb("Challenges", "/challenges")
        .crumb(title.clone(), format!("/challenges/{id}"));
    let challenge = id.to_string();
    ctx.ok(
        meta,
        move || view! { <HistoryPage challenge=challenge title=title entries=entries /> },
    )
}
