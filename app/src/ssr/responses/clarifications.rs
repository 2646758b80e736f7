//! Clarification questions: a supplier asks before the notice's clarification deadline;
//! the member authorities read every question with the asker's name; the lead answers
//! either publicly (shown on the notice to everyone with the asker anonymised, and
//! emailed to every supplier that registered interest) or privately (to the asker's
//! organisation only). Nothing is ever deleted: a changed answer keeps the earlier ones
//! in `answer_history`, and an answer once published stays public.

use super::access::{self, require_user, NoticeHeading};
use super::interest;
use crate::domain::engagement::{format_london, AnswerVisibility};
use crate::domain::engagement_policy::{authorize_notice, NoticeAction};
use crate::domain::policy::{Actor, ChallengeAction};
use crate::domain::validation::optional_message;
use crate::domain::{ChallengeId, FieldErrors};
use crate::ssr::audit;
use crate::ssr::challenges::load_for;
use crate::ssr::entities::{clarification, notice, organisation, supplier_interest, user};
use crate::ssr::error::{DomainError, DomainResult};
use crate::ssr::{markdown, outbox};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

pub const QUESTION_MAX: usize = 5_000;
pub const ANSWER_MAX: usize = 20_000;
pub const QUESTION_FIELD: &str = "question";

/// An answer that a later one replaced, as kept in `answer_history`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlierAnswer {
    pub answer: String,
    pub visibility: String,
    pub answered_by: String,
    pub answered_at: DateTime<Utc>,
}

fn history(row: &clarification::Model) -> Vec<EarlierAnswer> {
    serde_json::from_str(&row.answer_history).unwrap_or_default()
}

/// The question as everyone may read it: reworded by the lead, or as asked.
fn published_wording(row: &clarification::Model) -> &str {
    row.published_question.as_deref().unwrap_or(&row.question)
}

fn visibility(row: &clarification::Model) -> Option<AnswerVisibility> {
    row.visibility.as_deref().and_then(AnswerVisibility::parse)
}

/// A question and answer as every supplier and visitor sees it: no asker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicAnswer {
    pub question: String,
    pub asked_at: String,
    /// Safe HTML from the answer's Markdown.
    pub answer_html: String,
    pub answered_at: String,
    /// The answer was changed after it was first given.
    pub revised: bool,
}

/// A question the viewer's own organisation asked, with its answer if there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnQuestion {
    pub notice_reference: String,
    pub notice_title: String,
    pub question: String,
    pub asked_at: String,
    pub answer_html: Option<String>,
    pub answered_at: Option<String>,
    pub visibility: Option<AnswerVisibility>,
}

pub(crate) async fn public_answers(
    db: &impl ConnectionTrait,
    notice: Uuid,
) -> DomainResult<Vec<PublicAnswer>> {
    let rows = clarification::Entity::find()
        .filter(clarification::Column::NoticeId.eq(notice))
        .filter(clarification::Column::Visibility.eq(AnswerVisibility::Public.as_str()))
        .order_by_asc(clarification::Column::AnsweredAt)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let answer = row.answer.as_deref()?;
            Some(PublicAnswer {
                question: published_wording(&row).to_string(),
                asked_at: format_london(row.asked_at),
                answer_html: markdown::render(answer),
                answered_at: format_london(row.answered_at?),
                revised: !history(&row).is_empty(),
            })
        })
        .collect())
}

fn own_question(row: clarification::Model, notice: &notice::Model) -> OwnQuestion {
    OwnQuestion {
        notice_reference: notice.reference.clone(),
        notice_title: notice.title.clone(),
        visibility: visibility(&row),
        answer_html: row.answer.as_deref().map(markdown::render),
        answered_at: row.answered_at.map(format_london),
        asked_at: format_london(row.asked_at),
        question: row.question,
    }
}

