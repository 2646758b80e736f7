//! Open Contracting Data Standard 1.1: one release per notice event (published, amended,
//! withdrawn, closed), stored as JSON text when the event happens, so the package of every
//! release is a concatenation that streams straight out of the database.
//!
//! Identifiers: `ocid` is [`OCID_PREFIX`] + the reference. A real publication needs a
//! prefix registered with the Open Contracting Partnership; this one is a placeholder.
//! Authorities are identified in the org-id list GB-LAE (Local Authorities for England,
//! which uses ISO 3166-2:GB codes such as CMD for Camden); their ONS GSS code goes in
//! `additionalIdentifiers` under the local scheme name `GB-ONS-GSS`, which is not an
//! org-id list (org-id has none for GSS codes).

use super::{view, AuthorityView, NoticeView};
use crate::domain::engagement::NoticeStatus;
use crate::ssr::entities::{notice, notice_release};
use crate::ssr::error::DomainResult;
use chrono::{DateTime, SecondsFormat, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::{json, Value};
use uuid::Uuid;

/// Placeholder: replace with the prefix the Open Contracting Partnership registers.
pub const OCID_PREFIX: &str = "ocds-coprocure-";
pub const PUBLISHER_NAME: &str = "Coprocure";
pub const LICENSE: &str =
    "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReleaseKind {
    Published,
    Amended,
    Withdrawn,
    Closed,
}

impl ReleaseKind {
    pub fn tag(self) -> &'static str {
        match self {
            ReleaseKind::Published => "planning",
            _ => "planningUpdate",
        }
    }

    fn slug(self) -> &'static str {
        match self {
            ReleaseKind::Published => "published",
            ReleaseKind::Amended => "amended",
            ReleaseKind::Withdrawn => "withdrawn",
            ReleaseKind::Closed => "closed",
        }
    }
}

/// The ISO 3166-2:GB codes GB-LAE uses for the 33 London authorities, by ONS code.
const GB_LAE: &[(&str, &str)] = &[
    ("E09000001", "LND"),
    ("E09000002", "BDG"),
    ("E09000003", "BNE"),
    ("E09000004", "BEX"),
    ("E09000005", "BEN"),
    ("E09000006", "BRY"),
    ("E09000007", "CMD"),
    ("E09000008", "CRY"),
    ("E09000009", "EAL"),
    ("E09000010", "ENF"),
    ("E09000011", "GRE"),
    ("E09000012", "HCK"),
    ("E09000013", "HMF"),
    ("E09000014", "HRY"),
    ("E09000015", "HRW"),
    ("E09000016", "HAV"),
    ("E09000017", "HIL"),
    ("E09000018", "HNS"),
    ("E09000019", "ISL"),
    ("E09000020", "KEC"),
    ("E09000021", "KTT"),
    ("E09000022", "LBH"),
    ("E09000023", "LEW"),
    ("E09000024", "MRT"),
    ("E09000025", "NWM"),
    ("E09000026", "RDB"),
    ("E09000027", "RIC"),
    ("E09000028", "SWK"),
    ("E09000029", "STN"),
    ("E09000030", "TWH"),
    ("E09000031", "WFT"),
    ("E09000032", "WND"),
    ("E09000033", "WSM"),
];

fn gb_lae(ons: &str) -> Option<&'static str> {
    GB_LAE.iter().find(|(o, _)| *o == ons).map(|(_, c)| *c)
}

fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn party_id(authority: &AuthorityView) -> String {
    match authority.ons_code.as_deref().and_then(gb_lae) {
        Some(code) => format!("GB-LAE-{code}"),
        None => format!("coprocure-{}", authority.organisation_id.0),
    }
}

fn party(authority: &AuthorityView, lead: bool) -> Value {
    let mut party = json!({
        "id": party_id(authority),
        "name": authority.name,
        "roles": if lead { json!(["buyer", "procuringEntity"]) } else { json!(["buyer"]) },
    });
    if let Some(ons) = authority.ons_code.as_deref() {
        if let Some(code) = gb_lae(ons) {
            party["identifier"] =
                json!({ "scheme": "GB-LAE", "id": code, "legalName": authority.name });
        }
        party["additionalIdentifiers"] = json!([{ "scheme": "GB-ONS-GSS", "id": ons }]);
    }
    party
}

fn value(pounds: i64) -> Value {
    json!({ "amount": pounds, "currency": "GBP" })
}

