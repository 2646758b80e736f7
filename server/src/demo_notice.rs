//! The demo's published market engagement notice: Camden and Hackney's housing
//! systems, closing four weeks after the demo is loaded, so `/notices` has one to show.
//! Written through the same services as the drafting pages.

use app::domain::engagement::london_parts;
use app::domain::notice_rules::{DateTimeInput, DetailsInput};
use app::domain::policy::Actor;
use app::domain::ChallengeId;
use app::ssr::notices::draft::{self, DetailsForm, EventForm, QuestionForm, SaveOutcome};
use app::ssr::notices::publish;
use app::ssr::DomainError;
use chrono::{Datelike, Duration, Utc};
use sea_orm::DatabaseConnection;

const DESCRIPTION: &str = "Camden and Hackney, with Islington observing, are preparing to replace their housing management systems, whose contracts end between 2027 and 2028. Before any procurement, we want to hear from suppliers.

## What we want to learn
- Whether one platform can cover **tenancy, rents, repairs and estate services** for three boroughs, with room for local differences
- How tenants could report and track repairs online without losing their progress
- How data would move from the systems we run today, and how long that takes

## What happens next
We will publish what we learn (without naming suppliers) and use it to write a joint specification. Taking part does not affect any later procurement.";

fn when(days: i64, time: &str) -> DateTimeInput {
    let (date, _) = london_parts(Utc::now() + Duration::days(days));
    DateTimeInput {
        day: date.day().to_string(),
        month: date.month().to_string(),
        year: date.year().to_string(),
        time: time.into(),
    }
}

async fn version(
    db: &DatabaseConnection,
    actor: &Actor,
    id: ChallengeId,
) -> Result<String, DomainError> {
    Ok(draft::work(db, actor, id)
        .await?
        .notice
        .map(|n| n.version.to_string())
        .unwrap_or_default())
}

fn saved(outcome: SaveOutcome) -> Result<(), DomainError> {
    match outcome {
        SaveOutcome::Saved => Ok(()),
        SaveOutcome::Conflict(message) => Err(DomainError::Conflict(message)),
    }
}

/// Drafts and publishes the notice as the lead, unless the challenge has one already.
pub async fn seed(
    db: &DatabaseConnection,
    lead: &Actor,
    id: ChallengeId,
) -> Result<(), DomainError> {
    if draft::work(db, lead, id).await?.notice.is_some() {
        return Ok(());
    }
    draft::start(db, lead, id).await?;
    let details = DetailsInput {
        title: "Housing management systems for three boroughs".into(),
        description: DESCRIPTION.into(),
        value_min: "1500000".into(),
        value_max: "4000000".into(),
        closes_at: when(28, "5pm"),
        clarification_deadline: when(21, "12pm"),
        contact_name: "Camden housing systems team".into(),
        contact_email: "housing.systems@camden.gov.uk".into(),
        contact_phone: "020 7974 4444".into(),
    };
    let v = version(db, lead, id).await?;
    saved(
        draft::save_details(
            db,
            lead,
            id,
            &DetailsForm {
                details,
                version: v,
            },
        )
        .await?,
    )?;
    for code in ["48000000", "72000000", "70333000"] {
        let v = version(db, lead, id).await?;
        saved(draft::add_cpv(db, lead, id, code, &v).await?)?;
    }
    let v = version(db, lead, id).await?;
    saved(
        draft::save_event(
            db,
            lead,
            id,
            &EventForm {
                id: String::new(),
                kind: "supplier_day".into(),
                date: when(10, "10am"),
                end_time: "1pm".into(),
                place: "Camden Town Hall, Judd Street, London WC1H 9JE".into(),
                online_link: String::new(),
                how_to_register:
                    "Email housing.systems@camden.gov.uk with the names of up to two people".into(),
                version: v,
            },
        )
        .await?,
    )?;
    let v = version(db, lead, id).await?;
    saved(
        draft::save_event(
            db,
            lead,
            id,
            &EventForm {
                id: String::new(),
                kind: "webinar".into(),
                date: when(14, "2pm"),
                end_time: "3pm".into(),
                place: String::new(),
                online_link: "https://meet.example.org/housing-systems".into(),
                how_to_register: "No need to register: join from the link".into(),
                version: v,
            },
        )
        .await?,
    )?;
    for (kind, prompt, limit, options) in [
        (
            "free_text",
            "How would your platform serve three boroughs with different ways of working?",
            "500",
            "",
        ),
        (
            "yes_no",
            "Have you moved a London borough's housing data from another system before?",
            "",
            "",
        ),
        (
            "multiple_choice",
            "Which parts of housing management does your platform cover?",
            "",
            "Tenancy\nRents\nRepairs\nEstate services\nLeasehold",
        ),
    ] {
        let v = version(db, lead, id).await?;
        saved(
            draft::save_question(
                db,
                lead,
                id,
                &QuestionForm {
                    id: String::new(),
                    kind: kind.into(),
                    prompt: prompt.into(),
                    word_limit: limit.into(),
                    options: options.into(),
                    required: "yes".into(),
                    version: v,
                },
            )
            .await?,
        )?;
    }
    let v = version(db, lead, id).await?;
    let base = crate::Settings::from_env().public_url;
    publish::publish(db, lead, id, &v, base.trim_end_matches('/')).await?;
    Ok(())
}
