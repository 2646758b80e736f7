//! A supplier's response to a notice: the questionnaire form (save a draft, submit,
//! change and resubmit), the submissions made so far, and each submission as sent.

use super::fields::{AnswerFields, AnswersList};
use crate::domain::answers::Answers;
use crate::domain::engagement::ResponseStatus;
use crate::domain::FieldErrors;
use crate::ssr::responses::answering::{ResponseView, SubmissionView};
use crate::ui::form::{ErrorSummary, Hidden};
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct ResponsePageData {
    pub view: ResponseView,
    /// The answers as last posted, when the post was refused: shown instead of the saved
    /// ones so nothing typed is lost.
    pub typed: Option<Answers>,
    pub errors: FieldErrors,
}

fn status_text(view: &ResponseView) -> String {
    match (view.status, view.submissions.first()) {
        (Some(ResponseStatus::Submitted), Some(latest)) if view.unsubmitted_changes => format!(
            "Submitted (submission {} on {}); you have saved changes that are not submitted yet",
            latest.number, latest.submitted_at
        ),
        (Some(ResponseStatus::Submitted), Some(latest)) => format!(
            "Submitted (submission {} on {})",
            latest.number, latest.submitted_at
        ),
        (Some(_), _) => "Draft: not submitted yet".to_string(),
        (None, _) => "Not started".to_string(),
    }
}

fn missing_text(missing: &[usize]) -> Option<String> {
    match missing {
        [] => None,
        [one] => Some(format!(
            "Question {one} must be answered before you submit."
        )),
        many => {
            let (last, rest) = many.split_last().expect("several");
            let rest = rest
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            Some(format!(
                "Questions {rest} and {last} must be answered before you submit."
            ))
        }
    }
}

