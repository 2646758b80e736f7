//! A published notice with a questionnaire of every kind, written through the entities,
//! and the people around it: Camden leads the challenge, Brent participates, Hackney
//! observes; Housing Systems Ltd (the demo supplier) and a second supplier respond.

use crate::common::*;
use app::ssr::entities::{
    clarification, notice, notice_authority, notice_cpv_code, notice_question, outbox_email,
    response, response_submission, supplier_interest,
};
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

/// The second supplier's sign-in.
pub const SUPPLIER_B: &str = "alex@repairs-online.example";

pub struct Engagement {
    pub challenge: Uuid,
    pub notice: Uuid,
    pub reference: String,
    /// In order: 1 free text (required), 2 free text up to 250 words, 3 yes/no
    /// (required), 4 single choice (required), 5 multiple choice.
    pub questions: Vec<Uuid>,
}

impl Engagement {
    pub fn field(&self, number: usize) -> String {
        format!("answer-{}", self.questions[number - 1])
    }

    pub fn response_path(&self) -> String {
        format!("/notices/{}/response", self.reference)
    }

    pub fn submit_path(&self) -> String {
        format!("/notices/{}/response/submit", self.reference)
    }

    pub fn questions_path(&self) -> String {
        format!("/notices/{}/questions", self.reference)
    }

    pub fn member_questions_path(&self) -> String {
        format!("/challenges/{}/notice/questions", self.challenge)
    }

    /// A complete set of answers, as the form would send them.
    pub fn complete_answers(&self, version: &str) -> Vec<(String, String)> {
        vec![
            ("version".into(), version.into()),
            (
                self.field(1),
                "We run housing systems for nine boroughs.".into(),
            ),
            (self.field(2), words(120)),
            (self.field(3), "yes".into()),
            (self.field(4), "Cloud".into()),
            (self.field(5), "Repairs".into()),
            (self.field(5), "Rents".into()),
        ]
    }
}

pub fn words(n: usize) -> String {
    vec!["word"; n].join(" ")
}

pub fn pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// A challenge (visible to London authorities) led by Camden with Brent participating and
/// Hackney observing, and its published notice: closing in ten days, questions taken
/// for five.
pub async fn published_notice(app: &TestApp) -> Engagement {
    let mut lead = app.signed_in(CAMDEN).await;
    let challenge = app
        .open_challenge(
            &mut lead,
            "Housing management system",
            "housing",
            "authorities",
        )
        .await;
    app.add_member(
        &mut lead,
        challenge,
        app.org(ons::BRENT).await,
        "participant",
    )
    .await;
    app.add_member(
        &mut lead,
        challenge,
        app.org(ons::HACKNEY).await,
        "observer",
    )
    .await;
    let now = Utc::now();
    let id = Uuid::new_v4();
    let reference = format!("CP-T{}", &id.simple().to_string()[..8]).to_uppercase();
    let priya = app.user_by_email(CAMDEN).await.expect("the demo lead");
    notice::ActiveModel {
        id: Set(id),
        challenge_id: Set(challenge),
        reference: Set(reference.clone()),
        title: Set("Housing management system: market engagement".into()),
        description: Set("Camden, Brent and Hackney want to hear from suppliers.".into()),
        value_min: Set(Some(500_000)),
        value_max: Set(Some(2_000_000)),
        closes_at: Set(Some(now + Duration::days(10))),
        clarification_deadline: Set(Some(now + Duration::days(5))),
        contact_name: Set("Priya Shah".into()),
        contact_email: Set(CAMDEN.into()),
        contact_phone: Set(String::new()),
        status: Set("published".into()),
        withdrawn_reason: Set(None),
        published_at: Set(Some(now - Duration::days(1))),
        withdrawn_at: Set(None),
        amended_at: Set(None),
        service_area: Set("housing".into()),
        lead_organisation_id: Set(Some(app.org(ons::CAMDEN).await)),
        observers_see_responses: Set(false),
        search_text: Set("housing management system".into()),
        version: Set(1),
        created_by: Set(priya.id),
        created_at: Set(now - Duration::days(2)),
        updated_at: Set(now - Duration::days(1)),
    }
    .insert(&app.db)
    .await
    .expect("inserting the notice");
    for code in ["72000000", "48000000"] {
        notice_cpv_code::ActiveModel {
            notice_id: Set(id),
            code: Set(code.into()),
            division: Set(code[..2].into()),
        }
        .insert(&app.db)
        .await
        .expect("inserting a CPV code");
    }
    for (position, (ons_code, role)) in [(ons::CAMDEN, "lead"), (ons::BRENT, "participant")]
        .into_iter()
        .enumerate()
    {
        notice_authority::ActiveModel {
            notice_id: Set(id),
            organisation_id: Set(app.org(ons_code).await),
            role: Set(role.into()),
            position: Set(position as i32),
        }
        .insert(&app.db)
        .await
        .expect("inserting a notice authority");
    }
    let questions = [
        (
            "free_text",
            "Describe your experience with London boroughs",
            None,
            "",
            true,
        ),
        (
            "free_text",
            "How would you migrate our data?",
            Some(250),
            "",
            false,
        ),
        ("yes_no", "Do you host in the UK?", None, "", true),
        (
            "single_choice",
            "How is it hosted?",
            None,
            "Cloud\nOn premises",
            true,
        ),
        (
            "multiple_choice",
            "Which modules do you offer?",
            None,
            "Repairs\nRents\nLettings",
            false,
        ),
    ];
    let mut ids = Vec::new();
    for (position, (kind, prompt, limit, options, required)) in questions.into_iter().enumerate() {
        let question = Uuid::new_v4();
        notice_question::ActiveModel {
            id: Set(question),
            notice_id: Set(id),
            position: Set(position as i32 + 1),
            kind: Set(kind.into()),
            prompt: Set(prompt.into()),
            word_limit: Set(limit),
            options: Set(options.into()),
            required: Set(required),
        }
        .insert(&app.db)
        .await
        .expect("inserting a question");
        ids.push(question);
    }
    Engagement {
        challenge,
        notice: id,
        reference,
        questions: ids,
    }
}

