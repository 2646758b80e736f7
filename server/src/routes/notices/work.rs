//! The notice's page inside its challenge: drafting, publishing, amending, withdrawing.

use super::base_url;
use crate::ctx::{Answer, Ctx};
use crate::forms::{parse_id, FormData};
use crate::state::AppState;
use app::domain::notice_rules::{DateTimeInput, DetailsInput};
use app::domain::{ChallengeId, FieldErrors};
use app::ssr::notices::draft::{self, DetailsForm, EventForm, QuestionForm, SaveOutcome};
use app::ssr::notices::lifecycle::{self, AmendForm};
use app::ssr::notices::{cpv, publish, CpvView};
use app::ssr::DomainError;
use app::ui::form::FormState;
use app::ui::pages::notices::work::{
    details_values, event_values, question_values, AmendPage, AmendPageData, NoticeWorkPage,
    WithdrawPage, WithdrawPageData, WorkPageData,
};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use chrono::Utc;
use leptos::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/challenges/{id}/notice", get(page).post(save_details))
        .route("/challenges/{id}/notice/start", post(start))
        .route("/challenges/{id}/notice/cpv", post(add_cpv))
        .route("/challenges/{id}/notice/cpv/remove", post(remove_cpv))
        .route("/challenges/{id}/notice/events", post(save_event))
        .route(
            "/challenges/{id}/notice/events/{event}/remove",
            post(remove_event),
        )
        .route("/challenges/{id}/notice/questionnaire", post(save_question))
        .route(
            "/challenges/{id}/notice/questionnaire/{question}/remove",
            post(remove_question),
        )
        .route(
            "/challenges/{id}/notice/questionnaire/{question}/move",
            post(move_question),
        )
        .route("/challenges/{id}/notice/publish", post(publish_notice))
        .route("/challenges/{id}/notice/amend", get(amend_page).post(amend))
        .route(
            "/challenges/{id}/notice/withdraw",
            get(withdraw_page).post(withdraw),
        )
}

fn date_input(values: &HashMap<String, String>, name: &str) -> DateTimeInput {
    let get = |part: &str| {
        values
            .get(&format!("{name}-{part}"))
            .cloned()
            .unwrap_or_default()
    };
    DateTimeInput {
        day: get("day"),
        month: get("month"),
        year: get("year"),
        time: get("time"),
    }
}

fn details_input(values: &HashMap<String, String>) -> DetailsInput {
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    DetailsInput {
        title: get("title"),
        description: get("description"),
        value_min: get("value_min"),
        value_max: get("value_max"),
        closes_at: date_input(values, "closes_at"),
        clarification_deadline: date_input(values, "clarification_deadline"),
        contact_name: get("contact_name"),
        contact_email: get("contact_email"),
        contact_phone: get("contact_phone"),
    }
}

fn field(values: &HashMap<String, String>, key: &str) -> String {
    values.get(key).cloned().unwrap_or_default()
}

/// What the page shows besides the saved notice: the forms as last sent, the CPV search,
/// the errors and any conflict.
#[derive(Default)]
struct Shown {
    details: Option<FormState>,
    event: Option<FormState>,
    question: Option<FormState>,
    /// The "add a code you know" box.
    cpv: Option<FormState>,
    cpv_query: String,
    errors: FieldErrors,
    conflict: Option<String>,
    /// `?event=` / `?question=`: the item whose form is open for a change.
    edit_event: Option<Uuid>,
    edit_question: Option<Uuid>,
}

