//! Opening and editing a challenge, and the conflict page an edit lands on when someone
//! else saved first.

use crate::domain::validation::{PROBLEM_STATEMENT_MAX, TITLE_MAX};
use crate::domain::Visibility;
use crate::ssr::challenges::SavedChallenge;
use crate::ssr::reference::Choice;
use crate::ui::form::{ErrorSummary, FormState, Hidden, Opt, Radios, Select, TextArea, TextInput};
use crate::ui::format;
use crate::ui::islands::MarkdownPreview;
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct ChallengeFormData {
    /// `None` when opening a new challenge.
    pub challenge_id: Option<String>,
    pub form: FormState,
    pub service_areas: Vec<Choice>,
    /// Set when the save was refused because someone else saved first.
    pub conflict: Option<SavedChallenge>,
}

fn visibility_options() -> Vec<Opt> {
    vec![
        Opt::hinted(
            Visibility::Private.as_str(),
            "Private",
            "Only the member authorities can see it",
        ),
        Opt::hinted(
            Visibility::Authorities.as_str(),
            "London authorities",
            "Any London authority user can read it and ask to join",
        ),
        Opt::hinted(
            Visibility::Public.as_str(),
            "Public",
            "Anyone can read its summary and problem statement",
        ),
    ]
}

#[component]
pub fn ChallengeFormPage(data: ChallengeFormData) -> impl IntoView {
    let form = data.form;
    let editing = data.challenge_id.is_some();
    let action = match &data.challenge_id {
        Some(id) => format!("/challenges/{id}/edit"),
        None => "/challenges/new".to_string(),
    };
    let areas: Vec<Opt> = data
        .service_areas
        .iter()
        .map(|a| Opt::new(a.value.clone(), a.label.clone()))
        .collect();
    let heading = if editing {
        "Edit challenge"
    } else {
        "Open a new challenge"
    };
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=form.errors.clone() />
                {data.conflict.clone().map(|saved| view! { <ConflictPanel saved=saved /> })}
                <h1 class="govuk-heading-l">{heading}</h1>
                {(!editing).then(|| view! {
                    <p class="govuk-body">"Your authority will lead the challenge. It starts as a draft; you can bring other authorities in once it is open."</p>
                })}
                <form method="post" action=action novalidate data-testid="challenge-form">
                    {form.values.get("version").cloned().map(|v| view! { <Hidden name="version" value=v /> })}
                    <TextInput name="title" label="Title" value=form.value("title") error=form.error("title")
                        hint=format!("A short name other authorities will recognise, up to {TITLE_MAX} characters. For example, ‘Replacing our housing management system’.") />
                    <TextArea name="problem_statement" label="Problem statement" value=form.value("problem_statement") error=form.error("problem_statement")
                        hint="What problem are you trying to solve, for whom, and why now? You can use Markdown: # headings, *emphasis*, lists and links.".to_string()
                        rows=12 max_chars=PROBLEM_STATEMENT_MAX />
                    <MarkdownPreview source_id="problem_statement".to_string() />
                    <Select name="service_area" label="Service area" options=areas selected=form.value("service_area") error=form.error("service_area") blank="Select a service area".to_string() />
                    <Radios name="visibility" legend="Who can see this challenge?" options=visibility_options() selected=if form.has_errors() { form.value("visibility") } else { form.value_or("visibility", "private") } error=form.error("visibility") />
                    <div class="govuk-button-group">
                        <button type="submit" class="govuk-button" data-module="govuk-button" data-testid="save-challenge">
                            {if editing { "Save changes" } else { "Open challenge" }}
                        </button>
                        <a class="govuk-link" href=data.challenge_id.as_ref().map(|id| format!("/challenges/{id}")).unwrap_or_else(|| "/challenges".into())>"Cancel"</a>
                    </div>
                </form>
            </div>
        </div>
    }
}

/// Shows what is saved now, beside the person's own text kept in the form below, so they
/// can merge the two and save again.
#[component]
fn ConflictPanel(saved: SavedChallenge) -> impl IntoView {
    view! {
        <div class="govuk-notification-banner" role="region" aria-labelledby="conflict-title" data-testid="conflict">
            <div class="govuk-notification-banner__header">
                <h2 class="govuk-notification-banner__title" id="conflict-title">"Someone else saved first"</h2>
            </div>
            <div class="govuk-notification-banner__content">
                <p class="govuk-notification-banner__heading">
                    {format!("{} saved changes to this challenge on {}, while you were editing.", saved.saved_by, format::date_time(&saved.saved_at))}
                </p>
                <p class="govuk-body">"Your changes have not been saved, and nothing has been lost: your text is in the form below. This is what is saved now:"</p>
                <dl class="govuk-summary-list" data-testid="saved-version">
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">"Title"</dt>
                        <dd class="govuk-summary-list__value">{saved.title.clone()}</dd>
                    </div>
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">"Problem statement"</dt>
                        <dd class="govuk-summary-list__value app-preserve-lines">{saved.problem_statement.clone()}</dd>
                    </div>
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">"Service area"</dt>
                        <dd class="govuk-summary-list__value">{saved.service_area.clone()}</dd>
                    </div>
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">"Visibility"</dt>
                        <dd class="govuk-summary-list__value">{Visibility::parse(&saved.visibility).map(|v| v.short_label()).unwrap_or("")}</dd>
                    </div>
                </dl>
                <p class="govuk-body">"Merge what you need into the form and save again; your save will then be based on their version."</p>
            </div>
        </div>
    }
}
