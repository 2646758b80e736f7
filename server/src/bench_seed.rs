//! Bulk data for measuring the public notice pages: many published notices (each with its
//! own challenge, CPV codes, authorities and first OCDS release) and supplier responses,
//! inserted directly in large batches. Not demo data: the text is generated.

use app::domain::engagement::{EngagementEventKind, NoticeStatus, ResponseStatus};
use app::domain::notice_rules::Details;
use app::domain::{ChallengeStatus, MemberRole, OrgKind, OrganisationId};
use app::ssr::entities::{
    challenge, challenge_member, notice, notice_authority, notice_cpv_code, notice_event,
    notice_release, organisation, response,
};
use app::ssr::notices::ocds::{self, ReleaseKind};
use app::ssr::notices::{cpv, AuthorityView, CpvView, EventView, NoticeView};
use app::ssr::reference::{london_authorities, SERVICE_AREAS};
use app::ssr::DomainError;
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait};
use uuid::Uuid;

const BATCH: usize = 200;
const SUPPLIERS: usize = 50;

const SUBJECTS: &[&str] = &[
    "housing management system",
    "repairs reporting platform",
    "parking permits service",
    "waste collection routing",
    "library management system",
    "social care case management",
    "council tax and benefits platform",
    "school admissions portal",
    "street lighting maintenance",
    "planning applications portal",
];

const CPV_POOL: &[&str] = &[
    "48000000", "72000000", "70333000", "98351000", "90500000", "79512000", "85311000", "80000000",
    "45233000", "71000000", "50000000", "64200000",
];

async fn insert_batches<A, E>(
    db: &impl sea_orm::ConnectionTrait,
    rows: Vec<A>,
) -> Result<(), DomainError>
where
    A: sea_orm::ActiveModelTrait<Entity = E> + Send,
    E: EntityTrait,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(BATCH).collect();
        E::insert_many(chunk).exec_without_returning(db).await?;
    }
    Ok(())
}

