//! Conflict-of-interest declarations: before reading any supplier response of a notice,
//! each reviewer states that they have no conflict, or describes the one they have. One
//! declaration per person and notice, which they may update; the audit trail keeps each
//! one; the lead authority reads them all.

use super::scope::{self, ReviewScope};
use super::Access;
use crate::domain::engagement::format_london;
use crate::domain::engagement_policy::NoticeAction;
use crate::domain::policy::Actor;
use crate::domain::{ChallengeId, FieldErrors};
use crate::ssr::audit;
use crate::ssr::entities::{conflict_declaration, organisation, user};
use crate::ssr::error::DomainResult;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

pub const DETAILS_MAX: usize = 5_000;

#[derive(Clone, Debug, Default)]
pub struct DeclarationForm {
    /// "yes" or "no".
    pub has_conflict: String,
    pub details: String,
}

/// The person's own declaration, to show and to pre-fill the form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnDeclaration {
    pub has_conflict: bool,
    pub details: String,
    pub declared_at: DateTime<Utc>,
    pub declared_at_label: String,
}

impl OwnDeclaration {
    fn of(row: &conflict_declaration::Model) -> Self {
        OwnDeclaration {
            has_conflict: row.has_conflict,
            details: row.details.clone(),
            declared_at: row.declared_at,
            declared_at_label: format_london(row.declared_at),
        }
    }
}

/// One row of the lead's table of declarations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclarationRow {
    pub person: String,
    pub organisation: String,
    pub has_conflict: bool,
    pub details: String,
    pub declared_at_label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclarationPage {
    pub challenge_id: ChallengeId,
    pub challenge_title: String,
    pub notice_title: String,
    pub notice_reference: String,
    pub existing: Option<OwnDeclaration>,
}

pub async fn own(
    db: &impl ConnectionTrait,
    scope: &ReviewScope,
) -> DomainResult<Option<OwnDeclaration>> {
    Ok(scope::declaration_of(db, scope)
        .await?
        .as_ref()
        .map(OwnDeclaration::of))
}

pub async fn page(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
) -> DomainResult<Access<DeclarationPage>> {
    let scope = match scope::open(db, actor, challenge, NoticeAction::DeclareConflict).await? {
        Access::Ready(scope) => scope,
        Access::Declare => return Ok(Access::Declare),
        Access::NotPublished(info) => return Ok(Access::NotPublished(info)),
    };
    let existing = own(db, &scope).await?;
    Ok(Access::Ready(DeclarationPage {
        challenge_id: scope.challenge_id,
        challenge_title: scope.challenge_title,
        notice_title: scope.notice.title,
        notice_reference: scope.notice.reference,
        existing,
    }))
}

struct Valid {
    has_conflict: bool,
    details: String,
}

fn validate(form: &DeclarationForm) -> Result<Valid, FieldErrors> {
    let mut errors = FieldErrors::new();
    let has_conflict = match form.has_conflict.trim() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => {
            errors.add(
                "has_conflict",
                "Select whether you have a conflict of interest",
            );
            None
        }
    };
    let details = form.details.trim();
    let count = details.chars().count();
    if count > DETAILS_MAX {
        errors.add(
            "details",
            format!("Details must be 5,000 characters or fewer (you entered {count})"),
        );
    } else if has_conflict == Some(true) && details.is_empty() {
        errors.add(
            "details",
            "Describe your conflict of interest: the supplier and your connection to it",
        );
    }
    errors.into_result()?;
    let has_conflict = has_conflict.expect("checked");
    Ok(Valid {
        has_conflict,
        // A "no" keeps no details: what is recorded is exactly what was declared.
        details: if has_conflict {
            details.to_string()
        } else {
            String::new()
        },
    })
}

