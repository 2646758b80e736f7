//! The user needs of a challenge.

use crate::ctx::{Answer, Ctx};
use crate::forms::{parse_id, FormData};
use crate::state::AppState;
use app::domain::ChallengeId;
use app::ssr::needs::{self, NeedEditOutcome, NeedForm};
use app::ssr::DomainError;
use app::ui::form::FormState;
use app::ui::pages::needs::{
    ConsensusPage, ConsensusPageData, MergePage, MergePageData, NeedDetailData, NeedDetailPage,
    NeedEditData, NeedEditPage, NeedsPage, NeedsPageData,
};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/challenges/{id}/needs", get(list).post(create))
        .route("/challenges/{id}/needs/merge", get(merge_page).post(merge))
        .route("/challenges/{id}/needs/consensus", get(consensus))
        .route("/challenges/{id}/needs/{need}", get(show))
        .route(
            "/challenges/{id}/needs/{need}/edit",
            get(edit_page).post(update),
        )
        .route("/challenges/{id}/needs/{need}/move", post(move_need))
        .route("/challenges/{id}/needs/{need}/archive", post(archive))
        .route("/challenges/{id}/needs/{need}/restore", post(restore))
        .route("/challenges/{id}/needs/{need}/view", post(set_view))
        .route("/challenges/{id}/needs/{need}/comments", post(comment))
}

fn need_form(values: &HashMap<String, String>) -> NeedForm {
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    NeedForm {
        as_a: get("as_a"),
        i_need: get("i_need"),
        so_that: get("so_that"),
        priority: get("priority"),
        evidence: get("evidence"),
        tags: get("tags"),
        version: get("version"),
    }
}

fn ids(ctx: &Ctx, id: &str, need: &str) -> Result<(ChallengeId, Uuid), crate::ctx::Failure> {
    Ok((parse_id(ctx, id)?, parse_id(ctx, need)?))
}

/// The list's options from the query: `view=disagreements` and `page=N` (from 1).
struct ListQuery {
    disagreements_only: bool,
    page: usize,
}

impl ListQuery {
    fn from(query: &HashMap<String, String>) -> Self {
        ListQuery {
            disagreements_only: query.get("view").map(String::as_str) == Some("disagreements"),
            page: query
                .get("page")
                .and_then(|p| p.trim().parse().ok())
                .unwrap_or(1),
        }
    }

    async fn overview(
        &self,
        state: &AppState,
        ctx: &Ctx,
        id: ChallengeId,
    ) -> Result<needs::NeedsOverview, crate::ctx::Failure> {
        use sea_orm::TransactionTrait;
        // The page's queries share one connection and one snapshot: the figures agree with
        // the list, and the pool hands out (and takes back) a connection once, not seven
        // times.
        let read = async {
            let txn = state.db.begin().await?;
            let overview =
                needs::overview(&txn, &ctx.actor, id, self.disagreements_only, self.page).await?;
            txn.commit().await?;
            Ok::<_, DomainError>(overview)
        };
        read.await.map_err(|e| ctx.fail(e))
    }

    fn first() -> Self {
        ListQuery {
            disagreements_only: false,
            page: 1,
        }
    }
}

async fn list_page(
    state: &AppState,
    ctx: &Ctx,
    id: ChallengeId,
    form: FormState,
    query: ListQuery,
    status: StatusCode,
) -> Answer {
    let overview = query.overview(state, ctx, id).await?;
    let mut meta = ctx.challenge_meta(
        format!("User needs – {}", overview.title),
        id,
        &overview.title,
    );
    meta.has_errors = form.has_errors();
    let data = NeedsPageData {
        challenge_id: id.to_string(),
        overview,
        form,
    };
    Ok(ctx.page(status, meta, move || view! { <NeedsPage data=data /> }))
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    list_page(
        &state,
        &ctx,
        id,
        FormState::default(),
        ListQuery::from(&query),
        StatusCode::OK,
    )
    .await
}

async fn consensus(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    let query = ListQuery::from(&query);
    let overview = query.overview(&state, &ctx, id).await?;
    let meta = ctx
        .challenge_meta(
            format!(
                "How the authorities' priorities compare – {}",
                overview.title
            ),
            id,
            &overview.title,
        )
        .crumb("User needs", format!("/challenges/{id}/needs"));
    let data = ConsensusPageData {
        challenge_id: id.to_string(),
        overview,
    };
    ctx.ok(meta, move || view! { <ConsensusPage data=data /> })
}

