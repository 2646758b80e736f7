//! Comments on needs and criteria, threaded one level: a comment or a reply to one.

use super::entities::comment;
use super::error::{DomainError, DomainResult};
use super::revisions::ItemKind;
use crate::domain::policy::User;
use crate::domain::validation::optional_message;
use crate::domain::{ChallengeId, FieldErrors};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub const COMMENT_MAX: usize = 5_000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: Uuid,
    pub author_name: String,
    pub organisation_name: String,
    /// Rendered from Markdown and sanitised.
    pub body_html: String,
    pub created_at: DateTime<Utc>,
    pub replies: Vec<CommentView>,
}

/// Adds a comment (or a reply, given `parent`). The caller has checked the policy.
pub async fn add(
    db: &impl ConnectionTrait,
    actor: &User,
    challenge: ChallengeId,
    kind: ItemKind,
    item: Uuid,
    parent: Option<&str>,
    body: &str,
) -> DomainResult<Uuid> {
    let mut errors = FieldErrors::new();
    let text = errors.check("body", optional_message(body, COMMENT_MAX, "Comment"));
    if text.as_deref() == Some("") {
        errors.add("body", "Enter a comment");
    }
    errors.into_result()?;
    let parent_id = match parent.map(str::trim).filter(|p| !p.is_empty()) {
        None => None,
        Some(raw) => {
            let id: Uuid = raw.parse().map_err(|_| {
                DomainError::field("body", "The comment you replied to no longer exists")
            })?;
            let parent = comment::Entity::find_by_id(id)
                .one(db)
                .await?
                .filter(|c| c.item_id == item)
                .ok_or_else(|| {
                    DomainError::field("body", "The comment you replied to no longer exists")
                })?;
            // One level of threading: a reply to a reply joins its parent's thread.
            Some(parent.parent_id.unwrap_or(parent.id))
        }
    };
    let id = Uuid::new_v4();
    comment::ActiveModel {
        id: Set(id),
        challenge_id: Set(challenge.0),
        item_kind: Set(kind.as_str().into()),
        item_id: Set(item),
        parent_id: Set(parent_id),
        body: Set(text.expect("checked")),
        author_user_id: Set(actor.id.0),
        author_name: Set(actor.name.clone()),
        author_organisation_name: Set(actor.organisation_name.clone()),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    Ok(id)
}

/// The comments on an item as threads, oldest first.
pub async fn threads(db: &impl ConnectionTrait, item: Uuid) -> DomainResult<Vec<CommentView>> {
    let rows = comment::Entity::find()
        .filter(comment::Column::ItemId.eq(item))
        .order_by_asc(comment::Column::CreatedAt)
        .all(db)
        .await?;
    let view = |row: &comment::Model| CommentView {
        id: row.id,
        author_name: row.author_name.clone(),
        organisation_name: row.author_organisation_name.clone(),
        body_html: super::markdown::render(&row.body),
        created_at: row.created_at,
        replies: Vec::new(),
    };
    let mut threads: Vec<CommentView> = rows
        .iter()
        .filter(|r| r.parent_id.is_none())
        .map(view)
        .collect();
    for reply in rows.iter().filter(|r| r.parent_id.is_some()) {
        if let Some(thread) = threads.iter_mut().find(|t| Some(t.id) == reply.parent_id) {
            thread.replies.push(view(reply));
        }
    }
    Ok(threads)
}

/// How many comments each item of a challenge has, for lists; with `items`, only those
/// (a page of a list).
pub async fn counts(
    db: &impl ConnectionTrait,
    challenge: ChallengeId,
    items: Option<&[Uuid]>,
) -> DomainResult<std::collections::HashMap<Uuid, usize>> {
    use sea_orm::QuerySelect;
    // Counted by the database: the bodies are not needed for a number.
    let mut query = comment::Entity::find()
        .select_only()
        .column(comment::Column::ItemId)
        .column_as(comment::Column::Id.count(), "n")
        .filter(comment::Column::ChallengeId.eq(challenge.0));
    if let Some(items) = items {
        query = query.filter(comment::Column::ItemId.is_in(items.iter().copied()));
    }
    let rows: Vec<(Uuid, i64)> = query
        .group_by(comment::Column::ItemId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(item, n)| (item, usize::try_from(n).unwrap_or(0)))
        .collect())
}
