//! What reviewers read: the table of respondents, one response (its latest submission,
//! or an earlier one, with the notes and tags), and every supplier's answer to one
//! question side by side.

use super::answers::{self, AnswerView, QuestionView};
use super::declarations::{self, DeclarationRow, OwnDeclaration};
use super::scope::{self, ReviewScope};
use super::tags;
use super::Access;
use crate::domain::engagement::{format_london, NoticeStatus};
use crate::domain::engagement_policy::NoticeAction;
use crate::domain::policy::Actor;
use crate::domain::ChallengeId;
use crate::ssr::entities::{
    notice_question, organisation, response, response_note, response_submission,
};
use crate::ssr::error::{DomainError, DomainResult};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

/// A submitted response with its supplier and latest submission.
pub(crate) struct Submitted {
    pub response: response::Model,
    pub supplier: String,
    pub latest: response_submission::Model,
}

/// The notice's responses that have been submitted at least once, by supplier name.
pub(crate) async fn submitted(
    db: &impl ConnectionTrait,
    scope: &ReviewScope,
) -> DomainResult<Vec<Submitted>> {
    let responses = response::Entity::find()
        .filter(response::Column::NoticeId.eq(scope.notice.id))
        .all(db)
        .await?;
    let ids: Vec<Uuid> = responses.iter().map(|r| r.id).collect();
    let mut latest: HashMap<Uuid, response_submission::Model> = HashMap::new();
    for row in response_submission::Entity::find()
        .filter(response_submission::Column::ResponseId.is_in(ids))
        .all(db)
        .await?
    {
        let newer = latest
            .get(&row.response_id)
            .is_none_or(|seen| row.number > seen.number);
        if newer {
            latest.insert(row.response_id, row);
        }
    }
    let org_ids: Vec<Uuid> = responses.iter().map(|r| r.organisation_id).collect();
    let names: HashMap<Uuid, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(org_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut list: Vec<Submitted> = responses
        .into_iter()
        .filter_map(|response| {
            let latest = latest.remove(&response.id)?;
            let supplier = names
                .get(&response.organisation_id)
                .cloned()
                .unwrap_or_else(|| "Unknown supplier".into());
            Some(Submitted {
                response,
                supplier,
                latest,
            })
        })
        .collect();
    list.sort_by(|a, b| {
        a.supplier
            .to_lowercase()
            .cmp(&b.supplier.to_lowercase())
            .then(a.response.id.cmp(&b.response.id))
    });
    Ok(list)
}

pub(crate) async fn questions(
    db: &impl ConnectionTrait,
    scope: &ReviewScope,
) -> DomainResult<Vec<QuestionView>> {
    let rows = notice_question::Entity::find()
        .filter(notice_question::Column::NoticeId.eq(scope.notice.id))
        .order_by_asc(notice_question::Column::Position)
        .order_by_asc(notice_question::Column::Id)
        .all(db)
        .await?;
    Ok(QuestionView::list(rows))
}

/// What every review page says about the notice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeHeader {
    pub challenge_id: ChallengeId,
    pub challenge_title: String,
    pub notice_title: String,
    pub notice_reference: String,
    pub status: NoticeStatus,
    /// "15 June 2027 at 5:00pm BST".
    pub closes_at: Option<String>,
}

