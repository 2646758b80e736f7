//! A published notice with a four-question questionnaire, two suppliers' submitted
//! responses (one submitted twice) and a third supplier's unsubmitted draft, for a private
//! Camden challenge with Brent participating and Islington observing.

use crate::common::*;
use app::domain::OrganisationId;
use app::ssr::entities::{notice, notice_question, response, response_submission};
use axum::http::StatusCode;
use chrono::{Duration, TimeZone, Utc};
use sea_orm::{ActiveModelTrait, Set};
use uuid::Uuid;

/// A free-text answer with a comma, quotes and a line break.
pub const TRICKY_ANSWER: &str = "We host it, \"securely\"\nin London";
/// An answer a spreadsheet would run as a formula.
pub const FORMULA_ANSWER: &str = "=HYPERLINK(\"http://evil.example\")";

/// Tenancy Tech Ltd's user, registered in `seed`.
pub const SUPPLIER_B: &str = "morgan@tenancy-tech.example";
/// A Lambeth officer, an authority outside every challenge here.
pub const LAMBETH: &str = "lambeth.officer@lambeth.gov.uk";

pub struct Seeded {
    pub challenge: Uuid,
    pub notice: Uuid,
    /// Free text, yes/no, single choice, multiple choice, in that order.
    pub questions: [Uuid; 4],
    /// Housing Systems Ltd: submitted twice.
    pub response_a: Uuid,
    /// Tenancy Tech Ltd: submitted once, with awkward text.
    pub response_b: Uuid,
    /// Repairs Online Ltd: a draft never submitted.
    pub draft_response: Uuid,
}

impl Seeded {
    pub fn base(&self) -> String {
        format!("/challenges/{}/responses", self.challenge)
    }
    pub fn response_a_path(&self) -> String {
        format!("{}/{}", self.base(), self.response_a)
    }
    pub fn question_path(&self, index: usize) -> String {
        format!("{}/questions/{}", self.base(), self.questions[index])
    }
}

pub async fn register_supplier(app: &TestApp, company: &str, number: &str, email: &str) -> Uuid {
    let (_, user) = app::ssr::accounts::register_supplier(
        &app.db,
        &app::ssr::accounts::SupplierRegistration {
            company_name: company.into(),
            companies_house_number: number.into(),
            full_name: "Morgan Ellis".into(),
            email: email.into(),
            password: PASSWORD.into(),
            password_confirmation: PASSWORD.into(),
        },
    )
    .await
    .expect("registering a supplier");
    user.organisation_id.0
}

pub async fn add_lambeth_officer(app: &TestApp) {
    let lambeth = app.org("E09000022").await;
    app::ssr::accounts::ensure_user(
        &app.db,
        OrganisationId(lambeth),
        LAMBETH,
        "Lee Grant",
        PASSWORD,
        app::domain::OrgRole::Member,
        false,
    )
    .await
    .expect("adding a Lambeth officer");
}

pub async fn insert_notice(app: &TestApp, challenge: Uuid, reference: &str, status: &str) -> Uuid {
    let author = app.user_by_email(CAMDEN).await.expect("Priya exists");
    let id = Uuid::new_v4();
    let now = Utc::now();
    let published = status != "draft";
    notice::ActiveModel {
        id: Set(id),
        challenge_id: Set(challenge),
        reference: Set(reference.into()),
        title: Set("Housing repairs platform".into()),
        description: Set("We want to hear from suppliers of repairs software.".into()),
        value_min: Set(None),
        value_max: Set(None),
        closes_at: Set(Some(now + Duration::days(30))),
        clarification_deadline: Set(None),
        contact_name: Set("Priya Shah".into()),
        contact_email: Set("camden.officer@camden.gov.uk".into()),
        contact_phone: Set(String::new()),
        status: Set(status.into()),
        withdrawn_reason: Set(None),
        published_at: Set(published.then_some(now)),
        withdrawn_at: Set(None),
        amended_at: Set(None),
        service_area: Set("housing".into()),
        lead_organisation_id: Set(Some(author.organisation_id)),
        observers_see_responses: Set(false),
        search_text: Set(String::new()),
        version: Set(1),
        created_by: Set(author.id),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&app.db)
    .await
    .expect("inserting a notice");
    id
}

pub async fn insert_question(
    app: &TestApp,
    notice: Uuid,
    position: i32,
    kind: &str,
    prompt: &str,
    options: &[&str],
) -> Uuid {
    let id = Uuid::new_v4();
    notice_question::ActiveModel {
        id: Set(id),
        notice_id: Set(notice),
        position: Set(position),
        kind: Set(kind.into()),
        prompt: Set(prompt.into()),
        word_limit: Set(None),
        options: Set(serde_json::to_string(options).unwrap()),
        required: Set(false),
    }
    .insert(&app.db)
    .await
    .expect("inserting a question");
    id
}

