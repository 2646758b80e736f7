//! Market engagement notices (UK2): drafting from a challenge, publishing, amending,
//! withdrawing and closing, the public list, and the open-data feeds (Atom, OCDS).
//!
//! Every service here loads the notice, asks `domain::engagement_policy`, then reads or
//! writes; writes go through `db::write` with the audit event, the OCDS release and any
//! outbox email in the same transaction.

pub mod cpv;
pub mod draft;
pub mod feed;
pub mod lifecycle;
pub mod ocds;
pub mod public;
pub mod publish;

use super::challenges::member_role;
use super::entities::{
    challenge, notice, notice_amendment, notice_authority, notice_cpv_code, notice_event,
    notice_question, organisation, service_area,
};
use super::error::{DomainError, DomainResult};
use crate::domain::engagement::{EngagementEventKind, NoticeStatus, QuestionKind};
use crate::domain::engagement_policy::{authorize_notice, NoticeAction, NoticeFacts};
use crate::domain::notice_rules::{Details, NoticeContent};
use crate::domain::policy::Actor;
use crate::domain::{MemberRole, OrganisationId};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

/// What a notice's `reference` holds before it is published: unique (the column has a
/// unique index) and never mistaken for a real reference, which starts `CP-`.
pub fn draft_reference(id: Uuid) -> String {
    format!("D-{}", &id.simple().to_string()[..16])
}

pub(crate) fn stored_status(row: &notice::Model) -> DomainResult<NoticeStatus> {
    NoticeStatus::parse(&row.status)
        .ok_or_else(|| DomainError::Internal(format!("unknown notice status {}", row.status)))
}

/// The facts the policy decides on, for this actor and this notice, at `now`.
pub(crate) async fn facts_for(
    db: &impl ConnectionTrait,
    actor: &Actor,
    row: &notice::Model,
    now: DateTime<Utc>,
) -> DomainResult<NoticeFacts> {
    let actor_role = match actor.user() {
        Some(user) => member_role(db, row.challenge_id, user.organisation_id).await?,
        None => None,
    };
    Ok(NoticeFacts {
        status: stored_status(row)?.effective(row.closes_at, now),
        actor_role,
        observers_see_responses: row.observers_see_responses,
    })
}

/// Loads a notice and checks that the actor may do `action` with it.
pub(crate) async fn authorize(
    db: &impl ConnectionTrait,
    actor: &Actor,
    row: &notice::Model,
    action: NoticeAction,
    now: DateTime<Utc>,
) -> DomainResult<NoticeFacts> {
    let facts = facts_for(db, actor, row, now).await?;
    authorize_notice(actor, action, &facts)?;
    Ok(facts)
}

/// The challenge's notice (its newest, should there ever be more than one).
pub(crate) async fn for_challenge(
    db: &impl ConnectionTrait,
    challenge: Uuid,
) -> DomainResult<Option<notice::Model>> {
    Ok(notice::Entity::find()
        .filter(notice::Column::ChallengeId.eq(challenge))
        .order_by_desc(notice::Column::CreatedAt)
        .one(db)
        .await?)
}