async fn render(
    state: &AppState,
    ctx: &Ctx,
    id: ChallengeId,
    shown: Shown,
    status: StatusCode,
) -> Answer {
    let work = draft::work(&state.db, &ctx.actor, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let version = work.notice.as_ref().map(|n| n.version).unwrap_or(0);
    let with_version = |mut form: FormState| {
        // The person's text stays; their next save is based on what is saved now.
        form.values.insert("version".into(), version.to_string());
        form
    };
    let details_form = match (&shown.details, &work.notice) {
        (Some(form), _) => with_version(form.clone()),
        (None, Some(notice)) => FormState::with_values(details_values(&notice.details, version)),
        (None, None) => FormState::default(),
    };
    let event_form = match (&shown.event, &work.notice, shown.edit_event) {
        (Some(form), _, _) => form.clone(),
        (None, Some(notice), Some(event)) => notice
            .events
            .iter()
            .find(|e| e.id == event)
            .map(|e| FormState::with_values(event_values(e)))
            .unwrap_or_default(),
        _ => FormState::default(),
    };
    let question_form = match (&shown.question, &work.notice, shown.edit_question) {
        (Some(form), _, _) => form.clone(),
        (None, Some(notice), Some(question)) => notice
            .questions
            .iter()
            .find(|q| q.id == question)
            .map(|q| FormState::with_values(question_values(q)))
            .unwrap_or_default(),
        _ => FormState::default(),
    };
    let cpv_results = cpv::search(&shown.cpv_query, cpv::SEARCH_LIMIT)
        .into_iter()
        .map(|c| CpvView {
            code: c.code.to_string(),
            description: c.description.to_string(),
        })
        .collect();
    let mut meta = ctx
        .meta(format!(
            "Market engagement notice – {}",
            work.challenge_title
        ))
        .crumb("Home", "/")
        .crumb("Challenges", "/challenges")
        .crumb(work.challenge_title.clone(), format!("/challenges/{id}"));
    meta.has_errors = !shown.errors.is_empty();
    let data = WorkPageData {
        work,
        details_form,
        event_form,
        question_form,
        cpv_form: shown.cpv.unwrap_or_default(),
        cpv_query: shown.cpv_query,
        cpv_results,
        errors: shown.errors,
        conflict: shown.conflict,
        now: Utc::now(),
    };
    Ok(ctx.page(status, meta, move || view! { <NoticeWorkPage data=data /> }))
}

async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    let shown = Shown {
        cpv_query: field(&query, "cpv_q").chars().take(200).collect(),
        edit_event: query.get("event").and_then(|e| e.parse().ok()),
        edit_question: query.get("question").and_then(|q| q.parse().ok()),
        ..Default::default()
    };
    render(&state, &ctx, id, shown, StatusCode::OK).await
}

fn back(id: ChallengeId, anchor: &str) -> String {
    format!("/challenges/{id}/notice#{anchor}")
}

/// Turns a draft edit's outcome into the answer: a redirect when saved, the page with the
/// form kept when refused.
async fn answer(
    state: &AppState,
    ctx: &Ctx,
    id: ChallengeId,
    outcome: Result<SaveOutcome, DomainError>,
    shown: impl FnOnce(FormState) -> Shown,
    values: HashMap<String, String>,
    saved: (&str, &str),
) -> Answer {
    match outcome {
        Ok(SaveOutcome::Saved) => ctx.redirect_with(&back(id, saved.0), Some(saved.1)),
        Ok(SaveOutcome::Conflict(message)) => {
            let mut page = shown(FormState::with_values(values));
            page.conflict = Some(message);
            render(state, ctx, id, page, StatusCode::CONFLICT).await
        }
        Err(DomainError::Validation(errors)) => {
            let mut page = shown(FormState::failed(values, errors.clone()));
            page.errors = errors;
            render(state, ctx, id, page, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(DomainError::Conflict(message)) if message.contains("Someone else changed") => {
            let mut page = shown(FormState::with_values(values));
            page.conflict = Some(message);
            render(state, ctx, id, page, StatusCode::CONFLICT).await
        }
        Err(other) => Err(ctx.fail(other)),
    }
}

async fn start(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    draft::start(&state.db, &ctx.actor, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    ctx.redirect_with(
        &format!("/challenges/{id}/notice"),
        Some("Draft notice started: it is private to the member authorities until the lead publishes it"),
    )
}

async fn save_details(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    FormData(values): FormData,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    let form = DetailsForm {
        details: details_input(&values),
        version: field(&values, "version"),
    };
    let outcome = draft::save_details(&state.db, &ctx.actor, id, &form).await;
    answer(
        &state,
        &ctx,
        id,
        outcome,
        |form| Shown {
            details: Some(form),
            ..Default::default()
        },
        values,
        ("publish", "The notice has been saved"),
    )
    .await
}

async fn add_cpv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    FormData(values): FormData,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    let code = field(&values, "code");
    let query = field(&values, "cpv_q");
    let outcome =
        draft::add_cpv(&state.db, &ctx.actor, id, &code, &field(&values, "version")).await;
    if let Ok(SaveOutcome::Saved) = outcome {
        let description = cpv::description(&code).unwrap_or_default();
        let after = if query.is_empty() {
            format!("/challenges/{id}/notice#cpv")
        } else {
            format!(
                "/challenges/{id}/notice?cpv_q={}#cpv",
                crate::ctx::urlencode(&query)
            )
        };
        return ctx.redirect_with(
            &after,
            Some(&format!(
                "Added CPV code {} ({description})",
                cpv::normalise(&code)
            )),
        );
    }
    answer(
        &state,
        &ctx,
        id,
        outcome,
        |form| Shown {
            cpv: Some(form),
            cpv_query: query.clone(),
            ..Default::default()
        },
        values,
        ("cpv", "Saved"),
    )
    .await
}

async fn remove_cpv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    FormData(values): FormData,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    let code = field(&values, "code");
    let outcome =
        draft::remove_cpv(&state.db, &ctx.actor, id, &code, &field(&values, "version")).await;
    answer(
        &state,
        &ctx,
        id,
        outcome,
        |_| Shown::default(),
        values.clone(),
        (
            "cpv",
            &format!("Removed CPV code {}", cpv::normalise(&code)),
        ),
    )
    .await
}

fn event_form(values: &HashMap<String, String>) -> EventForm {
    EventForm {
        id: field(values, "event_id"),
        kind: field(values, "event_kind"),
        date: date_input(values, "event_date"),
        end_time: field(values, "event_end_time"),
        place: field(values, "event_place"),
        online_link: field(values, "event_link"),
        how_to_register: field(values, "event_register"),
        version: field(values, "version"),
    }
}

async fn save_event(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    FormData(values): FormData,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    let editing = !field(&values, "event_id").is_empty();
    let outcome = draft::save_event(&state.db, &ctx.actor, id, &event_form(&values)).await;
    answer(
        &state,
        &ctx,
        id,
        outcome,
        |form| Shown {
            event: Some(form),
            ..Default::default()
        },
        values,
        (
            "engagement",
            if editing {
                "The event has been changed"
            } else {
                "The event has been added"
            },
        ),
    )
    .await
}

async fn remove_event(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, event)): Path<(String, String)>,
    FormData(values): FormData,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    let event: Uuid = parse_id(&ctx, &event)?;
    let outcome =
        draft::remove_event(&state.db, &ctx.actor, id, event, &field(&values, "version")).await;
    answer(
        &state,
        &ctx,
        id,
        outcome,
        |_| Shown::default(),
        values,
        ("engagement", "The event has been removed"),
    )
    .await
}

