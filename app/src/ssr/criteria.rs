//! Buying criteria of a challenge: drafting them together (with the version check, so no
//! save is lost), the needs each one covers, comments, revisions and restoring one, and
//! the traceability matrix. Every change to the set bumps the challenge's criteria-set
//! version and supersedes an open sign-off round, in the same transaction.

use super::audit;
use super::challenges::{load_for, require_user, Permissions};
use super::comments::{self, CommentView};
use super::entities::{challenge, criterion, criterion_need, need, signoff_round};
use super::error::{DomainError, DomainResult};
use super::markdown;
use super::revisions::{self, ItemKind};
use crate::domain::diff::{diff, Change};
use crate::domain::moscow::Priority;
use crate::domain::policy::{Actor, ChallengeAction, User};
use crate::domain::traceability;
use crate::domain::validation::optional_message;
use crate::domain::weights::{Weight, WeightTotal};
use crate::domain::{ChallengeId, FieldErrors};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

pub const NAME_MAX: usize = 150;
pub const DESCRIPTION_MAX: usize = 20_000;
pub const GUIDANCE_MAX: usize = 10_000;

pub const LIVE: &str = "live";
pub const ARCHIVED: &str = "archived";

pub const ARCHIVED_MESSAGE: &str =
    "This criterion has been archived, so it can no longer be changed";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CriterionKind {
    PassFail,
    Scored,
}

impl CriterionKind {
    pub const ALL: [CriterionKind; 2] = [CriterionKind::PassFail, CriterionKind::Scored];
    pub fn as_str(self) -> &'static str {
        match self {
            CriterionKind::PassFail => "pass_fail",
            CriterionKind::Scored => "scored",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            CriterionKind::PassFail => "Pass/fail",
            CriterionKind::Scored => "Scored",
        }
    }
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value.trim())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Category {
    Quality,
    Price,
    SocialValue,
}

impl Category {
    pub const ALL: [Category; 3] = [Category::Quality, Category::Price, Category::SocialValue];
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Quality => "quality",
            Category::Price => "price",
            Category::SocialValue => "social_value",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Category::Quality => "Quality",
            Category::Price => "Price",
            Category::SocialValue => "Social value",
        }
    }
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == value.trim())
    }
}

fn kind_label(raw: &str) -> &'static str {
    CriterionKind::parse(raw).map(|k| k.label()).unwrap_or("?")
}

fn category_label(raw: &str) -> &'static str {
    Category::parse(raw).map(|c| c.label()).unwrap_or("?")
}

fn weight_text(hundredths: Option<i32>) -> String {
    hundredths
        .and_then(|h| u32::try_from(h).ok())
        .and_then(Weight::from_hundredths)
        .map(|w| w.to_string())
        .unwrap_or_default()
}

/// What a person typed into the criterion form.
#[derive(Clone, Debug, Default)]
pub struct CriterionForm {
    pub name: String,
    pub description: String,
    pub kind: String,
    pub category: String,
    pub weight: String,
    pub guidance: String,
    /// Ids of the needs it covers, as sent.
    pub needs: Vec<String>,
    /// The version an edit was based on.
    pub version: String,
}

/// A criterion as kept in each revision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub name: String,
    pub description: String,
    pub kind: String,
    pub category: String,
    pub weight_hundredths: Option<i32>,
    pub guidance: String,
    pub needs: Vec<Uuid>,
    pub status: String,
}

struct Valid {
    name: String,
    description: String,
    kind: CriterionKind,
    category: Category,
    weight: Option<Weight>,
    guidance: String,
    needs: Vec<Uuid>,
}

impl Valid {
    fn snapshot(&self, status: &str) -> Snapshot {
        Snapshot {
            name: self.name.clone(),
            description: self.description.clone(),
            kind: self.kind.as_str().into(),
            category: self.category.as_str().into(),
            weight_hundredths: self.weight.map(|w| w.hundredths() as i32),
            guidance: self.guidance.clone(),
            needs: self.needs.clone(),
            status: status.into(),
        }
    }
}

/// A live need as a choice: "As a …, I need …".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedChoice {
    pub id: Uuid,
    pub label: String,
    pub priority: Option<Priority>,
}

pub fn need_label(row: &need::Model) -> String {
    format!("As a {}, I need {}", row.as_a.trim(), row.i_need.trim())
}

/// The live needs of a challenge, in their order.
pub async fn live_needs(
    db: &impl ConnectionTrait,
    challenge: Uuid,
) -> DomainResult<Vec<need::Model>> {
    Ok(need::Entity::find()
        .filter(need::Column::ChallengeId.eq(challenge))
        .filter(need::Column::Status.eq("live"))
        .order_by_asc(need::Column::Position)
        .order_by_asc(need::Column::CreatedAt)
        .all(db)
        .await?)
}

