//! Reviewers' private notes and tags on a response. Notes are only ever added, so two
//! reviewers writing at once both keep theirs; tags change one at a time with a
//! compare-and-set on the stored list, so concurrent tag edits never overwrite each other.
//! Neither is ever shown to suppliers, and the challenge history (read by every member,
//! including observers who may not read responses) records that they changed, not what
//! they say or which supplier they are about.

use super::scope::{self, ReviewScope};
use super::tags::{self, TagChange};
use super::Access;
use crate::domain::engagement_policy::NoticeAction;
use crate::domain::policy::Actor;
use crate::domain::{ChallengeId, FieldErrors};
use crate::ssr::audit;
use crate::ssr::entities::{response, response_note};
use crate::ssr::error::{DomainError, DomainResult};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

pub const NOTE_MAX: usize = 10_000;

/// How many times a tag edit re-reads the list after losing a race before giving up.
const TAG_ATTEMPTS: usize = 5;

async fn annotating(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
    response_id: Uuid,
) -> DomainResult<Access<(ReviewScope, response::Model)>> {
    let scope =
        match scope::open_declared(db, actor, challenge, NoticeAction::AnnotateResponses).await? {
            Access::Ready(scope) => scope,
            Access::Declare => return Ok(Access::Declare),
            Access::NotPublished(_) => return Err(DomainError::NotFound),
        };
    let row = scope::submitted_response(db, &scope, response_id).await?;
    Ok(Access::Ready((scope, row)))
}

fn validate_note(body: &str) -> Result<String, FieldErrors> {
    let body = body.trim();
    let count = body.chars().count();
    if body.is_empty() {
        return Err(FieldErrors::single("note", "Enter your note"));
    }
    if count > NOTE_MAX {
        return Err(FieldErrors::single(
            "note",
            format!("Note must be 10,000 characters or fewer (you entered {count})"),
        ));
    }
    Ok(body.to_string())
}

pub async fn add_note(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
    response_id: Uuid,
    body: &str,
) -> DomainResult<Access<()>> {
    let (scope, row) = match annotating(db, actor, challenge, response_id).await? {
        Access::Ready(found) => found,
        Access::Declare => return Ok(Access::Declare),
        Access::NotPublished(info) => return Ok(Access::NotPublished(info)),
    };
    let body = validate_note(body)?;
    let txn = crate::ssr::db::write(db).await?;
    response_note::ActiveModel {
        id: Set(Uuid::new_v4()),
        response_id: Set(row.id),
        organisation_id: Set(scope.user.organisation_id.0),
        user_id: Set(scope.user.id.0),
        author_name: Set(scope.user.name.clone()),
        author_organisation_name: Set(scope.user.organisation_name.clone()),
        body: Set(body),
        created_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        &scope.user,
        Some(scope.challenge_id),
        "response_note_added",
        "Added a private note to a supplier’s response",
    )
    .await?;
    txn.commit().await?;
    Ok(Access::Ready(()))
}

/// What a tag edit did, for the message shown after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TagOutcome {
    Added(String),
    AlreadyThere(String),
    Removed(String),
    AlreadyGone(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagEdit {
    Add,
    Remove,
}

pub async fn edit_tag(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
    response_id: Uuid,
    edit: TagEdit,
    typed: &str,
) -> DomainResult<Access<TagOutcome>> {
    let (scope, row) = match annotating(db, actor, challenge, response_id).await? {
        Access::Ready(found) => found,
        Access::Declare => return Ok(Access::Declare),
        Access::NotPublished(info) => return Ok(Access::NotPublished(info)),
    };
    let tag = tags::normalise(typed).map_err(|message| DomainError::field("tag", message))?;
    let txn = crate::ssr::db::write(db).await?;
    for _ in 0..TAG_ATTEMPTS {
        let stored = response::Entity::find_by_id(row.id)
            .one(&txn)
            .await?
            .ok_or(DomainError::NotFound)?
            .review_tags;
        let current = tags::parse_stored(&stored);
        let change = match edit {
            TagEdit::Add => {
                tags::add(&current, &tag).map_err(|message| DomainError::field("tag", message))?
            }
            TagEdit::Remove => tags::remove(&current, &tag),
        };
        let TagChange::Changed(next) = change else {
            return Ok(Access::Ready(match edit {
                TagEdit::Add => TagOutcome::AlreadyThere(tag),
                TagEdit::Remove => TagOutcome::AlreadyGone(tag),
            }));
        };
        // Only the tags column is written, and only if nobody changed it since it was
        // read; the supplier's own columns (answers, version) are left alone.
        let written = response::Entity::update_many()
            .col_expr(
                response::Column::ReviewTags,
                Expr::value(tags::to_stored(&next)),
            )
            .filter(response::Column::Id.eq(row.id))
            .filter(response::Column::ReviewTags.eq(stored))
            .exec(&txn)
            .await?;
        if written.rows_affected != 1 {
            continue;
        }
        let (action, summary) = match edit {
            TagEdit::Add => ("response_tag_added", "Tagged a supplier’s response"),
            TagEdit::Remove => (
                "response_tag_removed",
                "Removed a tag from a supplier’s response",
            ),
        };
        audit::record(&txn, &scope.user, Some(scope.challenge_id), action, summary).await?;
        txn.commit().await?;
        return Ok(Access::Ready(match edit {
            TagEdit::Add => TagOutcome::Added(tag),
            TagEdit::Remove => TagOutcome::Removed(tag),
        }));
    }
    Err(DomainError::Conflict(
        "Other reviewers were changing this response’s tags at the same moment. Nothing was changed: try again."
            .into(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_required_and_limited() {
        assert_eq!(
            validate_note("   ").unwrap_err().for_field("note"),
            Some("Enter your note")
        );
        assert_eq!(
            validate_note(" Strong on repairs ").unwrap(),
            "Strong on repairs"
        );
        let long = "x".repeat(NOTE_MAX + 1);
        assert_eq!(
            validate_note(&long).unwrap_err().for_field("note"),
            Some("Note must be 10,000 characters or fewer (you entered 10001)")
        );
    }
}
