//! Market engagement notices through the router: drafting together, publishing, the
//! lifecycle, the public pages and the open data (validated against the OCDS schemas).

mod drafting;
mod lifecycle;
mod open_data;
mod public;
mod publishing;

use crate::common::*;
use app::ssr::entities::{notice, supplier_follow, supplier_interest};
use axum::http::StatusCode;
use chrono::{Datelike, Duration, NaiveDate, Utc, Weekday};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

/// A challenge visible to every authority, led by Camden, with Brent as participant and
/// Hackney as observer (Islington stays outside).
pub async fn joint_challenge(app: &TestApp) -> (Uuid, Client, Client, Client) {
    let mut priya = app.signed_in(CAMDEN).await;
    let id = app
        .open_challenge(&mut priya, "Repairs platform", "housing", "authorities")
        .await;
    app.add_member(&mut priya, id, app.org(ons::BRENT).await, "participant")
        .await;
    app.add_member(&mut priya, id, app.org(ons::HACKNEY).await, "observer")
        .await;
    let tom = app.signed_in(BRENT).await;
    let aisha = app.signed_in(HACKNEY).await;
    (id, priya, tom, aisha)
}

pub fn notice_path(id: Uuid) -> String {
    format!("/challenges/{id}/notice")
}

pub async fn start(client: &mut Client, id: Uuid) {
    client
        .post_form(&format!("/challenges/{id}/notice/start"), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
}

/// The notice version the page's forms carry.
pub async fn version(client: &mut Client, id: Uuid) -> String {
    let page = client.get(&notice_path(id)).await;
    page.assert_status(StatusCode::OK);
    page.input("version")
        .unwrap_or_else(|| panic!("no version on the notice page: {}", page.text()))
}

/// A London date `days` from now, as the three date fields.
pub fn days_ahead(days: i64) -> (String, String, String) {
    let date = (Utc::now() + Duration::days(days)).date_naive();
    (
        date.day().to_string(),
        date.month().to_string(),
        date.year().to_string(),
    )
}

/// The last Sunday of March two years ahead: the night the clocks go forward.
pub fn clocks_forward_day() -> NaiveDate {
    let year = Utc::now().year() + 2;
    let mut day = NaiveDate::from_ymd_opt(year, 3, 31).unwrap();
    while day.weekday() != Weekday::Sun {
        day = day.pred_opt().unwrap();
    }
    day
}

/// The details form, complete and valid, closing in 30 days with questions due in 20.
pub fn details(version: &str) -> Vec<(String, String)> {
    let (cd, cm, cy) = days_ahead(30);
    let (qd, qm, qy) = days_ahead(20);
    [
        ("version", version.to_string()),
        ("title", "Repairs reporting platform".to_string()),
        (
            "description",
            "## What we need\n\nTenants report **repairs** online & by text.".to_string(),
        ),
        ("value_min", "£250,000".to_string()),
        ("value_max", "900000".to_string()),
        ("closes_at-day", cd),
        ("closes_at-month", cm),
        ("closes_at-year", cy),
        ("closes_at-time", "5pm".to_string()),
        ("clarification_deadline-day", qd),
        ("clarification_deadline-month", qm),
        ("clarification_deadline-year", qy),
        ("clarification_deadline-time", "12:00".to_string()),
        ("contact_name", "Camden procurement team".to_string()),
        ("contact_email", "procurement@camden.gov.uk".to_string()),
        ("contact_phone", "020 7974 4444".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// `details` with some fields replaced.
pub fn with(fields: &[(String, String)], changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out = fields.to_vec();
    for (key, value) in changes {
        match out.iter_mut().find(|(k, _)| k == key) {
            Some(field) => field.1 = value.to_string(),
            None => out.push((key.to_string(), value.to_string())),
        }
    }
    out
}

pub async fn post(client: &mut Client, path: &str, fields: &[(String, String)]) -> TestResponse {
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    client.post_form(path, &borrowed).await
}

pub async fn save_details(client: &mut Client, id: Uuid, fields: &[(String, String)]) {
    post(client, &notice_path(id), fields)
        .await
        .assert_status(StatusCode::SEE_OTHER);
}

pub async fn add_cpv(client: &mut Client, id: Uuid, code: &str) {
    let version = version(client, id).await;
    client
        .post_form(
            &format!("/challenges/{id}/notice/cpv"),
            &[("code", code), ("version", &version)],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
}

pub fn event_fields(version: &str, days: i64) -> Vec<(String, String)> {
    let (d, m, y) = days_ahead(days);
    [
        ("version", version.to_string()),
        ("event_kind", "supplier_day".to_string()),
        ("event_date-day", d),
        ("event_date-month", m),
        ("event_date-year", y),
        ("event_date-time", "10am".to_string()),
        ("event_end_time", "1pm".to_string()),
        (
            "event_place",
            "Camden Town Hall, Judd Street, London WC1H 9JE".to_string(),
        ),
        (
            "event_register",
            "Email procurement@camden.gov.uk with up to two names".to_string(),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

pub async fn add_event(client: &mut Client, id: Uuid, days: i64) {
    let version = version(client, id).await;
    post(
        client,
        &format!("/challenges/{id}/notice/events"),
        &event_fields(&version, days),
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
}

/// A draft with everything publishing needs, written by the lead.
pub async fn ready_draft(client: &mut Client, id: Uuid) {
    start(client, id).await;
    let version = version(client, id).await;
    save_details(client, id, &details(&version)).await;
    add_cpv(client, id, "48000000").await;
    add_event(client, id, 10).await;
}

/// Publishes as `client` and returns the reference.
pub async fn publish(client: &mut Client, id: Uuid) -> String {
    let version = version(client, id).await;
    let res = client
        .post_form(
            &format!("/challenges/{id}/notice/publish"),
            &[("version", &version)],
        )
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    res.location()
        .strip_prefix("/notices/")
        .unwrap_or_else(|| panic!("publishing redirected to {}", res.location()))
        .to_string()
}

pub async fn notice_row(app: &TestApp, challenge: Uuid) -> notice::Model {
    notice::Entity::find()
        .filter(notice::Column::ChallengeId.eq(challenge))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the challenge has a notice")
}

pub async fn follow(app: &TestApp, email: &str, kind: &str, value: &str) {
    let user = app.user_by_email(email).await.expect("the user exists");
    supplier_follow::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(user.id),
        kind: Set(kind.into()),
        value: Set(value.into()),
        created_at: Set(Utc::now()),
    }
    .insert(&app.db)
    .await
    .unwrap();
}

pub async fn register_interest(app: &TestApp, notice_id: Uuid, email: &str) {
    let user = app.user_by_email(email).await.expect("the user exists");
    supplier_interest::ActiveModel {
        notice_id: Set(notice_id),
        organisation_id: Set(user.organisation_id),
        user_id: Set(user.id),
        created_at: Set(Utc::now()),
    }
    .insert(&app.db)
    .await
    .unwrap();
}
