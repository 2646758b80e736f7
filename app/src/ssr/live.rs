//! Live updates: who changed what on a challenge, and who is looking at it, delivered to
//! the people viewing it (server-sent events, `GET /challenges/{id}/events`).
//!
//! A [`LiveHub`] keeps one tokio broadcast channel per challenge that has viewers on this
//! instance. On SQLite everything stays in the process. On PostgreSQL every instance
//! publishes with `NOTIFY coprocure_events` and runs a listener task that `LISTEN`s on the
//! same channel and forwards what arrives into its local broadcasts, so a change saved on
//! one instance reaches viewers connected to another. The listener reconnects when its
//! connection drops and then tells its viewers to resync (they may have missed events).
//!
//! Presence (who is viewing) is kept per instance from the open event streams and shared
//! through the same channel: a join when a stream opens, a leave when it ends, and a
//! heartbeat every [`HEARTBEAT`] listing the instance's viewers. Viewers from other
//! instances expire after [`PRESENCE_TTL`] without a heartbeat (an instance that died).

use crate::domain::policy::User;
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::sync::{broadcast, watch};
use uuid::Uuid;

/// The PostgreSQL notification channel every instance listens on.
pub const CHANNEL: &str = "coprocure_events";
/// How often an instance re-announces its viewers to the others.
pub const HEARTBEAT: Duration = Duration::from_secs(20);
/// How long a viewer on another instance counts without a heartbeat.
pub const PRESENCE_TTL: Duration = Duration::from_secs(60);
/// PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; stay well below.
pub const MAX_PAYLOAD: usize = 7000;
/// Messages a slow viewer may fall behind before it is told to resync.
const BUFFER: usize = 128;
const MAX_SUMMARY_CHARS: usize = 300;
const MAX_NAME_CHARS: usize = 120;
/// Viewers per heartbeat notification (keeps each payload small).
const HEARTBEAT_CHUNK: usize = 20;

/// Something that changed on a challenge, as its viewers are told.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeEvent {
    pub challenge_id: Uuid,
    /// `need_added`, `need_edited`, `needs_reordered`, `need_endorsed`, `comment_added`,
    /// `criterion_saved`, `signoff`, …
    pub kind: String,
    pub item_id: Option<Uuid>,
    /// Who did it, so their own browser does not announce it back to them.
    pub actor_id: Option<Uuid>,
    pub actor_name: String,
    pub organisation_name: String,
    /// One short sentence: "added a need", "edited the need “…”".
    pub summary: String,
}

impl ChallengeEvent {
    /// An event done by `user`; `summary` reads after their name ("added a need").
    pub fn by(
        user: &User,
        challenge_id: Uuid,
        kind: &str,
        item_id: Option<Uuid>,
        summary: impl Into<String>,
    ) -> Self {
        Self {
            challenge_id,
            kind: kind.to_string(),
            item_id,
            actor_id: Some(user.id.0),
            actor_name: user.name.clone(),
            organisation_name: user.organisation_name.clone(),
            summary: summary.into(),
        }
    }

    /// "Tom Okafor (Brent) added a need".
    pub fn sentence(&self) -> String {
        format!(
            "{} ({}) {}",
            self.actor_name, self.organisation_name, self.summary
        )
    }

    /// Trims the free text so that the notification stays small.
    fn bounded(mut self) -> Self {
        self.kind = truncate(&self.kind, 40);
        self.actor_name = truncate(&self.actor_name, MAX_NAME_CHARS);
        self.organisation_name = truncate(&self.organisation_name, MAX_NAME_CHARS);
        self.summary = truncate(&self.summary, MAX_SUMMARY_CHARS);
        self
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// Someone viewing a challenge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub user_id: Uuid,
    pub name: String,
    pub organisation_name: String,
}

impl Viewer {
    pub fn of(user: &User) -> Self {
        Self {
            user_id: user.id.0,
            name: truncate(&user.name, MAX_NAME_CHARS),
            organisation_name: truncate(&user.organisation_name, MAX_NAME_CHARS),
        }
    }
}

/// What a subscriber to one challenge receives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LiveMessage {
    /// A change, with an id that increases on this instance (and across its restarts).
    Event { id: u64, event: Arc<ChallengeEvent> },
    /// Everyone now viewing the challenge (each person once, sorted by name).
    Presence(Arc<Vec<Viewer>>),
    /// Events may have been missed (a lost database connection, a slow reader): fetch the
    /// current state again.
    Resync,
}

