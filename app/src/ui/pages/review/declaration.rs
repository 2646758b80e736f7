//! The conflict-of-interest declaration every reviewer makes before reading responses.

use super::responses_path;
use crate::ssr::review::declarations::{DeclarationPage, DETAILS_MAX};
use crate::ui::form::{ErrorSummary, FormState, Hidden, Opt, Radios, TextArea};
use crate::ui::pages::challenges::ChallengeTabs;
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct DeclarationPageData {
    pub page: DeclarationPage,
    pub form: FormState,
    /// The review page to go on to afterwards.
    pub return_to: String,
}

#[component]
pub fn ConflictDeclarationPage(data: DeclarationPageData) -> impl IntoView {
    let page = data.page;
    let id = page.challenge_id.to_string();
    let form = data.form;
    let (selected, details) = match (&page.existing, form.values.is_empty()) {
        (Some(existing), true) => (
            if existing.has_conflict { "yes" } else { "no" }.to_string(),
            existing.details.clone(),
        ),
        _ => (form.value("has_conflict"), form.value("details")),
    };
    let options = vec![
        Opt::new("no", "No, I have no conflict of interest"),
        Opt::hinted(
            "yes",
            "Yes, I have a conflict of interest to declare",
            "For example, you or someone close to you works for, owns part of, or has recently been paid by a supplier that may respond.",
        ),
    ];
    view! {
        <ErrorSummary errors=form.errors.clone() />
        <span class="govuk-caption-l">{page.challenge_title.clone()}</span>
        <h1 class="govuk-heading-l">"Declare any conflict of interest"</h1>
        <ChallengeTabs challenge=id.clone() current="responses" />
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <p class="govuk-body">
                    "Before you read the supplier responses to notice " {page.notice_reference.clone()} " ("
                    {page.notice_title.clone()} "), declare whether you have a conflict of interest. The lead authority sees every declaration."
                </p>
                {page.existing.clone().map(|existing| view! {
                    <div class="govuk-inset-text" data-testid="existing-declaration">
                        {format!(
                            "You declared {} on {}. You can update your declaration if anything has changed.",
                            if existing.has_conflict { "a conflict of interest" } else { "no conflict of interest" },
                            existing.declared_at_label
                        )}
                    </div>
                })}
                <form method="post" action=format!("{}/declaration", responses_path(&id)) novalidate data-testid="declaration-form">
                    <Hidden name="return_to" value=data.return_to.clone() />
                    <Radios name="has_conflict" legend="Do you have a conflict of interest with any supplier that may respond?"
                        options=options selected=selected error=form.error("has_conflict") />
                    <TextArea name="details" label="If you have a conflict, describe it"
                        hint="Name the supplier and your connection to it. Leave this empty if you have no conflict."
                        value=details error=form.error("details") max_chars=DETAILS_MAX />
                    <button type="submit" class="govuk-button" data-module="govuk-button" data-testid="declare">"Save declaration and continue"</button>
                </form>
            </div>
        </div>
    }
}
