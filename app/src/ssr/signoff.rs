//! Signing off the criteria set: the lead proposes the current version for agreement once
//! the scored weights add up to exactly 100%; each lead or participant authority agrees or
//! asks for changes; when all have agreed, the round is agreed. Any later change to the
//! criteria supersedes an open round (see `criteria::criteria_set_changed`).

use super::audit;
use super::challenges::{load_for, members, require_user};
use super::criteria::{criteria_of, total_of, LIVE};
use super::entities::{challenge, signoff, signoff_round, user};
use super::error::{DomainError, DomainResult};
use crate::domain::policy::{Actor, ChallengeAction};
use crate::domain::validation::optional_message;
use crate::domain::{ChallengeId, FieldErrors, MemberRole};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub const OPEN: &str = "open";
pub const SUPERSEDED: &str = "superseded";
pub const AGREED: &str = "agreed";
pub const AGREE: &str = "agree";
pub const CHANGES: &str = "changes";
pub const SIGNOFF_COMMENT_MAX: usize = 5_000;

/// Holds the challenge row until the transaction ends and checks the criteria set is still
/// at `version`: a criteria edit committed meanwhile makes this affect no row.
async fn still_at_version(
    db: &impl ConnectionTrait,
    id: ChallengeId,
    version: i32,
) -> DomainResult<bool> {
    let result = challenge::Entity::update_many()
        .col_expr(challenge::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(challenge::Column::Id.eq(id.0))
        .filter(challenge::Column::CriteriaSetVersion.eq(version))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

async fn latest_round(
    db: &impl ConnectionTrait,
    id: ChallengeId,
) -> DomainResult<Option<signoff_round::Model>> {
    Ok(signoff_round::Entity::find()
        .filter(signoff_round::Column::ChallengeId.eq(id.0))
        .order_by_desc(signoff_round::Column::ProposedAt)
        .order_by_desc(signoff_round::Column::CriteriaSetVersion)
        .one(db)
        .await?)
}

/// The lead proposes the current criteria set for agreement.
pub async fn propose(db: &DatabaseConnection, actor: &Actor, id: ChallengeId) -> DomainResult<i32> {
    let loaded = load_for(db, actor, id, ChallengeAction::ProposeSignoff).await?;
    let user = require_user(actor)?;
    let version = loaded.row.criteria_set_version;
    let criteria = criteria_of(db, id.0).await?;
    if !criteria.iter().any(|c| c.status == LIVE) {
        return Err(DomainError::field(
            "signoff",
            "Add at least one criterion before proposing the criteria for sign-off",
        ));
    }
    if let Some(problem) = total_of(&criteria).problem() {
        return Err(DomainError::field("signoff", problem));
    }
    if let Some(round) = latest_round(db, id).await? {
        if round.criteria_set_version == version && round.status == OPEN {
            return Err(DomainError::field(
                "signoff",
                format!("Version {version} of the criteria is already waiting for sign-off"),
            ));
        }
        if round.criteria_set_version == version && round.status == AGREED {
            return Err(DomainError::field(
                "signoff",
                format!("Version {version} of the criteria has already been agreed"),
            ));
        }
    }
    let txn = super::db::write(db).await?;
    if !still_at_version(&txn, id, version).await? {
        return Err(DomainError::Conflict(
            "Someone changed the criteria while you were proposing them. Check the criteria and propose again.".into(),
        ));
    }
    signoff_round::ActiveModel {
        id: Set(Uuid::new_v4()),
        challenge_id: Set(id.0),
        criteria_set_version: Set(version),
        status: Set(OPEN.into()),
        proposed_by: Set(user.id.0),
        proposed_at: Set(Utc::now()),
        closed_at: Set(None),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        user,
        Some(id),
        "signoff_proposed",
        format!("Proposed version {version} of the criteria for sign-off"),
    )
    .await?;
    txn.commit().await?;
    Ok(version)
}

pub enum Decided {
    Recorded,
    /// This decision completed the round: every authority has agreed.
    Agreed(i32),
}

/// One authority agrees to the proposed criteria, or asks for changes with a comment.
/// An authority may change its answer while the round is open.
pub async fn decide(
    db: &DatabaseConnection,
    actor: &Actor,
    id: ChallengeId,
    decision: &str,
    comment: &str,
) -> DomainResult<Decided> {
    load_for(db, actor, id, ChallengeAction::SignOff).await?;
    let user = require_user(actor)?;
    let mut errors = FieldErrors::new();
    let decision = match decision.trim() {
        AGREE => Some(AGREE),
        CHANGES => Some(CHANGES),
        _ => {
            errors.add(
                "decision",
                "Select whether your authority agrees or asks for changes",
            );
            None
        }
    };
    let comment = errors.check(
        "comment",
        optional_message(comment, SIGNOFF_COMMENT_MAX, "Comment"),
    );
    if decision == Some(CHANGES) && comment.as_deref() == Some("") {
        errors.add("comment", "Say what needs to change in the criteria");
    }
    errors.into_result()?;
    let (decision, comment) = (decision.expect("checked"), comment.expect("checked"));
    let round =
        match latest_round(db, id).await? {
            Some(round) if round.status == OPEN => round,
            _ => return Err(DomainError::field(
                "decision",
                "The criteria are not waiting for sign-off: the lead authority proposes them first",
            )),
        };
    let txn = super::db::write(db).await?;
    if !still_at_version(&txn, id, round.criteria_set_version).await? {
        return Err(DomainError::Conflict(
            "The criteria changed after they were proposed, so sign-off has reopened. Look at the criteria again.".into(),
        ));
    }
    signoff::Entity::delete_many()
        .filter(signoff::Column::RoundId.eq(round.id))
        .filter(signoff::Column::OrganisationId.eq(user.organisation_id.0))
        .exec(&txn)
        .await?;
    signoff::ActiveModel {
        round_id: Set(round.id),
        organisation_id: Set(user.organisation_id.0),
        decision: Set(decision.into()),
        comment: Set(comment.clone()),
        user_id: Set(user.id.0),
        user_name: Set(user.name.clone()),
        decided_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    let version = round.criteria_set_version;
    audit::record(
        &txn,
        user,
        Some(id),
        "signoff_decided",
        if decision == AGREE {
            format!(
                "{} agreed to version {version} of the criteria",
                user.organisation_name
            )
        } else {
            format!(
                "{} asked for changes to version {version} of the criteria: {}",
                user.organisation_name,
                comment.chars().take(200).collect::<String>()
            )
        },
    )
    .await?;
    let required: Vec<Uuid> = members(&txn, id.0)
        .await?
        .into_iter()
        .filter(|m| matches!(m.role, MemberRole::Lead | MemberRole::Participant))
        .map(|m| m.organisation_id.0)
        .collect();
    let decisions = signoff::Entity::find()
        .filter(signoff::Column::RoundId.eq(round.id))
        .all(&txn)
        .await?;
    let all_agreed = required.iter().all(|org| {
        decisions
            .iter()
            .any(|d| d.organisation_id == *org && d.decision == AGREE)
    });
    let mut outcome = Decided::Recorded;
    if all_agreed {
        let closed = signoff_round::Entity::update_many()
            .col_expr(signoff_round::Column::Status, Expr::value(AGREED))
            .col_expr(
                signoff_round::Column::ClosedAt,
                Expr::value(Some(Utc::now())),
            )
            .filter(signoff_round::Column::Id.eq(round.id))
            .filter(signoff_round::Column::Status.eq(OPEN))
            .exec(&txn)
            .await?;
        if closed.rows_affected == 1 {
            audit::record(
                &txn,
                user,
                Some(id),
                "signoff_agreed",
                format!("Every member authority agreed to version {version} of the criteria"),
            )
            .await?;
            outcome = Decided::Agreed(version);
        }
    }
    txn.commit().await?;
    Ok(outcome)
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionView {
    pub organisation_name: String,
    pub user_name: String,
    pub agreed: bool,
    pub comment: String,
    pub decided_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundView {
    pub criteria_set_version: i32,
    /// open, superseded or agreed.
    pub status: String,
    pub proposed_by: String,
    pub proposed_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub decisions: Vec<DecisionView>,
    /// Lead and participant authorities that have not answered (open rounds only).
    pub waiting_for: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignoffView {
    pub current_version: i32,
    /// Newest first.
    pub rounds: Vec<RoundView>,
    /// The actor's authority's answer in the open round, if any.
    pub own_decision: Option<DecisionView>,
}

impl SignoffView {
    pub fn latest(&self) -> Option<&RoundView> {
        self.rounds.first()
    }
    pub fn open_round(&self) -> Option<&RoundView> {
        self.latest().filter(|r| r.status == OPEN)
    }
}

pub async fn view(
    db: &impl ConnectionTrait,
    actor: &Actor,
    row: &challenge::Model,
) -> DomainResult<SignoffView> {
    let rounds = signoff_round::Entity::find()
        .filter(signoff_round::Column::ChallengeId.eq(row.id))
        .order_by_desc(signoff_round::Column::ProposedAt)
        .order_by_desc(signoff_round::Column::CriteriaSetVersion)
        .all(db)
        .await?;
    let member_list = members(db, row.id).await?;
    let mut views = Vec::with_capacity(rounds.len());
    let mut own_decision = None;
    for (i, round) in rounds.iter().enumerate() {
        let decisions = signoff::Entity::find()
            .filter(signoff::Column::RoundId.eq(round.id))
            .order_by_asc(signoff::Column::DecidedAt)
            .all(db)
            .await?;
        let org_name = |org: Uuid| {
            member_list
                .iter()
                .find(|m| m.organisation_id.0 == org)
                .map(|m| m.name.clone())
                .unwrap_or_else(|| "A former member authority".into())
        };
        let decision_views: Vec<DecisionView> = decisions
            .iter()
            .map(|d| DecisionView {
                organisation_name: org_name(d.organisation_id),
                user_name: d.user_name.clone(),
                agreed: d.decision == AGREE,
                comment: d.comment.clone(),
                decided_at: d.decided_at,
            })
            .collect();
        let waiting_for = if round.status == OPEN {
            member_list
                .iter()
                .filter(|m| matches!(m.role, MemberRole::Lead | MemberRole::Participant))
                .filter(|m| {
                    !decisions
                        .iter()
                        .any(|d| d.organisation_id == m.organisation_id.0)
                })
                .map(|m| m.name.clone())
                .collect()
        } else {
            Vec::new()
        };
        if i == 0 && round.status == OPEN {
            if let Some(own) = actor.user() {
                own_decision = decisions
                    .iter()
                    .position(|d| d.organisation_id == own.organisation_id.0)
                    .map(|p| decision_views[p].clone());
            }
        }
        let proposer = user::Entity::find_by_id(round.proposed_by).one(db).await?;
        views.push(RoundView {
            criteria_set_version: round.criteria_set_version,
            status: round.status.clone(),
            proposed_by: proposer
                .map(|u| u.display_name)
                .unwrap_or_else(|| "the lead authority".into()),
            proposed_at: round.proposed_at,
            closed_at: round.closed_at,
            decisions: decision_views,
            waiting_for,
        });
    }
    Ok(SignoffView {
        current_version: row.criteria_set_version,
        rounds: views,
        own_decision,
    })
}
