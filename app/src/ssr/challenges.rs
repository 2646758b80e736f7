//! Shared procurement challenges: creating, listing, reading, editing and moving them
//! through their lifecycle. Membership lives in `membership`.

use super::audit;
use super::entities::{challenge, challenge_member, join_request, organisation, service_area};
use super::error::{DomainError, DomainResult};
use super::markdown;
use crate::domain::policy::{self, Actor, ChallengeAction, ChallengeFacts, User};
use crate::domain::validation::{ChallengeTitle, ProblemStatement};
use crate::domain::{
    ChallengeId, ChallengeStatus, FieldErrors, JoinRequestStatus, MemberRole, OrgKind,
    OrganisationId, Visibility,
};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

/// A challenge as loaded for one actor, with the facts the policy decided on.
pub struct Loaded {
    pub row: challenge::Model,
    pub facts: ChallengeFacts,
}

pub(crate) fn parse_status(row: &challenge::Model) -> DomainResult<ChallengeStatus> {
    ChallengeStatus::parse(&row.status)
        .ok_or_else(|| DomainError::Internal(format!("unknown status {}", row.status)))
}

pub(crate) fn parse_visibility(row: &challenge::Model) -> DomainResult<Visibility> {
    Visibility::parse(&row.visibility)
        .ok_or_else(|| DomainError::Internal(format!("unknown visibility {}", row.visibility)))
}

pub(crate) async fn member_role(
    db: &impl ConnectionTrait,
    challenge: Uuid,
    organisation: OrganisationId,
) -> DomainResult<Option<MemberRole>> {
    Ok(
        challenge_member::Entity::find_by_id((challenge, organisation.0))
            .one(db)
            .await?
            .and_then(|m| MemberRole::parse(&m.role)),
    )
}

/// A challenge and the actor's authority's role in it, in one query: every page of a
/// challenge asks both.
async fn challenge_with_role(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: ChallengeId,
) -> DomainResult<Option<(challenge::Model, Option<MemberRole>)>> {
    use sea_orm::{FromQueryResult, QueryTrait};
    let Some(user) = actor.user() else {
        return Ok(challenge::Entity::find_by_id(id.0)
            .one(db)
            .await?
            .map(|row| (row, None)));
    };
    let role = sea_orm::sea_query::Query::select()
        .column((challenge_member::Entity, challenge_member::Column::Role))
        .from(challenge_member::Entity)
        .and_where(
            Expr::col((
                challenge_member::Entity,
                challenge_member::Column::ChallengeId,
            ))
            .equals((challenge::Entity, challenge::Column::Id)),
        )
        .and_where(
            Expr::col((
                challenge_member::Entity,
                challenge_member::Column::OrganisationId,
            ))
            .eq(user.organisation_id.0),
        )
        .to_owned();
    let select = challenge::Entity::find_by_id(id.0)
        .column_as(Expr::SubQuery(None, Box::new(role.into())), "member_role");
    let statement = db.get_database_backend().build(select.as_query());
    let Some(result) = db.query_one_raw(statement).await? else {
        return Ok(None);
    };
    let row = challenge::Model::from_query_result(&result, "")?;
    let role: Option<String> = result.try_get("", "member_role")?;
    Ok(Some((row, role.as_deref().and_then(MemberRole::parse))))
}

/// Loads a challenge and checks that the actor may perform `action` on it. A challenge
/// that does not exist is refused exactly like one the actor may not see.
pub async fn load_for(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: ChallengeId,
    action: ChallengeAction,
) -> DomainResult<Loaded> {
    let Some((row, actor_role)) = challenge_with_role(db, actor, id).await? else {
        return Err(match actor {
            Actor::Anonymous => DomainError::SignInRequired,
            Actor::User(_) => DomainError::NotFound,
        });
    };
    let facts = ChallengeFacts {
        visibility: parse_visibility(&row)?,
        status: parse_status(&row)?,
        actor_role,
    };
    policy::authorize_challenge(actor, action, &facts)?;
    Ok(Loaded { row, facts })
}

pub fn require_user(actor: &Actor) -> DomainResult<&User> {
    actor.user().ok_or(DomainError::SignInRequired)
}