/// What travels between instances through NOTIFY.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
enum Wire {
    Event {
        e: ChallengeEvent,
    },
    /// `i`: the instance, `c`: the challenge, `v`: its connections and their viewers.
    Join {
        i: Uuid,
        c: Uuid,
        v: Vec<(Uuid, Viewer)>,
    },
    Leave {
        i: Uuid,
        c: Uuid,
        k: Uuid,
    },
    Heartbeat {
        i: Uuid,
        c: Uuid,
        v: Vec<(Uuid, Viewer)>,
    },
}

struct Seen {
    viewer: Viewer,
    /// `None` for this instance's own open streams; they leave when the stream ends.
    expires: Option<Instant>,
}

#[derive(Default)]
struct State {
    channels: HashMap<Uuid, broadcast::Sender<LiveMessage>>,
    /// challenge → connection → viewer.
    viewers: HashMap<Uuid, HashMap<Uuid, Seen>>,
}

struct Inner {
    /// `Some` on PostgreSQL: publish through NOTIFY.
    db: Option<DatabaseConnection>,
    instance: Uuid,
    next_id: AtomicU64,
    state: Mutex<State>,
    listening: watch::Sender<bool>,
    /// Dropped with the hub, which ends its background tasks.
    _shutdown: watch::Sender<()>,
}

/// The live event hub. Cheap to clone; every clone is the same hub.
#[derive(Clone)]
pub struct LiveHub {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for LiveHub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveHub")
            .field("instance", &self.inner.instance)
            .field("postgres", &self.inner.db.is_some())
            .finish()
    }
}

impl LiveHub {
    /// An in-process hub (SQLite, tests).
    pub fn in_process() -> Self {
        Self::build(None)
    }

    /// The hub for this database: in-process on SQLite; on PostgreSQL it publishes with
    /// NOTIFY and starts the listener and heartbeat tasks (which need a tokio runtime; they
    /// end when the last clone of the hub is dropped).
    pub fn for_database(db: &DatabaseConnection) -> Self {
        if db.get_database_backend() != DatabaseBackend::Postgres {
            return Self::in_process();
        }
        let hub = Self::build(Some(db.clone()));
        match tokio::runtime::Handle::try_current() {
            Ok(handle) => {
                let pool = db.get_postgres_connection_pool().clone();
                let shutdown = hub.inner._shutdown.subscribe();
                handle.spawn(listen(Arc::downgrade(&hub.inner), pool, shutdown.clone()));
                handle.spawn(heartbeat(Arc::downgrade(&hub.inner), shutdown));
            }
            Err(_) => tracing::warn!(
                "no tokio runtime: live updates from other instances will not arrive"
            ),
        }
        hub
    }

