//! The notice's page inside its challenge: drafting it together (details, CPV codes,
//! events, questionnaire), publishing it, and afterwards amending or withdrawing it.
//! Every form posts; the CPV search is a GET form, so all of it works without JavaScript.

use super::parts::{DateTimeInputs, EventItem, NoticeFacts, QuestionText, StatusTag};
use crate::domain::engagement::{london_parts, EngagementEventKind, NoticeStatus, QuestionKind};
use crate::domain::notice_rules::{
    publish_problems, Details, AMENDMENT_REASON_MAX, NOTICE_DESCRIPTION_MAX, WITHDRAWAL_REASON_MAX,
};
use crate::domain::FieldErrors;
use crate::ssr::notices::draft::NoticeWork;
use crate::ssr::notices::{CpvView, EventView, NoticeView, QuestionView};
use crate::ui::form::{ErrorSummary, FormState, Hidden, Opt, Radios, TextArea, TextInput};
use crate::ui::pages::challenges::ChallengeTabs;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use std::collections::HashMap;

fn put_date(values: &mut HashMap<String, String>, name: &str, at: Option<DateTime<Utc>>) {
    if let Some(at) = at {
        let (date, time) = london_parts(at);
        values.insert(format!("{name}-day"), date.format("%-d").to_string());
        values.insert(format!("{name}-month"), date.format("%-m").to_string());
        values.insert(format!("{name}-year"), date.format("%Y").to_string());
        values.insert(format!("{name}-time"), time.format("%H:%M").to_string());
    }
}

/// The details form filled in from what is saved.
pub fn details_values(details: &Details, version: i32) -> HashMap<String, String> {
    let mut values = HashMap::from([
        ("title".to_string(), details.title.clone()),
        ("description".to_string(), details.description.clone()),
        (
            "value_min".to_string(),
            details.value_min.map(|v| v.to_string()).unwrap_or_default(),
        ),
        (
            "value_max".to_string(),
            details.value_max.map(|v| v.to_string()).unwrap_or_default(),
        ),
        ("contact_name".to_string(), details.contact_name.clone()),
        ("contact_email".to_string(), details.contact_email.clone()),
        ("contact_phone".to_string(), details.contact_phone.clone()),
        ("version".to_string(), version.to_string()),
    ]);
    put_date(&mut values, "closes_at", details.closes_at);
    put_date(
        &mut values,
        "clarification_deadline",
        details.clarification_deadline,
    );
    values
}

pub fn event_values(event: &EventView) -> HashMap<String, String> {
    let mut values = HashMap::from([
        ("event_id".to_string(), event.id.to_string()),
        ("event_kind".to_string(), event.kind.as_str().to_string()),
        ("event_place".to_string(), event.place.clone()),
        ("event_link".to_string(), event.online_link.clone()),
        ("event_register".to_string(), event.how_to_register.clone()),
    ]);
    put_date(&mut values, "event_date", Some(event.starts_at));
    if let Some(end) = event.ends_at {
        values.insert(
            "event_end_time".into(),
            london_parts(end).1.format("%H:%M").to_string(),
        );
    }
    values
}

pub fn question_values(question: &QuestionView) -> HashMap<String, String> {
    HashMap::from([
        ("question_id".to_string(), question.id.to_string()),
        (
            "question_kind".to_string(),
            question.kind.as_str().to_string(),
        ),
        ("question_prompt".to_string(), question.prompt.clone()),
        (
            "question_word_limit".to_string(),
            question
                .word_limit
                .map(|w| w.to_string())
                .unwrap_or_default(),
        ),
        ("question_options".to_string(), question.options.join("\n")),
        (
            "question_required".to_string(),
            if question.required { "yes" } else { "no" }.to_string(),
        ),
    ])
}

