//! What a supplier follows: CPV divisions (the first two digits of a CPV code) and
//! service areas. The notices side reads `supplier_follows` when a notice is published
//! and emails the followers; the dashboard lists the open notices that match.

use crate::domain::engagement::FollowKind;
use crate::domain::engagement_policy::authorize_supplier_area;
use crate::domain::policy::Actor;
use crate::domain::FieldErrors;
use crate::ssr::entities::supplier_follow;
use crate::ssr::error::{DomainError, DomainResult};
use crate::ssr::reference;
use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use std::collections::BTreeSet;
use std::sync::OnceLock;
use uuid::Uuid;

const CPV_CSV: &str = include_str!("../../../data/cpv-2008.csv");

/// A CPV division: its two digits and its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Division {
    pub code: String,
    pub name: String,
}

/// The 45 divisions of the CPV 2008 vocabulary: the codes ending in six zeros.
pub fn divisions() -> &'static [Division] {
    static DIVISIONS: OnceLock<Vec<Division>> = OnceLock::new();
    DIVISIONS.get_or_init(|| {
        CPV_CSV
            .lines()
            .skip(1)
            .filter_map(|line| {
                let (code, description) = line.split_once(',')?;
                let division = code.strip_suffix("000000")?;
                (division.len() == 2).then(|| Division {
                    code: division.to_string(),
                    name: unquote(description),
                })
            })
            .collect()
    })
}

fn unquote(field: &str) -> String {
    field
        .strip_prefix('"')
        .and_then(|f| f.strip_suffix('"'))
        .map(|f| f.replace("\"\"", "\""))
        .unwrap_or_else(|| field.to_string())
}

pub fn division_name(code: &str) -> Option<&'static str> {
    divisions()
        .iter()
        .find(|d| d.code == code)
        .map(|d| d.name.as_str())
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowChoice {
    pub value: String,
    pub label: String,
    pub followed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowsPage {
    pub divisions: Vec<FollowChoice>,
    pub service_areas: Vec<FollowChoice>,
}

pub const DIVISIONS_FIELD: &str = "cpv_division";
pub const AREAS_FIELD: &str = "service_area";

pub(crate) async fn followed(
    db: &impl ConnectionTrait,
    user: Uuid,
) -> DomainResult<(BTreeSet<String>, BTreeSet<String>)> {
    let rows = supplier_follow::Entity::find()
        .filter(supplier_follow::Column::UserId.eq(user))
        .all(db)
        .await?;
    let of = |kind: FollowKind| -> BTreeSet<String> {
        rows.iter()
            .filter(|r| r.kind == kind.as_str())
            .map(|r| r.value.clone())
            .collect()
    };
    Ok((of(FollowKind::CpvDivision), of(FollowKind::ServiceArea)))
}

pub async fn page(db: &DatabaseConnection, actor: &Actor) -> DomainResult<FollowsPage> {
    authorize_supplier_area(actor)?;
    let user = actor.user().ok_or(DomainError::SignInRequired)?;
    let (divisions_followed, areas_followed) = followed(db, user.id.0).await?;
    Ok(FollowsPage {
        divisions: divisions()
            .iter()
            .map(|d| FollowChoice {
                followed: divisions_followed.contains(&d.code),
                value: d.code.clone(),
                label: format!("{} – {}", d.code, d.name),
            })
            .collect(),
        service_areas: reference::service_areas(db)
            .await?
            .into_iter()
            .map(|a| FollowChoice {
                followed: areas_followed.contains(&a.value),
                value: a.value,
                label: a.label,
            })
            .collect(),
    })
}

/// Replaces what the supplier follows with the choices ticked; returns how many.
pub async fn save(
    db: &DatabaseConnection,
    actor: &Actor,
    divisions_chosen: &[String],
    areas_chosen: &[String],
) -> DomainResult<usize> {
    authorize_supplier_area(actor)?;
    let user = actor.user().ok_or(DomainError::SignInRequired)?;
    let known_areas: BTreeSet<String> = reference::service_areas(db)
        .await?
        .into_iter()
        .map(|a| a.value)
        .collect();
    let mut errors = FieldErrors::new();
    let wanted_divisions: BTreeSet<String> = divisions_chosen
        .iter()
        .map(|d| d.trim().to_string())
        .collect();
    let wanted_areas: BTreeSet<String> =
        areas_chosen.iter().map(|a| a.trim().to_string()).collect();
    if wanted_divisions.iter().any(|d| division_name(d).is_none()) {
        errors.add(
            DIVISIONS_FIELD,
            "Choose CPV divisions from the list: a division is the two digits a CPV code starts with",
        );
    }
    if wanted_areas.iter().any(|a| !known_areas.contains(a)) {
        errors.add(AREAS_FIELD, "Choose service areas from the list");
    }
    errors.into_result()?;
    let txn = crate::ssr::db::write(db).await?;
    let (had_divisions, had_areas) = followed(&txn, user.id.0).await?;
    for (kind, wanted, had) in [
        (FollowKind::CpvDivision, &wanted_divisions, &had_divisions),
        (FollowKind::ServiceArea, &wanted_areas, &had_areas),
    ] {
        let dropped: Vec<String> = had.difference(wanted).cloned().collect();
        if !dropped.is_empty() {
            supplier_follow::Entity::delete_many()
                .filter(supplier_follow::Column::UserId.eq(user.id.0))
                .filter(supplier_follow::Column::Kind.eq(kind.as_str()))
                .filter(supplier_follow::Column::Value.is_in(dropped))
                .exec(&txn)
                .await?;
        }
        for value in wanted.difference(had) {
            // Another tab saving the same choice at once is no error.
            supplier_follow::Entity::insert(supplier_follow::ActiveModel {
                id: Set(Uuid::new_v4()),
                user_id: Set(user.id.0),
                kind: Set(kind.as_str().to_string()),
                value: Set(value.clone()),
                created_at: Set(Utc::now()),
            })
            .on_conflict_do_nothing_on([
                supplier_follow::Column::UserId,
                supplier_follow::Column::Kind,
                supplier_follow::Column::Value,
            ])
            .exec_without_returning(&txn)
            .await?;
        }
    }
    txn.commit().await?;
    Ok(wanted_divisions.len() + wanted_areas.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_45_cpv_divisions_with_their_names() {
        let all = divisions();
        assert_eq!(all.len(), 45);
        assert_eq!(
            division_name("72"),
            Some("IT services: consulting, software development, Internet and support")
        );
        assert_eq!(
            division_name("48"),
            Some("Software package and information systems")
        );
        assert_eq!(division_name("99"), None);
        assert!(all.iter().all(|d| d.code.len() == 2));
    }
}
