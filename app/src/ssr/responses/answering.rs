//! A supplier's response to a notice's questionnaire. One `responses` row per supplier
//! organisation and notice holds the working copy of the answers (what the form shows)
//! with a `version`; every submission is copied into `response_submissions` with the next
//! number and never changed again. The latest submission is the one that counts; a
//! response is `submitted` from its first submission on, and may be changed and
//! resubmitted until the notice closes.
//!
//! Lost updates are prevented twice over: a save or submission states the version its
//! form was based on and writes only if the row is still at it, and the unique index on
//! `(response_id, number)` keeps two simultaneous submissions from both being recorded.

use super::access::{self, require_user, LoadedNotice, NoticeHeading};
use super::interest;
use crate::domain::answers::{self, Answers, Purpose, Question};
use crate::domain::engagement::{format_london, NoticeStatus, ResponseStatus};
use crate::domain::engagement_policy::{
    authorize_own_response, authorize_supplier_area, NoticeAction,
};
use crate::domain::policy::{Actor, User};
use crate::domain::FieldErrors;
use crate::ssr::audit;
use crate::ssr::entities::{notice, response, response_submission};
use crate::ssr::error::{DomainError, DomainResult};
use crate::ssr::outbox;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, Set, SqlErr,
};
use uuid::Uuid;

/// The form field a problem with the response as a whole is reported against.
pub const RESPONSE_FIELD: &str = "response";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubmissionSummary {
    pub number: i32,
    pub submitted_by: String,
    /// On London's clocks.
    pub submitted_at: String,
}

/// Everything the response page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseView {
    pub heading: NoticeHeading,
    pub questions: Vec<Question>,
    pub response_id: Option<Uuid>,
    /// The working copy as saved.
    pub answers: Answers,
    /// The version the form is based on; 0 before anything is saved.
    pub version: i32,
    pub status: Option<ResponseStatus>,
    /// When the working copy was last saved, on London's clocks.
    pub saved_at: Option<String>,
    /// Newest first.
    pub submissions: Vec<SubmissionSummary>,
    /// The working copy differs from the latest submission.
    pub unsubmitted_changes: bool,
    /// Required questions still unanswered in the working copy, by number.
    pub missing_required: Vec<usize>,
    /// Whether the notice takes responses now.
    pub open: bool,
}

/// One submission as it was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubmissionView {
    pub heading: NoticeHeading,
    pub questions: Vec<Question>,
    pub response_id: Uuid,
    pub number: i32,
    pub latest: bool,
    pub submitted_by: String,
    pub submitted_at: String,
    pub answers: Answers,
}

/// What the response form sent: the answers as typed and the version it was based on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResponseForm {
    pub answers: Answers,
    pub version: String,
}

pub enum Saved {
    Draft,
    Submitted { number: i32 },
}

async fn own_response(
    db: &impl ConnectionTrait,
    notice: Uuid,
    organisation: Uuid,
) -> DomainResult<Option<response::Model>> {
    Ok(response::Entity::find()
        .filter(response::Column::NoticeId.eq(notice))
        .filter(response::Column::OrganisationId.eq(organisation))
        .one(db)
        .await?)
}

async fn submissions_of(
    db: &impl ConnectionTrait,
    response: Uuid,
) -> DomainResult<Vec<response_submission::Model>> {
    Ok(response_submission::Entity::find()
        .filter(response_submission::Column::ResponseId.eq(response))
        .order_by_desc(response_submission::Column::Number)
        .all(db)
        .await?)
}

async fn build_view(
    db: &impl ConnectionTrait,
    loaded: &LoadedNotice,
    row: Option<response::Model>,
    now: DateTime<Utc>,
) -> DomainResult<ResponseView> {
    let questions = access::questions(db, loaded.row.id).await?;
    let submissions = match &row {
        Some(row) => submissions_of(db, row.id).await?,
        None => Vec::new(),
    };
    let answers = row
        .as_ref()
        .map(|r| answers::from_json(&r.answers))
        .unwrap_or_default();
    let unsubmitted_changes = submissions
        .first()
        .is_some_and(|latest| answers::from_json(&latest.answers) != answers);
    Ok(ResponseView {
        heading: NoticeHeading::of(&loaded.row, loaded.status, now),
        missing_required: answers::unanswered_required(&questions, &answers),
        questions,
        response_id: row.as_ref().map(|r| r.id),
        version: row.as_ref().map(|r| r.version).unwrap_or(0),
        status: row.as_ref().and_then(|r| ResponseStatus::parse(&r.status)),
        saved_at: row.as_ref().map(|r| format_london(r.updated_at)),
        submissions: submissions
            .iter()
            .map(|s| SubmissionSummary {
                number: s.number,
                submitted_by: s.submitted_by_name.clone(),
                submitted_at: format_london(s.submitted_at),
            })
            .collect(),
        unsubmitted_changes,
        answers,
        open: loaded.status == NoticeStatus::Published,
    })
}