#[derive(Clone, Debug, Default)]
pub struct ChallengeForm {
    pub title: String,
    pub problem_statement: String,
    pub service_area: String,
    pub visibility: String,
    /// The version the edit was based on (edits only).
    pub version: String,
}

struct ValidChallenge {
    title: ChallengeTitle,
    statement: ProblemStatement,
    service_area: String,
    visibility: Visibility,
}

async fn validate(db: &impl ConnectionTrait, form: &ChallengeForm) -> DomainResult<ValidChallenge> {
    let mut errors = FieldErrors::new();
    let title = errors.check("title", ChallengeTitle::parse(&form.title));
    let statement = errors.check(
        "problem_statement",
        ProblemStatement::parse(&form.problem_statement),
    );
    let area = if form.service_area.trim().is_empty() {
        errors.add("service_area", "Select a service area");
        None
    } else {
        let found = service_area::Entity::find_by_id(form.service_area.trim().to_string())
            .one(db)
            .await?;
        if found.is_none() {
            errors.add("service_area", "Select a service area from the list");
        }
        found.map(|a| a.slug)
    };
    let visibility = Visibility::parse(&form.visibility);
    if visibility.is_none() {
        errors.add("visibility", "Select who can see this challenge");
    }
    errors.into_result()?;
    Ok(ValidChallenge {
        title: title.expect("checked"),
        statement: statement.expect("checked"),
        service_area: area.expect("checked"),
        visibility: visibility.expect("checked"),
    })
}

