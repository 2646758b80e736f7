//! Routes for the challenge's buying criteria, the traceability matrix and sign-off.

use crate::ctx::{Answer, Ctx};
use crate::forms::{parse_id, MAX_FORM_BYTES};
use crate::state::AppState;
use app::domain::{ChallengeId, FieldErrors};
use app::ssr::criteria::{self, CriterionForm, EditOutcome};
use app::ssr::signoff::{self, Decided};
use app::ssr::DomainError;
use app::ui::form::FormState;
use app::ui::pages::criteria::{
    CriteriaPage, CriteriaPageData, CriterionDetailData, CriterionDetailPage, CriterionEditData,
    CriterionEditPage, MatrixPage,
};
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/challenges/{id}/criteria", get(list_page).post(create))
        .route("/challenges/{id}/criteria/{cid}", get(detail_page))
        .route(
            "/challenges/{id}/criteria/{cid}/edit",
            get(edit_page).post(update),
        )
        .route("/challenges/{id}/criteria/{cid}/archive", post(archive))
        .route("/challenges/{id}/criteria/{cid}/move", post(move_criterion))
        .route("/challenges/{id}/criteria/{cid}/comments", post(comment))
        .route("/challenges/{id}/criteria/{cid}/restore", post(restore))
        .route("/challenges/{id}/matrix", get(matrix))
        .route("/challenges/{id}/signoff/propose", post(propose))
        .route("/challenges/{id}/signoff", post(decide))
}

/// A form body that may repeat a field (the needs checkboxes): single fields as a map
/// (last value wins), and every `needs` value in order, also joined into `values["needs"]`
/// so a re-rendered form keeps the ticks.
pub struct MultiForm {
    values: HashMap<String, String>,
    needs: Vec<String>,
}

impl<S: Send + Sync> FromRequest<S> for MultiForm {
    type Rejection = axum::response::Response;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::to_bytes(req.into_body(), MAX_FORM_BYTES)
            .await
            .map_err(|_| {
                crate::middleware::bare_problem_page(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "What you sent was too large",
                    "Nothing was saved. Shorten the text and try again.",
                )
            })?;
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
        let mut values = HashMap::new();
        let mut needs = Vec::new();
        for (key, value) in pairs {
            if key == "needs" {
                needs.push(value);
            } else {
                values.insert(key, value);
            }
        }
        values.insert("needs".into(), needs.join(","));
        Ok(MultiForm { values, needs })
    }
}

impl MultiForm {
    fn get(&self, key: &str) -> String {
        self.values.get(key).cloned().unwrap_or_default()
    }

    fn criterion(&self) -> CriterionForm {
        CriterionForm {
            name: self.get("name"),
            description: self.get("description"),
            kind: self.get("kind"),
            category: self.get("category"),
            weight: self.get("weight"),
            guidance: self.get("guidance"),
            needs: self.needs.clone(),
            version: self.get("version"),
        }
    }
}

fn ids(ctx: &Ctx, id: &str, cid: &str) -> Result<(ChallengeId, Uuid), crate::ctx::Failure> {
    Ok((parse_id(ctx, id)?, parse_id(ctx, cid)?))
}

async fn render_list(
    state: &AppState,
    ctx: &Ctx,
    id: ChallengeId,
    form: FormState,
    status: StatusCode,
) -> Answer {
    let overview = criteria::overview(&state.db, &ctx.actor, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let mut meta = ctx
        .meta(format!("Buying criteria – {}", overview.title))
        .crumb("Home", "/")
        .crumb("Challenges", "/challenges")
        .crumb(overview.title.clone(), format!("/challenges/{id}"));
    meta.has_errors = form.has_errors();
    let data = CriteriaPageData { overview, form };
    Ok(ctx.page(status, meta, move || view! { <CriteriaPage data=data /> }))
}

pub async fn list_page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    render_list(&state, &ctx, id, FormState::default(), StatusCode::OK).await
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: MultiForm,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    match criteria::create(&state.db, &ctx.actor, id, &form.criterion()).await {
        Ok(cid) => {
            state.live_publish(
                id,
                "criterion_saved",
                Some(cid),
                &ctx,
                "added a buying criterion",
            );
            ctx.redirect_with(
                &format!("/challenges/{id}/criteria/{cid}"),
                Some("Criterion added"),
            )
        }
        Err(DomainError::Validation(errors)) => {
            render_list(
                &state,
                &ctx,
                id,
                FormState::failed(form.values, errors),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(other) => Err(ctx.fail(other)),
    }
}

async fn render_detail(
    state: &AppState,
    ctx: &Ctx,
    id: ChallengeId,
    cid: Uuid,
    form: FormState,
    status: StatusCode,
) -> Answer {
    let detail = criteria::detail(&state.db, &ctx.actor, id, cid)
        .await
        .map_err(|e| ctx.fail(e))?;
    let mut meta = ctx
        .meta(format!("{} – buying criteria", detail.name))
        .crumb("Home", "/")
        .crumb("Challenges", "/challenges")
        .crumb(detail.challenge_title.clone(), format!("/challenges/{id}"))
        .crumb("Buying criteria", format!("/challenges/{id}/criteria"));
    meta.has_errors = form.has_errors();
    let data = CriterionDetailData { detail, form };
    Ok(ctx.page(
        status,
        meta,
        move || view! { <CriterionDetailPage data=data /> },
    ))
}

pub async fn detail_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, cid)): Path<(String, String)>,
) -> Answer {
    let (id, cid) = ids(&ctx, &id, &cid)?;
    render_detail(&state, &ctx, id, cid, FormState::default(), StatusCode::OK).await
}