    fn build(db: Option<DatabaseConnection>) -> Self {
        let start = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_micros() as u64)
            .unwrap_or(1);
        let in_process = db.is_none();
        Self {
            inner: Arc::new(Inner {
                db,
                instance: Uuid::new_v4(),
                next_id: AtomicU64::new(start),
                state: Mutex::new(State::default()),
                listening: watch::Sender::new(in_process),
                _shutdown: watch::Sender::new(()),
            }),
        }
    }

    /// Whether events cross instances (PostgreSQL).
    pub fn is_shared(&self) -> bool {
        self.inner.db.is_some()
    }

    /// Waits until the hub receives events from other instances (at once in-process).
    pub async fn ready(&self) {
        let mut rx = self.inner.listening.subscribe();
        let _ = rx.wait_for(|listening| *listening).await;
    }

    /// The id the next event will get minus one: what a fresh stream starts from.
    pub fn last_id(&self) -> u64 {
        self.inner.next_id.load(Ordering::SeqCst)
    }

    /// Tells everyone viewing the challenge (on every instance) about a change. Never
    /// fails: live updates are a courtesy, the change itself is already saved. Call it
    /// after the transaction committed.
    pub async fn publish(&self, event: ChallengeEvent) {
        let event = event.bounded();
        match &self.inner.db {
            None => self.inner.deliver_event(event),
            Some(db) => {
                let challenge = event.challenge_id;
                if let Err(err) = notify(db, &Wire::Event { e: event.clone() }).await {
                    tracing::warn!(error = %err, %challenge, "NOTIFY failed; delivering locally only");
                    self.inner.deliver_event(event);
                }
            }
        }
    }

    /// Receives this challenge's messages from now on. Dropping the receiver ends the
    /// subscription; an idle channel is removed when nobody listens to it any more.
    pub fn subscribe(&self, challenge_id: Uuid) -> broadcast::Receiver<LiveMessage> {
        let mut state = self.inner.lock();
        state
            .channels
            .entry(challenge_id)
            .or_insert_with(|| broadcast::channel(BUFFER).0)
            .subscribe()
    }

    /// Counts this challenge's subscribers on this instance (for tests and metrics).
    pub fn subscriber_count(&self, challenge_id: Uuid) -> usize {
        self.inner
            .lock()
            .channels
            .get(&challenge_id)
            .map(|tx| tx.receiver_count())
            .unwrap_or(0)
    }

    /// Counts challenges with a broadcast channel on this instance.
    pub fn channel_count(&self) -> usize {
        let mut state = self.inner.lock();
        state.channels.retain(|_, tx| tx.receiver_count() > 0);
        state.channels.len()
    }

    /// Records `viewer` as viewing the challenge until the returned guard is dropped, and
    /// tells the other viewers.
    pub async fn join(&self, challenge_id: Uuid, viewer: Viewer) -> Presence {
        let connection = Uuid::new_v4();
        {
            let mut state = self.inner.lock();
            state.viewers.entry(challenge_id).or_default().insert(
                connection,
                Seen {
                    viewer: viewer.clone(),
                    expires: None,
                },
            );
        }
        self.inner.announce_presence(challenge_id);
        if let Some(db) = &self.inner.db {
            let wire = Wire::Join {
                i: self.inner.instance,
                c: challenge_id,
                v: vec![(connection, viewer)],
            };
            if let Err(err) = notify(db, &wire).await {
                tracing::warn!(error = %err, "announcing a viewer failed");
            }
        }
        Presence {
            hub: Arc::downgrade(&self.inner),
            challenge_id,
            connection,
        }
    }

    /// Everyone viewing the challenge now, each person once, sorted by name.
    pub fn viewers(&self, challenge_id: Uuid) -> Vec<Viewer> {
        self.inner.viewers(challenge_id)
    }
}

/// A viewer's place in a challenge's presence list; dropping it leaves.
pub struct Presence {
    hub: Weak<Inner>,
    challenge_id: Uuid,
    connection: Uuid,
}

impl Drop for Presence {
    fn drop(&mut self) {
        let Some(inner) = self.hub.upgrade() else {
            return;
        };
        let removed = {
            let mut state = inner.lock();
            let removed = state
                .viewers
                .get_mut(&self.challenge_id)
                .and_then(|v| v.remove(&self.connection))
                .is_some();
            if state
                .viewers
                .get(&self.challenge_id)
                .is_some_and(|v| v.is_empty())
            {
                state.viewers.remove(&self.challenge_id);
            }
            removed
        };
        if !removed {
            return;
        }
        inner.announce_presence(self.challenge_id);
        if let Some(db) = inner.db.clone() {
            let wire = Wire::Leave {
                i: inner.instance,
                c: self.challenge_id,
                k: self.connection,
            };
            if let Ok(handle) = tokio::runtime::Handle::try_current() {
                handle.spawn(async move {
                    if let Err(err) = notify(&db, &wire).await {
                        tracing::debug!(error = %err, "announcing a leave failed");
                    }
                });
            }
        }
    }
}

impl Inner {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the maps inconsistent in a way that
        // matters (at worst a stale viewer), so a poisoned lock is used as is.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Sends to the challenge's local subscribers; forgets the channel when nobody listens.
    fn send(&self, challenge_id: Uuid, message: LiveMessage) {
        let mut state = self.lock();
        if let Some(tx) = state.channels.get(&challenge_id) {
            if tx.send(message).is_err() {
                state.channels.remove(&challenge_id);
            }
        }
    }