/// A published (or closed, or withdrawn) notice by its reference; drafts are not found.
pub(crate) async fn by_reference(
    db: &impl ConnectionTrait,
    reference: &str,
) -> DomainResult<Option<notice::Model>> {
    if !reference.starts_with("CP-") {
        return Ok(None);
    }
    Ok(notice::Entity::find()
        .filter(notice::Column::Reference.eq(reference))
        .one(db)
        .await?)
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub id: Uuid,
    pub kind: EngagementEventKind,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    pub place: String,
    pub online_link: String,
    pub how_to_register: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionView {
    pub id: Uuid,
    pub position: i32,
    pub kind: QuestionKind,
    pub prompt: String,
    pub word_limit: Option<i32>,
    pub options: Vec<String>,
    pub required: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorityView {
    pub organisation_id: OrganisationId,
    pub name: String,
    pub ons_code: Option<String>,
    /// Lead or participant: the authorities acting jointly.
    pub role: MemberRole,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AmendmentView {
    pub number: i32,
    pub changes: Vec<String>,
    pub reason: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CpvView {
    pub code: String,
    pub description: String,
}

/// Everything a page needs to show one notice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeView {
    pub id: Uuid,
    pub challenge_id: Uuid,
    /// `None` while it is a draft.
    pub reference: Option<String>,
    pub stored_status: NoticeStatus,
    /// Closed once the closing time has passed, whatever is stored.
    pub status: NoticeStatus,
    pub details: Details,
    /// The Markdown description, rendered safely.
    pub description_html: String,
    pub cpv: Vec<CpvView>,
    pub events: Vec<EventView>,
    pub questions: Vec<QuestionView>,
    pub authorities: Vec<AuthorityView>,
    pub amendments: Vec<AmendmentView>,
    pub service_area: String,
    pub service_area_name: String,
    pub published_at: Option<DateTime<Utc>>,
    pub amended_at: Option<DateTime<Utc>>,
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdrawn_reason: Option<String>,
    pub version: i32,
}

impl NoticeView {
    pub fn content(&self) -> NoticeContent {
        NoticeContent {
            details: self.details.clone(),
            cpv_codes: self.cpv.iter().map(|c| c.code.clone()).collect(),
            events: self
                .events
                .iter()
                .map(|e| (e.kind.label().to_string(), e.starts_at))
                .collect(),
            question_count: self.questions.len(),
            authority_count: self.authorities.len(),
        }
    }

    pub fn lead(&self) -> Option<&AuthorityView> {
        self.authorities.first()
    }
}

pub(crate) fn details_of(row: &notice::Model) -> Details {
    Details {
        title: row.title.clone(),
        description: row.description.clone(),
        value_min: row.value_min,
        value_max: row.value_max,
        closes_at: row.closes_at,
        clarification_deadline: row.clarification_deadline,
        contact_name: row.contact_name.clone(),
        contact_email: row.contact_email.clone(),
        contact_phone: row.contact_phone.clone(),
    }
}

/// The authorities acting jointly, lead first: the lead and the participants. Observers
/// follow the work but have not committed to buy, so a notice does not name them.
pub(crate) async fn joint_authorities(
    db: &impl ConnectionTrait,
    challenge: Uuid,
) -> DomainResult<Vec<AuthorityView>> {
    Ok(super::challenges::members(db, challenge)
        .await?
        .into_iter()
        .filter(|m| m.role != MemberRole::Observer)
        .map(|m| AuthorityView {
            organisation_id: m.organisation_id,
            name: m.name,
            ons_code: m.ons_code,
            role: m.role,
        })
        .collect())
}

/// The authorities a published notice named when it went out (kept as they were then).
async fn snapshot_authorities(
    db: &impl ConnectionTrait,
    notice_id: Uuid,
) -> DomainResult<Vec<AuthorityView>> {
    let rows = notice_authority::Entity::find()
        .filter(notice_authority::Column::NoticeId.eq(notice_id))
        .order_by_asc(notice_authority::Column::Position)
        .all(db)
        .await?;
    let orgs: HashMap<Uuid, organisation::Model> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(rows.iter().map(|r| r.organisation_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let org = orgs.get(&r.organisation_id)?;
            Some(AuthorityView {
                organisation_id: OrganisationId(r.organisation_id),
                name: org.name.clone(),
                ons_code: org.ons_code.clone(),
                role: MemberRole::parse(&r.role).unwrap_or(MemberRole::Participant),
            })
        })
        .collect())
}

pub async fn cpv_codes(db: &impl ConnectionTrait, notice_id: Uuid) -> DomainResult<Vec<CpvView>> {
    let rows = notice_cpv_code::Entity::find()
        .filter(notice_cpv_code::Column::NoticeId.eq(notice_id))
        .order_by_asc(notice_cpv_code::Column::Code)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| CpvView {
            description: cpv::description(&r.code).unwrap_or("").to_string(),
            code: r.code,
        })
        .collect())
}

