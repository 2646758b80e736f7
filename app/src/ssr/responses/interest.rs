//! A supplier registering interest in a notice: it is then told of every clarification
//! answered publicly. Answering the questionnaire or asking a question registers it too.

use super::access::{self, require_user};
use crate::domain::engagement_policy::NoticeAction;
use crate::domain::policy::{Actor, User};
use crate::ssr::audit;
use crate::ssr::entities::supplier_interest;
use crate::ssr::error::DomainResult;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, Set, TryInsertResult};
use uuid::Uuid;

/// Whether this registration was new (false: the organisation had already registered).
pub async fn register(
    db: &DatabaseConnection,
    actor: &Actor,
    reference: &str,
    now: DateTime<Utc>,
) -> DomainResult<bool> {
    let notice =
        access::by_reference(db, actor, reference, NoticeAction::RegisterInterest, now).await?;
    let user = require_user(actor)?;
    let txn = crate::ssr::db::write(db).await?;
    let added = ensure(&txn, notice.row.id, user).await?;
    if added {
        // Kept out of the challenge's history, which observers read: who responds is
        // for the reviewing authorities.
        audit::record(
            &txn,
            user,
            None,
            "notice_interest_registered",
            format!("Registered interest in notice {}", notice.row.reference),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(added)
}

/// Records the organisation's interest unless it is already recorded; true when new.
/// Two colleagues registering at once leave one row (the primary key decides).
pub(crate) async fn ensure(
    db: &impl ConnectionTrait,
    notice: Uuid,
    user: &User,
) -> DomainResult<bool> {
    let inserted = supplier_interest::Entity::insert(supplier_interest::ActiveModel {
        notice_id: Set(notice),
        organisation_id: Set(user.organisation_id.0),
        user_id: Set(user.id.0),
        created_at: Set(Utc::now()),
    })
    .on_conflict_do_nothing_on([
        supplier_interest::Column::NoticeId,
        supplier_interest::Column::OrganisationId,
    ])
    .exec_without_returning(db)
    .await?;
    Ok(matches!(inserted, TryInsertResult::Inserted(n) if n > 0))
}

pub(crate) async fn is_registered(
    db: &impl ConnectionTrait,
    notice: Uuid,
    organisation: Uuid,
) -> DomainResult<bool> {
    Ok(
        supplier_interest::Entity::find_by_id((notice, organisation))
            .one(db)
            .await?
            .is_some(),
    )
}
