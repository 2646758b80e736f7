//! Member authorities reviewing supplier responses under `/challenges/{id}/responses`:
//! the conflict-of-interest declaration every review page redirects to until it is made,
//! the respondents table, one response, one question compared, notes, tags, the
//! observer-access switch and the CSV export.

use crate::ctx::{Answer, Ctx, Failure};
use crate::forms::{parse_id, FormData};
use crate::state::AppState;
use app::domain::ChallengeId;
use app::ssr::review::annotations::{self, TagEdit, TagOutcome};
use app::ssr::review::declarations::{self, DeclarationForm};
use app::ssr::review::{export, listing, observers, Access};
use app::ssr::DomainError;
use app::ui::form::FormState;
use app::ui::pages::review::declaration::{ConflictDeclarationPage, DeclarationPageData};
use app::ui::pages::review::overview::ResponsesPage;
use app::ui::pages::review::question::QuestionPage;
use app::ui::pages::review::response::{ResponsePage, ResponsePageData};
use app::ui::pages::review::{responses_path, NotPublishedPage, ObserverRefusedPage};
use axum::extract::{Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/challenges/{id}/responses", get(list))
        .route("/challenges/{id}/responses.csv", get(csv))
        .route(
            "/challenges/{id}/responses/declaration",
            get(declaration_page).post(declare),
        )
        .route(
            "/challenges/{id}/responses/observer-access",
            post(observer_access),
        )
        .route(
            "/challenges/{id}/responses/questions/{question}",
            get(question),
        )
        .route("/challenges/{id}/responses/{response}", get(show))
        .route(
            "/challenges/{id}/responses/{response}/notes",
            post(add_note),
        )
        .route("/challenges/{id}/responses/{response}/tags", post(add_tag))
        .route(
            "/challenges/{id}/responses/{response}/tags/remove",
            post(remove_tag),
        )
}

/// Service errors as pages; a member the policy keeps out of the responses (an observer
/// the lead has not let in) is told why instead of getting the generic refusal.
fn fail(ctx: &Ctx, id: ChallengeId, err: DomainError) -> Failure {
    match err {
        DomainError::Forbidden if ctx.method == Method::GET => {
            let challenge = id.to_string();
            Failure::from(ctx.page(
                StatusCode::FORBIDDEN,
                ctx.meta("You cannot read the supplier responses"),
                move || view! { <ObserverRefusedPage challenge_id=challenge /> },
            ))
        }
        other => ctx.fail(other),
    }
}

/// Where a review page may send someone back to after declaring: only a review page of
/// the same challenge, so the field cannot be used to redirect anywhere else.
fn safe_return(id: ChallengeId, raw: &str) -> String {
    let base = responses_path(&id);
    let acceptable =
        (raw == base || raw == format!("{base}.csv") || raw.starts_with(&format!("{base}/")))
            && !raw.contains("..")
            && !raw.contains("//")
            && !raw.contains('\\')
            && raw.len() <= 300
            && raw.chars().all(|c| c.is_ascii_graphic())
            && !raw.starts_with(&format!("{base}/declaration"));
    if acceptable {
        raw.to_string()
    } else {
        base
    }
}

/// Unwraps a service's answer, or ends the request: off to the declaration form, or the
/// page saying there is no published notice yet.
fn ready<T>(ctx: &Ctx, id: ChallengeId, access: Access<T>) -> Result<T, Failure> {
    match access {
        Access::Ready(value) => Ok(value),
        Access::Declare => {
            let return_to = if ctx.method == Method::GET {
                safe_return(id, &ctx.path)
            } else {
                responses_path(&id)
            };
            let to = format!(
                "{}/declaration?return_to={}",
                responses_path(&id),
                crate::ctx::urlencode(&return_to)
            );
            Err(ctx
                .redirect_with(&to, None)
                .unwrap_or_else(|failure| failure.into_response())
                .into())
        }
        Access::NotPublished(info) => {
            let meta = ctx
                .meta(format!("Supplier responses – {}", info.challenge_title))
                .crumb("Challenges", "/challenges")
                .crumb(info.challenge_title.clone(), format!("/challenges/{id}"));
            Err(Failure::from(ctx.page(StatusCode::OK, meta, move || {
                view! { <NotPublishedPage info=info /> }
            })))
        }
    }
}

