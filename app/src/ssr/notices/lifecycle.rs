//! A published notice is never silently edited: the lead amends it (saying what changed
//! and why, which the public page shows as a change log and every interested supplier is
//! emailed), withdraws it (with a reason), or it closes at its closing time.

use super::ocds::{self, ReleaseKind};
use super::{authorize, cpv, for_challenge, search_text, view, CpvView};
use crate::domain::engagement::{format_london, NoticeStatus};
use crate::domain::engagement_policy::NoticeAction;
use crate::domain::notice_rules::{
    amendment_problems, changed_fields, parse_details, parse_withdrawal_reason, DetailsInput,
    NoticeContent,
};
use crate::domain::policy::{Actor, ChallengeAction};
use crate::domain::{ChallengeId, FieldErrors};
use crate::ssr::challenges::{load_for, require_user};
use crate::ssr::entities::{notice, notice_amendment, notice_cpv_code, supplier_interest, user};
use crate::ssr::error::{DomainError, DomainResult};
use crate::ssr::{audit, outbox};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, Set,
};
use std::collections::BTreeSet;
use uuid::Uuid;

pub struct AmendForm {
    pub details: DetailsInput,
    /// The CPV codes, separated by commas, spaces or new lines.
    pub cpv_codes: String,
    pub reason: String,
    pub version: String,
}

/// Reads the typed CPV codes, refusing (by name) any that are not in CPV 2008.
fn parse_codes(raw: &str) -> Result<Vec<CpvView>, String> {
    let mut codes: Vec<CpvView> = Vec::new();
    let mut unknown = Vec::new();
    for typed in raw
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|t| !t.is_empty())
    {
        match cpv::lookup(typed) {
            Some(code) if !codes.iter().any(|c| c.code == code.code) => codes.push(CpvView {
                code: code.code.to_string(),
                description: code.description.to_string(),
            }),
            Some(_) => {}
            None => unknown.push(typed.to_string()),
        }
    }
    if !unknown.is_empty() {
        return Err(format!(
            "There is no CPV code {}: check the codes and remove any that are wrong",
            unknown.join(", ")
        ));
    }
    codes.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(codes)
}

async fn published_notice(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
    action: NoticeAction,
    now: DateTime<Utc>,
) -> DomainResult<notice::Model> {
    load_for(db, actor, challenge, ChallengeAction::View).await?;
    let row = for_challenge(db, challenge.0)
        .await?
        .ok_or(DomainError::NotFound)?;
    let facts = super::facts_for(db, actor, &row, now).await?;
    // The lead is told why the notice cannot change; anyone else is simply refused.
    if facts.actor_role == Some(crate::domain::MemberRole::Lead) {
        let message = match facts.status {
            NoticeStatus::Draft => Some("This notice is still a draft: edit it directly."),
            NoticeStatus::Closed => Some("This notice has closed, so it can no longer be changed."),
            NoticeStatus::Withdrawn => Some("This notice has been withdrawn."),
            NoticeStatus::Published => None,
        };
        if let Some(message) = message {
            return Err(DomainError::Conflict(message.into()));
        }
    }
    authorize(db, actor, &row, action, now).await?;
    Ok(row)
}

