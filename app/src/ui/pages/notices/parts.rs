//! Pieces shared by the notice pages: the notice itself as summary lists, the GOV.UK date
//! input with a time.

use crate::domain::engagement::{format_london, london_days_left, NoticeStatus, QuestionKind};
use crate::domain::notice_rules::format_pounds;
use crate::ssr::notices::{EventView, NoticeView, QuestionView};
use crate::ui::form::FormState;
use chrono::{DateTime, Utc};
use leptos::prelude::*;

#[component]
pub fn StatusTag(status: NoticeStatus) -> impl IntoView {
    view! { <strong class=status.tag_class() data-testid="notice-status">{status.label()}</strong> }
}

/// "15 June 2027 at 5:00pm BST", in a `<time>` element.
#[component]
pub fn LondonTime(at: DateTime<Utc>) -> impl IntoView {
    view! { <time datetime=at.to_rfc3339()>{format_london(at)}</time> }
}

pub fn value_range(min: Option<i64>, max: Option<i64>) -> Option<String> {
    match (min, max) {
        (Some(min), Some(max)) if min == max => Some(format_pounds(min)),
        (Some(min), Some(max)) => Some(format!("{} to {}", format_pounds(min), format_pounds(max))),
        (Some(min), None) => Some(format!("From {}", format_pounds(min))),
        (None, Some(max)) => Some(format!("Up to {}", format_pounds(max))),
        (None, None) => None,
    }
}

fn row(key: &'static str, value: AnyView, testid: &'static str) -> impl IntoView {
    view! {
        <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">{key}</dt>
            <dd class="govuk-summary-list__value" data-testid=testid>{value}</dd>
        </div>
    }
}

fn closes_text(notice: &NoticeView, now: DateTime<Utc>) -> AnyView {
    match notice.details.closes_at {
        Some(close) => {
            let left = london_days_left(close, now);
            let note = match notice.status {
                NoticeStatus::Published if left == 0 => " (closes today)".to_string(),
                NoticeStatus::Published if left == 1 => " (1 day left)".to_string(),
                NoticeStatus::Published => format!(" ({left} days left)"),
                _ => String::new(),
            };
            view! { <LondonTime at=close />{note} }.into_any()
        }
        None => view! { "Not set yet" }.into_any(),
    }
}