    fn deliver_event(&self, event: ChallengeEvent) {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst) + 1;
        let challenge = event.challenge_id;
        self.send(
            challenge,
            LiveMessage::Event {
                id,
                event: Arc::new(event),
            },
        );
    }

    fn viewers(&self, challenge_id: Uuid) -> Vec<Viewer> {
        let state = self.lock();
        let now = Instant::now();
        let mut people: BTreeMap<Uuid, Viewer> = BTreeMap::new();
        if let Some(seen) = state.viewers.get(&challenge_id) {
            for entry in seen.values() {
                if entry.expires.is_none_or(|at| at > now) {
                    people
                        .entry(entry.viewer.user_id)
                        .or_insert_with(|| entry.viewer.clone());
                }
            }
        }
        let mut list: Vec<Viewer> = people.into_values().collect();
        list.sort_by(|a, b| {
            a.name
                .cmp(&b.name)
                .then(a.organisation_name.cmp(&b.organisation_name))
        });
        list
    }

    fn announce_presence(&self, challenge_id: Uuid) {
        let viewers = self.viewers(challenge_id);
        self.send(challenge_id, LiveMessage::Presence(Arc::new(viewers)));
    }

    fn resync_all(&self) {
        let challenges: Vec<Uuid> = self.lock().channels.keys().copied().collect();
        for challenge in challenges {
            self.send(challenge, LiveMessage::Resync);
        }
    }

    /// This instance's own viewers, per challenge.
    fn local_viewers(&self) -> Vec<(Uuid, Vec<(Uuid, Viewer)>)> {
        let state = self.lock();
        state
            .viewers
            .iter()
            .map(|(challenge, seen)| {
                let own = seen
                    .iter()
                    .filter(|(_, s)| s.expires.is_none())
                    .map(|(k, s)| (*k, s.viewer.clone()))
                    .collect::<Vec<_>>();
                (*challenge, own)
            })
            .filter(|(_, own)| !own.is_empty())
            .collect()
    }

    /// Drops viewers of other instances whose heartbeat stopped; re-announces where the
    /// list changed.
    fn prune(&self) {
        let now = Instant::now();
        let mut changed = Vec::new();
        {
            let mut state = self.lock();
            for (challenge, seen) in state.viewers.iter_mut() {
                let before = seen.len();
                seen.retain(|_, s| s.expires.is_none_or(|at| at > now));
                if seen.len() != before {
                    changed.push(*challenge);
                }
            }
            state.viewers.retain(|_, seen| !seen.is_empty());
            state.channels.retain(|_, tx| tx.receiver_count() > 0);
        }
        for challenge in changed {
            self.announce_presence(challenge);
        }
    }

    fn add_remote(&self, challenge: Uuid, viewers: Vec<(Uuid, Viewer)>) {
        let expires = Some(Instant::now() + PRESENCE_TTL);
        {
            let mut state = self.lock();
            let seen = state.viewers.entry(challenge).or_default();
            for (connection, viewer) in viewers {
                seen.insert(connection, Seen { viewer, expires });
            }
        }
        self.announce_presence(challenge);
    }

    /// Handles one notification from the channel (including this instance's own).
    fn receive(&self, payload: &str) -> Option<Uuid> {
        let wire: Wire = match serde_json::from_str(payload) {
            Ok(wire) => wire,
            Err(err) => {
                tracing::warn!(error = %err, "ignoring a malformed live notification");
                return None;
            }
        };
        match wire {
            Wire::Event { e } => {
                self.deliver_event(e);
                None
            }
            Wire::Join { i, c, v } if i != self.instance => {
                self.add_remote(c, v);
                // A newcomer elsewhere learns at once who is here.
                Some(c)
            }
            Wire::Heartbeat { i, c, v } if i != self.instance => {
                self.add_remote(c, v);
                None
            }
            Wire::Leave { i, c, k } if i != self.instance => {
                let removed = {
                    let mut state = self.lock();
                    state
                        .viewers
                        .get_mut(&c)
                        .and_then(|seen| seen.remove(&k))
                        .is_some()
                };
                if removed {
                    self.announce_presence(c);
                }
                None
            }
            _ => None,
        }
    }
}

async fn notify(db: &DatabaseConnection, wire: &Wire) -> Result<(), String> {
    let payload = serde_json::to_string(wire).map_err(|e| e.to_string())?;
    if payload.len() > MAX_PAYLOAD {
        return Err(format!(
            "live notification of {} bytes is too large",
            payload.len()
        ));
    }
    db.execute_raw(Statement::from_sql_and_values(
        DatabaseBackend::Postgres,
        "SELECT pg_notify($1, $2)",
        [CHANNEL.into(), payload.into()],
    ))
    .await
    .map(|_| ())
    .map_err(|e| e.to_string())
}

