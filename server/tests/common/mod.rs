//! The test harness: a fresh, migrated and seeded database per test (SQLite or
//! PostgreSQL), the real router driven in-process with `tower::ServiceExt::oneshot`, and a
//! client that keeps its cookies like a browser.
//!
//! Write each scenario once as `async fn name(app: TestApp)` and pass it to
//! [`both_databases!`]; it runs as `<name>_sqlite` and `<name>_postgres`. The PostgreSQL
//! variant needs `TEST_DATABASE_URL_PG` (a role that may `CREATE DATABASE`), which
//! `scripts/with-postgres.sh` provides; without it that variant fails, it never skips.

pub mod html;

use app::ssr::entities::{audit_event, challenge, challenge_member, join_request, user};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::header::{CONTENT_TYPE, COOKIE, HOST, LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use sea_orm::{
    ColumnTrait, ConnectOptions, ConnectionTrait, Database, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder,
};
use server::Settings;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use tower::ServiceExt;
use uuid::Uuid;

/// Runs a scenario, written once as `async fn name(app: TestApp)`, as two tests:
/// `name_sqlite` and `name_postgres`, each on a fresh database of its own.
///
/// ```ignore
/// async fn healthz_answers(app: TestApp) { /* … */ }
/// both_databases!(healthz_answers);
/// ```
///
/// A scenario that is written but never passed here is an unused function, which
/// `clippy -D warnings` reports.
macro_rules! both_databases {
    ($name:ident) => {
        paste::paste! {
            #[tokio::test]
            async fn [<$name _sqlite>]() {
                $name($crate::common::TestApp::spawn($crate::common::Backend::Sqlite).await).await;
            }

            #[tokio::test]
            async fn [<$name _postgres>]() {
                $name($crate::common::TestApp::spawn($crate::common::Backend::Postgres).await)
                    .await;
            }
        }
    };
}

/// The demo accounts `server::demo::seed` creates; all share [`PASSWORD`].
pub const PASSWORD: &str = server::demo::DEMO_PASSWORD;
/// Priya Shah, Camden, organisation admin.
pub const CAMDEN: &str = "camden.officer@camden.gov.uk";
/// Tom Okafor, Brent, member.
pub const BRENT: &str = "brent.officer@brent.gov.uk";
/// Aisha Rahman, Hackney, organisation admin.
pub const HACKNEY: &str = "hackney.officer@hackney.gov.uk";
/// Daniel Murphy, Islington, member.
pub const ISLINGTON: &str = "islington.officer@islington.gov.uk";
/// Sam Carter, Housing Systems Ltd (a supplier).
pub const SUPPLIER: &str = server::demo::SUPPLIER_EMAIL;
/// The platform admin.
pub const ADMIN: &str = server::demo::ADMIN_EMAIL;

/// ONS codes of the authorities the demo users belong to.
pub mod ons {
    pub const BRENT: &str = "E09000005";
    pub const CAMDEN: &str = "E09000007";
    pub const HACKNEY: &str = "E09000012";
    pub const ISLINGTON: &str = "E09000019";
}

/// The host the test requests are addressed to (and `Settings::for_tests`' public URL).
pub const HOST_NAME: &str = "coprocure.test";

/// The remote address test clients connect from unless told otherwise.
pub const DEFAULT_PEER: &str = "198.51.100.7:50000";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Where a PostgreSQL test database lives, so it can be dropped afterwards.
struct PgDatabase {
    admin_url: String,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        // Drop runs inside the test's runtime (or while a failed test unwinds), so the
        // database is dropped from a thread with a runtime of its own.
        let admin_url = self.admin_url.clone();
        let name = self.name.clone();
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime to drop the test database");
            runtime.block_on(async move {
                let admin = admin_connection(&admin_url).await?;
                admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .await?;
                admin.close().await
            })
        })
        .join();
        if let Ok(Err(err)) = dropped {
            eprintln!("could not drop test database {}: {err}", self.name);
        }
    }
}

async fn admin_connection(url: &str) -> Result<DatabaseConnection, sea_orm::DbErr> {
    let mut options = ConnectOptions::new(url.to_string());
    options
        .max_connections(1)
        .min_connections(0)
        .sqlx_logging(false);
    Database::connect(options).await
}

/// `postgres://user:pw@host:port/db?params` with `db` replaced.
fn with_database(url: &str, database: &str) -> String {
    let (scheme, rest) = url
        .split_once("://")
        .expect("TEST_DATABASE_URL_PG looks like postgres://user:password@host:port/database");
    let (rest, query) = match rest.split_once('?') {
        Some((rest, query)) => (rest, Some(query)),
        None => (rest, None),
    };
    let authority = rest.split('/').next().unwrap_or(rest);
    let mut out = format!("{scheme}://{authority}/{database}");
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    out
}

