//! The supplier dashboard.

use super::questions::OwnQuestions;
use crate::ssr::responses::dashboard::{Dashboard, MatchingNotice, OwnResponse};
use leptos::prelude::*;

#[component]
fn MatchingList(notices: Vec<MatchingNotice>) -> impl IntoView {
    view! {
        <ul class="govuk-list" data-testid="matching-notices">
            {notices.into_iter().map(|n| view! {
                <li class="govuk-!-margin-bottom-4" data-testid="matching-notice">
                    <a class="govuk-link govuk-!-font-weight-bold" href=format!("/notices/{}", n.reference)>{n.title}</a>
                    <p class="govuk-body-s govuk-!-margin-bottom-0">
                        {n.closes_at.map(|at| format!("Closes {at}"))}
                        {n.time_left.map(|left| format!(" ({left})"))}
                    </p>
                    <p class="govuk-body-s app-secondary-text govuk-!-margin-bottom-0">
                        {format!("Matches: {}", n.reasons.join("; "))}
                    </p>
                </li>
            }).collect_view()}
        </ul>
    }
}

#[component]
fn ResponsesTable(
    responses: Vec<OwnResponse>,
    submitted: bool,
    testid: &'static str,
) -> impl IntoView {
    view! {
        <table class="govuk-table" data-testid=testid>
            <caption class="govuk-table__caption govuk-visually-hidden">
                {if submitted { "Responses you have submitted" } else { "Draft responses" }}
            </caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"Notice"</th>
                    <th scope="col" class="govuk-table__header">{if submitted { "Submitted" } else { "Last saved" }}</th>
                    <th scope="col" class="govuk-table__header">"Closes"</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {responses.into_iter().map(|r| {
                    let href = format!("/notices/{}/response", r.reference);
                    let when = if submitted {
                        format!(
                            "Submission {} on {}",
                            r.submissions,
                            r.last_submitted_at.clone().unwrap_or_default()
                        )
                    } else {
                        r.saved_at.clone()
                    };
                    view! {
                        <tr class="govuk-table__row" data-testid="own-response">
                            <td class="govuk-table__cell">
                                <a class="govuk-link" href=href>{r.title.clone()}</a>
                                {(submitted && r.unsubmitted_changes).then(|| view! {
                                    <br /><strong class="govuk-tag govuk-tag--yellow">"Changes not submitted"</strong>
                                })}
                            </td>
                            <td class="govuk-table__cell">{when}</td>
                            <td class="govuk-table__cell">
                                {match (r.open, r.time_left.clone()) {
                                    (true, Some(left)) => format!("{left}: {}", r.closes_at.clone().unwrap_or_default()),
                                    (true, None) => "Open".to_string(),
                                    (false, _) => "Closed".to_string(),
                                }}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn DashboardPage(data: Dashboard) -> impl IntoView {
    view! {
        <span class="govuk-caption-l">{data.organisation_name.clone()}</span>
        <h1 class="govuk-heading-l">"Your supplier dashboard"</h1>

        <h2 class="govuk-heading-m">"Notices that match what you follow"</h2>
        {if data.follows == 0 {
            view! {
                <p class="govuk-body" data-testid="no-follows">
                    "You do not follow any CPV divisions or service areas yet. "
                    <a class="govuk-link" href="/supplier/follows" data-testid="follows-link">"Choose what to follow"</a>
                </p>
            }.into_any()
        } else {
            view! {
                {if data.matching.is_empty() {
                    view! { <p class="govuk-body" data-testid="no-matching">"No open notices match what you follow at the moment."</p> }.into_any()
                } else {
                    view! { <MatchingList notices=data.matching.clone() /> }.into_any()
                }}
                <p class="govuk-body"><a class="govuk-link" href="/supplier/follows" data-testid="follows-link">"Change what you follow"</a></p>
            }.into_any()
        }}

        <h2 class="govuk-heading-m">"Draft responses"</h2>
        {if data.drafts.is_empty() {
            view! { <p class="govuk-body" data-testid="no-drafts">"You have no draft responses."</p> }.into_any()
        } else {
            view! { <ResponsesTable responses=data.drafts.clone() submitted=false testid="draft-responses" /> }.into_any()
        }}

        <h2 class="govuk-heading-m">"Submitted responses"</h2>
        {if data.submitted.is_empty() {
            view! { <p class="govuk-body" data-testid="no-submitted">"You have not submitted any responses yet."</p> }.into_any()
        } else {
            view! { <ResponsesTable responses=data.submitted.clone() submitted=true testid="submitted-responses" /> }.into_any()
        }}

        <h2 class="govuk-heading-m">"Your questions and their answers"</h2>
        {if data.questions.is_empty() {
            view! { <p class="govuk-body" data-testid="no-questions">"Your organisation has not asked any clarification questions."</p> }.into_any()
        } else {
            view! { <OwnQuestions questions=data.questions.clone() show_notice=true /> }.into_any()
        }}
    }
}
