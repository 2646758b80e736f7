//! The questionnaire's inputs, one per question kind, and answers shown back read-only.
//! Option inputs get ids by position (`answer-<id>-2`), not by option text, which may hold
//! spaces; the first carries the field's own id so the error summary's link lands on it.

use crate::domain::answers::{Answer, Answers, Question, NO, YES};
use crate::domain::engagement::QuestionKind;
use crate::domain::FieldErrors;
use crate::ui::form::escape_text;
use leptos::prelude::*;

fn label_text(question: &Question) -> String {
    let optional = if question.required { "" } else { " (optional)" };
    format!(
        "Question {}: {}{optional}",
        question.number, question.prompt
    )
}

fn hint_text(question: &Question) -> Option<String> {
    match question.kind {
        QuestionKind::FreeText => question
            .word_limit
            .map(|limit| format!("Answer in {limit} words or fewer.")),
        QuestionKind::MultipleChoice => Some("Select all that apply.".to_string()),
        _ => None,
    }
}

fn choice_label(kind: QuestionKind, value: &str) -> String {
    match (kind, value) {
        (QuestionKind::YesNo, YES) => "Yes".to_string(),
        (QuestionKind::YesNo, NO) => "No".to_string(),
        _ => value.to_string(),
    }
}

#[component]
fn ErrorText(id: String, message: Option<String>) -> impl IntoView {
    message.map(|message| {
        view! {
            <p id=id class="govuk-error-message">
                <span class="govuk-visually-hidden">"Error: "</span>
                {message}
            </p>
        }
    })
}

fn describedby(ids: &[Option<String>]) -> Option<String> {
    let joined = ids.iter().flatten().cloned().collect::<Vec<_>>().join(" ");
    (!joined.is_empty()).then_some(joined)
}

#[component]
fn FreeTextField(question: Question, value: String, error: Option<String>) -> impl IntoView {
    let field = question.field();
    let hint = hint_text(&question);
    let hint_id = hint.as_ref().map(|_| format!("{field}-hint"));
    let error_id = error.as_ref().map(|_| format!("{field}-error"));
    let info_id = question.word_limit.map(|_| format!("{field}-info"));
    let mut group = String::from("govuk-form-group");
    if error.is_some() {
        group.push_str(" govuk-form-group--error");
    }
    let mut class = String::from("govuk-textarea");
    if question.word_limit.is_some() {
        group.push_str(" govuk-character-count");
        class.push_str(" govuk-js-character-count");
    }
    if error.is_some() {
        class.push_str(" govuk-textarea--error");
    }
    view! {
        <div class=group
            data-module=question.word_limit.map(|_| "govuk-character-count")
            data-maxwords=question.word_limit.map(|l| l.to_string())
            data-testid="question">
            <label class="govuk-label govuk-label--s" for=field.clone()>{label_text(&question)}</label>
            {hint.map(|h| view! { <div id=hint_id.clone() class="govuk-hint">{h}</div> })}
            <ErrorText id=format!("{field}-error") message=error />
            <textarea class=class id=field.clone() name=field.clone() rows="6"
                aria-describedby=describedby(&[info_id.clone(), hint_id.clone(), error_id])
                inner_html=escape_text(&value)></textarea>
            {question.word_limit.map(|limit| view! {
                <div id=info_id.clone() class="govuk-hint govuk-character-count__message">
                    {format!("You can enter up to {limit} words")}
                </div>
            })}
        </div>
    }
}

