//! The audit trail: every change to a challenge records who did it, for which
//! organisation, when, and what changed, in the same transaction as the change.

use super::entities::audit_event;
use super::error::DomainResult;
use crate::domain::policy::User;
use crate::domain::ChallengeId;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub async fn record(
    db: &impl ConnectionTrait,
    actor: &User,
    challenge: Option<ChallengeId>,
    action: &str,
    summary: impl Into<String>,
) -> DomainResult<()> {
    audit_event::ActiveModel {
        id: Set(Uuid::new_v4()),
        challenge_id: Set(challenge.map(|c| c.0)),
        actor_user_id: Set(Some(actor.id.0)),
        actor_name: Set(actor.name.clone()),
        actor_organisation_id: Set(Some(actor.organisation_id.0)),
        actor_organisation_name: Set(actor.organisation_name.clone()),
        action: Set(action.to_string()),
        summary: Set(summary.into()),
        occurred_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub actor_name: String,
    pub organisation_name: String,
    pub action: String,
    pub summary: String,
    pub occurred_at: DateTime<Utc>,
}

pub async fn challenge_history(
    db: &impl ConnectionTrait,
    challenge: ChallengeId,
) -> DomainResult<Vec<HistoryEntry>> {
    let rows = audit_event::Entity::find()
        .filter(audit_event::Column::ChallengeId.eq(challenge.0))
        .order_by_desc(audit_event::Column::OccurredAt)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| HistoryEntry {
            actor_name: row.actor_name,
            organisation_name: row.actor_organisation_name,
            action: row.action,
            summary: row.summary,
            occurred_at: row.occurred_at,
        })
        .collect())
}
