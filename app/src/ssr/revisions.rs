//! Revisions of needs and criteria: every saved edit keeps the text before and after,
//! who made it and for which organisation. Any revision can be restored, as a new one.

use super::entities::revision;
use super::error::DomainResult;
use crate::domain::policy::User;
use crate::domain::ChallengeId;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ItemKind {
    Need,
    Criterion,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Need => "need",
            ItemKind::Criterion => "criterion",
        }
    }
}

/// Stores the state of an item as it is after a change; the previous revision holds the
/// state before it, so a revision page can show both.
#[allow(clippy::too_many_arguments)]
pub async fn record<T: Serialize>(
    db: &impl ConnectionTrait,
    actor: &User,
    challenge: ChallengeId,
    kind: ItemKind,
    item: Uuid,
    version: i32,
    snapshot: &T,
    summary: &str,
) -> DomainResult<()> {
    let snapshot = serde_json::to_string(snapshot)
        .map_err(|e| super::DomainError::Internal(format!("serialising a revision: {e}")))?;
    revision::ActiveModel {
        id: Set(Uuid::new_v4()),
        challenge_id: Set(challenge.0),
        item_kind: Set(kind.as_str().into()),
        item_id: Set(item),
        version: Set(version),
        snapshot: Set(snapshot),
        summary: Set(summary.chars().take(300).collect()),
        actor_user_id: Set(actor.id.0),
        actor_name: Set(actor.name.clone()),
        actor_organisation_name: Set(actor.organisation_name.clone()),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision<T> {
    pub version: i32,
    pub snapshot: T,
    pub summary: String,
    pub actor_name: String,
    pub organisation_name: String,
    pub created_at: DateTime<Utc>,
}

/// The revisions of one item, oldest first.
pub async fn list<T: DeserializeOwned>(
    db: &impl ConnectionTrait,
    item: Uuid,
) -> DomainResult<Vec<Revision<T>>> {
    let rows = revision::Entity::find()
        .filter(revision::Column::ItemId.eq(item))
        .order_by_asc(revision::Column::Version)
        .order_by_asc(revision::Column::CreatedAt)
        .all(db)
        .await?;
    rows.into_iter()
        .map(|row| {
            Ok(Revision {
                snapshot: serde_json::from_str(&row.snapshot).map_err(|e| {
                    super::DomainError::Internal(format!("reading revision {}: {e}", row.id))
                })?,
                version: row.version,
                summary: row.summary,
                actor_name: row.actor_name,
                organisation_name: row.actor_organisation_name,
                created_at: row.created_at,
            })
        })
        .collect()
}

/// How many revisions an item has, for the concurrency checks.
pub async fn count(db: &impl ConnectionTrait, item: Uuid) -> DomainResult<u64> {
    use sea_orm::PaginatorTrait;
    Ok(revision::Entity::find()
        .filter(revision::Column::ItemId.eq(item))
        .count(db)
        .await?)
}