#[component]
pub fn ResponsePage(data: ResponsePageData) -> impl IntoView {
    let view = data.view;
    let heading = view.heading.clone();
    let reference = heading.reference.clone();
    let notice_href = format!("/notices/{reference}");
    let action = format!("/notices/{reference}/response");
    let submit_action = format!("/notices/{reference}/response/submit");
    let refused = data.typed.is_some();
    let shown = data.typed.clone().unwrap_or_else(|| view.answers.clone());
    let closes = heading
        .closes_at
        .clone()
        .map(|at| match &heading.time_left {
            Some(left) => format!("{at} ({left})"),
            None => at,
        });
    let submissions = view.submissions.clone();
    let response_id = view.response_id;
    let has_saved = !view.answers.is_empty();
    view! {
        <ErrorSummary errors=data.errors.clone() />
        <span class="govuk-caption-l">{heading.title.clone()}</span>
        <h1 class="govuk-heading-l">"Your response"</h1>
        <p class="govuk-body">
            "To the market engagement notice "
            <a class="govuk-link" href=notice_href.clone()>{reference.clone()}</a>
            ". Only your organisation and the authorities running this engagement can read it."
        </p>
        <dl class="govuk-summary-list" data-testid="response-status">
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Status"</dt>
                <dd class="govuk-summary-list__value" data-testid="response-state">{status_text(&view)}</dd>
            </div>
            {closes.map(|closes| view! {
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">"Closes"</dt>
                    <dd class="govuk-summary-list__value" data-testid="closes-at">{closes}</dd>
                </div>
            })}
            {view.saved_at.clone().map(|at| view! {
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">"Last saved"</dt>
                    <dd class="govuk-summary-list__value">{at}</dd>
                </div>
            })}
        </dl>
        {if view.open {
            view! {
                <p class="govuk-body">
                    "Save a draft as often as you like. Submit when you are ready: you can change and submit again until the notice closes, and the authorities read your latest submission."
                </p>
                {missing_text(&view.missing_required).filter(|_| !refused).map(|text| view! {
                    <div class="govuk-inset-text" data-testid="missing-required">{text}</div>
                })}
                <form id="response" method="post" action=action novalidate data-testid="response-form">
                    <Hidden name="version" value=view.version.to_string() />
                    <AnswerFields questions=view.questions.clone() answers=shown.clone() errors=data.errors.clone() />
                    <div class="govuk-button-group">
                        <button type="submit" class="govuk-button" data-module="govuk-button"
                            formaction=submit_action data-testid="submit-response">
                            {if submissions.is_empty() { "Submit response" } else { "Submit changed response" }}
                        </button>
                        <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" data-testid="save-draft">
                            "Save as draft"
                        </button>
                    </div>
                </form>
                {(refused && has_saved).then(|| view! {
                    <details class="govuk-details" data-testid="saved-answers">
                        <summary class="govuk-details__summary">
                            <span class="govuk-details__summary-text">"The answers saved now"</span>
                        </summary>
                        <div class="govuk-details__text">
                            <AnswersList questions=view.questions.clone() answers=view.answers.clone() testid="saved-answers-list" />
                        </div>
                    </details>
                })}
            }
            .into_any()
        } else {
            view! {
                <div class="govuk-inset-text" id="response" data-testid="not-open">
                    {heading.not_open_message.clone().unwrap_or_default()}
                </div>
                {data.typed.clone().map(|typed| view! {
                    <h2 class="govuk-heading-m">"What you sent (not saved)"</h2>
                    <AnswersList questions=view.questions.clone() answers=typed testid="typed-answers" />
                })}
                {(!refused && has_saved).then(|| view! {
                    <h2 class="govuk-heading-m">"Your answers as last saved"</h2>
                    <AnswersList questions=view.questions.clone() answers=view.answers.clone() testid="saved-answers-list" />
                })}
            }
            .into_any()
        }}
        {(!submissions.is_empty()).then(|| {
            let id = response_id.map(|id| id.to_string()).unwrap_or_default();
            view! {
                <h2 class="govuk-heading-m">"Your submissions"</h2>
                <p class="govuk-body">"Every submission is kept. The authorities read the latest one."</p>
                <table class="govuk-table" data-testid="submissions">
                    <caption class="govuk-table__caption govuk-visually-hidden">"Submissions of this response, newest first"</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"Submission"</th>
                            <th scope="col" class="govuk-table__header">"Submitted by"</th>
                            <th scope="col" class="govuk-table__header">"When"</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {submissions.into_iter().enumerate().map(|(i, s)| view! {
                            <tr class="govuk-table__row" data-testid="submission">
                                <td class="govuk-table__cell">
                                    <a class="govuk-link" href=format!("/supplier/responses/{id}/submissions/{}", s.number)>
                                        {format!("Submission {}", s.number)}
                                    </a>
                                    {(i == 0).then(|| view! { " " <strong class="govuk-tag govuk-tag--green">"Latest"</strong> })}
                                </td>
                                <td class="govuk-table__cell">{s.submitted_by}</td>
                                <td class="govuk-table__cell">{s.submitted_at}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }
        })}
        <p class="govuk-body">
            <a class="govuk-link" href=notice_href>"Back to the notice"</a>
            " · "
            <a class="govuk-link" href="/supplier">"Your supplier dashboard"</a>
        </p>
    }
}

#[component]
pub fn SubmissionPage(data: SubmissionView) -> impl IntoView {
    let reference = data.heading.reference.clone();
    view! {
        <span class="govuk-caption-l">{data.heading.title.clone()}</span>
        <h1 class="govuk-heading-l">{format!("Submission {}", data.number)}</h1>
        <p class="govuk-body" data-testid="submission-meta">
            {format!("Submitted by {} on {}. ", data.submitted_by, data.submitted_at)}
            {if data.latest {
                "This is your latest submission: the one the authorities read."
            } else {
                "A later submission has replaced it; it is kept as it was sent."
            }}
        </p>
        <AnswersList questions=data.questions answers=data.answers testid="submitted-answers" />
        <p class="govuk-body">
            <a class="govuk-link" href=format!("/notices/{reference}/response")>"Back to your response"</a>
        </p>
    }
}
