//! Challenge pages: the list with its filters, one challenge, and its history.

use crate::domain::{ChallengeStatus, MemberRole};
use crate::ssr::audit::HistoryEntry;
use crate::ssr::challenges::{ChallengeDetail, ChallengeSummary, JoinRequestView};
use crate::ssr::reference::Choice;
use crate::ui::form::{ErrorSummary, FormState, Opt, Radios, Select, TextArea};
use crate::ui::format;
use leptos::prelude::*;

#[component]
pub fn StatusTag(status: ChallengeStatus) -> impl IntoView {
    view! { <strong class=status.tag_class()>{status.label()}</strong> }
}

#[component]
pub fn ChallengeTable(challenges: Vec<ChallengeSummary>, caption: String) -> impl IntoView {
    view! {
        <div class="app-table-wrapper">
            <table class="govuk-table" data-testid="challenge-table">
                <caption class="govuk-table__caption govuk-table__caption--s">{caption}</caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"Challenge"</th>
                        <th scope="col" class="govuk-table__header">"Service area"</th>
                        <th scope="col" class="govuk-table__header">"Authorities"</th>
                        <th scope="col" class="govuk-table__header">"Status"</th>
                        <th scope="col" class="govuk-table__header">"Last changed"</th>
                    </tr>
                </thead>
                <tbody class="govuk-table__body">
                    {challenges
                        .into_iter()
                        .map(|c| {
                            view! {
                                <tr class="govuk-table__row">
                                    <td class="govuk-table__cell">
                                        <a class="govuk-link" href=format!("/challenges/{}", c.id)>{c.title}</a>
                                        {c.own_role.map(|role| view! {
                                            <br /><span class="govuk-body-s app-secondary-text">{format!("Your authority: {}", role.label().to_lowercase())}</span>
                                        })}
                                    </td>
                                    <td class="govuk-table__cell">{c.service_area_name}</td>
                                    <td class="govuk-table__cell">{format!("{} (lead)", c.lead_name)}{(c.member_count > 1).then(|| format!(" and {} {}", c.member_count - 1, if c.member_count == 2 { "other" } else { "others" }))}</td>
                                    <td class="govuk-table__cell"><StatusTag status=c.status /></td>
                                    <td class="govuk-table__cell">
                                        <time datetime=format::iso(&c.updated_at)>{format::date(&c.updated_at)}</time>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn to_opts(choices: &[Choice]) -> Vec<Opt> {
    choices
        .iter()
        .map(|c| Opt::new(c.value.clone(), c.label.clone()))
        .collect()
}

#[derive(Clone, Debug, PartialEq)]
pub struct ListData {
    pub challenges: Vec<ChallengeSummary>,
    pub service_areas: Vec<Choice>,
    pub authorities: Vec<Choice>,
    pub filters: FormState,
    pub can_create: bool,
    pub signed_in: bool,
}

#[component]
pub fn ChallengeListPage(data: ListData) -> impl IntoView {
    let statuses: Vec<Opt> = ChallengeStatus::ALL
        .iter()
        .map(|s| Opt::new(s.as_str(), s.label()))
        .collect();
    let count = data.challenges.len();
    let filters = data.filters.clone();
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">"Challenges"</h1>
                <p class="govuk-body">
                    {if data.can_create {
                        "Shared procurement challenges you can see: your authority's own first."
                    } else if data.signed_in {
                        "Challenges London authorities are working on that you can see."
                    } else {
                        "Public challenges London authorities are working on. Sign in to see more."
                    }}
                </p>
            </div>
            <div class="govuk-grid-column-one-third">
                {data.can_create.then(|| view! {
                    <a href="/challenges/new" role="button" draggable="false" class="govuk-button" data-module="govuk-button" data-testid="new-challenge">
                        "Open a new challenge"
                    </a>
                })}
            </div>
        </div>
        <ErrorSummary errors=filters.errors.clone() />
        <form method="get" action="/challenges" class="app-filters" novalidate>
            <h2 class="govuk-heading-s">"Filter challenges"</h2>
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-one-third">
                    <Select name="status" label="Status" options=statuses selected=filters.value("status") blank="Any status" error=filters.error("status") />
                </div>
                <div class="govuk-grid-column-one-third">
                    <Select name="service_area" label="Service area" options=to_opts(&data.service_areas) selected=filters.value("service_area") blank="Any service area" error=filters.error("service_area") />
                </div>
                <div class="govuk-grid-column-one-third">
                    <Select name="authority" label="Authority" options=to_opts(&data.authorities) selected=filters.value("authority") blank="Any authority" error=filters.error("authority") />
                </div>
            </div>
            <div class="govuk-button-group">
                <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" data-testid="apply-filters">"Apply filters"</button>
                <a class="govuk-link" href="/challenges">"Clear filters"</a>
            </div>
        </form>
        {if count == 0 {
            view! { <p class="govuk-body" data-testid="no-challenges">"No challenges match. Try clearing the filters."</p> }.into_any()
        } else {
            view! { <ChallengeTable challenges=data.challenges caption=format!("{count} {}", if count == 1 { "challenge" } else { "challenges" }) /> }.into_any()
        }}
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct DetailData {
    pub challenge: ChallengeDetail,
    /// The last submitted status or join form, with its errors.
    pub form: FormState,
    pub signed_in: bool,
}

#[component]
pub fn ChallengeDetailPage(data: DetailData) -> impl IntoView {
    let c = data.challenge;
    let form = data.form;
    let id = c.id;
    let lead = c
        .members
        .iter()
        .find(|m| m.role == MemberRole::Lead)
        .map(|m| m.name.clone())
        .unwrap_or_default();
    let permissions = c.permissions.clone();
    view! {
        <ErrorSummary errors=form.errors.clone() />
        <span class="govuk-caption-l">{c.service_area_name.clone()}</span>
        <h1 class="govuk-heading-l" data-testid="challenge-title">{c.title.clone()}</h1>
        {permissions.view_work.then(|| view! { <ChallengeTabs challenge=id.to_string() current="" /> })}
        <p class="govuk-body app-tags">
            <StatusTag status=c.status />
            " "
            <strong class="govuk-tag govuk-tag--light-blue">{c.visibility.short_label()}</strong>
            {c.actor_role.map(|role| view! { " " <strong class="govuk-tag govuk-tag--turquoise" data-testid="own-role">{format!("Your authority: {}", role.label().to_lowercase())}</strong> })}
        </p>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h2 class="govuk-heading-m">"Problem statement"</h2>
                <div class="govuk-body app-markdown" data-testid="problem-statement" inner_html=c.problem_statement_html.clone()></div>

                <h2 class="govuk-heading-m">"Member authorities"</h2>
                <table class="govuk-table" data-testid="members-table">
                    <caption class="govuk-visually-hidden">"Authorities taking part in this challenge"</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"Authority"</th>
                            <th scope="col" class="govuk-table__header">"Role"</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {c.members.iter().map(|m| view! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell">{m.name.clone()}</td>
                                <td class="govuk-table__cell">{m.role.label()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                {(!c.join_requests.is_empty()).then(|| view! { <JoinRequests challenge=id.to_string() requests=c.join_requests.clone() /> })}
                {permissions.request_to_join.then(|| {
                    if c.own_request_pending {
                        view! {
                            <div class="govuk-inset-text" data-testid="join-pending">"Your authority has asked to join this challenge. The lead authority will decide."</div>
                        }.into_any()
                    } else {
                        view! { <JoinForm challenge=id.to_string() form=form.clone() /> }.into_any()
                    }
                })}
            </div>
            <div class="govuk-grid-column-one-third">
                <h2 class="govuk-heading-m">"About this challenge"</h2>
                <dl class="govuk-summary-list govuk-summary-list--no-border">
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">"Lead authority"</dt>
                        <dd class="govuk-summary-list__value" data-testid="lead-authority">{lead}</dd>
                    </div>
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">"Opened"</dt>
                        <dd class="govuk-summary-list__value">{format::date(&c.created_at)}</dd>
                    </div>
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">"Last changed"</dt>
                        <dd class="govuk-summary-list__value">{format::date_time(&c.updated_at)}</dd>
                    </div>
                </dl>
                <ul class="govuk-list">
                    {permissions.edit.then(|| view! { <li><a class="govuk-link" href=format!("/challenges/{id}/edit") data-testid="edit-challenge">"Edit challenge"</a></li> })}
                    {permissions.manage_members.then(|| view! { <li><a class="govuk-link" href=format!("/challenges/{id}/members") data-testid="manage-members">"Manage member authorities"</a></li> })}
                    {permissions.view_history.then(|| view! { <li><a class="govuk-link" href=format!("/challenges/{id}/history") data-testid="history-link">"History of changes"</a></li> })}
                </ul>
                {permissions.change_status.then(|| view! { <StatusForm challenge=id.to_string() current=c.status form=form.clone() /> })}
                {(!data.signed_in).then(|| view! {
                    <p class="govuk-body"><a class="govuk-link" href="/sign-in">"Sign in"</a>" to take part."</p>
                })}
            </div>
        </div>
    }
}

#[component]
fn StatusForm(challenge: String, current: ChallengeStatus, form: FormState) -> impl IntoView {
    let options: Vec<Opt> = current
        .next_statuses()
        .iter()
        .map(|s| match s {
            ChallengeStatus::Archived => Opt::hinted(
                s.as_str(),
                s.label(),
                "Final: the challenge becomes a read-only record and cannot be reopened",
            ),
            ChallengeStatus::MarketEngagement => Opt::hinted(
                s.as_str(),
                s.label(),
                "The challenge cannot go back to collaborating after this",
            ),
            _ => Opt::new(s.as_str(), s.label()),
        })
        .collect();
    view! {
        <form method="post" action=format!("/challenges/{challenge}/status") novalidate>
            <Radios name="status" legend="Change status" options=options selected=form.value("status") error=form.error("status") small=true
                hint=format!("Current status: {}", current.label()) />
            <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" data-testid="change-status">"Change status"</button>
        </form>
    }
}

#[component]
fn JoinForm(challenge: String, form: FormState) -> impl IntoView {
    let roles = vec![
        Opt::hinted(
            "participant",
            "Participant",
            "Co-author the needs and criteria",
        ),
        Opt::hinted("observer", "Observer", "Read and comment"),
    ];
    view! {
        <h2 class="govuk-heading-m">"Ask to join"</h2>
        <form method="post" action=format!("/challenges/{challenge}/join-requests") novalidate>
            <Radios name="requested_role" legend="How would your authority take part?" options=roles selected=form.value_or("requested_role", "participant") error=form.error("requested_role") />
            <TextArea name="message" label="Message to the lead authority (optional)" value=form.value("message") error=form.error("message") rows=3 max_chars=crate::domain::validation::JOIN_MESSAGE_MAX />
            <button type="submit" class="govuk-button" data-module="govuk-button" data-testid="request-to-join">"Ask to join"</button>
        </form>
    }
}

#[component]
pub fn JoinRequests(challenge: String, requests: Vec<JoinRequestView>) -> impl IntoView {
    view! {
        <h2 class="govuk-heading-m">"Requests to join"</h2>
        {requests.into_iter().map(|r| {
            let action = format!("/challenges/{challenge}/join-requests/{}", r.id);
            view! {
                <div class="govuk-summary-card" data-testid="join-request">
                    <div class="govuk-summary-card__title-wrapper">
                        <h3 class="govuk-summary-card__title">{format!("{} asks to join as {}", r.organisation_name, r.requested_role.label().to_lowercase())}</h3>
                    </div>
                    <div class="govuk-summary-card__content">
                        <p class="govuk-body-s">{format!("Asked by {} on {}", r.requested_by, format::date_time(&r.created_at))}</p>
                        {(!r.message.is_empty()).then(|| view! { <p class="govuk-body">{r.message.clone()}</p> })}
                        <div class="govuk-button-group">
                            <form method="post" action=action.clone() class="app-inline-form">
                                <input type="hidden" name="decision" value="accept" />
                                <button type="submit" class="govuk-button" data-module="govuk-button" data-testid="accept-join">{format!("Accept {}", r.organisation_name)}</button>
                            </form>
                            <form method="post" action=action class="app-inline-form">
                                <input type="hidden" name="decision" value="decline" />
                                <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button" data-testid="decline-join">{format!("Decline {}", r.organisation_name)}</button>
                            </form>
                        </div>
                    </div>
                </div>
            }
        }).collect_view()}
    }
}

#[component]
pub fn HistoryPage(challenge: String, title: String, entries: Vec<HistoryEntry>) -> impl IntoView {
    view! {
        <span class="govuk-caption-l">{title}</span>
        <h1 class="govuk-heading-l">"History of changes"</h1>
        <p class="govuk-body">"Every change to this challenge, newest first, with who made it and for which organisation."</p>
        <table class="govuk-table" data-testid="history-table">
            <caption class="govuk-visually-hidden">"Changes to this challenge"</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"When"</th>
                    <th scope="col" class="govuk-table__header">"Who"</th>
                    <th scope="col" class="govuk-table__header">"What changed"</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {entries.into_iter().map(|e| view! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell app-nowrap"><time datetime=format::iso(&e.occurred_at)>{format::date_time(&e.occurred_at)}</time></td>
                        <td class="govuk-table__cell">{e.actor_name}<br /><span class="govuk-body-s">{e.organisation_name}</span></td>
                        <td class="govuk-table__cell">{e.summary}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <p class="govuk-body"><a class="govuk-link" href=format!("/challenges/{challenge}")>"Back to the challenge"</a></p>
    }
}

/// The parts of a challenge its members work on, as a navigation bar shown on each of
/// them. `current` is the path segment of the page showing it ("" for the overview).
#[component]
pub fn ChallengeTabs(challenge: String, current: &'static str) -> impl IntoView {
    let tabs: [(&str, &str); 9] = [
        ("", "Overview"),
        ("needs", "User needs"),
        ("criteria", "Buying criteria"),
        ("matrix", "Traceability"),
        ("notice", "Market engagement notice"),
        ("notice/questions", "Suppliers' questions"),
        ("responses", "Supplier responses"),
        ("history", "History"),
        ("pack", "Challenge pack"),
    ];
    view! {
        <nav class="app-challenge-tabs" aria-label="Parts of this challenge" data-testid="challenge-tabs">
            <ul class="app-challenge-tabs__list">
                {tabs
                    .into_iter()
                    .map(|(segment, label)| {
                        let href = if segment.is_empty() {
                            format!("/challenges/{challenge}")
                        } else {
                            format!("/challenges/{challenge}/{segment}")
                        };
                        let is_current = segment == current;
                        view! {
                            <li class="app-challenge-tabs__item">
                                <a class="govuk-link govuk-link--no-visited-state app-challenge-tabs__link" href=href aria-current=is_current.then_some("page")>
                                    {label}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
