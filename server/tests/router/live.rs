//! Live updates: the `/challenges/{id}/events` stream (members only), events published
//! after a viewer connected, presence, reconnecting, and (PostgreSQL) delivery between two
//! instances through LISTEN/NOTIFY.

use crate::common::*;
use app::ssr::live::{ChallengeEvent, LiveHub, LiveMessage, Viewer};
use axum::body::Body;
use axum::http::header::{CONTENT_TYPE, COOKIE, HOST};
use axum::http::{Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use sea_orm::ConnectionTrait;
use server::{AppState, Settings};
use std::time::Duration;
use tower::ServiceExt;
use uuid::Uuid;

const WAIT: Duration = Duration::from_secs(10);

/// A second "instance" on the test's database: its own state, hub and router.
async fn instance(app: &TestApp) -> (AppState, Router) {
    let state = AppState::new(app.db.clone(), Settings::for_tests("unused://"));
    tokio::time::timeout(WAIT, state.live.ready())
        .await
        .expect("the live listener connects");
    let router = server::router(state.clone());
    (state, router)
}

/// One parsed server-sent event.
#[derive(Debug, Default)]
struct SseEvent {
    event: String,
    id: Option<String>,
    data: String,
}

/// Reads a streaming response body event by event.
struct SseReader {
    body: Body,
    buffer: String,
}

impl SseReader {
    async fn next(&mut self) -> SseEvent {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut event = SseEvent::default();
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        event.event = v.trim().to_string();
                    } else if let Some(v) = line.strip_prefix("id:") {
                        event.id = Some(v.trim().to_string());
                    } else if let Some(v) = line.strip_prefix("data:") {
                        event.data.push_str(v.trim_start());
                    }
                }
                if event.event.is_empty() && event.data.is_empty() {
                    continue; // a keep-alive comment or a bare retry line
                }
                return event;
            }
            let frame = tokio::time::timeout(WAIT, self.body.frame())
                .await
                .expect("an event within the time limit")
                .expect("the stream is still open")
                .expect("reading the stream");
            if let Ok(data) = frame.into_data() {
                self.buffer.push_str(&String::from_utf8_lossy(&data));
            }
        }
    }

    /// Skips presence lists until one satisfies `wanted`.
    async fn presence_where(&mut self, wanted: impl Fn(&str) -> bool) -> SseEvent {
        loop {
            let event = self.until("presence").await;
            if wanted(&event.data) {
                return event;
            }
        }
    }

    /// Skips events until one named `name` arrives.
    async fn until(&mut self, name: &str) -> SseEvent {
        loop {
            let event = self.next().await;
            if event.event == name {
                return event;
            }
        }
    }
}