#[allow(clippy::too_many_arguments)]
async fn render_edit(
    ctx: &Ctx,
    id: ChallengeId,
    cid: Uuid,
    challenge_title: String,
    name: String,
    form: FormState,
    needs: Vec<criteria::NeedChoice>,
    conflict: Option<criteria::SavedCriterion>,
    status: StatusCode,
) -> Answer {
    let mut meta = ctx
        .meta(format!("Edit criterion – {name}"))
        .crumb("Home", "/")
        .crumb("Challenges", "/challenges")
        .crumb(challenge_title.clone(), format!("/challenges/{id}"))
        .crumb("Buying criteria", format!("/challenges/{id}/criteria"));
    meta.has_errors = form.has_errors() || conflict.is_some();
    let data = CriterionEditData {
        challenge_id: id.to_string(),
        challenge_title,
        criterion_id: cid.to_string(),
        name,
        form,
        needs,
        conflict,
    };
    Ok(ctx.page(
        status,
        meta,
        move || view! { <CriterionEditPage data=data /> },
    ))
}

pub async fn edit_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, cid)): Path<(String, String)>,
) -> Answer {
    let (id, cid) = ids(&ctx, &id, &cid)?;
    let edit = criteria::edit_context(&state.db, &ctx.actor, id, cid)
        .await
        .map_err(|e| ctx.fail(e))?;
    render_edit(
        &ctx,
        id,
        cid,
        edit.challenge_title,
        edit.name,
        FormState::with_values(edit.values),
        edit.needs,
        None,
        StatusCode::OK,
    )
    .await
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, cid)): Path<(String, String)>,
    form: MultiForm,
) -> Answer {
    let (id, cid) = ids(&ctx, &id, &cid)?;
    let outcome = criteria::update(&state.db, &ctx.actor, id, cid, &form.criterion()).await;
    let mut values = form.values;
    let (state_form, conflict, status) = match outcome {
        Ok(EditOutcome::Saved) => {
            state.live_publish(
                id,
                "criterion_saved",
                Some(cid),
                &ctx,
                "edited a buying criterion",
            );
            return ctx.redirect_with(
                &format!("/challenges/{id}/criteria/{cid}"),
                Some("Your changes have been saved"),
            );
        }
        Ok(EditOutcome::Conflict(saved)) => {
            // The person's text stays in the form; the next save is based on what is saved now.
            values.insert("version".into(), saved.version.to_string());
            (
                FormState::with_values(values),
                Some(*saved),
                StatusCode::CONFLICT,
            )
        }
        Err(DomainError::Validation(errors)) => (
            FormState::failed(values, errors),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(other) => return Err(ctx.fail(other)),
    };
    let (challenge_title, needs) = criteria::form_context(&state.db, &ctx.actor, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let name = conflict
        .as_ref()
        .map(|s| s.name.clone())
        .unwrap_or_else(|| state_form.value("name"));
    render_edit(
        &ctx,
        id,
        cid,
        challenge_title,
        name,
        state_form,
        needs,
        conflict,
        status,
    )
    .await
}

pub async fn archive(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, cid)): Path<(String, String)>,
) -> Answer {
    let (id, cid) = ids(&ctx, &id, &cid)?;
    let name = criteria::archive(&state.db, &ctx.actor, id, cid)
        .await
        .map_err(|e| ctx.fail(e))?;
    state.live_publish(
        id,
        "criterion_saved",
        Some(cid),
        &ctx,
        "archived a buying criterion",
    );
    ctx.redirect_with(
        &format!("/challenges/{id}/criteria"),
        Some(&format!("“{name}” has been archived")),
    )
}