#[derive(Clone, Debug, PartialEq)]
pub struct WorkPageData {
    pub work: NoticeWork,
    pub details_form: FormState,
    pub event_form: FormState,
    pub question_form: FormState,
    /// The "add a code you know" box as last sent.
    pub cpv_form: FormState,
    pub cpv_query: String,
    pub cpv_results: Vec<CpvView>,
    /// Errors of whichever form failed, or of publishing, for the summary at the top.
    pub errors: FieldErrors,
    /// Someone saved first: what they did, shown above everything.
    pub conflict: Option<String>,
    pub now: DateTime<Utc>,
}

#[component]
fn ConflictBanner(message: Option<String>) -> impl IntoView {
    message.map(|message| {
        view! {
            <div class="govuk-notification-banner" role="alert" aria-labelledby="conflict-title"
                data-module="govuk-notification-banner" data-testid="conflict">
                <div class="govuk-notification-banner__header">
                    <h2 class="govuk-notification-banner__title" id="conflict-title">"Not saved"</h2>
                </div>
                <div class="govuk-notification-banner__content">
                    <p class="govuk-notification-banner__heading">{message}</p>
                    <p class="govuk-body">"What you typed is still in the form below."</p>
                </div>
            </div>
        }
    })
}

#[component]
pub fn NoticeWorkPage(data: WorkPageData) -> impl IntoView {
    let id = data.work.challenge_id.to_string();
    let title = data.work.challenge_title.clone();
    let body = match data.work.notice.clone() {
        None => view! { <NoNotice id=id.clone() can_start=data.work.can_edit /> }.into_any(),
        Some(notice) if notice.stored_status == NoticeStatus::Draft => {
            view! { <DraftSections data=data.clone() notice=notice /> }.into_any()
        }
        Some(notice) => view! { <PublishedSummary data=data.clone() notice=notice /> }.into_any(),
    };
    view! {
        <ErrorSummary errors=data.errors.clone() />
        <ConflictBanner message=data.conflict.clone() />
        <span class="govuk-caption-l">{title}</span>
        <h1 class="govuk-heading-l">"Market engagement notice"</h1>
        <ChallengeTabs challenge=id.clone() current="notice" />
        {body}
    }
}

#[component]
fn NoNotice(id: String, can_start: bool) -> impl IntoView {
    view! {
        <p class="govuk-body">
            "A preliminary market engagement notice (UK2 under the Procurement Act 2023) tells suppliers what the authorities are thinking of buying and how to take part: supplier days, webinars, one-to-one meetings or a questionnaire."
        </p>
        <p class="govuk-body" data-testid="no-notice">"This challenge has no notice yet."</p>
        {can_start.then(|| view! {
            <form method="post" action=format!("/challenges/{id}/notice/start") novalidate>
                <button type="submit" class="govuk-button" data-module="govuk-button" data-testid="start-notice">"Start a draft notice"</button>
            </form>
        })}
    }
}

