//! Periodic clean-up of rows that only matter for a while: expired sessions and old
//! sign-in attempts (kept a day, well beyond the rate-limit window).

use super::entities::{login_attempt, session};
use super::error::DomainResult;
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

pub async fn remove_expired(db: &impl ConnectionTrait) -> DomainResult<u64> {
    let now = Utc::now();
    let sessions = session::Entity::delete_many()
        .filter(session::Column::ExpiresAt.lt(now))
        .exec(db)
        .await?;
    let attempts = login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::AttemptedAt.lt(now - Duration::days(1)))
        .exec(db)
        .await?;
    Ok(sessions.rows_affected + attempts.rows_affected)
}

/// Writes down `closed` for market engagement notices whose closing time has passed,
/// each with its closing OCDS release (see `notices::lifecycle::close_due`).
pub async fn close_notices(
    db: &sea_orm::DatabaseConnection,
    base_url: &str,
) -> DomainResult<usize> {
    super::notices::lifecycle::close_due(db, base_url, Utc::now()).await
}