impl NoticeHeader {
    fn of(scope: &ReviewScope) -> Self {
        NoticeHeader {
            challenge_id: scope.challenge_id,
            challenge_title: scope.challenge_title.clone(),
            notice_title: scope.notice.title.clone(),
            notice_reference: scope.notice.reference.clone(),
            status: scope.status,
            closes_at: scope.notice.closes_at.map(format_london),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Respondent {
    pub response_id: Uuid,
    pub supplier: String,
    pub submitted_at: DateTime<Utc>,
    pub submitted_at_label: String,
    pub submission_number: i32,
    pub tags: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub header: NoticeHeader,
    pub respondents: Vec<Respondent>,
    pub questions: Vec<QuestionView>,
    pub own_declaration: Option<OwnDeclaration>,
    /// Every declaration, for the lead only.
    pub declarations: Option<Vec<DeclarationRow>>,
    pub observers_see_responses: bool,
    /// The lead may let observers in or keep them out.
    pub can_set_observer_access: bool,
}

pub async fn overview(
    db: &impl ConnectionTrait,
    actor: &Actor,
    challenge: ChallengeId,
) -> DomainResult<Access<Overview>> {
    let scope =
        match scope::open_declared(db, actor, challenge, NoticeAction::ReviewResponses).await? {
            Access::Ready(scope) => scope,
            Access::Declare => return Ok(Access::Declare),
            Access::NotPublished(info) => return Ok(Access::NotPublished(info)),
        };
    let respondents = submitted(db, &scope)
        .await?
        .into_iter()
        .map(|s| Respondent {
            response_id: s.response.id,
            supplier: s.supplier,
            submitted_at: s.latest.submitted_at,
            submitted_at_label: format_london(s.latest.submitted_at),
            submission_number: s.latest.number,
            tags: tags::parse_stored(&s.response.review_tags),
        })
        .collect();
    let declarations = if scope.may(NoticeAction::ViewConflictDeclarations) {
        Some(declarations::all(db, &scope).await?)
    } else {
        None
    };
    Ok(Access::Ready(Overview {
        header: NoticeHeader::of(&scope),
        respondents,
        questions: questions(db, &scope).await?,
        own_declaration: declarations::own(db, &scope).await?,
        declarations,
        observers_see_responses: scope.notice.observers_see_responses,
        can_set_observer_access: scope.may(NoticeAction::SetObserverAccess),
    }))
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnsweredQuestion {
    pub question: QuestionView,
    pub answer: AnswerView,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionSummary {
    pub number: i32,
    pub submitted_at_label: String,
    pub submitted_by: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteView {
    pub author: String,
    pub organisation: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub created_at_label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseDetail {
    pub header: NoticeHeader,
    pub response_id: Uuid,
    pub supplier: String,
    /// The submission shown: the latest unless an earlier one was asked for.
    pub shown: SubmissionSummary,
    pub is_latest: bool,
    pub answers: Vec<AnsweredQuestion>,
    /// Every submission, newest first.
    pub submissions: Vec<SubmissionSummary>,
    pub notes: Vec<NoteView>,
    pub tags: Vec<String>,
    pub can_annotate: bool,
}

/// One response, at its latest submission or at submission `number`.
pub async fn response_detail(
    db: &impl ConnectionTrait,
    actor: &Actor,
    challenge: ChallengeId,
    response_id: Uuid,
    number: Option<i32>,
) -> DomainResult<Access<ResponseDetail>> {
    let scope =
        match scope::open_declared(db, actor, challenge, NoticeAction::ReviewResponses).await? {
            Access::Ready(scope) => scope,
            Access::Declare => return Ok(Access::Declare),
            Access::NotPublished(_) => return Err(DomainError::NotFound),
        };
    let row = scope::submitted_response(db, &scope, response_id).await?;
    let submissions = response_submission::Entity::find()
        .filter(response_submission::Column::ResponseId.eq(row.id))
        .order_by_desc(response_submission::Column::Number)
        .all(db)
        .await?;
    let latest_number = submissions.first().map(|s| s.number);
    let shown = match number {
        None => submissions.first(),
        Some(n) => submissions.iter().find(|s| s.number == n),
    }
    .ok_or(DomainError::NotFound)?;
    let questions = questions(db, &scope).await?;
    let parsed = answers::parse(&shown.answers);
    let answers = questions
        .into_iter()
        .map(|question| AnsweredQuestion {
            answer: answers::answer_for(&parsed, &question),
            question,
        })
        .collect();
    let supplier = organisation::Entity::find_by_id(row.organisation_id)
        .one(db)
        .await?
        .map(|o| o.name)
        .unwrap_or_else(|| "Unknown supplier".into());
    let notes = response_note::Entity::find()
        .filter(response_note::Column::ResponseId.eq(row.id))
        .order_by_asc(response_note::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|n| NoteView {
            author: n.author_name,
            organisation: n.author_organisation_name,
            body: n.body,
            created_at_label: format_london(n.created_at),
            created_at: n.created_at,
        })
        .collect();
    let summary = |s: &response_submission::Model| SubmissionSummary {
        number: s.number,
        submitted_at_label: format_london(s.submitted_at),
        submitted_by: s.submitted_by_name.clone(),
    };
    Ok(Access::Ready(ResponseDetail {
        header: NoticeHeader::of(&scope),
        response_id: row.id,
        supplier,
        shown: summary(shown),
        is_latest: Some(shown.number) == latest_number,
        answers,
        submissions: submissions.iter().map(summary).collect(),
        notes,
        tags: tags::parse_stored(&row.review_tags),
        can_annotate: scope.may(NoticeAction::AnnotateResponses),
    }))
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierAnswer {
    pub response_id: Uuid,
    pub supplier: String,
    pub submission_number: i32,
    pub answer: AnswerView,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionComparison {
    pub header: NoticeHeader,
    pub question: QuestionView,
    pub answers: Vec<SupplierAnswer>,
    /// For choice and yes/no questions: how many suppliers gave each answer, most first.
    pub tally: Vec<(String, usize)>,
    pub previous: Option<QuestionView>,
    pub next: Option<QuestionView>,
}

fn tally(question: &QuestionView, answers: &[SupplierAnswer]) -> Vec<(String, usize)> {
    use crate::domain::engagement::QuestionKind;
    if matches!(question.kind, Some(QuestionKind::FreeText) | None) {
        return Vec::new();
    }
    let mut counts: Vec<(String, usize)> = Vec::new();
    for value in answers.iter().flat_map(|a| a.answer.values()) {
        match counts.iter_mut().find(|(v, _)| *v == value) {
            Some((_, n)) => *n += 1,
            None => counts.push((value, 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    counts
}

/// Every submitted response's latest answer to one question.
pub async fn question_comparison(
    db: &impl ConnectionTrait,
    actor: &Actor,
    challenge: ChallengeId,
    question_id: Uuid,
) -> DomainResult<Access<QuestionComparison>> {
    let scope =
        match scope::open_declared(db, actor, challenge, NoticeAction::ReviewResponses).await? {
            Access::Ready(scope) => scope,
            Access::Declare => return Ok(Access::Declare),
            Access::NotPublished(_) => return Err(DomainError::NotFound),
        };
    let questions = questions(db, &scope).await?;
    let at = questions
        .iter()
        .position(|q| q.id == question_id)
        .ok_or(DomainError::NotFound)?;
    let question = questions[at].clone();
    let answers: Vec<SupplierAnswer> = submitted(db, &scope)
        .await?
        .into_iter()
        .map(|s| SupplierAnswer {
            response_id: s.response.id,
            answer: answers::answer_for(&answers::parse(&s.latest.answers), &question),
            supplier: s.supplier,
            submission_number: s.latest.number,
        })
        .collect();
    Ok(Access::Ready(QuestionComparison {
        header: NoticeHeader::of(&scope),
        tally: tally(&question, &answers),
        previous: at.checked_sub(1).map(|i| questions[i].clone()),
        next: questions.get(at + 1).cloned(),
        question,
        answers,
    }))
}