/// Announces this instance's viewers of one challenge (or all, when `only` is `None`).
async fn send_heartbeats(inner: &Arc<Inner>, only: Option<Uuid>) {
    let Some(db) = inner.db.clone() else {
        return;
    };
    let groups = inner.local_viewers();
    for (challenge, viewers) in groups {
        if only.is_some_and(|c| c != challenge) {
            continue;
        }
        for chunk in viewers.chunks(HEARTBEAT_CHUNK) {
            let wire = Wire::Heartbeat {
                i: inner.instance,
                c: challenge,
                v: chunk.to_vec(),
            };
            if let Err(err) = notify(&db, &wire).await {
                tracing::debug!(error = %err, "presence heartbeat failed");
            }
        }
    }
}

async fn heartbeat(hub: Weak<Inner>, mut shutdown: watch::Receiver<()>) {
    let mut ticks = tokio::time::interval(HEARTBEAT);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = ticks.tick() => {}
            _ = shutdown.changed() => return,
        }
        let Some(inner) = hub.upgrade() else { return };
        inner.prune();
        send_heartbeats(&inner, None).await;
    }
}

/// LISTENs on [`CHANNEL`] and forwards what arrives into the local broadcasts, for as long
/// as the hub lives; reconnects (with backoff) when the connection is lost.
async fn listen(hub: Weak<Inner>, pool: sea_orm::sqlx::PgPool, mut shutdown: watch::Receiver<()>) {
    use sea_orm::sqlx::postgres::PgListener;
    let mut backoff = Duration::from_millis(250);
    let mut first = true;
    loop {
        let connected = async {
            let mut listener = PgListener::connect_with(&pool).await?;
            listener.listen(CHANNEL).await?;
            Ok::<_, sea_orm::sqlx::Error>(listener)
        };
        let outcome = tokio::select! {
            outcome = connected => outcome,
            _ = shutdown.changed() => return,
        };
        match outcome {
            Ok(mut listener) => {
                backoff = Duration::from_millis(250);
                let Some(inner) = hub.upgrade() else { return };
                inner.listening.send_replace(true);
                if !first {
                    // Anything published while we were away is lost: catch up.
                    inner.resync_all();
                    send_heartbeats(&inner, None).await;
                }
                first = false;
                drop(inner);
                loop {
                    let next = tokio::select! {
                        next = listener.try_recv() => next,
                        _ = shutdown.changed() => return,
                    };
                    let Some(inner) = hub.upgrade() else { return };
                    match next {
                        Ok(Some(notification)) => {
                            if let Some(challenge) = inner.receive(notification.payload()) {
                                send_heartbeats(&inner, Some(challenge)).await;
                            }
                        }
                        Ok(None) => {
                            // The connection dropped and was re-established (eager reconnect).
                            tracing::warn!("live listener reconnected; viewers will resync");
                            inner.resync_all();
                            send_heartbeats(&inner, None).await;
                        }
                        Err(sea_orm::sqlx::Error::PoolClosed) => return,
                        Err(err) => {
                            tracing::warn!(error = %err, "live listener lost its connection");
                            inner.listening.send_replace(false);
                            break;
                        }
                    }
                }
            }
            Err(sea_orm::sqlx::Error::PoolClosed) => return,
            Err(err) => tracing::warn!(error = %err, "live listener cannot connect"),
        }
        tokio::select! {
            _ = tokio::time::sleep(backoff) => {}
            _ = shutdown.changed() => return,
        }
        backoff = (backoff * 2).min(Duration::from_secs(10));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(challenge: Uuid, summary: &str) -> ChallengeEvent {
        ChallengeEvent {
            challenge_id: challenge,
            kind: "need_added".into(),
            item_id: Some(Uuid::new_v4()),
            actor_id: Some(Uuid::new_v4()),
            actor_name: "Tom Okafor".into(),
            organisation_name: "Brent".into(),
            summary: summary.into(),
        }
    }

    fn viewer(name: &str) -> Viewer {
        Viewer {
            user_id: Uuid::new_v4(),
            name: name.into(),
            organisation_name: "Camden".into(),
        }
    }

    #[tokio::test]
    async fn a_subscriber_receives_events_of_its_challenge_only() {
        let hub = LiveHub::in_process();
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let mut rx = hub.subscribe(a);
        hub.publish(event(b, "elsewhere")).await;
        hub.publish(event(a, "added a need")).await;
        match rx.recv().await.unwrap() {
            LiveMessage::Event { event, .. } => {
                assert_eq!(event.summary, "added a need");
                assert_eq!(event.sentence(), "Tom Okafor (Brent) added a need");
            }
            other => panic!("expected an event, got {other:?}"),
        }
        assert!(rx.try_recv().is_err());
    }

    #[tokio::test]
    async fn event_ids_increase() {
        let hub = LiveHub::in_process();
        let c = Uuid::new_v4();
        let mut rx = hub.subscribe(c);
        let start = hub.last_id();
        hub.publish(event(c, "one")).await;
        hub.publish(event(c, "two")).await;
        let ids: Vec<u64> = [rx.recv().await.unwrap(), rx.recv().await.unwrap()]
            .into_iter()
            .map(|m| match m {
                LiveMessage::Event { id, .. } => id,
                other => panic!("{other:?}"),
            })
            .collect();
        assert!(start < ids[0] && ids[0] < ids[1]);
    }

    #[tokio::test]
    async fn publishing_without_subscribers_is_fine_and_dropped_subscribers_are_forgotten() {
        let hub = LiveHub::in_process();
        let c = Uuid::new_v4();
        hub.publish(event(c, "nobody listens")).await;
        let rx1 = hub.subscribe(c);
        let mut rx2 = hub.subscribe(c);
        assert_eq!(hub.subscriber_count(c), 2);
        drop(rx1);
        assert_eq!(hub.subscriber_count(c), 1);
        hub.publish(event(c, "still delivered")).await;
        assert!(matches!(rx2.recv().await, Ok(LiveMessage::Event { .. })));
        drop(rx2);
        hub.publish(event(c, "into the void")).await;
        assert_eq!(hub.subscriber_count(c), 0);
        assert_eq!(hub.channel_count(), 0);
    }

    #[tokio::test]
    async fn presence_lists_viewers_once_and_forgets_them_when_they_leave() {
        let hub = LiveHub::in_process();
        let c = Uuid::new_v4();
        let mut rx = hub.subscribe(c);
        let priya = viewer("Priya Shah");
        let first = hub.join(c, priya.clone()).await;
        let second_tab = hub.join(c, priya.clone()).await;
        let tom = hub.join(c, viewer("Tom Okafor")).await;
        let names = |v: Vec<Viewer>| v.into_iter().map(|v| v.name).collect::<Vec<_>>();
        assert_eq!(names(hub.viewers(c)), ["Priya Shah", "Tom Okafor"]);
        drop(tom);
        drop(first);
        assert_eq!(names(hub.viewers(c)), ["Priya Shah"]);
        drop(second_tab);
        assert!(hub.viewers(c).is_empty());
        let mut last = None;
        while let Ok(message) = rx.try_recv() {
            last = Some(message);
        }
        assert_eq!(last, Some(LiveMessage::Presence(Arc::new(Vec::new()))));
    }

    #[tokio::test]
    async fn a_slow_subscriber_is_told_it_lagged() {
        let hub = LiveHub::in_process();
        let c = Uuid::new_v4();
        let mut rx = hub.subscribe(c);
        for n in 0..(BUFFER + 10) {
            hub.publish(event(c, &format!("change {n}"))).await;
        }
        assert!(matches!(
            rx.recv().await,
            Err(broadcast::error::RecvError::Lagged(_))
        ));
    }

    #[test]
    fn events_are_kept_small() {
        let mut big = event(Uuid::new_v4(), &"x".repeat(100_000));
        big.actor_name = "n".repeat(10_000);
        let small = big.bounded();
        let wire = serde_json::to_string(&Wire::Event { e: small }).unwrap();
        assert!(wire.len() < MAX_PAYLOAD, "{} bytes", wire.len());
    }

    #[test]
    fn notifications_from_other_instances_update_presence() {
        let hub = LiveHub::in_process();
        let c = Uuid::new_v4();
        let other = Uuid::new_v4();
        let connection = Uuid::new_v4();
        let wire = serde_json::to_string(&Wire::Join {
            i: other,
            c,
            v: vec![(connection, viewer("Aisha Rahman"))],
        })
        .unwrap();
        assert_eq!(hub.inner.receive(&wire), Some(c));
        assert_eq!(hub.viewers(c).len(), 1);
        let leave = serde_json::to_string(&Wire::Leave {
            i: other,
            c,
            k: connection,
        })
        .unwrap();
        hub.inner.receive(&leave);
        assert!(hub.viewers(c).is_empty());
        // Garbage is ignored, not a panic.
        assert_eq!(hub.inner.receive("{not json"), None);
    }
}
