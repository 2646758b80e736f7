//! Whether observer authorities may read the responses: the lead decides, per notice.

use super::scope;
use super::Access;
use crate::domain::engagement_policy::NoticeAction;
use crate::domain::policy::Actor;
use crate::domain::ChallengeId;
use crate::ssr::audit;
use crate::ssr::entities::notice;
use crate::ssr::error::{DomainError, DomainResult};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

/// Sets observer access from the form's "yes"/"no". Returns whether anything changed.
/// Only the one column is written, so this never collides with an edit of the notice.
pub async fn set_access(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
    choice: &str,
) -> DomainResult<Access<bool>> {
    let scope = match scope::open(db, actor, challenge, NoticeAction::SetObserverAccess).await? {
        Access::Ready(scope) => scope,
        Access::Declare => return Ok(Access::Declare),
        Access::NotPublished(info) => return Ok(Access::NotPublished(info)),
    };
    let allow = match choice.trim() {
        "yes" => true,
        "no" => false,
        _ => {
            return Err(DomainError::field(
                "observers_see_responses",
                "Choose whether observer authorities can read the responses",
            ))
        }
    };
    let txn = crate::ssr::db::write(db).await?;
    let changed = notice::Entity::update_many()
        .col_expr(notice::Column::ObserversSeeResponses, Expr::value(allow))
        .filter(notice::Column::Id.eq(scope.notice.id))
        .filter(notice::Column::ObserversSeeResponses.ne(allow))
        .exec(&txn)
        .await?
        .rows_affected
        == 1;
    if changed {
        let summary = if allow {
            "Let observer authorities read the supplier responses"
        } else {
            "Stopped observer authorities reading the supplier responses"
        };
        audit::record(
            &txn,
            &scope.user,
            Some(scope.challenge_id),
            "observer_access_changed",
            format!("{summary} to notice {}", scope.notice.reference),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(Access::Ready(changed))
}