async fn merge_form(
    state: &AppState,
    ctx: &Ctx,
    id: ChallengeId,
    form: FormState,
    status: StatusCode,
) -> Answer {
    let (title, choices) = needs::merge_choices(&state.db, &ctx.actor, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let mut meta = ctx
        .challenge_meta("Merge two duplicate needs", id, &title)
        .crumb("User needs", format!("/challenges/{id}/needs"));
    meta.has_errors = form.has_errors();
    let data = MergePageData {
        challenge_id: id.to_string(),
        challenge_title: title,
        needs: choices,
        form,
    };
    Ok(ctx.page(status, meta, move || view! { <MergePage data=data /> }))
}

async fn merge_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    // `?keep=` comes from a need's own page: that need is chosen already.
    let values = query
        .get("keep")
        .map(|keep| HashMap::from([("keep".to_string(), keep.clone())]))
        .unwrap_or_default();
    merge_form(
        &state,
        &ctx,
        id,
        FormState::with_values(values),
        StatusCode::OK,
    )
    .await
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    FormData(values): FormData,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    match needs::create(&state.db, &ctx.actor, id, &need_form(&values)).await {
        Ok(need) => {
            state.live_publish(id, "need_added", Some(need), &ctx, "added a need");
            // The new need is last in the order: show the page it is on.
            let page = needs::page_of(&state.db, id, need).await;
            let query = if page > 1 {
                format!("?page={page}")
            } else {
                String::new()
            };
            ctx.redirect_with(
                &format!("/challenges/{id}/needs{query}#need-{need}"),
                Some("Need added"),
            )
        }
        Err(DomainError::Validation(errors)) => {
            list_page(
                &state,
                &ctx,
                id,
                FormState::failed(values, errors),
                ListQuery::first(),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(other) => Err(ctx.fail(other)),
    }
}

async fn merge(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    FormData(values): FormData,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    let keep = values.get("keep").cloned().unwrap_or_default();
    let duplicate = values.get("duplicate").cloned().unwrap_or_default();
    match needs::merge(&state.db, &ctx.actor, id, &keep, &duplicate).await {
        Ok(kept) => {
            state.live_publish(id, "needs_merged", Some(kept), &ctx, "merged two needs");
            ctx.redirect_with(
                &format!("/challenges/{id}/needs/{kept}"),
                Some("The needs have been merged"),
            )
        }
        Err(DomainError::Validation(errors)) => {
            merge_form(
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

async fn detail_page(
    state: &AppState,
    ctx: &Ctx,
    id: ChallengeId,
    need: Uuid,
    form: FormState,
    status: StatusCode,
) -> Answer {
    let detail = needs::detail(&state.db, &ctx.actor, id, need)
        .await
        .map_err(|e| ctx.fail(e))?;
    let mut meta = ctx
        .challenge_meta(
            format!("Need: {}", detail.need.i_need),
            id,
            &detail.challenge_title,
        )
        .crumb("User needs", format!("/challenges/{id}/needs"));
    meta.has_errors = form.has_errors();
    let data = NeedDetailData {
        challenge_id: id.to_string(),
        detail,
        form,
    };
    Ok(ctx.page(status, meta, move || view! { <NeedDetailPage data=data /> }))
}

async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, need)): Path<(String, String)>,
) -> Answer {
    let (id, need) = ids(&ctx, &id, &need)?;
    detail_page(&state, &ctx, id, need, FormState::default(), StatusCode::OK).await
}

async fn edit_form(
    ctx: &Ctx,
    id: ChallengeId,
    need: Uuid,
    title: String,
    form: FormState,
    conflict: Option<needs::SavedNeed>,
    status: StatusCode,
) -> Answer {
    let mut meta = ctx
        .challenge_meta("Edit need", id, &title)
        .crumb("User needs", format!("/challenges/{id}/needs"));
    meta.has_errors = form.has_errors() || conflict.is_some();
    let data = NeedEditData {
        challenge_id: id.to_string(),
        challenge_title: title,
        need_id: need.to_string(),
        form,
        conflict,
    };
    Ok(ctx.page(status, meta, move || view! { <NeedEditPage data=data /> }))
}

async fn edit_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, need)): Path<(String, String)>,
) -> Answer {
    let (id, need) = ids(&ctx, &id, &need)?;
    let (title, values) = needs::form_values(&state.db, &ctx.actor, id, need)
        .await
        .map_err(|e| ctx.fail(e))?;
    edit_form(
        &ctx,
        id,
        need,
        title,
        FormState::with_values(values),
        None,
        StatusCode::OK,
    )
    .await
}

