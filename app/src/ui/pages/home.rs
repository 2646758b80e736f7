//! The home page: what Coprocure is for visitors; a signed-in person's challenges and
//! the things waiting for them.

use crate::ssr::challenges::ChallengeSummary;
use crate::ui::pages::challenges::ChallengeTable;
use leptos::prelude::*;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct HomeData {
    pub user_name: Option<String>,
    pub organisation_name: Option<String>,
    pub is_authority: bool,
    pub is_supplier: bool,
    pub own_challenges: Vec<ChallengeSummary>,
    /// Join requests and other things waiting for the person's authority.
    pub waiting: Vec<(String, String)>,
}

#[component]
pub fn HomePage(data: HomeData) -> impl IntoView {
    match data.user_name.clone() {
        None => view! { <VisitorHome /> }.into_any(),
        Some(name) => view! { <SignedInHome name=name data=data /> }.into_any(),
    }
}

#[component]
fn VisitorHome() -> impl IntoView {
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-xl">"Prepare procurements together"</h1>
                <p class="govuk-body-l">
                    "Coprocure is where London's 33 local authorities scope a problem, write user needs and decide how bids will be judged – together, before they go to market."
                </p>
                <p class="govuk-body">
                    "Instead of each borough writing slightly different requirements in its own documents, boroughs open a shared challenge, bring other boroughs into it, and agree one set of needs and criteria."
                </p>
                <h2 class="govuk-heading-m">"Council officers"</h2>
                <p class="govuk-body">"Your authority's administrator invites you. Once you have an account:"</p>
                <a href="/sign-in" role="button" draggable="false" class="govuk-button govuk-button--start" data-module="govuk-button">
                    "Sign in"
                </a>
                <h2 class="govuk-heading-m">"Suppliers"</h2>
                <p class="govuk-body">
                    "Register your company to respond to market engagement and follow the challenges London authorities are working on. "
                    <a class="govuk-link" href="/register">"Register as a supplier"</a>
                </p>
                <p class="govuk-body">
                    <a class="govuk-link" href="/challenges">"Browse public challenges"</a>
                </p>
            </div>
        </div>
    }
}

#[component]
fn SignedInHome(name: String, data: HomeData) -> impl IntoView {
    view! {
        <h1 class="govuk-heading-l">
            <span class="govuk-caption-l">{data.organisation_name.clone().unwrap_or_default()}</span>
            {format!("Welcome, {name}")}
        </h1>
        {(!data.waiting.is_empty()).then(|| view! {
            <h2 class="govuk-heading-m">"Waiting for you"</h2>
            <ul class="govuk-list govuk-list--bullet" data-testid="waiting">
                {data.waiting.clone().into_iter().map(|(text, href)| view! {
                    <li><a class="govuk-link" href=href>{text}</a></li>
                }).collect_view()}
            </ul>
        })}
        {data.is_authority.then(|| view! {
            <h2 class="govuk-heading-m">"Your authority's challenges"</h2>
            {if data.own_challenges.is_empty() {
                view! { <p class="govuk-body">"Your authority is not part of any challenge yet."</p> }.into_any()
            } else {
                view! { <ChallengeTable challenges=data.own_challenges.clone() caption="Challenges your authority is part of".to_string() /> }.into_any()
            }}
            <div class="govuk-button-group">
                <a href="/challenges/new" role="button" draggable="false" class="govuk-button" data-module="govuk-button" data-testid="new-challenge">
                    "Open a new challenge"
                </a>
                <a href="/challenges" class="govuk-link">"See all challenges you can view"</a>
            </div>
        })}
        {data.is_supplier.then(|| view! {
            <p class="govuk-body">
                <a class="govuk-link" href="/supplier" data-testid="supplier-dashboard-link">"Go to your supplier dashboard"</a>
                ": notices that match what you follow, your responses and the answers to your questions."
            </p>
            <p class="govuk-body">
                "London authorities publish the challenges they are working on. "
                <a class="govuk-link" href="/challenges">"Browse public challenges"</a>
            </p>
        })}
    }
}
