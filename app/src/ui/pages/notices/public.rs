//! The public notice pages: the searchable list and one notice, readable without signing
//! in. The notice page carries the supplier and clarification panels below the notice.

use super::parts::{EventItem, LondonTime, NoticeFacts, QuestionText, StatusTag};
use crate::domain::engagement::NoticeStatus;
use crate::ssr::notices::public::{Choice, ListPage};
use crate::ssr::notices::NoticeView;
use crate::ssr::responses::panels::NoticePanels;
use crate::ui::format;
use crate::ui::pagination::Pagination;
use chrono::{DateTime, Utc};
use leptos::prelude::*;

#[component]
fn FilterSelect(
    name: &'static str,
    label: &'static str,
    any: &'static str,
    choices: Vec<Choice>,
    selected: String,
) -> impl IntoView {
    view! {
        <div class="govuk-form-group">
            <label class="govuk-label" for=name>{label}</label>
            <select class="govuk-select" id=name name=name>
                <option value="">{any}</option>
                {choices.into_iter().map(|c| {
                    let is_selected = c.value == selected;
                    view! { <option value=c.value selected=is_selected>{c.label}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
pub fn NoticeListPage(data: ListPage, now: DateTime<Utc>) -> impl IntoView {
    let query = data.query.clone();
    let hrefs: Vec<String> = (1..=data.pages).map(|n| query.href(n)).collect();
    let first = (data.page - 1) * crate::ssr::notices::public::PER_PAGE + 1;
    let last = first + data.items.len() as u64 - 1;
    let statuses = vec![
        Choice {
            value: "open".into(),
            label: "Open".into(),
        },
        Choice {
            value: "closed".into(),
            label: "Closed".into(),
        },
        Choice {
            value: "withdrawn".into(),
            label: "Withdrawn".into(),
        },
    ];
    let summary = if data.total == 0 {
        "No notices match.".to_string()
    } else if data.pages > 1 {
        format!("Showing {first} to {last} of {} notices.", data.total)
    } else if data.total == 1 {
        "1 notice.".to_string()
    } else {
        format!("{} notices.", data.total)
    };
    view! {
        <h1 class="govuk-heading-l">"Market engagement notices"</h1>
        <p class="govuk-body">"Preliminary market engagement notices from London's local authorities: what they are thinking of buying, and how suppliers can take part before any procurement starts."</p>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-one-third">
                <form method="get" action="/notices" novalidate data-testid="notice-filters" class="app-filters">
                    <h2 class="govuk-heading-s">"Search and filter"</h2>
                    <div class="govuk-form-group">
                        <label class="govuk-label" for="q">"Words"</label>
                        <input class="govuk-input" id="q" name="q" type="search" value=query.q.clone() />
                    </div>
                    <FilterSelect name="status" label="Status" any="Any status" choices=statuses selected=query.status.clone() />
                    <FilterSelect name="division" label="CPV division" any="Any division" choices=data.divisions.clone() selected=query.division.clone() />
                    <FilterSelect name="service_area" label="Service area" any="Any service area" choices=data.service_areas.clone() selected=query.service_area.clone() />
                    <FilterSelect name="authority" label="Authority" any="Any authority" choices=data.authorities.clone() selected=query.authority.clone() />
                    <button type="submit" class="govuk-button" data-module="govuk-button" data-testid="notice-search">"Search"</button>
                    {query.is_filtered().then(|| view! {
                        <p class="govuk-body"><a class="govuk-link" href="/notices">"Clear the filters"</a></p>
                    })}
                </form>
            </div>
            <div class="govuk-grid-column-two-thirds">
                <p class="govuk-body" data-testid="notice-count">{summary}</p>
                <ul class="govuk-list" data-testid="notice-results">
                    {data.items.into_iter().map(|item| {
                        let href = format!("/notices/{}", item.reference);
                        view! {
                            <li class="govuk-!-margin-bottom-6" data-testid="notice-result">
                                <h2 class="govuk-heading-s govuk-!-margin-bottom-1">
                                    <a class="govuk-link" href=href>{item.title.clone()}</a>
                                </h2>
                                <p class="govuk-body-s govuk-!-margin-bottom-1">
                                    <StatusTag status=item.status />
                                    {item.amended.then(|| view! { " " <strong class="govuk-tag govuk-tag--yellow">"Amended"</strong> })}
                                    {format!(" {} · {}", item.reference, item.lead)}
                                </p>
                                <p class="govuk-body-s govuk-!-margin-bottom-1">
                                    {match (item.status, item.closes_at) {
                                        (NoticeStatus::Published, Some(at)) => view! { "Closes " <LondonTime at=at /> }.into_any(),
                                        (_, Some(at)) => view! { "Closed " <LondonTime at=at /> }.into_any(),
                                        _ => ().into_any(),
                                    }}
                                </p>
                                <p class="govuk-body-s app-secondary-text">{item.summary.clone()}</p>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <Pagination page={data.page as usize} pages={data.pages as usize} hrefs=hrefs label="Pages of notices" />
                <h2 class="govuk-heading-s">"Open data"</h2>
                <ul class="govuk-list">
                    <li><a class="govuk-link" href="/notices.atom" data-testid="atom-link">"Atom feed of new and amended notices"</a></li>
                    <li><a class="govuk-link" href="/notices.ocds.json" data-testid="ocds-link">"Every notice as Open Contracting Data (OCDS 1.1 release package, JSON)"</a></li>
                </ul>
                <p class="govuk-body-s app-secondary-text">{format!("Times are London time (GMT or BST). Page made {}.", format::date(&now))}</p>
            </div>
        </div>
    }
}

#[derive(Clone, Debug)]
pub struct NoticeDetailData {
    pub notice: NoticeView,
    pub is_member: bool,
    pub panels: NoticePanels,
    pub now: DateTime<Utc>,
}

#[component]
pub fn NoticeDetailPage(data: NoticeDetailData) -> impl IntoView {
    let notice = data.notice.clone();
    let reference = notice.reference.clone().unwrap_or_default();
    let challenge = notice.challenge_id;
    view! {
        <span class="govuk-caption-l">{format!("Preliminary market engagement notice {reference}")}</span>
        <h1 class="govuk-heading-l" data-testid="notice-title">{notice.details.title.clone()}</h1>
        {(notice.status == NoticeStatus::Withdrawn).then(|| view! {
            <div class="govuk-notification-banner" role="region" aria-labelledby="withdrawn-title" data-module="govuk-notification-banner" data-testid="withdrawn-banner">
                <div class="govuk-notification-banner__header">
                    <h2 class="govuk-notification-banner__title" id="withdrawn-title">"Withdrawn"</h2>
                </div>
                <div class="govuk-notification-banner__content">
                    <p class="govuk-notification-banner__heading">"This notice has been withdrawn"</p>
                    <p class="govuk-body app-preserve-lines">{notice.withdrawn_reason.clone().unwrap_or_default()}</p>
                </div>
            </div>
        })}
        {(notice.status == NoticeStatus::Closed).then(|| view! {
            <div class="govuk-inset-text" data-testid="closed-text">"This market engagement has closed. Suppliers can no longer respond."</div>
        })}
        {data.is_member.then(|| view! {
            <p class="govuk-body"><a class="govuk-link" href=format!("/challenges/{challenge}/notice")>"Manage this notice"</a></p>
        })}
        <NoticeFacts notice=notice.clone() now=data.now />
        <h2 class="govuk-heading-m">"What the authorities want to buy"</h2>
        <div class="app-markdown" data-testid="notice-description" inner_html=notice.description_html.clone()></div>
        {(!notice.events.is_empty()).then(|| view! {
            <h2 class="govuk-heading-m">"Engagement events"</h2>
            {notice.events.clone().into_iter().map(|event| view! { <EventItem event=event /> }).collect_view()}
        })}
        {(!notice.questions.is_empty()).then(|| view! {
            <h2 class="govuk-heading-m">"Questionnaire"</h2>
            <p class="govuk-body">"Suppliers answer these questions online; answers are seen only by the authorities named above."</p>
            <ol class="govuk-list govuk-list--number" data-testid="public-questions">
                {notice.questions.clone().into_iter().map(|q| view! { <li><QuestionText question=q /></li> }).collect_view()}
            </ol>
        })}
        {crate::ui::pages::responses::panels::notice_panels(data.panels.clone())}
        {(!notice.amendments.is_empty()).then(|| view! {
            <h2 class="govuk-heading-m" id="changes">"Changes to this notice"</h2>
            <ol class="govuk-list" data-testid="change-log" reversed>
                {notice.amendments.clone().into_iter().map(|a| view! {
                    <li class="govuk-!-margin-bottom-4" data-testid="amendment">
                        <h3 class="govuk-heading-s govuk-!-margin-bottom-1">{format!("Amendment {}, ", a.number)}<LondonTime at=a.at /></h3>
                        <p class="govuk-body govuk-!-margin-bottom-1">{format!("Changed: {}", a.changes.join(", "))}</p>
                        <p class="govuk-body app-preserve-lines govuk-!-margin-bottom-1">{a.reason.clone()}</p>
                    </li>
                }).collect_view()}
            </ol>
        })}
        <h2 class="govuk-heading-s">"Open data"</h2>
        <p class="govuk-body"><a class="govuk-link" href=format!("/notices/{reference}.ocds.json") data-testid="notice-ocds-link">"This notice as Open Contracting Data (OCDS 1.1, JSON)"</a></p>
        <p class="govuk-body"><a class="govuk-link" href="/notices">"All notices"</a></p>
    }
}