pub async fn move_criterion(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, cid)): Path<(String, String)>,
    form: MultiForm,
) -> Answer {
    let (id, cid) = ids(&ctx, &id, &cid)?;
    match criteria::move_criterion(&state.db, &ctx.actor, id, cid, &form.get("direction")).await {
        Ok(()) => {
            state.live_publish(
                id,
                "criteria_reordered",
                Some(cid),
                &ctx,
                "reordered the buying criteria",
            );
            ctx.redirect_with(&format!("/challenges/{id}/criteria"), Some("Order changed"))
        }
        Err(DomainError::Validation(errors)) => {
            render_list(
                &state,
                &ctx,
                id,
                FormState::failed(HashMap::new(), errors),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(other) => Err(ctx.fail(other)),
    }
}

pub async fn comment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, cid)): Path<(String, String)>,
    form: MultiForm,
) -> Answer {
    let (id, cid) = ids(&ctx, &id, &cid)?;
    let parent = form.get("parent");
    let parent = parent.trim().to_string();
    // A reply's textarea is named after its thread, so several reply boxes can share a page.
    let body = if parent.is_empty() {
        form.get("body")
    } else {
        form.values
            .get(&format!("reply-{parent}"))
            .cloned()
            .unwrap_or_else(|| form.get("body"))
    };
    let parent_opt = (!parent.is_empty()).then_some(parent.as_str());
    match criteria::comment(&state.db, &ctx.actor, id, cid, parent_opt, &body).await {
        Ok(()) => {
            state.live_publish(
                id,
                "comment_added",
                Some(cid),
                &ctx,
                "commented on a buying criterion",
            );
            ctx.redirect_with(
                &format!("/challenges/{id}/criteria/{cid}"),
                Some(if parent.is_empty() {
                    "Comment added"
                } else {
                    "Reply added"
                }),
            )
        }
        Err(DomainError::Validation(errors)) => {
            let mut values = HashMap::from([("body".to_string(), body)]);
            let errors = if parent.is_empty() {
                errors
            } else {
                values.insert("parent".into(), parent.clone());
                let mut moved = FieldErrors::new();
                for e in errors.0 {
                    moved.add(&format!("reply-{parent}"), e.message);
                }
                moved
            };
            render_detail(
                &state,
                &ctx,
                id,
                cid,
                FormState::failed(values, errors),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(other) => Err(ctx.fail(other)),
    }
}

pub async fn restore(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, cid)): Path<(String, String)>,
    form: MultiForm,
) -> Answer {
    let (id, cid) = ids(&ctx, &id, &cid)?;
    let version = form.get("version");
    match criteria::restore(&state.db, &ctx.actor, id, cid, &version).await {
        Ok(new_version) => {
            state.live_publish(
                id,
                "criterion_saved",
                Some(cid),
                &ctx,
                "restored an earlier version of a buying criterion",
            );
            ctx.redirect_with(
                &format!("/challenges/{id}/criteria/{cid}"),
                Some(&format!(
                    "Version {} restored, saved as version {new_version}",
                    version.trim()
                )),
            )
        }
        Err(DomainError::Validation(errors)) => {
            render_detail(
                &state,
                &ctx,
                id,
                cid,
                FormState::failed(HashMap::new(), errors),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(other) => Err(ctx.fail(other)),
    }
}

pub async fn matrix(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    let matrix = criteria::matrix(&state.db, &ctx.actor, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let meta = ctx
        .meta(format!("Traceability matrix – {}", matrix.title))
        .crumb("Home", "/")
        .crumb("Challenges", "/challenges")
        .crumb(matrix.title.clone(), format!("/challenges/{id}"));
    ctx.ok(meta, move || view! { <MatrixPage matrix=matrix /> })
}

pub async fn propose(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    match signoff::propose(&state.db, &ctx.actor, id).await {
        Ok(version) => {
            state.live_publish(
                id,
                "signoff",
                None,
                &ctx,
                "proposed the buying criteria for sign-off",
            );
            ctx.redirect_with(
                &format!("/challenges/{id}/criteria#signoff"),
                Some(&format!(
                    "Version {version} of the criteria proposed for sign-off"
                )),
            )
        }
        Err(DomainError::Validation(errors)) => {
            render_list(
                &state,
                &ctx,
                id,
                FormState::failed(HashMap::new(), errors),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(other) => Err(ctx.fail(other)),
    }
}

pub async fn decide(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: MultiForm,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    let decision = form.get("decision");
    let comment = form.get("comment");
    match signoff::decide(&state.db, &ctx.actor, id, &decision, &comment).await {
        Ok(Decided::Agreed(version)) => {
            state.live_publish(
                id,
                "signoff",
                None,
                &ctx,
                "answered the sign-off: every authority has now agreed",
            );
            ctx.redirect_with(
                &format!("/challenges/{id}/criteria#signoff"),
                Some(&format!(
                "Every member authority has agreed: version {version} of the criteria is signed off"
            )),
            )
        }
        Ok(Decided::Recorded) => {
            state.live_publish(
                id,
                "signoff",
                None,
                &ctx,
                "gave their authority's sign-off answer",
            );
            ctx.redirect_with(
                &format!("/challenges/{id}/criteria#signoff"),
                Some("Your authority's answer has been recorded"),
            )
        }
        Err(DomainError::Validation(errors)) => {
            render_list(
                &state,
                &ctx,
                id,
                FormState::failed(form.values, errors),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(other) => Err(ctx.fail(other)),
    }
}
