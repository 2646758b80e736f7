//! Clarification questions: the supplier's page for asking one, and the member
//! authorities' list of every question with the lead's answer forms.

use crate::domain::engagement::AnswerVisibility;
use crate::ssr::responses::clarifications::{
    answer_field, published_question_field, visibility_field, AskPage, MemberQuestion,
    MemberQuestionsPage, OwnQuestion, ANSWER_MAX, QUESTION_FIELD, QUESTION_MAX,
};
use crate::ssr::responses::NoticeHeading;
use crate::ui::form::{ErrorSummary, FormState, Hidden, TextArea};
use crate::ui::pages::responses::fields::PlainText;
use leptos::prelude::*;
use uuid::Uuid;

/// The question box, on the notice page and on the page of its own.
#[component]
pub fn AskForm(heading: NoticeHeading, form: FormState) -> impl IntoView {
    let deadline = heading
        .clarification_deadline
        .clone()
        .map(|d| format!("Ask by {d}. "))
        .unwrap_or_default();
    view! {
        <form method="post" action=format!("/notices/{}/questions", heading.reference) novalidate data-testid="ask-form">
            <TextArea name=QUESTION_FIELD label="Your question" value=form.value(QUESTION_FIELD)
                error=form.error(QUESTION_FIELD) max_chars=QUESTION_MAX rows=4
                hint=format!("{deadline}The authorities may publish the answer to every supplier without saying who asked.") />
            <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" data-testid="ask-question">
                "Send question"
            </button>
        </form>
    }
}