async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, need)): Path<(String, String)>,
    FormData(mut values): FormData,
) -> Answer {
    let (id, need) = ids(&ctx, &id, &need)?;
    let title = app::ssr::challenges::detail(&state.db, &ctx.actor, id)
        .await
        .map_err(|e| ctx.fail(e))?
        .title;
    match needs::update(&state.db, &ctx.actor, id, need, &need_form(&values)).await {
        Ok(NeedEditOutcome::Saved) => {
            state.live_publish(id, "need_edited", Some(need), &ctx, "edited a need");
            ctx.redirect_with(
                &format!("/challenges/{id}/needs/{need}"),
                Some("Your changes have been saved"),
            )
        }
        Ok(NeedEditOutcome::Conflict(saved)) => {
            // The person's text stays; the next save is based on what is saved now.
            values.insert("version".into(), saved.version.to_string());
            edit_form(
                &ctx,
                id,
                need,
                title,
                FormState::with_values(values),
                Some(*saved),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(DomainError::Validation(errors)) => {
            edit_form(
                &ctx,
                id,
                need,
                title,
                FormState::failed(values, errors),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(other) => Err(ctx.fail(other)),
    }
}

async fn move_need(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, need)): Path<(String, String)>,
    form: FormData,
) -> Answer {
    let (id, need) = ids(&ctx, &id, &need)?;
    let up = match form.get("direction").as_str() {
        "up" => true,
        "down" => false,
        _ => {
            return Err(ctx.fail(DomainError::field(
                "direction",
                "Choose to move the need up or down",
            )))
        }
    };
    needs::move_need(&state.db, &ctx.actor, id, need, up)
        .await
        .map_err(|e| ctx.fail(e))?;
    state.live_publish(
        id,
        "needs_reordered",
        Some(need),
        &ctx,
        "reordered the needs",
    );
    ctx.redirect_with(
        &format!("/challenges/{id}/needs/{need}#actions"),
        Some("Order changed"),
    )
}

async fn archive(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, need)): Path<(String, String)>,
) -> Answer {
    let (id, need) = ids(&ctx, &id, &need)?;
    needs::archive(&state.db, &ctx.actor, id, need)
        .await
        .map_err(|e| ctx.fail(e))?;
    state.live_publish(id, "need_archived", Some(need), &ctx, "archived a need");
    ctx.redirect_with(
        &format!("/challenges/{id}/needs"),
        Some("Need archived: you can restore it from its history"),
    )
}

async fn restore(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, need)): Path<(String, String)>,
    form: FormData,
) -> Answer {
    let (id, need) = ids(&ctx, &id, &need)?;
    needs::restore(&state.db, &ctx.actor, id, need, &form.get("version"))
        .await
        .map_err(|e| ctx.fail(e))?;
    state.live_publish(
        id,
        "need_edited",
        Some(need),
        &ctx,
        "restored an earlier version of a need",
    );
    ctx.redirect_with(
        &format!("/challenges/{id}/needs/{need}"),
        Some("The earlier version has been restored as a new version"),
    )
}

async fn set_view(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, need)): Path<(String, String)>,
    FormData(values): FormData,
) -> Answer {
    let (id, need) = ids(&ctx, &id, &need)?;
    let field = |name: &str| values.get(name).cloned().unwrap_or_default();
    let endorsed = field("endorsed") == "yes";
    match needs::set_view(
        &state.db,
        &ctx.actor,
        id,
        need,
        endorsed,
        &field("view_priority"),
    )
    .await
    {
        Ok(()) => {
            state.live_publish(
                id,
                "need_endorsed",
                Some(need),
                &ctx,
                "gave their authority's view of a need",
            );
            ctx.redirect_with(
                &format!("/challenges/{id}/needs/{need}#views"),
                Some("Your authority's view has been saved"),
            )
        }
        Err(DomainError::Validation(errors)) => {
            detail_page(
                &state,
                &ctx,
                id,
                need,
                FormState::failed(values, errors),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(other) => Err(ctx.fail(other)),
    }
}

async fn comment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, need)): Path<(String, String)>,
    FormData(values): FormData,
) -> Answer {
    let (id, need) = ids(&ctx, &id, &need)?;
    let parent = values.get("parent").cloned();
    let body = values.get("body").cloned().unwrap_or_default();
    match needs::comment(&state.db, &ctx.actor, id, need, parent.as_deref(), &body).await {
        Ok(()) => {
            state.live_publish(id, "comment_added", Some(need), &ctx, "commented on a need");
            ctx.redirect_with(
                &format!("/challenges/{id}/needs/{need}#comments"),
                Some("Comment added"),
            )
        }
        Err(DomainError::Validation(errors)) => {
            detail_page(
                &state,
                &ctx,
                id,
                need,
                FormState::failed(values, errors),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(other) => Err(ctx.fail(other)),
    }
}