/// One release for `notice` after `kind`, numbered `sequence` (from 1) among its releases.
/// Pure: everything it says comes from its arguments.
pub fn release(
    notice: &NoticeView,
    kind: ReleaseKind,
    sequence: u64,
    amendment: Option<(&str, &[String])>,
    date: DateTime<Utc>,
    base_url: &str,
) -> Value {
    let reference = notice.reference.clone().unwrap_or_default();
    let page = format!("{base_url}/notices/{reference}");
    let parties: Vec<Value> = notice
        .authorities
        .iter()
        .enumerate()
        .map(|(i, a)| party(a, i == 0))
        .collect();
    let lead = notice
        .lead()
        .map(|a| json!({ "id": party_id(a), "name": a.name }));
    let mut milestones = Vec::new();
    if let Some(close) = notice.details.closes_at {
        milestones.push(json!({
            "id": "engagement-closes",
            "title": "Market engagement closes",
            "type": "engagement",
            "dueDate": time(close),
            "status": if notice.status == NoticeStatus::Published { "scheduled" } else { "met" },
        }));
    }
    if let Some(deadline) = notice.details.clarification_deadline {
        milestones.push(json!({
            "id": "clarification-deadline",
            "title": "Deadline for clarification questions",
            "type": "engagement",
            "dueDate": time(deadline),
        }));
    }
    for (i, event) in notice.events.iter().enumerate() {
        let place = [event.place.as_str(), event.online_link.as_str()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" – ");
        milestones.push(json!({
            "id": format!("event-{}", i + 1),
            "title": event.kind.label(),
            "type": "engagement",
            "dueDate": time(event.starts_at),
            "description": format!("{place}. How to register: {}", event.how_to_register),
        }));
    }
    let items: Vec<Value> = notice
        .cpv
        .iter()
        .enumerate()
        .map(|(i, c)| {
            json!({
                "id": (i + 1).to_string(),
                "description": c.description,
                "classification": { "scheme": "CPV", "id": c.code, "description": c.description },
            })
        })
        .collect();
    let mut tender = json!({
        "id": reference,
        "title": notice.details.title,
        "description": notice.details.description,
        "status": if notice.status == NoticeStatus::Withdrawn { "withdrawn" } else { "planning" },
        "items": items,
    });
    if let Some(lead) = &lead {
        tender["procuringEntity"] = lead.clone();
    }
    // A range goes in tender.minValue and tender.value (the most it may be worth); a
    // single figure only in tender.value. planning.budget would claim money set aside,
    // which an engagement estimate is not.
    match (notice.details.value_min, notice.details.value_max) {
        (Some(min), Some(max)) => {
            tender["minValue"] = value(min);
            tender["value"] = value(max);
        }
        (None, Some(max)) => tender["value"] = value(max),
        (Some(min), None) => tender["minValue"] = value(min),
        (None, None) => {}
    }
    if let Some(deadline) = notice.details.clarification_deadline {
        tender["enquiryPeriod"] = json!({ "endDate": time(deadline) });
        tender["hasEnquiries"] = json!(false);
    }
    let mut document = json!({
        "id": "market-engagement-notice",
        "documentType": "marketEngagementNotice",
        "title": notice.details.title,
        "url": page,
        "format": "text/html",
        "language": "en",
    });
    if let Some(published) = notice.published_at {
        document["datePublished"] = json!(time(published));
    }
    if let Some(amended) = notice.amended_at {
        document["dateModified"] = json!(time(amended));
    }
    let mut rationale = String::new();
    if kind == ReleaseKind::Withdrawn {
        rationale = format!(
            "Withdrawn: {}",
            notice.withdrawn_reason.clone().unwrap_or_default()
        );
    }
    let mut planning = json!({
        "milestones": milestones,
        "documents": [document],
    });
    if !rationale.is_empty() {
        planning["rationale"] = json!(rationale);
    }
    if let Some((reason, changes)) = amendment {
        tender["amendments"] = json!([{
            "id": sequence.to_string(),
            "date": time(date),
            "rationale": reason,
            "description": format!("Changed: {}", changes.join(", ")),
        }]);
    }
    let mut release = json!({
        "ocid": format!("{OCID_PREFIX}{reference}"),
        "id": format!("{reference}-{sequence:03}-{}", kind.slug()),
        "date": time(date),
        "tag": [kind.tag()],
        "initiationType": "tender",
        "language": "en",
        "parties": parties,
        "planning": planning,
        "tender": tender,
    });
    if let Some(lead) = lead {
        release["buyer"] = lead;
    }
    release
}