/// The notice's facts as a GOV.UK summary list.
#[component]
pub fn NoticeFacts(notice: NoticeView, now: DateTime<Utc>) -> impl IntoView {
    let authorities = notice
        .authorities
        .iter()
        .enumerate()
        .map(|(i, a)| {
            if i == 0 {
                format!("{} (lead)", a.name)
            } else {
                a.name.clone()
            }
        })
        .collect::<Vec<_>>();
    let value = value_range(notice.details.value_min, notice.details.value_max)
        .unwrap_or_else(|| "Not given".into());
    let contact = [
        notice.details.contact_name.clone(),
        notice.details.contact_email.clone(),
        notice.details.contact_phone.clone(),
    ]
    .into_iter()
    .filter(|p| !p.is_empty())
    .collect::<Vec<_>>();
    let closes = closes_text(&notice, now);
    let deadline = match notice.details.clarification_deadline {
        Some(at) => view! { <LondonTime at=at /> }.into_any(),
        None => view! { "Not set yet" }.into_any(),
    };
    view! {
        <dl class="govuk-summary-list" data-testid="notice-facts">
            {notice.reference.clone().map(|r| row("Reference", view! { {r} }.into_any(), "notice-reference"))}
            {row("Status", view! { <StatusTag status=notice.status /> }.into_any(), "notice-status-row")}
            {notice.published_at.map(|at| row("Published", view! { <LondonTime at=at /> }.into_any(), "notice-published"))}
            {row("Closes", closes, "notice-closes")}
            {row("Clarification questions by", deadline, "notice-clarification-deadline")}
            {row("Authorities acting jointly", view! {
                <ul class="govuk-list">{authorities.into_iter().map(|a| view! { <li>{a}</li> }).collect_view()}</ul>
            }.into_any(), "notice-authorities")}
            {row("CPV codes", view! {
                <ul class="govuk-list">
                    {notice.cpv.iter().map(|c| view! { <li>{format!("{} – {}", c.code, c.description)}</li> }).collect_view()}
                </ul>
            }.into_any(), "notice-cpv")}
            {row("Service area", view! { {notice.service_area_name.clone()} }.into_any(), "notice-service-area")}
            {row("Estimated value", view! { {value} }.into_any(), "notice-value")}
            {row("Contact", view! {
                <ul class="govuk-list">{contact.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
            }.into_any(), "notice-contact")}
        </dl>
    }
}

fn event_place(event: &EventView) -> Vec<AnyView> {
    let mut parts = Vec::new();
    if !event.place.is_empty() {
        parts.push(
            view! { <p class="govuk-body app-preserve-lines">{event.place.clone()}</p> }.into_any(),
        );
    }
    if !event.online_link.is_empty() {
        let link = event.online_link.clone();
        parts.push(
            view! {
                <p class="govuk-body app-break-all">
                    "Online: "<a class="govuk-link" href=link.clone() rel="noopener noreferrer nofollow">{link.clone()}</a>
                </p>
            }
            .into_any(),
        );
    }
    parts
}

/// When an event runs: "2 February 2027 at 10:00am GMT until 11:30am".
pub fn event_when(event: &EventView) -> String {
    let start = format_london(event.starts_at);
    match event.ends_at {
        Some(end) => {
            let end_text = format_london(end);
            let end_clock = end_text
                .split(" at ")
                .nth(1)
                .unwrap_or(end_text.as_str())
                .to_string();
            format!("{start} until {end_clock}")
        }
        None => start,
    }
}

#[component]
pub fn EventItem(event: EventView, #[prop(optional)] actions: Option<AnyView>) -> impl IntoView {
    view! {
        <div class="govuk-summary-card" data-testid="notice-event">
            <div class="govuk-summary-card__title-wrapper">
                <h3 class="govuk-summary-card__title">{event.kind.label()}</h3>
                {actions}
            </div>
            <div class="govuk-summary-card__content">
                <dl class="govuk-summary-list">
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">"When"</dt>
                        <dd class="govuk-summary-list__value">{event_when(&event)}</dd>
                    </div>
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">"Where"</dt>
                        <dd class="govuk-summary-list__value">{event_place(&event)}</dd>
                    </div>
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">"How to register"</dt>
                        <dd class="govuk-summary-list__value app-preserve-lines">{event.how_to_register.clone()}</dd>
                    </div>
                </dl>
            </div>
        </div>
    }
}

pub fn question_kind_text(question: &QuestionView) -> String {
    let mut text = question.kind.label().to_string();
    if question.kind == QuestionKind::FreeText {
        if let Some(limit) = question.word_limit {
            text = format!("Free text, up to {limit} words");
        }
    }
    if !question.required {
        text.push_str(" (optional)");
    }
    text
}

#[component]
pub fn QuestionText(question: QuestionView) -> impl IntoView {
    let options = question.options.clone();
    view! {
        <p class="govuk-body govuk-!-margin-bottom-1 app-preserve-lines">{question.prompt.clone()}</p>
        <p class="govuk-body-s app-secondary-text govuk-!-margin-bottom-1">{question_kind_text(&question)}</p>
        {(!options.is_empty()).then(|| view! {
            <ul class="govuk-list govuk-list--bullet govuk-body-s">
                {options.into_iter().map(|o| view! { <li>{o}</li> }).collect_view()}
            </ul>
        })}
    }
}

/// A GOV.UK date input (day, month, year) followed by a time, grouped in one fieldset.
/// Field names are `{name}-day`, `-month`, `-year` and `-time`; the day input carries the
/// id `{name}` so an error summary link lands on it.
#[component]
pub fn DateTimeInputs(
    name: &'static str,
    legend: &'static str,
    hint: &'static str,
    form: FormState,
) -> impl IntoView {
    let error = form.error(name);
    let has_error = error.is_some();
    let hint_id = format!("{name}-hint");
    let error_id = format!("{name}-error");
    let described = if has_error {
        format!("{hint_id} {error_id}")
    } else {
        hint_id.clone()
    };
    let input_class = |width: &str| {
        let mut class = format!("govuk-input govuk-date-input__input {width}");
        if has_error {
            class.push_str(" govuk-input--error");
        }
        class
    };
    let time_field = format!("{name}-time");
    let time_value = form.value(&time_field);
    let part = move |suffix: &'static str, label: &'static str, width: &'static str| {
        let id = if suffix == "day" {
            name.to_string()
        } else {
            format!("{name}-{suffix}")
        };
        let field = format!("{name}-{suffix}");
        let value = form.value(&field);
        let class = input_class(width);
        view! {
            <div class="govuk-date-input__item">
                <div class="govuk-form-group">
                    <label class="govuk-label govuk-date-input__label" for=id.clone()>{label}</label>
                    <input class=class id=id name=field type="text" inputmode="numeric" value=value />
                </div>
            </div>
        }
    };
    let mut time_class = String::from("govuk-input govuk-input--width-5");
    if has_error {
        time_class.push_str(" govuk-input--error");
    }
    view! {
        <div class=if has_error { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
            <fieldset class="govuk-fieldset" role="group" aria-describedby=described>
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
                <div id=hint_id class="govuk-hint">{hint}</div>
                {error.map(|message| view! {
                    <p id=error_id class="govuk-error-message">
                        <span class="govuk-visually-hidden">"Error: "</span>{message}
                    </p>
                })}
                <div class="govuk-date-input">
                    {part("day", "Day", "govuk-input--width-2")}
                    {part("month", "Month", "govuk-input--width-2")}
                    {part("year", "Year", "govuk-input--width-4")}
                </div>
                <div class="govuk-form-group govuk-!-margin-top-3 govuk-!-margin-bottom-0">
                    <label class="govuk-label" for=time_field.clone()>"Time (London), for example 5pm or 17:00"</label>
                    <input class=time_class id=time_field.clone() name=time_field type="text" value=time_value autocomplete="off" />
                </div>
            </fieldset>
        </div>
    }
}
