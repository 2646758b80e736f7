//! Live updates on a challenge page: who else is viewing, a polite announcement of other
//! people's changes, and a refresh of the page's marked regions without a reload.
//!
//! Drop `<LiveUpdates challenge_id=… />` anywhere on a member's challenge page. It opens an
//! `EventSource` to `/challenges/{id}/events` once the wasm bundle has loaded; without
//! JavaScript it renders nothing visible and the page is complete as it is.
//!
//! ## Marking regions to refresh
//!
//! Give each part of the page that should follow other people's changes an `id` that is
//! unique on the page and a `data-live-refresh` attribute, for example
//!
//! ```html
//! <div id="live-region-content" data-live-refresh>…the needs list…</div>
//! ```
//!
//! On every change by someone else (and on `resync`, after a reconnect), the island fetches
//! the current page URL and, for each marked region, replaces its inner HTML with that of
//! the element with the same id in the fresh page. A region is left alone (and retried a few
//! seconds later) while it holds the keyboard focus or a form the person has typed into, so
//! nothing half-typed is ever lost. Keep edit forms outside marked regions where you can,
//! and do not put islands inside one (replaced HTML is not hydrated again).

use leptos::prelude::*;
use serde::Deserialize;

/// Announcements kept on screen.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const RECENT: usize = 3;

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct LiveViewer {
    pub name: String,
    pub organisation_name: String,
}

/// Renders the live panel for a challenge: put it on pages members read.
#[component]
pub fn LiveUpdates(#[prop(into)] challenge_id: String) -> impl IntoView {
    view! { <LiveChallenge challenge_id=challenge_id /> }
}