/// A response with the given submissions (answers JSON and when, oldest first).
pub async fn insert_response(
    app: &TestApp,
    notice: Uuid,
    organisation: Uuid,
    submissions: &[(serde_json::Value, chrono::DateTime<Utc>)],
) -> Uuid {
    let author = app.user_by_email(SUPPLIER).await.expect("Sam exists");
    let id = Uuid::new_v4();
    let now = Utc::now();
    let draft = serde_json::json!({}).to_string();
    let latest = submissions.last();
    response::ActiveModel {
        id: Set(id),
        notice_id: Set(notice),
        organisation_id: Set(organisation),
        status: Set(if latest.is_some() {
            "submitted"
        } else {
            "draft"
        }
        .into()),
        answers: Set(latest.map(|(a, _)| a.to_string()).unwrap_or(draft)),
        version: Set(1),
        submitted_count: Set(submissions.len() as i32),
        review_tags: Set(String::new()),
        created_by: Set(author.id),
        created_at: Set(now),
        updated_at: Set(now),
        submitted_at: Set(latest.map(|(_, at)| *at)),
    }
    .insert(&app.db)
    .await
    .expect("inserting a response");
    for (i, (answers, at)) in submissions.iter().enumerate() {
        response_submission::ActiveModel {
            id: Set(Uuid::new_v4()),
            response_id: Set(id),
            number: Set(i as i32 + 1),
            answers: Set(answers.to_string()),
            submitted_by: Set(author.id),
            submitted_by_name: Set("Sam Carter".into()),
            submitted_at: Set(*at),
        }
        .insert(&app.db)
        .await
        .expect("inserting a submission");
    }
    id
}

/// A Camden challenge (lead), Brent participating, Islington observing, with a
/// published notice and responses; see the module comment.
pub async fn seed(app: &TestApp) -> Seeded {
    let mut priya = app.signed_in(CAMDEN).await;
    let challenge = app
        .open_challenge(&mut priya, "Fixing repairs faster", "housing", "private")
        .await;
    app.add_member(
        &mut priya,
        challenge,
        app.org(ons::BRENT).await,
        "participant",
    )
    .await;
    app.add_member(
        &mut priya,
        challenge,
        app.org(ons::ISLINGTON).await,
        "observer",
    )
    .await;
    let notice = insert_notice(app, challenge, "ENG-TEST-0001", "published").await;
    let questions = [
        insert_question(
            app,
            notice,
            1,
            "free_text",
            "Where is the data hosted?",
            &[],
        )
        .await,
        insert_question(app, notice, 2, "yes_no", "Do you support open APIs?", &[]).await,
        insert_question(
            app,
            notice,
            3,
            "single_choice",
            "How is it licensed?",
            &["Per user", "Per property"],
        )
        .await,
        insert_question(
            app,
            notice,
            4,
            "multiple_choice",
            "Which channels do tenants use?",
            &["Web", "Phone", "App"],
        )
        .await,
    ];
    let [q1, q2, q3, q4] = questions.map(|q| q.to_string());
    let supplier_a = app
        .user_by_email(SUPPLIER)
        .await
        .expect("the demo supplier")
        .organisation_id;
    let supplier_b = register_supplier(app, "Tenancy Tech Ltd", "12345678", SUPPLIER_B).await;
    let supplier_c = app::ssr::accounts::register_supplier(
        &app.db,
        &app::ssr::accounts::SupplierRegistration {
            company_name: "Repairs Online Ltd".into(),
            companies_house_number: "87654321".into(),
            full_name: "Jo Bloggs".into(),
            email: "jo@repairs-online.example".into(),
            password: PASSWORD.into(),
            password_confirmation: PASSWORD.into(),
        },
    )
    .await
    .expect("registering a third supplier")
    .1
    .organisation_id
    .0;
    // 14:00 UTC on 1 June 2027 is 3pm BST; 10:00 UTC on 10 January 2027 is 10am GMT.
    let first = Utc.with_ymd_and_hms(2027, 1, 10, 10, 0, 0).unwrap();
    let second = Utc.with_ymd_and_hms(2027, 6, 1, 14, 0, 0).unwrap();
    let response_a = insert_response(
        app,
        notice,
        supplier_a,
        &[
            (
                serde_json::json!({ &q1: "On premises, first answer", &q2: "no" }),
                first,
            ),
            (
                serde_json::json!({
                    &q1: "In UK data centres, second answer",
                    &q2: "yes",
                    &q3: "Per user",
                    &q4: ["Web", "App"],
                }),
                second,
            ),
        ],
    )
    .await;
    let response_b = insert_response(
        app,
        notice,
        supplier_b,
        &[(
            serde_json::json!({
                &q1: TRICKY_ANSWER,
                &q2: "yes",
                &q3: FORMULA_ANSWER,
                &q4: ["Phone"],
            }),
            second + Duration::hours(1),
        )],
    )
    .await;
    let draft_response = insert_response(app, notice, supplier_c, &[]).await;
    Seeded {
        challenge,
        notice,
        questions,
        response_a,
        response_b,
        draft_response,
    }
}

/// Declares through the form and checks it was accepted.
pub async fn declare_no_conflict(client: &mut Client, seeded: &Seeded) {
    let res = client
        .post_form(
            &format!("{}/declaration", seeded.base()),
            &[("has_conflict", "no"), ("details", ""), ("return_to", "")],
        )
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
}

/// The lead, signed in and declared.
pub async fn reviewer(app: &TestApp, email: &str, seeded: &Seeded) -> Client {
    let mut client = app.signed_in(email).await;
    declare_no_conflict(&mut client, seeded).await;
    client
}

/// The lead lets observers read responses.
pub async fn let_observers_in(app: &TestApp, seeded: &Seeded, allow: bool) {
    let mut priya = app.signed_in(CAMDEN).await;
    let res = priya
        .post_form(
            &format!("{}/observer-access", seeded.base()),
            &[("observers_see_responses", if allow { "yes" } else { "no" })],
        )
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
}