/// Amends a published notice: the same fields as the draft form, plus what changed and
/// why. Records the change log entry, a `planningUpdate` release, and emails every
/// supplier that registered interest.
pub async fn amend(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
    form: &AmendForm,
    base_url: &str,
) -> DomainResult<()> {
    let now = Utc::now();
    let row = published_notice(db, actor, challenge, NoticeAction::Amend, now).await?;
    let user = require_user(actor)?;
    let based_on = super::draft::parse_version(&form.version)?;
    let before = view(db, &row, now).await?;
    let mut errors = FieldErrors::new();
    let details = match parse_details(&form.details, now) {
        Ok(details) => Some(details),
        Err(found) => {
            errors.0.extend(found.0);
            None
        }
    };
    let codes = errors.check("cpv_codes", parse_codes(&form.cpv_codes));
    let (Some(details), Some(codes)) = (details, codes) else {
        if form.reason.trim().is_empty() {
            errors.add(
                "reason",
                "Enter what changed and why: suppliers see it in the notice's change log",
            );
        }
        return Err(DomainError::Validation(errors));
    };
    let after = NoticeContent {
        details: details.clone(),
        cpv_codes: codes.iter().map(|c| c.code.clone()).collect(),
        ..before.content()
    };
    let mut problems = amendment_problems(&before.content(), &after, &form.reason, now);
    for e in problems.0.iter_mut() {
        if e.field == "cpv_q" {
            e.field = "cpv_codes".into();
        }
    }
    if !problems.is_empty() {
        return Err(DomainError::Validation(problems));
    }
    let changes: Vec<String> = changed_fields(&before.content(), &after)
        .into_iter()
        .map(String::from)
        .collect();
    let reason = form.reason.trim().to_string();
    let reference = row.reference.clone();
    let txn = crate::ssr::db::write(db).await?;
    let search = search_text(&reference, &details, &codes, &before.authorities);
    let result = notice::Entity::update_many()
        .col_expr(notice::Column::Title, Expr::value(details.title.clone()))
        .col_expr(
            notice::Column::Description,
            Expr::value(details.description.clone()),
        )
        .col_expr(notice::Column::ValueMin, Expr::value(details.value_min))
        .col_expr(notice::Column::ValueMax, Expr::value(details.value_max))
        .col_expr(notice::Column::ClosesAt, Expr::value(details.closes_at))
        .col_expr(
            notice::Column::ClarificationDeadline,
            Expr::value(details.clarification_deadline),
        )
        .col_expr(
            notice::Column::ContactName,
            Expr::value(details.contact_name.clone()),
        )
        .col_expr(
            notice::Column::ContactEmail,
            Expr::value(details.contact_email.clone()),
        )
        .col_expr(
            notice::Column::ContactPhone,
            Expr::value(details.contact_phone.clone()),
        )
        .col_expr(notice::Column::SearchText, Expr::value(search))
        .col_expr(notice::Column::AmendedAt, Expr::value(now))
        .col_expr(notice::Column::Version, Expr::value(based_on + 1))
        .col_expr(notice::Column::UpdatedAt, Expr::value(now))
        .filter(notice::Column::Id.eq(row.id))
        .filter(notice::Column::Version.eq(based_on))
        .filter(notice::Column::Status.eq(NoticeStatus::Published.as_str()))
        .exec(&txn)
        .await?;
    if result.rows_affected == 0 {
        drop(txn);
        return Err(super::draft::conflict(db, challenge).await);
    }
    if changes.iter().any(|c| c == "CPV codes") {
        notice_cpv_code::Entity::delete_many()
            .filter(notice_cpv_code::Column::NoticeId.eq(row.id))
            .exec(&txn)
            .await?;
        for code in &codes {
            notice_cpv_code::ActiveModel {
                notice_id: Set(row.id),
                code: Set(code.code.clone()),
                division: Set(code.code[..2].to_string()),
            }
            .insert(&txn)
            .await?;
        }
    }
    let number = notice_amendment::Entity::find()
        .filter(notice_amendment::Column::NoticeId.eq(row.id))
        .count(&txn)
        .await? as i32
        + 1;
    notice_amendment::ActiveModel {
        id: Set(Uuid::new_v4()),
        notice_id: Set(row.id),
        number: Set(number),
        changes: Set(serde_json::to_string(&changes).unwrap_or_else(|_| "[]".into())),
        reason: Set(reason.clone()),
        created_by: Set(user.id.0),
        created_by_name: Set(format!("{} ({})", user.name, user.organisation_name)),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;
    let amended = notice::Entity::find_by_id(row.id)
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    ocds::record_release(
        &txn,
        &amended,
        ReleaseKind::Amended,
        Some((&reason, &changes)),
        now,
        base_url,
    )
    .await?;
    audit::record(
        &txn,
        user,
        Some(challenge),
        "notice_amended",
        format!(
            "Amended the notice {reference} ({}): {reason}",
            changes.join(", ")
        ),
    )
    .await?;
    email_interested(
        &txn,
        row.id,
        &format!("Notice {reference} has changed: {}", details.title),
        &format!(
            "The market engagement notice {reference}, “{}”, has been amended.\n\nWhat changed: {}\nWhy: {reason}\n\nIt now closes {}.\n\nRead the notice: {base_url}/notices/{reference}\n\nYou get this email because your organisation registered interest in this notice.",
            details.title,
            changes.join(", "),
            details.closes_at.map(format_london).unwrap_or_default()
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Emails the person who registered each supplier's interest in the notice.
async fn email_interested(
    txn: &impl ConnectionTrait,
    notice_id: Uuid,
    subject: &str,
    body: &str,
) -> DomainResult<()> {
    let user_ids: BTreeSet<Uuid> = supplier_interest::Entity::find()
        .filter(supplier_interest::Column::NoticeId.eq(notice_id))
        .all(txn)
        .await?
        .into_iter()
        .map(|i| i.user_id)
        .collect();
    if user_ids.is_empty() {
        return Ok(());
    }
    for recipient in user::Entity::find()
        .filter(user::Column::Id.is_in(user_ids))
        .all(txn)
        .await?
    {
        outbox::enqueue(
            txn,
            &recipient.email,
            subject,
            &format!("Hello {},\n\n{body}", recipient.display_name),
        )
        .await?;
    }
    Ok(())
}

pub async fn withdraw(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
    reason: &str,
    version: &str,
    base_url: &str,
) -> DomainResult<()> {
    let now = Utc::now();
    let row = published_notice(db, actor, challenge, NoticeAction::Withdraw, now).await?;
    let user = require_user(actor)?;
    let based_on = super::draft::parse_version(version)?;
    let reason = parse_withdrawal_reason(reason).map_err(|m| DomainError::field("reason", m))?;
    let txn = crate::ssr::db::write(db).await?;
    let result = notice::Entity::update_many()
        .col_expr(
            notice::Column::Status,
            Expr::value(NoticeStatus::Withdrawn.as_str()),
        )
        .col_expr(notice::Column::WithdrawnReason, Expr::value(reason.clone()))
        .col_expr(notice::Column::WithdrawnAt, Expr::value(now))
        .col_expr(notice::Column::Version, Expr::value(based_on + 1))
        .col_expr(notice::Column::UpdatedAt, Expr::value(now))
        .filter(notice::Column::Id.eq(row.id))
        .filter(notice::Column::Version.eq(based_on))
        .filter(notice::Column::Status.eq(NoticeStatus::Published.as_str()))
        .exec(&txn)
        .await?;
    if result.rows_affected == 0 {
        drop(txn);
        return Err(super::draft::conflict(db, challenge).await);
    }
    let withdrawn = notice::Entity::find_by_id(row.id)
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    ocds::record_release(
        &txn,
        &withdrawn,
        ReleaseKind::Withdrawn,
        None,
        now,
        base_url,
    )
    .await?;
    audit::record(
        &txn,
        user,
        Some(challenge),
        "notice_withdrawn",
        format!("Withdrew the notice {}: {reason}", row.reference),
    )
    .await?;
    email_interested(
        &txn,
        row.id,
        &format!("Notice {} has been withdrawn", row.reference),
        &format!(
            "The market engagement notice {}, “{}”, has been withdrawn.\n\nWhy: {reason}\n\n{base_url}/notices/{}",
            row.reference, row.title, row.reference
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Writes down `closed` for every published notice whose closing time has passed, with a
/// closing release each. Pages already show them closed (`NoticeStatus::effective`); this
/// makes the stored status and the open data agree. Returns how many it closed.
pub async fn close_due(
    db: &DatabaseConnection,
    base_url: &str,
    now: DateTime<Utc>,
) -> DomainResult<usize> {
    let due = notice::Entity::find()
        .filter(notice::Column::Status.eq(NoticeStatus::Published.as_str()))
        .filter(notice::Column::ClosesAt.lte(now))
        .all(db)
        .await?;
    let mut closed = 0;
    for row in due {
        let txn = crate::ssr::db::write(db).await?;
        // Claimed with a conditional update, so two instances never close it twice.
        let result = notice::Entity::update_many()
            .col_expr(
                notice::Column::Status,
                Expr::value(NoticeStatus::Closed.as_str()),
            )
            .col_expr(notice::Column::Version, Expr::value(row.version + 1))
            .col_expr(notice::Column::UpdatedAt, Expr::value(now))
            .filter(notice::Column::Id.eq(row.id))
            .filter(notice::Column::Status.eq(NoticeStatus::Published.as_str()))
            .exec(&txn)
            .await?;
        if result.rows_affected == 0 {
            continue;
        }
        let updated = notice::Entity::find_by_id(row.id)
            .one(&txn)
            .await?
            .ok_or(DomainError::NotFound)?;
        ocds::record_release(&txn, &updated, ReleaseKind::Closed, None, now, base_url).await?;
        txn.commit().await?;
        closed += 1;
    }
    Ok(closed)
}
