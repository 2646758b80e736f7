//! One question with every supplier's latest answer beside each other.

use super::{responses_path, Answer, ReviewHeading};
use crate::ssr::review::listing::QuestionComparison;
use leptos::prelude::*;

#[component]
pub fn QuestionPage(comparison: QuestionComparison) -> impl IntoView {
    let c = comparison;
    let id = c.header.challenge_id.to_string();
    let base = responses_path(&id);
    let heading = format!("Question {}", c.question.number);
    view! {
        <ReviewHeading header=c.header.clone() heading=heading />
        <p class="govuk-body-l" data-testid="question-prompt">{c.question.prompt.clone()}</p>
        <nav aria-label="Other questions">
            <ul class="govuk-list">
                {c.previous.clone().map(|q| view! {
                    <li><a class="govuk-link" href=format!("{base}/questions/{}", q.id) data-testid="previous-question">{format!("Previous: question {}", q.number)}</a></li>
                })}
                {c.next.clone().map(|q| view! {
                    <li><a class="govuk-link" href=format!("{base}/questions/{}", q.id) data-testid="next-question">{format!("Next: question {}", q.number)}</a></li>
                })}
                <li><a class="govuk-link" href=base.clone()>"Back to all responses"</a></li>
            </ul>
        </nav>
        {(!c.tally.is_empty()).then(|| view! {
            <table class="govuk-table" data-testid="tally">
                <caption class="govuk-table__caption govuk-table__caption--s">"How many suppliers gave each answer"</caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"Answer"</th>
                        <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Suppliers"</th>
                    </tr>
                </thead>
                <tbody class="govuk-table__body">
                    {c.tally.iter().cloned().map(|(value, n)| view! {
                        <tr class="govuk-table__row">
                            <td class="govuk-table__cell">{value}</td>
                            <td class="govuk-table__cell govuk-table__cell--numeric">{n.to_string()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
        {if c.answers.is_empty() {
            view! { <p class="govuk-body" data-testid="no-responses">"No supplier has submitted a response yet."</p> }.into_any()
        } else {
            view! {
                <table class="govuk-table" data-testid="compared-answers">
                    <caption class="govuk-table__caption govuk-table__caption--m">"Each supplier’s answer"</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"Supplier"</th>
                            <th scope="col" class="govuk-table__header">"Answer"</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {c.answers.iter().map(|a| view! {
                            <tr class="govuk-table__row" data-testid="compared-answer">
                                <th scope="row" class="govuk-table__header">
                                    <a class="govuk-link" href=format!("{base}/{}", a.response_id)>{a.supplier.clone()}</a>
                                    <br />
                                    <span class="govuk-body-s app-secondary-text">{format!("Submission {}", a.submission_number)}</span>
                                </th>
                                <td class="govuk-table__cell"><Answer answer=a.answer.clone() /></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}