async fn open_stream(
    router: &Router,
    session: &str,
    challenge: Uuid,
    last_event_id: Option<&str>,
) -> (StatusCode, SseReader) {
    let mut builder = Request::builder()
        .method(Method::GET)
        .uri(format!("/challenges/{challenge}/events"))
        .header(HOST, HOST_NAME)
        .header("accept", "text/event-stream")
        .header(COOKIE, format!("{}={session}", server::ctx::SESSION_COOKIE));
    if let Some(id) = last_event_id {
        builder = builder.header("last-event-id", id);
    }
    let response = router
        .clone()
        .oneshot(builder.body(Body::empty()).unwrap())
        .await
        .expect("the router is infallible");
    let status = response.status();
    if status == StatusCode::OK {
        assert!(response.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream"));
    }
    (
        status,
        SseReader {
            body: response.into_body(),
            buffer: String::new(),
        },
    )
}

async fn session_of(app: &TestApp, email: &str) -> String {
    app.signed_in(email)
        .await
        .session()
        .expect("a session")
        .to_string()
}

async fn private_challenge_with_brent(app: &TestApp) -> Uuid {
    let mut priya = app.signed_in(CAMDEN).await;
    let id = app
        .open_challenge(&mut priya, "Live repairs", "housing", "private")
        .await;
    app.add_member(&mut priya, id, app.org(ons::BRENT).await, "participant")
        .await;
    id
}

fn need_added(challenge: Uuid, actor: Option<Uuid>) -> ChallengeEvent {
    ChallengeEvent {
        challenge_id: challenge,
        kind: "need_added".into(),
        item_id: Some(Uuid::new_v4()),
        actor_id: actor,
        actor_name: "Tom Okafor".into(),
        organisation_name: "Brent".into(),
        summary: "added a need".into(),
    }
}

async fn events_are_for_members_only(app: TestApp) {
    let id = private_challenge_with_brent(&app).await;
    let path = format!("/challenges/{id}/events");
    let res = app.client().get(&path).await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert!(res.location().starts_with("/sign-in?return_to="));
    for outsider in [HACKNEY, SUPPLIER] {
        app.signed_in(outsider)
            .await
            .get(&path)
            .await
            .assert_status(StatusCode::NOT_FOUND);
    }
    let mut priya = app.signed_in(CAMDEN).await;
    priya
        .get("/challenges/nope/events")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    priya
        .get(&format!("/challenges/{}/events", Uuid::new_v4()))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // A member gets the stream (read through a second instance, which can stream).
    let (_state, router) = instance(&app).await;
    let session = priya.session().unwrap().to_string();
    let (status, mut stream) = open_stream(&router, &session, id, None).await;
    assert_eq!(status, StatusCode::OK);
    let ready = stream.until("ready").await;
    assert!(ready.id.is_some(), "the first event carries an id");
}
both_databases!(events_are_for_members_only);

async fn a_viewer_receives_changes_published_after_connecting(app: TestApp) {
    let id = private_challenge_with_brent(&app).await;
    let (state, router) = instance(&app).await;
    let priya = session_of(&app, CAMDEN).await;
    let (status, mut stream) = open_stream(&router, &priya, id, None).await;
    assert_eq!(status, StatusCode::OK);
    let ready = stream.until("ready").await;
    let first_id: u64 = ready.id.unwrap().parse().unwrap();
    stream.until("presence").await;

    let tom = app.user_by_email(BRENT).await.unwrap();
    state.live.publish(need_added(id, Some(tom.id))).await;
    // Another challenge's change does not arrive here.
    state.live.publish(need_added(Uuid::new_v4(), None)).await;
    state.live.publish(need_added(id, None)).await;

    let change = stream.until("change").await;
    let data: serde_json::Value = serde_json::from_str(&change.data).unwrap();
    assert_eq!(data["sentence"], "Tom Okafor (Brent) added a need");
    assert_eq!(data["kind"], "need_added");
    assert_eq!(data["mine"], false);
    let id1: u64 = change.id.unwrap().parse().unwrap();
    assert!(id1 > first_id);
    let second = stream.until("change").await;
    let id2: u64 = second.id.unwrap().parse().unwrap();
    assert!(id2 > id1, "event ids increase");
}
both_databases!(a_viewer_receives_changes_published_after_connecting);

async fn presence_lists_the_others_and_a_dropped_stream_leaves(app: TestApp) {
    let id = private_challenge_with_brent(&app).await;
    let (state, router) = instance(&app).await;
    let priya = session_of(&app, CAMDEN).await;
    let tom = session_of(&app, BRENT).await;
    let (_, mut priya_stream) = open_stream(&router, &priya, id, None).await;
    let alone = priya_stream.until("presence").await;
    assert_eq!(alone.data, "[]", "nobody else yet");

    let (_, mut tom_stream) = open_stream(&router, &tom, id, None).await;
    let seen_by_tom = tom_stream.presence_where(|d| d != "[]").await;
    assert!(
        seen_by_tom.data.contains("Priya Shah"),
        "{}",
        seen_by_tom.data
    );
    assert!(!seen_by_tom.data.contains("Tom Okafor"), "not yourself");
    let seen_by_priya = priya_stream.presence_where(|d| d != "[]").await;
    assert!(
        seen_by_priya.data.contains("Tom Okafor") && seen_by_priya.data.contains("Brent"),
        "{}",
        seen_by_priya.data
    );
    assert_eq!(state.live.subscriber_count(id), 2);

    // Tom closes his tab mid-stream: his subscription ends and Priya sees him go.
    drop(tom_stream);
    let after = priya_stream.until("presence").await;
    assert_eq!(after.data, "[]");
    assert_eq!(state.live.subscriber_count(id), 1);
    assert_eq!(state.live.viewers(id).len(), 1);
    drop(priya_stream);
    assert_eq!(state.live.subscriber_count(id), 0);
    assert!(state.live.viewers(id).is_empty());
    // Publishing to nobody is fine, and leaves no channel behind.
    state.live.publish(need_added(id, None)).await;
    assert_eq!(state.live.subscriber_count(id), 0);
}
both_databases!(presence_lists_the_others_and_a_dropped_stream_leaves);

async fn a_reconnecting_viewer_is_told_to_resync(app: TestApp) {
    let id = private_challenge_with_brent(&app).await;
    let (_state, router) = instance(&app).await;
    let priya = session_of(&app, CAMDEN).await;
    let (status, mut stream) = open_stream(&router, &priya, id, Some("12345")).await;
    assert_eq!(status, StatusCode::OK);
    let first = stream.next().await;
    assert_eq!(first.event, "ready");
    let second = stream.next().await;
    assert_eq!(second.event, "resync");
}
both_databases!(a_reconnecting_viewer_is_told_to_resync);

fn pg_only(app: &TestApp) -> bool {
    app.db.get_database_backend() == sea_orm::DatabaseBackend::Postgres
}

/// Two instances on one PostgreSQL database: an event published on one reaches a viewer
/// subscribed on the other, and so does presence.
#[tokio::test]
async fn two_instances_share_events_and_presence_postgres() {
    let app = TestApp::spawn(Backend::Postgres).await;
    assert!(pg_only(&app));
    let a = LiveHub::for_database(&app.db);
    let b = LiveHub::for_database(&app.db);
    assert!(a.is_shared() && b.is_shared());
    for hub in [&a, &b] {
        tokio::time::timeout(WAIT, hub.ready())
            .await
            .expect("listener ready");
    }
    let challenge = Uuid::new_v4();
    let mut on_b = b.subscribe(challenge);
    a.publish(need_added(challenge, None)).await;
    let message = loop {
        match tokio::time::timeout(WAIT, on_b.recv())
            .await
            .expect("the event crosses instances")
            .expect("receiving")
        {
            LiveMessage::Event { event, .. } => break event,
            _ => continue,
        }
    };
    assert_eq!(message.summary, "added a need");
    assert_eq!(message.challenge_id, challenge);

    // Presence: a viewer joining on A is listed on B, and leaves again.
    let viewer = Viewer {
        user_id: Uuid::new_v4(),
        name: "Aisha Rahman".into(),
        organisation_name: "Hackney".into(),
    };
    let guard = a.join(challenge, viewer).await;
    let seen = async {
        loop {
            if let LiveMessage::Presence(list) = on_b.recv().await.unwrap() {
                if list.iter().any(|v| v.name == "Aisha Rahman") {
                    return;
                }
            }
        }
    };
    tokio::time::timeout(WAIT, seen)
        .await
        .expect("B sees A's viewer");
    drop(guard);
    let gone = async {
        loop {
            if let LiveMessage::Presence(list) = on_b.recv().await.unwrap() {
                if list.is_empty() {
                    return;
                }
            }
        }
    };
    tokio::time::timeout(WAIT, gone)
        .await
        .expect("B sees A's viewer leave");
}

/// The listener's connection is killed: its viewers are told to resync, and events flow
/// again once it has reconnected.
#[tokio::test]
async fn the_listener_reconnects_after_its_connection_drops_postgres() {
    let app = TestApp::spawn(Backend::Postgres).await;
    let hub = LiveHub::for_database(&app.db);
    tokio::time::timeout(WAIT, hub.ready()).await.unwrap();
    let challenge = Uuid::new_v4();
    let mut rx = hub.subscribe(challenge);
    app.db
        .execute_unprepared(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE pid <> pg_backend_pid() AND datname = current_database() \
             AND query ILIKE 'LISTEN%'",
        )
        .await
        .expect("terminating the listener's connection");
    let resynced = async {
        loop {
            if let Ok(LiveMessage::Resync) = rx.recv().await {
                return;
            }
        }
    };
    tokio::time::timeout(WAIT, resynced)
        .await
        .expect("viewers are told to resync after the reconnect");
    // Events published now arrive (retry: the reconnect may still be settling).
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        hub.publish(need_added(challenge, None)).await;
        match tokio::time::timeout(Duration::from_millis(500), rx.recv()).await {
            Ok(Ok(LiveMessage::Event { event, .. })) => {
                assert_eq!(event.challenge_id, challenge);
                break;
            }
            _ if tokio::time::Instant::now() < deadline => continue,
            other => panic!("no event after reconnecting: {other:?}"),
        }
    }
}