fn question_form(values: &HashMap<String, String>) -> QuestionForm {
    QuestionForm {
        id: field(values, "question_id"),
        kind: field(values, "question_kind"),
        prompt: field(values, "question_prompt"),
        word_limit: field(values, "question_word_limit"),
        options: field(values, "question_options"),
        required: field(values, "question_required"),
        version: field(values, "version"),
    }
}

async fn save_question(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    FormData(values): FormData,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    let editing = !field(&values, "question_id").is_empty();
    let outcome = draft::save_question(&state.db, &ctx.actor, id, &question_form(&values)).await;
    answer(
        &state,
        &ctx,
        id,
        outcome,
        |form| Shown {
            question: Some(form),
            ..Default::default()
        },
        values,
        (
            "questionnaire",
            if editing {
                "The question has been changed"
            } else {
                "The question has been added"
            },
        ),
    )
    .await
}

async fn remove_question(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, question)): Path<(String, String)>,
    FormData(values): FormData,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    let question: Uuid = parse_id(&ctx, &question)?;
    let outcome = draft::remove_question(
        &state.db,
        &ctx.actor,
        id,
        question,
        &field(&values, "version"),
    )
    .await;
    answer(
        &state,
        &ctx,
        id,
        outcome,
        |_| Shown::default(),
        values,
        ("questionnaire", "The question has been removed"),
    )
    .await
}

async fn move_question(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, question)): Path<(String, String)>,
    FormData(values): FormData,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    let question: Uuid = parse_id(&ctx, &question)?;
    let up = field(&values, "direction") == "up";
    let outcome = draft::move_question(
        &state.db,
        &ctx.actor,
        id,
        question,
        up,
        &field(&values, "version"),
    )
    .await;
    answer(
        &state,
        &ctx,
        id,
        outcome,
        |_| Shown::default(),
        values,
        ("questionnaire", "The question has been moved"),
    )
    .await
}

