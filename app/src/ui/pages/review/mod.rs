//! Pages for reviewing supplier responses: the conflict-of-interest declaration, the
//! respondents table, one response, one question compared across suppliers, and the page
//! shown while a challenge has no published notice.

pub mod declaration;
pub mod overview;
pub mod question;
pub mod response;

use crate::ssr::review::answers::AnswerView;
use crate::ssr::review::listing::NoticeHeader;
use crate::ssr::review::NotPublished;
use crate::ui::pages::challenges::ChallengeTabs;
use leptos::prelude::*;

/// `/challenges/{id}/responses`.
pub fn responses_path(challenge: &impl std::fmt::Display) -> String {
    format!("/challenges/{challenge}/responses")
}

/// The caption, heading and tabs every review page starts with.
#[component]
fn ReviewHeading(header: NoticeHeader, #[prop(into)] heading: String) -> impl IntoView {
    let status = header.status;
    view! {
        <span class="govuk-caption-l">{header.challenge_title.clone()}</span>
        <h1 class="govuk-heading-l">{heading}</h1>
        <ChallengeTabs challenge=header.challenge_id.to_string() current="responses" />
        <p class="govuk-body app-tags" data-testid="notice-summary">
            <strong class=status.tag_class()>{status.label()}</strong>
            " Notice " {header.notice_reference.clone()} ": " {header.notice_title.clone()}
            {header.closes_at.clone().map(|at| view! { <span class="app-secondary-text">{format!(" · closes {at}")}</span> })}
        </p>
    }
}

/// One answer as reviewers read it: text keeps its line breaks, choices are a list.
#[component]
fn Answer(answer: AnswerView) -> impl IntoView {
    match answer {
        AnswerView::NotAnswered => view! {
            <p class="govuk-body app-secondary-text" data-testid="not-answered">"Not answered"</p>
        }
        .into_any(),
        AnswerView::Text(text) => view! {
            <p class="govuk-body app-preserve-lines" data-testid="answer-text">{text}</p>
        }
        .into_any(),
        AnswerView::Choices(choices) => view! {
            <ul class="govuk-list govuk-list--bullet" data-testid="answer-choices">
                {choices.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}
            </ul>
        }
        .into_any(),
    }
}

#[component]
fn Tags(tags: Vec<String>) -> impl IntoView {
    (!tags.is_empty()).then(|| {
        view! {
            <span class="app-tags" data-testid="review-tags">
                {tags.into_iter().map(|t| view! { <strong class="govuk-tag govuk-tag--grey">{t}</strong> " " }).collect_view()}
            </span>
        }
    })
}

/// Shown instead of the review while the challenge has no published notice.
#[component]
pub fn NotPublishedPage(info: NotPublished) -> impl IntoView {
    let id = info.challenge_id.to_string();
    let notice = format!("/challenges/{id}/notice");
    view! {
        <span class="govuk-caption-l">{info.challenge_title.clone()}</span>
        <h1 class="govuk-heading-l">"Supplier responses"</h1>
        <ChallengeTabs challenge=id.clone() current="responses" />
        <div class="govuk-inset-text" data-testid="no-published-notice">
            <p class="govuk-body">
                {if info.has_draft {
                    "The market engagement notice for this challenge is still a draft. Suppliers can respond once it is published."
                } else {
                    "This challenge has no published market engagement notice yet, so no supplier has responded."
                }}
            </p>
            <p class="govuk-body">
                <a class="govuk-link" href=notice data-testid="notice-link">
                    {if info.has_draft { "Go to the draft notice" } else { "Go to the notice page" }}
                </a>
            </p>
        </div>
    }
}

/// Shown to a member authority the lead has not let read responses.
#[component]
pub fn ObserverRefusedPage(#[prop(into)] challenge_id: String) -> impl IntoView {
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">"You cannot read the supplier responses"</h1>
                <p class="govuk-body">"Supplier responses are confidential. The lead and participating authorities read them; observer authorities only when the lead authority allows it."</p>
                <p class="govuk-body">"Ask the lead authority if your authority needs to read them."</p>
                <p class="govuk-body"><a class="govuk-link" href=format!("/challenges/{challenge_id}")>"Back to the challenge"</a></p>
            </div>
        </div>
    }
}