#[component]
fn DraftSections(data: WorkPageData, notice: NoticeView) -> impl IntoView {
    let id = data.work.challenge_id.to_string();
    let can_edit = data.work.can_edit;
    let version = notice.version.to_string();
    let problems = publish_problems(&notice.content(), data.now);
    view! {
        <p class="govuk-body">
            <StatusTag status=NoticeStatus::Draft />
            " Only the member authorities of this challenge can see this draft. The lead and participants can edit it; the lead authority publishes it."
        </p>
        <h2 class="govuk-heading-m">"1. The notice"</h2>
        {if can_edit {
            view! { <DetailsForm action=format!("/challenges/{id}/notice") form=data.details_form.clone() submit="Save the notice" amend=false /> }.into_any()
        } else {
            view! {
                <h3 class="govuk-heading-s" data-testid="draft-title">{notice.details.title.clone()}</h3>
                <div class="app-markdown" inner_html=notice.description_html.clone()></div>
                <NoticeFacts notice=notice.clone() now=data.now />
            }.into_any()
        }}

        <h2 class="govuk-heading-m" id="cpv">"2. CPV codes"</h2>
        <CpvSection id=id.clone() notice=notice.clone() can_edit=can_edit version=version.clone()
            query=data.cpv_query.clone() results=data.cpv_results.clone() form=data.cpv_form.clone() />

        <h2 class="govuk-heading-m" id="authorities">"3. Authorities acting jointly"</h2>
        <p class="govuk-body">"The notice names the lead authority and every participant authority as acting jointly. Observers follow the work without committing to buy, so the notice does not name them."</p>
        <ul class="govuk-list govuk-list--bullet" data-testid="draft-authorities">
            {notice.authorities.iter().enumerate().map(|(i, a)| view! {
                <li>{if i == 0 { format!("{} (lead)", a.name) } else { a.name.clone() }}</li>
            }).collect_view()}
        </ul>
        {(!data.work.observers.is_empty()).then(|| view! {
            <p class="govuk-body-s app-secondary-text">{format!("Observers, not named: {}.", data.work.observers.join(", "))}</p>
        })}

        <h2 class="govuk-heading-m" id="engagement">"4. Engagement events"</h2>
        <EventsSection id=id.clone() events=notice.events.clone() can_edit=can_edit version=version.clone() form=data.event_form.clone() />

        <h2 class="govuk-heading-m" id="questionnaire">"5. Questionnaire"</h2>
        <QuestionsSection id=id.clone() questions=notice.questions.clone() can_edit=can_edit version=version.clone() form=data.question_form.clone() />

        <h2 class="govuk-heading-m" id="publish">"6. Publish"</h2>
        {if problems.is_empty() {
            view! { <p class="govuk-body" data-testid="ready-to-publish">"The notice has everything it needs. Once published it is public at a permanent address, suppliers following its kind of work are emailed, and it can only be changed by an amendment that says what changed and why."</p> }.into_any()
        } else {
            view! {
                <p class="govuk-body">"Before it can be published, the notice needs:"</p>
                <ul class="govuk-list govuk-list--bullet" data-testid="publish-checklist">
                    {problems.0.into_iter().map(|e| view! { <li><a class="govuk-link" href=format!("#{}", e.field)>{e.message}</a></li> }).collect_view()}
                </ul>
            }.into_any()
        }}
        {if data.work.can_publish {
            view! {
                <form method="post" action=format!("/challenges/{id}/notice/publish") novalidate>
                    <Hidden name="version" value=version.clone() />
                    <button type="submit" class="govuk-button" data-module="govuk-button" data-testid="publish-notice">"Publish the notice"</button>
                </form>
            }.into_any()
        } else {
            view! { <p class="govuk-body-s app-secondary-text">"Only the lead authority can publish the notice."</p> }.into_any()
        }}
    }
}

