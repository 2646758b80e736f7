//! Live updates for the people viewing a challenge: `GET /challenges/{id}/events`, a
//! server-sent event stream for members (ViewWork).
//!
//! Events, in order on a fresh connection:
//! - `ready` (with an `id`, so that a reconnecting browser sends `Last-Event-ID`),
//! - `resync` when the browser reconnects (it carries `Last-Event-ID`): it may have missed
//!   changes, so it fetches the page regions again,
//! - `presence`: `[{"name":…,"organisation_name":…}]`, everyone else viewing, whenever it
//!   changes,
//! - `change`: `{"kind","item_id","actor_name","organisation_name","summary","sentence",
//!   "mine"}` with an increasing `id`, for every change published on any instance.
//!
//! A comment line keeps the connection open every 15 seconds. When the browser goes away
//! the stream is dropped, which ends its subscription and removes it from the presence list.

use crate::ctx::{Answer, Ctx};
use crate::forms::parse_id;
use crate::state::AppState;
use app::domain::policy::ChallengeAction;
use app::domain::ChallengeId;
use app::ssr::challenges;
use app::ssr::live::{LiveMessage, Presence, Viewer};
use axum::extract::{Path, State};
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use futures_util::stream::{self, Stream};
use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast::{self, error::RecvError};
use uuid::Uuid;

pub const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// How long a browser waits before reconnecting after the stream ends.
const RETRY: Duration = Duration::from_secs(3);

pub fn routes() -> Router<AppState> {
    Router::new().route("/challenges/{id}/events", get(events))
}

struct Connection {
    rx: broadcast::Receiver<LiveMessage>,
    /// Leaves the presence list when the stream is dropped.
    _presence: Presence,
    me: Uuid,
    pending: VecDeque<Event>,
}

fn presence_event(viewers: &[Viewer], me: Uuid) -> Event {
    let others: Vec<serde_json::Value> = viewers
        .iter()
        .filter(|v| v.user_id != me)
        .map(|v| serde_json::json!({ "name": v.name, "organisation_name": v.organisation_name }))
        .collect();
    Event::default()
        .event("presence")
        .data(serde_json::Value::Array(others).to_string())
}

fn resync_event() -> Event {
    Event::default().event("resync").data("{}")
}

impl Connection {
    fn render(&self, message: LiveMessage) -> Event {
        match message {
            LiveMessage::Event { id, event } => {
                let data = serde_json::json!({
                    "kind": event.kind,
                    "item_id": event.item_id,
                    "actor_name": event.actor_name,
                    "organisation_name": event.organisation_name,
                    "summary": event.summary,
                    "sentence": event.sentence(),
                    "mine": event.actor_id == Some(self.me),
                });
                Event::default()
                    .event("change")
                    .id(id.to_string())
                    .data(data.to_string())
            }
            LiveMessage::Presence(viewers) => presence_event(&viewers, self.me),
            LiveMessage::Resync => resync_event(),
        }
    }
}

fn event_stream(connection: Connection) -> impl Stream<Item = Result<Event, Infallible>> {
    stream::unfold(connection, |mut c| async move {
        if let Some(event) = c.pending.pop_front() {
            return Some((Ok(event), c));
        }
        match c.rx.recv().await {
            Ok(message) => {
                let event = c.render(message);
                Some((Ok(event), c))
            }
            // Fell behind: it missed some changes, so it should fetch afresh.
            Err(RecvError::Lagged(_)) => Some((Ok(resync_event()), c)),
            // The hub went away (shutting down): end the stream; the browser retries.
            Err(RecvError::Closed) => None,
        }
    })
}

async fn events(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Answer {
    let id: ChallengeId = parse_id(&ctx, &id)?;
    challenges::load_for(&state.db, &ctx.actor, id, ChallengeAction::ViewWork)
        .await
        .map_err(|e| ctx.fail(e))?;
    let user = challenges::require_user(&ctx.actor).map_err(|e| ctx.fail(e))?;
    let reconnecting = headers.contains_key("last-event-id");
    let live = &state.live;
    // Subscribe before joining: the presence list the join announces is this stream's
    // first `presence` event.
    let rx = live.subscribe(id.0);
    let presence = live.join(id.0, Viewer::of(user)).await;
    let mut pending = VecDeque::new();
    pending.push_back(
        Event::default()
            .event("ready")
            .id(live.last_id().to_string())
            .retry(RETRY)
            .data("{}"),
    );
    if reconnecting {
        pending.push_back(resync_event());
    }
    let connection = Connection {
        rx,
        _presence: presence,
        me: user.id.0,
        pending,
    };
    let mut response = Sse::new(event_stream(connection))
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response();
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // Tells a buffering reverse proxy (nginx) to pass events on at once.
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    Ok(response)
}