pub async fn events(db: &impl ConnectionTrait, notice_id: Uuid) -> DomainResult<Vec<EventView>> {
    Ok(notice_event::Entity::find()
        .filter(notice_event::Column::NoticeId.eq(notice_id))
        .order_by_asc(notice_event::Column::StartsAt)
        .all(db)
        .await?
        .into_iter()
        .map(|e| EventView {
            id: e.id,
            kind: EngagementEventKind::parse(&e.kind).unwrap_or(EngagementEventKind::Webinar),
            starts_at: e.starts_at,
            ends_at: e.ends_at,
            place: e.place,
            online_link: e.online_link,
            how_to_register: e.how_to_register,
        })
        .collect())
}

pub async fn questions(
    db: &impl ConnectionTrait,
    notice_id: Uuid,
) -> DomainResult<Vec<QuestionView>> {
    Ok(notice_question::Entity::find()
        .filter(notice_question::Column::NoticeId.eq(notice_id))
        .order_by_asc(notice_question::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|q| QuestionView {
            id: q.id,
            position: q.position,
            kind: QuestionKind::parse(&q.kind).unwrap_or(QuestionKind::FreeText),
            prompt: q.prompt,
            word_limit: q.word_limit,
            options: q
                .options
                .lines()
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(String::from)
                .collect(),
            required: q.required,
        })
        .collect())
}

async fn amendments(
    db: &impl ConnectionTrait,
    notice_id: Uuid,
) -> DomainResult<Vec<AmendmentView>> {
    Ok(notice_amendment::Entity::find()
        .filter(notice_amendment::Column::NoticeId.eq(notice_id))
        .order_by_desc(notice_amendment::Column::Number)
        .all(db)
        .await?
        .into_iter()
        .map(|a| AmendmentView {
            number: a.number,
            changes: serde_json::from_str(&a.changes).unwrap_or_default(),
            reason: a.reason,
            by: a.created_by_name,
            at: a.created_at,
        })
        .collect())
}

async fn service_area_name(db: &impl ConnectionTrait, slug: &str) -> DomainResult<String> {
    Ok(service_area::Entity::find_by_id(slug.to_string())
        .one(db)
        .await?
        .map(|a| a.name)
        .unwrap_or_else(|| slug.to_string()))
}

/// Everything about one notice, for its pages and its OCDS releases.
pub(crate) async fn view(
    db: &impl ConnectionTrait,
    row: &notice::Model,
    now: DateTime<Utc>,
) -> DomainResult<NoticeView> {
    let stored = stored_status(row)?;
    let authorities = if stored == NoticeStatus::Draft {
        joint_authorities(db, row.challenge_id).await?
    } else {
        snapshot_authorities(db, row.id).await?
    };
    Ok(NoticeView {
        id: row.id,
        challenge_id: row.challenge_id,
        reference: (stored != NoticeStatus::Draft).then(|| row.reference.clone()),
        stored_status: stored,
        status: stored.effective(row.closes_at, now),
        details: details_of(row),
        description_html: super::markdown::render(&row.description),
        cpv: cpv_codes(db, row.id).await?,
        events: events(db, row.id).await?,
        questions: questions(db, row.id).await?,
        authorities,
        amendments: amendments(db, row.id).await?,
        service_area_name: service_area_name(db, &row.service_area).await?,
        service_area: row.service_area.clone(),
        published_at: row.published_at,
        amended_at: row.amended_at,
        withdrawn_at: row.withdrawn_at,
        withdrawn_reason: row.withdrawn_reason.clone(),
        version: row.version,
    })
}

/// The words the public search looks in: title, description, CPV descriptions, the
/// authorities' names and the reference, lower-cased.
pub fn search_text(
    reference: &str,
    details: &Details,
    cpv: &[CpvView],
    authorities: &[AuthorityView],
) -> String {
    let mut parts = vec![
        reference.to_string(),
        details.title.clone(),
        details.description.clone(),
    ];
    for code in cpv {
        parts.push(format!("{} {}", code.code, code.description));
    }
    for authority in authorities {
        parts.push(authority.name.clone());
    }
    parts.join("\n").to_lowercase()
}

pub(crate) async fn challenge_row(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> DomainResult<challenge::Model> {
    challenge::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)
}