pub async fn need_choices(
    db: &impl ConnectionTrait,
    challenge: Uuid,
) -> DomainResult<Vec<NeedChoice>> {
    Ok(live_needs(db, challenge)
        .await?
        .iter()
        .map(|n| NeedChoice {
            id: n.id,
            label: need_label(n),
            priority: Priority::parse(&n.priority),
        })
        .collect())
}

/// The criteria of a challenge in their order, live first.
pub async fn criteria_of(
    db: &impl ConnectionTrait,
    challenge: Uuid,
) -> DomainResult<Vec<criterion::Model>> {
    Ok(criterion::Entity::find()
        .filter(criterion::Column::ChallengeId.eq(challenge))
        .order_by_asc(criterion::Column::Position)
        .order_by_asc(criterion::Column::CreatedAt)
        .all(db)
        .await?)
}

/// (criterion, need) pairs for the given criteria.
pub async fn coverage(
    db: &impl ConnectionTrait,
    criteria: &[Uuid],
) -> DomainResult<Vec<(Uuid, Uuid)>> {
    if criteria.is_empty() {
        return Ok(Vec::new());
    }
    Ok(criterion_need::Entity::find()
        .filter(criterion_need::Column::CriterionId.is_in(criteria.to_vec()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.criterion_id, c.need_id))
        .collect())
}

async fn validate(
    db: &impl ConnectionTrait,
    challenge: Uuid,
    form: &CriterionForm,
) -> DomainResult<Valid> {
    let mut errors = FieldErrors::new();
    let name = form.name.trim();
    if name.is_empty() {
        errors.add("name", "Enter a name for the criterion");
    } else if name.chars().count() > NAME_MAX {
        errors.add(
            "name",
            format!(
                "Name must be {NAME_MAX} characters or fewer (you entered {})",
                name.chars().count()
            ),
        );
    } else if name.chars().any(char::is_control) {
        errors.add("name", "Name must be on one line");
    }
    let description = errors.check(
        "description",
        optional_message(&form.description, DESCRIPTION_MAX, "Description"),
    );
    let guidance = errors.check(
        "guidance",
        optional_message(&form.guidance, GUIDANCE_MAX, "Scoring guidance"),
    );
    let kind = CriterionKind::parse(&form.kind);
    if kind.is_none() {
        errors.add(
            "kind",
            "Select whether the criterion is pass/fail or scored",
        );
    }
    let category = Category::parse(&form.category);
    if category.is_none() {
        errors.add(
            "category",
            "Select a category: quality, price or social value",
        );
    }
    let weight = match kind {
        Some(CriterionKind::Scored) => errors.check("weight", Weight::parse(&form.weight)),
        Some(CriterionKind::PassFail) => {
            if !form.weight.trim().is_empty() {
                errors.add(
                    "weight",
                    "A pass/fail criterion has no weight: leave the weight empty or make it scored",
                );
            }
            None
        }
        None => None,
    };
    let live: HashSet<Uuid> = live_needs(db, challenge)
        .await?
        .into_iter()
        .map(|n| n.id)
        .collect();
    let mut needs = Vec::new();
    for raw in form
        .needs
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
    {
        match raw.parse::<Uuid>() {
            Ok(id) if live.contains(&id) => {
                if !needs.contains(&id) {
                    needs.push(id);
                }
            }
            _ => {
                errors.add(
                    "needs",
                    "Select needs from the list: one you selected is not a live need of this challenge",
                );
                break;
            }
        }
    }
    errors.into_result()?;
    Ok(Valid {
        name: name.to_string(),
        description: description.expect("checked"),
        kind: kind.expect("checked"),
        category: category.expect("checked"),
        weight,
        guidance: guidance.expect("checked"),
        needs,
    })
}

/// Loads a criterion of this challenge; one of another challenge does not exist here.
pub async fn load_criterion(
    db: &impl ConnectionTrait,
    challenge: ChallengeId,
    id: Uuid,
) -> DomainResult<criterion::Model> {
    criterion::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|c| c.challenge_id == challenge.0)
        .ok_or(DomainError::NotFound)
}

async fn needs_of(db: &impl ConnectionTrait, criterion: Uuid) -> DomainResult<Vec<Uuid>> {
    Ok(coverage(db, &[criterion])
        .await?
        .into_iter()
        .map(|(_, n)| n)
        .collect())
}

fn snapshot_of(row: &criterion::Model, needs: Vec<Uuid>) -> Snapshot {
    Snapshot {
        name: row.name.clone(),
        description: row.description.clone(),
        kind: row.kind.clone(),
        category: row.category.clone(),
        weight_hundredths: row.weight_hundredths,
        guidance: row.guidance.clone(),
        needs,
        status: row.status.clone(),
    }
}