/// The questions an organisation asked, newest first; of one notice, or of all.
pub(crate) async fn asked_by(
    db: &impl ConnectionTrait,
    organisation: Uuid,
    notice: Option<&notice::Model>,
) -> DomainResult<Vec<OwnQuestion>> {
    let mut query = clarification::Entity::find()
        .filter(clarification::Column::OrganisationId.eq(organisation));
    if let Some(notice) = notice {
        query = query.filter(clarification::Column::NoticeId.eq(notice.id));
    }
    let rows = query
        .order_by_desc(clarification::Column::AskedAt)
        .all(db)
        .await?;
    let notice_ids: BTreeSet<Uuid> = rows.iter().map(|r| r.notice_id).collect();
    let notices: HashMap<Uuid, notice::Model> = notice::Entity::find()
        .filter(notice::Column::Id.is_in(notice_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|n| (n.id, n))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let notice = notices.get(&row.notice_id)?.clone();
            Some(own_question(row, &notice))
        })
        .collect())
}

/// The page where a supplier asks a question (and sees its earlier ones).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AskPage {
    pub heading: NoticeHeading,
    pub own_questions: Vec<OwnQuestion>,
}

pub async fn ask_page(
    db: &DatabaseConnection,
    actor: &Actor,
    reference: &str,
    now: DateTime<Utc>,
) -> DomainResult<AskPage> {
    let loaded = access::by_reference(db, actor, reference, NoticeAction::View, now).await?;
    crate::domain::engagement_policy::authorize_supplier_area(actor)?;
    let user = require_user(actor)?;
    Ok(AskPage {
        heading: NoticeHeading::of(&loaded.row, loaded.status, now),
        own_questions: asked_by(db, user.organisation_id.0, Some(&loaded.row)).await?,
    })
}

fn deadline_passed(deadline: DateTime<Utc>) -> String {
    format!(
        "The deadline for clarification questions was {}. Questions can no longer be asked about this notice.",
        format_london(deadline)
    )
}

