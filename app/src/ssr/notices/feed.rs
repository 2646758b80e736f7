//! The Atom 1.0 feed of notices newly published or amended, newest first.

use crate::domain::engagement::{format_london, NoticeStatus};
use crate::ssr::entities::{notice, organisation};
use crate::ssr::error::DomainResult;
use chrono::{DateTime, SecondsFormat, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;
use uuid::Uuid;

pub const FEED_ENTRIES: u64 = 50;

/// Text made safe for XML content and attribute values.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub struct FeedEntry {
    pub reference: String,
    pub title: String,
    pub lead: String,
    pub closes_at: Option<DateTime<Utc>>,
    pub published_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub amended: bool,
    pub withdrawn: bool,
    pub description: String,
}

/// The feed document. Pure, so its escaping is tested without a database.
pub fn atom(entries: &[FeedEntry], base_url: &str, now: DateTime<Utc>) -> String {
    let updated = entries.first().map(|e| e.updated_at).unwrap_or(now);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>Coprocure market engagement notices</title>\n<subtitle>Preliminary market engagement notices from London's local authorities</subtitle>\n<id>{base}/notices.atom</id>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{base}/notices.atom\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{base}/notices\"/>\n<updated>{}</updated>\n<author><name>Coprocure</name></author>\n",
        time(updated),
        base = xml_escape(base_url),
    );
    for entry in entries {
        let url = format!("{base_url}/notices/{}", entry.reference);
        let prefix = if entry.withdrawn {
            "Withdrawn: "
        } else if entry.amended {
            "Amended: "
        } else {
            ""
        };
        let closes = entry
            .closes_at
            .map(|c| format!(" Closes {}.", format_london(c)))
            .unwrap_or_default();
        let summary = format!(
            "{} ({}).{closes} {}",
            entry.lead,
            entry.reference,
            entry.description.chars().take(500).collect::<String>()
        );
        xml.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<published>{}</published>\n<updated>{}</updated>\n<author><name>{}</name></author>\n<summary type=\"text\">{}</summary>\n</entry>\n",
            xml_escape(&format!("{prefix}{}", entry.title)),
            xml_escape(&url),
            xml_escape(&url),
            time(entry.published_at),
            time(entry.updated_at),
            xml_escape(&entry.lead),
            xml_escape(&summary),
        ));
    }
    xml.push_str("</feed>\n");
    xml
}

/// The newest published, amended or withdrawn notices, by when they last changed.
pub async fn entries(db: &impl ConnectionTrait) -> DomainResult<Vec<FeedEntry>> {
    let rows = notice::Entity::find()
        .filter(notice::Column::Status.ne(NoticeStatus::Draft.as_str()))
        .filter(notice::Column::PublishedAt.is_not_null())
        .order_by_desc(Expr::cust(
            "COALESCE(withdrawn_at, amended_at, published_at)",
        ))
        .limit(FEED_ENTRIES)
        .all(db)
        .await?;
    let lead_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.lead_organisation_id).collect();
    let leads: HashMap<Uuid, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(lead_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let published_at = r.published_at?;
            Some(FeedEntry {
                updated_at: r.withdrawn_at.or(r.amended_at).unwrap_or(published_at),
                lead: r
                    .lead_organisation_id
                    .and_then(|id| leads.get(&id).cloned())
                    .unwrap_or_default(),
                amended: r.amended_at.is_some(),
                withdrawn: r.status == NoticeStatus::Withdrawn.as_str(),
                reference: r.reference,
                title: r.title,
                closes_at: r.closes_at,
                published_at,
                description: r.description,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_feed_escapes_what_people_type() {
        let at = Utc.with_ymd_and_hms(2027, 2, 1, 9, 0, 0).unwrap();
        let entry = FeedEntry {
            reference: "CP-2027-0001".into(),
            title: "Repairs <script> & \"more\"".into(),
            lead: "Barking & Dagenham".into(),
            closes_at: Some(at),
            published_at: at,
            updated_at: at,
            amended: true,
            withdrawn: false,
            description: "A \u{1} control character".into(),
        };
        let xml = atom(&[entry], "https://x.test", at);
        assert!(
            xml.contains("<title>Amended: Repairs &lt;script&gt; &amp; &quot;more&quot;</title>")
        );
        assert!(xml.contains("<name>Barking &amp; Dagenham</name>"));
        assert!(!xml.contains('\u{1}'));
        assert!(xml.contains("<id>https://x.test/notices/CP-2027-0001</id>"));
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
    }
}
