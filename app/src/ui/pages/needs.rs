//! The user needs of a challenge: the list with each authority's view and where they
//! disagree, one need with its comments and history, and the add/edit forms.

use crate::domain::diff::Change;
use crate::domain::moscow::{Agreement, Priority};
use crate::ssr::comments::CommentView;
use crate::ssr::needs::{
    NeedDetail, NeedRow, NeedsOverview, SavedNeed, EVIDENCE_MAX, STATEMENT_PART_MAX,
};
use crate::ui::form::{ErrorSummary, FormState, Hidden, Opt, Radios, TextArea, TextInput};
use crate::ui::format;
use crate::ui::pages::challenges::ChallengeTabs;
use leptos::prelude::*;

fn priority_options() -> Vec<Opt> {
    Priority::ALL
        .iter()
        .map(|p| Opt::new(p.as_str(), p.label()))
        .collect()
}

fn priority_tag(priority: Priority) -> &'static str {
    match priority {
        Priority::Must => "govuk-tag govuk-tag--red",
        Priority::Should => "govuk-tag govuk-tag--orange",
        Priority::Could => "govuk-tag govuk-tag--blue",
        Priority::Wont => "govuk-tag govuk-tag--grey",
    }
}

fn agreement_text(agreement: Agreement) -> Option<(&'static str, &'static str)> {
    match agreement {
        Agreement::Conflicting => Some((
            "govuk-tag govuk-tag--red",
            "Authorities disagree: must for some, won't for others",
        )),
        Agreement::Divergent => Some((
            "govuk-tag govuk-tag--yellow",
            "Authorities' priorities differ",
        )),
        Agreement::Close => Some((
            "govuk-tag govuk-tag--light-blue",
            "Authorities nearly agree",
        )),
        Agreement::Unanimous => Some(("govuk-tag govuk-tag--green", "Authorities agree")),
        Agreement::NotEnoughViews => None,
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct NeedsPageData {
    pub challenge_id: String,
    pub overview: NeedsOverview,
    /// The add-need form (or the merge form) as last submitted.
    pub form: FormState,
    /// Show only the needs where the authorities' priorities differ.
    pub disagreements_only: bool,
}

#[component]
pub fn NeedsPage(data: NeedsPageData) -> impl IntoView {
    let id = data.challenge_id.clone();
    let overview = data.overview;
    let permissions = overview.permissions.clone();
    let disputed = overview
        .live
        .iter()
        .filter(|n| n.consensus.agreement.needs_decision())
        .count();
    let shown: Vec<NeedRow> = overview
        .live
        .iter()
        .filter(|n| !data.disagreements_only || n.consensus.agreement.needs_decision())
        .cloned()
        .collect();
    let count = overview.live.len();
    let order: Vec<uuid::Uuid> = overview.live.iter().map(|n| n.id).collect();
    let live_for_merge = overview.live.clone();
    let form = data.form;
    let own = overview.own_organisation;
    view! {
        <ErrorSummary errors=form.errors.clone() />
        <span class="govuk-caption-l">{overview.title.clone()}</span>
        <h1 class="govuk-heading-l">"User needs"</h1>
        <ChallengeTabs challenge=id.clone() current="needs" />
        <crate::ui::islands::LiveUpdates challenge_id=id.clone() />
        <p class="govuk-body" data-testid="needs-summary">
            {format!("{count} {}.", if count == 1 { "need" } else { "needs" })}
            " "
            {if disputed == 0 {
                "The member authorities' priorities do not conflict on any need.".to_string()
            } else {
                format!("The member authorities' priorities differ on {disputed}: the joint specification must decide what is common and what may differ.")
            }}
        </p>
        <p class="govuk-body">
            {if data.disagreements_only {
                view! { <a class="govuk-link" href=format!("/challenges/{id}/needs")>"Show all needs"</a> }.into_any()
            } else {
                view! { <a class="govuk-link" href=format!("/challenges/{id}/needs?view=disagreements") data-testid="show-disagreements">"Show only the needs where authorities disagree"</a> }.into_any()
            }}
        </p>
        <div id="needs-list" data-live-refresh="needs-list">
            {if shown.is_empty() {
                view! { <p class="govuk-body" data-testid="no-needs">"No needs here yet."</p> }.into_any()
            } else {
                // Moving is relative to the whole list, also when only some needs are shown.
                shown
                    .into_iter()
                    .map(|need| {
                        let place = order.iter().position(|n| *n == need.id).unwrap_or(0);
                        let (first, last) = (place == 0, place + 1 == count);
                        view! { <NeedCard challenge=id.clone() need=need permissions=permissions.clone() own=own first=first last=last /> }
                    })
                    .collect_view()
                    .into_any()
            }}
        </div>
        {permissions.edit_work.then(|| view! {
            <h2 class="govuk-heading-m" id="add-need">"Add a need"</h2>
            <form method="post" action=format!("/challenges/{id}/needs") novalidate data-testid="add-need-form">
                <NeedFields form=form.clone() />
                <button type="submit" class="govuk-button" data-module="govuk-button" data-testid="add-need">"Add need"</button>
            </form>
        })}
        {(permissions.edit_work && live_for_merge.len() >= 2).then(|| {
            let options: Vec<Opt> = live_for_merge.iter().map(|n| Opt::new(n.id.to_string(), n.statement())).collect();
            view! {
                <h2 class="govuk-heading-m">"Merge two duplicate needs"</h2>
                <form method="post" action=format!("/challenges/{id}/needs/merge") novalidate data-testid="merge-form">
                    <crate::ui::form::Select name="keep" label="Need to keep" options=options.clone() selected=form.value("keep") error=form.error("keep") blank="Select a need".to_string() />
                    <crate::ui::form::Select name="duplicate" label="Duplicate to merge into it" options=options selected=form.value("duplicate") error=form.error("duplicate") blank="Select a need".to_string()
                        hint="Its authorities' views, the criteria that cover it and its evidence move to the need you keep. It stays in the history.".to_string() />
                    <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" data-testid="merge-needs">"Merge needs"</button>
                </form>
            }
        })}
        {(!overview.archived.is_empty()).then(|| view! {
            <h2 class="govuk-heading-m">"Archived needs"</h2>
            <ul class="govuk-list" data-testid="archived-needs">
                {overview.archived.iter().map(|n| view! {
                    <li><a class="govuk-link" href=format!("/challenges/{id}/needs/{}", n.id)>{n.statement()}</a></li>
                }).collect_view()}
            </ul>
        })}
    }
}

#[component]
fn NeedCard(
    challenge: String,
    need: NeedRow,
    permissions: crate::ssr::challenges::Permissions,
    own: Option<crate::domain::OrganisationId>,
    first: bool,
    last: bool,
) -> impl IntoView {
    let base = format!("/challenges/{challenge}/needs/{}", need.id);
    let statement = need.statement();
    let own_view = need
        .views
        .iter()
        .find(|v| Some(v.organisation_id) == own)
        .cloned();
    let agreement = agreement_text(need.consensus.agreement);
    let view_form_id = format!("view-{}", need.id);
    view! {
        <div class="govuk-summary-card" data-testid="need-card" id=format!("need-{}", need.id)>
            <div class="govuk-summary-card__title-wrapper">
                <h2 class="govuk-summary-card__title">
                    <a class="govuk-link" href=base.clone()>{format!("As a {}, I need {}", need.as_a, need.i_need)}</a>
                </h2>
                <strong class=priority_tag(need.priority)>{need.priority.label()}</strong>
            </div>
            <div class="govuk-summary-card__content">
                <p class="govuk-body">{format!("so that {}", need.so_that)}</p>
                <p class="govuk-body-s app-secondary-text">
                    {format!("Proposed by {}", need.proposed_by)}
                    {(!need.tags.is_empty()).then(|| format!(" · Tags: {}", need.tags.join(", ")))}
                    {format!(" · {} {}", need.comment_count, if need.comment_count == 1 { "comment" } else { "comments" })}
                </p>
                {agreement.map(|(class, text)| view! { <p class="govuk-body"><strong class=class data-testid="agreement">{text}</strong></p> })}
                <table class="govuk-table app-compact-table">
                    <caption class="govuk-table__caption govuk-table__caption--s">"Each authority's view"</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"Authority"</th>
                            <th scope="col" class="govuk-table__header">"Shares this need"</th>
                            <th scope="col" class="govuk-table__header">"Its priority"</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {need.views.iter().map(|v| view! {
                            <tr class="govuk-table__row">
                                <th scope="row" class="govuk-table__header">{v.organisation_name.clone()}</th>
                                <td class="govuk-table__cell">{match v.endorsed { Some(true) => "Yes", Some(false) => "No", None => "Not yet said" }}</td>
                                <td class="govuk-table__cell">{v.priority.map(|p| p.label()).unwrap_or("Not given")}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                {permissions.endorse.then(|| {
                    let endorsed = own_view.as_ref().and_then(|v| v.endorsed).unwrap_or(true);
                    let own_priority = own_view.as_ref().and_then(|v| v.priority).map(|p| p.as_str().to_string()).unwrap_or_default();
                    let select_id = format!("{view_form_id}-priority");
                    let check_id = format!("{view_form_id}-endorsed");
                    view! {
                        <form method="post" action=format!("{base}/view") class="app-inline-form" data-testid="view-form">
                            <div class="govuk-checkboxes govuk-checkboxes--small app-inline-form">
                                <div class="govuk-checkboxes__item">
                                    <input class="govuk-checkboxes__input" id=check_id.clone() name="endorsed" type="checkbox" value="yes" checked=endorsed />
                                    <label class="govuk-label govuk-checkboxes__label" for=check_id>"Our authority shares this need"</label>
                                </div>
                            </div>
                            " "
                            <label class="govuk-label app-inline-label" for=select_id.clone()>"Our priority"</label>
                            <select class="govuk-select" id=select_id name="view_priority">
                                <option value="" selected=own_priority.is_empty()>"Not given"</option>
                                {Priority::ALL.iter().map(|p| view! { <option value=p.as_str() selected=own_priority == p.as_str()>{p.label()}</option> }).collect_view()}
                            </select>
                            " "
                            <button type="submit" class="govuk-button govuk-button--secondary app-compact-button" data-module="govuk-button" data-testid="save-view">
                                "Save our view"<span class="govuk-visually-hidden">{format!(" of: {statement}")}</span>
                            </button>
                        </form>
                    }
                })}
                {permissions.edit_work.then(|| view! {
                    <div class="govuk-button-group app-card-actions">
                        <a class="govuk-link" href=format!("{base}/edit") data-testid="edit-need">"Edit"<span class="govuk-visually-hidden">{format!(": {}", need.i_need)}</span></a>
                        {(!first).then(|| view! {
                            <form method="post" action=format!("{base}/move") class="app-inline-form">
                                <input type="hidden" name="direction" value="up" />
                                <button type="submit" class="govuk-button govuk-button--secondary app-compact-button" data-module="govuk-button" data-testid="move-up">
                                    "Move up"<span class="govuk-visually-hidden">{format!(": {}", need.i_need)}</span>
                                </button>
                            </form>
                        })}
                        {(!last).then(|| view! {
                            <form method="post" action=format!("{base}/move") class="app-inline-form">
                                <input type="hidden" name="direction" value="down" />
                                <button type="submit" class="govuk-button govuk-button--secondary app-compact-button" data-module="govuk-button" data-testid="move-down">
                                    "Move down"<span class="govuk-visually-hidden">{format!(": {}", need.i_need)}</span>
                                </button>
                            </form>
                        })}
                        <form method="post" action=format!("{base}/archive") class="app-inline-form">
                            <button type="submit" class="govuk-button govuk-button--warning app-compact-button" data-module="govuk-button" data-testid="archive-need">
                                "Archive"<span class="govuk-visually-hidden">{format!(": {}", need.i_need)}</span>
                            </button>
                        </form>
                    </div>
                })}
            </div>
        </div>
    }
}

/// The fields of a need, for adding and editing.
#[component]
fn NeedFields(form: FormState) -> impl IntoView {
    view! {
        <TextInput name="as_a" label="As a…" value=form.value("as_a") error=form.error("as_a") hint="Who has the need, for example ‘council tenant’".to_string() />
        <TextInput name="i_need" label="I need…" value=form.value("i_need") error=form.error("i_need") hint="What they need to do or have".to_string() />
        <TextInput name="so_that" label="So that…" value=form.value("so_that") error=form.error("so_that") hint="Why: the outcome it gives them".to_string() />
        <Radios name="priority" legend="Agreed priority" options=priority_options() selected=form.value("priority") error=form.error("priority") small=true />
        <TextArea name="evidence" label="Evidence and notes (optional)" value=form.value("evidence") error=form.error("evidence") rows=4 max_chars=EVIDENCE_MAX
            hint="What shows this need is real: research, complaints, data. You can use Markdown.".to_string() />
        <TextInput name="tags" label="Tags (optional)" value=form.value("tags") error=form.error("tags") hint="Separate tags with commas, for example ‘repairs, online’".to_string() />
        <p class="govuk-body-s app-secondary-text">{format!("Each part of the statement can be up to {STATEMENT_PART_MAX} characters.")}</p>
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct NeedEditData {
    pub challenge_id: String,
    pub challenge_title: String,
    pub need_id: String,
    pub form: FormState,
    pub conflict: Option<SavedNeed>,
}

#[component]
pub fn NeedEditPage(data: NeedEditData) -> impl IntoView {
    let form = data.form;
    let back = format!("/challenges/{}/needs/{}", data.challenge_id, data.need_id);
    let edit_action = format!("{back}/edit");
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=form.errors.clone() />
                {data.conflict.clone().map(|saved| view! { <NeedConflict saved=saved /> })}
                <span class="govuk-caption-l">{data.challenge_title.clone()}</span>
                <h1 class="govuk-heading-l">"Edit need"</h1>
                <form method="post" action=edit_action novalidate data-testid="edit-need-form">
                    {form.values.get("version").cloned().map(|v| view! { <Hidden name="version" value=v /> })}
                    <NeedFields form=form.clone() />
                    <div class="govuk-button-group">
                        <button type="submit" class="govuk-button" data-module="govuk-button" data-testid="save-need">"Save changes"</button>
                        <a class="govuk-link" href=back.clone()>"Cancel"</a>
                    </div>
                </form>
            </div>
        </div>
    }
}

#[component]
fn NeedConflict(saved: SavedNeed) -> impl IntoView {
    let s = saved.snapshot;
    let priority = Priority::parse(&s.priority)
        .map(|p| p.label())
        .unwrap_or("");
    view! {
        <div class="govuk-notification-banner" role="region" aria-labelledby="conflict-title" data-testid="conflict">
            <div class="govuk-notification-banner__header">
                <h2 class="govuk-notification-banner__title" id="conflict-title">"Someone else saved first"</h2>
            </div>
            <div class="govuk-notification-banner__content">
                <p class="govuk-notification-banner__heading">
                    {format!("{} saved this need on {}, while you were editing.", saved.saved_by, format::date_time(&saved.saved_at))}
                </p>
                <p class="govuk-body">"Your changes have not been saved, and nothing has been lost: your text is in the form below. This is what is saved now:"</p>
                <dl class="govuk-summary-list" data-testid="saved-version">
                    <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"As a"</dt><dd class="govuk-summary-list__value">{s.as_a.clone()}</dd></div>
                    <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"I need"</dt><dd class="govuk-summary-list__value">{s.i_need.clone()}</dd></div>
                    <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"So that"</dt><dd class="govuk-summary-list__value">{s.so_that.clone()}</dd></div>
                    <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Priority"</dt><dd class="govuk-summary-list__value">{priority}</dd></div>
                    <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Evidence and notes"</dt><dd class="govuk-summary-list__value app-preserve-lines">{s.evidence.clone()}</dd></div>
                    <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Tags"</dt><dd class="govuk-summary-list__value">{s.tags.clone()}</dd></div>
                </dl>
                <p class="govuk-body">"Merge what you need into the form and save again; your save will then be based on their version."</p>
            </div>
        </div>
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct NeedDetailData {
    pub challenge_id: String,
    pub detail: NeedDetail,
    pub form: FormState,
}

fn render_changes(changes: Vec<Change>) -> impl IntoView {
    changes
        .into_iter()
        .map(|c| match c {
            Change::Same(t) => view! { <span>{t}</span> }.into_any(),
            Change::Removed(t) => view! { <del class="app-diff-removed"><span class="govuk-visually-hidden">"removed: "</span>{t}</del> }.into_any(),
            Change::Added(t) => view! { <ins class="app-diff-added"><span class="govuk-visually-hidden">"added: "</span>{t}</ins> }.into_any(),
        })
        .collect_view()
}

#[component]
pub fn NeedDetailPage(data: NeedDetailData) -> impl IntoView {
    let d = data.detail;
    let id = data.challenge_id;
    let need = d.need.clone();
    let base = format!("/challenges/{id}/needs/{}", need.id);
    let form = data.form;
    let can_restore = d.permissions.edit_work && need.status != "merged";
    view! {
        <ErrorSummary errors=form.errors.clone() />
        <span class="govuk-caption-l">{d.challenge_title.clone()}</span>
        <h1 class="govuk-heading-l" data-testid="need-title">{format!("As a {}, I need {}", need.as_a, need.i_need)}</h1>
        <ChallengeTabs challenge=id.clone() current="needs" />
        <crate::ui::islands::LiveUpdates challenge_id=id.clone() />
        {match need.status.as_str() {
            "archived" => Some(view! { <div class="govuk-inset-text" data-testid="need-status">"This need is archived. Restore a version from its history to bring it back."</div> }.into_any()),
            "merged" => Some(view! {
                <div class="govuk-inset-text" data-testid="need-status">
                    "This need was merged into "
                    {d.merged_into.map(|m| view! { <a class="govuk-link" href=format!("/challenges/{id}/needs/{m}")>"another need"</a> })}
                    "."
                </div>
            }.into_any()),
            _ => None,
        }}
        <dl class="govuk-summary-list">
            <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"So that"</dt><dd class="govuk-summary-list__value">{need.so_that.clone()}</dd></div>
            <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Agreed priority"</dt><dd class="govuk-summary-list__value"><strong class=priority_tag(need.priority)>{need.priority.label()}</strong></dd></div>
            <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Proposed by"</dt><dd class="govuk-summary-list__value">{need.proposed_by.clone()}</dd></div>
            <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Tags"</dt><dd class="govuk-summary-list__value">{if need.tags.is_empty() { "None".to_string() } else { need.tags.join(", ") }}</dd></div>
        </dl>
        {(!need.evidence.is_empty()).then(|| view! {
            <h2 class="govuk-heading-m">"Evidence and notes"</h2>
            <div class="govuk-body app-markdown" inner_html=need.evidence_html.clone()></div>
        })}
        {(d.permissions.edit_work && need.status == "live").then(|| view! {
            <p class="govuk-body"><a class="govuk-link" href=format!("{base}/edit") data-testid="edit-need">"Edit this need"</a></p>
        })}

        <h2 class="govuk-heading-m">"Comments"</h2>
        <div data-live-refresh="comments" id="comments">
            {if d.comments.is_empty() {
                view! { <p class="govuk-body">"No comments yet."</p> }.into_any()
            } else {
                d.comments.clone().into_iter().map(|c| view! { <CommentThread comment=c base=base.clone() can_reply=d.permissions.comment /> }).collect_view().into_any()
            }}
        </div>
        {d.permissions.comment.then(|| view! {
            <form method="post" action=format!("{base}/comments") novalidate data-testid="comment-form">
                <TextArea name="body" label="Add a comment" value=if form.value("parent").is_empty() { form.value("body") } else { String::new() } error=if form.value("parent").is_empty() { form.error("body") } else { None } rows=3 max_chars=crate::ssr::comments::COMMENT_MAX />
                <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" data-testid="add-comment">"Add comment"</button>
            </form>
        })}

        <h2 class="govuk-heading-m" id="history">"History of this need"</h2>
        <ol class="govuk-list app-revisions" reversed data-testid="revisions">
            {d.revisions.clone().into_iter().map(|r| {
                let version = r.version;
                view! {
                    <li class="app-revision" data-testid="revision">
                        <h3 class="govuk-heading-s">
                            {format!("Version {version}: {}", r.summary)}
                            {r.is_current.then(|| view! { " " <strong class="govuk-tag govuk-tag--green">"Current"</strong> })}
                        </h3>
                        <p class="govuk-body-s app-secondary-text">{format!("{} ({}), {}", r.actor_name, r.organisation_name, format::date_time(&r.created_at))}</p>
                        <dl class="govuk-summary-list govuk-summary-list--no-border">
                            {r.changes.into_iter().map(|c| view! {
                                <div class="govuk-summary-list__row">
                                    <dt class="govuk-summary-list__key">{c.label}</dt>
                                    <dd class="govuk-summary-list__value app-diff">{render_changes(c.changes)}</dd>
                                </div>
                            }).collect_view()}
                        </dl>
                        {(can_restore && !r.is_current).then(|| view! {
                            <form method="post" action=format!("{base}/restore") class="app-inline-form">
                                <input type="hidden" name="version" value=version.to_string() />
                                <button type="submit" class="govuk-button govuk-button--secondary app-compact-button" data-module="govuk-button" data-testid="restore-revision">
                                    {format!("Restore version {version}")}
                                </button>
                            </form>
                        })}
                    </li>
                }
            }).collect_view()}
        </ol>
        <p class="govuk-body"><a class="govuk-link" href=format!("/challenges/{id}/needs")>"Back to all needs"</a></p>
    }
}

#[component]
fn CommentThread(comment: CommentView, base: String, can_reply: bool) -> impl IntoView {
    let reply_id = format!("reply-{}", comment.id);
    view! {
        <div class="app-comment" data-testid="comment">
            <p class="govuk-body-s app-secondary-text">
                <strong>{comment.author_name.clone()}</strong>{format!(", {} · {}", comment.organisation_name, format::date_time(&comment.created_at))}
            </p>
            <div class="govuk-body app-markdown" inner_html=comment.body_html.clone()></div>
            <div class="app-comment-replies">
                {comment.replies.clone().into_iter().map(|r| view! {
                    <div class="app-comment app-comment--reply" data-testid="reply">
                        <p class="govuk-body-s app-secondary-text">
                            <strong>{r.author_name.clone()}</strong>{format!(", {} · {}", r.organisation_name, format::date_time(&r.created_at))}
                        </p>
                        <div class="govuk-body app-markdown" inner_html=r.body_html.clone()></div>
                    </div>
                }).collect_view()}
            </div>
            {can_reply.then(|| view! {
                <details class="govuk-details app-reply">
                    <summary class="govuk-details__summary"><span class="govuk-details__summary-text">"Reply"</span></summary>
                    <div class="govuk-details__text">
                        <form method="post" action=format!("{base}/comments") novalidate>
                            <input type="hidden" name="parent" value=comment.id.to_string() />
                            <div class="govuk-form-group">
                                <label class="govuk-label" for=reply_id.clone()>{format!("Reply to {}", comment.author_name)}</label>
                                <textarea class="govuk-textarea" id=reply_id name="body" rows="2"></textarea>
                            </div>
                            <button type="submit" class="govuk-button govuk-button--secondary app-compact-button" data-module="govuk-button" data-testid="add-reply">"Reply"</button>
                        </form>
                    </div>
                </details>
            })}
        </div>
    }
}
