//! Loading a notice for an actor and asking the engagement policy about it. A closed or
//! withdrawn notice refuses suppliers with a message saying so (and when), not a bare
//! "forbidden": they need to know the door shut, and at what time by London's clocks.

use crate::domain::answers::{parse_options, Question};
use crate::domain::engagement::{format_london, london_days_left, NoticeStatus, QuestionKind};
use crate::domain::engagement_policy::{authorize_notice, NoticeAction, NoticeFacts};
use crate::domain::policy::{Actor, Denied, User};
use crate::domain::OrgKind;
use crate::ssr::challenges::member_role;
use crate::ssr::entities::{notice, notice_question};
use crate::ssr::error::{DomainError, DomainResult};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

/// A notice as loaded for one actor, with what the policy decided on.
pub(crate) struct LoadedNotice {
    pub row: notice::Model,
    /// The effective status: closed from the closing instant on.
    pub status: NoticeStatus,
    pub facts: NoticeFacts,
}

pub(crate) async fn facts_for(
    db: &impl ConnectionTrait,
    actor: &Actor,
    row: &notice::Model,
    now: DateTime<Utc>,
) -> DomainResult<(NoticeStatus, NoticeFacts)> {
    let stored = NoticeStatus::parse(&row.status)
        .ok_or_else(|| DomainError::Internal(format!("unknown notice status {}", row.status)))?;
    let status = stored.effective(row.closes_at, now);
    let actor_role = match actor.user() {
        Some(user) => member_role(db, row.challenge_id, user.organisation_id).await?,
        None => None,
    };
    let facts = NoticeFacts {
        status,
        actor_role,
        observers_see_responses: row.observers_see_responses,
    };
    Ok((status, facts))
}

fn missing(actor: &Actor) -> DomainError {
    match actor {
        Actor::Anonymous => DomainError::SignInRequired,
        Actor::User(_) => DomainError::NotFound,
    }
}

pub(crate) async fn by_reference(
    db: &impl ConnectionTrait,
    actor: &Actor,
    reference: &str,
    action: NoticeAction,
    now: DateTime<Utc>,
) -> DomainResult<LoadedNotice> {
    let row = notice::Entity::find()
        .filter(notice::Column::Reference.eq(reference))
        .one(db)
        .await?
        .ok_or_else(|| missing(actor))?;
    authorized(db, actor, row, action, now).await
}

pub(crate) async fn by_id(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
    action: NoticeAction,
    now: DateTime<Utc>,
) -> DomainResult<LoadedNotice> {
    let row = notice::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| missing(actor))?;
    authorized(db, actor, row, action, now).await
}

async fn authorized(
    db: &impl ConnectionTrait,
    actor: &Actor,
    row: notice::Model,
    action: NoticeAction,
    now: DateTime<Utc>,
) -> DomainResult<LoadedNotice> {
    let (status, facts) = facts_for(db, actor, &row, now).await?;
    let loaded = LoadedNotice { row, status, facts };
    authorize(actor, action, &loaded)?;
    Ok(loaded)
}

const SUPPLIER_ACTIONS: [NoticeAction; 3] = [
    NoticeAction::RegisterInterest,
    NoticeAction::Respond,
    NoticeAction::AskClarification,
];

pub(crate) fn is_supplier(actor: &Actor) -> bool {
    actor
        .user()
        .is_some_and(|u| u.organisation_kind == OrgKind::Supplier)
}

/// Asks the policy; a supplier refused only because the notice no longer takes
/// responses is told why, with the time it closed.
pub(crate) fn authorize(
    actor: &Actor,
    action: NoticeAction,
    loaded: &LoadedNotice,
) -> DomainResult<()> {
    match authorize_notice(actor, action, &loaded.facts) {
        Ok(()) => Ok(()),
        Err(Denied::Forbidden) if SUPPLIER_ACTIONS.contains(&action) && is_supplier(actor) => {
            Err(not_open_message(&loaded.row, loaded.status)
                .map(DomainError::Gone)
                .unwrap_or(DomainError::Forbidden))
        }
        Err(denied) => Err(denied.into()),
    }
}