#[component]
pub fn DetailsForm(
    action: String,
    form: FormState,
    submit: &'static str,
    amend: bool,
) -> impl IntoView {
    let err = |f: &str| form.error(f);
    view! {
        <form method="post" action=action novalidate data-testid="notice-details-form">
            <Hidden name="version" value=form.value("version") />
            <TextInput name="title" label="Title" value=form.value("title") error=err("title")
                hint="What the authorities want to buy, in a line: suppliers see it first" />
            <TextArea name="description" label="Description of the subject matter" value=form.value("description")
                error=err("description") rows=10 max_chars=NOTICE_DESCRIPTION_MAX
                hint="What the authorities need and why, what they want to learn from the market, and what happens next. You can use Markdown: ## for headings, - for lists, **bold**." />
            {amend.then(|| view! {
                <TextInput name="cpv_codes" label="CPV codes" value=form.value("cpv_codes") error=err("cpv_codes")
                    hint="8-digit codes from CPV 2008, separated by commas, like 48000000, 72000000" spellcheck_off=true />
            })}
            <div class="govuk-form-group">
                <fieldset class="govuk-fieldset">
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Estimated value (optional)"</legend>
                    <div class="govuk-hint">"In whole pounds, excluding VAT. Give a range if you can."</div>
                    <TextInput name="value_min" label="From (£)" value=form.value("value_min") error=err("value_min") width_class="govuk-input--width-10" />
                    <TextInput name="value_max" label="To (£)" value=form.value("value_max") error=err("value_max") width_class="govuk-input--width-10" />
                </fieldset>
            </div>
            <DateTimeInputs name="closes_at" legend="When the market engagement closes"
                hint="For example, 27 3 2027 and 5pm. London time: GMT in winter, BST in summer." form=form.clone() />
            <DateTimeInputs name="clarification_deadline" legend="Deadline for clarification questions"
                hint="Before the closing date, so there is time to answer. For example, 20 3 2027 and 12pm." form=form.clone() />
            <TextInput name="contact_name" label="Contact name" value=form.value("contact_name") error=err("contact_name")
                hint="A person or team suppliers can contact" autocomplete="off" />
            <TextInput name="contact_email" label="Contact email address" value=form.value("contact_email") error=err("contact_email")
                input_type="email" autocomplete="off" spellcheck_off=true />
            <TextInput name="contact_phone" label="Contact phone number (optional)" value=form.value("contact_phone") error=err("contact_phone")
                input_type="tel" autocomplete="off" width_class="govuk-input--width-20" />
            {amend.then(|| view! {
                <TextArea name="reason" label="What changed and why" value=form.value("reason") error=err("reason") rows=4
                    max_chars=AMENDMENT_REASON_MAX
                    hint="Suppliers see this in the notice's change log, and everyone who registered interest is emailed it" />
            })}
            <button type="submit" class="govuk-button" data-module="govuk-button" data-testid="save-notice">{submit}</button>
        </form>
    }
}