pub async fn ask(
    db: &DatabaseConnection,
    actor: &Actor,
    reference: &str,
    question: &str,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    let loaded =
        access::by_reference(db, actor, reference, NoticeAction::AskClarification, now).await?;
    let user = require_user(actor)?;
    let mut errors = FieldErrors::new();
    let text = errors.check(
        QUESTION_FIELD,
        optional_message(question, QUESTION_MAX, "Your question"),
    );
    if let Some(deadline) = loaded.row.clarification_deadline.filter(|d| now >= *d) {
        return Err(DomainError::field(
            QUESTION_FIELD,
            deadline_passed(deadline),
        ));
    }
    if text.as_deref() == Some("") {
        errors.add(QUESTION_FIELD, "Enter your question");
    }
    errors.into_result()?;
    let text = text.expect("checked");
    let txn = crate::ssr::db::write(db).await?;
    let asked_at = Utc::now();
    let current = access::by_id(
        &txn,
        actor,
        loaded.row.id,
        NoticeAction::AskClarification,
        asked_at,
    )
    .await?;
    if let Some(deadline) = current
        .row
        .clarification_deadline
        .filter(|d| asked_at >= *d)
    {
        return Err(DomainError::field(
            QUESTION_FIELD,
            deadline_passed(deadline),
        ));
    }
    clarification::ActiveModel {
        id: Set(Uuid::new_v4()),
        notice_id: Set(current.row.id),
        organisation_id: Set(user.organisation_id.0),
        asked_by: Set(user.id.0),
        question: Set(text),
        asked_at: Set(asked_at),
        answer: Set(None),
        visibility: Set(None),
        answered_by: Set(None),
        answered_at: Set(None),
        answer_history: Set("[]".into()),
        version: Set(1),
        published_question: Set(None),
    }
    .insert(&txn)
    .await?;
    // Asking means wanting to hear the answers published to everyone.
    interest::ensure(&txn, current.row.id, user).await?;
    audit::record(
        &txn,
        user,
        Some(ChallengeId(current.row.challenge_id)),
        "clarification_asked",
        format!(
            "A supplier asked a clarification question about notice {}",
            current.row.reference
        ),
    )
    .await?;
    let contact = current.row.contact_email.trim();
    if !contact.is_empty() {
        outbox::enqueue(
            &txn,
            contact,
            &format!("A supplier asked a question about {}", current.row.title),
            &format!(
                "{} of {} asked a clarification question about the market engagement notice “{}” ({}). The lead authority can answer it from the challenge's notice questions page.\n",
                user.name, user.organisation_name, current.row.title, current.row.reference
            ),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// A question as the member authorities see it: who asked, and every answer given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberQuestion {
    pub id: Uuid,
    pub question: String,
    /// The wording published with a public answer, when the lead changed it.
    pub published_question: Option<String>,
    pub asked_by: String,
    pub organisation: String,
    pub asked_at: String,
    pub answer: Option<String>,
    pub answer_html: Option<String>,
    pub visibility: Option<AnswerVisibility>,
    pub answered_by: Option<String>,
    pub answered_at: Option<String>,
    pub version: i32,
    pub earlier_answers: Vec<EarlierAnswerView>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EarlierAnswerView {
    pub answer_html: String,
    pub visibility: Option<AnswerVisibility>,
    pub answered_by: String,
    pub answered_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticeQuestions {
    pub heading: NoticeHeading,
    pub can_answer: bool,
    pub questions: Vec<MemberQuestion>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberQuestionsPage {
    pub challenge_id: Uuid,
    pub challenge_title: String,
    pub notices: Vec<NoticeQuestions>,
}

async fn names(
    db: &impl ConnectionTrait,
    users: impl IntoIterator<Item = Uuid>,
) -> DomainResult<HashMap<Uuid, user::Model>> {
    let ids: BTreeSet<Uuid> = users.into_iter().collect();
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect())
}

/// Every question about the challenge's notices, for its member authorities.
pub async fn for_members(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
    now: DateTime<Utc>,
) -> DomainResult<MemberQuestionsPage> {
    // The challenge first, so a private one stays invisible from outside.
    let loaded = load_for(db, actor, challenge, ChallengeAction::View).await?;
    let notices = notice::Entity::find()
        .filter(notice::Column::ChallengeId.eq(challenge.0))
        .order_by_desc(notice::Column::CreatedAt)
        .all(db)
        .await?;
    let mut sections = Vec::new();
    for row in notices {
        let (status, facts) = access::facts_for(db, actor, &row, now).await?;
        authorize_notice(actor, NoticeAction::ViewClarifications, &facts)?;
        let can_answer = authorize_notice(actor, NoticeAction::AnswerClarification, &facts).is_ok();
        let questions = clarification::Entity::find()
            .filter(clarification::Column::NoticeId.eq(row.id))
            .order_by_asc(clarification::Column::AskedAt)
            .all(db)
            .await?;
        let people = names(
            db,
            questions
                .iter()
                .flat_map(|q| std::iter::once(q.asked_by).chain(q.answered_by)),
        )
        .await?;
        let orgs: HashMap<Uuid, String> = organisation::Entity::find()
            .filter(
                organisation::Column::Id.is_in(
                    questions
                        .iter()
                        .map(|q| q.organisation_id)
                        .collect::<BTreeSet<_>>(),
                ),
            )
            .all(db)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect();
        let name_of = |id: &Uuid| {
            people
                .get(id)
                .map(|u| u.display_name.clone())
                .unwrap_or_else(|| "A former user".into())
        };
        sections.push(NoticeQuestions {
            heading: NoticeHeading::of(&row, status, now),
            can_answer,
            questions: questions
                .into_iter()
                .map(|q| MemberQuestion {
                    id: q.id,
                    asked_by: name_of(&q.asked_by),
                    organisation: orgs.get(&q.organisation_id).cloned().unwrap_or_default(),
                    asked_at: format_london(q.asked_at),
                    answer_html: q.answer.as_deref().map(markdown::render),
                    visibility: visibility(&q),
                    answered_by: q.answered_by.as_ref().map(name_of),
                    answered_at: q.answered_at.map(format_london),
                    version: q.version,
                    earlier_answers: history(&q)
                        .into_iter()
                        .map(|e| EarlierAnswerView {
                            answer_html: markdown::render(&e.answer),
                            visibility: AnswerVisibility::parse(&e.visibility),
                            answered_by: e.answered_by,
                            answered_at: format_london(e.answered_at),
                        })
                        .collect(),
                    answer: q.answer,
                    published_question: q.published_question,
                    question: q.question,
                })
                .collect(),
        });
    }
    if sections.is_empty() {
        // Nothing about notices is shown to those outside the challenge.
        if loaded.facts.actor_role.is_none() && !actor.user().is_some_and(|u| u.platform_admin) {
            return Err(DomainError::NotFound);
        }
    }
    Ok(MemberQuestionsPage {
        challenge_id: challenge.0,
        challenge_title: loaded.row.title,
        notices: sections,
    })
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AnswerForm {
    pub answer: String,
    pub visibility: String,
    pub version: String,
    /// The question as it will be published with a public answer; not sent: as asked.
    pub published_question: Option<String>,
}

/// The field ids of one question's answer form, so errors link to the right one.
/// The field id of the question's published wording.
pub fn published_question_field(question: Uuid) -> String {
    format!("published-{question}")
}

pub fn answer_field(question: Uuid) -> String {
    format!("answer-{question}")
}

pub fn visibility_field(question: Uuid) -> String {
    format!("visibility-{question}")
}

pub async fn answer(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
    id: Uuid,
    form: &AnswerForm,
    public_url: &str,
    now: DateTime<Utc>,
) -> DomainResult<AnswerVisibility> {
    load_for(db, actor, challenge, ChallengeAction::View).await?;
    let row = clarification::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let loaded = access::by_id(
        db,
        actor,
        row.notice_id,
        NoticeAction::ViewClarifications,
        now,
    )
    .await?;
    if loaded.row.challenge_id != challenge.0 {
        return Err(DomainError::NotFound);
    }
    access::authorize(actor, NoticeAction::AnswerClarification, &loaded)?;
    let user = require_user(actor)?;
    let field = answer_field(id);
    let mut errors = FieldErrors::new();
    let text = errors.check(
        &field,
        optional_message(&form.answer, ANSWER_MAX, "The answer"),
    );
    if text.as_deref() == Some("") {
        errors.add(&field, "Enter the answer");
    }
    let chosen = AnswerVisibility::parse(form.visibility.trim());
    match chosen {
        None => errors.add(
            &visibility_field(id),
            "Select whether to publish the answer to every supplier or send it only to the supplier who asked",
        ),
        Some(AnswerVisibility::Private) if visibility(&row) == Some(AnswerVisibility::Public) => {
            errors.add(
                &visibility_field(id),
                "This answer has already been published to every supplier, so it stays public: change its text instead",
            )
        }
        Some(_) => {}
    }
    // A public answer shows the question to everyone: the lead may reword it first.
    let published_question = match (&form.published_question, chosen) {
        (Some(wording), Some(AnswerVisibility::Public)) => {
            let field = published_question_field(id);
            match errors.check(
                &field,
                optional_message(wording, QUESTION_MAX, "The question as published"),
            ) {
                Some(text) if text.is_empty() => {
                    errors.add(
                        &field,
                        "Enter the question as it will be published, without anything that names the supplier",
                    );
                    None
                }
                Some(text) if text != row.question => Some(text),
                _ => None,
            }
        }
        _ => None,
    };
    let based_on: Option<i32> = form.version.trim().parse().ok();
    if based_on.is_none() {
        errors.add(
            &field,
            "The form was missing its version: reload the page and try again",
        );
    }
    errors.into_result()?;
    let (text, chosen, based_on) = (
        text.expect("checked"),
        chosen.expect("checked"),
        based_on.expect("checked"),
    );
    let txn = crate::ssr::db::write(db).await?;
    let current = clarification::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let mut earlier = history(&current);
    if let (Some(previous), Some(answered_at)) = (&current.answer, current.answered_at) {
        let by = match current.answered_by {
            Some(by) => names(&txn, [by])
                .await?
                .remove(&by)
                .map(|u| u.display_name)
                .unwrap_or_default(),
            None => String::new(),
        };
        earlier.push(EarlierAnswer {
            answer: previous.clone(),
            visibility: current.visibility.clone().unwrap_or_default(),
            answered_by: by,
            answered_at,
        });
    }
    let answered_at = Utc::now();
    let result = clarification::Entity::update_many()
        .col_expr(clarification::Column::Answer, Expr::value(text.clone()))
        .col_expr(
            clarification::Column::Visibility,
            Expr::value(chosen.as_str()),
        )
        .col_expr(clarification::Column::AnsweredBy, Expr::value(user.id.0))
        .col_expr(clarification::Column::AnsweredAt, Expr::value(answered_at))
        .col_expr(
            clarification::Column::AnswerHistory,
            Expr::value(serde_json::to_string(&earlier).expect("history serialises")),
        )
        .col_expr(
            clarification::Column::PublishedQuestion,
            Expr::value(published_question.clone()),
        )
        .col_expr(clarification::Column::Version, Expr::value(based_on + 1))
        .filter(clarification::Column::Id.eq(id))
        .filter(clarification::Column::Version.eq(based_on))
        .exec(&txn)
        .await?;
    if result.rows_affected != 1 {
        drop(txn);
        let latest = clarification::Entity::find_by_id(id)
            .one(db)
            .await?
            .ok_or(DomainError::NotFound)?;
        let by = match latest.answered_by {
            Some(by) => names(db, [by])
                .await?
                .remove(&by)
                .map(|u| u.display_name)
                .unwrap_or_else(|| "someone".into()),
            None => "someone".into(),
        };
        return Err(DomainError::Conflict(format!(
            "{by} answered this question on {} after you opened the page. Your answer has not been saved and nothing was overwritten: read their answer, then change yours and save again if it still needs changing.",
            latest.answered_at.map(format_london).unwrap_or_default()
        )));
    }
    let changed = current.answer.is_some();
    audit::record(
        &txn,
        user,
        Some(challenge),
        "clarification_answered",
        format!(
            "{} a clarification question about notice {} ({})",
            if changed {
                "Changed the answer to"
            } else {
                "Answered"
            },
            loaded.row.reference,
            chosen.label().to_lowercase()
        ),
    )
    .await?;
    let answered = clarification::Model {
        published_question,
        ..current
    };
    notify(
        &txn,
        &loaded.row,
        &answered,
        &text,
        chosen,
        changed,
        public_url,
    )
    .await?;
    txn.commit().await?;
    Ok(chosen)
}

/// A public answer goes to every supplier that registered interest (and the asker); a
/// private one to the asker only.
async fn notify(
    db: &impl ConnectionTrait,
    notice: &notice::Model,
    question: &clarification::Model,
    answer: &str,
    chosen: AnswerVisibility,
    changed: bool,
    public_url: &str,
) -> DomainResult<()> {
    let mut recipients: BTreeSet<Uuid> = BTreeSet::from([question.asked_by]);
    if chosen == AnswerVisibility::Public {
        recipients.extend(
            supplier_interest::Entity::find()
                .filter(supplier_interest::Column::NoticeId.eq(notice.id))
                .all(db)
                .await?
                .into_iter()
                .map(|i| i.user_id),
        );
    }
    let people = names(db, recipients).await?;
    let link = format!(
        "{}/notices/{}",
        public_url.trim_end_matches('/'),
        notice.reference
    );
    let (subject, opening) = match (chosen, changed) {
        (AnswerVisibility::Public, false) => (
            format!("A clarification question about {} has been answered", notice.title),
            "A supplier asked a question about this notice. The answer is published to every supplier:",
        ),
        (AnswerVisibility::Public, true) => (
            format!("A clarification answer about {} has changed", notice.title),
            "The answer to a supplier's question about this notice has changed. The new answer, published to every supplier:",
        ),
        (AnswerVisibility::Private, false) => (
            format!("Your question about {} has been answered", notice.title),
            "The lead authority answered your question privately: only your organisation can see this answer.",
        ),
        (AnswerVisibility::Private, true) => (
            format!("The answer to your question about {} has changed", notice.title),
            "The lead authority changed its private answer to your question: only your organisation can see it.",
        ),
    };
    // Everyone but the asker reads the question as published.
    let asked = match chosen {
        AnswerVisibility::Public => published_wording(question),
        AnswerVisibility::Private => &question.question,
    };
    for person in people.values() {
        outbox::enqueue(
            db,
            &person.email,
            &subject,
            &format!(
                "{opening}\n\nQuestion: {}\n\nAnswer: {answer}\n\nNotice: {} ({})\n{link}\n",
                asked, notice.title, notice.reference
            ),
        )
        .await?;
    }
    Ok(())
}
