//! Platform admin screens.

use crate::ssr::entities::outbox_email;
use crate::ui::format;
use leptos::prelude::*;

#[component]
pub fn OutboxPage(messages: Vec<outbox_email::Model>) -> impl IntoView {
    view! {
        <h1 class="govuk-heading-l">"Email outbox"</h1>
        <p class="govuk-body">"The newest emails Coprocure has queued. In development they are written to the server log instead of being sent."</p>
        {if messages.is_empty() {
            view! { <p class="govuk-body">"No emails yet."</p> }.into_any()
        } else {
            messages.into_iter().map(|m| view! {
                <div class="govuk-summary-card" data-testid="outbox-message">
                    <div class="govuk-summary-card__title-wrapper">
                        <h2 class="govuk-summary-card__title">{m.subject}</h2>
                    </div>
                    <div class="govuk-summary-card__content">
                        <p class="govuk-body-s">{format!("To {} · queued {} · {}", m.to_address, format::date_time(&m.created_at), if m.sent_at.is_some() { "delivered" } else { "waiting" })}</p>
                        <p class="govuk-body app-preserve-lines app-break-all">{m.body}</p>
                    </div>
                </div>
            }).collect_view().into_any()
        }}
    }
}
