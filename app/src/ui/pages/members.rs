//! The lead authority's page for managing who takes part in a challenge.

use crate::domain::MemberRole;
use crate::ssr::challenges::{ChallengeDetail, MemberView};
use crate::ssr::reference::Choice;
use crate::ui::form::{ErrorSummary, FormState, Opt, Radios, Select};
use crate::ui::pages::challenges::JoinRequests;
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct MembersData {
    pub challenge: ChallengeDetail,
    /// Authorities not yet members.
    pub candidates: Vec<Choice>,
    pub form: FormState,
}

fn role_options() -> Vec<Opt> {
    vec![
        Opt::hinted(
            "participant",
            "Participant",
            "Co-authors needs and criteria",
        ),
        Opt::hinted("observer", "Observer", "Reads and comments"),
    ]
}

#[component]
pub fn MembersPage(data: MembersData) -> impl IntoView {
    let c = data.challenge;
    let id = c.id.to_string();
    let form = data.form;
    let candidates: Vec<Opt> = data
        .candidates
        .iter()
        .map(|a| Opt::new(a.value.clone(), a.label.clone()))
        .collect();
    view! {
        <ErrorSummary errors=form.errors.clone() />
        <span class="govuk-caption-l">{c.title.clone()}</span>
        <h1 class="govuk-heading-l">"Member authorities"</h1>
        <table class="govuk-table" data-testid="members-table">
            <caption class="govuk-visually-hidden">"Member authorities and their roles"</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"Authority"</th>
                    <th scope="col" class="govuk-table__header">"Role"</th>
                    <th scope="col" class="govuk-table__header">"Change"</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {c.members.iter().cloned().map(|m| view! { <MemberRow challenge=id.clone() member=m /> }).collect_view()}
            </tbody>
        </table>
        {(!c.join_requests.is_empty()).then(|| view! { <JoinRequests challenge=id.clone() requests=c.join_requests.clone() /> })}
        <h2 class="govuk-heading-m">"Add an authority"</h2>
        {if candidates.is_empty() {
            view! { <p class="govuk-body">"Every London authority is already a member."</p> }.into_any()
        } else {
            view! {
                <form method="post" action=format!("/challenges/{id}/members") novalidate data-testid="add-member-form">
                    <Select name="organisation_id" label="Authority" options=candidates selected=form.value("organisation_id") error=form.error("organisation_id") blank="Select an authority".to_string() />
                    <Radios name="role" legend="Role" options=role_options() selected=form.value_or("role", "participant") error=form.error("role") />
                    <button type="submit" class="govuk-button" data-module="govuk-button" data-testid="add-member">"Add authority"</button>
                </form>
            }.into_any()
        }}
        <p class="govuk-body"><a class="govuk-link" href=format!("/challenges/{id}")>"Back to the challenge"</a></p>
    }
}

#[component]
fn MemberRow(challenge: String, member: MemberView) -> impl IntoView {
    let org = member.organisation_id.to_string();
    let base = format!("/challenges/{challenge}/members/{org}");
    let select_id = format!("role-{org}");
    let is_lead = member.role == MemberRole::Lead;
    view! {
        <tr class="govuk-table__row" data-testid="member-row">
            <td class="govuk-table__cell">{member.name.clone()}</td>
            <td class="govuk-table__cell">{member.role.label()}</td>
            <td class="govuk-table__cell">
                {if is_lead {
                    view! { <span class="govuk-body-s">"To change the lead, make another member the lead."</span> }.into_any()
                } else {
                    let name = member.name.clone();
                    view! {
                        <form method="post" action=format!("{base}/role") class="app-inline-form">
                            <label class="govuk-label govuk-visually-hidden" for=select_id.clone()>{format!("Role for {name}")}</label>
                            <select class="govuk-select" id=select_id.clone() name="role">
                                <option value="participant" selected=member.role == MemberRole::Participant>"Participant"</option>
                                <option value="observer" selected=member.role == MemberRole::Observer>"Observer"</option>
                            </select>
                            " "
                            <button type="submit" class="govuk-button govuk-button--secondary app-compact-button" data-module="govuk-button">
                                "Change role"<span class="govuk-visually-hidden">{format!(" of {name}")}</span>
                            </button>
                        </form>
                        <a class="govuk-button govuk-button--secondary app-compact-button" href=format!("{base}/lead") role="button" draggable="false" data-module="govuk-button">
                            "Make lead"<span class="govuk-visually-hidden">{format!(": {name}")}</span>
                        </a>
                        <a class="govuk-button govuk-button--warning app-compact-button" href=format!("{base}/remove") role="button" draggable="false" data-module="govuk-button">
                            "Remove"<span class="govuk-visually-hidden">{format!(" {name}")}</span>
                        </a>
                    }.into_any()
                }}
            </td>
        </tr>
    }
}

/// What a confirmation asks about: handing over the lead, or removing a member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberChange {
    HandOverLead,
    Remove,
}

/// Asks before a change that cannot be undone by the person making it: after handing over
/// the lead, only the new lead can give it back.
#[component]
pub fn ConfirmMemberChangePage(
    challenge_id: String,
    challenge_title: String,
    member: MemberView,
    change: MemberChange,
    own_organisation: String,
) -> impl IntoView {
    let members_url = format!("/challenges/{challenge_id}/members");
    let org = member.organisation_id.to_string();
    let (heading, explanation, action, button, button_class) = match change {
        MemberChange::HandOverLead => (
            format!("Make {} the lead authority?", member.name),
            format!(
                "{} will lead the challenge: manage its members, change its status and decide requests to join. {own_organisation} will stay on as a participant, and only the new lead can hand the lead back.",
                member.name
            ),
            format!("/challenges/{challenge_id}/members/{org}/lead"),
            format!("Make {} the lead", member.name),
            "govuk-button",
        ),
        MemberChange::Remove => (
            format!("Remove {} from this challenge?", member.name),
            format!(
                "{} ({}) will no longer be a member. If the challenge is private, its officers will no longer be able to see it. The history of their changes is kept.",
                member.name,
                member.role.label().to_lowercase()
            ),
            format!("/challenges/{challenge_id}/members/{org}/remove"),
            format!("Remove {}", member.name),
            "govuk-button govuk-button--warning",
        ),
    };
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <span class="govuk-caption-l">{challenge_title}</span>
                <h1 class="govuk-heading-l">{heading}</h1>
                <p class="govuk-body">{explanation}</p>
                <form method="post" action=action>
                    <div class="govuk-button-group">
                        <button type="submit" class=button_class data-module="govuk-button" data-testid="confirm-member-change">{button}</button>
                        <a class="govuk-link" href=members_url>"Cancel"</a>
                    </div>
                </form>
            </div>
        </div>
    }
}
