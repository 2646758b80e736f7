//! Clarification questions: suppliers ask on the notice; the member authorities read
//! them all at `/challenges/{id}/notice/questions`, where the lead answers.

use super::form_pairs::FormPairs;
use crate::ctx::{Answer, Ctx};
use crate::forms::parse_id;
use crate::state::AppState;
use app::domain::engagement::AnswerVisibility;
use app::domain::{ChallengeId, FieldErrors};
use app::ssr::responses::clarifications::{
    self, answer_field, published_question_field, AnswerForm, QUESTION_FIELD,
};
use app::ssr::DomainError;
use app::ui::form::FormState;
use app::ui::pages::responses::questions::{
    AskPageData, AskQuestionPage, MemberQuestionsData, MemberQuestionsPageView,
};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::Utc;
use leptos::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

async fn render_ask(
    state: &AppState,
    ctx: &Ctx,
    reference: &str,
    form: FormState,
    status: StatusCode,
) -> Answer {
    let page = clarifications::ask_page(&state.db, &ctx.actor, reference, Utc::now())
        .await
        .map_err(|e| ctx.fail(e))?;
    let mut meta = ctx
        .meta(format!("Ask a question – {}", page.heading.title))
        .crumb("Home", "/")
        .crumb("Notices", "/notices")
        .crumb(page.heading.title.clone(), format!("/notices/{reference}"));
    meta.has_errors = form.has_errors();
    let data = AskPageData { page, form };
    Ok(ctx.page(
        status,
        meta,
        move || view! { <AskQuestionPage data=data /> },
    ))
}

pub async fn ask_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(reference): Path<String>,
) -> Answer {
    render_ask(
        &state,
        &ctx,
        &reference,
        FormState::default(),
        StatusCode::OK,
    )
    .await
}

pub async fn ask(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(reference): Path<String>,
    form: FormPairs,
) -> Answer {
    let question = form.get(QUESTION_FIELD);
    let values = HashMap::from([(QUESTION_FIELD.to_string(), question.clone())]);
    let (errors, status) =
        match clarifications::ask(&state.db, &ctx.actor, &reference, &question, Utc::now()).await {
            Ok(()) => {
                return ctx.redirect_with(
                    &format!("/notices/{reference}"),
                    Some("Your question has been sent to the lead authority"),
                )
            }
            Err(DomainError::Validation(errors)) => (errors, StatusCode::UNPROCESSABLE_ENTITY),
            Err(DomainError::Gone(message)) => (
                FieldErrors::single(QUESTION_FIELD, message),
                StatusCode::GONE,
            ),
            Err(other) => return Err(ctx.fail(other)),
        };
    render_ask(
        &state,
        &ctx,
        &reference,
        FormState::failed(values, errors),
        status,
    )
    .await
}

async fn render_members(
    state: &AppState,
    ctx: &Ctx,
    id: ChallengeId,
    failed: Option<(Uuid, FormState)>,
    status: StatusCode,
) -> Answer {
    let page = clarifications::for_members(&state.db, &ctx.actor, id, Utc::now())
        .await
        .map_err(|e| ctx.fail(e))?;
    let mut meta = ctx
        .meta(format!("Suppliers' questions – {}", page.challenge_title))
        .crumb("Home", "/")
        .crumb("Challenges", "/challenges")
        .crumb(page.challenge_title.clone(), format!("/challenges/{id}"))
        .crumb("Notice", format!("/challenges/{id}/notice"));
    meta.has_errors = failed.as_ref().is_some_and(|(_, f)| f.has_errors());
    let data = MemberQuestionsData { page, failed };
    Ok(ctx.page(status, meta, move || {
        view! { <MemberQuestionsPageView data=data /> }
    }))
}

pub async fn member_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    render_members(&state, &ctx, id, None, StatusCode::OK).await
}

pub async fn answer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, question)): Path<(String, String)>,
    form: FormPairs,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    let question: Uuid = parse_id(&ctx, &question)?;
    let answer = AnswerForm {
        answer: form.get(&answer_field(question)),
        visibility: form.get("visibility"),
        version: form.get("version"),
        published_question: form
            .all(&published_question_field(question))
            .into_iter()
            .next(),
    };
    let result = clarifications::answer(
        &state.db,
        &ctx.actor,
        id,
        question,
        &answer,
        &state.settings.public_url,
        Utc::now(),
    )
    .await;
    let (errors, status) =
        match result {
            Ok(visibility) => return ctx.redirect_with(
                &format!("/challenges/{id}/notice/questions#question-{question}"),
                Some(match visibility {
                    AnswerVisibility::Public => {
                        "Answer published on the notice and emailed to every interested supplier"
                    }
                    AnswerVisibility::Private => "Answer sent to the supplier who asked",
                }),
            ),
            Err(DomainError::Validation(errors)) => (errors, StatusCode::UNPROCESSABLE_ENTITY),
            Err(DomainError::Conflict(message)) => (
                FieldErrors::single(&answer_field(question), message),
                StatusCode::CONFLICT,
            ),
            Err(other) => return Err(ctx.fail(other)),
        };
    let values = HashMap::from([
        ("answer".to_string(), answer.answer),
        ("visibility".to_string(), answer.visibility),
        (
            "published_question".to_string(),
            answer.published_question.unwrap_or_default(),
        ),
    ]);
    render_members(
        &state,
        &ctx,
        id,
        Some((question, FormState::failed(values, errors))),
        status,
    )
    .await
}