pub async fn notice_row(app: &TestApp, id: Uuid) -> notice::Model {
    notice::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("reading the notice")
        .expect("the notice exists")
}

pub async fn set_closes_at(app: &TestApp, id: Uuid, at: DateTime<Utc>) {
    let mut row = notice_row(app, id).await.into_active_model();
    row.closes_at = Set(Some(at));
    row.update(&app.db).await.expect("moving the closing time");
}

pub async fn set_clarification_deadline(app: &TestApp, id: Uuid, at: DateTime<Utc>) {
    let mut row = notice_row(app, id).await.into_active_model();
    row.clarification_deadline = Set(Some(at));
    row.update(&app.db).await.expect("moving the deadline");
}

pub async fn set_status(app: &TestApp, id: Uuid, status: &str) {
    let mut row = notice_row(app, id).await.into_active_model();
    row.status = Set(status.into());
    if status == "withdrawn" {
        row.withdrawn_at = Set(Some(Utc::now() - Duration::hours(1)));
        row.withdrawn_reason = Set(Some("The boroughs changed their plans.".into()));
    }
    row.update(&app.db).await.expect("changing the status");
}

/// Registers a second supplier company through the form and returns it signed in.
pub async fn second_supplier(app: &TestApp) -> Client {
    let mut client = app.client();
    client
        .post_form(
            "/register",
            &[
                ("company_name", "Repairs Online Ltd"),
                ("companies_house_number", ""),
                ("full_name", "Alex Morgan"),
                ("email", SUPPLIER_B),
                ("password", PASSWORD),
                ("password_confirmation", PASSWORD),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    assert!(
        client.session().is_some(),
        "registering signs the supplier in"
    );
    client
}

/// Another browser tab of the same signed-in person.
pub fn another_tab(app: &TestApp, client: &Client) -> Client {
    let mut tab = app.client();
    tab.set_cookie(
        server::ctx::SESSION_COOKIE,
        client.session().expect("signed in"),
    );
    tab
}

pub async fn responses_of(app: &TestApp, notice: Uuid) -> Vec<response::Model> {
    response::Entity::find()
        .filter(response::Column::NoticeId.eq(notice))
        .all(&app.db)
        .await
        .expect("reading responses")
}

pub async fn submissions_of(app: &TestApp, response: Uuid) -> Vec<response_submission::Model> {
    response_submission::Entity::find()
        .filter(response_submission::Column::ResponseId.eq(response))
        .order_by_asc(response_submission::Column::Number)
        .all(&app.db)
        .await
        .expect("reading submissions")
}

pub async fn all_submissions(app: &TestApp) -> Vec<response_submission::Model> {
    response_submission::Entity::find()
        .all(&app.db)
        .await
        .expect("reading submissions")
}

pub async fn interests(app: &TestApp, notice: Uuid) -> Vec<supplier_interest::Model> {
    supplier_interest::Entity::find()
        .filter(supplier_interest::Column::NoticeId.eq(notice))
        .all(&app.db)
        .await
        .expect("reading interests")
}

pub async fn clarifications(app: &TestApp, notice: Uuid) -> Vec<clarification::Model> {
    clarification::Entity::find()
        .filter(clarification::Column::NoticeId.eq(notice))
        .order_by_asc(clarification::Column::AskedAt)
        .all(&app.db)
        .await
        .expect("reading clarifications")
}

/// The subjects of the emails waiting for `to`, newest first.
pub async fn mail_to(app: &TestApp, to: &str) -> Vec<outbox_email::Model> {
    app::ssr::outbox::messages_to(&app.db, to)
        .await
        .expect("reading the outbox")
}

/// The version the page's form is based on.
#[track_caller]
pub fn version_of(page: &TestResponse) -> String {
    page.input("version").expect("the form carries its version")
}
