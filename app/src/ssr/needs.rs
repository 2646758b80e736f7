//! User needs: "As a …, I need …, so that …", with an agreed MoSCoW priority, evidence
//! and tags, in an order the members choose. Participants and the lead write them; each
//! member authority gives its own view; every change is a revision; nothing is deleted.

use super::audit;
use super::challenges::{load_for, members, require_user, MemberView};
use super::comments::{self, CommentView};
use super::entities::{criterion_need, need, need_view, organisation};
use super::error::{DomainError, DomainResult};
use super::revisions::{self, ItemKind, Revision};
use crate::domain::diff::{diff, Change};
use crate::domain::moscow::{consensus, Consensus, Priority};
use crate::domain::policy::{Actor, ChallengeAction};
use crate::domain::validation::optional_message;
use crate::domain::{ChallengeId, FieldErrors, MemberRole, OrganisationId};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

pub const STATEMENT_PART_MAX: usize = 1_000;
pub const EVIDENCE_MAX: usize = 20_000;
pub const TAGS_MAX: usize = 300;

const LIVE: &str = "live";
const ARCHIVED: &str = "archived";
const MERGED: &str = "merged";

#[derive(Clone, Debug, Default)]
pub struct NeedForm {
    pub as_a: String,
    pub i_need: String,
    pub so_that: String,
    pub priority: String,
    pub evidence: String,
    pub tags: String,
    /// The version an edit was based on.
    pub version: String,
}

/// What a revision keeps of a need.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedSnapshot {
    pub as_a: String,
    pub i_need: String,
    pub so_that: String,
    pub priority: String,
    pub evidence: String,
    pub tags: String,
    pub status: String,
}

impl NeedSnapshot {
    fn of(row: &need::Model) -> Self {
        Self {
            as_a: row.as_a.clone(),
            i_need: row.i_need.clone(),
            so_that: row.so_that.clone(),
            priority: row.priority.clone(),
            evidence: row.evidence.clone(),
            tags: row.tags.clone(),
            status: row.status.clone(),
        }
    }

    pub fn statement(&self) -> String {
        statement(&self.as_a, &self.i_need, &self.so_that)
    }
}

/// A need as one sentence: "As a …, I need …, so that …".
pub fn statement(as_a: &str, i_need: &str, so_that: &str) -> String {
    format!("As a {as_a}, I need {i_need}, so that {so_that}")
}

fn part(
    value: &str,
    field: &str,
    empty: &str,
    what: &str,
    errors: &mut FieldErrors,
) -> Option<String> {
    let text = errors.check(field, optional_message(value, STATEMENT_PART_MAX, what))?;
    if text.is_empty() {
        errors.add(field, empty);
        return None;
    }
    Some(text)
}

