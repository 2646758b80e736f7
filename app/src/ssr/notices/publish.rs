//! Publishing a draft: every rule checked at once (each missing field named), then in one
//! transaction the reference, the authorities as they stand, the search text, the first
//! OCDS release, the audit event, the challenge's move to market engagement and the
//! emails to suppliers following the notice's kind of work.

use super::ocds::{self, ReleaseKind};
use super::{
    authorize, challenge_row, for_challenge, joint_authorities, search_text, view, NoticeView,
};
use crate::domain::engagement::{format_london, FollowKind, NoticeStatus};
use crate::domain::engagement_policy::NoticeAction;
use crate::domain::notice_rules::{london_year, publish_problems, reference, reference_number};
use crate::domain::policy::{Actor, ChallengeAction};
use crate::domain::{ChallengeId, ChallengeStatus};
use crate::ssr::challenges::{load_for, require_user};
use crate::ssr::entities::{
    challenge, notice, notice_authority, notice_cpv_code, supplier_follow, user,
};
use crate::ssr::error::{DomainError, DomainResult};
use crate::ssr::{audit, outbox};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect, Set, SqlErr,
};
use std::collections::BTreeSet;
use uuid::Uuid;

/// How often publishing retries when another notice took the same reference number at
/// the same moment (possible on PostgreSQL, where two transactions can read the same
/// highest number; the unique index refuses the second).
const REFERENCE_ATTEMPTS: usize = 5;

/// The next free reference of `year`, read inside the publishing transaction. Only
/// references of the form CP-<year>-<number> count (imported or generated ones with
/// other suffixes are skipped).
async fn next_reference(db: &impl ConnectionTrait, year: i32) -> DomainResult<String> {
    let taken: Vec<String> = notice::Entity::find()
        .select_only()
        .column(notice::Column::Reference)
        .filter(notice::Column::Reference.starts_with(format!("CP-{year}-")))
        .into_tuple()
        .all(db)
        .await?;
    let last = taken
        .iter()
        .filter_map(|r| reference_number(r, year))
        .max()
        .unwrap_or(0);
    Ok(reference(year, last + 1))
}

fn is_unique_violation(err: &DomainError) -> bool {
    matches!(err, DomainError::Internal(message) if message.contains("UNIQUE") || message.contains("unique") || message.contains("duplicate key"))
}

pub async fn publish(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
    version: &str,
    base_url: &str,
) -> DomainResult<String> {
    load_for(db, actor, challenge, ChallengeAction::View).await?;
    let row = for_challenge(db, challenge.0)
        .await?
        .ok_or(DomainError::NotFound)?;
    let now = Utc::now();
    let facts = super::facts_for(db, actor, &row, now).await?;
    if facts.status != NoticeStatus::Draft && facts.actor_role.is_some() {
        return Err(DomainError::Conflict(format!(
            "This notice has already been published as {}.",
            row.reference
        )));
    }
    authorize(db, actor, &row, NoticeAction::Publish, now).await?;
    let based_on = super::draft::parse_version(version)?;
    if row.version != based_on {
        return Err(super::draft::conflict(db, challenge).await);
    }
    let current = view(db, &row, now).await?;
    let problems = publish_problems(&current.content(), now);
    if !problems.is_empty() {
        return Err(DomainError::Validation(problems));
    }
    let mut attempt = 0;
    loop {
        attempt += 1;
        let txn = crate::ssr::db::write(db).await?;
        match publish_in(&txn, actor, challenge, &row, &current, now, base_url).await {
            Ok(reference) => {
                txn.commit().await?;
                return Ok(reference);
            }
            Err(err) if is_unique_violation(&err) && attempt < REFERENCE_ATTEMPTS => {
                drop(txn);
                continue;
            }
            Err(err) => return Err(err),
        }
    }
}

