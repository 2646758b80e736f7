//! The respondents table of a notice, the lead's observer-access switch and the
//! declarations the lead reads.

use super::{responses_path, ReviewHeading, Tags};
use crate::ssr::review::declarations::DeclarationRow;
use crate::ssr::review::listing::Overview;
use leptos::prelude::*;

#[component]
pub fn ResponsesPage(overview: Overview) -> impl IntoView {
    let id = overview.header.challenge_id.to_string();
    let base = responses_path(&id);
    let count = overview.respondents.len();
    let own = overview.own_declaration.clone();
    view! {
        <ReviewHeading header=overview.header.clone() heading="Supplier responses" />
        {own.map(|d| view! {
            <p class="govuk-body-s app-secondary-text" data-testid="own-declaration">
                {format!(
                    "You declared {} on {}. ",
                    if d.has_conflict { "a conflict of interest" } else { "no conflict of interest" },
                    d.declared_at_label
                )}
                <a class="govuk-link" href=format!("{base}/declaration")>"Update your declaration"</a>
            </p>
        })}
        <p class="govuk-body">"Responses are confidential to the member authorities. Notes and tags are private to reviewers and never shown to suppliers."</p>
        {if count == 0 {
            view! { <p class="govuk-body" data-testid="no-responses">"No supplier has submitted a response yet."</p> }.into_any()
        } else {
            view! {
                <ul class="govuk-list">
                    <li><a class="govuk-link" href=format!("{base}.csv") download="" data-testid="download-csv">"Download all answers (CSV)"</a></li>
                </ul>
                <table class="govuk-table" data-testid="respondents">
                    <caption class="govuk-table__caption govuk-table__caption--m">
                        {format!("{count} {}", if count == 1 { "response" } else { "responses" })}
                    </caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"Supplier"</th>
                            <th scope="col" class="govuk-table__header">"Submitted"</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Submission"</th>
                            <th scope="col" class="govuk-table__header">"Tags"</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {overview.respondents.iter().map(|r| view! {
                            <tr class="govuk-table__row" data-testid="respondent">
                                <th scope="row" class="govuk-table__header">
                                    <a class="govuk-link" href=format!("{base}/{}", r.response_id) data-testid="respondent-link">{r.supplier.clone()}</a>
                                </th>
                                <td class="govuk-table__cell">
                                    <time datetime=r.submitted_at.to_rfc3339()>{r.submitted_at_label.clone()}</time>
                                </td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">{r.submission_number.to_string()}</td>
                                <td class="govuk-table__cell"><Tags tags=r.tags.clone() /></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        {(!overview.questions.is_empty()).then(|| view! {
            <h2 class="govuk-heading-m">"Compare answers question by question"</h2>
            <ol class="govuk-list govuk-list--number" data-testid="questions">
                {overview.questions.iter().map(|q| view! {
                    <li><a class="govuk-link" href=format!("{base}/questions/{}", q.id) data-testid="question-link">{q.prompt.clone()}</a></li>
                }).collect_view()}
            </ol>
        })}
        {overview.can_set_observer_access.then(|| view! {
            <ObserverAccess base=base.clone() allowed=overview.observers_see_responses />
        })}
        {overview.declarations.clone().map(|rows| view! { <Declarations rows=rows /> })}
    }
}

#[component]
fn ObserverAccess(base: String, allowed: bool) -> impl IntoView {
    view! {
        <h2 class="govuk-heading-m">"Observer authorities"</h2>
        <p class="govuk-body" data-testid="observer-access">
            {if allowed {
                "Observer authorities can read the responses (not add notes or tags)."
            } else {
                "Observer authorities cannot read the responses."
            }}
        </p>
        <form method="post" action=format!("{base}/observer-access") class="app-inline-form">
            <input type="hidden" name="observers_see_responses" value=if allowed { "no" } else { "yes" } />
            <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" data-testid="toggle-observer-access">
                {if allowed { "Stop observers reading responses" } else { "Let observers read responses" }}
            </button>
        </form>
    }
}

#[component]
fn Declarations(rows: Vec<DeclarationRow>) -> impl IntoView {
    view! {
        <h2 class="govuk-heading-m">"Conflict of interest declarations"</h2>
        {if rows.is_empty() {
            view! { <p class="govuk-body">"Nobody has declared yet."</p> }.into_any()
        } else {
            view! {
                <table class="govuk-table" data-testid="declarations">
                    <caption class="govuk-visually-hidden">"Who declared what before reading the responses"</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"Person"</th>
                            <th scope="col" class="govuk-table__header">"Declared"</th>
                            <th scope="col" class="govuk-table__header">"When"</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {rows.into_iter().map(|d| view! {
                            <tr class="govuk-table__row" data-testid="declaration">
                                <td class="govuk-table__cell">{d.person} <br /> <span class="app-secondary-text">{d.organisation}</span></td>
                                <td class="govuk-table__cell">
                                    {if d.has_conflict {
                                        view! {
                                            <strong class="govuk-tag govuk-tag--red">"Conflict"</strong>
                                            <p class="govuk-body-s app-preserve-lines">{d.details}</p>
                                        }.into_any()
                                    } else {
                                        view! { <strong class="govuk-tag govuk-tag--green">"No conflict"</strong> }.into_any()
                                    }}
                                </td>
                                <td class="govuk-table__cell">{d.declared_at_label}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}