/// The organisation's own questions with their answers.
#[component]
pub fn OwnQuestions(questions: Vec<OwnQuestion>, show_notice: bool) -> impl IntoView {
    view! {
        <ul class="govuk-list app-question-list" data-testid="own-questions">
            {questions.into_iter().map(|q| {
                let answer = match (q.answer_html, q.answered_at) {
                    (Some(html), Some(at)) => {
                        let label = match q.visibility {
                            Some(AnswerVisibility::Private) => "Answered privately to your organisation",
                            _ => "Answered publicly",
                        };
                        view! {
                            <p class="govuk-body-s app-secondary-text">{format!("{label} on {at}")}</p>
                            <div class="govuk-body app-markdown" data-testid="own-answer" inner_html=html></div>
                        }.into_any()
                    }
                    _ => view! { <p class="govuk-body"><strong class="govuk-tag govuk-tag--grey">"Waiting for an answer"</strong></p> }.into_any(),
                };
                view! {
                    <li class="govuk-!-margin-bottom-6" data-testid="own-question">
                        {show_notice.then(|| view! {
                            <p class="govuk-body-s govuk-!-margin-bottom-1">
                                <a class="govuk-link" href=format!("/notices/{}", q.notice_reference)>{q.notice_title.clone()}</a>
                            </p>
                        })}
                        <p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">"Your question, asked on " {q.asked_at.clone()}</p>
                        <div data-testid="own-question-text"><PlainText text=q.question.clone() /></div>
                        {answer}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct AskPageData {
    pub page: AskPage,
    pub form: FormState,
}

#[component]
pub fn AskQuestionPage(data: AskPageData) -> impl IntoView {
    let heading = data.page.heading.clone();
    let notice_href = format!("/notices/{}", heading.reference);
    view! {
        <ErrorSummary errors=data.form.errors.clone() />
        <span class="govuk-caption-l">{heading.title.clone()}</span>
        <h1 class="govuk-heading-l">"Ask a clarification question"</h1>
        {match (heading.clarification_open, heading.not_open_message.clone()) {
            (true, _) => view! { <AskForm heading=heading.clone() form=data.form.clone() /> }.into_any(),
            (false, Some(message)) => view! { <div class="govuk-inset-text" id=QUESTION_FIELD data-testid="asking-closed">{message}</div> }.into_any(),
            (false, None) => view! {
                <div class="govuk-inset-text" id=QUESTION_FIELD data-testid="asking-closed">
                    {format!("The deadline for clarification questions was {}. Questions can no longer be asked about this notice.", heading.clarification_deadline.clone().unwrap_or_default())}
                </div>
            }.into_any(),
        }}
        {(!heading.clarification_open)
            .then(|| data.form.value(QUESTION_FIELD))
            .filter(|typed| !typed.trim().is_empty())
            .map(|typed| view! {
                <h2 class="govuk-heading-m">"What you sent (not saved)"</h2>
                <div class="govuk-inset-text" data-testid="typed-question"><PlainText text=typed /></div>
            })}
        {(!data.page.own_questions.is_empty()).then(|| view! {
            <h2 class="govuk-heading-m">"Your organisation's questions"</h2>
            <OwnQuestions questions=data.page.own_questions.clone() show_notice=false />
        })}
        <p class="govuk-body"><a class="govuk-link" href=notice_href>"Back to the notice"</a></p>
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct MemberQuestionsData {
    pub page: MemberQuestionsPage,
    /// The answer form that failed, with what was typed.
    pub failed: Option<(Uuid, FormState)>,
}

#[component]
pub fn MemberQuestionsPageView(data: MemberQuestionsData) -> impl IntoView {
    let errors = data
        .failed
        .as_ref()
        .map(|(_, form)| form.errors.clone())
        .unwrap_or_default();
    let failed = data.failed.clone();
    let challenge = data.page.challenge_id;
    view! {
        <ErrorSummary errors=errors />
        <span class="govuk-caption-l">{data.page.challenge_title.clone()}</span>
        <h1 class="govuk-heading-l">"Suppliers' questions"</h1>
        <crate::ui::pages::challenges::ChallengeTabs challenge=challenge.to_string() current="notice/questions" />
        <p class="govuk-body">
            "Every clarification question suppliers asked about this challenge's notice, with who asked it. The lead authority answers: publicly, which publishes the question and answer on the notice without the supplier's name and emails every supplier that registered interest; or privately, to the supplier who asked only."
        </p>
        {if data.page.notices.is_empty() {
            view! { <p class="govuk-body" data-testid="no-notice">"This challenge has no market engagement notice yet."</p> }.into_any()
        } else {
            data.page.notices.into_iter().map(|section| {
                let failed = failed.clone();
                let can_answer = section.can_answer;
                let count = section.questions.len();
                view! {
                    <h2 class="govuk-heading-m">
                        <a class="govuk-link" href=format!("/notices/{}", section.heading.reference)>{section.heading.title.clone()}</a>
                    </h2>
                    <p class="govuk-body" data-testid="questions-summary">
                        {format!("{count} {}.", if count == 1 { "question" } else { "questions" })}
                        {section.heading.clarification_deadline.clone().map(|d| format!(" Deadline for questions: {d}."))}
                    </p>
                    {section.questions.into_iter().map(|q| {
                        let form = failed.as_ref().filter(|(id, _)| *id == q.id).map(|(_, f)| f.clone());
                        view! { <QuestionCard challenge=challenge question=q can_answer=can_answer form=form /> }
                    }).collect_view()}
                }
            }).collect_view().into_any()
        }}
    }
}

#[component]
fn QuestionCard(
    challenge: Uuid,
    question: MemberQuestion,
    can_answer: bool,
    form: Option<FormState>,
) -> impl IntoView {
    let q = question;
    let id = q.id;
    let status = match (&q.answered_at, q.visibility) {
        (Some(_), Some(AnswerVisibility::Public)) => {
            ("govuk-tag govuk-tag--green", "Answered publicly")
        }
        (Some(_), _) => ("govuk-tag govuk-tag--blue", "Answered privately"),
        _ => ("govuk-tag govuk-tag--yellow", "Not answered"),
    };
    let form_state = form.unwrap_or_else(|| {
        let mut values = std::collections::HashMap::new();
        values.insert("answer".to_string(), q.answer.clone().unwrap_or_default());
        values.insert(
            "published_question".to_string(),
            q.published_question
                .clone()
                .unwrap_or_else(|| q.question.clone()),
        );
        values.insert(
            "visibility".to_string(),
            q.visibility
                .map(|v| v.as_str().to_string())
                .unwrap_or_default(),
        );
        FormState::with_values(values)
    });
    let was_public = q.visibility == Some(AnswerVisibility::Public);
    view! {
        <hr class="govuk-section-break govuk-section-break--m govuk-section-break--visible" />
        <div data-testid="member-question" id=format!("question-{id}")>
            <p class="govuk-body-s app-secondary-text govuk-!-margin-bottom-1">
                {format!("Asked by {}, {} on {} ", q.asked_by, q.organisation, q.asked_at)}
                <strong class=status.0>{status.1}</strong>
            </p>
            <div data-testid="member-question-text"><PlainText text=q.question.clone() /></div>
            {q.published_question.clone().map(|wording| view! {
                <p class="govuk-body-s app-secondary-text govuk-!-margin-bottom-1">"Published as:"</p>
                <div data-testid="published-question-text"><PlainText text=wording /></div>
            })}
            {q.answer_html.clone().map(|html| view! {
                <p class="govuk-body-s app-secondary-text govuk-!-margin-bottom-1">
                    {format!("Answer by {} on {}", q.answered_by.clone().unwrap_or_default(), q.answered_at.clone().unwrap_or_default())}
                </p>
                <div class="govuk-body app-markdown" data-testid="member-answer" inner_html=html></div>
            })}
            {(!q.earlier_answers.is_empty()).then(|| view! {
                <details class="govuk-details">
                    <summary class="govuk-details__summary">
                        <span class="govuk-details__summary-text">{format!("Earlier answers ({})", q.earlier_answers.len())}</span>
                    </summary>
                    <div class="govuk-details__text">
                        {q.earlier_answers.clone().into_iter().map(|e| view! {
                            <p class="govuk-body-s app-secondary-text govuk-!-margin-bottom-1">
                                {format!("{} on {} ({})", e.answered_by, e.answered_at, e.visibility.map(|v| v.label()).unwrap_or(""))}
                            </p>
                            <div class="govuk-body app-markdown" inner_html=e.answer_html></div>
                        }).collect_view()}
                    </div>
                </details>
            })}
            {can_answer.then(|| {
                let answer_id = answer_field(id);
                let visibility_id = visibility_field(id);
                let published_id = published_question_field(id);
                let visibility_error = form_state.error(&visibility_id);
                let chosen = form_state.value("visibility");
                let visibility_group = if visibility_error.is_some() {
                    "govuk-form-group govuk-form-group--error"
                } else {
                    "govuk-form-group"
                };
                view! {
                    <details class="govuk-details" open=form_state.has_errors() || q.answer.is_none()>
                        <summary class="govuk-details__summary">
                            <span class="govuk-details__summary-text">
                                {if q.answer.is_some() { "Change the answer" } else { "Answer this question" }}
                            </span>
                        </summary>
                        <div class="govuk-details__text">
                            <form method="post" action=format!("/challenges/{challenge}/notice/questions/{id}")
                                novalidate data-testid="answer-form">
                                <Hidden name="version" value=q.version.to_string() />
                                <AnswerBox id=answer_id.clone() value=form_state.value("answer") error=form_state.error(&answer_id) />
                                <TextArea name=published_id.clone() label="The question as it will be published"
                                    value=form_state.value("published_question") error=form_state.error(&published_id)
                                    max_chars=QUESTION_MAX rows=3
                                    hint="Used only if you publish the answer to every supplier. Take out anything that names or identifies the supplier who asked; the question as asked is kept in the record." />
                                <div class=visibility_group>
                                    <fieldset class="govuk-fieldset">
                                        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Who is the answer for?"</legend>
                                        {visibility_error.map(|message| view! {
                                            <p id=format!("{visibility_id}-error") class="govuk-error-message">
                                                <span class="govuk-visually-hidden">"Error: "</span>{message}
                                            </p>
                                        })}
                                        <div class="govuk-radios govuk-radios--small" data-module="govuk-radios">
                                            {AnswerVisibility::ALL.iter().enumerate().map(|(i, v)| {
                                                let input_id = if i == 0 { visibility_id.clone() } else { format!("{visibility_id}-{}", v.as_str()) };
                                                let disabled = was_public && *v == AnswerVisibility::Private;
                                                view! {
                                                    <div class="govuk-radios__item">
                                                        <input class="govuk-radios__input" id=input_id.clone() name="visibility" type="radio"
                                                            value=v.as_str() checked=chosen == v.as_str() disabled=disabled />
                                                        <label class="govuk-label govuk-radios__label" for=input_id>{v.label()}</label>
                                                    </div>
                                                }
                                            }).collect_view()}
                                        </div>
                                    </fieldset>
                                </div>
                                <button type="submit" class="govuk-button" data-module="govuk-button" data-testid="send-answer">
                                    "Save answer"
                                </button>
                            </form>
                        </div>
                    </details>
                }
            })}
        </div>
    }
}

#[component]
fn AnswerBox(id: String, value: String, error: Option<String>) -> impl IntoView {
    view! {
        <TextArea name=id label="Answer" value=value error=error max_chars=ANSWER_MAX rows=5
            hint="You can use Markdown: a blank line between paragraphs, * for a list." />
    }
}