/// Seeds `notices` published notices (references CP-<year>-B0001…, so they never collide
/// with real ones) and `responses` submitted responses spread over them. The reference
/// data (authorities, service areas) must be there already.
pub async fn seed_notices(
    db: &DatabaseConnection,
    notices: usize,
    responses: usize,
    base_url: &str,
) -> Result<(), DomainError> {
    app::ssr::reference::seed(db).await?;
    let authorities = london_authorities();
    let orgs = organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(OrgKind::Authority.as_str()))
        .all(db)
        .await?;
    let org_of = |ons: &str| orgs.iter().find(|o| o.ons_code.as_deref() == Some(ons));
    let creator = Uuid::new_v4();
    let now = Utc::now();
    let year = now.format("%Y").to_string().parse::<i32>().unwrap_or(2026);
    let mut challenges = Vec::new();
    let mut members = Vec::new();
    let mut rows = Vec::new();
    let mut codes = Vec::new();
    let mut authority_rows = Vec::new();
    let mut events = Vec::new();
    let mut releases = Vec::new();
    let mut notice_ids = Vec::with_capacity(notices);
    for i in 0..notices {
        let challenge_id = Uuid::new_v4();
        let notice_id = Uuid::new_v4();
        notice_ids.push(notice_id);
        let subject = SUBJECTS[i % SUBJECTS.len()];
        let area = SERVICE_AREAS[i % SERVICE_AREAS.len()].0;
        let lead = &authorities[i % authorities.len()];
        let partner = &authorities[(i * 7 + 3) % authorities.len()];
        let joint: Vec<AuthorityView> =
            [(lead, MemberRole::Lead), (partner, MemberRole::Participant)]
                .into_iter()
                .filter_map(|(a, role)| {
                    let org = org_of(&a.ons_code)?;
                    Some(AuthorityView {
                        organisation_id: OrganisationId(org.id),
                        name: org.name.clone(),
                        ons_code: org.ons_code.clone(),
                        role,
                    })
                })
                .fold(Vec::new(), |mut acc, a| {
                    if !acc
                        .iter()
                        .any(|b: &AuthorityView| b.organisation_id == a.organisation_id)
                    {
                        acc.push(a);
                    }
                    acc
                });
        let published_at = now - Duration::minutes((notices - i) as i64);
        let closes_at = now + Duration::days(10 + (i % 60) as i64);
        let title = format!(
            "{} for {} (bench {})",
            capitalise(subject),
            lead.name,
            i + 1
        );
        let description = format!(
            "## The need\n\n{} and partners want to hear from suppliers about a {subject}. Notice {} of a generated set.\n\n- What exists today\n- What it would cost\n- How long it would take",
            lead.name,
            i + 1
        );
        let reference = format!("CP-{year}-B{:04}", i + 1);
        let chosen: Vec<CpvView> = [
            CPV_POOL[i % CPV_POOL.len()],
            CPV_POOL[(i / 3 + 5) % CPV_POOL.len()],
        ]
        .into_iter()
        .fold(Vec::new(), |mut acc, code| {
            if !acc.iter().any(|c: &CpvView| c.code == code) {
                acc.push(CpvView {
                    code: code.to_string(),
                    description: cpv::description(code).unwrap_or_default().to_string(),
                });
            }
            acc
        });
        let details = Details {
            title: title.clone(),
            description: description.clone(),
            value_min: Some(100_000 + (i as i64 % 10) * 50_000),
            value_max: Some(1_000_000 + (i as i64 % 10) * 100_000),
            closes_at: Some(closes_at),
            clarification_deadline: Some(closes_at - Duration::days(5)),
            contact_name: "Procurement team".into(),
            contact_email: "procurement@example.gov.uk".into(),
            contact_phone: String::new(),
        };
        let event = EventView {
            id: Uuid::new_v4(),
            kind: EngagementEventKind::Webinar,
            starts_at: closes_at - Duration::days(7),
            ends_at: None,
            place: String::new(),
            online_link: "https://meet.example/bench".into(),
            how_to_register: "Email procurement@example.gov.uk".into(),
        };
        let search = app::ssr::notices::search_text(&reference, &details, &chosen, &joint);
        challenges.push(challenge::ActiveModel {
            id: sea_orm::Set(challenge_id),
            title: sea_orm::Set(title.clone()),
            problem_statement: sea_orm::Set(description.clone()),
            service_area: sea_orm::Set(area.into()),
            status: sea_orm::Set(ChallengeStatus::MarketEngagement.as_str().into()),
            visibility: sea_orm::Set("public".into()),
            version: sea_orm::Set(1),
            created_by: sea_orm::Set(creator),
            created_at: sea_orm::Set(published_at),
            updated_at: sea_orm::Set(published_at),
            criteria_set_version: sea_orm::Set(1),
        });
        for a in &joint {
            members.push(challenge_member::ActiveModel {
                challenge_id: sea_orm::Set(challenge_id),
                organisation_id: sea_orm::Set(a.organisation_id.0),
                role: sea_orm::Set(a.role.as_str().into()),
                added_at: sea_orm::Set(published_at),
            });
        }
        rows.push(notice::ActiveModel {
            id: sea_orm::Set(notice_id),
            challenge_id: sea_orm::Set(challenge_id),
            reference: sea_orm::Set(reference.clone()),
            title: sea_orm::Set(title),
            description: sea_orm::Set(description),
            value_min: sea_orm::Set(details.value_min),
            value_max: sea_orm::Set(details.value_max),
            closes_at: sea_orm::Set(details.closes_at),
            clarification_deadline: sea_orm::Set(details.clarification_deadline),
            contact_name: sea_orm::Set(details.contact_name.clone()),
            contact_email: sea_orm::Set(details.contact_email.clone()),
            contact_phone: sea_orm::Set(String::new()),
            status: sea_orm::Set(NoticeStatus::Published.as_str().into()),
            withdrawn_reason: sea_orm::Set(None),
            published_at: sea_orm::Set(Some(published_at)),
            withdrawn_at: sea_orm::Set(None),
            amended_at: sea_orm::Set(None),
            service_area: sea_orm::Set(area.into()),
            lead_organisation_id: sea_orm::Set(joint.first().map(|a| a.organisation_id.0)),
            observers_see_responses: sea_orm::Set(false),
            search_text: sea_orm::Set(search),
            version: sea_orm::Set(2),
            created_by: sea_orm::Set(creator),
            created_at: sea_orm::Set(published_at),
            updated_at: sea_orm::Set(published_at),
        });
        for c in &chosen {
            codes.push(notice_cpv_code::ActiveModel {
                notice_id: sea_orm::Set(notice_id),
                code: sea_orm::Set(c.code.clone()),
                division: sea_orm::Set(c.code[..2].to_string()),
            });
        }
        for (position, a) in joint.iter().enumerate() {
            authority_rows.push(notice_authority::ActiveModel {
                notice_id: sea_orm::Set(notice_id),
                organisation_id: sea_orm::Set(a.organisation_id.0),
                role: sea_orm::Set(a.role.as_str().into()),
                position: sea_orm::Set(position as i32 + 1),
            });
        }
        events.push(notice_event::ActiveModel {
            id: sea_orm::Set(event.id),
            notice_id: sea_orm::Set(notice_id),
            kind: sea_orm::Set(event.kind.as_str().into()),
            starts_at: sea_orm::Set(event.starts_at),
            ends_at: sea_orm::Set(None),
            place: sea_orm::Set(String::new()),
            online_link: sea_orm::Set(event.online_link.clone()),
            how_to_register: sea_orm::Set(event.how_to_register.clone()),
            position: sea_orm::Set(1),
        });
        let view = NoticeView {
            id: notice_id,
            challenge_id,
            reference: Some(reference.clone()),
            stored_status: NoticeStatus::Published,
            status: NoticeStatus::Published,
            details,
            description_html: String::new(),
            cpv: chosen,
            events: vec![event],
            questions: vec![],
            authorities: joint,
            amendments: vec![],
            service_area: area.into(),
            service_area_name: area.into(),
            published_at: Some(published_at),
            amended_at: None,
            withdrawn_at: None,
            withdrawn_reason: None,
            version: 2,
        };
        let body = ocds::release(
            &view,
            ReleaseKind::Published,
            1,
            None,
            published_at,
            base_url,
        );
        releases.push(notice_release::ActiveModel {
            id: sea_orm::Set(Uuid::new_v4()),
            notice_id: sea_orm::Set(notice_id),
            release_id: sea_orm::Set(body["id"].as_str().unwrap_or_default().to_string()),
            tag: sea_orm::Set(ReleaseKind::Published.tag().into()),
            released_at: sea_orm::Set(published_at),
            body: sea_orm::Set(body.to_string()),
        });
    }
    let suppliers: Vec<Uuid> = (0..SUPPLIERS).map(|_| Uuid::new_v4()).collect();
    let supplier_rows: Vec<organisation::ActiveModel> = suppliers
        .iter()
        .enumerate()
        .map(|(i, id)| organisation::ActiveModel {
            id: sea_orm::Set(*id),
            kind: sea_orm::Set(OrgKind::Supplier.as_str().into()),
            name: sea_orm::Set(format!("Bench Supplier {} Ltd", i + 1)),
            ons_code: sea_orm::Set(None),
            authority_type: sea_orm::Set(None),
            companies_house_number: sea_orm::Set(None),
            created_at: sea_orm::Set(now),
        })
        .collect();
    let mut response_rows = Vec::with_capacity(responses);
    if !notice_ids.is_empty() {
        for r in 0..responses {
            // Each notice's responses come from different suppliers (one each).
            let round = r / notice_ids.len();
            if round >= SUPPLIERS {
                break;
            }
            let notice_id = notice_ids[r % notice_ids.len()];
            let supplier = suppliers[round];
            response_rows.push(response::ActiveModel {
                id: sea_orm::Set(Uuid::new_v4()),
                notice_id: sea_orm::Set(notice_id),
                organisation_id: sea_orm::Set(supplier),
                status: sea_orm::Set(ResponseStatus::Submitted.as_str().into()),
                answers: sea_orm::Set("{}".into()),
                version: sea_orm::Set(1),
                submitted_count: sea_orm::Set(1),
                review_tags: sea_orm::Set(String::new()),
                created_by: sea_orm::Set(creator),
                created_at: sea_orm::Set(now),
                updated_at: sea_orm::Set(now),
                submitted_at: sea_orm::Set(Some(now)),
            });
        }
    }
    let txn = db.begin().await?;
    insert_batches(&txn, challenges).await?;
    insert_batches(&txn, members).await?;
    insert_batches(&txn, rows).await?;
    insert_batches(&txn, codes).await?;
    insert_batches(&txn, authority_rows).await?;
    insert_batches(&txn, events).await?;
    insert_batches(&txn, releases).await?;
    insert_batches(&txn, supplier_rows).await?;
    insert_batches(&txn, response_rows).await?;
    txn.commit().await?;
    Ok(())
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