/// One test's running service: its own database, seeded with the demo data, and the real
/// router in front of it.
pub struct TestApp {
    pub db: DatabaseConnection,
    router: Router,
    // Declared last so the pool above is released before the database goes.
    _sqlite_dir: Option<tempfile::TempDir>,
    _pg_database: Option<PgDatabase>,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> TestApp {
        let (url, sqlite_dir, pg_database) = match backend {
            Backend::Sqlite => {
                let dir = tempfile::Builder::new()
                    .prefix("coprocure-test-")
                    .tempdir()
                    .expect("a temporary directory for the SQLite database");
                let url = format!("sqlite://{}/x.db?mode=rwc", dir.path().display());
                (url, Some(dir), None)
            }
            Backend::Postgres => {
                let admin_url = std::env::var("TEST_DATABASE_URL_PG")
                    .ok()
                    .filter(|v| !v.trim().is_empty())
                    .unwrap_or_else(|| {
                        panic!(
                            "TEST_DATABASE_URL_PG is not set, so the PostgreSQL variant of this \
                             test cannot run. Run the tests through the throwaway cluster: \
                             scripts/with-postgres.sh cargo test -p server \
                             (or `make test-rust`)."
                        )
                    });
                let name = format!("coprocure_t_{}", Uuid::new_v4().simple());
                let admin = admin_connection(&admin_url).await.unwrap_or_else(|err| {
                    panic!("cannot connect to TEST_DATABASE_URL_PG ({admin_url}): {err}")
                });
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                    .await
                    .unwrap_or_else(|err| panic!("CREATE DATABASE {name} failed: {err}"));
                admin.close().await.expect("closing the admin connection");
                let url = with_database(&admin_url, &name);
                (url, None, Some(PgDatabase { admin_url, name }))
            }
        };
        let state = server::prepare(Settings::for_tests(&url))
            .await
            .unwrap_or_else(|err| panic!("preparing the {backend:?} database failed: {err:#}"));
        server::demo::seed(&state.db)
            .await
            .unwrap_or_else(|err| panic!("seeding the {backend:?} database failed: {err}"));
        TestApp {
            db: state.db.clone(),
            router: server::router(state),
            _sqlite_dir: sqlite_dir,
            _pg_database: pg_database,
        }
    }

    /// A visitor with no cookies yet, connecting from [`DEFAULT_PEER`].
    pub fn client(&self) -> Client {
        self.client_from(DEFAULT_PEER)
    }

    /// A visitor connecting from another address (what the per-address limits see).
    pub fn client_from(&self, peer: &str) -> Client {
        Client {
            router: self.router.clone(),
            cookies: BTreeMap::new(),
            peer: peer.parse().expect("an ip:port address"),
        }
    }

    /// A client signed in as one of the demo users (or any user with [`PASSWORD`]).
    pub async fn signed_in(&self, email: &str) -> Client {
        let mut client = self.client();
        client.sign_in(email).await;
        client
    }

    /// The id of an authority, by its ONS code.
    pub async fn org(&self, ons_code: &str) -> Uuid {
        app::ssr::accounts::organisation_by_ons_code(&self.db, ons_code)
            .await
            .unwrap_or_else(|err| panic!("no organisation with ONS code {ons_code}: {err}"))
            .id
    }

    /// Opens a challenge through the router as `client` and returns its id.
    pub async fn open_challenge(
        &self,
        client: &mut Client,
        title: &str,
        service_area: &str,
        visibility: &str,
    ) -> Uuid {
        let res = client
            .post_form(
                "/challenges/new",
                &[
                    ("title", title),
                    (
                        "problem_statement",
                        "Residents wait too long, and three boroughs each solve it alone.",
                    ),
                    ("service_area", service_area),
                    ("visibility", visibility),
                ],
            )
            .await;
        res.assert_status(StatusCode::SEE_OTHER);
        let location = res.location();
        let id = location
            .strip_prefix("/challenges/")
            .and_then(|rest| rest.parse::<Uuid>().ok())
            .unwrap_or_else(|| panic!("opening a challenge redirected to {location}"));
        id
    }

    /// Adds `organisation` to a challenge through the router, as its lead.
    pub async fn add_member(
        &self,
        lead: &mut Client,
        challenge: Uuid,
        organisation: Uuid,
        role: &str,
    ) {
        let res = lead
            .post_form(
                &format!("/challenges/{challenge}/members"),
                &[
                    ("organisation_id", &organisation.to_string()),
                    ("role", role),
                ],
            )
            .await;
        res.assert_status(StatusCode::SEE_OTHER);
        assert_eq!(res.location(), format!("/challenges/{challenge}/members"));
    }

