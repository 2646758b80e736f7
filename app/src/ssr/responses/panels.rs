//! What the public notice page shows beyond the notice itself: the signed-in supplier's
//! own actions and the clarification answers published to everyone.

use super::access::{self, NoticeHeading};
use super::clarifications::{asked_by, public_answers, OwnQuestion, PublicAnswer};
use super::interest;
use crate::domain::answers;
use crate::domain::engagement::{format_london, ResponseStatus};
use crate::domain::engagement_policy::{authorize_notice, NoticeAction};
use crate::domain::policy::Actor;
use crate::domain::OrgKind;
use crate::ssr::entities::{notice, response, response_submission};
use crate::ssr::error::DomainResult;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

/// Where the signed-in supplier's response stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResponseState {
    NotStarted,
    Draft {
        saved_at: String,
        missing_required: usize,
    },
    Submitted {
        number: i32,
        submitted_at: String,
        unsubmitted_changes: bool,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupplierPanel {
    pub interest_registered: bool,
    pub response: ResponseState,
    pub own_questions: Vec<OwnQuestion>,
}

/// Who is looking at the notice, as far as the panels care.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Viewer {
    #[default]
    Visitor,
    Supplier(SupplierPanel),
    /// A member authority of the notice's challenge: it reads every question.
    Member {
        questions_href: String,
        questions: usize,
        unanswered: usize,
    },
    /// Another authority user or a platform admin: reads the notice, takes no part.
    Onlooker,
}

/// Everything the notice page needs from the supplier and clarification side.
#[derive(Clone, Debug, Default)]
pub struct NoticePanels {
    pub heading: Option<NoticeHeading>,
    pub viewer: Viewer,
    /// Answered publicly, oldest first, askers anonymised.
    pub public_answers: Vec<PublicAnswer>,
}

pub async fn load(
    db: &DatabaseConnection,
    actor: &Actor,
    notice: &notice::Model,
    now: DateTime<Utc>,
) -> DomainResult<NoticePanels> {
    let (status, facts) = access::facts_for(db, actor, notice, now).await?;
    let viewer = match actor.user() {
        None => Viewer::Visitor,
        Some(_)
            if authorize_notice(actor, NoticeAction::ViewClarifications, &facts).is_ok()
                && facts.actor_role.is_some() =>
        {
            let questions = super::super::entities::clarification::Entity::find()
                .filter(super::super::entities::clarification::Column::NoticeId.eq(notice.id))
                .all(db)
                .await?;
            Viewer::Member {
                questions_href: format!("/challenges/{}/notice/questions", notice.challenge_id),
                unanswered: questions.iter().filter(|q| q.answer.is_none()).count(),
                questions: questions.len(),
            }
        }
        Some(user) if user.organisation_kind == OrgKind::Supplier => {
            Viewer::Supplier(supplier_panel(db, notice, user.organisation_id.0).await?)
        }
        Some(_) => Viewer::Onlooker,
    };
    Ok(NoticePanels {
        heading: Some(NoticeHeading::of(notice, status, now)),
        viewer,
        public_answers: public_answers(db, notice.id).await?,
    })
}

async fn supplier_panel(
    db: &DatabaseConnection,
    notice: &notice::Model,
    organisation: uuid::Uuid,
) -> DomainResult<SupplierPanel> {
    let row = response::Entity::find()
        .filter(response::Column::NoticeId.eq(notice.id))
        .filter(response::Column::OrganisationId.eq(organisation))
        .one(db)
        .await?;
    let response = match row {
        None => ResponseState::NotStarted,
        Some(row) => {
            let latest = response_submission::Entity::find()
                .filter(response_submission::Column::ResponseId.eq(row.id))
                .order_by_desc(response_submission::Column::Number)
                .one(db)
                .await?;
            let saved = answers::from_json(&row.answers);
            match latest {
                Some(latest) if row.status == ResponseStatus::Submitted.as_str() => {
                    ResponseState::Submitted {
                        number: latest.number,
                        submitted_at: format_london(latest.submitted_at),
                        unsubmitted_changes: answers::from_json(&latest.answers) != saved,
                    }
                }
                _ => {
                    let questions = access::questions(db, notice.id).await?;
                    ResponseState::Draft {
                        saved_at: format_london(row.updated_at),
                        missing_required: answers::unanswered_required(&questions, &saved).len(),
                    }
                }
            }
        }
    };
    Ok(SupplierPanel {
        interest_registered: interest::is_registered(db, notice.id, organisation).await?,
        response,
        own_questions: asked_by(db, organisation, Some(notice)).await?,
    })
}