/// The signed-in supplier's own response to a notice (empty before the first save).
pub async fn view(
    db: &DatabaseConnection,
    actor: &Actor,
    reference: &str,
    now: DateTime<Utc>,
) -> DomainResult<ResponseView> {
    let loaded = access::by_reference(db, actor, reference, NoticeAction::View, now).await?;
    authorize_supplier_area(actor)?;
    let user = require_user(actor)?;
    let row = own_response(db, loaded.row.id, user.organisation_id.0).await?;
    build_view(db, &loaded, row, now).await
}

async fn response_for(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> DomainResult<response::Model> {
    let Some(row) = response::Entity::find_by_id(id).one(db).await? else {
        return Err(match actor {
            Actor::Anonymous => DomainError::SignInRequired,
            Actor::User(_) => DomainError::NotFound,
        });
    };
    authorize_own_response(actor, crate::domain::OrganisationId(row.organisation_id))?;
    Ok(row)
}

/// A response by its id: only its own organisation may read it; to anyone else it does
/// not exist.
pub async fn view_by_id(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    now: DateTime<Utc>,
) -> DomainResult<ResponseView> {
    let row = response_for(db, actor, id).await?;
    let loaded = access::by_id(db, actor, row.notice_id, NoticeAction::View, now).await?;
    build_view(db, &loaded, Some(row), now).await
}

pub async fn submission(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    number: i32,
    now: DateTime<Utc>,
) -> DomainResult<SubmissionView> {
    let row = response_for(db, actor, id).await?;
    let loaded = access::by_id(db, actor, row.notice_id, NoticeAction::View, now).await?;
    let submission = response_submission::Entity::find()
        .filter(response_submission::Column::ResponseId.eq(row.id))
        .filter(response_submission::Column::Number.eq(number))
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok(SubmissionView {
        heading: NoticeHeading::of(&loaded.row, loaded.status, now),
        questions: access::questions(db, loaded.row.id).await?,
        response_id: row.id,
        number,
        latest: number == row.submitted_count,
        submitted_by: submission.submitted_by_name,
        submitted_at: format_london(submission.submitted_at),
        answers: answers::from_json(&submission.answers),
    })
}

fn is_unique_violation(err: &DbErr) -> bool {
    matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

/// Saves the answers as the working copy and, to submit, records them as the next
/// submission. `based_on` is the version the form was rendered at.
pub async fn save(
    db: &DatabaseConnection,
    actor: &Actor,
    reference: &str,
    form: &ResponseForm,
    purpose: Purpose,
    public_url: &str,
    now: DateTime<Utc>,
) -> DomainResult<Saved> {
    let loaded = access::by_reference(db, actor, reference, NoticeAction::Respond, now).await?;
    let user = require_user(actor)?;
    let based_on: i32 = form.version.trim().parse().map_err(|_| {
        DomainError::field(
            RESPONSE_FIELD,
            "The form was missing its version: reload the page and try again",
        )
    })?;
    let questions = access::questions(db, loaded.row.id).await?;
    let answers = answers::validate(&questions, &form.answers, purpose)?;
    let txn = crate::ssr::db::write(db).await?;
    // Decided again under the write lock with the clock as it is now: a request that
    // waited for the lock past the closing instant, or a notice withdrawn meanwhile, is
    // refused.
    let current = access::by_id(
        &txn,
        actor,
        loaded.row.id,
        NoticeAction::Respond,
        Utc::now(),
    )
    .await?;
    let outcome = match write(&txn, &current.row, user, &answers, based_on, purpose).await {
        Ok(outcome) => outcome,
        Err(Refusal::Stale) => {
            drop(txn);
            return Err(DomainError::Conflict(
                stale_message(db, loaded.row.id, user.organisation_id.0).await?,
            ));
        }
        Err(Refusal::Db(err)) if is_unique_violation(&err) => {
            drop(txn);
            return Err(DomainError::Conflict(
                stale_message(db, loaded.row.id, user.organisation_id.0).await?,
            ));
        }
        Err(Refusal::Db(err)) => return Err(err.into()),
    };
    interest::ensure(&txn, loaded.row.id, user).await?;
    let (action, summary) = match outcome {
        Saved::Draft => (
            "response_saved",
            format!("Saved a draft response to notice {reference}"),
        ),
        Saved::Submitted { number } => (
            "response_submitted",
            format!("Submitted response {number} to notice {reference}"),
        ),
    };
    // Kept out of the challenge's history, which observers read: who responds, and
    // when, is for the reviewing authorities.
    audit::record(&txn, user, None, action, summary).await?;
    if let Saved::Submitted { number } = outcome {
        outbox::enqueue(
            &txn,
            &user.email,
            &format!("Your response to {} was submitted", loaded.row.title),
            &format!(
                "{} submitted {}'s response (submission {number}) to the market engagement notice “{}” ({}) on {}.\n\nYou can change and resubmit it until the notice closes on {}: the latest submission is the one the authorities read.\n\n{}/notices/{}/response\n",
                user.name,
                user.organisation_name,
                loaded.row.title,
                loaded.row.reference,
                format_london(Utc::now()),
                loaded.row.closes_at.map(format_london).unwrap_or_else(|| "its closing date".into()),
                public_url.trim_end_matches('/'),
                loaded.row.reference,
            ),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(outcome)
}

enum Refusal {
    /// Someone saved or submitted since the form was rendered.
    Stale,
    Db(DbErr),
}

impl From<DbErr> for Refusal {
    fn from(err: DbErr) -> Self {
        Refusal::Db(err)
    }
}

async fn write(
    db: &impl ConnectionTrait,
    notice: &notice::Model,
    user: &User,
    answers: &Answers,
    based_on: i32,
    purpose: Purpose,
) -> Result<Saved, Refusal> {
    let now = Utc::now();
    let json = answers::to_json(answers);
    let submitting = purpose == Purpose::Submit;
    let existing = response::Entity::find()
        .filter(response::Column::NoticeId.eq(notice.id))
        .filter(response::Column::OrganisationId.eq(user.organisation_id.0))
        .one(db)
        .await?;
    let (id, number) = match existing {
        None if based_on == 0 => {
            let id = Uuid::new_v4();
            // A second first save racing this one fails on the unique index on
            // (notice_id, organisation_id), which the caller reports as a conflict.
            response::ActiveModel {
                id: Set(id),
                notice_id: Set(notice.id),
                organisation_id: Set(user.organisation_id.0),
                status: Set(if submitting {
                    ResponseStatus::Submitted
                } else {
                    ResponseStatus::Draft
                }
                .as_str()
                .to_string()),
                answers: Set(json.clone()),
                version: Set(1),
                submitted_count: Set(i32::from(submitting)),
                review_tags: Set(String::new()),
                created_by: Set(user.id.0),
                created_at: Set(now),
                updated_at: Set(now),
                submitted_at: Set(submitting.then_some(now)),
            }
            .insert(db)
            .await?;
            (id, 1)
        }
        None => return Err(Refusal::Stale),
        Some(row) => {
            let mut update = response::Entity::update_many()
                .col_expr(response::Column::Answers, Expr::value(json.clone()))
                .col_expr(response::Column::Version, Expr::value(based_on + 1))
                .col_expr(response::Column::UpdatedAt, Expr::value(now));
            let number = row.submitted_count + 1;
            if submitting {
                update = update
                    .col_expr(
                        response::Column::Status,
                        Expr::value(ResponseStatus::Submitted.as_str()),
                    )
                    .col_expr(response::Column::SubmittedCount, Expr::value(number))
                    .col_expr(response::Column::SubmittedAt, Expr::value(now));
            }
            let result = update
                .filter(response::Column::Id.eq(row.id))
                .filter(response::Column::Version.eq(based_on))
                .exec(db)
                .await?;
            if result.rows_affected != 1 {
                return Err(Refusal::Stale);
            }
            (row.id, number)
        }
    };
    if !submitting {
        return Ok(Saved::Draft);
    }
    response_submission::ActiveModel {
        id: Set(Uuid::new_v4()),
        response_id: Set(id),
        number: Set(number),
        answers: Set(json),
        submitted_by: Set(user.id.0),
        submitted_by_name: Set(user.name.clone()),
        submitted_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(Saved::Submitted { number })
}

/// What the person whose save lost the race is told: what happened meanwhile, and that
/// nothing of theirs overwrote it (nor was lost: the page shows what they typed).
async fn stale_message(
    db: &DatabaseConnection,
    notice: Uuid,
    organisation: Uuid,
) -> DomainResult<String> {
    let Some(row) = own_response(db, notice, organisation).await? else {
        return Ok("This response changed since you opened the page. Nothing was saved: check your answers below and try again.".into());
    };
    let latest = submissions_of(db, row.id).await?.into_iter().next();
    Ok(match latest {
        Some(latest) if latest.submitted_at >= row.updated_at => format!(
            "This response was submitted from another tab or by a colleague since you opened the page: {} sent submission {} on {}. Your answers below were not submitted again and nothing was overwritten. Check them, then submit again if they should replace it.",
            latest.submitted_by_name,
            latest.number,
            format_london(latest.submitted_at)
        ),
        _ => format!(
            "This response was saved from another tab or by a colleague on {}, after you opened the page. Your answers below have not been saved and nothing was overwritten. Check them, then save again.",
            format_london(row.updated_at)
        ),
    })
}

/// An error about the response as a whole, for the top of the form.
pub fn response_error(message: impl Into<String>) -> FieldErrors {
    FieldErrors::single(RESPONSE_FIELD, message)
}