#[component]
fn ChoiceField(question: Question, chosen: Vec<String>, error: Option<String>) -> impl IntoView {
    let field = question.field();
    let multiple = question.kind == QuestionKind::MultipleChoice;
    let hint = hint_text(&question);
    let hint_id = hint.as_ref().map(|_| format!("{field}-hint"));
    let error_id = error.as_ref().map(|_| format!("{field}-error"));
    let group = if error.is_some() {
        "govuk-form-group govuk-form-group--error"
    } else {
        "govuk-form-group"
    };
    let (list_class, item_class, input_class, item_label, module, input_type) = if multiple {
        (
            "govuk-checkboxes govuk-checkboxes--small",
            "govuk-checkboxes__item",
            "govuk-checkboxes__input",
            "govuk-label govuk-checkboxes__label",
            "govuk-checkboxes",
            "checkbox",
        )
    } else if question.kind == QuestionKind::YesNo {
        (
            "govuk-radios govuk-radios--small govuk-radios--inline",
            "govuk-radios__item",
            "govuk-radios__input",
            "govuk-label govuk-radios__label",
            "govuk-radios",
            "radio",
        )
    } else {
        (
            "govuk-radios govuk-radios--small",
            "govuk-radios__item",
            "govuk-radios__input",
            "govuk-label govuk-radios__label",
            "govuk-radios",
            "radio",
        )
    };
    let kind = question.kind;
    view! {
        <div class=group data-testid="question">
            <fieldset class="govuk-fieldset" aria-describedby=describedby(&[hint_id.clone(), error_id])>
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{label_text(&question)}</legend>
                {hint.map(|h| view! { <div id=hint_id.clone() class="govuk-hint">{h}</div> })}
                <ErrorText id=format!("{field}-error") message=error />
                <div class=list_class data-module=module>
                    {question
                        .choices()
                        .into_iter()
                        .enumerate()
                        .map(|(i, value)| {
                            let id = if i == 0 { field.clone() } else { format!("{field}-{}", i + 1) };
                            let checked = chosen.contains(&value);
                            view! {
                                <div class=item_class>
                                    <input class=input_class id=id.clone() name=field.clone()
                                        type=input_type value=value.clone() checked=checked />
                                    <label class=item_label for=id>{choice_label(kind, &value)}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// Every question's input, filled with `answers` (saved or as typed), errors beside them.
#[component]
pub fn AnswerFields(
    questions: Vec<Question>,
    answers: Answers,
    errors: FieldErrors,
) -> impl IntoView {
    questions
        .into_iter()
        .map(|question| {
            let answer = answers.get(&question.id.to_string()).cloned();
            let error = errors.for_field(&question.field()).map(str::to_string);
            match question.kind {
                QuestionKind::FreeText => {
                    let value = match answer {
                        Some(Answer::Text(text)) => text,
                        Some(Answer::Choices(parts)) => parts.join("\n"),
                        None => String::new(),
                    };
                    view! { <FreeTextField question=question value=value error=error /> }.into_any()
                }
                _ => {
                    let chosen = answer.map(|a| a.choices()).unwrap_or_default();
                    view! { <ChoiceField question=question chosen=chosen error=error /> }.into_any()
                }
            }
        })
        .collect_view()
}

/// Text as typed, its line breaks kept.
#[component]
pub fn PlainText(text: String) -> impl IntoView {
    text.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|paragraph| {
            let lines: Vec<String> = paragraph.lines().map(str::to_string).collect();
            let count = lines.len();
            view! {
                <p class="govuk-body">
                    {lines
                        .into_iter()
                        .enumerate()
                        .map(|(i, line)| view! { {line}{(i + 1 < count).then(|| view! { <br /> })} })
                        .collect_view()}
                </p>
            }
        })
        .collect_view()
}

fn answer_text(question: &Question, answer: Option<&Answer>) -> Option<String> {
    let answer = answer?;
    Some(match (question.kind, answer) {
        (QuestionKind::FreeText, Answer::Text(text)) => text.clone(),
        (kind, answer) => answer
            .choices()
            .iter()
            .map(|c| choice_label(kind, c))
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// The answers read-only, as a GOV.UK summary list.
#[component]
pub fn AnswersList(
    questions: Vec<Question>,
    answers: Answers,
    #[prop(into)] testid: String,
) -> impl IntoView {
    view! {
        <dl class="govuk-summary-list" data-testid=testid>
            {questions
                .into_iter()
                .map(|question| {
                    let text = answer_text(&question, answers.get(&question.id.to_string()));
                    view! {
                        <div class="govuk-summary-list__row">
                            <dt class="govuk-summary-list__key">
                                {format!("{}. {}", question.number, question.prompt)}
                            </dt>
                            <dd class="govuk-summary-list__value">
                                {match text {
                                    Some(text) => view! { <PlainText text=text /> }.into_any(),
                                    None => view! { <span class="app-secondary-text">"Not answered"</span> }.into_any(),
                                }}
                            </dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}
