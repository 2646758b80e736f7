//! Which authorities take part in a challenge and how: the lead adds, re-roles and removes
//! members and hands the lead on; other authorities ask to join and the lead decides.

use super::audit;
use super::challenges::{load_for, member_role, require_user};
use super::entities::{challenge, challenge_member, join_request, organisation, user};
use super::error::{DomainError, DomainResult};
use super::outbox;
use crate::domain::policy::{Actor, ChallengeAction};
use crate::domain::validation::{optional_message, JOIN_MESSAGE_MAX};
use crate::domain::{
    ChallengeId, FieldErrors, JoinRequestStatus, MemberRole, OrgKind, OrganisationId,
};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};
use uuid::Uuid;

async fn authority(
    db: &impl ConnectionTrait,
    raw_id: &str,
    field: &str,
) -> DomainResult<organisation::Model> {
    let found = match raw_id.trim().parse::<Uuid>() {
        Ok(id) => organisation::Entity::find_by_id(id).one(db).await?,
        Err(_) => None,
    };
    match found {
        Some(org) if org.kind == OrgKind::Authority.as_str() => Ok(org),
        _ => Err(DomainError::field(
            field,
            "Select an authority from the list",
        )),
    }
}

/// Roles an authority can be given directly; the lead changes hands only by transfer.
fn member_role_choice(raw: &str, field: &str) -> DomainResult<MemberRole> {
    match MemberRole::parse(raw) {
        Some(role @ (MemberRole::Participant | MemberRole::Observer)) => Ok(role),
        _ => Err(DomainError::field(field, "Select participant or observer")),
    }
}