fn crumbs(
    ctx: &Ctx,
    title: String,
    id: ChallengeId,
    challenge_title: &str,
) -> app::ui::layout::PageMeta {
    ctx.meta(title)
        .crumb("Challenges", "/challenges")
        .crumb(challenge_title.to_string(), format!("/challenges/{id}"))
}

async fn list(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    let access = listing::overview(&state.db, &ctx.actor, id)
        .await
        .map_err(|e| fail(&ctx, id, e))?;
    let overview = ready(&ctx, id, access)?;
    let meta = crumbs(
        &ctx,
        format!("Supplier responses – {}", overview.header.challenge_title),
        id,
        &overview.header.challenge_title,
    );
    ctx.ok(meta, move || view! { <ResponsesPage overview=overview /> })
}

async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, response)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    let response: Uuid = parse_id(&ctx, &response)?;
    let submission = match query.get("submission") {
        None => None,
        Some(raw) => Some(parse_id::<i32>(&ctx, raw.trim())?),
    };
    response_page(
        &state,
        &ctx,
        id,
        response,
        submission,
        FormState::default(),
        StatusCode::OK,
    )
    .await
}

async fn response_page(
    state: &AppState,
    ctx: &Ctx,
    id: ChallengeId,
    response: Uuid,
    submission: Option<i32>,
    form: FormState,
    status: StatusCode,
) -> Answer {
    let access = listing::response_detail(&state.db, &ctx.actor, id, response, submission)
        .await
        .map_err(|e| fail(ctx, id, e))?;
    let detail = ready(ctx, id, access)?;
    let mut meta = crumbs(
        ctx,
        format!("{} – supplier responses", detail.supplier),
        id,
        &detail.header.challenge_title,
    )
    .crumb("Supplier responses", responses_path(&id));
    meta.has_errors = form.has_errors();
    let data = ResponsePageData { detail, form };
    Ok(ctx.page(status, meta, move || view! { <ResponsePage data=data /> }))
}

async fn question(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, question)): Path<(String, String)>,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    let question: Uuid = parse_id(&ctx, &question)?;
    let access = listing::question_comparison(&state.db, &ctx.actor, id, question)
        .await
        .map_err(|e| fail(&ctx, id, e))?;
    let comparison = ready(&ctx, id, access)?;
    let meta = crumbs(
        &ctx,
        format!(
            "Question {} compared – supplier responses",
            comparison.question.number
        ),
        id,
        &comparison.header.challenge_title,
    )
    .crumb("Supplier responses", responses_path(&id));
    ctx.ok(
        meta,
        move || view! { <QuestionPage comparison=comparison /> },
    )
}

async fn csv(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    let access = export::csv(&state.db, &ctx.actor, id)
        .await
        .map_err(|e| fail(&ctx, id, e))?;
    let file = ready(&ctx, id, access)?;
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", file.filename))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    Ok((
        [
            (
                CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (CONTENT_DISPOSITION, disposition),
            (CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
        ],
        file.body,
    )
        .into_response())
}

async fn declaration_form(
    state: &AppState,
    ctx: &Ctx,
    id: ChallengeId,
    form: FormState,
    return_to: String,
    status: StatusCode,
) -> Answer {
    let access = declarations::page(&state.db, &ctx.actor, id)
        .await
        .map_err(|e| fail(ctx, id, e))?;
    let page = ready(ctx, id, access)?;
    let mut meta = crumbs(
        ctx,
        format!(
            "Declare any conflict of interest – {}",
            page.challenge_title
        ),
        id,
        &page.challenge_title,
    );
    meta.has_errors = form.has_errors();
    let data = DeclarationPageData {
        page,
        form,
        return_to,
    };
    Ok(ctx.page(status, meta, move || {
        view! { <ConflictDeclarationPage data=data /> }
    }))
}