#[component]
fn CpvSection(
    id: String,
    notice: NoticeView,
    can_edit: bool,
    version: String,
    query: String,
    results: Vec<CpvView>,
    form: FormState,
) -> impl IntoView {
    let chosen: Vec<String> = notice.cpv.iter().map(|c| c.code.clone()).collect();
    let action_add = format!("/challenges/{id}/notice/cpv");
    let action_remove = format!("/challenges/{id}/notice/cpv/remove");
    let searched = !query.trim().is_empty();
    let code_error = form.error("cpv_code");
    view! {
        <p class="govuk-body">"Common Procurement Vocabulary codes say what kind of work this is. Suppliers follow CPV divisions (the first two digits), so choose the codes that fit best."</p>
        {if notice.cpv.is_empty() {
            view! { <p class="govuk-body" data-testid="no-cpv">"No CPV codes chosen yet."</p> }.into_any()
        } else {
            view! {
                <table class="govuk-table" data-testid="chosen-cpv">
                    <caption class="govuk-table__caption govuk-table__caption--s">"Chosen codes"</caption>
                    <thead class="govuk-table__head"><tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"Code"</th>
                        <th scope="col" class="govuk-table__header">"Description"</th>
                        {can_edit.then(|| view! { <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">"Action"</span></th> })}
                    </tr></thead>
                    <tbody class="govuk-table__body">
                        {notice.cpv.iter().map(|c| {
                            let code = c.code.clone();
                            view! {
                                <tr class="govuk-table__row" data-testid="chosen-cpv-code">
                                    <td class="govuk-table__cell">{c.code.clone()}</td>
                                    <td class="govuk-table__cell">{c.description.clone()}</td>
                                    {can_edit.then(|| view! {
                                        <td class="govuk-table__cell">
                                            <form method="post" action=action_remove.clone() class="app-inline-form" novalidate>
                                                <Hidden name="code" value=code.clone() />
                                                <Hidden name="version" value=version.clone() />
                                                <button type="submit" class="govuk-button govuk-button--secondary app-button--small govuk-!-margin-bottom-0" data-testid=format!("cpv-remove-{code}")>
                                                    "Remove"<span class="govuk-visually-hidden">{format!(" {code}")}</span>
                                                </button>
                                            </form>
                                        </td>
                                    })}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        {can_edit.then(|| view! {
            <form method="get" action=format!("/challenges/{id}/notice#cpv") novalidate data-testid="cpv-search-form">
                <div class="govuk-form-group">
                    <label class="govuk-label govuk-label--s" for="cpv_q">"Search CPV codes"</label>
                    <div class="govuk-hint" id="cpv_q-hint">"Words such as “housing software”, or the first digits of a code, such as 72"</div>
                    <input class="govuk-input govuk-input--width-20" id="cpv_q" name="cpv_q" type="search" value=query.clone() aria-describedby="cpv_q-hint" />
                    " "
                    <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-testid="cpv-search">"Search"</button>
                </div>
            </form>
            {searched.then(|| if results.is_empty() {
                view! { <p class="govuk-body" data-testid="cpv-no-results">{format!("No CPV codes match “{}”. Try other words.", query)}</p> }.into_any()
            } else {
                view! {
                    <table class="govuk-table" data-testid="cpv-results">
                        <caption class="govuk-table__caption govuk-table__caption--s">{format!("Codes matching “{}”", query)}</caption>
                        <thead class="govuk-table__head"><tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"Code"</th>
                            <th scope="col" class="govuk-table__header">"Description"</th>
                            <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">"Action"</span></th>
                        </tr></thead>
                        <tbody class="govuk-table__body">
                            {results.iter().map(|c| {
                                let code = c.code.clone();
                                let already = chosen.contains(&code);
                                view! {
                                    <tr class="govuk-table__row">
                                        <td class="govuk-table__cell">{c.code.clone()}</td>
                                        <td class="govuk-table__cell">{c.description.clone()}</td>
                                        <td class="govuk-table__cell">
                                            {if already {
                                                view! { <span class="govuk-body-s">"Chosen"</span> }.into_any()
                                            } else {
                                                view! {
                                                    <form method="post" action=action_add.clone() class="app-inline-form" novalidate>
                                                        <Hidden name="code" value=code.clone() />
                                                        <Hidden name="version" value=version.clone() />
                                                        <Hidden name="cpv_q" value=query.clone() />
                                                        <button type="submit" class="govuk-button govuk-button--secondary app-button--small govuk-!-margin-bottom-0" data-testid=format!("cpv-add-{code}")>
                                                            "Add"<span class="govuk-visually-hidden">{format!(" {code}")}</span>
                                                        </button>
                                                    </form>
                                                }.into_any()
                                            }}
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            })}
            <form method="post" action=action_add.clone() novalidate data-testid="cpv-code-form">
                <Hidden name="version" value=version.clone() />
                <div class=if code_error.is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                    <label class="govuk-label govuk-label--s" for="cpv_code">"Or add a code you know"</label>
                    {code_error.clone().map(|m| view! { <p id="cpv_code-error" class="govuk-error-message"><span class="govuk-visually-hidden">"Error: "</span>{m}</p> })}
                    <input class=if code_error.is_some() { "govuk-input govuk-input--width-10 govuk-input--error" } else { "govuk-input govuk-input--width-10" }
                        id="cpv_code" name="code" type="text" inputmode="numeric" spellcheck="false" value=form.value("code")
                        aria-describedby=code_error.is_some().then_some("cpv_code-error") />
                    " "
                    <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-testid="cpv-add-code">"Add code"</button>
                </div>
            </form>
        })}
    }
}

fn event_kind_options() -> Vec<Opt> {
    EngagementEventKind::ALL
        .iter()
        .map(|k| Opt::new(k.as_str(), k.label()))
        .collect()
}

#[component]
fn EventsSection(
    id: String,
    events: Vec<EventView>,
    can_edit: bool,
    version: String,
    form: FormState,
) -> impl IntoView {
    let editing = !form.value("event_id").is_empty();
    let err = |f: &str| form.error(f);
    view! {
        <p class="govuk-body">"Supplier days, webinars and one-to-one meetings, with when and where they are and how to register. Times are London time."</p>
        {if events.is_empty() {
            view! { <p class="govuk-body" data-testid="no-events">"No events yet."</p> }.into_any()
        } else {
            events.into_iter().map(|event| {
                let event_id = event.id;
                let actions = can_edit.then(|| view! {
                    <ul class="govuk-summary-card__actions">
                        <li class="govuk-summary-card__action">
                            <a class="govuk-link" href=format!("/challenges/{id}/notice?event={event_id}#event-form") data-testid="edit-event">"Change"<span class="govuk-visually-hidden">" this event"</span></a>
                        </li>
                        <li class="govuk-summary-card__action">
                            <form method="post" action=format!("/challenges/{id}/notice/events/{event_id}/remove") class="app-inline-form" novalidate>
                                <Hidden name="version" value=version.clone() />
                                <button type="submit" class="govuk-button govuk-button--warning app-button--small govuk-!-margin-bottom-0" data-testid="remove-event">"Remove"<span class="govuk-visually-hidden">" this event"</span></button>
                            </form>
                        </li>
                    </ul>
                }.into_any());
                view! { <EventItem event=event actions=actions.unwrap_or_else(|| ().into_any()) /> }
            }).collect_view().into_any()
        }}
        {can_edit.then(|| view! {
            <h3 class="govuk-heading-s" id="event-form">{if editing { "Change the event" } else { "Add an event" }}</h3>
            <form method="post" action=format!("/challenges/{id}/notice/events") novalidate data-testid="event-form">
                <Hidden name="version" value=version.clone() />
                <Hidden name="event_id" value=form.value("event_id") />
                <Radios name="event_kind" legend="Kind of event" options=event_kind_options() selected=form.value("event_kind") error=err("event_kind") small=true />
                <DateTimeInputs name="event_date" legend="Date and start time" hint="For example, 3 2 2027 and 10am" form=form.clone() />
                <TextInput name="event_end_time" label="End time (optional)" value=form.value("event_end_time") error=err("event_end_time") width_class="govuk-input--width-5" hint="For example, 12:30pm" />
                <TextArea name="event_place" label="Where (address), if in person" value=form.value("event_place") error=err("event_place") rows=2 />
                <TextInput name="event_link" label="Online link, if online" value=form.value("event_link") error=err("event_link") input_type="url" spellcheck_off=true />
                <TextArea name="event_register" label="How to register" value=form.value("event_register") error=err("event_register") rows=2
                    hint="For example: email procurement@camden.gov.uk by 1 February with the names of up to two attendees" />
                <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" data-testid="save-event">{if editing { "Save the event" } else { "Add the event" }}</button>
                {editing.then(|| view! { " " <a class="govuk-link" href=format!("/challenges/{id}/notice#engagement")>"Cancel"</a> })}
            </form>
        })}
    }
}

fn question_kind_options() -> Vec<Opt> {
    QuestionKind::ALL
        .iter()
        .map(|k| match k {
            QuestionKind::FreeText => Opt::hinted(k.as_str(), k.label(), "Give a word limit"),
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
                Opt::hinted(k.as_str(), k.label(), "Give the options, one per line")
            }
            QuestionKind::YesNo => Opt::new(k.as_str(), k.label()),
        })
        .collect()
}

#[component]
fn QuestionsSection(
    id: String,
    questions: Vec<QuestionView>,
    can_edit: bool,
    version: String,
    form: FormState,
) -> impl IntoView {
    let editing = !form.value("question_id").is_empty();
    let count = questions.len();
    let err = |f: &str| form.error(f);
    view! {
        <p class="govuk-body">"Questions suppliers answer online. Their answers are confidential to the member authorities."</p>
        {if questions.is_empty() {
            view! { <p class="govuk-body" data-testid="no-questions">"No questions yet."</p> }.into_any()
        } else {
            view! {
                <ol class="govuk-list govuk-list--number" data-testid="questions">
                    {questions.into_iter().enumerate().map(|(i, q)| {
                        let qid = q.id;
                        view! {
                            <li data-testid="question">
                                <QuestionText question=q />
                                {can_edit.then(|| view! {
                                    <div class="app-card-actions govuk-!-margin-bottom-4">
                                        <a class="govuk-link govuk-!-margin-right-3" href=format!("/challenges/{id}/notice?question={qid}#question-form") data-testid="edit-question">"Change"<span class="govuk-visually-hidden">{format!(" question {}", i + 1)}</span></a>
                                        {(i > 0).then(|| view! {
                                            <form method="post" action=format!("/challenges/{id}/notice/questionnaire/{qid}/move") class="app-inline-form" novalidate>
                                                <Hidden name="version" value=version.clone() />
                                                <Hidden name="direction" value="up" />
                                                <button type="submit" class="govuk-button govuk-button--secondary app-button--small" data-testid="question-up">"Move up"<span class="govuk-visually-hidden">{format!(" question {}", i + 1)}</span></button>
                                            </form>
                                        })}
                                        {(i + 1 < count).then(|| view! {
                                            <form method="post" action=format!("/challenges/{id}/notice/questionnaire/{qid}/move") class="app-inline-form" novalidate>
                                                <Hidden name="version" value=version.clone() />
                                                <Hidden name="direction" value="down" />
                                                <button type="submit" class="govuk-button govuk-button--secondary app-button--small" data-testid="question-down">"Move down"<span class="govuk-visually-hidden">{format!(" question {}", i + 1)}</span></button>
                                            </form>
                                        })}
                                        <form method="post" action=format!("/challenges/{id}/notice/questionnaire/{qid}/remove") class="app-inline-form" novalidate>
                                            <Hidden name="version" value=version.clone() />
                                            <button type="submit" class="govuk-button govuk-button--warning app-button--small" data-testid="remove-question">"Remove"<span class="govuk-visually-hidden">{format!(" question {}", i + 1)}</span></button>
                                        </form>
                                    </div>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
        {can_edit.then(|| view! {
            <h3 class="govuk-heading-s" id="question-form">{if editing { "Change the question" } else { "Add a question" }}</h3>
            <form method="post" action=format!("/challenges/{id}/notice/questionnaire") novalidate data-testid="question-form">
                <Hidden name="version" value=version.clone() />
                <Hidden name="question_id" value=form.value("question_id") />
                <TextArea name="question_prompt" label="Question" value=form.value("question_prompt") error=err("question_prompt") rows=3 />
                <Radios name="question_kind" legend="Kind of answer" options=question_kind_options() selected=form.value("question_kind") error=err("question_kind") small=true />
                <TextInput name="question_word_limit" label="Word limit (free text only)" value=form.value("question_word_limit") error=err("question_word_limit") width_class="govuk-input--width-5" />
                <TextArea name="question_options" label="Options, one per line (choice questions only)" value=form.value("question_options") error=err("question_options") rows=4 />
                <Radios name="question_required" legend="Must suppliers answer it?" options=vec![Opt::new("yes", "Yes, it is required"), Opt::new("no", "No, it is optional")]
                    selected=form.value_or("question_required", "yes") error=err("question_required") small=true />
                <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" data-testid="save-question">{if editing { "Save the question" } else { "Add the question" }}</button>
                {editing.then(|| view! { " " <a class="govuk-link" href=format!("/challenges/{id}/notice#questionnaire")>"Cancel"</a> })}
            </form>
        })}
    }
}

#[component]
fn PublishedSummary(data: WorkPageData, notice: NoticeView) -> impl IntoView {
    let id = data.work.challenge_id.to_string();
    let reference = notice.reference.clone().unwrap_or_default();
    view! {
        <p class="govuk-body">
            <StatusTag status=notice.status />
            " This notice is public at "
            <a class="govuk-link" href=format!("/notices/{reference}") data-testid="public-notice-link">{format!("/notices/{reference}")}</a>
        </p>
        {notice.withdrawn_reason.clone().map(|reason| view! {
            <p class="govuk-body" data-testid="withdrawn-reason">{format!("Withdrawn: {reason}")}</p>
        })}
        <NoticeFacts notice=notice.clone() now=data.now />
        {(data.work.can_amend || data.work.can_withdraw).then(|| view! {
            <div class="govuk-button-group">
                {data.work.can_amend.then(|| view! {
                    <a class="govuk-button govuk-button--secondary" href=format!("/challenges/{id}/notice/amend") data-testid="amend-notice">"Amend the notice"</a>
                })}
                {data.work.can_withdraw.then(|| view! {
                    <a class="govuk-button govuk-button--warning" href=format!("/challenges/{id}/notice/withdraw") data-testid="withdraw-notice">"Withdraw the notice"</a>
                })}
            </div>
        })}
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct AmendPageData {
    pub challenge_id: String,
    pub challenge_title: String,
    pub reference: String,
    pub form: FormState,
    pub conflict: Option<String>,
}

#[component]
pub fn AmendPage(data: AmendPageData) -> impl IntoView {
    let id = data.challenge_id.clone();
    view! {
        <ErrorSummary errors=data.form.errors.clone() />
        <ConflictBanner message=data.conflict.clone() />
        <span class="govuk-caption-l">{format!("{} – {}", data.challenge_title, data.reference)}</span>
        <h1 class="govuk-heading-l">"Amend the notice"</h1>
        <p class="govuk-body">"The notice is public, so it is never changed silently: say what changed and why. The change log on the notice shows it, a new open-data release records it, and every supplier that registered interest is emailed. Events and the questionnaire cannot change once suppliers may be answering."</p>
        <DetailsForm action=format!("/challenges/{id}/notice/amend") form=data.form.clone() submit="Publish the amendment" amend=true />
        <p class="govuk-body"><a class="govuk-link" href=format!("/challenges/{id}/notice")>"Cancel"</a></p>
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct WithdrawPageData {
    pub challenge_id: String,
    pub challenge_title: String,
    pub reference: String,
    pub title: String,
    pub version: i32,
    pub form: FormState,
}

#[component]
pub fn WithdrawPage(data: WithdrawPageData) -> impl IntoView {
    let id = data.challenge_id.clone();
    view! {
        <ErrorSummary errors=data.form.errors.clone() />
        <span class="govuk-caption-l">{format!("{} – {}", data.challenge_title, data.reference)}</span>
        <h1 class="govuk-heading-l">"Withdraw the notice"</h1>
        <div class="govuk-warning-text">
            <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
            <strong class="govuk-warning-text__text">
                <span class="govuk-visually-hidden">"Warning"</span>
                {format!("Withdrawing “{}” cannot be undone. The notice stays public, marked withdrawn with your reason, and suppliers can no longer respond.", data.title)}
            </strong>
        </div>
        <form method="post" action=format!("/challenges/{id}/notice/withdraw") novalidate>
            <Hidden name="version" value=data.version.to_string() />
            <TextArea name="reason" label="Why is the notice being withdrawn?" value=data.form.value("reason") error=data.form.error("reason") rows=4
                max_chars=WITHDRAWAL_REASON_MAX hint="Suppliers see this on the notice" />
            <div class="govuk-button-group">
                <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button" data-testid="confirm-withdraw">"Withdraw the notice"</button>
                <a class="govuk-link" href=format!("/challenges/{id}/notice")>"Cancel"</a>
            </div>
        </form>
    }
}
