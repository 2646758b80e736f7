//! The supplier dashboard: open notices matching what the supplier follows, the
//! organisation's draft and submitted responses, and the answers to its questions.

use super::access::time_left;
use super::clarifications::{asked_by, OwnQuestion};
use super::follows::{division_name, followed};
use crate::domain::answers;
use crate::domain::engagement::{format_london, london_days_left, NoticeStatus, ResponseStatus};
use crate::domain::engagement_policy::authorize_supplier_area;
use crate::domain::policy::Actor;
use crate::ssr::entities::{notice, notice_cpv_code, response, response_submission};
use crate::ssr::error::{DomainError, DomainResult};
use crate::ssr::reference;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatchingNotice {
    pub reference: String,
    pub title: String,
    pub closes_at: Option<String>,
    pub time_left: Option<String>,
    /// What it matched: "CPV division 72 (IT services…)", "Housing".
    pub reasons: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnResponse {
    pub response_id: Uuid,
    pub reference: String,
    pub title: String,
    pub open: bool,
    pub closes_at: Option<String>,
    pub time_left: Option<String>,
    pub saved_at: String,
    pub submissions: i32,
    pub last_submitted_at: Option<String>,
    pub unsubmitted_changes: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dashboard {
    pub organisation_name: String,
    pub follows: usize,
    pub matching: Vec<MatchingNotice>,
    pub drafts: Vec<OwnResponse>,
    pub submitted: Vec<OwnResponse>,
    pub questions: Vec<OwnQuestion>,
}

fn is_open(row: &notice::Model, now: DateTime<Utc>) -> bool {
    NoticeStatus::parse(&row.status).map(|s| s.effective(row.closes_at, now))
        == Some(NoticeStatus::Published)
}

pub async fn load(
    db: &DatabaseConnection,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DomainResult<Dashboard> {
    authorize_supplier_area(actor)?;
    let user = actor.user().ok_or(DomainError::SignInRequired)?;
    let (divisions, areas) = followed(db, user.id.0).await?;
    let matching = matching_notices(db, &divisions, &areas, now).await?;
    let (drafts, submitted) = own_responses(db, user.organisation_id.0, now).await?;
    Ok(Dashboard {
        organisation_name: user.organisation_name.clone(),
        follows: divisions.len() + areas.len(),
        matching,
        drafts,
        submitted,
        questions: asked_by(db, user.organisation_id.0, None).await?,
    })
}

async fn matching_notices(
    db: &DatabaseConnection,
    divisions: &BTreeSet<String>,
    areas: &BTreeSet<String>,
    now: DateTime<Utc>,
) -> DomainResult<Vec<MatchingNotice>> {
    if divisions.is_empty() && areas.is_empty() {
        return Ok(Vec::new());
    }
    let mut reasons: BTreeMap<Uuid, Vec<String>> = BTreeMap::new();
    if !divisions.is_empty() {
        for code in notice_cpv_code::Entity::find()
            .filter(notice_cpv_code::Column::Division.is_in(divisions.iter().cloned()))
            .all(db)
            .await?
        {
            let reason = format!(
                "CPV division {} ({})",
                code.division,
                division_name(&code.division).unwrap_or("")
            );
            let list = reasons.entry(code.notice_id).or_default();
            if !list.contains(&reason) {
                list.push(reason);
            }
        }
    }
    let area_names: HashMap<String, String> = reference::service_areas(db)
        .await?
        .into_iter()
        .map(|a| (a.value, a.label))
        .collect();
    let mut condition = Condition::any();
    if !reasons.is_empty() {
        condition = condition.add(notice::Column::Id.is_in(reasons.keys().copied()));
    }
    if !areas.is_empty() {
        condition = condition.add(notice::Column::ServiceArea.is_in(areas.iter().cloned()));
    }
    let notices = notice::Entity::find()
        .filter(notice::Column::Status.eq(NoticeStatus::Published.as_str()))
        .filter(condition)
        .order_by_asc(notice::Column::ClosesAt)
        .all(db)
        .await?;
    Ok(notices
        .into_iter()
        .filter(|n| is_open(n, now))
        .map(|n| {
            let mut why = reasons.remove(&n.id).unwrap_or_default();
            if areas.contains(&n.service_area) {
                why.push(
                    area_names
                        .get(&n.service_area)
                        .cloned()
                        .unwrap_or_else(|| n.service_area.clone()),
                );
            }
            MatchingNotice {
                time_left: n.closes_at.map(|at| time_left(london_days_left(at, now))),
                closes_at: n.closes_at.map(format_london),
                reference: n.reference,
                title: n.title,
                reasons: why,
            }
        })
        .collect())
}

async fn own_responses(
    db: &DatabaseConnection,
    organisation: Uuid,
    now: DateTime<Utc>,
) -> DomainResult<(Vec<OwnResponse>, Vec<OwnResponse>)> {
    let rows = response::Entity::find()
        .filter(response::Column::OrganisationId.eq(organisation))
        .order_by_desc(response::Column::UpdatedAt)
        .all(db)
        .await?;
    let notices: HashMap<Uuid, notice::Model> = notice::Entity::find()
        .filter(notice::Column::Id.is_in(rows.iter().map(|r| r.notice_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|n| (n.id, n))
        .collect();
    let mut latest: HashMap<Uuid, response_submission::Model> = HashMap::new();
    for submission in response_submission::Entity::find()
        .filter(response_submission::Column::ResponseId.is_in(rows.iter().map(|r| r.id)))
        .all(db)
        .await?
    {
        let newer = latest
            .get(&submission.response_id)
            .is_none_or(|l| l.number < submission.number);
        if newer {
            latest.insert(submission.response_id, submission);
        }
    }
    let (mut drafts, mut submitted) = (Vec::new(), Vec::new());
    for row in rows {
        let Some(n) = notices.get(&row.notice_id) else {
            continue;
        };
        let open = is_open(n, now);
        let last = latest.get(&row.id);
        let entry = OwnResponse {
            response_id: row.id,
            reference: n.reference.clone(),
            title: n.title.clone(),
            open,
            closes_at: n.closes_at.map(format_london),
            time_left: n
                .closes_at
                .filter(|_| open)
                .map(|at| time_left(london_days_left(at, now))),
            saved_at: format_london(row.updated_at),
            submissions: row.submitted_count,
            last_submitted_at: last.map(|s| format_london(s.submitted_at)),
            unsubmitted_changes: last.is_some_and(|s| {
                answers::from_json(&s.answers) != answers::from_json(&row.answers)
            }),
        };
        if row.status == ResponseStatus::Submitted.as_str() {
            submitted.push(entry);
        } else {
            drafts.push(entry);
        }
    }
    Ok((drafts, submitted))
}
