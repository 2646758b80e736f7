//! Who may review what: the challenge, its published notice and the actor's role in it,
//! decided by `engagement_policy::authorize_notice`.

use super::{Access, NotPublished};
use crate::domain::engagement::NoticeStatus;
use crate::domain::engagement_policy::{authorize_notice, NoticeAction, NoticeFacts};
use crate::domain::policy::{Actor, Denied, User};
use crate::domain::{ChallengeId, MemberRole};
use crate::ssr::challenges::member_role;
use crate::ssr::entities::{
    challenge, conflict_declaration, notice, response, response_submission,
};
use crate::ssr::error::{DomainError, DomainResult};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

/// A challenge's published notice as one reviewer may use it.
#[derive(Clone, Debug)]
pub struct ReviewScope {
    pub challenge_id: ChallengeId,
    pub challenge_title: String,
    pub notice: notice::Model,
    /// The effective status: closed once the closing time has passed.
    pub status: NoticeStatus,
    pub role: MemberRole,
    pub user: User,
    pub facts: NoticeFacts,
    pub now: DateTime<Utc>,
}

impl ReviewScope {
    /// Whether the actor may also do `action` (to show or hide its controls).
    pub fn may(&self, action: NoticeAction) -> bool {
        authorize_notice(&Actor::User(self.user.clone()), action, &self.facts).is_ok()
    }
}

/// The notice reviewers work on: the most recently published one of the challenge.
/// Drafts are never reviewed: responses to them cannot exist.
async fn published_notice(
    db: &impl ConnectionTrait,
    challenge: Uuid,
) -> DomainResult<Option<notice::Model>> {
    Ok(notice::Entity::find()
        .filter(notice::Column::ChallengeId.eq(challenge))
        .filter(notice::Column::Status.ne(NoticeStatus::Draft.as_str()))
        .order_by_desc(notice::Column::PublishedAt)
        .order_by_desc(notice::Column::CreatedAt)
        .one(db)
        .await?)
}

async fn has_draft(db: &impl ConnectionTrait, challenge: Uuid) -> DomainResult<bool> {
    Ok(notice::Entity::find()
        .filter(notice::Column::ChallengeId.eq(challenge))
        .filter(notice::Column::Status.eq(NoticeStatus::Draft.as_str()))
        .one(db)
        .await?
        .is_some())
}

/// Opens the review of a challenge for `action`. Anyone outside the challenge gets
/// `NotFound` whatever the policy's reason, so responses never reveal that they exist;
/// a member the policy refuses (an observer the lead has not let in) gets `Forbidden`.
pub async fn open(
    db: &impl ConnectionTrait,
    actor: &Actor,
    challenge_id: ChallengeId,
    action: NoticeAction,
) -> DomainResult<Access<ReviewScope>> {
    let user = actor.user().ok_or(DomainError::SignInRequired)?;
    let row = challenge::Entity::find_by_id(challenge_id.0)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let role = member_role(db, row.id, user.organisation_id)
        .await?
        .ok_or(DomainError::NotFound)?;
    let Some(notice) = published_notice(db, row.id).await? else {
        return Ok(Access::NotPublished(NotPublished {
            challenge_id,
            challenge_title: row.title,
            has_draft: has_draft(db, challenge_id.0).await?,
        }));
    };
    let now = Utc::now();
    let stored = NoticeStatus::parse(&notice.status)
        .ok_or_else(|| DomainError::Internal(format!("unknown notice status {}", notice.status)))?;
    let status = stored.effective(notice.closes_at, now);
    let facts = NoticeFacts {
        status,
        actor_role: Some(role),
        observers_see_responses: notice.observers_see_responses,
    };
    authorize_notice(actor, action, &facts).map_err(|denied| match denied {
        Denied::SignInRequired => DomainError::SignInRequired,
        Denied::NotFound => DomainError::NotFound,
        Denied::Forbidden => DomainError::Forbidden,
    })?;
    Ok(Access::Ready(ReviewScope {
        challenge_id,
        challenge_title: row.title,
        notice,
        status,
        role,
        user: user.clone(),
        facts,
        now,
    }))
}

/// Like [`open`], but also requires the person to have declared a conflict of interest
/// (or none) for the notice: no response data is read before that.
pub async fn open_declared(
    db: &impl ConnectionTrait,
    actor: &Actor,
    challenge_id: ChallengeId,
    action: NoticeAction,
) -> DomainResult<Access<ReviewScope>> {
    let scope = match open(db, actor, challenge_id, action).await? {
        Access::Ready(scope) => scope,
        other => return Ok(other),
    };
    if declaration_of(db, &scope).await?.is_none() {
        return Ok(Access::Declare);
    }
    Ok(Access::Ready(scope))
}

pub async fn declaration_of(
    db: &impl ConnectionTrait,
    scope: &ReviewScope,
) -> DomainResult<Option<conflict_declaration::Model>> {
    Ok(conflict_declaration::Entity::find()
        .filter(conflict_declaration::Column::NoticeId.eq(scope.notice.id))
        .filter(conflict_declaration::Column::UserId.eq(scope.user.id.0))
        .one(db)
        .await?)
}

/// A response of the scope's notice that has been submitted at least once; any other id
/// (another notice's response, a draft never submitted, nonsense) does not exist.
pub async fn submitted_response(
    db: &impl ConnectionTrait,
    scope: &ReviewScope,
    id: Uuid,
) -> DomainResult<response::Model> {
    let row = response::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|r| r.notice_id == scope.notice.id)
        .ok_or(DomainError::NotFound)?;
    let submitted = response_submission::Entity::find()
        .filter(response_submission::Column::ResponseId.eq(row.id))
        .one(db)
        .await?
        .is_some();
    if submitted {
        Ok(row)
    } else {
        Err(DomainError::NotFound)
    }
}