async fn touch(db: &impl ConnectionTrait, id: ChallengeId) -> DomainResult<()> {
    challenge::Entity::update_many()
        .col_expr(challenge::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(challenge::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn add_member(
    db: &DatabaseConnection,
    actor: &Actor,
    id: ChallengeId,
    organisation_id: &str,
    role: &str,
) -> DomainResult<()> {
    load_for(db, actor, id, ChallengeAction::ManageMembers).await?;
    let user = require_user(actor)?;
    let mut errors = FieldErrors::new();
    let org = authority(db, organisation_id, "organisation_id").await;
    let role = member_role_choice(role, "role");
    if let Err(DomainError::Validation(e)) = &org {
        errors.0.extend(e.0.clone());
    }
    if let Err(DomainError::Validation(e)) = &role {
        errors.0.extend(e.0.clone());
    }
    errors.into_result()?;
    let (org, role) = (org?, role?);
    let txn = super::db::write(db).await?;
    if member_role(&txn, id.0, OrganisationId(org.id))
        .await?
        .is_some()
    {
        return Err(DomainError::field(
            "organisation_id",
            format!("{} is already a member of this challenge", org.name),
        ));
    }
    challenge_member::ActiveModel {
        challenge_id: Set(id.0),
        organisation_id: Set(org.id),
        role: Set(role.as_str().into()),
        added_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    // A pending request from the same authority is settled by adding it.
    join_request::Entity::update_many()
        .col_expr(
            join_request::Column::Status,
            Expr::value(JoinRequestStatus::Accepted.as_str()),
        )
        .col_expr(join_request::Column::DecidedBy, Expr::value(user.id.0))
        .col_expr(join_request::Column::DecidedAt, Expr::value(Utc::now()))
        .filter(join_request::Column::ChallengeId.eq(id.0))
        .filter(join_request::Column::OrganisationId.eq(org.id))
        .filter(join_request::Column::Status.eq(JoinRequestStatus::Pending.as_str()))
        .exec(&txn)
        .await?;
    touch(&txn, id).await?;
    audit::record(
        &txn,
        user,
        Some(id),
        "member_added",
        format!("Added {} as {}", org.name, role.label().to_lowercase()),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

async fn existing_member(
    db: &impl ConnectionTrait,
    id: ChallengeId,
    organisation_id: &str,
) -> DomainResult<(organisation::Model, MemberRole)> {
    let org = authority(db, organisation_id, "organisation_id").await?;
    let role = member_role(db, id.0, OrganisationId(org.id))
        .await?
        .ok_or_else(|| {
            DomainError::field(
                "organisation_id",
                format!("{} is not a member of this challenge", org.name),
            )
        })?;
    Ok((org, role))
}

pub async fn change_role(
    db: &DatabaseConnection,
    actor: &Actor,
    id: ChallengeId,
    organisation_id: &str,
    role: &str,
) -> DomainResult<()> {
    load_for(db, actor, id, ChallengeAction::ManageMembers).await?;
    let user = require_user(actor)?;
    let role = member_role_choice(role, "role")?;
    let txn = super::db::write(db).await?;
    let (org, current) = existing_member(&txn, id, organisation_id).await?;
    if current == MemberRole::Lead {
        return Err(DomainError::field(
            "organisation_id",
            "The lead authority's role changes only by handing the lead to another member",
        ));
    }
    if current == role {
        return Ok(());
    }
    challenge_member::Entity::update_many()
        .col_expr(challenge_member::Column::Role, Expr::value(role.as_str()))
        .filter(challenge_member::Column::ChallengeId.eq(id.0))
        .filter(challenge_member::Column::OrganisationId.eq(org.id))
        .exec(&txn)
        .await?;
    touch(&txn, id).await?;
    audit::record(
        &txn,
        user,
        Some(id),
        "member_role_changed",
        format!(
            "Changed {} from {} to {}",
            org.name,
            current.label().to_lowercase(),
            role.label().to_lowercase()
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn remove_member(
    db: &DatabaseConnection,
    actor: &Actor,
    id: ChallengeId,
    organisation_id: &str,
) -> DomainResult<()> {
    load_for(db, actor, id, ChallengeAction::ManageMembers).await?;
    let user = require_user(actor)?;
    let txn = super::db::write(db).await?;
    let (org, current) = existing_member(&txn, id, organisation_id).await?;
    if current == MemberRole::Lead {
        return Err(DomainError::field(
            "organisation_id",
            "The lead authority cannot be removed: hand the lead to another member first",
        ));
    }
    challenge_member::Entity::delete_by_id((id.0, org.id))
        .exec(&txn)
        .await?;
    touch(&txn, id).await?;
    audit::record(
        &txn,
        user,
        Some(id),
        "member_removed",
        format!("Removed {} ({})", org.name, current.label().to_lowercase()),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Hands the lead to another member; the previous lead stays on as a participant.
pub async fn transfer_lead(
    db: &DatabaseConnection,
    actor: &Actor,
    id: ChallengeId,
    organisation_id: &str,
) -> DomainResult<()> {
    load_for(db, actor, id, ChallengeAction::TransferLead).await?;
    let user = require_user(actor)?;
    let txn = super::db::write(db).await?;
    let (org, current) = existing_member(&txn, id, organisation_id).await?;
    if current == MemberRole::Lead {
        return Err(DomainError::field(
            "organisation_id",
            format!("{} is already the lead authority", org.name),
        ));
    }
    let demoted = challenge_member::Entity::update_many()
        .col_expr(
            challenge_member::Column::Role,
            Expr::value(MemberRole::Participant.as_str()),
        )
        .filter(challenge_member::Column::ChallengeId.eq(id.0))
        .filter(challenge_member::Column::OrganisationId.eq(user.organisation_id.0))
        .filter(challenge_member::Column::Role.eq(MemberRole::Lead.as_str()))
        .exec(&txn)
        .await?;
    if demoted.rows_affected != 1 {
        return Err(DomainError::Conflict(
            "The lead changed while you were on this page. Reload it and try again.".into(),
        ));
    }
    challenge_member::Entity::update_many()
        .col_expr(
            challenge_member::Column::Role,
            Expr::value(MemberRole::Lead.as_str()),
        )
        .filter(challenge_member::Column::ChallengeId.eq(id.0))
        .filter(challenge_member::Column::OrganisationId.eq(org.id))
        .exec(&txn)
        .await?;
    touch(&txn, id).await?;
    audit::record(
        &txn,
        user,
        Some(id),
        "lead_transferred",
        format!(
            "Handed the lead from {} to {}; {} is now a participant",
            user.organisation_name, org.name, user.organisation_name
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn request_to_join(
    db: &DatabaseConnection,
    actor: &Actor,
    id: ChallengeId,
    role: &str,
    message: &str,
) -> DomainResult<()> {
    load_for(db, actor, id, ChallengeAction::RequestToJoin).await?;
    let user = require_user(actor)?;
    let mut errors = FieldErrors::new();
    let role = match member_role_choice(role, "requested_role") {
        Ok(role) => Some(role),
        Err(DomainError::Validation(e)) => {
            errors.0.extend(e.0);
            None
        }
        Err(other) => return Err(other),
    };
    let message = errors.check(
        "message",
        optional_message(message, JOIN_MESSAGE_MAX, "Message"),
    );
    errors.into_result()?;
    let (role, message) = (role.expect("checked"), message.expect("checked"));
    let txn = super::db::write(db).await?;
    let pending = join_request::Entity::find()
        .filter(join_request::Column::ChallengeId.eq(id.0))
        .filter(join_request::Column::OrganisationId.eq(user.organisation_id.0))
        .filter(join_request::Column::Status.eq(JoinRequestStatus::Pending.as_str()))
        .one(&txn)
        .await?;
    if pending.is_some() {
        return Err(DomainError::field(
            "requested_role",
            format!(
                "{} has already asked to join this challenge: the lead authority will decide",
                user.organisation_name
            ),
        ));
    }
    join_request::ActiveModel {
        id: Set(Uuid::new_v4()),
        challenge_id: Set(id.0),
        organisation_id: Set(user.organisation_id.0),
        requested_by: Set(user.id.0),
        requested_role: Set(role.as_str().into()),
        message: Set(message),
        status: Set(JoinRequestStatus::Pending.as_str().into()),
        created_at: Set(Utc::now()),
        decided_by: Set(None),
        decided_at: Set(None),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        user,
        Some(id),
        "join_requested",
        format!(
            "{} asked to join as {}",
            user.organisation_name,
            role.label().to_lowercase()
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn decide_join_request(
    db: &DatabaseConnection,
    actor: &Actor,
    id: ChallengeId,
    request_id: &str,
    accept: bool,
    public_url: &str,
) -> DomainResult<()> {
    let loaded = load_for(db, actor, id, ChallengeAction::DecideJoinRequest).await?;
    let user = require_user(actor)?;
    let request_id: Uuid = request_id
        .trim()
        .parse()
        .map_err(|_| DomainError::NotFound)?;
    let txn = super::db::write(db).await?;
    let request = join_request::Entity::find_by_id(request_id)
        .one(&txn)
        .await?
        .filter(|r| r.challenge_id == id.0)
        .ok_or(DomainError::NotFound)?;
    let decision = if accept {
        JoinRequestStatus::Accepted
    } else {
        JoinRequestStatus::Declined
    };
    let decided = join_request::Entity::update_many()
        .col_expr(join_request::Column::Status, Expr::value(decision.as_str()))
        .col_expr(join_request::Column::DecidedBy, Expr::value(user.id.0))
        .col_expr(join_request::Column::DecidedAt, Expr::value(Utc::now()))
        .filter(join_request::Column::Id.eq(request_id))
        .filter(join_request::Column::Status.eq(JoinRequestStatus::Pending.as_str()))
        .exec(&txn)
        .await?;
    if decided.rows_affected != 1 {
        return Err(DomainError::Conflict(
            "This request has already been decided.".into(),
        ));
    }
    let org = organisation::Entity::find_by_id(request.organisation_id)
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let role = MemberRole::parse(&request.requested_role).unwrap_or(MemberRole::Participant);
    if accept
        && member_role(&txn, id.0, OrganisationId(org.id))
            .await?
            .is_none()
    {
        challenge_member::ActiveModel {
            challenge_id: Set(id.0),
            organisation_id: Set(org.id),
            role: Set(role.as_str().into()),
            added_at: Set(Utc::now()),
        }
        .insert(&txn)
        .await?;
    }
    touch(&txn, id).await?;
    let verb = if accept { "Accepted" } else { "Declined" };
    audit::record(
        &txn,
        user,
        Some(id),
        if accept {
            "join_accepted"
        } else {
            "join_declined"
        },
        format!(
            "{verb} the request from {} to join as {}",
            org.name,
            role.label().to_lowercase()
        ),
    )
    .await?;
    if let Some(requester) = user::Entity::find_by_id(request.requested_by)
        .one(&txn)
        .await?
    {
        let link = format!("{}/challenges/{}", public_url.trim_end_matches('/'), id);
        outbox::enqueue(
            &txn,
            &requester.email,
            &format!(
                "Your request to join “{}” was {}",
                loaded.row.title,
                verb.to_lowercase()
            ),
            &format!(
                "{} ({}) {} the request from {} to join “{}”.\n\n{}",
                user.name,
                user.organisation_name,
                verb.to_lowercase(),
                org.name,
                loaded.row.title,
                link
            ),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}
