//! The challenge pack as a print-friendly page: what a lead borough pastes into its tender
//! documents. The print stylesheet (`.app-pack` in style/main.scss) hides the site chrome.

use crate::ssr::markdown;
use crate::ssr::pack::{Pack, PackCriterion, PackNeed, PackSignoff};
use crate::ui::format;
use leptos::prelude::*;

#[component]
pub fn PackPage(pack: Pack) -> impl IntoView {
    let id = pack.challenge_id.to_string();
    let base = format!("/challenges/{id}");
    let members = pack.members.clone();
    let needs = pack.needs.clone();
    let criteria = pack.criteria.clone();
    let matrix = (!needs.is_empty() && !criteria.is_empty()).then(|| {
        view! { <Matrix needs=needs.clone() criteria=criteria.clone() /> }
    });
    view! {
        <div class="app-pack" data-testid="pack">
            <span class="govuk-caption-l">"Challenge pack"</span>
            <h1 class="govuk-heading-l" data-testid="pack-title">{pack.title.clone()}</h1>
            <p class="govuk-body app-pack__meta">
                "Generated " {format::date_time(&pack.generated_at)} ". Status: " {pack.status_label.clone()}
                ". Criteria set version " {pack.criteria_set_version} "."
            </p>
            <ul class="govuk-list app-no-print" data-testid="pack-downloads">
                <li><a class="govuk-link" href=format!("{base}/pack.md") download="">"Download as Markdown (.md)"</a></li>
                <li><a class="govuk-link" href=format!("{base}/pack.csv") download="">"Download criteria and needs as CSV (.csv)"</a></li>
                <li><a class="govuk-link" href=base.clone()>"Back to the challenge"</a></li>
            </ul>
            <p class="govuk-body app-no-print">"Use your browser’s print function to print this page or save it as a PDF."</p>

            <h2 class="govuk-heading-m">"Problem statement"</h2>
            <div class="govuk-body app-markdown" inner_html=pack.problem_statement_html.clone()></div>

            <h2 class="govuk-heading-m">"Member authorities"</h2>
            <ul class="govuk-list govuk-list--bullet" data-testid="pack-members">
                {members.into_iter().map(|m| view! { <li>{format!("{} ({})", m.name, m.role.label())}</li> }).collect_view()}
            </ul>

            <h2 class="govuk-heading-m">"User needs"</h2>
            {if needs.is_empty() {
                view! { <p class="govuk-body">"No user needs have been agreed yet."</p> }.into_any()
            } else {
                view! {
                    <ol class="govuk-list app-pack__needs" data-testid="pack-needs">
                        {needs.iter().cloned().map(|n| view! { <NeedItem need=n /> }).collect_view()}
                    </ol>
                }.into_any()
            }}

            <h2 class="govuk-heading-m">"Buying criteria"</h2>
            {if criteria.is_empty() {
                view! { <p class="govuk-body">"No buying criteria have been written yet."</p> }.into_any()
            } else {
                view! {
                    <CriteriaTable criteria=criteria.clone() total=pack.weight_total.clone() />
                    {pack.weight_problem.clone().map(|problem| view! {
                        <div class="govuk-warning-text">
                            <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                            <strong class="govuk-warning-text__text">
                                <span class="govuk-visually-hidden">"Warning"</span>
                                {problem}
                            </strong>
                        </div>
                    })}
                    {criteria.iter().cloned().map(|c| view! { <CriterionDetail criterion=c needs=needs.clone() /> }).collect_view()}
                }.into_any()
            }}

            <h2 class="govuk-heading-m">"Traceability matrix"</h2>
            {match matrix {
                Some(matrix) => matrix.into_any(),
                None => view! { <p class="govuk-body">"The matrix needs at least one user need and one criterion."</p> }.into_any(),
            }}
            <Gaps uncovered=pack.uncovered_musts.clone() unused=pack.criteria_without_needs.clone() />

            <h2 class="govuk-heading-m">"Sign-off"</h2>
            <SignoffStatus signoff=pack.signoff.clone() current_version=pack.criteria_set_version />
        </div>
    }
}

