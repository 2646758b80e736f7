//! Drafting a notice from a challenge: the lead and participants write it together. Every
//! save states the notice version it was based on; a save based on an older version
//! changes nothing and says who saved in between.

use super::{authorize, cpv, draft_reference, for_challenge, view, NoticeView};
use crate::domain::engagement::{EngagementEventKind, NoticeStatus, QuestionKind};
use crate::domain::engagement_policy::{authorize_notice, NoticeAction, NoticeFacts};
use crate::domain::notice_rules::{
    parse_details, parse_london_date_time, parse_time_of_day, DateTimeInput, DetailsInput,
};
use crate::domain::policy::{Actor, ChallengeAction, User};
use crate::domain::{ChallengeId, FieldErrors};
use crate::ssr::audit;
use crate::ssr::challenges::{load_for, require_user};
use crate::ssr::entities::{audit_event, notice, notice_cpv_code, notice_event, notice_question};
use crate::ssr::error::{DomainError, DomainResult};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

pub const MAX_CPV_CODES: u64 = 40;
pub const MAX_EVENTS: u64 = 20;
pub const MAX_QUESTIONS: u64 = 40;
pub const PROMPT_MAX: usize = 2_000;
pub const EVENT_TEXT_MAX: usize = 2_000;
pub const OPTION_MAX: usize = 200;
pub const MAX_OPTIONS: usize = 30;
pub const WORD_LIMIT_MAX: i32 = 5_000;

/// The page inside the challenge: the notice (if any) and what the actor may do with it.
#[derive(Clone, Debug, PartialEq)]
pub struct NoticeWork {
    pub challenge_id: ChallengeId,
    pub challenge_title: String,
    pub notice: Option<NoticeView>,
    pub can_edit: bool,
    pub can_publish: bool,
    pub can_amend: bool,
    pub can_withdraw: bool,
    /// Observer authorities, named so people know why they are not on the notice.
    pub observers: Vec<String>,
}

fn allowed(actor: &Actor, action: NoticeAction, facts: &NoticeFacts) -> bool {
    authorize_notice(actor, action, facts).is_ok()
}

/// The notice page of a challenge, for its members.
pub async fn work(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
) -> DomainResult<NoticeWork> {
    let loaded = load_for(db, actor, challenge, ChallengeAction::View).await?;
    let now = Utc::now();
    let row = for_challenge(db, challenge.0).await?;
    let facts = match &row {
        Some(row) => authorize(db, actor, row, NoticeAction::Manage, now).await?,
        None => {
            // No notice yet: the policy decides as for a draft that is about to exist.
            let facts = NoticeFacts {
                status: NoticeStatus::Draft,
                actor_role: loaded.facts.actor_role,
                observers_see_responses: false,
            };
            authorize_notice(actor, NoticeAction::Manage, &facts)?;
            facts
        }
    };
    let notice = match &row {
        Some(row) => Some(view(db, row, now).await?),
        None => None,
    };
    let observers = crate::ssr::challenges::members(db, challenge.0)
        .await?
        .into_iter()
        .filter(|m| m.role == crate::domain::MemberRole::Observer)
        .map(|m| m.name)
        .collect();
    Ok(NoticeWork {
        challenge_id: challenge,
        challenge_title: loaded.row.title,
        can_edit: allowed(actor, NoticeAction::EditDraft, &facts) && loaded.facts.status.is_open(),
        can_publish: allowed(actor, NoticeAction::Publish, &facts) && loaded.facts.status.is_open(),
        can_amend: row.is_some() && allowed(actor, NoticeAction::Amend, &facts),
        can_withdraw: row.is_some() && allowed(actor, NoticeAction::Withdraw, &facts),
        notice,
        observers,
    })
}

