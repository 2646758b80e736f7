//! Buying criteria pages: the list with its running weight total, the add form and
//! sign-off; one criterion with its comments and history; the edit form and its conflict
//! page; and the traceability matrix.

use crate::domain::diff::Change;
use crate::ssr::comments::CommentView;
use crate::ssr::criteria::{
    Category, CriteriaOverview, CriterionDetail, CriterionKind, CriterionRow, Matrix, NeedChoice,
    RevisionView, SavedCriterion, DESCRIPTION_MAX, GUIDANCE_MAX, NAME_MAX,
};
use crate::ssr::signoff::{RoundView, SignoffView, AGREED, OPEN, SIGNOFF_COMMENT_MAX};
use crate::ui::form::{ErrorSummary, FormState, Hidden, Opt, Radios, TextArea, TextInput};
use crate::ui::format;
use crate::ui::pages::challenges::ChallengeTabs;
use leptos::prelude::*;

fn kind_options() -> Vec<Opt> {
    vec![
        Opt::hinted(
            CriterionKind::Scored.as_str(),
            CriterionKind::Scored.label(),
            "Bids are scored against it; it carries a weight",
        ),
        Opt::hinted(
            CriterionKind::PassFail.as_str(),
            CriterionKind::PassFail.label(),
            "A bid either meets it or is excluded; no weight",
        ),
    ]
}

fn category_options() -> Vec<Opt> {
    Category::ALL
        .iter()
        .map(|c| Opt::new(c.as_str(), c.label()))
        .collect()
}