async fn publish_in(
    txn: &DatabaseTransaction,
    actor: &Actor,
    challenge: ChallengeId,
    row: &notice::Model,
    current: &NoticeView,
    now: DateTime<Utc>,
    base_url: &str,
) -> DomainResult<String> {
    let user = require_user(actor)?;
    let reference = next_reference(txn, london_year(now)).await?;
    // The authorities as they stand now: joining the challenge later does not change a
    // notice already out.
    let authorities = joint_authorities(txn, challenge.0).await?;
    let search = search_text(&reference, &current.details, &current.cpv, &authorities);
    let result = notice::Entity::update_many()
        .col_expr(notice::Column::Reference, Expr::value(reference.clone()))
        .col_expr(
            notice::Column::Status,
            Expr::value(NoticeStatus::Published.as_str()),
        )
        .col_expr(notice::Column::PublishedAt, Expr::value(now))
        .col_expr(
            notice::Column::LeadOrganisationId,
            Expr::value(authorities.first().map(|a| a.organisation_id.0)),
        )
        .col_expr(notice::Column::SearchText, Expr::value(search))
        .col_expr(notice::Column::Version, Expr::value(row.version + 1))
        .col_expr(notice::Column::UpdatedAt, Expr::value(now))
        .filter(notice::Column::Id.eq(row.id))
        .filter(notice::Column::Version.eq(row.version))
        .filter(notice::Column::Status.eq(NoticeStatus::Draft.as_str()))
        .exec(txn)
        .await
        .map_err(|e| match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(m)) => {
                DomainError::Internal(format!("UNIQUE reference taken: {m}"))
            }
            _ => DomainError::from(e),
        })?;
    if result.rows_affected == 0 {
        return Err(DomainError::Conflict(
            "Someone published or changed this notice at the same moment. Check the notice as it is now.".into(),
        ));
    }
    for (position, authority) in authorities.iter().enumerate() {
        notice_authority::ActiveModel {
            notice_id: Set(row.id),
            organisation_id: Set(authority.organisation_id.0),
            role: Set(authority.role.as_str().into()),
            position: Set(position as i32 + 1),
        }
        .insert(txn)
        .await?;
    }
    let published = notice::Entity::find_by_id(row.id)
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    ocds::record_release(txn, &published, ReleaseKind::Published, None, now, base_url).await?;
    audit::record(
        txn,
        user,
        Some(challenge),
        "notice_published",
        format!(
            "Published the market engagement notice {reference}, closing {}",
            current
                .details
                .closes_at
                .map(format_london)
                .unwrap_or_default()
        ),
    )
    .await?;
    move_challenge_to_market(txn, user, challenge).await?;
    notify_followers(txn, &published, current, &reference, base_url).await?;
    Ok(reference)
}

/// A collaborating challenge whose notice goes out is now in market engagement; any other
/// status is left as the lead set it.
async fn move_challenge_to_market(
    txn: &DatabaseTransaction,
    user: &crate::domain::policy::User,
    challenge: ChallengeId,
) -> DomainResult<()> {
    let row = challenge_row(txn, challenge.0).await?;
    let from = ChallengeStatus::parse(&row.status);
    if from != Some(ChallengeStatus::Collaborating) {
        return Ok(());
    }
    let moved = challenge::Entity::update_many()
        .col_expr(
            challenge::Column::Status,
            Expr::value(ChallengeStatus::MarketEngagement.as_str()),
        )
        .col_expr(
            challenge::Column::Version,
            Expr::col(challenge::Column::Version).add(1),
        )
        .col_expr(challenge::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(challenge::Column::Id.eq(challenge.0))
        .filter(challenge::Column::Status.eq(ChallengeStatus::Collaborating.as_str()))
        .exec(txn)
        .await?;
    if moved.rows_affected == 1 {
        audit::record(
            txn,
            user,
            Some(challenge),
            "status_changed",
            "Moved the challenge from Collaborating to Market engagement, as its notice was published",
        )
        .await?;
    }
    Ok(())
}

/// Emails every supplier user who follows one of the notice's CPV divisions or its
/// service area, once each.
async fn notify_followers(
    txn: &DatabaseTransaction,
    row: &notice::Model,
    current: &NoticeView,
    reference: &str,
    base_url: &str,
) -> DomainResult<()> {
    let divisions: BTreeSet<String> = notice_cpv_code::Entity::find()
        .filter(notice_cpv_code::Column::NoticeId.eq(row.id))
        .all(txn)
        .await?
        .into_iter()
        .map(|c| c.division)
        .collect();
    let follows = supplier_follow::Entity::find()
        .filter(
            Condition::any()
                .add(
                    Condition::all()
                        .add(supplier_follow::Column::Kind.eq(FollowKind::CpvDivision.as_str()))
                        .add(supplier_follow::Column::Value.is_in(divisions.iter().cloned())),
                )
                .add(
                    Condition::all()
                        .add(supplier_follow::Column::Kind.eq(FollowKind::ServiceArea.as_str()))
                        .add(supplier_follow::Column::Value.eq(row.service_area.as_str())),
                ),
        )
        .all(txn)
        .await?;
    let user_ids: BTreeSet<Uuid> = follows.iter().map(|f| f.user_id).collect();
    if user_ids.is_empty() {
        return Ok(());
    }
    let recipients = user::Entity::find()
        .filter(user::Column::Id.is_in(user_ids))
        .all(txn)
        .await?;
    let lead = current
        .lead()
        .map(|a| a.name.clone())
        .unwrap_or_else(|| "London authorities".into());
    let closes = current
        .details
        .closes_at
        .map(format_london)
        .unwrap_or_default();
    for recipient in recipients {
        outbox::enqueue(
            txn,
            &recipient.email,
            &format!("New market engagement notice: {}", current.details.title),
            &format!(
                "Hello {},\n\n{lead} has published a preliminary market engagement notice that matches what you follow on Coprocure:\n\n{}\n{reference}\n\nIt closes {closes}.\n\nRead it and take part: {base_url}/notices/{reference}\n\nYou get this email because you follow this kind of work. You can change what you follow from your supplier dashboard.",
                recipient.display_name, current.details.title
            ),
        )
        .await?;
    }
    Ok(())
}