/// Starts the challenge's draft notice, filled in from the challenge. Starting twice
/// simply leads to the draft already there.
pub async fn start(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
) -> DomainResult<()> {
    let loaded = load_for(db, actor, challenge, ChallengeAction::View).await?;
    let user = require_user(actor)?;
    let facts = NoticeFacts {
        status: NoticeStatus::Draft,
        actor_role: loaded.facts.actor_role,
        observers_see_responses: false,
    };
    authorize_notice(actor, NoticeAction::EditDraft, &facts)?;
    if !loaded.facts.status.is_open() {
        return Err(DomainError::Conflict(
            "This challenge has concluded, so it can no longer go to market.".into(),
        ));
    }
    let txn = crate::ssr::db::write(db).await?;
    if for_challenge(&txn, challenge.0).await?.is_some() {
        return Ok(());
    }
    let id = Uuid::new_v4();
    let now = Utc::now();
    notice::ActiveModel {
        id: Set(id),
        challenge_id: Set(challenge.0),
        reference: Set(draft_reference(id)),
        title: Set(loaded.row.title.clone()),
        description: Set(loaded.row.problem_statement.clone()),
        value_min: Set(None),
        value_max: Set(None),
        closes_at: Set(None),
        clarification_deadline: Set(None),
        contact_name: Set(user.name.clone()),
        contact_email: Set(user.email.clone()),
        contact_phone: Set(String::new()),
        status: Set(NoticeStatus::Draft.as_str().into()),
        withdrawn_reason: Set(None),
        published_at: Set(None),
        withdrawn_at: Set(None),
        amended_at: Set(None),
        service_area: Set(loaded.row.service_area.clone()),
        lead_organisation_id: Set(None),
        observers_see_responses: Set(false),
        search_text: Set(String::new()),
        version: Set(1),
        created_by: Set(user.id.0),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        user,
        Some(challenge),
        "notice_started",
        "Started a draft market engagement notice",
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Loads the challenge's draft for an edit by `actor`.
async fn draft_for_edit(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
) -> DomainResult<notice::Model> {
    let loaded = load_for(db, actor, challenge, ChallengeAction::View).await?;
    let row = for_challenge(db, challenge.0)
        .await?
        .ok_or(DomainError::NotFound)?;
    let facts = super::facts_for(db, actor, &row, Utc::now()).await?;
    if facts.status != NoticeStatus::Draft && facts.actor_role.is_some() {
        return Err(DomainError::Conflict(
            "This notice has been published, so it can no longer be edited as a draft. The lead authority can amend it, saying what changed and why.".into(),
        ));
    }
    authorize_notice(actor, NoticeAction::EditDraft, &facts)?;
    if !loaded.facts.status.is_open() {
        return Err(DomainError::Conflict(
            "This challenge has concluded, so its notice can no longer be changed.".into(),
        ));
    }
    Ok(row)
}

pub fn parse_version(raw: &str) -> DomainResult<i32> {
    raw.trim().parse().map_err(|_| {
        DomainError::Conflict(
            "The form was missing the notice's version. Reload the page and try again.".into(),
        )
    })
}

/// Who saved the notice last and when, for the conflict message.
pub(crate) async fn last_saved_by(
    db: &impl ConnectionTrait,
    challenge: ChallengeId,
) -> DomainResult<String> {
    let last = audit_event::Entity::find()
        .filter(audit_event::Column::ChallengeId.eq(challenge.0))
        .filter(audit_event::Column::Action.starts_with("notice_"))
        .order_by_desc(audit_event::Column::OccurredAt)
        .one(db)
        .await?;
    Ok(match last {
        Some(e) => format!(
            "{} ({}) saved it at {}",
            e.actor_name,
            e.actor_organisation_name,
            crate::domain::engagement::format_london(e.occurred_at)
        ),
        None => "Someone else saved it".into(),
    })
}

pub(crate) async fn conflict(db: &impl ConnectionTrait, challenge: ChallengeId) -> DomainError {
    let who = last_saved_by(db, challenge)
        .await
        .unwrap_or_else(|_| "Someone else saved it".into());
    DomainError::Conflict(format!(
        "Someone else changed this notice while you were working on it: {who}. Nothing you sent has been saved. Check the notice as it is now, then make your change again."
    ))
}

/// Moves the notice from `based_on` to the next version, if nobody has saved since.
/// Every change to a draft goes through here, in the same transaction as the change.
async fn claim_version(txn: &impl ConnectionTrait, id: Uuid, based_on: i32) -> DomainResult<bool> {
    let result = notice::Entity::update_many()
        .col_expr(notice::Column::Version, Expr::value(based_on + 1))
        .col_expr(notice::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(notice::Column::Id.eq(id))
        .filter(notice::Column::Version.eq(based_on))
        .filter(notice::Column::Status.eq(NoticeStatus::Draft.as_str()))
        .exec(txn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// What a draft edit ended as: saved, or refused because someone saved first (the
/// message says who; nothing was written).
pub enum SaveOutcome {
    Saved,
    Conflict(String),
}

async fn finish(
    db: &DatabaseConnection,
    txn: sea_orm::DatabaseTransaction,
    claimed: bool,
    user: &User,
    challenge: ChallengeId,
    action: &str,
    summary: String,
) -> DomainResult<SaveOutcome> {
    if !claimed {
        drop(txn);
        return Ok(match conflict(db, challenge).await {
            DomainError::Conflict(message) => SaveOutcome::Conflict(message),
            other => return Err(other),
        });
    }
    audit::record(&txn, user, Some(challenge), action, summary).await?;
    txn.commit().await?;
    Ok(SaveOutcome::Saved)
}

pub struct DetailsForm {
    pub details: DetailsInput,
    pub version: String,
}

pub async fn save_details(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
    form: &DetailsForm,
) -> DomainResult<SaveOutcome> {
    let row = draft_for_edit(db, actor, challenge).await?;
    let user = require_user(actor)?;
    let based_on = parse_version(&form.version)?;
    let details = parse_details(&form.details, Utc::now())?;
    let txn = crate::ssr::db::write(db).await?;
    let claimed = claim_version(&txn, row.id, based_on).await?;
    if claimed {
        notice::Entity::update_many()
            .col_expr(notice::Column::Title, Expr::value(details.title.clone()))
            .col_expr(
                notice::Column::Description,
                Expr::value(details.description.clone()),
            )
            .col_expr(notice::Column::ValueMin, Expr::value(details.value_min))
            .col_expr(notice::Column::ValueMax, Expr::value(details.value_max))
            .col_expr(notice::Column::ClosesAt, Expr::value(details.closes_at))
            .col_expr(
                notice::Column::ClarificationDeadline,
                Expr::value(details.clarification_deadline),
            )
            .col_expr(
                notice::Column::ContactName,
                Expr::value(details.contact_name.clone()),
            )
            .col_expr(
                notice::Column::ContactEmail,
                Expr::value(details.contact_email.clone()),
            )
            .col_expr(
                notice::Column::ContactPhone,
                Expr::value(details.contact_phone.clone()),
            )
            .filter(notice::Column::Id.eq(row.id))
            .exec(&txn)
            .await?;
    }
    finish(
        db,
        txn,
        claimed,
        user,
        challenge,
        "notice_edited",
        "Edited the draft notice's details".into(),
    )
    .await
}

/// Adds a CPV code to the draft. A code that is not in CPV 2008 is refused, named.
pub async fn add_cpv(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
    raw_code: &str,
    version: &str,
) -> DomainResult<SaveOutcome> {
    let row = draft_for_edit(db, actor, challenge).await?;
    let user = require_user(actor)?;
    let based_on = parse_version(version)?;
    let typed = raw_code.trim();
    if typed.is_empty() {
        return Err(DomainError::field(
            "cpv_code",
            "Enter a CPV code, or search for one by words and choose it from the list",
        ));
    }
    let Some(code) = cpv::lookup(typed) else {
        return Err(DomainError::field(
            "cpv_code",
            format!(
                "There is no CPV code {typed}: search by words and choose a code from the list"
            ),
        ));
    };
    let txn = crate::ssr::db::write(db).await?;
    let existing = notice_cpv_code::Entity::find()
        .filter(notice_cpv_code::Column::NoticeId.eq(row.id))
        .all(&txn)
        .await?;
    if existing.iter().any(|c| c.code == code.code) {
        return Ok(SaveOutcome::Saved);
    }
    if existing.len() as u64 >= MAX_CPV_CODES {
        return Err(DomainError::field(
            "cpv_code",
            format!("A notice can have up to {MAX_CPV_CODES} CPV codes: remove one first"),
        ));
    }
    let claimed = claim_version(&txn, row.id, based_on).await?;
    if claimed {
        notice_cpv_code::ActiveModel {
            notice_id: Set(row.id),
            code: Set(code.code.to_string()),
            division: Set(code.division().to_string()),
        }
        .insert(&txn)
        .await?;
    }
    finish(
        db,
        txn,
        claimed,
        user,
        challenge,
        "notice_cpv_added",
        format!(
            "Added CPV code {} ({}) to the draft notice",
            code.code, code.description
        ),
    )
    .await
}

pub async fn remove_cpv(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
    code: &str,
    version: &str,
) -> DomainResult<SaveOutcome> {
    let row = draft_for_edit(db, actor, challenge).await?;
    let user = require_user(actor)?;
    let based_on = parse_version(version)?;
    let code = cpv::normalise(code);
    let txn = crate::ssr::db::write(db).await?;
    let claimed = claim_version(&txn, row.id, based_on).await?;
    if claimed {
        notice_cpv_code::Entity::delete_many()
            .filter(notice_cpv_code::Column::NoticeId.eq(row.id))
            .filter(notice_cpv_code::Column::Code.eq(code.as_str()))
            .exec(&txn)
            .await?;
    }
    finish(
        db,
        txn,
        claimed,
        user,
        challenge,
        "notice_cpv_removed",
        format!("Removed CPV code {code} from the draft notice"),
    )
    .await
}

/// An engagement event as typed.
#[derive(Clone, Debug, Default)]
pub struct EventForm {
    /// Set when editing an event already there.
    pub id: String,
    pub kind: String,
    pub date: DateTimeInput,
    pub end_time: String,
    pub place: String,
    pub online_link: String,
    pub how_to_register: String,
    pub version: String,
}

#[derive(Debug)]
struct ValidEvent {
    kind: EngagementEventKind,
    starts_at: DateTime<Utc>,
    ends_at: Option<DateTime<Utc>>,
    place: String,
    online_link: String,
    how_to_register: String,
}

fn limited(value: &str, max: usize, what: &str, field: &str, errors: &mut FieldErrors) -> String {
    let text = value.trim().to_string();
    let count = text.chars().count();
    if count > max {
        errors.add(
            field,
            format!("{what} must be {max} characters or fewer (you entered {count})"),
        );
    }
    text
}

/// `closes_at` is the draft's closing time, when it has one: an event after it would be
/// refused at publishing, so it is refused here, where the date was typed.
fn validate_event(
    form: &EventForm,
    now: DateTime<Utc>,
    closes_at: Option<DateTime<Utc>>,
) -> Result<ValidEvent, FieldErrors> {
    let mut errors = FieldErrors::new();
    let kind = EngagementEventKind::parse(form.kind.trim());
    if kind.is_none() {
        errors.add(
            "event_kind",
            "Select the kind of event: supplier day, webinar or one-to-one meetings",
        );
    }
    let starts_at = match parse_london_date_time(&form.date, "The event date") {
        Ok(Some(at)) if at <= now => {
            errors.add("event_date", "The event must be in the future");
            None
        }
        Ok(Some(at)) if closes_at.is_some_and(|close| at >= close) => {
            errors.add(
                "event_date",
                format!(
                    "The event must be before engagement closes, {}",
                    crate::domain::engagement::format_london(closes_at.unwrap_or(at))
                ),
            );
            None
        }
        Ok(Some(at)) => Some(at),
        Ok(None) => {
            errors.add("event_date", "Enter the date and start time of the event");
            None
        }
        Err(message) => {
            errors.add("event_date", message);
            None
        }
    };
    let mut ends_at = None;
    if !form.end_time.trim().is_empty() {
        match parse_time_of_day(&form.end_time) {
            None => errors.add(
                "event_end_time",
                "Enter the end time as a time of day, for example 4pm or 16:00",
            ),
            Some(end) => {
                let end_input = DateTimeInput {
                    time: end.format("%H:%M").to_string(),
                    ..form.date.clone()
                };
                match (
                    starts_at,
                    parse_london_date_time(&end_input, "The end time"),
                ) {
                    (Some(start), Ok(Some(end))) if end > start => ends_at = Some(end),
                    (Some(_), Ok(Some(_))) => errors.add(
                        "event_end_time",
                        "The end time must be after the start time",
                    ),
                    (_, Err(message)) => errors.add("event_end_time", message),
                    _ => {}
                }
            }
        }
    }
    let place = limited(
        &form.place,
        EVENT_TEXT_MAX,
        "Place",
        "event_place",
        &mut errors,
    );
    let online_link = limited(
        &form.online_link,
        EVENT_TEXT_MAX,
        "Online link",
        "event_link",
        &mut errors,
    );
    let is_web_address = online_link.starts_with("https://") || online_link.starts_with("http://");
    if !online_link.is_empty() && !is_web_address {
        errors.add(
            "event_link",
            "Enter the online link as a full web address, starting https://",
        );
    }
    if place.is_empty() && online_link.is_empty() {
        errors.add(
            "event_place",
            "Enter where the event takes place, or the link to join it online",
        );
    }
    let how_to_register = limited(
        &form.how_to_register,
        EVENT_TEXT_MAX,
        "How to register",
        "event_register",
        &mut errors,
    );
    if how_to_register.is_empty() {
        errors.add(
            "event_register",
            "Enter how suppliers register for the event, for example an email address to write to",
        );
    }
    errors.into_result()?;
    Ok(ValidEvent {
        kind: kind.expect("checked"),
        starts_at: starts_at.expect("checked"),
        ends_at,
        place,
        online_link,
        how_to_register,
    })
}

fn optional_id(raw: &str, field: &str) -> DomainResult<Option<Uuid>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse()
        .map(Some)
        .map_err(|_| DomainError::field(field, "That item no longer exists: reload the page"))
}

pub async fn save_event(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
    form: &EventForm,
) -> DomainResult<SaveOutcome> {
    let row = draft_for_edit(db, actor, challenge).await?;
    let user = require_user(actor)?;
    let based_on = parse_version(&form.version)?;
    let editing = optional_id(&form.id, "event_kind")?;
    let valid = validate_event(form, Utc::now(), row.closes_at)?;
    let txn = crate::ssr::db::write(db).await?;
    let existing = notice_event::Entity::find()
        .filter(notice_event::Column::NoticeId.eq(row.id))
        .count(&txn)
        .await?;
    if editing.is_none() && existing >= MAX_EVENTS {
        return Err(DomainError::field(
            "event_kind",
            format!("A notice can list up to {MAX_EVENTS} events"),
        ));
    }
    let claimed = claim_version(&txn, row.id, based_on).await?;
    if claimed {
        match editing {
            Some(id) => {
                let updated = notice_event::Entity::update_many()
                    .col_expr(notice_event::Column::Kind, Expr::value(valid.kind.as_str()))
                    .col_expr(notice_event::Column::StartsAt, Expr::value(valid.starts_at))
                    .col_expr(notice_event::Column::EndsAt, Expr::value(valid.ends_at))
                    .col_expr(
                        notice_event::Column::Place,
                        Expr::value(valid.place.clone()),
                    )
                    .col_expr(
                        notice_event::Column::OnlineLink,
                        Expr::value(valid.online_link.clone()),
                    )
                    .col_expr(
                        notice_event::Column::HowToRegister,
                        Expr::value(valid.how_to_register.clone()),
                    )
                    .filter(notice_event::Column::Id.eq(id))
                    .filter(notice_event::Column::NoticeId.eq(row.id))
                    .exec(&txn)
                    .await?;
                if updated.rows_affected == 0 {
                    return Err(DomainError::NotFound);
                }
            }
            None => {
                notice_event::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    notice_id: Set(row.id),
                    kind: Set(valid.kind.as_str().into()),
                    starts_at: Set(valid.starts_at),
                    ends_at: Set(valid.ends_at),
                    place: Set(valid.place.clone()),
                    online_link: Set(valid.online_link.clone()),
                    how_to_register: Set(valid.how_to_register.clone()),
                    position: Set(existing as i32 + 1),
                }
                .insert(&txn)
                .await?;
            }
        }
    }
    let verb = if editing.is_some() {
        "Changed"
    } else {
        "Added"
    };
    finish(
        db,
        txn,
        claimed,
        user,
        challenge,
        "notice_event_saved",
        format!(
            "{verb} the {} on {} in the draft notice",
            valid.kind.label().to_lowercase(),
            crate::domain::engagement::format_london(valid.starts_at)
        ),
    )
    .await
}

pub async fn remove_event(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
    event: Uuid,
    version: &str,
) -> DomainResult<SaveOutcome> {
    let row = draft_for_edit(db, actor, challenge).await?;
    let user = require_user(actor)?;
    let based_on = parse_version(version)?;
    let txn = crate::ssr::db::write(db).await?;
    let claimed = claim_version(&txn, row.id, based_on).await?;
    if claimed {
        let removed = notice_event::Entity::delete_many()
            .filter(notice_event::Column::Id.eq(event))
            .filter(notice_event::Column::NoticeId.eq(row.id))
            .exec(&txn)
            .await?;
        if removed.rows_affected == 0 {
            return Err(DomainError::NotFound);
        }
    }
    finish(
        db,
        txn,
        claimed,
        user,
        challenge,
        "notice_event_removed",
        "Removed an event from the draft notice".into(),
    )
    .await
}

/// A questionnaire question as typed.
#[derive(Clone, Debug, Default)]
pub struct QuestionForm {
    pub id: String,
    pub kind: String,
    pub prompt: String,
    pub word_limit: String,
    /// One option per line (choice questions only).
    pub options: String,
    /// "yes" or "no".
    pub required: String,
    pub version: String,
}

#[derive(Debug)]
struct ValidQuestion {
    kind: QuestionKind,
    prompt: String,
    word_limit: Option<i32>,
    options: Vec<String>,
    required: bool,
}

fn validate_question(form: &QuestionForm) -> Result<ValidQuestion, FieldErrors> {
    let mut errors = FieldErrors::new();
    let kind = QuestionKind::parse(form.kind.trim());
    if kind.is_none() {
        errors.add(
            "question_kind",
            "Select the kind of answer the question takes",
        );
    }
    let prompt = limited(
        &form.prompt,
        PROMPT_MAX,
        "The question",
        "question_prompt",
        &mut errors,
    );
    if prompt.is_empty() {
        errors.add("question_prompt", "Enter the question");
    }
    let mut word_limit = None;
    let mut options = Vec::new();
    match kind {
        Some(QuestionKind::FreeText) => {
            let raw = form.word_limit.trim().replace(',', "");
            match raw.parse::<i32>() {
                _ if raw.is_empty() => errors.add(
                    "question_word_limit",
                    "Enter the most words an answer may have, for example 500",
                ),
                Ok(limit) if (1..=WORD_LIMIT_MAX).contains(&limit) => word_limit = Some(limit),
                Ok(_) => errors.add(
                    "question_word_limit",
                    format!("The word limit must be between 1 and {WORD_LIMIT_MAX}"),
                ),
                Err(_) => errors.add(
                    "question_word_limit",
                    "The word limit must be a whole number, like 500",
                ),
            }
        }
        Some(QuestionKind::SingleChoice | QuestionKind::MultipleChoice) => {
            for line in form
                .options
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
            {
                if !options
                    .iter()
                    .any(|o: &String| o.eq_ignore_ascii_case(line))
                {
                    options.push(line.to_string());
                }
            }
            if options.len() < 2 {
                errors.add(
                    "question_options",
                    "Enter at least 2 different options, one per line",
                );
            } else if options.len() > MAX_OPTIONS {
                errors.add(
                    "question_options",
                    format!("Enter up to {MAX_OPTIONS} options"),
                );
            } else if let Some(long) = options.iter().find(|o| o.chars().count() > OPTION_MAX) {
                errors.add(
                    "question_options",
                    format!(
                        "Each option must be {OPTION_MAX} characters or fewer: “{}…” is longer",
                        long.chars().take(40).collect::<String>()
                    ),
                );
            }
        }
        Some(QuestionKind::YesNo) | None => {}
    }
    let required = match form.required.trim() {
        "yes" => true,
        "no" => false,
        _ => {
            errors.add(
                "question_required",
                "Select whether suppliers must answer the question",
            );
            false
        }
    };
    errors.into_result()?;
    Ok(ValidQuestion {
        kind: kind.expect("checked"),
        prompt,
        word_limit,
        options,
        required,
    })
}

pub async fn save_question(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
    form: &QuestionForm,
) -> DomainResult<SaveOutcome> {
    let row = draft_for_edit(db, actor, challenge).await?;
    let user = require_user(actor)?;
    let based_on = parse_version(&form.version)?;
    let editing = optional_id(&form.id, "question_kind")?;
    let valid = validate_question(form)?;
    let txn = crate::ssr::db::write(db).await?;
    let last = notice_question::Entity::find()
        .filter(notice_question::Column::NoticeId.eq(row.id))
        .order_by_desc(notice_question::Column::Position)
        .all(&txn)
        .await?;
    if editing.is_none() && last.len() as u64 >= MAX_QUESTIONS {
        return Err(DomainError::field(
            "question_kind",
            format!("A questionnaire can have up to {MAX_QUESTIONS} questions"),
        ));
    }
    let claimed = claim_version(&txn, row.id, based_on).await?;
    if claimed {
        match editing {
            Some(id) => {
                let updated = notice_question::Entity::update_many()
                    .col_expr(
                        notice_question::Column::Kind,
                        Expr::value(valid.kind.as_str()),
                    )
                    .col_expr(
                        notice_question::Column::Prompt,
                        Expr::value(valid.prompt.clone()),
                    )
                    .col_expr(
                        notice_question::Column::WordLimit,
                        Expr::value(valid.word_limit),
                    )
                    .col_expr(
                        notice_question::Column::Options,
                        Expr::value(valid.options.join("\n")),
                    )
                    .col_expr(
                        notice_question::Column::Required,
                        Expr::value(valid.required),
                    )
                    .filter(notice_question::Column::Id.eq(id))
                    .filter(notice_question::Column::NoticeId.eq(row.id))
                    .exec(&txn)
                    .await?;
                if updated.rows_affected == 0 {
                    return Err(DomainError::NotFound);
                }
            }
            None => {
                notice_question::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    notice_id: Set(row.id),
                    position: Set(last.first().map(|q| q.position + 1).unwrap_or(1)),
                    kind: Set(valid.kind.as_str().into()),
                    prompt: Set(valid.prompt.clone()),
                    word_limit: Set(valid.word_limit),
                    options: Set(valid.options.join("\n")),
                    required: Set(valid.required),
                }
                .insert(&txn)
                .await?;
            }
        }
    }
    let verb = if editing.is_some() {
        "Changed"
    } else {
        "Added"
    };
    finish(
        db,
        txn,
        claimed,
        user,
        challenge,
        "notice_question_saved",
        format!("{verb} the question “{}” in the draft notice", valid.prompt),
    )
    .await
}

pub async fn remove_question(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
    question: Uuid,
    version: &str,
) -> DomainResult<SaveOutcome> {
    let row = draft_for_edit(db, actor, challenge).await?;
    let user = require_user(actor)?;
    let based_on = parse_version(version)?;
    let txn = crate::ssr::db::write(db).await?;
    let claimed = claim_version(&txn, row.id, based_on).await?;
    if claimed {
        let removed = notice_question::Entity::delete_many()
            .filter(notice_question::Column::Id.eq(question))
            .filter(notice_question::Column::NoticeId.eq(row.id))
            .exec(&txn)
            .await?;
        if removed.rows_affected == 0 {
            return Err(DomainError::NotFound);
        }
    }
    finish(
        db,
        txn,
        claimed,
        user,
        challenge,
        "notice_question_removed",
        "Removed a question from the draft notice".into(),
    )
    .await
}

/// Moves a question one place up or down.
pub async fn move_question(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
    question: Uuid,
    up: bool,
    version: &str,
) -> DomainResult<SaveOutcome> {
    let row = draft_for_edit(db, actor, challenge).await?;
    let user = require_user(actor)?;
    let based_on = parse_version(version)?;
    let txn = crate::ssr::db::write(db).await?;
    let all = notice_question::Entity::find()
        .filter(notice_question::Column::NoticeId.eq(row.id))
        .order_by_asc(notice_question::Column::Position)
        .all(&txn)
        .await?;
    let index = all
        .iter()
        .position(|q| q.id == question)
        .ok_or(DomainError::NotFound)?;
    let neighbour = if up {
        index.checked_sub(1)
    } else {
        Some(index + 1).filter(|i| *i < all.len())
    };
    let claimed = claim_version(&txn, row.id, based_on).await?;
    if claimed {
        if let Some(other) = neighbour.map(|i| &all[i]) {
            for (id, position) in [(question, other.position), (other.id, all[index].position)] {
                notice_question::Entity::update_many()
                    .col_expr(notice_question::Column::Position, Expr::value(position))
                    .filter(notice_question::Column::Id.eq(id))
                    .exec(&txn)
                    .await?;
            }
        }
    }
    finish(
        db,
        txn,
        claimed,
        user,
        challenge,
        "notice_questions_reordered",
        format!(
            "Moved the question “{}” {}",
            all[index].prompt,
            if up { "up" } else { "down" }
        ),
    )
    .await
}

/// A sensible default closing time for a new draft's form: four weeks ahead at 5pm.
pub fn suggested_close(now: DateTime<Utc>) -> DateTime<Utc> {
    now + Duration::weeks(4)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 1, 10, 12, 0, 0).unwrap()
    }

    fn event() -> EventForm {
        EventForm {
            kind: "webinar".into(),
            date: DateTimeInput {
                day: "2".into(),
                month: "2".into(),
                year: "2027".into(),
                time: "10am".into(),
            },
            end_time: "11:30".into(),
            online_link: "https://meet.example/abc".into(),
            how_to_register: "Email procurement@camden.gov.uk".into(),
            ..Default::default()
        }
    }

    #[test]
    fn events_need_a_time_a_place_and_a_way_to_register() {
        let valid = validate_event(&event(), now(), None).unwrap();
        assert_eq!(valid.starts_at.to_rfc3339(), "2027-02-02T10:00:00+00:00");
        assert_eq!(
            valid.ends_at.map(|e| e.to_rfc3339()),
            Some("2027-02-02T11:30:00+00:00".into())
        );
        let mut bad = event();
        bad.end_time = "9am".into();
        bad.online_link = "meet.example".into();
        bad.how_to_register = " ".into();
        let errors = validate_event(&bad, now(), None).unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec!["event_end_time", "event_link", "event_register"]
        );
        let nowhere = EventForm {
            online_link: String::new(),
            ..event()
        };
        assert!(validate_event(&nowhere, now(), None)
            .unwrap_err()
            .for_field("event_place")
            .is_some());
    }

    #[test]
    fn an_event_after_the_close_is_refused_where_it_is_typed() {
        // The event is at 10am GMT on 2 February 2027.
        let close = |h| Utc.with_ymd_and_hms(2027, 2, 2, h, 0, 0).unwrap();
        assert!(validate_event(&event(), now(), Some(close(11))).is_ok());
        let errors = validate_event(&event(), now(), Some(close(10))).unwrap_err();
        assert_eq!(
            errors.for_field("event_date"),
            Some("The event must be before engagement closes, 2 February 2027 at 10:00am GMT")
        );
    }

    #[test]
    fn questions_take_options_or_a_word_limit_by_kind() {
        let free = QuestionForm {
            kind: "free_text".into(),
            prompt: "How would you approach this?".into(),
            word_limit: "500".into(),
            required: "yes".into(),
            ..Default::default()
        };
        assert_eq!(validate_question(&free).unwrap().word_limit, Some(500));
        let no_limit = QuestionForm {
            word_limit: "lots".into(),
            ..free.clone()
        };
        assert!(validate_question(&no_limit).is_err());
        let choice = QuestionForm {
            kind: "multiple_choice".into(),
            options: "Cloud\n\ncloud\nOn premises\n".into(),
            word_limit: String::new(),
            ..free.clone()
        };
        assert_eq!(
            validate_question(&choice).unwrap().options,
            vec!["Cloud", "On premises"]
        );
        let one_option = QuestionForm {
            options: "Only".into(),
            ..choice
        };
        assert_eq!(
            validate_question(&one_option)
                .unwrap_err()
                .for_field("question_options"),
            Some("Enter at least 2 different options, one per line")
        );
    }
}