async fn declaration_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    let return_to = safe_return(id, query.get("return_to").map(String::as_str).unwrap_or(""));
    declaration_form(
        &state,
        &ctx,
        id,
        FormState::default(),
        return_to,
        StatusCode::OK,
    )
    .await
}

async fn declare(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    FormData(values): FormData,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    let return_to = safe_return(id, &get("return_to"));
    let form = DeclarationForm {
        has_conflict: get("has_conflict"),
        details: get("details"),
    };
    match declarations::declare(&state.db, &ctx.actor, id, &form).await {
        Ok(access) => {
            ready(&ctx, id, access)?;
            ctx.redirect_with(&return_to, Some("Your declaration has been recorded"))
        }
        Err(DomainError::Validation(errors)) => {
            declaration_form(
                &state,
                &ctx,
                id,
                FormState::failed(values, errors),
                return_to,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(err) => Err(fail(&ctx, id, err)),
    }
}

async fn observer_access(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    FormData(values): FormData,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    let choice = values
        .get("observers_see_responses")
        .cloned()
        .unwrap_or_default();
    let access = observers::set_access(&state.db, &ctx.actor, id, &choice)
        .await
        .map_err(|e| fail(&ctx, id, e))?;
    let changed = ready(&ctx, id, access)?;
    let message = match (changed, choice.trim()) {
        (false, _) => "Nothing changed",
        (true, "yes") => "Observer authorities can now read the responses",
        (true, _) => "Observer authorities can no longer read the responses",
    };
    ctx.redirect_with(&responses_path(&id), Some(message))
}

fn ids(ctx: &Ctx, id: &str, response: &str) -> Result<(ChallengeId, Uuid), Failure> {
    Ok((parse_id(ctx, id)?, parse_id(ctx, response)?))
}

async fn add_note(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, response)): Path<(String, String)>,
    FormData(values): FormData,
) -> Answer {
    let (id, response) = ids(&ctx, &id, &response)?;
    let body = values.get("note").cloned().unwrap_or_default();
    match annotations::add_note(&state.db, &ctx.actor, id, response, &body).await {
        Ok(access) => {
            ready(&ctx, id, access)?;
            let to = format!("{}/{response}", responses_path(&id));
            ctx.redirect_with(&to, Some("Your note has been added"))
        }
        Err(DomainError::Validation(errors)) => {
            response_page(
                &state,
                &ctx,
                id,
                response,
                None,
                FormState::failed(values, errors),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(err) => Err(fail(&ctx, id, err)),
    }
}

async fn edit_tag(
    state: AppState,
    ctx: Ctx,
    id: String,
    response: String,
    values: HashMap<String, String>,
    edit: TagEdit,
) -> Answer {
    let (id, response) = ids(&ctx, &id, &response)?;
    let typed = values.get("tag").cloned().unwrap_or_default();
    match annotations::edit_tag(&state.db, &ctx.actor, id, response, edit, &typed).await {
        Ok(access) => {
            let outcome = ready(&ctx, id, access)?;
            let message = match outcome {
                TagOutcome::Added(tag) => format!("Tagged ‘{tag}’"),
                TagOutcome::AlreadyThere(tag) => {
                    format!("The response already has the tag ‘{tag}’")
                }
                TagOutcome::Removed(tag) => format!("Removed the tag ‘{tag}’"),
                TagOutcome::AlreadyGone(tag) => format!("The tag ‘{tag}’ had already been removed"),
            };
            let to = format!("{}/{response}", responses_path(&id));
            ctx.redirect_with(&to, Some(&message))
        }
        Err(DomainError::Validation(errors)) => {
            response_page(
                &state,
                &ctx,
                id,
                response,
                None,
                FormState::failed(values, errors),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(err) => Err(fail(&ctx, id, err)),
    }
}

async fn add_tag(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, response)): Path<(String, String)>,
    FormData(values): FormData,
) -> Answer {
    edit_tag(state, ctx, id, response, values, TagEdit::Add).await
}

async fn remove_tag(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, response)): Path<(String, String)>,
    FormData(values): FormData,
) -> Answer {
    edit_tag(state, ctx, id, response, values, TagEdit::Remove).await
}