/// Tags as typed ("repairs, tenants ,  online") become "repairs, tenants, online".
fn normalise_tags(raw: &str) -> String {
    let mut tags: Vec<String> = Vec::new();
    for tag in raw
        .split(',')
        .map(|t| t.trim().to_lowercase())
        .filter(|t| !t.is_empty())
    {
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags.join(", ")
}

fn validate(form: &NeedForm) -> Result<NeedSnapshot, FieldErrors> {
    let mut errors = FieldErrors::new();
    let as_a = part(
        &form.as_a,
        "as_a",
        "Enter who has the need, after ‘As a’",
        "Who has the need",
        &mut errors,
    );
    let i_need = part(
        &form.i_need,
        "i_need",
        "Enter what they need, after ‘I need’",
        "What they need",
        &mut errors,
    );
    let so_that = part(
        &form.so_that,
        "so_that",
        "Enter why they need it, after ‘so that’",
        "Why they need it",
        &mut errors,
    );
    let priority = Priority::parse(form.priority.trim());
    if priority.is_none() {
        errors.add(
            "priority",
            "Select the priority: must, should, could or won't have",
        );
    }
    let evidence = errors.check(
        "evidence",
        optional_message(&form.evidence, EVIDENCE_MAX, "Evidence and notes"),
    );
    let tags = errors.check("tags", optional_message(&form.tags, TAGS_MAX, "Tags"));
    errors.into_result()?;
    Ok(NeedSnapshot {
        as_a: as_a.expect("checked"),
        i_need: i_need.expect("checked"),
        so_that: so_that.expect("checked"),
        priority: priority.expect("checked").as_str().to_string(),
        evidence: evidence.expect("checked"),
        tags: normalise_tags(&tags.expect("checked")),
        status: LIVE.to_string(),
    })
}

async fn find_need(
    db: &impl ConnectionTrait,
    challenge: ChallengeId,
    id: Uuid,
) -> DomainResult<need::Model> {
    in_challenge(need::Entity::find_by_id(id).one(db).await?, challenge)
}

/// The need, its row locked until the transaction ends (PostgreSQL; SQLite's write
/// transaction already keeps other writers out).
async fn find_need_locked(
    db: &impl ConnectionTrait,
    challenge: ChallengeId,
    id: Uuid,
) -> DomainResult<need::Model> {
    use sea_orm::QuerySelect;
    in_challenge(
        need::Entity::find_by_id(id)
            .lock_exclusive()
            .one(db)
            .await?,
        challenge,
    )
}

fn in_challenge(row: Option<need::Model>, challenge: ChallengeId) -> DomainResult<need::Model> {
    row.filter(|n| n.challenge_id == challenge.0)
        .ok_or(DomainError::NotFound)
}

pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
    form: &NeedForm,
) -> DomainResult<Uuid> {
    load_for(db, actor, challenge, ChallengeAction::EditWork).await?;
    let user = require_user(actor)?;
    let valid = validate(form)?;
    let txn = super::db::write(db).await?;
    let last = need::Entity::find()
        .filter(need::Column::ChallengeId.eq(challenge.0))
        .order_by_desc(need::Column::Position)
        .one(&txn)
        .await?;
    let now = Utc::now();
    let id = Uuid::new_v4();
    need::ActiveModel {
        id: Set(id),
        challenge_id: Set(challenge.0),
        as_a: Set(valid.as_a.clone()),
        i_need: Set(valid.i_need.clone()),
        so_that: Set(valid.so_that.clone()),
        priority: Set(valid.priority.clone()),
        evidence: Set(valid.evidence.clone()),
        tags: Set(valid.tags.clone()),
        position: Set(last.map(|n| n.position + 1).unwrap_or(1)),
        proposed_by: Set(user.organisation_id.0),
        status: Set(LIVE.into()),
        merged_into: Set(None),
        version: Set(1),
        created_by: Set(user.id.0),
        created_at: Set(now),
        updated_at: Set(now),
        priority_spread: Set(0),
    }
    .insert(&txn)
    .await?;
    revisions::record(
        &txn,
        user,
        challenge,
        ItemKind::Need,
        id,
        1,
        &valid,
        "Proposed the need",
    )
    .await?;
    audit::record(
        &txn,
        user,
        Some(challenge),
        "need_added",
        format!("Added the need “{}”", valid.statement()),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// The text now saved, and who saved it, for the conflict page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedNeed {
    pub snapshot: NeedSnapshot,
    pub version: i32,
    pub saved_by: String,
    pub saved_at: DateTime<Utc>,
}

pub enum NeedEditOutcome {
    Saved,
    Conflict(Box<SavedNeed>),
}

async fn saved_need(db: &impl ConnectionTrait, row: need::Model) -> DomainResult<SavedNeed> {
    let last = revisions::list::<NeedSnapshot>(db, row.id).await?.pop();
    Ok(SavedNeed {
        snapshot: NeedSnapshot::of(&row),
        version: row.version,
        saved_by: last
            .as_ref()
            .map(|r| format!("{} ({})", r.actor_name, r.organisation_name))
            .unwrap_or_else(|| "another member".into()),
        saved_at: last.map(|r| r.created_at).unwrap_or(row.updated_at),
    })
}

fn closed_message(row: &need::Model) -> Option<DomainError> {
    match row.status.as_str() {
        LIVE => None,
        MERGED => Some(DomainError::Conflict(
            "This need has been merged into another one, so it can no longer be edited. Edit the need it was merged into.".into(),
        )),
        _ => Some(DomainError::Conflict(
            "This need has been archived, so it can no longer be edited. Restore it from its history first.".into(),
        )),
    }
}

/// Writes `snapshot` over the need only if it is still at `based_on`; returns whether it did.
async fn write_if_unchanged(
    db: &impl ConnectionTrait,
    id: Uuid,
    based_on: i32,
    snapshot: &NeedSnapshot,
) -> DomainResult<bool> {
    let result = need::Entity::update_many()
        .col_expr(need::Column::AsA, Expr::value(snapshot.as_a.as_str()))
        .col_expr(need::Column::INeed, Expr::value(snapshot.i_need.as_str()))
        .col_expr(need::Column::SoThat, Expr::value(snapshot.so_that.as_str()))
        .col_expr(
            need::Column::Priority,
            Expr::value(snapshot.priority.as_str()),
        )
        .col_expr(
            need::Column::Evidence,
            Expr::value(snapshot.evidence.as_str()),
        )
        .col_expr(need::Column::Tags, Expr::value(snapshot.tags.as_str()))
        .col_expr(need::Column::Status, Expr::value(snapshot.status.as_str()))
        .col_expr(need::Column::Version, Expr::value(based_on + 1))
        .col_expr(need::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(need::Column::Id.eq(id))
        .filter(need::Column::Version.eq(based_on))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Saves an edit only if nobody saved since the version it was based on.
pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
    id: Uuid,
    form: &NeedForm,
) -> DomainResult<NeedEditOutcome> {
    load_for(db, actor, challenge, ChallengeAction::EditWork).await?;
    let user = require_user(actor)?;
    let row = find_need(db, challenge, id).await?;
    if let Some(err) = closed_message(&row) {
        return Err(err);
    }
    let based_on: i32 = form.version.trim().parse().map_err(|_| {
        DomainError::field(
            "as_a",
            "The form was missing its version: reload the page and try again",
        )
    })?;
    let valid = validate(form)?;
    let txn = super::db::write(db).await?;
    if !write_if_unchanged(&txn, id, based_on, &valid).await? {
        drop(txn);
        let current = find_need(db, challenge, id).await?;
        if let Some(err) = closed_message(&current) {
            return Err(err);
        }
        return Ok(NeedEditOutcome::Conflict(Box::new(
            saved_need(db, current).await?,
        )));
    }
    revisions::record(
        &txn,
        user,
        challenge,
        ItemKind::Need,
        id,
        based_on + 1,
        &valid,
        "Edited the need",
    )
    .await?;
    audit::record(
        &txn,
        user,
        Some(challenge),
        "need_edited",
        format!("Edited the need “{}”", valid.statement()),
    )
    .await?;
    txn.commit().await?;
    Ok(NeedEditOutcome::Saved)
}

/// Moves a need one place up or down among the live needs.
pub async fn move_need(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
    id: Uuid,
    up: bool,
) -> DomainResult<()> {
    load_for(db, actor, challenge, ChallengeAction::EditWork).await?;
    let user = require_user(actor)?;
    let txn = super::db::write(db).await?;
    let row = find_need(&txn, challenge, id).await?;
    if let Some(err) = closed_message(&row) {
        return Err(err);
    }
    let live = need::Entity::find()
        .filter(need::Column::ChallengeId.eq(challenge.0))
        .filter(need::Column::Status.eq(LIVE))
        .order_by_asc(need::Column::Position)
        .all(&txn)
        .await?;
    let index = live
        .iter()
        .position(|n| n.id == id)
        .ok_or(DomainError::NotFound)?;
    let neighbour = if up {
        index.checked_sub(1)
    } else {
        Some(index + 1).filter(|i| *i < live.len())
    };
    let Some(neighbour) = neighbour.map(|i| &live[i]) else {
        return Ok(());
    };
    for (need_id, position) in [(id, neighbour.position), (neighbour.id, row.position)] {
        need::Entity::update_many()
            .col_expr(need::Column::Position, Expr::value(position))
            .filter(need::Column::Id.eq(need_id))
            .exec(&txn)
            .await?;
    }
    audit::record(
        &txn,
        user,
        Some(challenge),
        "needs_reordered",
        format!(
            "Moved “{}” {}",
            NeedSnapshot::of(&row).statement(),
            if up { "up" } else { "down" }
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Archives a need: it leaves the list and the pack, and stays in the history.
pub async fn archive(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
    id: Uuid,
) -> DomainResult<()> {
    load_for(db, actor, challenge, ChallengeAction::EditWork).await?;
    let user = require_user(actor)?;
    let txn = super::db::write(db).await?;
    let row = find_need(&txn, challenge, id).await?;
    if let Some(err) = closed_message(&row) {
        return Err(err);
    }
    let mut snapshot = NeedSnapshot::of(&row);
    snapshot.status = ARCHIVED.into();
    if !write_if_unchanged(&txn, id, row.version, &snapshot).await? {
        return Err(DomainError::Conflict(
            "Someone changed this need at the same moment. Check it and try again.".into(),
        ));
    }
    revisions::record(
        &txn,
        user,
        challenge,
        ItemKind::Need,
        id,
        row.version + 1,
        &snapshot,
        "Archived the need",
    )
    .await?;
    audit::record(
        &txn,
        user,
        Some(challenge),
        "need_archived",
        format!("Archived the need “{}”", snapshot.statement()),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Brings back an earlier revision's text (and status) as a new revision.
pub async fn restore(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
    id: Uuid,
    version: &str,
) -> DomainResult<()> {
    load_for(db, actor, challenge, ChallengeAction::EditWork).await?;
    let user = require_user(actor)?;
    let wanted: i32 = version.trim().parse().map_err(|_| DomainError::NotFound)?;
    let txn = super::db::write(db).await?;
    let row = find_need(&txn, challenge, id).await?;
    if row.status == MERGED {
        return Err(closed_message(&row).expect("merged needs are closed"));
    }
    let earlier = revisions::list::<NeedSnapshot>(&txn, id)
        .await?
        .into_iter()
        .find(|r| r.version == wanted)
        .ok_or(DomainError::NotFound)?;
    let mut snapshot = earlier.snapshot;
    if snapshot.status == MERGED {
        snapshot.status = LIVE.into();
    }
    if !write_if_unchanged(&txn, id, row.version, &snapshot).await? {
        return Err(DomainError::Conflict(
            "Someone changed this need at the same moment. Check it and try again.".into(),
        ));
    }
    let summary = format!("Restored version {wanted}");
    revisions::record(
        &txn,
        user,
        challenge,
        ItemKind::Need,
        id,
        row.version + 1,
        &snapshot,
        &summary,
    )
    .await?;
    audit::record(
        &txn,
        user,
        Some(challenge),
        "need_restored",
        format!("{summary} of “{}”", snapshot.statement()),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Merges a duplicate into the need that is kept: the duplicate is closed as merged, and
/// its authorities' views, the criteria covering it and its evidence move to the kept need.
pub async fn merge(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
    keep: &str,
    duplicate: &str,
) -> DomainResult<Uuid> {
    load_for(db, actor, challenge, ChallengeAction::EditWork).await?;
    let user = require_user(actor)?;
    let mut errors = FieldErrors::new();
    let keep_id = keep.trim().parse::<Uuid>().ok();
    let duplicate_id = duplicate.trim().parse::<Uuid>().ok();
    if keep_id.is_none() {
        errors.add("keep", "Select the need to keep");
    }
    if duplicate_id.is_none() {
        errors.add("duplicate", "Select the duplicate to merge into it");
    }
    if keep_id.is_some() && keep_id == duplicate_id {
        errors.add("duplicate", "Select two different needs");
    }
    errors.into_result()?;
    let (keep_id, duplicate_id) = (keep_id.expect("checked"), duplicate_id.expect("checked"));
    let txn = super::db::write(db).await?;
    let kept = find_need(&txn, challenge, keep_id)
        .await
        .map_err(|_| DomainError::field("keep", "Select the need to keep from the list"))?;
    let dup = find_need(&txn, challenge, duplicate_id)
        .await
        .map_err(|_| DomainError::field("duplicate", "Select the duplicate from the list"))?;
    for (row, field) in [(&kept, "keep"), (&dup, "duplicate")] {
        if row.status != LIVE {
            return Err(DomainError::field(
                field,
                "Only needs that are neither archived nor merged can be merged",
            ));
        }
    }
    let dup_snapshot = NeedSnapshot::of(&dup);
    let mut kept_snapshot = NeedSnapshot::of(&kept);
    let note = format!("Merged from: {}", dup_snapshot.statement());
    kept_snapshot.evidence = match (
        kept_snapshot.evidence.is_empty(),
        dup_snapshot.evidence.is_empty(),
    ) {
        (_, true) => format!("{}\n\n{note}", kept_snapshot.evidence)
            .trim()
            .to_string(),
        (true, false) => format!("{note}\n\n{}", dup_snapshot.evidence),
        (false, false) => format!(
            "{}\n\n{note}\n\n{}",
            kept_snapshot.evidence, dup_snapshot.evidence
        ),
    };
    kept_snapshot.tags = normalise_tags(&format!("{}, {}", kept_snapshot.tags, dup_snapshot.tags));
    if !write_if_unchanged(&txn, keep_id, kept.version, &kept_snapshot).await? {
        return Err(DomainError::Conflict(
            "Someone changed these needs at the same moment. Check them and try again.".into(),
        ));
    }
    let mut closed = dup_snapshot.clone();
    closed.status = MERGED.into();
    if !write_if_unchanged(&txn, duplicate_id, dup.version, &closed).await? {
        return Err(DomainError::Conflict(
            "Someone changed these needs at the same moment. Check them and try again.".into(),
        ));
    }
    need::Entity::update_many()
        .col_expr(need::Column::MergedInto, Expr::value(keep_id))
        .filter(need::Column::Id.eq(duplicate_id))
        .exec(&txn)
        .await?;
    // Views: an authority that had a view only on the duplicate keeps it on the merged need.
    let kept_views: Vec<Uuid> = need_view::Entity::find()
        .filter(need_view::Column::NeedId.eq(keep_id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|v| v.organisation_id)
        .collect();
    for view in need_view::Entity::find()
        .filter(need_view::Column::NeedId.eq(duplicate_id))
        .all(&txn)
        .await?
    {
        if !kept_views.contains(&view.organisation_id) {
            need_view::ActiveModel {
                need_id: Set(keep_id),
                ..need_view::ActiveModel::from(view)
            }
            .insert(&txn)
            .await?;
        }
    }
    refresh_spread(&txn, keep_id).await?;
    let kept_cover: Vec<Uuid> = criterion_need::Entity::find()
        .filter(criterion_need::Column::NeedId.eq(keep_id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|c| c.criterion_id)
        .collect();
    for cover in criterion_need::Entity::find()
        .filter(criterion_need::Column::NeedId.eq(duplicate_id))
        .all(&txn)
        .await?
    {
        if !kept_cover.contains(&cover.criterion_id) {
            criterion_need::ActiveModel {
                criterion_id: Set(cover.criterion_id),
                need_id: Set(keep_id),
            }
            .insert(&txn)
            .await?;
        }
    }
    revisions::record(
        &txn,
        user,
        challenge,
        ItemKind::Need,
        keep_id,
        kept.version + 1,
        &kept_snapshot,
        &format!("Merged in “{}”", dup_snapshot.statement()),
    )
    .await?;
    revisions::record(
        &txn,
        user,
        challenge,
        ItemKind::Need,
        duplicate_id,
        dup.version + 1,
        &closed,
        &format!("Merged into “{}”", kept_snapshot.statement()),
    )
    .await?;
    audit::record(
        &txn,
        user,
        Some(challenge),
        "needs_merged",
        format!(
            "Merged “{}” into “{}”",
            dup_snapshot.statement(),
            kept_snapshot.statement()
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(keep_id)
}

/// Records the actor's authority's view of a need: whether it shares it, and the priority
/// it would give it.
pub async fn set_view(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
    id: Uuid,
    endorsed: bool,
    priority: &str,
) -> DomainResult<()> {
    load_for(db, actor, challenge, ChallengeAction::Endorse).await?;
    let user = require_user(actor)?;
    let priority = match priority.trim() {
        "" => None,
        raw => Some(Priority::parse(raw).ok_or_else(|| {
            DomainError::field(
                "view_priority",
                "Select your authority's priority from the list",
            )
        })?),
    };
    let txn = super::db::write(db).await?;
    // Locked until the spread below is stored: another authority's view written
    // meanwhile waits, then sees this one.
    let row = find_need_locked(&txn, challenge, id).await?;
    if let Some(err) = closed_message(&row) {
        return Err(err);
    }
    need_view::Entity::delete_by_id((id, user.organisation_id.0))
        .exec(&txn)
        .await?;
    need_view::ActiveModel {
        need_id: Set(id),
        organisation_id: Set(user.organisation_id.0),
        endorsed: Set(endorsed),
        priority: Set(priority.map(|p| p.as_str().to_string())),
        updated_by: Set(user.id.0),
        updated_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    refresh_spread(&txn, id).await?;
    let view = match (endorsed, priority) {
        (true, Some(p)) => format!("shares it ({})", p.label().to_lowercase()),
        (true, None) => "shares it".to_string(),
        (false, Some(p)) => format!("does not share it ({})", p.label().to_lowercase()),
        (false, None) => "does not share it".to_string(),
    };
    audit::record(
        &txn,
        user,
        Some(challenge),
        "need_view_given",
        format!(
            "{} {view}: “{}”",
            user.organisation_name,
            NeedSnapshot::of(&row).statement()
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorityView {
    pub organisation_id: OrganisationId,
    pub organisation_name: String,
    pub role: MemberRole,
    pub endorsed: Option<bool>,
    pub priority: Option<Priority>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedRow {
    pub id: Uuid,
    pub as_a: String,
    pub i_need: String,
    pub so_that: String,
    pub priority: Priority,
    pub evidence: String,
    pub evidence_html: String,
    pub tags: Vec<String>,
    pub proposed_by: String,
    pub status: String,
    pub version: i32,
    pub views: Vec<AuthorityView>,
    pub consensus: Consensus,
    pub comment_count: usize,
    pub updated_at: DateTime<Utc>,
}

impl NeedRow {
    pub fn statement(&self) -> String {
        statement(&self.as_a, &self.i_need, &self.so_that)
    }
}

/// One need as the list shows it: the statement, the agreed priority and the authorities'
/// views in brief. The evidence, the full views table and the actions are on its own page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedSummary {
    pub id: Uuid,
    pub as_a: String,
    pub i_need: String,
    pub so_that: String,
    pub priority: Priority,
    pub tags: Vec<String>,
    pub proposed_by: String,
    /// The views the member authorities have given, in member order (lead first).
    pub views: Vec<AuthorityView>,
    pub consensus: Consensus,
    pub comment_count: usize,
}

impl NeedSummary {
    pub fn statement(&self) -> String {
        statement(&self.as_a, &self.i_need, &self.so_that)
    }
}

/// One page of the list of needs, with the figures about the whole list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedsOverview {
    pub title: String,
    /// How many live needs there are, and on how many the authorities' priorities differ
    /// enough to need a decision.
    pub live_count: usize,
    pub disputed_count: usize,
    /// Only the needs that need a decision are listed.
    pub disagreements_only: bool,
    /// How many needs the list has (all live needs, or the disputed ones).
    pub listed_count: usize,
    /// The page shown (from 1), how many pages there are, and the place (from 0) of the
    /// page's first need in the list.
    pub page: usize,
    pub page_count: usize,
    pub first: usize,
    /// The needs on this page, in the agreed order.
    pub shown: Vec<NeedSummary>,
    /// Archived needs: id and statement.
    pub archived: Vec<(Uuid, String)>,
    pub members: Vec<MemberView>,
    pub permissions: super::challenges::Permissions,
    pub own_organisation: Option<OrganisationId>,
}

/// How many needs one page of the list shows.
pub const NEEDS_PER_PAGE: usize = 50;

/// The page of the list (from 1) that shows a live need, for redirects to it.
pub async fn page_of(db: &impl ConnectionTrait, challenge: ChallengeId, id: Uuid) -> usize {
    match need::Entity::find_by_id(id).one(db).await {
        Ok(Some(row)) => match place_in_order(db, challenge, row.position).await {
            Ok((place, _)) => (place - 1) / NEEDS_PER_PAGE + 1,
            Err(_) => 1,
        },
        _ => 1,
    }
}

/// Where a live need at `position` stands in the agreed order: its place (from 1) and
/// how many live needs there are, counted by the database.
async fn place_in_order(
    db: &impl ConnectionTrait,
    challenge: ChallengeId,
    position: i32,
) -> DomainResult<(usize, usize)> {
    use sea_orm::PaginatorTrait;
    let live = || {
        need::Entity::find()
            .filter(need::Column::ChallengeId.eq(challenge.0))
            .filter(need::Column::Status.eq(LIVE))
    };
    let before = live()
        .filter(need::Column::Position.lt(position))
        .count(db)
        .await?;
    let total = live().count(db).await?;
    let n = |v: u64| usize::try_from(v).unwrap_or(usize::MAX);
    Ok((n(before) + 1, n(total)))
}

fn to_row(
    row: need::Model,
    views: &[need_view::Model],
    members: &[MemberView],
    org_names: &HashMap<Uuid, String>,
    comment_count: usize,
) -> NeedRow {
    let authority_views = authority_views(members, views, row.id);
    let given: Vec<Priority> = authority_views.iter().filter_map(|v| v.priority).collect();
    NeedRow {
        id: row.id,
        priority: Priority::parse(&row.priority).unwrap_or(Priority::Should),
        evidence_html: super::markdown::render(&row.evidence),
        tags: split_tags(&row.tags),
        proposed_by: org_names.get(&row.proposed_by).cloned().unwrap_or_default(),
        consensus: consensus(&given),
        views: authority_views,
        comment_count,
        as_a: row.as_a,
        i_need: row.i_need,
        so_that: row.so_that,
        evidence: row.evidence,
        status: row.status,
        version: row.version,
        updated_at: row.updated_at,
    }
}

/// Every member authority's view of one need, in member order (lead first); `endorsed` is
/// `None` for an authority that has given no view.
fn authority_views(
    members: &[MemberView],
    views: &[need_view::Model],
    need: Uuid,
) -> Vec<AuthorityView> {
    members
        .iter()
        .map(|m| {
            let view = views
                .iter()
                .find(|v| v.need_id == need && v.organisation_id == m.organisation_id.0);
            AuthorityView {
                organisation_id: m.organisation_id,
                organisation_name: m.name.clone(),
                role: m.role,
                endorsed: view.map(|v| v.endorsed),
                priority: view.and_then(|v| v.priority.as_deref().and_then(Priority::parse)),
            }
        })
        .collect()
}

/// A MoSCoW priority as its step from Must (0) to Won't (3), in SQL.
const PRIORITY_RANK_SQL: &str = "CASE need_views.priority WHEN 'must' THEN 0 WHEN 'should' THEN 1 \
     WHEN 'could' THEN 2 WHEN 'wont' THEN 3 END";

/// Priorities this many ranks apart or more need a decision: the needs
/// `Agreement::needs_decision` picks (Divergent or Conflicting).
const DISPUTED_SPREAD: i32 = 2;

/// Stores how far apart the authorities' priorities for a need are, from its views as they
/// now stand. Called in the transaction that changed a view, after the need's row is
/// locked, so two authorities answering at once cannot leave a stale figure.
async fn refresh_spread(db: &impl ConnectionTrait, need_id: Uuid) -> Result<(), sea_orm::DbErr> {
    need::Entity::update_many()
        .col_expr(
            need::Column::PrioritySpread,
            Expr::cust(format!(
                "COALESCE((SELECT MAX({PRIORITY_RANK_SQL}) - MIN({PRIORITY_RANK_SQL}) \
                 FROM need_views WHERE need_views.need_id = needs.id \
                 AND need_views.priority IS NOT NULL), 0)"
            )),
        )
        .filter(need::Column::Id.eq(need_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The live needs of a challenge whose authorities' priorities are two or more ranks
/// apart, kept on the need itself so the list counts and filters them without reading
/// the views.
fn is_disputed() -> sea_orm::sea_query::SimpleExpr {
    need::Column::PrioritySpread.gte(DISPUTED_SPREAD)
}

/// One page of a challenge's needs (`page` from 1; beyond the last shows the last), all
/// of them or only those where the authorities disagree.
pub async fn overview(
    db: &impl ConnectionTrait,
    actor: &Actor,
    challenge: ChallengeId,
    disagreements_only: bool,
    page: usize,
) -> DomainResult<NeedsOverview> {
    use sea_orm::sea_query::{ExprTrait, Func};
    use sea_orm::{JoinType, QuerySelect};
    let loaded = load_for(db, actor, challenge, ChallengeAction::ViewWork).await?;
    let permissions = super::challenges::Permissions::for_actor(actor, &loaded.facts);
    let live = || {
        need::Entity::find()
            .filter(need::Column::ChallengeId.eq(challenge.0))
            .filter(need::Column::Status.eq(LIVE))
    };
    // The list's figures in one query: live needs, disputed ones, archived ones.
    let is_live = || need::Column::Status.eq(LIVE);
    let counted: Option<(Option<i64>, Option<i64>, Option<i64>)> = need::Entity::find()
        .select_only()
        .column_as(
            Expr::from(Func::sum(Expr::case(is_live(), 1).finally(0))),
            "live",
        )
        .column_as(
            Expr::from(Func::sum(
                Expr::case(is_live().and(is_disputed()), 1).finally(0),
            )),
            "disputed",
        )
        .column_as(
            Expr::from(Func::sum(
                Expr::case(need::Column::Status.eq(ARCHIVED), 1).finally(0),
            )),
            "archived",
        )
        .filter(need::Column::ChallengeId.eq(challenge.0))
        .into_tuple()
        .one(db)
        .await?;
    let (live_count, disputed_count, archived_count) = counted
        .map(|(l, d, a)| {
            let n = |v: Option<i64>| usize::try_from(v.unwrap_or(0)).unwrap_or(0);
            (n(l), n(d), n(a))
        })
        .unwrap_or((0, 0, 0));
    let listed_count = if disagreements_only {
        disputed_count
    } else {
        live_count
    };
    let page_count = listed_count.div_ceil(NEEDS_PER_PAGE).max(1);
    let page = page.clamp(1, page_count);
    let first = (page - 1) * NEEDS_PER_PAGE;

    // Only this page's needs, and only the columns the list shows: the evidence (up to
    // 20 000 characters each) stays on the need's own page.
    let mut query = live()
        .select_only()
        .columns([
            need::Column::Id,
            need::Column::AsA,
            need::Column::INeed,
            need::Column::SoThat,
            need::Column::Priority,
            need::Column::Tags,
        ])
        .column(organisation::Column::Name)
        .join(
            JoinType::LeftJoin,
            need::Entity::belongs_to(organisation::Entity)
                .from(need::Column::ProposedBy)
                .to(organisation::Column::Id)
                .into(),
        );
    if disagreements_only {
        query = query.filter(is_disputed());
    }
    type Listed = (Uuid, String, String, String, String, String, Option<String>);
    let rows: Vec<Listed> = query
        .order_by_asc(need::Column::Position)
        .limit(NEEDS_PER_PAGE as u64)
        .offset(first as u64)
        .into_tuple()
        .all(db)
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.0).collect();
    // Grouped by need, so each need looks only through its own views.
    let mut views: HashMap<Uuid, Vec<need_view::Model>> = HashMap::new();
    if !ids.is_empty() {
        for view in need_view::Entity::find()
            .filter(need_view::Column::NeedId.is_in(ids.clone()))
            .all(db)
            .await?
        {
            views.entry(view.need_id).or_default().push(view);
        }
    }
    let members = members(db, challenge.0).await?;
    let counts = if ids.is_empty() {
        HashMap::new()
    } else {
        comments::counts(db, challenge, Some(&ids)).await?
    };
    let shown = rows
        .into_iter()
        .map(|(id, as_a, i_need, so_that, priority, tags, proposed_by)| {
            // The list shows only the views given.
            let given: Vec<AuthorityView> = views
                .get(&id)
                .map(|given| authority_views(&members, given, id))
                .unwrap_or_default()
                .into_iter()
                .filter(|v| v.endorsed.is_some())
                .collect();
            let priorities: Vec<Priority> = given.iter().filter_map(|v| v.priority).collect();
            NeedSummary {
                id,
                as_a,
                i_need,
                so_that,
                priority: Priority::parse(&priority).unwrap_or(Priority::Should),
                tags: split_tags(&tags),
                proposed_by: proposed_by.unwrap_or_default(),
                consensus: consensus(&priorities),
                views: given,
                comment_count: counts.get(&id).copied().unwrap_or(0),
            }
        })
        .collect();
    let archived: Vec<(Uuid, String, String, String)> = if archived_count == 0 {
        Vec::new()
    } else {
        need::Entity::find()
            .select_only()
            .columns([
                need::Column::Id,
                need::Column::AsA,
                need::Column::INeed,
                need::Column::SoThat,
            ])
            .filter(need::Column::ChallengeId.eq(challenge.0))
            .filter(need::Column::Status.eq(ARCHIVED))
            .order_by_asc(need::Column::Position)
            .into_tuple()
            .all(db)
            .await?
    };
    Ok(NeedsOverview {
        title: loaded.row.title,
        live_count,
        disputed_count,
        disagreements_only,
        listed_count,
        page,
        page_count,
        first,
        shown,
        archived: archived
            .into_iter()
            .map(|(id, as_a, i_need, so_that)| (id, statement(&as_a, &i_need, &so_that)))
            .collect(),
        members,
        permissions,
        own_organisation: actor.user().map(|u| u.organisation_id),
    })
}

fn split_tags(tags: &str) -> Vec<String> {
    tags.split(',')
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

/// One field's change between two revisions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub label: String,
    pub changes: Vec<Change>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionView {
    pub version: i32,
    pub summary: String,
    pub actor_name: String,
    pub organisation_name: String,
    pub created_at: DateTime<Utc>,
    /// The fields this revision changed, compared with the one before.
    pub changes: Vec<FieldChange>,
    pub is_current: bool,
}

fn compare(before: Option<&NeedSnapshot>, after: &NeedSnapshot) -> Vec<FieldChange> {
    let empty = NeedSnapshot {
        as_a: String::new(),
        i_need: String::new(),
        so_that: String::new(),
        priority: String::new(),
        evidence: String::new(),
        tags: String::new(),
        status: String::new(),
    };
    let before = before.unwrap_or(&empty);
    let label = |p: &str| {
        Priority::parse(p)
            .map(|p| p.label().to_string())
            .unwrap_or_default()
    };
    [
        ("As a", &before.as_a, &after.as_a),
        ("I need", &before.i_need, &after.i_need),
        ("So that", &before.so_that, &after.so_that),
        ("Evidence and notes", &before.evidence, &after.evidence),
        ("Tags", &before.tags, &after.tags),
    ]
    .into_iter()
    .filter(|(_, a, b)| a != b)
    .map(|(label, a, b)| FieldChange {
        label: label.to_string(),
        changes: diff(a, b),
    })
    .chain((before.priority != after.priority).then(|| FieldChange {
        label: "Priority".to_string(),
        changes: diff(&label(&before.priority), &label(&after.priority)),
    }))
    .chain(
        (before.status != after.status && !before.status.is_empty()).then(|| FieldChange {
            label: "Status".to_string(),
            changes: diff(&before.status, &after.status),
        }),
    )
    .collect()
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedDetail {
    pub challenge_title: String,
    pub need: NeedRow,
    pub merged_into: Option<Uuid>,
    pub comments: Vec<CommentView>,
    /// Newest first.
    pub revisions: Vec<RevisionView>,
    pub permissions: super::challenges::Permissions,
    /// Where a live need stands in the agreed order: its place (from 1) and how many
    /// live needs there are.
    pub place: Option<(usize, usize)>,
    /// The actor's own authority, whose view the form shows.
    pub own_organisation: Option<OrganisationId>,
}

pub async fn detail(
    db: &impl ConnectionTrait,
    actor: &Actor,
    challenge: ChallengeId,
    id: Uuid,
) -> DomainResult<NeedDetail> {
    let loaded = load_for(db, actor, challenge, ChallengeAction::ViewWork).await?;
    let permissions = super::challenges::Permissions::for_actor(actor, &loaded.facts);
    let row = find_need(db, challenge, id).await?;
    let merged_into = row.merged_into;
    let views = need_view::Entity::find()
        .filter(need_view::Column::NeedId.eq(id))
        .all(db)
        .await?;
    let members = members(db, challenge.0).await?;
    let org_names: HashMap<Uuid, String> = organisation::Entity::find_by_id(row.proposed_by)
        .one(db)
        .await?
        .map(|o| (o.id, o.name))
        .into_iter()
        .collect();
    let comments = comments::threads(db, id).await?;
    let history: Vec<Revision<NeedSnapshot>> = revisions::list(db, id).await?;
    let place = if row.status == LIVE {
        Some(place_in_order(db, challenge, row.position).await?)
    } else {
        None
    };
    let current_version = row.version;
    let mut revisions_view: Vec<RevisionView> = history
        .iter()
        .enumerate()
        .map(|(i, r)| RevisionView {
            version: r.version,
            summary: r.summary.clone(),
            actor_name: r.actor_name.clone(),
            organisation_name: r.organisation_name.clone(),
            created_at: r.created_at,
            changes: compare(i.checked_sub(1).map(|p| &history[p].snapshot), &r.snapshot),
            is_current: r.version == current_version,
        })
        .collect();
    revisions_view.reverse();
    Ok(NeedDetail {
        challenge_title: loaded.row.title,
        need: to_row(row, &views, &members, &org_names, comments.len()),
        merged_into,
        comments,
        revisions: revisions_view,
        permissions,
        place,
        own_organisation: actor.user().map(|u| u.organisation_id),
    })
}

/// The live needs, for choosing two to merge: the challenge's title and each need's id
/// and statement, in the agreed order.
pub async fn merge_choices(
    db: &impl ConnectionTrait,
    actor: &Actor,
    challenge: ChallengeId,
) -> DomainResult<(String, Vec<(Uuid, String)>)> {
    use sea_orm::QuerySelect;
    let loaded = load_for(db, actor, challenge, ChallengeAction::EditWork).await?;
    let rows: Vec<(Uuid, String, String, String)> = need::Entity::find()
        .select_only()
        .columns([
            need::Column::Id,
            need::Column::AsA,
            need::Column::INeed,
            need::Column::SoThat,
        ])
        .filter(need::Column::ChallengeId.eq(challenge.0))
        .filter(need::Column::Status.eq(LIVE))
        .order_by_asc(need::Column::Position)
        .into_tuple()
        .all(db)
        .await?;
    Ok((
        loaded.row.title,
        rows.into_iter()
            .map(|(id, as_a, i_need, so_that)| (id, statement(&as_a, &i_need, &so_that)))
            .collect(),
    ))
}

pub async fn comment(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
    id: Uuid,
    parent: Option<&str>,
    body: &str,
) -> DomainResult<()> {
    load_for(db, actor, challenge, ChallengeAction::Comment).await?;
    let user = require_user(actor)?;
    let txn = super::db::write(db).await?;
    let row = find_need(&txn, challenge, id).await?;
    comments::add(&txn, user, challenge, ItemKind::Need, id, parent, body).await?;
    audit::record(
        &txn,
        user,
        Some(challenge),
        "comment_added",
        format!("Commented on “{}”", NeedSnapshot::of(&row).statement()),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The need as a form's values, for the edit page.
pub async fn form_values(
    db: &impl ConnectionTrait,
    actor: &Actor,
    challenge: ChallengeId,
    id: Uuid,
) -> DomainResult<(String, HashMap<String, String>)> {
    let loaded = load_for(db, actor, challenge, ChallengeAction::EditWork).await?;
    let row = find_need(db, challenge, id).await?;
    if let Some(err) = closed_message(&row) {
        return Err(err);
    }
    Ok((
        loaded.row.title,
        HashMap::from([
            ("as_a".to_string(), row.as_a),
            ("i_need".to_string(), row.i_need),
            ("so_that".to_string(), row.so_that),
            ("priority".to_string(), row.priority),
            ("evidence".to_string(), row.evidence),
            ("tags".to_string(), row.tags),
            ("version".to_string(), row.version.to_string()),
        ]),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_trimmed_lowercased_and_unique() {
        assert_eq!(
            normalise_tags(" Repairs, tenants ,, repairs,Online "),
            "repairs, tenants, online"
        );
        assert_eq!(normalise_tags(""), "");
    }

    #[test]
    fn validation_names_each_missing_part() {
        let errors = validate(&NeedForm::default()).unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["as_a", "i_need", "so_that", "priority"]);
        let long = NeedForm {
            as_a: "tenant".into(),
            i_need: "x".repeat(1_001),
            so_that: "y".into(),
            priority: "must".into(),
            evidence: "e".repeat(100_000),
            ..Default::default()
        };
        let errors = validate(&long).unwrap_err();
        assert!(errors
            .for_field("i_need")
            .unwrap()
            .contains("1000 characters or fewer"));
        assert!(errors
            .for_field("evidence")
            .unwrap()
            .contains("20000 characters or fewer"));
    }
}