/// Opens a challenge in `draft`, with the creator's authority as lead.
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    form: &ChallengeForm,
) -> DomainResult<ChallengeId> {
    policy::authorize_create_challenge(actor)?;
    let user = require_user(actor)?;
    let valid = validate(db, form).await?;
    let id = ChallengeId::new();
    let now = Utc::now();
    let txn = super::db::write(db).await?;
    challenge::ActiveModel {
        id: Set(id.0),
        title: Set(valid.title.as_str().to_string()),
        problem_statement: Set(valid.statement.into_inner()),
        service_area: Set(valid.service_area),
        status: Set(ChallengeStatus::Draft.as_str().into()),
        visibility: Set(valid.visibility.as_str().into()),
        version: Set(1),
        created_by: Set(user.id.0),
        created_at: Set(now),
        updated_at: Set(now),
        criteria_set_version: Set(1),
    }
    .insert(&txn)
    .await?;
    challenge_member::ActiveModel {
        challenge_id: Set(id.0),
        organisation_id: Set(user.organisation_id.0),
        role: Set(MemberRole::Lead.as_str().into()),
        added_at: Set(now),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        user,
        Some(id),
        "challenge_created",
        format!(
            "Opened the challenge “{}” as a draft, led by {} ({})",
            valid.title.as_str(),
            user.organisation_name,
            valid.visibility.short_label()
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Describes each field an edit changed, for the audit trail.
fn describe_changes(before: &challenge::Model, valid: &ValidChallenge) -> Vec<String> {
    let mut changes = Vec::new();
    if before.title != valid.title.as_str() {
        changes.push(format!(
            "title from “{}” to “{}”",
            before.title,
            valid.title.as_str()
        ));
    }
    if before.problem_statement != valid.statement.as_str() {
        changes.push("the problem statement".to_string());
    }
    if before.service_area != valid.service_area {
        changes.push(format!(
            "service area from {} to {}",
            before.service_area, valid.service_area
        ));
    }
    if before.visibility != valid.visibility.as_str() {
        changes.push(format!(
            "visibility from {} to {}",
            Visibility::parse(&before.visibility)
                .map(|v| v.short_label())
                .unwrap_or("?"),
            valid.visibility.short_label()
        ));
    }
    changes
}

/// What the conflict page shows: the text now saved and who saved it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedChallenge {
    pub title: String,
    pub problem_statement: String,
    pub service_area: String,
    pub visibility: String,
    pub version: i32,
    pub saved_by: String,
    pub saved_at: DateTime<Utc>,
}

pub enum EditOutcome {
    Saved,
    /// Someone saved first; nothing was overwritten.
    Conflict(SavedChallenge),
}

/// Saves an edit only if nobody saved since the version it was based on.
pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    id: ChallengeId,
    form: &ChallengeForm,
) -> DomainResult<EditOutcome> {
    let loaded = load_for(db, actor, id, ChallengeAction::Edit).await?;
    let user = require_user(actor)?;
    let based_on: i32 = form.version.trim().parse().map_err(|_| {
        DomainError::field(
            "title",
            "The form was missing its version: reload the page and try again",
        )
    })?;
    let valid = validate(db, form).await?;
    if valid.visibility.as_str() != loaded.row.visibility
        && loaded.facts.actor_role != Some(MemberRole::Lead)
    {
        return Err(DomainError::field(
            "visibility",
            "Only the lead authority can change who can see this challenge",
        ));
    }
    let changes = describe_changes(&loaded.row, &valid);
    let txn = super::db::write(db).await?;
    let result = challenge::Entity::update_many()
        .col_expr(challenge::Column::Title, Expr::value(valid.title.as_str()))
        .col_expr(
            challenge::Column::ProblemStatement,
            Expr::value(valid.statement.as_str()),
        )
        .col_expr(
            challenge::Column::ServiceArea,
            Expr::value(valid.service_area.as_str()),
        )
        .col_expr(
            challenge::Column::Visibility,
            Expr::value(valid.visibility.as_str()),
        )
        .col_expr(challenge::Column::Version, Expr::value(based_on + 1))
        .col_expr(challenge::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(challenge::Column::Id.eq(id.0))
        .filter(challenge::Column::Version.eq(based_on))
        .exec(&txn)
        .await?;
    if result.rows_affected == 0 {
        drop(txn);
        return Ok(EditOutcome::Conflict(saved_version(db, id).await?));
    }
    let summary = if changes.is_empty() {
        "Saved the challenge without changes".to_string()
    } else {
        format!("Changed {}", changes.join("; "))
    };
    audit::record(&txn, user, Some(id), "challenge_edited", summary).await?;
    txn.commit().await?;
    Ok(EditOutcome::Saved)
}

async fn saved_version(db: &impl ConnectionTrait, id: ChallengeId) -> DomainResult<SavedChallenge> {
    let row = challenge::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let last = audit::challenge_history(db, id).await?.into_iter().next();
    Ok(SavedChallenge {
        title: row.title,
        problem_statement: row.problem_statement,
        service_area: row.service_area,
        visibility: row.visibility,
        version: row.version,
        saved_by: last
            .as_ref()
            .map(|e| format!("{} ({})", e.actor_name, e.organisation_name))
            .unwrap_or_else(|| "another member".into()),
        saved_at: last.map(|e| e.occurred_at).unwrap_or(row.updated_at),
    })
}

pub async fn change_status(
    db: &DatabaseConnection,
    actor: &Actor,
    id: ChallengeId,
    requested: &str,
) -> DomainResult<ChallengeStatus> {
    let loaded = load_for(db, actor, id, ChallengeAction::ChangeStatus).await?;
    let user = require_user(actor)?;
    let current = loaded.facts.status;
    let Some(next) = ChallengeStatus::parse(requested) else {
        return Err(DomainError::field("status", "Select the new status"));
    };
    if !current.can_move_to(next) {
        return Err(DomainError::field(
            "status",
            format!(
                "A challenge that is {} cannot move to {}",
                current.label().to_lowercase(),
                next.label().to_lowercase()
            ),
        ));
    }
    let txn = super::db::write(db).await?;
    let result = challenge::Entity::update_many()
        .col_expr(challenge::Column::Status, Expr::value(next.as_str()))
        .col_expr(
            challenge::Column::Version,
            Expr::col(challenge::Column::Version).add(1),
        )
        .col_expr(challenge::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(challenge::Column::Id.eq(id.0))
        .filter(challenge::Column::Status.eq(current.as_str()))
        .exec(&txn)
        .await?;
    if result.rows_affected == 0 {
        return Err(DomainError::Conflict(
            "Someone changed the status of this challenge at the same time. Check its status and try again.".into(),
        ));
    }
    audit::record(
        &txn,
        user,
        Some(id),
        "status_changed",
        format!(
            "Moved the challenge from {} to {}",
            current.label(),
            next.label()
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(next)
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    pub organisation_id: OrganisationId,
    pub name: String,
    pub ons_code: Option<String>,
    pub role: MemberRole,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinRequestView {
    pub id: Uuid,
    pub organisation_name: String,
    pub requested_by: String,
    pub requested_role: MemberRole,
    pub message: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Permissions {
    pub edit: bool,
    pub change_status: bool,
    pub manage_members: bool,
    pub transfer_lead: bool,
    pub request_to_join: bool,
    pub decide_join_requests: bool,
    pub view_history: bool,
    pub view_work: bool,
    pub edit_work: bool,
    pub endorse: bool,
    pub comment: bool,
    pub propose_signoff: bool,
    pub sign_off: bool,
}

impl Permissions {
    pub fn for_actor(actor: &Actor, facts: &ChallengeFacts) -> Self {
        let can = |action| policy::authorize_challenge(actor, action, facts).is_ok();
        Self {
            edit: can(ChallengeAction::Edit),
            change_status: can(ChallengeAction::ChangeStatus)
                && !facts.status.next_statuses().is_empty(),
            manage_members: can(ChallengeAction::ManageMembers),
            transfer_lead: can(ChallengeAction::TransferLead),
            request_to_join: can(ChallengeAction::RequestToJoin),
            decide_join_requests: can(ChallengeAction::DecideJoinRequest),
            view_history: can(ChallengeAction::ViewHistory),
            view_work: can(ChallengeAction::ViewWork),
            edit_work: can(ChallengeAction::EditWork),
            endorse: can(ChallengeAction::Endorse),
            comment: can(ChallengeAction::Comment),
            propose_signoff: can(ChallengeAction::ProposeSignoff),
            sign_off: can(ChallengeAction::SignOff),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeDetail {
    pub id: ChallengeId,
    pub title: String,
    pub problem_statement: String,
    /// The problem statement rendered from Markdown and sanitised.
    pub problem_statement_html: String,
    pub service_area: String,
    pub service_area_name: String,
    pub status: ChallengeStatus,
    pub visibility: Visibility,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub members: Vec<MemberView>,
    pub actor_role: Option<MemberRole>,
    pub permissions: Permissions,
    /// Pending requests, shown to those who decide them.
    pub join_requests: Vec<JoinRequestView>,
    /// Whether the actor's own authority already asked to join.
    pub own_request_pending: bool,
}

pub async fn members(db: &impl ConnectionTrait, id: Uuid) -> DomainResult<Vec<MemberView>> {
    use sea_orm::{JoinType, QuerySelect};
    // The members with their organisations' names, in one query.
    let rows: Vec<(Uuid, String, String, Option<String>)> = challenge_member::Entity::find()
        .select_only()
        .column(challenge_member::Column::OrganisationId)
        .column(challenge_member::Column::Role)
        .column(organisation::Column::Name)
        .column(organisation::Column::OnsCode)
        .join(
            JoinType::InnerJoin,
            challenge_member::Entity::belongs_to(organisation::Entity)
                .from(challenge_member::Column::OrganisationId)
                .to(organisation::Column::Id)
                .into(),
        )
        .filter(challenge_member::Column::ChallengeId.eq(id))
        .into_tuple()
        .all(db)
        .await?;
    let mut members: Vec<MemberView> = rows
        .into_iter()
        .filter_map(|(organisation_id, role, name, ons_code)| {
            Some(MemberView {
                organisation_id: OrganisationId(organisation_id),
                name,
                ons_code,
                role: MemberRole::parse(&role)?,
            })
        })
        .collect();
    let rank = |role: MemberRole| match role {
        MemberRole::Lead => 0,
        MemberRole::Participant => 1,
        MemberRole::Observer => 2,
    };
    members.sort_by(|a, b| rank(a.role).cmp(&rank(b.role)).then(a.name.cmp(&b.name)));
    Ok(members)
}

pub async fn detail(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: ChallengeId,
) -> DomainResult<ChallengeDetail> {
    let loaded = load_for(db, actor, id, ChallengeAction::View).await?;
    let permissions = Permissions::for_actor(actor, &loaded.facts);
    let row = loaded.row;
    let area_name = service_area::Entity::find_by_id(row.service_area.clone())
        .one(db)
        .await?
        .map(|a| a.name)
        .unwrap_or_else(|| row.service_area.clone());
    let join_requests = if permissions.decide_join_requests {
        pending_join_requests(db, row.id).await?
    } else {
        Vec::new()
    };
    let own_request_pending = match actor.user() {
        Some(user) if permissions.request_to_join => join_request::Entity::find()
            .filter(join_request::Column::ChallengeId.eq(row.id))
            .filter(join_request::Column::OrganisationId.eq(user.organisation_id.0))
            .filter(join_request::Column::Status.eq(JoinRequestStatus::Pending.as_str()))
            .one(db)
            .await?
            .is_some(),
        _ => false,
    };
    Ok(ChallengeDetail {
        id,
        problem_statement_html: markdown::render(&row.problem_statement),
        members: members(db, row.id).await?,
        title: row.title,
        problem_statement: row.problem_statement,
        service_area: row.service_area,
        service_area_name: area_name,
        status: loaded.facts.status,
        visibility: loaded.facts.visibility,
        version: row.version,
        created_at: row.created_at,
        updated_at: row.updated_at,
        actor_role: loaded.facts.actor_role,
        permissions,
        join_requests,
        own_request_pending,
    })
}

async fn pending_join_requests(
    db: &impl ConnectionTrait,
    challenge: Uuid,
) -> DomainResult<Vec<JoinRequestView>> {
    let rows = join_request::Entity::find()
        .filter(join_request::Column::ChallengeId.eq(challenge))
        .filter(join_request::Column::Status.eq(JoinRequestStatus::Pending.as_str()))
        .order_by_asc(join_request::Column::CreatedAt)
        .all(db)
        .await?;
    let mut views = Vec::with_capacity(rows.len());
    for row in rows {
        let org = organisation::Entity::find_by_id(row.organisation_id)
            .one(db)
            .await?;
        let by = super::entities::user::Entity::find_by_id(row.requested_by)
            .one(db)
            .await?;
        views.push(JoinRequestView {
            id: row.id,
            organisation_name: org.map(|o| o.name).unwrap_or_default(),
            requested_by: by.map(|u| u.display_name).unwrap_or_default(),
            requested_role: MemberRole::parse(&row.requested_role)
                .unwrap_or(MemberRole::Participant),
            message: row.message,
            created_at: row.created_at,
        });
    }
    Ok(views)
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListFilters {
    pub status: Option<ChallengeStatus>,
    pub service_area: Option<String>,
    pub authority: Option<OrganisationId>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeSummary {
    pub id: ChallengeId,
    pub title: String,
    pub status: ChallengeStatus,
    pub visibility: Visibility,
    pub service_area_name: String,
    pub lead_name: String,
    pub member_count: usize,
    pub updated_at: DateTime<Utc>,
    /// The role of the actor's authority, when it is a member.
    pub own_role: Option<MemberRole>,
}

pub const LIST_LIMIT: u64 = 200;

/// The challenges the actor may see, filtered, the actor's own first, then most recently
/// changed. Visibility is decided in SQL so a large list is not loaded to be thrown away.
pub async fn list(
    db: &impl ConnectionTrait,
    actor: &Actor,
    filters: &ListFilters,
) -> DomainResult<Vec<ChallengeSummary>> {
    let own_ids: Vec<Uuid> = match actor.user() {
        Some(user) => challenge_member::Entity::find()
            .filter(challenge_member::Column::OrganisationId.eq(user.organisation_id.0))
            .all(db)
            .await?
            .into_iter()
            .map(|m| m.challenge_id)
            .collect(),
        None => Vec::new(),
    };
    let mut query = challenge::Entity::find();
    let sees_everything = actor.user().is_some_and(|u| u.platform_admin);
    if !sees_everything {
        let mut visible = Condition::any()
            .add(challenge::Column::Visibility.eq(Visibility::Public.as_str()))
            .add(challenge::Column::Id.is_in(own_ids.clone()));
        if actor
            .user()
            .is_some_and(|u| u.organisation_kind == OrgKind::Authority)
        {
            visible =
                visible.add(challenge::Column::Visibility.eq(Visibility::Authorities.as_str()));
        }
        query = query.filter(visible);
    }
    if let Some(status) = filters.status {
        query = query.filter(challenge::Column::Status.eq(status.as_str()));
    }
    if let Some(area) = &filters.service_area {
        query = query.filter(challenge::Column::ServiceArea.eq(area.as_str()));
    }
    if let Some(authority) = filters.authority {
        let with_authority: Vec<Uuid> = challenge_member::Entity::find()
            .filter(challenge_member::Column::OrganisationId.eq(authority.0))
            .all(db)
            .await?
            .into_iter()
            .map(|m| m.challenge_id)
            .collect();
        query = query.filter(challenge::Column::Id.is_in(with_authority));
    }
    let rows = query
        .order_by_desc(challenge::Column::UpdatedAt)
        .limit(LIST_LIMIT)
        .all(db)
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let memberships = challenge_member::Entity::find()
        .filter(challenge_member::Column::ChallengeId.is_in(ids))
        .all(db)
        .await?;
    let orgs: HashMap<Uuid, String> = organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(OrgKind::Authority.as_str()))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let areas: HashMap<String, String> = service_area::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.slug, a.name))
        .collect();
    let own_org = actor.user().map(|u| u.organisation_id.0);
    let mut summaries: Vec<ChallengeSummary> = rows
        .into_iter()
        .filter_map(|row| {
            let members: Vec<&challenge_member::Model> = memberships
                .iter()
                .filter(|m| m.challenge_id == row.id)
                .collect();
            let lead = members
                .iter()
                .find(|m| m.role == MemberRole::Lead.as_str())?;
            Some(ChallengeSummary {
                id: ChallengeId(row.id),
                status: ChallengeStatus::parse(&row.status)?,
                visibility: Visibility::parse(&row.visibility)?,
                service_area_name: areas
                    .get(&row.service_area)
                    .cloned()
                    .unwrap_or(row.service_area.clone()),
                lead_name: orgs.get(&lead.organisation_id).cloned().unwrap_or_default(),
                member_count: members.len(),
                own_role: members
                    .iter()
                    .find(|m| Some(m.organisation_id) == own_org)
                    .and_then(|m| MemberRole::parse(&m.role)),
                title: row.title,
                updated_at: row.updated_at,
            })
        })
        .collect();
    // Stable sort keeps "most recently changed" within each group.
    summaries.sort_by_key(|s| s.own_role.is_none());
    Ok(summaries)
}

pub async fn history(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: ChallengeId,
) -> DomainResult<(String, Vec<audit::HistoryEntry>)> {
    let loaded = load_for(db, actor, id, ChallengeAction::ViewHistory).await?;
    Ok((loaded.row.title, audit::challenge_history(db, id).await?))
}

/// Things waiting for the actor's authority: requests to join the challenges it leads.
pub async fn waiting_for(
    db: &impl ConnectionTrait,
    actor: &Actor,
) -> DomainResult<Vec<(String, String)>> {
    let Some(user) = actor.user() else {
        return Ok(Vec::new());
    };
    let led: Vec<Uuid> = challenge_member::Entity::find()
        .filter(challenge_member::Column::OrganisationId.eq(user.organisation_id.0))
        .filter(challenge_member::Column::Role.eq(MemberRole::Lead.as_str()))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.challenge_id)
        .collect();
    if led.is_empty() {
        return Ok(Vec::new());
    }
    let pending = join_request::Entity::find()
        .filter(join_request::Column::ChallengeId.is_in(led))
        .filter(join_request::Column::Status.eq(JoinRequestStatus::Pending.as_str()))
        .order_by_asc(join_request::Column::CreatedAt)
        .all(db)
        .await?;
    let mut items = Vec::new();
    for request in pending {
        let org = organisation::Entity::find_by_id(request.organisation_id)
            .one(db)
            .await?;
        let challenge = challenge::Entity::find_by_id(request.challenge_id)
            .one(db)
            .await?;
        let open = challenge
            .as_ref()
            .and_then(|c| ChallengeStatus::parse(&c.status))
            .is_some_and(|s| s.is_open());
        if let (Some(org), Some(challenge), true) = (org, challenge, open) {
            items.push((
                format!("{} asks to join “{}”", org.name, challenge.title),
                format!("/challenges/{}/members", challenge.id),
            ));
        }
    }
    Ok(items)
}