#[component]
fn NeedItem(need: PackNeed) -> impl IntoView {
    let evidence = (!need.evidence.trim().is_empty()).then(|| markdown::render(&need.evidence));
    view! {
        <li class="app-pack__need" data-testid="pack-need">
            <h3 class="govuk-heading-s">
                {need.reference.clone()} ". " <strong class="govuk-tag govuk-tag--grey">{need.priority_label.clone()}</strong>
            </h3>
            <p class="govuk-body">
                <strong>"As a "</strong>{need.as_a.clone()}", "
                <strong>"I need "</strong>{need.i_need.clone()}", "
                <strong>"so that "</strong>{need.so_that.clone()}
            </p>
            {(!need.tags.is_empty()).then(|| view! {
                <p class="govuk-body-s">"Tags: " {need.tags.join(", ")}</p>
            })}
            {evidence.map(|html| view! {
                <div class="govuk-inset-text app-markdown">
                    <p class="govuk-body-s govuk-!-font-weight-bold">"Evidence"</p>
                    <div inner_html=html></div>
                </div>
            })}
        </li>
    }
}

#[component]
fn CriteriaTable(criteria: Vec<PackCriterion>, total: String) -> impl IntoView {
    view! {
        <table class="govuk-table" data-testid="pack-criteria">
            <caption class="govuk-table__caption govuk-table__caption--s">"Criteria, their weights and the needs they cover"</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"Ref"</th>
                    <th scope="col" class="govuk-table__header">"Criterion"</th>
                    <th scope="col" class="govuk-table__header">"Type"</th>
                    <th scope="col" class="govuk-table__header">"Category"</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Weight"</th>
                    <th scope="col" class="govuk-table__header">"Needs covered"</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {criteria.into_iter().map(|c| view! {
                    <tr class="govuk-table__row">
                        <th scope="row" class="govuk-table__header">{c.reference}</th>
                        <td class="govuk-table__cell">{c.name}</td>
                        <td class="govuk-table__cell">{c.kind_label}</td>
                        <td class="govuk-table__cell">{c.category_label}</td>
                        <td class="govuk-table__cell govuk-table__cell--numeric">{if c.weight.is_empty() { "–".to_string() } else { c.weight }}</td>
                        <td class="govuk-table__cell">{if c.covers.is_empty() { "None".to_string() } else { c.covers.join(", ") }}</td>
                    </tr>
                }).collect_view()}
                <tr class="govuk-table__row">
                    <th scope="row" class="govuk-table__header" colspan="4">"Total of scored weights"</th>
                    <td class="govuk-table__cell govuk-table__cell--numeric" data-testid="pack-weight-total">{total}</td>
                    <td class="govuk-table__cell"></td>
                </tr>
            </tbody>
        </table>
    }
}