async fn publish_notice(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    FormData(values): FormData,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    match publish::publish(
        &state.db,
        &ctx.actor,
        id,
        &field(&values, "version"),
        &base_url(&state),
    )
    .await
    {
        Ok(reference) => ctx.redirect_with(
            &format!("/notices/{reference}"),
            Some(&format!(
                "The notice has been published as {reference}. Suppliers following its kind of work are being emailed."
            )),
        ),
        Err(DomainError::Validation(errors)) => {
            let shown = Shown {
                errors,
                ..Default::default()
            };
            render(&state, &ctx, id, shown, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(DomainError::Conflict(message)) if message.contains("Someone else changed") => {
            let shown = Shown {
                conflict: Some(message),
                ..Default::default()
            };
            render(&state, &ctx, id, shown, StatusCode::CONFLICT).await
        }
        Err(other) => Err(ctx.fail(other)),
    }
}

async fn amend_form(
    state: &AppState,
    ctx: &Ctx,
    id: ChallengeId,
    form: Option<FormState>,
    conflict: Option<String>,
    status: StatusCode,
) -> Answer {
    let work = draft::work(&state.db, &ctx.actor, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let Some(notice) = work.notice.clone().filter(|_| work.can_amend) else {
        return Err(ctx.fail(DomainError::Forbidden));
    };
    let form = match form {
        Some(mut form) => {
            form.values
                .insert("version".into(), notice.version.to_string());
            form
        }
        None => {
            let mut values = details_values(&notice.details, notice.version);
            values.insert(
                "cpv_codes".into(),
                notice
                    .cpv
                    .iter()
                    .map(|c| c.code.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
            );
            FormState::with_values(values)
        }
    };
    let mut meta = ctx
        .meta(format!("Amend the notice – {}", work.challenge_title))
        .crumb("Home", "/")
        .crumb("Challenges", "/challenges")
        .crumb(work.challenge_title.clone(), format!("/challenges/{id}"))
        .crumb("Notice", format!("/challenges/{id}/notice"));
    meta.has_errors = form.has_errors();
    let data = AmendPageData {
        challenge_id: id.to_string(),
        challenge_title: work.challenge_title,
        reference: notice.reference.unwrap_or_default(),
        form,
        conflict,
    };
    Ok(ctx.page(status, meta, move || view! { <AmendPage data=data /> }))
}

async fn amend_page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    amend_form(&state, &ctx, id, None, None, StatusCode::OK).await
}

async fn amend(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    FormData(values): FormData,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    let form = AmendForm {
        details: details_input(&values),
        cpv_codes: field(&values, "cpv_codes"),
        reason: field(&values, "reason"),
        version: field(&values, "version"),
    };
    match lifecycle::amend(&state.db, &ctx.actor, id, &form, &base_url(&state)).await {
        Ok(()) => ctx.redirect_with(
            &format!("/challenges/{id}/notice"),
            Some("The amendment has been published and interested suppliers are being emailed"),
        ),
        Err(DomainError::Validation(errors)) => {
            amend_form(
                &state,
                &ctx,
                id,
                Some(FormState::failed(values, errors)),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(DomainError::Conflict(message)) if message.contains("Someone else changed") => {
            amend_form(
                &state,
                &ctx,
                id,
                Some(FormState::with_values(values)),
                Some(message),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(other) => Err(ctx.fail(other)),
    }
}

async fn withdraw_form(
    state: &AppState,
    ctx: &Ctx,
    id: ChallengeId,
    form: FormState,
    status: StatusCode,
) -> Answer {
    let work = draft::work(&state.db, &ctx.actor, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let Some(notice) = work.notice.clone().filter(|_| work.can_withdraw) else {
        return Err(ctx.fail(DomainError::Forbidden));
    };
    let mut meta = ctx
        .meta(format!("Withdraw the notice – {}", work.challenge_title))
        .crumb("Home", "/")
        .crumb("Challenges", "/challenges")
        .crumb(work.challenge_title.clone(), format!("/challenges/{id}"))
        .crumb("Notice", format!("/challenges/{id}/notice"));
    meta.has_errors = form.has_errors();
    let data = WithdrawPageData {
        challenge_id: id.to_string(),
        challenge_title: work.challenge_title,
        reference: notice.reference.unwrap_or_default(),
        title: notice.details.title,
        version: notice.version,
        form,
    };
    Ok(ctx.page(status, meta, move || view! { <WithdrawPage data=data /> }))
}

async fn withdraw_page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    withdraw_form(&state, &ctx, id, FormState::default(), StatusCode::OK).await
}

async fn withdraw(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    FormData(values): FormData,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    match lifecycle::withdraw(
        &state.db,
        &ctx.actor,
        id,
        &field(&values, "reason"),
        &field(&values, "version"),
        &base_url(&state),
    )
    .await
    {
        Ok(()) => ctx.redirect_with(
            &format!("/challenges/{id}/notice"),
            Some("The notice has been withdrawn"),
        ),
        Err(DomainError::Validation(errors)) => {
            withdraw_form(
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
