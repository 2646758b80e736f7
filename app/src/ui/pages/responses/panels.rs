//! The supplier and clarification panels included in the public notice page.

use super::fields::PlainText;
use super::questions::{AskForm, OwnQuestions};
use crate::ssr::responses::clarifications::PublicAnswer;
use crate::ssr::responses::panels::{NoticePanels, ResponseState, SupplierPanel, Viewer};
use crate::ssr::responses::NoticeHeading;
use crate::ui::form::FormState;
use leptos::prelude::*;

pub fn notice_panels(panels: NoticePanels) -> impl IntoView {
    let Some(heading) = panels.heading else {
        return ().into_any();
    };
    view! {
        <ResponsePanel heading=heading.clone() viewer=panels.viewer.clone() />
        <QuestionsPanel heading=heading viewer=panels.viewer answers=panels.public_answers />
    }
    .into_any()
}

fn closing_line(heading: &NoticeHeading) -> Option<String> {
    heading
        .closes_at
        .as_ref()
        .map(|at| match &heading.time_left {
            Some(left) => format!("{left}: responses close on {at}."),
            None => format!("Responses closed on {at}."),
        })
}

#[component]
fn ResponsePanel(heading: NoticeHeading, viewer: Viewer) -> impl IntoView {
    let reference = heading.reference.clone();
    let open = heading.not_open_message.is_none();
    let closing = closing_line(&heading);
    let body = match (viewer, open) {
        (Viewer::Supplier(panel), true) => {
            view! { <SupplierActions reference=reference.clone() panel=panel /> }.into_any()
        }
        (Viewer::Supplier(panel), false) => {
            let has_response = panel.response != ResponseState::NotStarted;
            view! {
                <div class="govuk-inset-text" data-testid="notice-not-open">{heading.not_open_message.clone()}</div>
                {has_response.then(|| view! {
                    <p class="govuk-body">
                        <a class="govuk-link" href=format!("/notices/{reference}/response") data-testid="response-link">"View your response"</a>
                    </p>
                })}
            }
            .into_any()
        }
        (_, false) => view! {
            <div class="govuk-inset-text" data-testid="notice-not-open">{heading.not_open_message.clone()}</div>
        }
        .into_any(),
        (Viewer::Visitor, true) => {
            let return_to = format!("/notices/{reference}");
            view! {
                <p class="govuk-body" data-testid="sign-in-to-respond">
                    "To register interest, answer the questionnaire or ask a question, "
                    <a class="govuk-link" href=format!("/sign-in?return_to={return_to}")>"sign in"</a>
                    " or "
                    <a class="govuk-link" href="/register">"register your company as a supplier"</a>
                    "."
                </p>
            }
            .into_any()
        }
        (Viewer::Member { questions_href, questions, unanswered }, true) => view! {
            <p class="govuk-body" data-testid="member-questions-link">
                <a class="govuk-link" href=questions_href>"Read and answer suppliers' questions"</a>
                {format!(" ({questions} asked, {unanswered} not answered)")}
            </p>
        }
        .into_any(),
        (Viewer::Onlooker, true) => view! {
            <p class="govuk-body">"Suppliers registered on Coprocure respond to this notice here."</p>
        }
        .into_any(),
    };
    view! {
        <section class="govuk-!-margin-top-6" aria-labelledby="responding-heading" data-testid="response-panel">
            <h2 class="govuk-heading-m" id="responding-heading">"Responding to this notice"</h2>
            {closing.map(|line| view! { <p class="govuk-body" data-testid="closing-time">{line}</p> })}
            {body}
        </section>
    }
}

