//! What a supplier follows: CPV divisions and service areas, as two groups of checkboxes.

use crate::ssr::responses::follows::{FollowChoice, FollowsPage, AREAS_FIELD, DIVISIONS_FIELD};
use crate::ui::form::{ErrorSummary, FormState};
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct FollowsPageData {
    pub page: FollowsPage,
    pub form: FormState,
}

#[component]
fn Choices(
    name: &'static str,
    legend: &'static str,
    hint: &'static str,
    choices: Vec<FollowChoice>,
    error: Option<String>,
) -> impl IntoView {
    let hint_id = format!("{name}-hint");
    let error_id = error.as_ref().map(|_| format!("{name}-error"));
    let describedby = match &error_id {
        Some(error_id) => format!("{hint_id} {error_id}"),
        None => hint_id.clone(),
    };
    let group = if error.is_some() {
        "govuk-form-group govuk-form-group--error"
    } else {
        "govuk-form-group"
    };
    view! {
        <div class=group>
            <fieldset class="govuk-fieldset" aria-describedby=describedby>
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
                    <h2 class="govuk-fieldset__heading">{legend}</h2>
                </legend>
                <div id=hint_id class="govuk-hint">{hint}</div>
                {error.map(|message| view! {
                    <p id=error_id.clone() class="govuk-error-message">
                        <span class="govuk-visually-hidden">"Error: "</span>{message}
                    </p>
                })}
                <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                    {choices.into_iter().enumerate().map(|(i, choice)| {
                        let id = if i == 0 { name.to_string() } else { format!("{name}-{}", choice.value) };
                        view! {
                            <div class="govuk-checkboxes__item">
                                <input class="govuk-checkboxes__input" id=id.clone() name=name type="checkbox"
                                    value=choice.value checked=choice.followed />
                                <label class="govuk-label govuk-checkboxes__label" for=id>{choice.label}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

#[component]
pub fn FollowsPageView(data: FollowsPageData) -> impl IntoView {
    let form = data.form;
    view! {
        <ErrorSummary errors=form.errors.clone() />
        <h1 class="govuk-heading-l">"What you follow"</h1>
        <p class="govuk-body">
            "When London authorities publish a market engagement notice in a CPV division or service area you follow, we email you, and it appears on your dashboard."
        </p>
        <form method="post" action="/supplier/follows" novalidate data-testid="follows-form">
            <Choices name=AREAS_FIELD legend="Service areas"
                hint="The council services the notice is about."
                choices=data.page.service_areas error=form.error(AREAS_FIELD) />
            <Choices name=DIVISIONS_FIELD legend="CPV divisions"
                hint="The first two digits of the Common Procurement Vocabulary codes on a notice, for example 72 for IT services."
                choices=data.page.divisions error=form.error(DIVISIONS_FIELD) />
            <button type="submit" class="govuk-button" data-module="govuk-button" data-testid="save-follows">"Save what you follow"</button>
        </form>
        <p class="govuk-body"><a class="govuk-link" href="/supplier">"Back to your dashboard"</a></p>
    }
}
