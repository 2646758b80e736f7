//! Reference data every installation has: the 33 London authorities with their ONS codes
//! and the fixed list of service areas. Seeding is idempotent.

use super::entities::{organisation, service_area};
use super::error::DomainResult;
use crate::domain::OrgKind;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The ONS list, compiled into the binary so the product never reads files at run time.
const AUTHORITIES_CSV: &str = include_str!("../../data/london-authorities.csv");

pub const SERVICE_AREAS: &[(&str, &str)] = &[
    ("housing", "Housing"),
    ("adult-social-care", "Adult social care"),
    ("childrens-services", "Children's services"),
    ("revenues-and-benefits", "Revenues and benefits"),
    ("waste-and-recycling", "Waste and recycling"),
    ("parking", "Parking"),
    (
        "planning-and-building-control",
        "Planning and building control",
    ),
    ("libraries", "Libraries"),
    ("corporate-it", "Corporate IT"),
    ("highways-and-transport", "Highways and transport"),
    ("public-health", "Public health"),
    ("education", "Education"),
    (
        "environmental-health-and-licensing",
        "Environmental health and licensing",
    ),
    ("customer-services", "Customer services"),
    ("finance-and-hr", "Finance and HR"),
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthorityRecord {
    pub ons_code: String,
    pub name: String,
    pub authority_type: String,
}

pub fn london_authorities() -> Vec<AuthorityRecord> {
    AUTHORITIES_CSV
        .lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .filter_map(|line| {
            let mut parts = line.trim().splitn(3, ',');
            Some(AuthorityRecord {
                ons_code: parts.next()?.to_string(),
                name: parts.next()?.to_string(),
                authority_type: parts.next()?.to_string(),
            })
        })
        .collect()
}

pub async fn seed(db: &impl ConnectionTrait) -> DomainResult<()> {
    for record in london_authorities() {
        let existing = organisation::Entity::find()
            .filter(organisation::Column::OnsCode.eq(record.ons_code.as_str()))
            .one(db)
            .await?;
        if existing.is_none() {
            organisation::ActiveModel {
                id: Set(Uuid::new_v4()),
                kind: Set(OrgKind::Authority.as_str().to_string()),
                name: Set(record.name.clone()),
                ons_code: Set(Some(record.ons_code.clone())),
                authority_type: Set(Some(record.authority_type.clone())),
                companies_house_number: Set(None),
                created_at: Set(Utc::now()),
            }
            .insert(db)
            .await?;
        }
    }
    for (position, (slug, name)) in SERVICE_AREAS.iter().enumerate() {
        if service_area::Entity::find_by_id(slug.to_string())
            .one(db)
            .await?
            .is_none()
        {
            service_area::ActiveModel {
                slug: Set(slug.to_string()),
                name: Set(name.to_string()),
                position: Set(position as i32),
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

pub async fn service_areas(db: &impl ConnectionTrait) -> DomainResult<Vec<Choice>> {
    Ok(service_area::Entity::find()
        .order_by_asc(service_area::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|area| Choice {
            value: area.slug,
            label: area.name,
        })
        .collect())
}

/// The authorities as choices whose value is the organisation id.
pub async fn authorities(db: &impl ConnectionTrait) -> DomainResult<Vec<Choice>> {
    Ok(organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(OrgKind::Authority.as_str()))
        .order_by_asc(organisation::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|org| Choice {
            value: org.id.to_string(),
            label: org.name,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_33_london_authorities_with_their_ons_codes() {
        let authorities = london_authorities();
        assert_eq!(authorities.len(), 33);
        let camden = authorities.iter().find(|a| a.name == "Camden").unwrap();
        assert_eq!(camden.ons_code, "E09000007");
        for (i, authority) in authorities.iter().enumerate() {
            assert_eq!(authority.ons_code, format!("E0900{:04}", i + 1));
        }
    }
}