pub(crate) fn require_user(actor: &Actor) -> DomainResult<&User> {
    actor.user().ok_or(DomainError::SignInRequired)
}

/// Why a notice takes no responses or questions, when it does not.
pub fn not_open_message(row: &notice::Model, status: NoticeStatus) -> Option<String> {
    match status {
        NoticeStatus::Published => None,
        NoticeStatus::Closed => Some(match row.closes_at {
            Some(at) => format!(
                "This notice closed on {}. Responses and questions are no longer accepted.",
                format_london(at)
            ),
            None => "This notice has closed. Responses and questions are no longer accepted."
                .to_string(),
        }),
        NoticeStatus::Withdrawn => Some(match row.withdrawn_at {
            Some(at) => format!(
                "This notice was withdrawn on {}. It no longer takes responses or questions.",
                format_london(at)
            ),
            None => {
                "This notice was withdrawn. It no longer takes responses or questions.".to_string()
            }
        }),
        NoticeStatus::Draft => {
            Some("This notice has not been published, so it takes no responses yet.".to_string())
        }
    }
}

/// What every supplier page says about the notice it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticeHeading {
    pub reference: String,
    pub title: String,
    pub status: NoticeStatus,
    /// The closing time on London's clocks, e.g. "15 June 2027 at 5:00pm BST".
    pub closes_at: Option<String>,
    /// "Closes today", "Closes in 3 days": only while open.
    pub time_left: Option<String>,
    pub clarification_deadline: Option<String>,
    pub clarification_open: bool,
    pub not_open_message: Option<String>,
}

impl NoticeHeading {
    pub(crate) fn of(row: &notice::Model, status: NoticeStatus, now: DateTime<Utc>) -> Self {
        let open = status == NoticeStatus::Published;
        Self {
            reference: row.reference.clone(),
            title: row.title.clone(),
            status,
            closes_at: row.closes_at.map(format_london),
            time_left: row
                .closes_at
                .filter(|_| open)
                .map(|at| time_left(london_days_left(at, now))),
            clarification_deadline: row.clarification_deadline.map(format_london),
            clarification_open: open && row.clarification_deadline.is_none_or(|d| now < d),
            not_open_message: not_open_message(row, status),
        }
    }
}

pub fn time_left(days: i64) -> String {
    match days {
        i64::MIN..=0 => "Closes today".to_string(),
        1 => "Closes tomorrow".to_string(),
        n => format!("Closes in {n} days"),
    }
}

/// The notice's questionnaire, numbered from 1 in the order the authorities set.
pub(crate) async fn questions(
    db: &impl ConnectionTrait,
    notice_id: Uuid,
) -> DomainResult<Vec<Question>> {
    let rows = notice_question::Entity::find()
        .filter(notice_question::Column::NoticeId.eq(notice_id))
        .order_by_asc(notice_question::Column::Position)
        .all(db)
        .await?;
    rows.into_iter()
        .enumerate()
        .map(|(i, row)| {
            let kind = QuestionKind::parse(&row.kind).ok_or_else(|| {
                DomainError::Internal(format!("unknown question kind {}", row.kind))
            })?;
            Ok(Question {
                id: row.id,
                number: i + 1,
                kind,
                prompt: row.prompt,
                word_limit: row.word_limit.and_then(|l| u32::try_from(l).ok()),
                options: parse_options(&row.options),
                required: row.required,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::time_left;

    #[test]
    fn time_left_reads_as_people_say_it() {
        assert_eq!(time_left(0), "Closes today");
        assert_eq!(time_left(1), "Closes tomorrow");
        assert_eq!(time_left(12), "Closes in 12 days");
    }
}