/// The fields of a criterion, shared by the add and edit forms.
#[component]
fn CriterionFields(form: FormState, needs: Vec<NeedChoice>, challenge: String) -> impl IntoView {
    let chosen: Vec<String> = form
        .value("needs")
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let needs_error = form.error("needs");
    let group = if needs_error.is_some() {
        "govuk-form-group govuk-form-group--error"
    } else {
        "govuk-form-group"
    };
    let describedby = if needs_error.is_some() {
        "needs-hint needs-error"
    } else {
        "needs-hint"
    };
    view! {
        <TextInput name="name" label="Name" value=form.value("name") error=form.error("name")
            hint=format!("A short name, up to {NAME_MAX} characters. For example, ‘Ease of use for residents’.") />
        <TextArea name="description" label="Description (optional)" value=form.value("description") error=form.error("description")
            hint="What the criterion judges. You can use Markdown.".to_string() rows=5 max_chars=DESCRIPTION_MAX />
        <Radios name="kind" legend="Type" options=kind_options() selected=form.value("kind") error=form.error("kind") small=true />
        <Radios name="category" legend="Category" options=category_options() selected=form.value("category") error=form.error("category") small=true />
        <TextInput name="weight" label="Weight, as a percentage" value=form.value("weight") error=form.error("weight")
            width_class="govuk-input--width-5"
            hint="Scored criteria only, like 25 or 12.5. Scored weights must add up to exactly 100%. Leave empty for pass/fail." />
        <TextArea name="guidance" label="Scoring guidance (optional)" value=form.value("guidance") error=form.error("guidance")
            hint="How evaluators should score or judge bids against it. You can use Markdown.".to_string() rows=4 max_chars=GUIDANCE_MAX />
        <div class=group>
            <fieldset class="govuk-fieldset" aria-describedby=describedby>
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"User needs this criterion covers"</legend>
                <div id="needs-hint" class="govuk-hint">"Select all that apply."</div>
                {needs_error.map(|message| view! {
                    <p id="needs-error" class="govuk-error-message">
                        <span class="govuk-visually-hidden">"Error: "</span>{message}
                    </p>
                })}
                {if needs.is_empty() {
                    view! {
                        <p class="govuk-body" id="needs">
                            "There are no live user needs yet. "
                            <a class="govuk-link" href=format!("/challenges/{challenge}/needs")>"Add user needs"</a>
                            " first, then say which ones this criterion covers."
                        </p>
                    }.into_any()
                } else {
                    view! {
                        <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                            {needs.into_iter().enumerate().map(|(i, need)| {
                                let value = need.id.to_string();
                                let id = if i == 0 { "needs".to_string() } else { format!("needs-{value}") };
                                let checked = chosen.contains(&value);
                                view! {
                                    <div class="govuk-checkboxes__item">
                                        <input class="govuk-checkboxes__input" id=id.clone() name="needs" type="checkbox" value=value checked=checked />
                                        <label class="govuk-label govuk-checkboxes__label" for=id>
                                            {need.label}
                                            {need.priority.map(|p| view! { <span class="govuk-body-s app-secondary-text">{format!(" ({})", p.label())}</span> })}
                                        </label>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    }.into_any()
                }}
            </fieldset>
        </div>
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct CriteriaPageData {
    pub overview: CriteriaOverview,
    /// The add form and the sign-off forms, with their errors.
    pub form: FormState,
}

#[component]
pub fn CriteriaPage(data: CriteriaPageData) -> impl IntoView {
    let o = data.overview;
    let form = data.form;
    let id = o.challenge_id.to_string();
    let count = o.criteria.len();
    view! {
        <ErrorSummary errors=form.errors.clone() />
        <span class="govuk-caption-l">{o.title.clone()}</span>
        <h1 class="govuk-heading-l">"Buying criteria"</h1>
        <ChallengeTabs challenge=id.clone() current="criteria" />
        <crate::ui::islands::LiveUpdates challenge_id=id.clone() />
        <div id="criteria-live" data-live-refresh="criteria">
        <div class="govuk-inset-text" data-testid="weight-total">
            <p class="govuk-body govuk-!-font-weight-bold">{format!("Scored weights add up to {}", o.total)}</p>
            {o.total_problem.clone().map(|p| view! { <p class="govuk-body" data-testid="weight-problem">{p}</p> })}
            {o.total_complete.then(|| view! { <p class="govuk-body">"The scored weights add up to exactly 100%."</p> })}
        </div>
        {if count == 0 {
            view! { <p class="govuk-body" data-testid="no-criteria">"No buying criteria yet."</p> }.into_any()
        } else {
            view! { <CriteriaTable challenge=id.clone() rows=o.criteria.clone() can_edit=o.permissions.edit_work /> }.into_any()
        }}
        {(!o.archived.is_empty()).then(|| view! {
            <details class="govuk-details">
                <summary class="govuk-details__summary"><span class="govuk-details__summary-text">{format!("Archived criteria ({})", o.archived.len())}</span></summary>
                <div class="govuk-details__text">
                    <ul class="govuk-list" data-testid="archived-criteria">
                        {o.archived.iter().map(|c| view! {
                            <li><a class="govuk-link" href=format!("/challenges/{id}/criteria/{}", c.id)>{c.name.clone()}</a></li>
                        }).collect_view()}
                    </ul>
                </div>
            </details>
        })}
        </div>
        <p class="govuk-body"><a class="govuk-link" href=format!("/challenges/{id}/matrix")>"See the traceability matrix"</a></p>
        <SignoffPanel challenge=id.clone() signoff=o.signoff.clone() form=form.clone()
            can_propose=o.permissions.propose_signoff can_sign=o.permissions.sign_off total_problem=o.total_problem.clone() />
        {o.permissions.edit_work.then(|| view! {
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    <h2 class="govuk-heading-m">"Add a criterion"</h2>
                    <form method="post" action=format!("/challenges/{id}/criteria") novalidate data-testid="criterion-form">
                        <CriterionFields form=form.clone() needs=o.needs.clone() challenge=id.clone() />
                        <button type="submit" class="govuk-button" data-module="govuk-button" data-testid="add-criterion">"Add criterion"</button>
                    </form>
                </div>
            </div>
        })}
    }
}

#[component]
fn CriteriaTable(challenge: String, rows: Vec<CriterionRow>, can_edit: bool) -> impl IntoView {
    let last = rows.len().saturating_sub(1);
    view! {
        <div class="app-table-wrapper">
            <table class="govuk-table" data-testid="criteria-table">
                <caption class="govuk-table__caption govuk-table__caption--m">"Criteria"</caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"Criterion"</th>
                        <th scope="col" class="govuk-table__header">"Type"</th>
                        <th scope="col" class="govuk-table__header">"Category"</th>
                        <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Weight"</th>
                        <th scope="col" class="govuk-table__header">"Needs covered"</th>
                        {can_edit.then(|| view! { <th scope="col" class="govuk-table__header">"Order"</th> })}
                    </tr>
                </thead>
                <tbody class="govuk-table__body">
                    {rows.into_iter().enumerate().map(|(i, c)| {
                        let href = format!("/challenges/{challenge}/criteria/{}", c.id);
                        let move_action = format!("/challenges/{challenge}/criteria/{}/move", c.id);
                        let name = c.name.clone();
                        view! {
                            <tr class="govuk-table__row" data-testid="criterion-row">
                                <th scope="row" class="govuk-table__header">
                                    <a class="govuk-link" href=href>{c.name.clone()}</a>
                                    {(c.comment_count > 0).then(|| view! {
                                        <br /><span class="govuk-body-s app-secondary-text">{format!("{} {}", c.comment_count, if c.comment_count == 1 { "comment" } else { "comments" })}</span>
                                    })}
                                </th>
                                <td class="govuk-table__cell">{c.kind.clone()}</td>
                                <td class="govuk-table__cell">{c.category.clone()}</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">{if c.weight.is_empty() { "–".to_string() } else { c.weight.clone() }}</td>
                                <td class="govuk-table__cell">
                                    {if c.needs.is_empty() {
                                        view! { <strong class="govuk-tag govuk-tag--orange">"Covers no need"</strong> }.into_any()
                                    } else {
                                        view! { <ul class="govuk-list govuk-body-s">{c.needs.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul> }.into_any()
                                    }}
                                </td>
                                {can_edit.then(|| view! {
                                    <td class="govuk-table__cell">
                                        <div class="app-move-buttons">
                                            {(i > 0).then(|| view! {
                                                <form method="post" action=move_action.clone() class="app-inline-form">
                                                    <input type="hidden" name="direction" value="up" />
                                                    <button type="submit" class="govuk-button govuk-button--secondary app-button--small" data-module="govuk-button" data-testid="move-up">
                                                        "Up"<span class="govuk-visually-hidden">{format!(": move {name} up")}</span>
                                                    </button>
                                                </form>
                                            })}
                                            {(i < last).then(|| view! {
                                                <form method="post" action=move_action.clone() class="app-inline-form">
                                                    <input type="hidden" name="direction" value="down" />
                                                    <button type="submit" class="govuk-button govuk-button--secondary app-button--small" data-module="govuk-button" data-testid="move-down">
                                                        "Down"<span class="govuk-visually-hidden">{format!(": move {name} down")}</span>
                                                    </button>
                                                </form>
                                            })}
                                        </div>
                                    </td>
                                })}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn round_outcome(round: &RoundView) -> &'static str {
    match round.status.as_str() {
        OPEN => "Waiting for sign-off",
        AGREED => "Agreed",
        _ => "Superseded by later changes",
    }
}

#[component]
fn Decisions(round: RoundView) -> impl IntoView {
    (!round.decisions.is_empty()).then(|| {
        view! {
            <table class="govuk-table" data-testid="signoff-decisions">
                <caption class="govuk-table__caption govuk-table__caption--s">{format!("Answers on version {}", round.criteria_set_version)}</caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"Authority"</th>
                        <th scope="col" class="govuk-table__header">"Answer"</th>
                        <th scope="col" class="govuk-table__header">"Comment"</th>
                    </tr>
                </thead>
                <tbody class="govuk-table__body">
                    {round.decisions.into_iter().map(|d| view! {
                        <tr class="govuk-table__row" data-testid="signoff-decision">
                            <th scope="row" class="govuk-table__header">{d.organisation_name.clone()}</th>
                            <td class="govuk-table__cell">
                                {if d.agreed {
                                    format!("Agreed to version {} ({}, {})", round.criteria_set_version, d.user_name, format::date_time(&d.decided_at))
                                } else {
                                    format!("Asked for changes to version {} ({}, {})", round.criteria_set_version, d.user_name, format::date_time(&d.decided_at))
                                }}
                            </td>
                            <td class="govuk-table__cell app-preserve-lines">{d.comment.clone()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
    })
}

#[component]
fn SignoffPanel(
    challenge: String,
    signoff: SignoffView,
    form: FormState,
    can_propose: bool,
    can_sign: bool,
    total_problem: Option<String>,
) -> impl IntoView {
    let current = signoff.current_version;
    let latest = signoff.latest().cloned();
    let open_current = signoff
        .open_round()
        .filter(|r| r.criteria_set_version == current)
        .cloned();
    let agreed_current = latest
        .as_ref()
        .filter(|r| r.status == AGREED && r.criteria_set_version == current)
        .cloned();
    let outdated = latest
        .as_ref()
        .filter(|r| r.criteria_set_version < current)
        .cloned();
    let may_propose = can_propose && open_current.is_none() && agreed_current.is_none();
    let earlier: Vec<RoundView> = signoff.rounds.iter().skip(1).cloned().collect();
    let own = signoff.own_decision.clone();
    view! {
        <section class="app-signoff" aria-labelledby="signoff" data-testid="signoff">
            <h2 class="govuk-heading-m" id="signoff" tabindex="-1">"Sign-off"</h2>
            <p class="govuk-body" data-testid="criteria-version">{format!("The criteria as they stand are version {current}.")}</p>
            {latest.is_none().then(|| view! {
                <p class="govuk-body" data-testid="signoff-status">"The criteria have not been proposed for sign-off yet."</p>
            })}
            {open_current.clone().map(|round| view! {
                <div class="govuk-inset-text" data-testid="signoff-status">
                    <p class="govuk-body">{format!("Version {} was proposed for sign-off by {} on {}.", round.criteria_set_version, round.proposed_by, format::date_time(&round.proposed_at))}</p>
                    {if round.waiting_for.is_empty() {
                        view! { <p class="govuk-body">"Every member authority has answered."</p> }.into_any()
                    } else {
                        view! { <p class="govuk-body" data-testid="signoff-waiting">{format!("Still to respond: {}.", round.waiting_for.join(", "))}</p> }.into_any()
                    }}
                </div>
            })}
            {agreed_current.clone().map(|round| view! {
                <div class="govuk-panel govuk-panel--confirmation app-panel--compact" data-testid="signoff-status">
                    <h3 class="govuk-panel__title">{format!("Version {} agreed", round.criteria_set_version)}</h3>
                    <div class="govuk-panel__body">
                        {format!("Every member authority agreed to version {} of the criteria{}.", round.criteria_set_version,
                            round.closed_at.map(|at| format!(" by {}", format::date_time(&at))).unwrap_or_default())}
                    </div>
                </div>
            })}
            {outdated.clone().map(|round| view! {
                <div class="govuk-warning-text" data-testid="signoff-status">
                    <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                    <strong class="govuk-warning-text__text">
                        <span class="govuk-visually-hidden">"Warning"</span>
                        {if round.status == AGREED {
                            format!("Sign-off has reopened: agreement was for an earlier version (version {}) and the criteria have changed since. The lead authority needs to propose version {current} for sign-off.", round.criteria_set_version)
                        } else {
                            format!("Sign-off has reopened: version {} was proposed, and the criteria have changed since, so answers given were for an earlier version. The lead authority needs to propose version {current} for sign-off.", round.criteria_set_version)
                        }}
                    </strong>
                </div>
            })}
            {latest.clone().map(|round| view! { <Decisions round=round /> })}
            {may_propose.then(|| view! {
                <form method="post" action=format!("/challenges/{challenge}/signoff/propose") novalidate>
                    {total_problem.clone().map(|p| view! { <p class="govuk-body">{format!("Before proposing: {p}.")}</p> })}
                    <button type="submit" class="govuk-button" data-module="govuk-button" data-testid="propose-signoff">
                        {format!("Propose version {current} for sign-off")}
                    </button>
                </form>
            })}
            {(can_sign && open_current.is_some()).then(|| view! {
                <form method="post" action=format!("/challenges/{challenge}/signoff") novalidate data-testid="signoff-form">
                    {own.clone().map(|d| view! {
                        <p class="govuk-body" data-testid="own-decision">{
                            if d.agreed { format!("Your authority agreed ({}). You can change its answer.", d.user_name) }
                            else { format!("Your authority asked for changes ({}). You can change its answer.", d.user_name) }
                        }</p>
                    })}
                    <Radios name="decision" legend=format!("Does your authority agree to version {current} of the criteria?")
                        options=vec![
                            Opt::new("agree", "Yes, we agree"),
                            Opt::new("changes", "No, we ask for changes"),
                        ]
                        selected=form.value("decision") error=form.error("decision") small=true />
                    <TextArea name="comment" label="Comment (required when asking for changes)" value=form.value("comment")
                        error=form.error("comment") rows=3 max_chars=SIGNOFF_COMMENT_MAX />
                    <button type="submit" class="govuk-button" data-module="govuk-button" data-testid="send-signoff">"Send your authority's answer"</button>
                </form>
            })}
            {(!earlier.is_empty()).then(|| view! {
                <details class="govuk-details">
                    <summary class="govuk-details__summary"><span class="govuk-details__summary-text">"Earlier sign-off rounds"</span></summary>
                    <div class="govuk-details__text">
                        <ul class="govuk-list" data-testid="earlier-rounds">
                            {earlier.into_iter().map(|r| {
                                let agreed_by: Vec<String> = r.decisions.iter().filter(|d| d.agreed).map(|d| d.organisation_name.clone()).collect();
                                view! {
                                    <li>{format!("Version {}: {}{}", r.criteria_set_version, round_outcome(&r),
                                        if agreed_by.is_empty() { String::new() } else { format!(" (agreed by {})", agreed_by.join(", ")) })}</li>
                                }
                            }).collect_view()}
                        </ul>
                    </div>
                </details>
            })}
        </section>
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct CriterionEditData {
    pub challenge_id: String,
    pub challenge_title: String,
    pub criterion_id: String,
    pub name: String,
    pub form: FormState,
    pub needs: Vec<NeedChoice>,
    pub conflict: Option<SavedCriterion>,
}

#[component]
pub fn CriterionEditPage(data: CriterionEditData) -> impl IntoView {
    let form = data.form;
    let challenge = data.challenge_id.clone();
    let back = format!(
        "/challenges/{}/criteria/{}",
        data.challenge_id, data.criterion_id
    );
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=form.errors.clone() />
                {data.conflict.clone().map(|saved| view! { <CriterionConflict saved=saved /> })}
                <span class="govuk-caption-l">{data.challenge_title.clone()}</span>
                <h1 class="govuk-heading-l">{format!("Edit criterion: {}", data.name)}</h1>
                <form method="post" action=format!("/challenges/{}/criteria/{}/edit", data.challenge_id, data.criterion_id) novalidate data-testid="criterion-form">
                    <Hidden name="version" value=form.value("version") />
                    <CriterionFields form=form.clone() needs=data.needs.clone() challenge=challenge />
                    <div class="govuk-button-group">
                        <button type="submit" class="govuk-button" data-module="govuk-button" data-testid="save-criterion">"Save changes"</button>
                        <a class="govuk-link" href=back>"Cancel"</a>
                    </div>
                </form>
            </div>
        </div>
    }
}

#[component]
fn CriterionConflict(saved: SavedCriterion) -> impl IntoView {
    let row = |key: &'static str, value: String| {
        view! {
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">{key}</dt>
                <dd class="govuk-summary-list__value app-preserve-lines">{value}</dd>
            </div>
        }
    };
    view! {
        <div class="govuk-notification-banner" role="region" aria-labelledby="conflict-title" data-testid="conflict">
            <div class="govuk-notification-banner__header">
                <h2 class="govuk-notification-banner__title" id="conflict-title">"Someone else saved first"</h2>
            </div>
            <div class="govuk-notification-banner__content">
                <p class="govuk-notification-banner__heading" data-testid="conflict-who">
                    {format!("{} saved changes to this criterion on {}, while you were editing.", saved.saved_by, format::date_time(&saved.saved_at))}
                </p>
                <p class="govuk-body">"Your changes have not been saved, and nothing has been lost: your text is in the form below. This is what is saved now:"</p>
                <dl class="govuk-summary-list" data-testid="saved-version">
                    {row("Name", saved.name.clone())}
                    {row("Description", saved.description.clone())}
                    {row("Type", saved.kind.clone())}
                    {row("Category", saved.category.clone())}
                    {row("Weight", saved.weight.clone())}
                    {row("Scoring guidance", saved.guidance.clone())}
                    {row("Needs covered", saved.needs.join("\n"))}
                </dl>
                <p class="govuk-body">"Merge what you need into the form and save again; your save will then be based on their version."</p>
            </div>
        </div>
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct CriterionDetailData {
    pub detail: CriterionDetail,
    /// The last comment, reply or restore form sent, with its errors.
    pub form: FormState,
}

#[component]
pub fn CriterionDetailPage(data: CriterionDetailData) -> impl IntoView {
    let d = data.detail;
    let form = data.form;
    let challenge = d.challenge_id.to_string();
    let base = format!("/challenges/{challenge}/criteria/{}", d.id);
    let can_edit = d.permissions.edit_work && !d.archived;
    let can_comment = d.permissions.comment;
    let replying_to = form.value("parent");
    view! {
        <ErrorSummary errors=form.errors.clone() />
        <span class="govuk-caption-l">{d.challenge_title.clone()}</span>
        <h1 class="govuk-heading-l" data-testid="criterion-name">{d.name.clone()}</h1>
        <ChallengeTabs challenge=challenge.clone() current="criteria" />
        {d.archived.then(|| view! {
            <div class="govuk-inset-text" data-testid="archived">"This criterion has been archived. It is no longer part of the criteria set; its history is kept."</div>
        })}
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <dl class="govuk-summary-list" data-testid="criterion-summary">
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">"Type"</dt>
                        <dd class="govuk-summary-list__value">{d.kind.clone()}</dd>
                    </div>
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">"Category"</dt>
                        <dd class="govuk-summary-list__value">{d.category.clone()}</dd>
                    </div>
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">"Weight"</dt>
                        <dd class="govuk-summary-list__value" data-testid="criterion-weight">{if d.weight.is_empty() { "None (pass/fail)".to_string() } else { d.weight.clone() }}</dd>
                    </div>
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">"Version"</dt>
                        <dd class="govuk-summary-list__value">{d.version}</dd>
                    </div>
                </dl>
                <h2 class="govuk-heading-m">"Description"</h2>
                <div class="govuk-body app-markdown" data-testid="criterion-description" inner_html=d.description_html.clone()></div>
                <h2 class="govuk-heading-m">"Scoring guidance"</h2>
                <div class="govuk-body app-markdown" data-testid="criterion-guidance" inner_html=d.guidance_html.clone()></div>
                <h2 class="govuk-heading-m">"User needs it covers"</h2>
                {if d.needs.is_empty() {
                    view! { <p class="govuk-body" data-testid="criterion-needs"><strong class="govuk-tag govuk-tag--orange">"Covers no need"</strong></p> }.into_any()
                } else {
                    view! { <ul class="govuk-list govuk-list--bullet" data-testid="criterion-needs">{d.needs.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul> }.into_any()
                }}
            </div>
            <div class="govuk-grid-column-one-third">
                <ul class="govuk-list">
                    {can_edit.then(|| view! { <li><a class="govuk-link" href=format!("{base}/edit") data-testid="edit-criterion">{"Edit this criterion"}</a></li> })}
                    <li><a class="govuk-link" href=format!("/challenges/{challenge}/criteria")>"All buying criteria"</a></li>
                </ul>
                {can_edit.then(|| view! {
                    <form method="post" action=format!("{base}/archive") novalidate>
                        <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button" data-testid="archive-criterion">"Archive this criterion"</button>
                    </form>
                })}
            </div>
        </div>

        <h2 class="govuk-heading-m">"Comments"</h2>
        {if d.comments.is_empty() {
            view! { <p class="govuk-body" data-testid="no-comments">"No comments yet."</p> }.into_any()
        } else {
            view! {
                <ul class="govuk-list app-comments" data-testid="comments">
                    {d.comments.into_iter().map(|thread| {
                        let reply_id = format!("reply-{}", thread.id);
                        let this_reply = replying_to == thread.id.to_string();
                        let reply_value = if this_reply { form.value("body") } else { String::new() };
                        let reply_error = form.error(&reply_id);
                        view! {
                            <li class="app-comment" data-testid="comment">
                                <CommentBody comment=thread.clone() />
                                {(!thread.replies.is_empty()).then(|| view! {
                                    <ul class="govuk-list app-comment-replies">
                                        {thread.replies.iter().map(|r| view! { <li class="app-comment" data-testid="reply"><CommentBody comment=r.clone() /></li> }).collect_view()}
                                    </ul>
                                })}
                                {can_comment.then(|| view! {
                                    <form method="post" action=format!("{base}/comments") novalidate class="app-reply-form">
                                        <input type="hidden" name="parent" value=thread.id.to_string() />
                                        <TextArea name=reply_id.clone() label=format!("Reply to {}", thread.author_name) value=reply_value error=reply_error rows=2 />
                                        <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" data-testid="send-reply">"Reply"</button>
                                    </form>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {can_comment.then(|| view! {
            <form method="post" action=format!("{base}/comments") novalidate data-testid="comment-form">
                <TextArea name="body" label="Add a comment" value=if replying_to.is_empty() { form.value("body") } else { String::new() } error=form.error("body")
                    hint="You can use Markdown.".to_string() rows=3 max_chars=crate::ssr::comments::COMMENT_MAX />
                <button type="submit" class="govuk-button" data-module="govuk-button" data-testid="send-comment">"Add comment"</button>
            </form>
        })}

        <h2 class="govuk-heading-m" id="restore" tabindex="-1">"History of this criterion"</h2>
        <p class="govuk-body">"Every saved change, newest first, with the text before and after. Removed words are struck through; added words are underlined."</p>
        <ol class="govuk-list app-revisions" data-testid="revisions" reversed>
            {d.revisions.into_iter().map(|r| view! { <RevisionItem revision=r base=base.clone() can_restore=can_edit /> }).collect_view()}
        </ol>
    }
}

#[component]
fn CommentBody(comment: CommentView) -> impl IntoView {
    view! {
        <p class="govuk-body-s app-secondary-text">
            <strong>{comment.author_name.clone()}</strong>{format!(", {} – ", comment.organisation_name)}
            <time datetime=format::iso(&comment.created_at)>{format::date_time(&comment.created_at)}</time>
        </p>
        <div class="govuk-body app-markdown" inner_html=comment.body_html.clone()></div>
    }
}

#[component]
fn RevisionItem(revision: RevisionView, base: String, can_restore: bool) -> impl IntoView {
    let version = revision.version;
    view! {
        <li class="app-revision" data-testid="revision">
            <h3 class="govuk-heading-s">{format!("Version {version}: {}", revision.summary)}</h3>
            <p class="govuk-body-s app-secondary-text">
                {format!("{} ({}), ", revision.actor_name, revision.organisation_name)}
                <time datetime=format::iso(&revision.created_at)>{format::date_time(&revision.created_at)}</time>
            </p>
            {(!revision.changes.is_empty()).then(|| view! {
                <table class="govuk-table app-revision-table">
                    <caption class="govuk-visually-hidden">{format!("What version {version} changed")}</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"Field"</th>
                            <th scope="col" class="govuk-table__header">"Previous text"</th>
                            <th scope="col" class="govuk-table__header">"New text"</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {revision.changes.into_iter().map(|c| view! {
                            <tr class="govuk-table__row">
                                <th scope="row" class="govuk-table__header">{c.field.clone()}</th>
                                <td class="govuk-table__cell app-preserve-lines" data-testid="revision-before">
                                    {c.diff.iter().filter_map(|part| match part {
                                        Change::Same(t) => Some(view! { <span>{t.clone()}</span> }.into_any()),
                                        Change::Removed(t) => Some(view! { <del class="app-diff-removed">{t.clone()}</del> }.into_any()),
                                        Change::Added(_) => None,
                                    }).collect_view()}
                                </td>
                                <td class="govuk-table__cell app-preserve-lines" data-testid="revision-after">
                                    {c.diff.iter().filter_map(|part| match part {
                                        Change::Same(t) => Some(view! { <span>{t.clone()}</span> }.into_any()),
                                        Change::Added(t) => Some(view! { <ins class="app-diff-added">{t.clone()}</ins> }.into_any()),
                                        Change::Removed(_) => None,
                                    }).collect_view()}
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            {(can_restore && !revision.is_current).then(|| view! {
                <form method="post" action=format!("{base}/restore") novalidate>
                    <input type="hidden" name="version" value=version.to_string() />
                    <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" data-testid="restore">
                        {format!("Restore version {version}")}
                    </button>
                </form>
            })}
        </li>
    }
}

#[component]
pub fn MatrixPage(matrix: Matrix) -> impl IntoView {
    let id = matrix.challenge_id.to_string();
    let uncovered: Vec<String> = matrix
        .needs
        .iter()
        .filter(|n| n.uncovered_must)
        .map(|n| n.label.clone())
        .collect();
    let idle: Vec<String> = matrix
        .criteria
        .iter()
        .filter(|c| c.covers_nothing)
        .map(|c| c.name.clone())
        .collect();
    let clean = uncovered.is_empty() && idle.is_empty();
    let covered = matrix.covered.clone();
    let criteria = matrix.criteria.clone();
    view! {
        <span class="govuk-caption-l">{matrix.title.clone()}</span>
        <h1 class="govuk-heading-l">"Traceability matrix"</h1>
        <ChallengeTabs challenge=id.clone() current="matrix" />
        <p class="govuk-body">"Which buying criteria judge which user needs. Every Must need should be covered by at least one criterion, and every criterion should cover at least one need."</p>
        {clean.then(|| view! { <p class="govuk-body" data-testid="matrix-clean">"No gaps: every Must need is covered and every criterion covers a need."</p> })}
        {(!uncovered.is_empty()).then(|| view! {
            <div class="govuk-warning-text" data-testid="uncovered-musts">
                <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                <div class="govuk-warning-text__text">
                    <span class="govuk-visually-hidden">"Warning"</span>
                    <p class="govuk-body govuk-!-font-weight-bold">{format!("{} Must {} no criterion covers:", uncovered.len(), if uncovered.len() == 1 { "need" } else { "needs" })}</p>
                    <ul class="govuk-list govuk-list--bullet">{uncovered.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
                </div>
            </div>
        })}
        {(!idle.is_empty()).then(|| view! {
            <div class="govuk-warning-text" data-testid="idle-criteria">
                <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                <div class="govuk-warning-text__text">
                    <span class="govuk-visually-hidden">"Warning"</span>
                    <p class="govuk-body govuk-!-font-weight-bold">{format!("{} {} no need:", idle.len(), if idle.len() == 1 { "criterion covers" } else { "criteria cover" })}</p>
                    <ul class="govuk-list govuk-list--bullet">{idle.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
                </div>
            </div>
        })}
        {if matrix.needs.is_empty() && criteria.is_empty() {
            view! { <p class="govuk-body" data-testid="matrix-empty">"There are no live user needs or buying criteria yet."</p> }.into_any()
        } else {
            view! {
                <div class="app-table-wrapper app-matrix-wrapper" role="region" aria-labelledby="matrix-caption" tabindex="0">
                    <table class="govuk-table app-matrix" data-testid="matrix">
                        <caption class="govuk-table__caption govuk-table__caption--m" id="matrix-caption">"User needs (rows) against buying criteria (columns)"</caption>
                        <thead class="govuk-table__head">
                            <tr class="govuk-table__row">
                                <th scope="col" class="govuk-table__header">"User need"</th>
                                {criteria.iter().map(|c| view! {
                                    <th scope="col" class="govuk-table__header app-matrix__criterion">
                                        <a class="govuk-link" href=format!("/challenges/{id}/criteria/{}", c.id)>{c.name.clone()}</a>
                                        {c.covers_nothing.then(|| view! { <br /><strong class="govuk-tag govuk-tag--orange">"Covers no need"</strong> })}
                                    </th>
                                }).collect_view()}
                            </tr>
                        </thead>
                        <tbody class="govuk-table__body">
                            {matrix.needs.iter().map(|n| {
                                let need_id = n.id;
                                view! {
                                    <tr class="govuk-table__row" data-testid="matrix-row">
                                        <th scope="row" class="govuk-table__header">
                                            {n.label.clone()}
                                            {(!n.priority.is_empty()).then(|| view! { <br /><span class="govuk-body-s app-secondary-text">{n.priority.clone()}</span> })}
                                            {n.uncovered_must.then(|| view! { <br /><strong class="govuk-tag govuk-tag--red" data-testid="uncovered-flag">"Must need not covered"</strong> })}
                                        </th>
                                        {criteria.iter().map(|c| {
                                            if covered.contains(&(c.id, need_id)) {
                                                view! {
                                                    <td class="govuk-table__cell app-matrix__mark" data-testid="matrix-mark">
                                                        <span aria-hidden="true">"✓ "</span>"Covered"
                                                    </td>
                                                }.into_any()
                                            } else {
                                                view! {
                                                    <td class="govuk-table__cell app-matrix__empty">
                                                        <span class="govuk-visually-hidden">"Not covered"</span>
                                                    </td>
                                                }.into_any()
                                            }
                                        }).collect_view()}
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        <p class="govuk-body"><a class="govuk-link" href=format!("/challenges/{id}/criteria")>"Back to the buying criteria"</a></p>
    }
}