/// Builds and stores the release for an event that has just happened to `row`, inside
/// the transaction that made it happen.
pub(crate) async fn record_release(
    txn: &impl ConnectionTrait,
    row: &notice::Model,
    kind: ReleaseKind,
    amendment: Option<(&str, &[String])>,
    now: DateTime<Utc>,
    base_url: &str,
) -> DomainResult<()> {
    let current = view(txn, row, now).await?;
    let sequence = notice_release::Entity::find()
        .filter(notice_release::Column::NoticeId.eq(row.id))
        .count(txn)
        .await?
        + 1;
    let body = release(&current, kind, sequence, amendment, now, base_url);
    notice_release::ActiveModel {
        id: Set(Uuid::new_v4()),
        notice_id: Set(row.id),
        release_id: Set(body["id"].as_str().unwrap_or_default().to_string()),
        tag: Set(kind.tag().into()),
        released_at: Set(now),
        body: Set(body.to_string()),
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// The start of a release package, up to the opening of its `releases` array.
pub fn package_head(uri: &str, published: DateTime<Utc>, base_url: &str) -> String {
    let head = json!({
        "uri": uri,
        "version": "1.1",
        "publishedDate": time(published),
        "publisher": { "name": PUBLISHER_NAME, "uri": base_url },
        "license": LICENSE,
        "publicationPolicy": format!("{base_url}/notices"),
    })
    .to_string();
    // `{…}` becomes `{…,"releases":[`, so stored release texts can follow as they are.
    format!("{},\"releases\":[", &head[..head.len() - 1])
}

pub const PACKAGE_TAIL: &str = "]}";

/// Where a page of releases ends, to start the next one after it.
pub type ReleaseCursor = (DateTime<Utc>, Uuid);

/// Up to `limit` stored releases of every public notice, oldest first, after `cursor`.
/// Drafts never have releases, so no notice needs to be read.
pub async fn release_page(
    db: &impl ConnectionTrait,
    cursor: Option<ReleaseCursor>,
    limit: u64,
) -> DomainResult<Vec<(ReleaseCursor, String)>> {
    let mut query = notice_release::Entity::find()
        .order_by_asc(notice_release::Column::ReleasedAt)
        .order_by_asc(notice_release::Column::Id)
        .limit(limit);
    if let Some((at, id)) = cursor {
        query = query.filter(
            Condition::any()
                .add(notice_release::Column::ReleasedAt.gt(at))
                .add(
                    Condition::all()
                        .add(notice_release::Column::ReleasedAt.eq(at))
                        .add(notice_release::Column::Id.gt(id)),
                ),
        );
    }
    Ok(query
        .all(db)
        .await?
        .into_iter()
        .map(|r| ((r.released_at, r.id), r.body))
        .collect())
}

/// Every release of one notice, oldest first.
pub async fn releases_of(db: &impl ConnectionTrait, notice_id: Uuid) -> DomainResult<Vec<String>> {
    Ok(notice_release::Entity::find()
        .filter(notice_release::Column::NoticeId.eq(notice_id))
        .order_by_asc(notice_release::Column::ReleasedAt)
        .order_by_asc(notice_release::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.body)
        .collect())
}

/// The release package of one published notice, by reference; drafts are not found.
pub async fn notice_package(
    db: &impl ConnectionTrait,
    reference: &str,
    base_url: &str,
) -> DomainResult<String> {
    let row = super::by_reference(db, reference)
        .await?
        .filter(|r| r.status != NoticeStatus::Draft.as_str())
        .ok_or(crate::ssr::error::DomainError::NotFound)?;
    let releases = releases_of(db, row.id).await?;
    let published = row
        .amended_at
        .or(row.withdrawn_at)
        .or(row.published_at)
        .unwrap_or(row.updated_at);
    Ok(format!(
        "{}{}{}",
        package_head(
            &format!("{base_url}/notices/{reference}.ocds.json"),
            published,
            base_url
        ),
        releases.join(","),
        PACKAGE_TAIL
    ))
}

/// When the newest release was made: the package's `publishedDate`.
pub async fn latest_release_at(db: &impl ConnectionTrait) -> DomainResult<Option<DateTime<Utc>>> {
    Ok(notice_release::Entity::find()
        .order_by_desc(notice_release::Column::ReleasedAt)
        .one(db)
        .await?
        .map(|r| r.released_at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::engagement::{EngagementEventKind, NoticeStatus};
    use crate::domain::notice_rules::Details;
    use crate::domain::{MemberRole, OrganisationId};
    use crate::ssr::notices::{CpvView, EventView};
    use chrono::TimeZone;

    fn notice() -> NoticeView {
        let at = |d, h| Utc.with_ymd_and_hms(2027, 2, d, h, 0, 0).unwrap();
        NoticeView {
            id: Uuid::nil(),
            challenge_id: Uuid::nil(),
            reference: Some("CP-2027-0001".into()),
            stored_status: NoticeStatus::Published,
            status: NoticeStatus::Published,
            details: Details {
                title: "Housing systems".into(),
                description: "One platform".into(),
                value_min: Some(100),
                value_max: Some(900),
                closes_at: Some(at(20, 17)),
                clarification_deadline: Some(at(10, 17)),
                contact_name: "Team".into(),
                contact_email: "team@camden.gov.uk".into(),
                contact_phone: String::new(),
            },
            description_html: String::new(),
            cpv: vec![CpvView {
                code: "48000000".into(),
                description: "Software package and information systems".into(),
            }],
            events: vec![EventView {
                id: Uuid::nil(),
                kind: EngagementEventKind::Webinar,
                starts_at: at(3, 10),
                ends_at: None,
                place: String::new(),
                online_link: "https://meet.example".into(),
                how_to_register: "Email us".into(),
            }],
            questions: vec![],
            authorities: vec![
                AuthorityView {
                    organisation_id: OrganisationId(Uuid::nil()),
                    name: "Camden".into(),
                    ons_code: Some("E09000007".into()),
                    role: MemberRole::Lead,
                },
                AuthorityView {
                    organisation_id: OrganisationId(Uuid::nil()),
                    name: "Hackney".into(),
                    ons_code: Some("E09000012".into()),
                    role: MemberRole::Participant,
                },
            ],
            amendments: vec![],
            service_area: "housing".into(),
            service_area_name: "Housing".into(),
            published_at: Some(at(1, 9)),
            amended_at: None,
            withdrawn_at: None,
            withdrawn_reason: None,
            version: 2,
        }
    }

    #[test]
    fn a_publication_is_a_planning_release_with_the_lead_as_buyer() {
        let at = Utc.with_ymd_and_hms(2027, 2, 1, 9, 0, 0).unwrap();
        let r = release(
            &notice(),
            ReleaseKind::Published,
            1,
            None,
            at,
            "https://x.test",
        );
        assert_eq!(r["ocid"], "ocds-coprocure-CP-2027-0001");
        assert_eq!(r["id"], "CP-2027-0001-001-published");
        assert_eq!(r["tag"], json!(["planning"]));
        assert_eq!(r["date"], "2027-02-01T09:00:00Z");
        assert_eq!(r["buyer"], json!({ "id": "GB-LAE-CMD", "name": "Camden" }));
        assert_eq!(
            r["parties"][0]["roles"],
            json!(["buyer", "procuringEntity"])
        );
        assert_eq!(r["parties"][0]["identifier"]["scheme"], "GB-LAE");
        assert_eq!(
            r["parties"][0]["additionalIdentifiers"][0]["id"],
            "E09000007"
        );
        assert_eq!(r["parties"][1]["roles"], json!(["buyer"]));
        let milestone = &r["planning"]["milestones"][0];
        assert_eq!(milestone["type"], "engagement");
        assert_eq!(milestone["dueDate"], "2027-02-20T17:00:00Z");
        let document = &r["planning"]["documents"][0];
        assert_eq!(document["documentType"], "marketEngagementNotice");
        assert_eq!(document["url"], "https://x.test/notices/CP-2027-0001");
        assert_eq!(
            r["tender"]["items"][0]["classification"],
            json!({ "scheme": "CPV", "id": "48000000", "description": "Software package and information systems" })
        );
        assert_eq!(r["tender"]["minValue"]["amount"], 100);
        assert_eq!(r["tender"]["value"]["amount"], 900);
    }

    #[test]
    fn later_events_are_planning_updates() {
        let at = Utc.with_ymd_and_hms(2027, 2, 5, 9, 0, 0).unwrap();
        let changes = vec!["Closing date".to_string()];
        let r = release(
            &notice(),
            ReleaseKind::Amended,
            2,
            Some(("More time", &changes)),
            at,
            "https://x.test",
        );
        assert_eq!(r["tag"], json!(["planningUpdate"]));
        assert_eq!(r["tender"]["amendments"][0]["rationale"], "More time");
        let mut withdrawn = notice();
        withdrawn.status = NoticeStatus::Withdrawn;
        withdrawn.withdrawn_reason = Some("No budget".into());
        let r = release(
            &withdrawn,
            ReleaseKind::Withdrawn,
            3,
            None,
            at,
            "https://x.test",
        );
        assert_eq!(r["tender"]["status"], "withdrawn");
        assert_eq!(r["planning"]["rationale"], "Withdrawn: No budget");
    }

    #[test]
    fn a_package_head_opens_the_releases_array() {
        let at = Utc.with_ymd_and_hms(2027, 2, 5, 9, 0, 0).unwrap();
        let text = format!(
            "{}{}{}",
            package_head("https://x.test/notices.ocds.json", at, "https://x.test"),
            "{\"a\":1}",
            PACKAGE_TAIL
        );
        let parsed: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed["version"], "1.1");
        assert_eq!(parsed["releases"], json!([{ "a": 1 }]));
    }
}