#[component]
fn SupplierActions(reference: String, panel: SupplierPanel) -> impl IntoView {
    let response_href = format!("/notices/{reference}/response");
    let (link_text, state_text) = match &panel.response {
        ResponseState::NotStarted => ("Answer the questionnaire", None),
        ResponseState::Draft {
            saved_at,
            missing_required,
        } => (
            "Continue your draft response",
            Some(if *missing_required == 0 {
                format!("Draft saved on {saved_at}: not submitted yet.")
            } else {
                let questions = if *missing_required == 1 {
                    "question"
                } else {
                    "questions"
                };
                format!("Draft saved on {saved_at}: not submitted yet; {missing_required} required {questions} still to answer.")
            }),
        ),
        ResponseState::Submitted {
            number,
            submitted_at,
            unsubmitted_changes,
        } => (
            "View or change your submitted response",
            Some(if *unsubmitted_changes {
                format!("Submitted (submission {number}, on {submitted_at}). You have saved changes that are not submitted.")
            } else {
                format!("Submitted (submission {number}, on {submitted_at}). You can change it until the notice closes.")
            }),
        ),
    };
    view! {
        {if panel.interest_registered {
            view! {
                <p class="govuk-body" data-testid="interest-registered">
                    <strong class="govuk-tag govuk-tag--green">"Interest registered"</strong>
                    " You will be emailed the answers to suppliers' questions."
                </p>
            }.into_any()
        } else {
            view! {
                <form method="post" action=format!("/notices/{reference}/interest") class="app-inline-form">
                    <p class="govuk-body">"Register interest to be emailed the answers to suppliers' questions."</p>
                    <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" data-testid="register-interest">
                        "Register interest"
                    </button>
                </form>
            }.into_any()
        }}
        {state_text.map(|text| view! { <p class="govuk-body" data-testid="response-state">{text}</p> })}
        <p class="govuk-body">
            <a class="govuk-link govuk-!-font-weight-bold" href=response_href data-testid="response-link">{link_text}</a>
        </p>
    }
}

#[component]
fn QuestionsPanel(
    heading: NoticeHeading,
    viewer: Viewer,
    answers: Vec<PublicAnswer>,
) -> impl IntoView {
    let open = heading.not_open_message.is_none();
    let ask = match &viewer {
        Viewer::Supplier(_) if open && heading.clarification_open => {
            view! { <AskForm heading=heading.clone() form=FormState::default() /> }.into_any()
        }
        Viewer::Supplier(_) if open => view! {
            <div class="govuk-inset-text" data-testid="asking-closed">
                {format!(
                    "The deadline for clarification questions was {}. Questions can no longer be asked.",
                    heading.clarification_deadline.clone().unwrap_or_default()
                )}
            </div>
        }
        .into_any(),
        _ => ().into_any(),
    };
    let deadline = heading
        .clarification_deadline
        .clone()
        .filter(|_| open && heading.clarification_open)
        .map(|d| format!("Suppliers can ask questions until {d}."));
    let own = match viewer {
        Viewer::Supplier(panel) if !panel.own_questions.is_empty() => Some(panel.own_questions),
        _ => None,
    };
    view! {
        <section class="govuk-!-margin-top-6" aria-labelledby="clarifications-heading" data-testid="clarifications-panel">
            <h2 class="govuk-heading-m" id="clarifications-heading">"Clarification questions"</h2>
            {deadline.map(|line| view! { <p class="govuk-body" data-testid="clarification-deadline">{line}</p> })}
            {if answers.is_empty() {
                view! { <p class="govuk-body" data-testid="no-public-answers">"No questions have been answered publicly yet."</p> }.into_any()
            } else {
                view! {
                    <p class="govuk-body">"Answers published to every supplier. Who asked is not shown."</p>
                    <ul class="govuk-list" data-testid="public-answers">
                        {answers.into_iter().map(|a| view! {
                            <li class="govuk-!-margin-bottom-6" data-testid="public-answer">
                                <h3 class="govuk-heading-s govuk-!-margin-bottom-1">"A supplier asked"</h3>
                                <div data-testid="public-question-text"><PlainText text=a.question /></div>
                                <h3 class="govuk-heading-s govuk-!-margin-bottom-1">
                                    {if a.revised { "Answer (changed)" } else { "Answer" }}
                                </h3>
                                <div class="govuk-body app-markdown" data-testid="public-answer-text" inner_html=a.answer_html></div>
                                <p class="govuk-body-s app-secondary-text">{format!("Answered on {}", a.answered_at)}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {own.map(|questions| view! {
                <h3 class="govuk-heading-s">"Your organisation's questions"</h3>
                <OwnQuestions questions=questions show_notice=false />
            })}
            {ask}
        </section>
    }
}
