//! Pages for requests that cannot be served, each saying what happened and what to do.

use leptos::prelude::*;

#[component]
pub fn ProblemPage(
    #[prop(into)] heading: String,
    #[prop(into)] message: String,
    #[prop(optional, into)] reference: Option<String>,
    /// The page to go back to, when there is one.
    #[prop(default = None)]
    back: Option<String>,
) -> impl IntoView {
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">{heading}</h1>
                <p class="govuk-body">{message}</p>
                {reference.map(|r| view! {
                    <p class="govuk-body">"If you contact us about this, quote the reference "<strong class="app-nowrap">{r}</strong>"."</p>
                })}
                {back.map(|href| view! {
                    <p class="govuk-body">
                        <a class="govuk-link" href=href data-testid="back-to-page">"Go back to the page you were on"</a>
                    </p>
                })}
                <p class="govuk-body">
                    <a class="govuk-link" href="/">"Go to the Coprocure home page"</a>
                </p>
            </div>
        </div>
    }
}