    pub async fn challenge_row(&self, id: Uuid) -> challenge::Model {
        challenge::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .expect("reading the challenge")
            .unwrap_or_else(|| panic!("challenge {id} is not in the database"))
    }

    pub async fn challenge_count(&self) -> u64 {
        challenge::Entity::find()
            .count(&self.db)
            .await
            .expect("counting challenges")
    }

    /// The role `organisation` has in the challenge, as stored.
    pub async fn member_role(&self, challenge: Uuid, organisation: Uuid) -> Option<String> {
        challenge_member::Entity::find_by_id((challenge, organisation))
            .one(&self.db)
            .await
            .expect("reading the membership")
            .map(|m| m.role)
    }

    /// The challenge's audit events, newest first.
    pub async fn history(&self, challenge: Uuid) -> Vec<audit_event::Model> {
        audit_event::Entity::find()
            .filter(audit_event::Column::ChallengeId.eq(challenge))
            .order_by_desc(audit_event::Column::OccurredAt)
            .all(&self.db)
            .await
            .expect("reading the audit trail")
    }

    pub async fn join_requests(&self, challenge: Uuid) -> Vec<join_request::Model> {
        join_request::Entity::find()
            .filter(join_request::Column::ChallengeId.eq(challenge))
            .order_by_asc(join_request::Column::CreatedAt)
            .all(&self.db)
            .await
            .expect("reading join requests")
    }

    pub async fn user_by_email(&self, email: &str) -> Option<user::Model> {
        user::Entity::find()
            .filter(user::Column::Email.eq(email))
            .one(&self.db)
            .await
            .expect("reading users")
    }
}

/// A browser stand-in: sends every request to the router with the `Host` header and the
/// cookies it was given, and keeps the cookies the answers set.
pub struct Client {
    router: Router,
    cookies: BTreeMap<String, String>,
    /// The connection's remote address, as `axum::serve` with connect info would give it.
    peer: SocketAddr,
}

