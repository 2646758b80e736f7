//! Registering interest and the questionnaire response: the form, saving a draft,
//! submitting, and the submissions kept.

use super::form_pairs::FormPairs;
use crate::ctx::{Answer, Ctx};
use crate::forms::parse_id;
use crate::state::AppState;
use app::domain::answers::{self, Answers, Purpose};
use app::domain::FieldErrors;
use app::ssr::responses::answering::{self, response_error, ResponseForm, Saved};
use app::ssr::responses::interest;
use app::ssr::DomainError;
use app::ui::pages::responses::response::{ResponsePage, ResponsePageData, SubmissionPage};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::Utc;
use leptos::prelude::*;
use uuid::Uuid;

pub async fn register_interest(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(reference): Path<String>,
) -> Answer {
    let added = interest::register(&state.db, &ctx.actor, &reference, Utc::now())
        .await
        .map_err(|e| ctx.fail(e))?;
    ctx.redirect_with(
        &format!("/notices/{reference}"),
        Some(if added {
            "Interest registered: you will be emailed the answers to suppliers' questions"
        } else {
            "Your organisation had already registered interest in this notice"
        }),
    )
}

async fn render(
    state: &AppState,
    ctx: &Ctx,
    reference: &str,
    typed: Option<Answers>,
    errors: FieldErrors,
    status: StatusCode,
) -> Answer {
    let view = answering::view(&state.db, &ctx.actor, reference, Utc::now())
        .await
        .map_err(|e| ctx.fail(e))?;
    let mut meta = ctx
        .meta(format!("Your response – {}", view.heading.title))
        .crumb("Home", "/")
        .crumb("Notices", "/notices")
        .crumb(view.heading.title.clone(), format!("/notices/{reference}"));
    meta.has_errors = !errors.is_empty();
    let data = ResponsePageData {
        view,
        typed,
        errors,
    };
    Ok(ctx.page(status, meta, move || view! { <ResponsePage data=data /> }))
}

pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(reference): Path<String>,
) -> Answer {
    render(
        &state,
        &ctx,
        &reference,
        None,
        FieldErrors::new(),
        StatusCode::OK,
    )
    .await
}

pub async fn save_draft(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(reference): Path<String>,
    form: FormPairs,
) -> Answer {
    post(state, ctx, reference, form, Purpose::Draft).await
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(reference): Path<String>,
    form: FormPairs,
) -> Answer {
    post(state, ctx, reference, form, Purpose::Submit).await
}

async fn post(
    state: AppState,
    ctx: Ctx,
    reference: String,
    pairs: FormPairs,
    purpose: Purpose,
) -> Answer {
    let form = ResponseForm {
        answers: answers::from_form(&pairs.0),
        version: pairs.get("version"),
    };
    let saved = answering::save(
        &state.db,
        &ctx.actor,
        &reference,
        &form,
        purpose,
        &state.settings.public_url,
        Utc::now(),
    )
    .await;
    let path = format!("/notices/{reference}/response");
    // Whatever was refused, the page comes back with the answers as typed.
    let (errors, status) = match saved {
        Ok(Saved::Draft) => {
            return ctx.redirect_with(&path, Some("Your draft response has been saved"))
        }
        Ok(Saved::Submitted { number }) => {
            return ctx.redirect_with(
                &path,
                Some(&format!(
                    "Your response has been submitted (submission {number})"
                )),
            )
        }
        Err(DomainError::Validation(errors)) => (errors, StatusCode::UNPROCESSABLE_ENTITY),
        Err(DomainError::Conflict(message)) => (response_error(message), StatusCode::CONFLICT),
        Err(DomainError::Gone(message)) => (response_error(message), StatusCode::GONE),
        Err(other) => return Err(ctx.fail(other)),
    };
    render(&state, &ctx, &reference, Some(form.answers), errors, status).await
}

/// A response by its id, for links that outlive the notice's reference in a person's
/// mind: only its own organisation gets past the policy, to its page.
pub async fn by_id(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Answer {
    let id: Uuid = parse_id(&ctx, &id)?;
    let view = answering::view_by_id(&state.db, &ctx.actor, id, Utc::now())
        .await
        .map_err(|e| ctx.fail(e))?;
    ctx.redirect_with(
        &format!("/notices/{}/response", view.heading.reference),
        None,
    )
}

pub async fn submission(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, number)): Path<(String, String)>,
) -> Answer {
    let id: Uuid = parse_id(&ctx, &id)?;
    let number: i32 = parse_id(&ctx, &number)?;
    let data = answering::submission(&state.db, &ctx.actor, id, number, Utc::now())
        .await
        .map_err(|e| ctx.fail(e))?;
    let reference = data.heading.reference.clone();
    let meta = ctx
        .meta(format!(
            "Submission {} – {}",
            data.number, data.heading.title
        ))
        .crumb("Home", "/")
        .crumb("Notices", "/notices")
        .crumb(data.heading.title.clone(), format!("/notices/{reference}"))
        .crumb("Your response", format!("/notices/{reference}/response"));
    ctx.ok(meta, move || view! { <SubmissionPage data=data /> })
}