#[island]
pub fn LiveChallenge(challenge_id: String) -> impl IntoView {
    let (ready, set_ready) = signal(false);
    let (viewers, set_viewers) = signal(Vec::<LiveViewer>::new());
    let (changes, set_changes) = signal(Vec::<String>::new());
    Effect::new(move |_| {
        set_ready.set(true);
        client::start(&challenge_id, set_viewers, set_changes);
    });
    let names = move || {
        viewers
            .get()
            .iter()
            .map(|v| format!("{} ({})", v.name, v.organisation_name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    view! {
        <div class="app-live" data-testid="live-challenge">
            <p class="govuk-body-s app-live__viewers" data-testid="live-viewers"
                hidden=move || !ready.get() || viewers.get().is_empty()>
                <strong>"Also viewing: "</strong>{names}
            </p>
            <div class="app-live__changes" role="status" aria-live="polite" data-testid="live-changes">
                {move || changes.get().into_iter().map(|text| view! {
                    <p class="govuk-body-s app-live__change">{text}</p>
                }).collect_view()}
            </div>
        </div>
    }
}

#[cfg(not(feature = "hydrate"))]
mod client {
    use super::LiveViewer;
    use leptos::prelude::WriteSignal;

    pub fn start(_: &str, _: WriteSignal<Vec<LiveViewer>>, _: WriteSignal<Vec<String>>) {}
}

#[cfg(feature = "hydrate")]
mod client {
    use super::{LiveViewer, RECENT};
    use leptos::prelude::*;
    use serde::Deserialize;
    use std::cell::Cell;
    use std::rc::Rc;
    use std::time::Duration;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{Element, EventSource, MessageEvent};

    #[derive(Deserialize)]
    struct Change {
        sentence: String,
        #[serde(default)]
        mine: bool,
    }

    /// Whether a refresh is running, and whether another was asked for meanwhile.
    #[derive(Default)]
    struct Refresher {
        running: Cell<bool>,
        again: Cell<bool>,
    }

    fn on(source: &EventSource, name: &str, handler: impl FnMut(MessageEvent) + 'static) {
        let closure = Closure::<dyn FnMut(MessageEvent)>::new(handler);
        let _ = source.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
        // The listeners live as long as the page.
        closure.forget();
    }

    pub fn start(
        challenge_id: &str,
        set_viewers: WriteSignal<Vec<LiveViewer>>,
        set_changes: WriteSignal<Vec<String>>,
    ) {
        let Ok(source) = EventSource::new(&format!("/challenges/{challenge_id}/events")) else {
            return;
        };
        mark_dirty_forms();
        let refresher = Rc::new(Refresher::default());

        on(&source, "presence", move |e| {
            if let Some(list) = e
                .data()
                .as_string()
                .and_then(|text| serde_json::from_str::<Vec<LiveViewer>>(&text).ok())
            {
                set_viewers.set(list);
            }
        });
        let r = refresher.clone();
        on(&source, "change", move |e| {
            let Some(change) = e
                .data()
                .as_string()
                .and_then(|text| serde_json::from_str::<Change>(&text).ok())
            else {
                return;
            };
            if !change.mine {
                set_changes.update(|list| {
                    list.insert(0, change.sentence);
                    list.truncate(RECENT);
                });
            }
            refresh(r.clone());
        });
        let r = refresher.clone();
        on(&source, "resync", move |_| refresh(r.clone()));
        // The browser reconnects by itself; after the first connection, any reopening means
        // changes may have been missed (a server restart, a network drop).
        let opened = Rc::new(Cell::new(false));
        let r = refresher;
        let closure = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            if opened.replace(true) {
                refresh(r.clone());
            }
        });
        source.set_onopen(Some(closure.as_ref().unchecked_ref()));
        closure.forget();
        // The stream is left open for the life of the page; the browser closes it on leaving.
        std::mem::forget(source);
    }

    /// Marks a form as typed into, so that its region is not replaced under the person.
    fn mark_dirty_forms() {
        let closure = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            if let Some(form) = e
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|el| el.closest("form").ok().flatten())
            {
                let _ = form.set_attribute("data-live-dirty", "");
            }
        });
        let _ = document().add_event_listener_with_callback_and_bool(
            "input",
            closure.as_ref().unchecked_ref(),
            true,
        );
        closure.forget();
    }

    /// Whether replacing the region now could lose focus or typing.
    fn busy(region: &Element) -> bool {
        let doc = document();
        let focused = doc.active_element().is_some_and(|active| {
            doc.body()
                .is_none_or(|body| !active.is_same_node(Some(body.as_ref())))
                && region.contains(Some(active.as_ref()))
        });
        focused
            || region
                .query_selector("form[data-live-dirty]")
                .ok()
                .flatten()
                .is_some()
    }

    fn refresh(refresher: Rc<Refresher>) {
        if refresher.running.replace(true) {
            refresher.again.set(true);
            return;
        }
        leptos::task::spawn_local(async move {
            loop {
                refresher.again.set(false);
                // A failed fetch (offline, signed out) leaves the page as it is.
                let postponed: bool = refresh_regions().await.unwrap_or_default();
                if postponed {
                    // Try again once the person has moved on.
                    let r = refresher.clone();
                    set_timeout(
                        move || {
                            r.running.set(false);
                            refresh(r.clone());
                        },
                        Duration::from_secs(5),
                    );
                    return;
                }
                if !refresher.again.get() {
                    break;
                }
            }
            refresher.running.set(false);
        });
    }

    /// Fetches the page again and replaces each marked region that is not in use; answers
    /// whether any region had to be postponed.
    async fn refresh_regions() -> Result<bool, JsValue> {
        let doc = document();
        let regions = doc.query_selector_all("[data-live-refresh]")?;
        if regions.length() == 0 {
            return Ok(false);
        }
        let window = window();
        let href = window.location().href()?;
        let response: web_sys::Response = JsFuture::from(window.fetch_with_str(&href))
            .await?
            .dyn_into()?;
        if !response.ok() {
            return Ok(false);
        }
        let text = JsFuture::from(response.text()?)
            .await?
            .as_string()
            .unwrap_or_default();
        let fresh = web_sys::DomParser::new()?
            .parse_from_string(&text, web_sys::SupportedType::TextHtml)?;
        let mut postponed = false;
        for index in 0..regions.length() {
            let Some(region) = regions
                .item(index)
                .and_then(|node| node.dyn_into::<Element>().ok())
            else {
                continue;
            };
            let id = region.id();
            if id.is_empty() {
                continue;
            }
            let Some(replacement) = fresh.get_element_by_id(&id) else {
                continue;
            };
            let html = replacement.inner_html();
            if html == region.inner_html() {
                continue;
            }
            if busy(&region) {
                postponed = true;
                continue;
            }
            region.set_inner_html(&html);
        }
        Ok(postponed)
    }
}
