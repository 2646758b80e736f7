//! The demo data `make run` loads: several boroughs jointly replacing their housing
//! management system, officers in different boroughs, a supplier and a platform admin.
//! Seeding twice changes nothing.

use app::domain::policy::Actor;
use app::domain::{OrgRole, OrganisationId};
use app::ssr::accounts;
use app::ssr::challenges::{self, ChallengeForm};
use app::ssr::entities::challenge;
use app::ssr::{membership, reference, DomainError};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

pub const DEMO_PASSWORD: &str = "Coprocure-demo-2026";

pub struct DemoOfficer {
    pub email: &'static str,
    pub name: &'static str,
    pub ons_code: &'static str,
    pub role: OrgRole,
}

pub const OFFICERS: &[DemoOfficer] = &[
    DemoOfficer {
        email: "camden.officer@camden.gov.uk",
        name: "Priya Shah",
        ons_code: "E09000007",
        role: OrgRole::OrgAdmin,
    },
    DemoOfficer {
        email: "brent.officer@brent.gov.uk",
        name: "Tom Okafor",
        ons_code: "E09000005",
        role: OrgRole::Member,
    },
    DemoOfficer {
        email: "hackney.officer@hackney.gov.uk",
        name: "Aisha Rahman",
        ons_code: "E09000012",
        role: OrgRole::OrgAdmin,
    },
    DemoOfficer {
        email: "islington.officer@islington.gov.uk",
        name: "Daniel Murphy",
        ons_code: "E09000019",
        role: OrgRole::Member,
    },
];

pub const SUPPLIER_EMAIL: &str = "supplier@housing-systems.example";
pub const ADMIN_EMAIL: &str = "admin@coprocure.local";

const HOUSING_TITLE: &str = "Replacing our housing management systems";
const HOUSING_STATEMENT: &str = "Camden, Hackney and Islington each run a housing management system that is reaching the end of its contract between 2027 and 2028.

## The problem
- Tenants report repairs by phone because the online forms lose their progress.
- Officers re-key rent, repairs and tenancy data between three or four systems.
- Each borough has customised its system, so upgrades are slow and costly.

## What we want to find out
Whether one shared specification – with room for local differences – could serve all three boroughs, and what the market can offer for **tenancy, rents, repairs and estate services** in one platform.";

const PARKING_TITLE: &str = "Joint parking permits and enforcement platform";
const PARKING_STATEMENT: &str = "Islington and Hackney want residents, visitors and businesses to apply for and renew permits online in minutes, with enforcement officers seeing the same data in real time.";

async fn officer(db: &DatabaseConnection, email: &str) -> Result<Actor, DomainError> {
    let user = accounts::load_user(
        db,
        app::domain::UserId(
            app::ssr::entities::user::Entity::find()
                .filter(app::ssr::entities::user::Column::Email.eq(email))
                .one(db)
                .await?
                .ok_or(DomainError::NotFound)?
                .id,
        ),
    )
    .await?;
    Ok(Actor::User(user))
}

async fn org_id(db: &DatabaseConnection, ons_code: &str) -> Result<OrganisationId, DomainError> {
    Ok(OrganisationId(
        accounts::organisation_by_ons_code(db, ons_code).await?.id,
    ))
}

async fn challenge_exists(db: &DatabaseConnection, title: &str) -> Result<bool, DomainError> {
    Ok(challenge::Entity::find()
        .filter(challenge::Column::Title.eq(title))
        .count(db)
        .await?
        > 0)
}

pub async fn seed(db: &DatabaseConnection) -> Result<(), DomainError> {
    reference::seed(db).await?;
    for officer in OFFICERS {
        let org = org_id(db, officer.ons_code).await?;
        accounts::ensure_user(
            db,
            org,
            officer.email,
            officer.name,
            DEMO_PASSWORD,
            officer.role,
            false,
        )
        .await?;
    }
    if accounts::organisation_by_supplier_email(db, SUPPLIER_EMAIL)
        .await?
        .is_none()
    {
        accounts::register_supplier(
            db,
            &accounts::SupplierRegistration {
                company_name: "Housing Systems Ltd".into(),
                companies_house_number: "09876543".into(),
                full_name: "Sam Carter".into(),
                email: SUPPLIER_EMAIL.into(),
                password: DEMO_PASSWORD.into(),
                password_confirmation: DEMO_PASSWORD.into(),
            },
        )
        .await?;
    }
    let platform = accounts::platform_organisation(db).await?;
    accounts::ensure_user(
        db,
        platform,
        ADMIN_EMAIL,
        "Coprocure Admin",
        DEMO_PASSWORD,
        OrgRole::OrgAdmin,
        true,
    )
    .await?;

    if !challenge_exists(db, HOUSING_TITLE).await? {
        let camden = officer(db, "camden.officer@camden.gov.uk").await?;
        let id = challenges::create(
            db,
            &camden,
            &ChallengeForm {
                title: HOUSING_TITLE.into(),
                problem_statement: HOUSING_STATEMENT.into(),
                service_area: "housing".into(),
                visibility: "authorities".into(),
                version: String::new(),
            },
        )
        .await?;
        let hackney = org_id(db, "E09000012").await?;
        let islington = org_id(db, "E09000019").await?;
        membership::add_member(db, &camden, id, &hackney.to_string(), "participant").await?;
        membership::add_member(db, &camden, id, &islington.to_string(), "observer").await?;
        // Published while the challenge is still a draft, so it stays collaborating below.
        crate::demo_notice::seed(db, &camden, id).await?;
        challenges::change_status(db, &camden, id, "collaborating").await?;
    }
    if !challenge_exists(db, PARKING_TITLE).await? {
        let islington = officer(db, "islington.officer@islington.gov.uk").await?;
        let id = challenges::create(
            db,
            &islington,
            &ChallengeForm {
                title: PARKING_TITLE.into(),
                problem_statement: PARKING_STATEMENT.into(),
                service_area: "parking".into(),
                visibility: "public".into(),
                version: String::new(),
            },
        )
        .await?;
        let hackney = org_id(db, "E09000012").await?;
        membership::add_member(db, &islington, id, &hackney.to_string(), "participant").await?;
    }
    Ok(())
}