impl Client {
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies.get(name).map(String::as_str)
    }

    pub fn set_cookie(&mut self, name: &str, value: &str) {
        self.cookies.insert(name.to_string(), value.to_string());
    }

    pub fn session(&self) -> Option<&str> {
        self.cookie(server::ctx::SESSION_COOKIE)
    }

    /// Sends a request after adding `Host` and the cookie jar; keeps the cookies set.
    pub async fn send(&mut self, mut request: Request<Body>) -> TestResponse {
        let headers = request.headers_mut();
        if !headers.contains_key(HOST) {
            headers.insert(HOST, HeaderValue::from_static(HOST_NAME));
        }
        if !self.cookies.is_empty() && !headers.contains_key(COOKIE) {
            let jar = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            headers.insert(COOKIE, HeaderValue::from_str(&jar).expect("cookie header"));
        }
        request.extensions_mut().insert(ConnectInfo(self.peer));
        let method = request.method().clone();
        let uri = request.uri().to_string();
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router is infallible");
        let status = response.status();
        let headers = response.headers().clone();
        for set in headers.get_all(SET_COOKIE) {
            self.store_cookie(set.to_str().expect("ASCII Set-Cookie"));
        }
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("reading the response body")
            .to_bytes();
        TestResponse {
            method,
            uri,
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    fn store_cookie(&mut self, set_cookie: &str) {
        let mut parts = set_cookie.split(';');
        let Some((name, value)) = parts.next().and_then(|p| p.trim().split_once('=')) else {
            return;
        };
        let expired = parts.any(|attr| attr.trim().eq_ignore_ascii_case("max-age=0"));
        if expired || value.is_empty() {
            self.cookies.remove(name);
        } else {
            self.cookies.insert(name.to_string(), value.to_string());
        }
    }

    pub async fn get(&mut self, path: &str) -> TestResponse {
        self.send(
            Request::builder()
                .method(Method::GET)
                .uri(path)
                .body(Body::empty())
                .expect("a GET request"),
        )
        .await
    }

    /// Posts an `application/x-www-form-urlencoded` form, as a browser would from a page
    /// of this site.
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        self.post_form_with(path, fields, &[]).await
    }

    /// Posts a form with extra request headers (`Origin`, `Sec-Fetch-Site`, …).
    pub async fn post_form_with(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> TestResponse {
        let body = serde_urlencoded::to_string(fields).expect("form fields encode");
        let mut builder = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded");
        for (name, value) in headers {
            builder = builder.header(
                HeaderName::from_bytes(name.as_bytes()).expect("header name"),
                HeaderValue::from_str(value).expect("header value"),
            );
        }
        self.send(builder.body(Body::from(body)).expect("a POST request"))
            .await
    }

    /// Signs in through the form and checks that it worked.
    pub async fn sign_in(&mut self, email: &str) {
        let res = self
            .post_form("/sign-in", &[("email", email), ("password", PASSWORD)])
            .await;
        res.assert_status(StatusCode::SEE_OTHER);
        assert!(
            self.session().is_some(),
            "signing in as {email} set no session cookie"
        );
    }
}

/// What the router answered, with the body read as text.
pub struct TestResponse {
    pub method: Method,
    pub uri: String,
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl TestResponse {
    /// Checks the status, showing what the page said when it differs.
    #[track_caller]
    pub fn assert_status(&self, expected: StatusCode) -> &Self {
        assert_eq!(
            self.status,
            expected,
            "{} {} answered {} (expected {}); location: {:?}; page text: {}",
            self.method,
            self.uri,
            self.status,
            expected,
            self.headers.get(LOCATION),
            html::excerpt(&self.text(), 1500),
        );
        self
    }

    /// The `Location` header; fails the test when there is none.
    #[track_caller]
    pub fn location(&self) -> String {
        self.headers
            .get(LOCATION)
            .unwrap_or_else(|| {
                panic!(
                    "{} {} ({}) has no Location header",
                    self.method, self.uri, self.status
                )
            })
            .to_str()
            .expect("ASCII Location")
            .to_string()
    }

    /// The words a person would read on the page: tags stripped, entities decoded,
    /// whitespace collapsed.
    pub fn text(&self) -> String {
        html::visible_text(&self.body)
    }

    /// Checks that the page's visible text contains `needle`.
    #[track_caller]
    pub fn assert_text(&self, needle: &str) -> &Self {
        let text = self.text();
        assert!(
            text.contains(needle),
            "{} {} ({}) does not say {needle:?}; it says: {}",
            self.method,
            self.uri,
            self.status,
            html::excerpt(&text, 3000)
        );
        self
    }

    #[track_caller]
    pub fn assert_no_text(&self, needle: &str) -> &Self {
        let text = self.text();
        assert!(
            !text.contains(needle),
            "{} {} ({}) should not say {needle:?}; it says: {}",
            self.method,
            self.uri,
            self.status,
            html::excerpt(&text, 3000)
        );
        self
    }

    /// The visible text of the element with this `data-testid`; fails when it is absent.
    #[track_caller]
    pub fn testid(&self, id: &str) -> String {
        html::by_testid(&self.body, id)
            .first()
            .map(|element| html::visible_text(element))
            .unwrap_or_else(|| {
                panic!(
                    "{} {} ({}) has no data-testid={id:?}; it says: {}",
                    self.method,
                    self.uri,
                    self.status,
                    html::excerpt(&self.text(), 3000)
                )
            })
    }

    /// The visible text of every element with this `data-testid`.
    pub fn testids(&self, id: &str) -> Vec<String> {
        html::by_testid(&self.body, id)
            .into_iter()
            .map(html::visible_text)
            .collect()
    }

    pub fn has_testid(&self, id: &str) -> bool {
        !html::by_testid(&self.body, id).is_empty()
    }

    /// The GOV.UK error summary's text; fails when the page has none.
    #[track_caller]
    pub fn error_summary(&self) -> String {
        self.testid("error-summary")
    }

    /// The titles in the page's challenge table, top to bottom (none when it has no table).
    pub fn listed_challenges(&self) -> Vec<String> {
        html::by_testid(&self.body, "challenge-table")
            .first()
            .map(|table| {
                html::links(table)
                    .into_iter()
                    .filter(|(href, _)| href.starts_with("/challenges/"))
                    .map(|(_, title)| title)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// What the form would send back for this text input.
    pub fn input(&self, name: &str) -> Option<String> {
        html::input_value(&self.body, name)
    }

    pub fn textarea(&self, name: &str) -> Option<String> {
        html::textarea_value(&self.body, name)
    }

    pub fn selected(&self, name: &str) -> Option<String> {
        html::selected_option(&self.body, name)
    }

    pub fn checked(&self, name: &str) -> Option<String> {
        html::checked_radio(&self.body, name)
    }
}

/// The link token in `…/invitations/<token>` within `text`.
pub fn invitation_token(text: &str) -> String {
    let start = text
        .find("/invitations/")
        .unwrap_or_else(|| panic!("no invitation link in {text:?}"))
        + "/invitations/".len();
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}