/// Records (or replaces) the person's declaration for the challenge's notice.
pub async fn declare(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
    form: &DeclarationForm,
) -> DomainResult<Access<()>> {
    let scope = match scope::open(db, actor, challenge, NoticeAction::DeclareConflict).await? {
        Access::Ready(scope) => scope,
        Access::Declare => return Ok(Access::Declare),
        Access::NotPublished(info) => return Ok(Access::NotPublished(info)),
    };
    let valid = validate(form)?;
    let txn = crate::ssr::db::write(db).await?;
    let earlier = scope::declaration_of(&txn, &scope).await?;
    let now = Utc::now();
    // An upsert on the (notice, person) index: two tabs declaring at once leave one
    // declaration, the later one, instead of failing on the unique index.
    conflict_declaration::Entity::insert(conflict_declaration::ActiveModel {
        id: Set(Uuid::new_v4()),
        notice_id: Set(scope.notice.id),
        user_id: Set(scope.user.id.0),
        organisation_id: Set(scope.user.organisation_id.0),
        has_conflict: Set(valid.has_conflict),
        details: Set(valid.details.clone()),
        declared_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([
            conflict_declaration::Column::NoticeId,
            conflict_declaration::Column::UserId,
        ])
        .update_columns([
            conflict_declaration::Column::OrganisationId,
            conflict_declaration::Column::HasConflict,
            conflict_declaration::Column::Details,
            conflict_declaration::Column::DeclaredAt,
        ])
        .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    // The details stay on the review pages (for the lead); the challenge history, which
    // every member reads, only says that a declaration was made.
    let what = if valid.has_conflict {
        "a conflict of interest"
    } else {
        "no conflict of interest"
    };
    let summary = match earlier {
        None => format!(
            "Declared {what} before reviewing responses to notice {}",
            scope.notice.reference
        ),
        Some(_) => format!(
            "Updated their declaration to {what} for notice {}",
            scope.notice.reference
        ),
    };
    audit::record(
        &txn,
        &scope.user,
        Some(scope.challenge_id),
        "conflict_declared",
        summary,
    )
    .await?;
    txn.commit().await?;
    Ok(Access::Ready(()))
}

/// Every declaration for the scope's notice, oldest first, with names (lead only).
pub async fn all(
    db: &impl ConnectionTrait,
    scope: &ReviewScope,
) -> DomainResult<Vec<DeclarationRow>> {
    let rows = conflict_declaration::Entity::find()
        .filter(conflict_declaration::Column::NoticeId.eq(scope.notice.id))
        .order_by_asc(conflict_declaration::Column::DeclaredAt)
        .all(db)
        .await?;
    let user_ids: Vec<Uuid> = rows.iter().map(|r| r.user_id).collect();
    let org_ids: Vec<Uuid> = rows.iter().map(|r| r.organisation_id).collect();
    let people: HashMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(user_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let orgs: HashMap<Uuid, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(org_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| DeclarationRow {
            person: people
                .get(&r.user_id)
                .cloned()
                .unwrap_or_else(|| "A former user".into()),
            organisation: orgs
                .get(&r.organisation_id)
                .cloned()
                .unwrap_or_else(|| "Unknown organisation".into()),
            has_conflict: r.has_conflict,
            details: r.details,
            declared_at_label: format_london(r.declared_at),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(has_conflict: &str, details: &str) -> DeclarationForm {
        DeclarationForm {
            has_conflict: has_conflict.into(),
            details: details.into(),
        }
    }

    #[test]
    fn a_conflict_needs_details() {
        let err = validate(&form("yes", "  ")).err().unwrap();
        assert!(err.for_field("details").unwrap().starts_with("Describe"));
        assert!(validate(&form("yes", "My brother works there")).is_ok());
        let none = validate(&form("no", "typed then changed mind"))
            .ok()
            .unwrap();
        assert!(!none.has_conflict);
        assert_eq!(none.details, "");
    }

    #[test]
    fn an_answer_is_required() {
        let err = validate(&form("", "")).err().unwrap();
        assert_eq!(
            err.for_field("has_conflict"),
            Some("Select whether you have a conflict of interest")
        );
        assert!(validate(&form("maybe", "")).is_err());
        assert!(validate(&form("yes", &"x".repeat(DETAILS_MAX + 1))).is_err());
    }
}
