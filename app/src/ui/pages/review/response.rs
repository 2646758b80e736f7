//! One supplier's response: the answers of its latest submission (or an earlier one),
//! the submissions it went through, and the reviewers' private notes and tags.

use super::{responses_path, Answer, ReviewHeading};
use crate::ssr::review::annotations::NOTE_MAX;
use crate::ssr::review::listing::{NoteView, ResponseDetail, SubmissionSummary};
use crate::ssr::review::tags::TAG_MAX;
use crate::ui::form::{ErrorSummary, FormState, TextArea, TextInput};
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct ResponsePageData {
    pub detail: ResponseDetail,
    /// The note and tag forms as last submitted.
    pub form: FormState,
}

#[component]
pub fn ResponsePage(data: ResponsePageData) -> impl IntoView {
    let detail = data.detail;
    let form = data.form;
    let id = detail.header.challenge_id.to_string();
    let base = format!("{}/{}", responses_path(&id), detail.response_id);
    let shown = detail.shown.clone();
    view! {
        <ErrorSummary errors=form.errors.clone() />
        <ReviewHeading header=detail.header.clone() heading=detail.supplier.clone() />
        <p class="govuk-body">
            <a class="govuk-link" href=responses_path(&id)>"Back to all responses"</a>
        </p>
        {(!detail.is_latest).then(|| view! {
            <div class="govuk-warning-text" data-testid="earlier-submission">
                <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                <strong class="govuk-warning-text__text">
                    <span class="govuk-visually-hidden">"Warning"</span>
                    {format!("You are reading submission {}, which the supplier has since replaced. ", shown.number)}
                    <a class="govuk-link" href=base.clone()>"Read the latest submission"</a>
                </strong>
            </div>
        })}
        <p class="govuk-body" data-testid="shown-submission">
            {format!("Submission {}, sent on {} by {}.", shown.number, shown.submitted_at_label, shown.submitted_by)}
        </p>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h2 class="govuk-heading-m">"Answers"</h2>
                {if detail.answers.is_empty() {
                    view! { <p class="govuk-body">"The notice has no questionnaire."</p> }.into_any()
                } else {
                    view! {
                        <dl class="govuk-summary-list" data-testid="answers">
                            {detail.answers.iter().cloned().map(|a| view! {
                                <div class="govuk-summary-list__row" data-testid="answer">
                                    <dt class="govuk-summary-list__key">
                                        {format!("{}. {}", a.question.number, a.question.prompt)}
                                    </dt>
                                    <dd class="govuk-summary-list__value"><Answer answer=a.answer /></dd>
                                </div>
                            }).collect_view()}
                        </dl>
                    }.into_any()
                }}
                <Submissions base=base.clone() submissions=detail.submissions.clone() shown=shown.number />
            </div>
            <div class="govuk-grid-column-one-third">
                <TagPanel base=base.clone() tags=detail.tags.clone() can_edit=detail.can_annotate form=form.clone() />
            </div>
        </div>
        <Notes base=base.clone() notes=detail.notes.clone() can_add=detail.can_annotate form=form />
    }
}

#[component]
fn Submissions(base: String, submissions: Vec<SubmissionSummary>, shown: i32) -> impl IntoView {
    (submissions.len() > 1).then(|| {
        let latest = submissions.first().map(|s| s.number);
        view! {
            <h2 class="govuk-heading-m">"Submissions"</h2>
            <p class="govuk-body">"The supplier changed its response after first submitting it. The latest submission counts; earlier ones are kept."</p>
            <ul class="govuk-list" data-testid="submissions">
                {submissions.into_iter().map(|s| {
                    let text = format!("Submission {} – {} by {}", s.number, s.submitted_at_label, s.submitted_by);
                    let href = if Some(s.number) == latest { base.clone() } else { format!("{base}?submission={}", s.number) };
                    if s.number == shown {
                        view! { <li><strong>{text}</strong>" (shown)"</li> }.into_any()
                    } else {
                        view! { <li><a class="govuk-link" href=href data-testid="submission-link">{text}</a></li> }.into_any()
                    }
                }).collect_view()}
            </ul>
        }
    })
}

#[component]
fn TagPanel(base: String, tags: Vec<String>, can_edit: bool, form: FormState) -> impl IntoView {
    view! {
        <h2 class="govuk-heading-m">"Tags"</h2>
        {if tags.is_empty() {
            view! { <p class="govuk-body" data-testid="no-tags">"No tags yet."</p> }.into_any()
        } else {
            view! {
                <ul class="govuk-list" data-testid="tag-list">
                    {tags.into_iter().map(|tag| view! {
                        <li class="app-tags">
                            <strong class="govuk-tag govuk-tag--grey" data-testid="tag">{tag.clone()}</strong>
                            {can_edit.then(|| view! {
                                <form method="post" action=format!("{base}/tags/remove") class="app-inline-form">
                                    <input type="hidden" name="tag" value=tag.clone() />
                                    <button type="submit" class="govuk-button govuk-button--secondary app-compact-button" data-module="govuk-button" data-testid="remove-tag">
                                        "Remove" <span class="govuk-visually-hidden">{format!(" the tag {tag}")}</span>
                                    </button>
                                </form>
                            })}
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {can_edit.then(|| view! {
            <form method="post" action=format!("{base}/tags") novalidate data-testid="tag-form">
                <TextInput name="tag" label="Add a tag" hint=format!("Up to {TAG_MAX} characters, for example ‘shortlist’") value=form.value("tag") error=form.error("tag") />
                <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" data-testid="add-tag">"Add tag"</button>
            </form>
        })}
    }
}

#[component]
fn Notes(base: String, notes: Vec<NoteView>, can_add: bool, form: FormState) -> impl IntoView {
    view! {
        <h2 class="govuk-heading-m">"Private notes"</h2>
        <p class="govuk-body-s app-secondary-text">"Only the member authorities read these. Suppliers never see them."</p>
        {if notes.is_empty() {
            view! { <p class="govuk-body" data-testid="no-notes">"No notes yet."</p> }.into_any()
        } else {
            view! {
                <ul class="govuk-list" data-testid="notes">
                    {notes.into_iter().map(|n| view! {
                        <li class="govuk-inset-text" data-testid="note">
                            <p class="govuk-body-s govuk-!-margin-bottom-1">
                                <strong>{n.author}</strong>", "{n.organisation}", "
                                <time datetime=n.created_at.to_rfc3339()>{n.created_at_label}</time>
                            </p>
                            <p class="govuk-body app-preserve-lines govuk-!-margin-bottom-0" data-testid="note-body">{n.body}</p>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {can_add.then(|| view! {
            <form method="post" action=format!("{base}/notes") novalidate data-testid="note-form">
                <TextArea name="note" label="Add a private note" value=form.value("note") error=form.error("note") max_chars=NOTE_MAX rows=4 />
                <button type="submit" class="govuk-button" data-module="govuk-button" data-testid="add-note">"Add note"</button>
            </form>
        })}
    }
}
