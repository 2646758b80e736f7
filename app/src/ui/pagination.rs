//! The GOV.UK pagination component, shared by every paged list.

use leptos::prelude::*;

/// GOV.UK pagination: previous and next links, the first and last pages, and the pages
/// around the current one; `hrefs[n - 1]` is the address of page `n`.
#[component]
pub fn Pagination(
    page: usize,
    pages: usize,
    hrefs: Vec<String>,
    label: &'static str,
) -> impl IntoView {
    let count = pages;
    (count > 1).then(|| {
        let href = |n: usize| hrefs.get(n - 1).cloned().unwrap_or_default();
        let mut shown: Vec<Option<usize>> = Vec::new();
        for n in 1..=count {
            if n == 1 || n == count || n.abs_diff(page) <= 1 {
                shown.push(Some(n));
            } else if shown.last() != Some(&None) {
                shown.push(None);
            }
        }
        view! {
            <nav class="govuk-pagination" aria-label=label data-testid="pagination">
                {(page > 1).then(|| view! {
                    <div class="govuk-pagination__prev">
                        <a class="govuk-link govuk-pagination__link" href=href(page - 1) rel="prev">
                            <svg class="govuk-pagination__icon govuk-pagination__icon--prev" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13">
                                <path d="m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z"></path>
                            </svg>
                            <span class="govuk-pagination__link-title">"Previous"<span class="govuk-visually-hidden">" page"</span></span>
                        </a>
                    </div>
                })}
                <ul class="govuk-pagination__list">
                    {shown.into_iter().map(|item| match item {
                        Some(n) => view! {
                            <li class=if n == page { "govuk-pagination__item govuk-pagination__item--current" } else { "govuk-pagination__item" }>
                                <a class="govuk-link govuk-pagination__link" href=href(n) aria-label=format!("Page {n}") aria-current=(n == page).then_some("page")>{n.to_string()}</a>
                            </li>
                        }.into_any(),
                        None => view! { <li class="govuk-pagination__item govuk-pagination__item--ellipses">"⋯"</li> }.into_any(),
                    }).collect_view()}
                </ul>
                {(page < count).then(|| view! {
                    <div class="govuk-pagination__next">
                        <a class="govuk-link govuk-pagination__link" href=href(page + 1) rel="next">
                            <span class="govuk-pagination__link-title">"Next"<span class="govuk-visually-hidden">" page"</span></span>
                            <svg class="govuk-pagination__icon govuk-pagination__icon--next" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13">
                                <path d="m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z"></path>
                            </svg>
                        </a>
                    </div>
                })}
            </nav>
        }
    })
}