/// The criteria set changed: a new set version, and any open sign-off round no longer
/// stands (it was for the previous version).
pub async fn criteria_set_changed(
    db: &impl ConnectionTrait,
    challenge: ChallengeId,
) -> DomainResult<i32> {
    let now = Utc::now();
    challenge::Entity::update_many()
        .col_expr(
            challenge::Column::CriteriaSetVersion,
            Expr::col(challenge::Column::CriteriaSetVersion).add(1),
        )
        .col_expr(challenge::Column::UpdatedAt, Expr::value(now))
        .filter(challenge::Column::Id.eq(challenge.0))
        .exec(db)
        .await?;
    signoff_round::Entity::update_many()
        .col_expr(signoff_round::Column::Status, Expr::value("superseded"))
        .col_expr(signoff_round::Column::ClosedAt, Expr::value(Some(now)))
        .filter(signoff_round::Column::ChallengeId.eq(challenge.0))
        .filter(signoff_round::Column::Status.eq("open"))
        .exec(db)
        .await?;
    let row = challenge::Entity::find_by_id(challenge.0)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok(row.criteria_set_version)
}

async fn replace_needs(
    db: &impl ConnectionTrait,
    criterion: Uuid,
    needs: &[Uuid],
) -> DomainResult<()> {
    criterion_need::Entity::delete_many()
        .filter(criterion_need::Column::CriterionId.eq(criterion))
        .exec(db)
        .await?;
    for need_id in needs {
        criterion_need::ActiveModel {
            criterion_id: Set(criterion),
            need_id: Set(*need_id),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    id: ChallengeId,
    form: &CriterionForm,
) -> DomainResult<Uuid> {
    load_for(db, actor, id, ChallengeAction::EditWork).await?;
    let user = require_user(actor)?;
    let valid = validate(db, id.0, form).await?;
    let criterion_id = Uuid::new_v4();
    let now = Utc::now();
    let txn = super::db::write(db).await?;
    let position = criteria_of(&txn, id.0)
        .await?
        .iter()
        .map(|c| c.position)
        .max()
        .unwrap_or(0)
        + 1;
    criterion::ActiveModel {
        id: Set(criterion_id),
        challenge_id: Set(id.0),
        name: Set(valid.name.clone()),
        description: Set(valid.description.clone()),
        kind: Set(valid.kind.as_str().into()),
        category: Set(valid.category.as_str().into()),
        weight_hundredths: Set(valid.weight.map(|w| w.hundredths() as i32)),
        guidance: Set(valid.guidance.clone()),
        position: Set(position),
        status: Set(LIVE.into()),
        version: Set(1),
        created_by: Set(user.id.0),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    replace_needs(&txn, criterion_id, &valid.needs).await?;
    let summary = format!("Added the criterion “{}”", valid.name);
    revisions::record(
        &txn,
        user,
        id,
        ItemKind::Criterion,
        criterion_id,
        1,
        &valid.snapshot(LIVE),
        &summary,
    )
    .await?;
    let set = criteria_set_changed(&txn, id).await?;
    audit::record(
        &txn,
        user,
        Some(id),
        "criterion_created",
        format!(
            "{summary} ({}; criteria set version {set})",
            describe(&valid)
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(criterion_id)
}

fn describe(valid: &Valid) -> String {
    let mut parts = vec![
        valid.kind.label().to_string(),
        valid.category.label().to_lowercase(),
    ];
    if let Some(w) = valid.weight {
        parts.push(format!("weight {w}"));
    }
    parts.join(", ")
}

/// What changed between two snapshots, for the audit trail and revision summaries.
fn changes(before: &Snapshot, after: &Snapshot) -> Vec<String> {
    let mut out = Vec::new();
    if before.name != after.name {
        out.push(format!("name from “{}” to “{}”", before.name, after.name));
    }
    if before.description != after.description {
        out.push("the description".into());
    }
    if before.kind != after.kind {
        out.push(format!(
            "type from {} to {}",
            kind_label(&before.kind),
            kind_label(&after.kind)
        ));
    }
    if before.category != after.category {
        out.push(format!(
            "category from {} to {}",
            category_label(&before.category),
            category_label(&after.category)
        ));
    }
    if before.weight_hundredths != after.weight_hundredths {
        let show = |w: Option<i32>| {
            let t = weight_text(w);
            if t.is_empty() {
                "none".to_string()
            } else {
                t
            }
        };
        out.push(format!(
            "weight from {} to {}",
            show(before.weight_hundredths),
            show(after.weight_hundredths)
        ));
    }
    if before.guidance != after.guidance {
        out.push("the scoring guidance".into());
    }
    let a: HashSet<&Uuid> = before.needs.iter().collect();
    let b: HashSet<&Uuid> = after.needs.iter().collect();
    if a != b {
        out.push("the needs it covers".into());
    }
    if before.status != after.status {
        out.push(format!("status from {} to {}", before.status, after.status));
    }
    out
}

/// What the conflict page shows: the criterion as saved now, and who saved it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedCriterion {
    pub name: String,
    pub description: String,
    pub kind: String,
    pub category: String,
    pub weight: String,
    pub guidance: String,
    pub needs: Vec<String>,
    pub status: String,
    pub version: i32,
    pub saved_by: String,
    pub saved_at: DateTime<Utc>,
}

pub enum EditOutcome {
    Saved,
    /// Someone saved first; nothing was overwritten.
    Conflict(Box<SavedCriterion>),
}

async fn saved_version(
    db: &impl ConnectionTrait,
    challenge: ChallengeId,
    id: Uuid,
) -> DomainResult<SavedCriterion> {
    let row = load_criterion(db, challenge, id).await?;
    let needs = needs_of(db, id).await?;
    let labels: HashMap<Uuid, String> = need::Entity::find()
        .filter(need::Column::Id.is_in(needs.clone()))
        .all(db)
        .await?
        .iter()
        .map(|n| (n.id, need_label(n)))
        .collect();
    let last = revisions::list::<Snapshot>(db, id)
        .await?
        .into_iter()
        .last();
    Ok(SavedCriterion {
        needs: needs
            .iter()
            .filter_map(|n| labels.get(n).cloned())
            .collect(),
        weight: weight_text(row.weight_hundredths),
        kind: kind_label(&row.kind).into(),
        category: category_label(&row.category).into(),
        name: row.name,
        description: row.description,
        guidance: row.guidance,
        status: row.status,
        version: row.version,
        saved_by: last
            .as_ref()
            .map(|r| format!("{} ({})", r.actor_name, r.organisation_name))
            .unwrap_or_else(|| "another member".into()),
        saved_at: last.map(|r| r.created_at).unwrap_or(row.updated_at),
    })
}

/// Writes `valid` over the criterion only if it is still at version `based_on` and live.
/// Returns false (writing nothing) when someone saved first.
#[allow(clippy::too_many_arguments)]
async fn write_version(
    db: &DatabaseConnection,
    user: &User,
    challenge: ChallengeId,
    before: &criterion::Model,
    based_on: i32,
    valid: &Valid,
    summary_prefix: &str,
    action: &str,
) -> DomainResult<bool> {
    let before_snapshot = snapshot_of(before, needs_of(db, before.id).await?);
    let after = valid.snapshot(LIVE);
    let txn = super::db::write(db).await?;
    let result = criterion::Entity::update_many()
        .col_expr(criterion::Column::Name, Expr::value(valid.name.as_str()))
        .col_expr(
            criterion::Column::Description,
            Expr::value(valid.description.as_str()),
        )
        .col_expr(criterion::Column::Kind, Expr::value(valid.kind.as_str()))
        .col_expr(
            criterion::Column::Category,
            Expr::value(valid.category.as_str()),
        )
        .col_expr(
            criterion::Column::WeightHundredths,
            Expr::value(valid.weight.map(|w| w.hundredths() as i32)),
        )
        .col_expr(
            criterion::Column::Guidance,
            Expr::value(valid.guidance.as_str()),
        )
        .col_expr(criterion::Column::Version, Expr::value(based_on + 1))
        .col_expr(criterion::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(criterion::Column::Id.eq(before.id))
        .filter(criterion::Column::Version.eq(based_on))
        .filter(criterion::Column::Status.eq(LIVE))
        .exec(&txn)
        .await?;
    if result.rows_affected == 0 {
        drop(txn);
        return Ok(false);
    }
    replace_needs(&txn, before.id, &valid.needs).await?;
    let changed = changes(&before_snapshot, &after);
    let summary = if changed.is_empty() {
        format!("{summary_prefix} without changes")
    } else {
        format!("{summary_prefix}: changed {}", changed.join("; "))
    };
    revisions::record(
        &txn,
        user,
        challenge,
        ItemKind::Criterion,
        before.id,
        based_on + 1,
        &after,
        &summary,
    )
    .await?;
    let set = criteria_set_changed(&txn, challenge).await?;
    audit::record(
        &txn,
        user,
        Some(challenge),
        action,
        format!("{} “{}” (criteria set version {set})", summary, valid.name),
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}

/// Saves an edit only if nobody saved since the version it was based on.
pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    id: ChallengeId,
    criterion_id: Uuid,
    form: &CriterionForm,
) -> DomainResult<EditOutcome> {
    load_for(db, actor, id, ChallengeAction::EditWork).await?;
    let user = require_user(actor)?;
    let current = load_criterion(db, id, criterion_id).await?;
    if current.status != LIVE {
        return Err(DomainError::field("name", ARCHIVED_MESSAGE));
    }
    let based_on: i32 = form.version.trim().parse().map_err(|_| {
        DomainError::field(
            "name",
            "The form was missing its version: reload the page and try again",
        )
    })?;
    let valid = validate(db, id.0, form).await?;
    if write_version(
        db,
        user,
        id,
        &current,
        based_on,
        &valid,
        "Edited the criterion",
        "criterion_edited",
    )
    .await?
    {
        Ok(EditOutcome::Saved)
    } else {
        Ok(EditOutcome::Conflict(Box::new(
            saved_version(db, id, criterion_id).await?,
        )))
    }
}

/// Makes an earlier revision the current text again, as a new revision. Needs that are no
/// longer live are left out.
pub async fn restore(
    db: &DatabaseConnection,
    actor: &Actor,
    id: ChallengeId,
    criterion_id: Uuid,
    version: &str,
) -> DomainResult<i32> {
    load_for(db, actor, id, ChallengeAction::EditWork).await?;
    let user = require_user(actor)?;
    let current = load_criterion(db, id, criterion_id).await?;
    if current.status != LIVE {
        return Err(DomainError::field("restore", ARCHIVED_MESSAGE));
    }
    let wanted: i32 = version
        .trim()
        .parse()
        .map_err(|_| DomainError::field("restore", "Select a version to restore"))?;
    let revision = revisions::list::<Snapshot>(db, criterion_id)
        .await?
        .into_iter()
        .find(|r| r.version == wanted)
        .ok_or_else(|| DomainError::field("restore", "That version does not exist"))?;
    let snap = revision.snapshot;
    let live: HashSet<Uuid> = live_needs(db, id.0)
        .await?
        .into_iter()
        .map(|n| n.id)
        .collect();
    let valid = Valid {
        name: snap.name,
        description: snap.description,
        kind: CriterionKind::parse(&snap.kind).unwrap_or(CriterionKind::Scored),
        category: Category::parse(&snap.category).unwrap_or(Category::Quality),
        weight: snap
            .weight_hundredths
            .and_then(|h| u32::try_from(h).ok())
            .and_then(Weight::from_hundredths),
        guidance: snap.guidance,
        needs: snap
            .needs
            .into_iter()
            .filter(|n| live.contains(n))
            .collect(),
    };
    if write_version(
        db,
        user,
        id,
        &current,
        current.version,
        &valid,
        &format!("Restored version {wanted}"),
        "criterion_restored",
    )
    .await?
    {
        Ok(current.version + 1)
    } else {
        Err(DomainError::Conflict(
            "Someone saved this criterion at the same time. Look at its history again and restore if you still need to.".into(),
        ))
    }
}

/// Archives (never deletes) a criterion: it leaves the set, its history stays.
pub async fn archive(
    db: &DatabaseConnection,
    actor: &Actor,
    id: ChallengeId,
    criterion_id: Uuid,
) -> DomainResult<String> {
    load_for(db, actor, id, ChallengeAction::EditWork).await?;
    let user = require_user(actor)?;
    let current = load_criterion(db, id, criterion_id).await?;
    let needs = needs_of(db, criterion_id).await?;
    let txn = super::db::write(db).await?;
    let result = criterion::Entity::update_many()
        .col_expr(criterion::Column::Status, Expr::value(ARCHIVED))
        .col_expr(criterion::Column::Version, Expr::value(current.version + 1))
        .col_expr(criterion::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(criterion::Column::Id.eq(criterion_id))
        .filter(criterion::Column::Version.eq(current.version))
        .filter(criterion::Column::Status.eq(LIVE))
        .exec(&txn)
        .await?;
    if result.rows_affected == 0 {
        return Err(DomainError::Conflict(if current.status == ARCHIVED {
            "This criterion is already archived.".into()
        } else {
            "Someone changed this criterion at the same time. Look at it again and archive it if you still need to.".into()
        }));
    }
    let mut snap = snapshot_of(&current, needs);
    snap.status = ARCHIVED.into();
    let summary = format!("Archived the criterion “{}”", current.name);
    revisions::record(
        &txn,
        user,
        id,
        ItemKind::Criterion,
        criterion_id,
        current.version + 1,
        &snap,
        &summary,
    )
    .await?;
    let set = criteria_set_changed(&txn, id).await?;
    audit::record(
        &txn,
        user,
        Some(id),
        "criterion_archived",
        format!("{summary} (criteria set version {set})"),
    )
    .await?;
    txn.commit().await?;
    Ok(current.name)
}

/// Moves a live criterion one place up or down among the live criteria. The order is
/// presentation, not content, so the criteria set version stays.
pub async fn move_criterion(
    db: &DatabaseConnection,
    actor: &Actor,
    id: ChallengeId,
    criterion_id: Uuid,
    direction: &str,
) -> DomainResult<()> {
    load_for(db, actor, id, ChallengeAction::EditWork).await?;
    let user = require_user(actor)?;
    let up = match direction.trim() {
        "up" => true,
        "down" => false,
        _ => return Err(DomainError::field("direction", "Choose to move up or down")),
    };
    let txn = super::db::write(db).await?;
    let current = load_criterion(&txn, id, criterion_id).await?;
    if current.status != LIVE {
        return Err(DomainError::field("direction", ARCHIVED_MESSAGE));
    }
    let live: Vec<criterion::Model> = criteria_of(&txn, id.0)
        .await?
        .into_iter()
        .filter(|c| c.status == LIVE)
        .collect();
    let Some(index) = live.iter().position(|c| c.id == criterion_id) else {
        return Err(DomainError::NotFound);
    };
    let neighbour = if up {
        index.checked_sub(1)
    } else {
        Some(index + 1).filter(|i| *i < live.len())
    };
    let Some(other) = neighbour.map(|i| &live[i]) else {
        return Ok(());
    };
    // Positions may have gaps or ties; renumber the live criteria with the two swapped.
    let mut order: Vec<Uuid> = live.iter().map(|c| c.id).collect();
    order.swap(index, neighbour.expect("checked"));
    for (i, cid) in order.iter().enumerate() {
        criterion::Entity::update_many()
            .col_expr(criterion::Column::Position, Expr::value(i as i32 + 1))
            .filter(criterion::Column::Id.eq(*cid))
            .exec(&txn)
            .await?;
    }
    audit::record(
        &txn,
        user,
        Some(id),
        "criterion_moved",
        format!(
            "Moved the criterion “{}” {} “{}”",
            current.name,
            if up { "above" } else { "below" },
            other.name
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn comment(
    db: &DatabaseConnection,
    actor: &Actor,
    id: ChallengeId,
    criterion_id: Uuid,
    parent: Option<&str>,
    body: &str,
) -> DomainResult<()> {
    load_for(db, actor, id, ChallengeAction::Comment).await?;
    let user = require_user(actor)?;
    let current = load_criterion(db, id, criterion_id).await?;
    let txn = super::db::write(db).await?;
    comments::add(
        &txn,
        user,
        id,
        ItemKind::Criterion,
        criterion_id,
        parent,
        body,
    )
    .await?;
    audit::record(
        &txn,
        user,
        Some(id),
        "criterion_commented",
        format!(
            "{} on the criterion “{}”",
            if parent.is_some_and(|p| !p.trim().is_empty()) {
                "Replied to a comment"
            } else {
                "Commented"
            },
            current.name
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ------------------------------------------------------------------ views

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionRow {
    pub id: Uuid,
    pub name: String,
    pub kind: String,
    pub category: String,
    /// "25%", or empty for pass/fail.
    pub weight: String,
    pub needs: Vec<String>,
    pub comment_count: usize,
    pub version: i32,
    pub archived: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriteriaOverview {
    pub challenge_id: ChallengeId,
    pub title: String,
    pub criteria: Vec<CriterionRow>,
    pub archived: Vec<CriterionRow>,
    /// The running total of the scored weights, as shown.
    pub total: String,
    pub total_complete: bool,
    /// What is wrong with the total, when it is not exactly 100%.
    pub total_problem: Option<String>,
    pub needs: Vec<NeedChoice>,
    pub permissions: Permissions,
    pub signoff: super::signoff::SignoffView,
}

pub fn total_of(criteria: &[criterion::Model]) -> WeightTotal {
    WeightTotal::of(
        criteria
            .iter()
            .filter(|c| c.status == LIVE && c.kind == CriterionKind::Scored.as_str())
            .filter_map(|c| c.weight_hundredths)
            .filter_map(|h| u32::try_from(h).ok())
            .filter_map(Weight::from_hundredths),
    )
}

fn show_total(total: WeightTotal) -> String {
    let h = total.total_hundredths;
    let whole = h / 100;
    let fraction = h % 100;
    if fraction == 0 {
        format!("{whole}%")
    } else if fraction.is_multiple_of(10) {
        format!("{whole}.{}%", fraction / 10)
    } else {
        format!("{whole}.{fraction:02}%")
    }
}

pub async fn overview(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: ChallengeId,
) -> DomainResult<CriteriaOverview> {
    let loaded = load_for(db, actor, id, ChallengeAction::ViewWork).await?;
    let permissions = Permissions::for_actor(actor, &loaded.facts);
    let all = criteria_of(db, id.0).await?;
    let ids: Vec<Uuid> = all.iter().map(|c| c.id).collect();
    let pairs = coverage(db, &ids).await?;
    let needs = need_choices(db, id.0).await?;
    let labels: HashMap<Uuid, &str> = needs.iter().map(|n| (n.id, n.label.as_str())).collect();
    let counts = comments::counts(db, id, None).await?;
    let total = total_of(&all);
    let row = |c: &criterion::Model| CriterionRow {
        id: c.id,
        name: c.name.clone(),
        kind: kind_label(&c.kind).into(),
        category: category_label(&c.category).into(),
        weight: weight_text(c.weight_hundredths),
        needs: pairs
            .iter()
            .filter(|(cid, _)| *cid == c.id)
            .filter_map(|(_, n)| labels.get(n).map(|l| l.to_string()))
            .collect(),
        comment_count: counts.get(&c.id).copied().unwrap_or(0),
        version: c.version,
        archived: c.status != LIVE,
    };
    let signoff = super::signoff::view(db, actor, &loaded.row).await?;
    Ok(CriteriaOverview {
        challenge_id: id,
        title: loaded.row.title.clone(),
        criteria: all.iter().filter(|c| c.status == LIVE).map(row).collect(),
        archived: all.iter().filter(|c| c.status != LIVE).map(row).collect(),
        total: show_total(total),
        total_complete: total.is_complete(),
        total_problem: total.problem(),
        needs,
        permissions,
        signoff,
    })
}

/// A changed field in a revision: the text before and after, and the words that changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
    pub diff: Vec<Change>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionView {
    pub version: i32,
    pub summary: String,
    pub actor_name: String,
    pub organisation_name: String,
    pub created_at: DateTime<Utc>,
    pub changes: Vec<FieldChange>,
    /// Whether this is the text saved now (nothing to restore).
    pub is_current: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionDetail {
    pub challenge_id: ChallengeId,
    pub challenge_title: String,
    pub id: Uuid,
    pub name: String,
    pub description_html: String,
    pub guidance_html: String,
    pub kind: String,
    pub category: String,
    pub weight: String,
    pub archived: bool,
    pub version: i32,
    pub needs: Vec<String>,
    pub comments: Vec<CommentView>,
    /// Newest first.
    pub revisions: Vec<RevisionView>,
    pub permissions: Permissions,
}

fn field_changes(
    before: Option<&Snapshot>,
    after: &Snapshot,
    labels: &HashMap<Uuid, String>,
) -> Vec<FieldChange> {
    let empty = Snapshot {
        name: String::new(),
        description: String::new(),
        kind: String::new(),
        category: String::new(),
        weight_hundredths: None,
        guidance: String::new(),
        needs: Vec::new(),
        status: String::new(),
    };
    let before = before.unwrap_or(&empty);
    let needs_text = |s: &Snapshot| {
        s.needs
            .iter()
            .map(|n| {
                labels
                    .get(n)
                    .cloned()
                    .unwrap_or_else(|| "(a need that is no longer live)".into())
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let label_or_empty = |raw: &str, f: fn(&str) -> &'static str| {
        if raw.is_empty() {
            String::new()
        } else {
            f(raw).to_string()
        }
    };
    let pairs = [
        ("Name", before.name.clone(), after.name.clone()),
        (
            "Description",
            before.description.clone(),
            after.description.clone(),
        ),
        (
            "Type",
            label_or_empty(&before.kind, kind_label),
            label_or_empty(&after.kind, kind_label),
        ),
        (
            "Category",
            label_or_empty(&before.category, category_label),
            label_or_empty(&after.category, category_label),
        ),
        (
            "Weight",
            weight_text(before.weight_hundredths),
            weight_text(after.weight_hundredths),
        ),
        (
            "Scoring guidance",
            before.guidance.clone(),
            after.guidance.clone(),
        ),
        ("Needs covered", needs_text(before), needs_text(after)),
        ("Status", before.status.clone(), after.status.clone()),
    ];
    pairs
        .into_iter()
        .filter(|(_, b, a)| b != a)
        .map(|(field, b, a)| FieldChange {
            field: field.to_string(),
            diff: diff(&b, &a),
            before: b,
            after: a,
        })
        .collect()
}

pub async fn detail(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: ChallengeId,
    criterion_id: Uuid,
) -> DomainResult<CriterionDetail> {
    let loaded = load_for(db, actor, id, ChallengeAction::ViewWork).await?;
    let permissions = Permissions::for_actor(actor, &loaded.facts);
    let row = load_criterion(db, id, criterion_id).await?;
    let needs = needs_of(db, criterion_id).await?;
    let all_needs = need::Entity::find()
        .filter(need::Column::ChallengeId.eq(id.0))
        .all(db)
        .await?;
    let labels: HashMap<Uuid, String> = all_needs.iter().map(|n| (n.id, need_label(n))).collect();
    let live: HashSet<Uuid> = all_needs
        .iter()
        .filter(|n| n.status == "live")
        .map(|n| n.id)
        .collect();
    let history = revisions::list::<Snapshot>(db, criterion_id).await?;
    let mut views = Vec::with_capacity(history.len());
    for (i, rev) in history.iter().enumerate() {
        let before = i.checked_sub(1).map(|p| &history[p].snapshot);
        views.push(RevisionView {
            version: rev.version,
            summary: rev.summary.clone(),
            actor_name: rev.actor_name.clone(),
            organisation_name: rev.organisation_name.clone(),
            created_at: rev.created_at,
            changes: field_changes(before, &rev.snapshot, &labels),
            is_current: rev.version == row.version,
        });
    }
    views.reverse();
    Ok(CriterionDetail {
        challenge_id: id,
        challenge_title: loaded.row.title,
        id: row.id,
        description_html: markdown::render(&row.description),
        guidance_html: markdown::render(&row.guidance),
        kind: kind_label(&row.kind).into(),
        category: category_label(&row.category).into(),
        weight: weight_text(row.weight_hundredths),
        archived: row.status != LIVE,
        version: row.version,
        needs: needs
            .iter()
            .filter(|n| live.contains(n))
            .filter_map(|n| labels.get(n).cloned())
            .collect(),
        comments: comments::threads(db, criterion_id).await?,
        revisions: views,
        permissions,
        name: row.name,
    })
}

/// The edit form's starting values and what the page needs around it.
pub struct EditContext {
    pub challenge_title: String,
    pub name: String,
    pub values: HashMap<String, String>,
    pub needs: Vec<NeedChoice>,
}

pub fn form_values(row: &criterion::Model, needs: &[Uuid]) -> HashMap<String, String> {
    HashMap::from([
        ("name".to_string(), row.name.clone()),
        ("description".to_string(), row.description.clone()),
        ("kind".to_string(), row.kind.clone()),
        ("category".to_string(), row.category.clone()),
        (
            "weight".to_string(),
            weight_text(row.weight_hundredths)
                .trim_end_matches('%')
                .to_string(),
        ),
        ("guidance".to_string(), row.guidance.clone()),
        (
            "needs".to_string(),
            needs
                .iter()
                .map(Uuid::to_string)
                .collect::<Vec<_>>()
                .join(","),
        ),
        ("version".to_string(), row.version.to_string()),
    ])
}

/// For the edit page: checks the actor may edit and the criterion is live.
pub async fn edit_context(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: ChallengeId,
    criterion_id: Uuid,
) -> DomainResult<EditContext> {
    let loaded = load_for(db, actor, id, ChallengeAction::EditWork).await?;
    let row = load_criterion(db, id, criterion_id).await?;
    if row.status != LIVE {
        return Err(DomainError::Conflict(format!(
            "“{}” has been archived, so it can no longer be changed. Its history is kept.",
            row.name
        )));
    }
    let needs = needs_of(db, criterion_id).await?;
    Ok(EditContext {
        challenge_title: loaded.row.title,
        values: form_values(&row, &needs),
        name: row.name,
        needs: need_choices(db, id.0).await?,
    })
}

/// For re-rendering forms: the challenge title and the live needs (after the policy).
pub async fn form_context(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: ChallengeId,
) -> DomainResult<(String, Vec<NeedChoice>)> {
    let loaded = load_for(db, actor, id, ChallengeAction::ViewWork).await?;
    Ok((loaded.row.title, need_choices(db, id.0).await?))
}

// ------------------------------------------------------------------ matrix

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixNeed {
    pub id: Uuid,
    pub label: String,
    pub priority: String,
    pub uncovered_must: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixCriterion {
    pub id: Uuid,
    pub name: String,
    pub covers_nothing: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matrix {
    pub challenge_id: ChallengeId,
    pub title: String,
    pub needs: Vec<MatrixNeed>,
    pub criteria: Vec<MatrixCriterion>,
    /// (criterion, need) pairs that count.
    pub covered: HashSet<(Uuid, Uuid)>,
}

pub async fn matrix(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: ChallengeId,
) -> DomainResult<Matrix> {
    let loaded = load_for(db, actor, id, ChallengeAction::ViewWork).await?;
    let needs = live_needs(db, id.0).await?;
    let criteria: Vec<criterion::Model> = criteria_of(db, id.0)
        .await?
        .into_iter()
        .filter(|c| c.status == LIVE)
        .collect();
    let ids: Vec<Uuid> = criteria.iter().map(|c| c.id).collect();
    let pairs = coverage(db, &ids).await?;
    let prioritised: Vec<(Uuid, Priority)> = needs
        .iter()
        .map(|n| {
            (
                n.id,
                Priority::parse(&n.priority).unwrap_or(Priority::Should),
            )
        })
        .collect();
    let gaps = traceability::gaps(&prioritised, &ids, &pairs);
    let live: HashSet<Uuid> = needs.iter().map(|n| n.id).collect();
    Ok(Matrix {
        challenge_id: id,
        title: loaded.row.title,
        needs: needs
            .iter()
            .map(|n| MatrixNeed {
                id: n.id,
                label: need_label(n),
                priority: Priority::parse(&n.priority)
                    .map(|p| p.label())
                    .unwrap_or("")
                    .into(),
                uncovered_must: gaps.uncovered_musts.contains(&n.id),
            })
            .collect(),
        criteria: criteria
            .iter()
            .map(|c| MatrixCriterion {
                id: c.id,
                name: c.name.clone(),
                covers_nothing: gaps.criteria_without_needs.contains(&c.id),
            })
            .collect(),
        covered: pairs
            .into_iter()
            .filter(|(_, n)| live.contains(n))
            .collect(),
    })
}