#[component]
fn CriterionDetail(criterion: PackCriterion, needs: Vec<PackNeed>) -> impl IntoView {
    let c = criterion;
    let description = (!c.description.trim().is_empty()).then(|| markdown::render(&c.description));
    let guidance = (!c.guidance.trim().is_empty()).then(|| markdown::render(&c.guidance));
    let covered: Vec<PackNeed> = needs
        .into_iter()
        .filter(|n| c.covers.contains(&n.reference))
        .collect();
    let weight = if c.weight.is_empty() {
        String::new()
    } else {
        format!(", weight {}", c.weight)
    };
    view! {
        <section class="app-pack__criterion" data-testid="pack-criterion">
            <h3 class="govuk-heading-s">{c.reference.clone()} ". " {c.name.clone()}</h3>
            <p class="govuk-body-s">{c.kind_label.clone()} ", " {c.category_label.to_lowercase()} {weight}</p>
            {description.map(|html| view! { <div class="govuk-body app-markdown" inner_html=html></div> })}
            {guidance.map(|html| view! {
                <div class="govuk-inset-text app-markdown">
                    <p class="govuk-body-s govuk-!-font-weight-bold">"Scoring guidance"</p>
                    <div inner_html=html></div>
                </div>
            })}
            {if covered.is_empty() {
                view! { <p class="govuk-body-s">"Covers no user need."</p> }.into_any()
            } else {
                view! {
                    <p class="govuk-body-s">"Covers:"</p>
                    <ul class="govuk-list govuk-list--bullet govuk-body-s">
                        {covered.into_iter().map(|n| view! { <li>{n.reference.clone()} ": " {n.statement()}</li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Matrix(needs: Vec<PackNeed>, criteria: Vec<PackCriterion>) -> impl IntoView {
    let header = criteria.clone();
    view! {
        <div class="app-pack__matrix">
            <table class="govuk-table app-matrix" data-testid="pack-matrix">
                <caption class="govuk-table__caption govuk-table__caption--s">"Which criteria cover which user needs"</caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"Need"</th>
                        <th scope="col" class="govuk-table__header">"Priority"</th>
                        {header.into_iter().map(|c| view! {
                            <th scope="col" class="govuk-table__header"><abbr title=c.name.clone()>{c.reference.clone()}</abbr></th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody class="govuk-table__body">
                    {needs.into_iter().map(|n| {
                        let cells = criteria.iter().map(|c| {
                            let covered = c.covers.contains(&n.reference);
                            view! {
                                <td class="govuk-table__cell app-matrix__cell">
                                    {if covered {
                                        view! { <span aria-hidden="true">"✓"</span><span class="govuk-visually-hidden">"Covered"</span> }.into_any()
                                    } else {
                                        view! { <span class="govuk-visually-hidden">"Not covered"</span> }.into_any()
                                    }}
                                </td>
                            }
                        }).collect_view();
                        view! {
                            <tr class="govuk-table__row" data-testid="pack-matrix-row">
                                <th scope="row" class="govuk-table__header"><abbr title=n.statement()>{n.reference.clone()}</abbr></th>
                                <td class="govuk-table__cell">{n.priority_label.clone()}</td>
                                {cells}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn Gaps(uncovered: Vec<String>, unused: Vec<String>) -> impl IntoView {
    view! {
        <div data-testid="pack-gaps">
            {if uncovered.is_empty() {
                view! { <p class="govuk-body">"Every Must need is covered by at least one criterion."</p> }.into_any()
            } else {
                view! { <p class="govuk-body"><strong>"Must needs no criterion covers: "</strong>{uncovered.join(", ")}</p> }.into_any()
            }}
            {(!unused.is_empty()).then(|| view! {
                <p class="govuk-body"><strong>"Criteria that cover no need: "</strong>{unused.join(", ")}</p>
            })}
        </div>
    }
}

#[component]
fn SignoffStatus(signoff: Option<PackSignoff>, current_version: i32) -> impl IntoView {
    match signoff {
        None => view! {
            <p class="govuk-body" data-testid="pack-signoff">"The criteria have not been proposed for sign-off yet."</p>
        }
        .into_any(),
        Some(s) => view! {
            <div data-testid="pack-signoff">
                <p class="govuk-body">
                    "Version " {s.criteria_set_version} " of the criteria was proposed for sign-off by "
                    {s.proposed_by.clone()} " on " {format::date(&s.proposed_at)} ". Status: "
                    <strong>{s.status_label.clone()}</strong> "."
                </p>
                {s.outdated.then(|| view! {
                    <p class="govuk-body"><strong>
                        "The criteria have changed since (now version " {current_version} "): sign-off must be given again."
                    </strong></p>
                })}
                {(!s.decisions.is_empty()).then(|| view! {
                    <table class="govuk-table">
                        <caption class="govuk-table__caption govuk-table__caption--s">"Decisions"</caption>
                        <thead class="govuk-table__head">
                            <tr class="govuk-table__row">
                                <th scope="col" class="govuk-table__header">"Authority"</th>
                                <th scope="col" class="govuk-table__header">"Decision"</th>
                                <th scope="col" class="govuk-table__header">"By"</th>
                                <th scope="col" class="govuk-table__header">"Comment"</th>
                            </tr>
                        </thead>
                        <tbody class="govuk-table__body">
                            {s.decisions.iter().cloned().map(|d| view! {
                                <tr class="govuk-table__row">
                                    <th scope="row" class="govuk-table__header">{d.organisation_name}</th>
                                    <td class="govuk-table__cell">{d.decision_label}</td>
                                    <td class="govuk-table__cell">{d.user_name} ", " {format::date(&d.decided_at)}</td>
                                    <td class="govuk-table__cell">{d.comment}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                })}
                {(!s.waiting_for.is_empty()).then(|| view! {
                    <p class="govuk-body">"Waiting for: " {s.waiting_for.join(", ")}</p>
                })}
            </div>
        }
        .into_any(),
    }
}
