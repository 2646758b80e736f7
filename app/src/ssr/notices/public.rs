//! The public side: the list of notices (searchable, filtered, paged, newest first; drafts
//! never appear) and one notice by its reference, for anyone, signed in or not.

use super::{authorize, by_reference, cpv, view, NoticeView};
use crate::domain::engagement::NoticeStatus;
use crate::domain::engagement_policy::NoticeAction;
use crate::domain::policy::Actor;
use crate::ssr::entities::{notice, notice_authority, notice_cpv_code, organisation};
use crate::ssr::error::{DomainError, DomainResult};
use crate::ssr::reference::{london_authorities, SERVICE_AREAS};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;
use uuid::Uuid;

pub const PER_PAGE: u64 = 20;
const SUMMARY_CHARS: usize = 240;
const MAX_QUERY_WORDS: usize = 8;

/// The list's options, as they come in the query string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListQuery {
    pub q: String,
    /// A two-digit CPV division.
    pub division: String,
    /// A service area slug.
    pub service_area: String,
    /// An authority's ONS code.
    pub authority: String,
    /// "open", "closed", "withdrawn" or "" for all.
    pub status: String,
    pub page: u64,
}

impl ListQuery {
    pub fn from_pairs(get: impl Fn(&str) -> Option<String>) -> Self {
        let text = |k: &str| get(k).map(|v| v.trim().to_string()).unwrap_or_default();
        ListQuery {
            q: text("q").chars().take(200).collect(),
            division: text("division"),
            service_area: text("service_area"),
            authority: text("authority"),
            status: text("status"),
            page: text("page").parse().unwrap_or(1).max(1),
        }
    }

    /// The query string for the same search on another page.
    pub fn href(&self, page: u64) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        for (key, value) in [
            ("q", &self.q),
            ("division", &self.division),
            ("service_area", &self.service_area),
            ("authority", &self.authority),
            ("status", &self.status),
        ] {
            if !value.is_empty() {
                pairs.push((key, value.clone()));
            }
        }
        if page > 1 {
            pairs.push(("page", page.to_string()));
        }
        let query = pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={}", urlencode(&v)))
            .collect::<Vec<_>>()
            .join("&");
        if query.is_empty() {
            "/notices".into()
        } else {
            format!("/notices?{query}")
        }
    }

    pub fn is_filtered(&self) -> bool {
        !(self.q.is_empty()
            && self.division.is_empty()
            && self.service_area.is_empty()
            && self.authority.is_empty()
            && self.status.is_empty())
    }
}

fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListItem {
    pub reference: String,
    pub title: String,
    pub lead: String,
    pub status: NoticeStatus,
    pub closes_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
    pub amended: bool,
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListPage {
    pub query: ListQuery,
    pub items: Vec<ListItem>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
    pub divisions: Vec<Choice>,
    pub service_areas: Vec<Choice>,
    pub authorities: Vec<Choice>,
}

/// The filter choices never change while the service runs: built once.
fn choices() -> &'static (Vec<Choice>, Vec<Choice>, Vec<Choice>) {
    static CHOICES: OnceLock<(Vec<Choice>, Vec<Choice>, Vec<Choice>)> = OnceLock::new();
    CHOICES.get_or_init(|| {
        let divisions = cpv::divisions()
            .into_iter()
            .map(|c| Choice {
                value: c.division().to_string(),
                label: format!("{} – {}", c.division(), c.description),
            })
            .collect();
        let areas = SERVICE_AREAS
            .iter()
            .map(|(slug, name)| Choice {
                value: slug.to_string(),
                label: name.to_string(),
            })
            .collect();
        let mut authorities: Vec<Choice> = london_authorities()
            .into_iter()
            .map(|a| Choice {
                value: a.ons_code,
                label: a.name,
            })
            .collect();
        authorities.sort_by(|a, b| a.label.cmp(&b.label));
        (divisions, areas, authorities)
    })
}

/// The words of a description without Markdown's marks, cut at a word near `max`.
fn summary(markdown: &str, max: usize) -> String {
    let mut out = String::new();
    let mut length = 0;
    for word in markdown
        .split(|c: char| c.is_whitespace() || "#*_`>[]|".contains(c))
        .filter(|w| !w.is_empty())
    {
        let word_length = word.chars().count();
        if length + word_length + 1 > max {
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
            length += 1;
        }
        out.push_str(word);
        length += word_length;
    }
    out
}

/// One page of the public list: the notices found and how many there are.
pub async fn list(
    db: &impl ConnectionTrait,
    query: ListQuery,
    now: DateTime<Utc>,
) -> DomainResult<ListPage> {
    let mut condition = Condition::all();
    let published = NoticeStatus::Published.as_str();
    condition = match query.status.as_str() {
        "open" => condition
            .add(notice::Column::Status.eq(published))
            .add(notice::Column::ClosesAt.gt(now)),
        "closed" => condition.add(
            Condition::any()
                .add(notice::Column::Status.eq(NoticeStatus::Closed.as_str()))
                .add(
                    Condition::all()
                        .add(notice::Column::Status.eq(published))
                        .add(notice::Column::ClosesAt.lte(now)),
                ),
        ),
        "withdrawn" => condition.add(notice::Column::Status.eq(NoticeStatus::Withdrawn.as_str())),
        _ => condition.add(notice::Column::Status.is_in([
            published,
            NoticeStatus::Closed.as_str(),
            NoticeStatus::Withdrawn.as_str(),
        ])),
    };
    for word in query
        .q
        .to_lowercase()
        .split_whitespace()
        .take(MAX_QUERY_WORDS)
    {
        // `%` and `_` typed by someone are letters to find, not LIKE wildcards.
        let escaped: String = word
            .chars()
            .flat_map(|c| match c {
                '%' | '_' | '\\' => vec!['\\', c],
                c => vec![c],
            })
            .collect();
        condition = condition.add(
            notice::Column::SearchText
                .like(sea_orm::sea_query::LikeExpr::new(format!("%{escaped}%")).escape('\\')),
        );
    }
    if !query.division.is_empty() {
        condition = condition.add(
            notice::Column::Id.in_subquery(
                Query::select()
                    .column(notice_cpv_code::Column::NoticeId)
                    .from(notice_cpv_code::Entity)
                    .and_where(notice_cpv_code::Column::Division.eq(query.division.as_str()))
                    .to_owned(),
            ),
        );
    }
    if !query.service_area.is_empty() {
        condition = condition.add(notice::Column::ServiceArea.eq(query.service_area.as_str()));
    }
    if !query.authority.is_empty() {
        let org = organisation::Entity::find()
            .filter(organisation::Column::OnsCode.eq(query.authority.as_str()))
            .one(db)
            .await?;
        condition = condition.add(
            notice::Column::Id.in_subquery(
                Query::select()
                    .column(notice_authority::Column::NoticeId)
                    .from(notice_authority::Entity)
                    .and_where(
                        notice_authority::Column::OrganisationId
                            .eq(org.map(|o| o.id).unwrap_or(Uuid::nil())),
                    )
                    .to_owned(),
            ),
        );
    }
    let base = notice::Entity::find().filter(condition);
    // Only the columns the list shows, with the lead authority's name joined in; with
    // `counted`, the number of notices found too (the same on every row).
    type Listed = (
        String,
        String,
        String,
        String,
        Option<DateTime<Utc>>,
        Option<DateTime<Utc>>,
        Option<DateTime<Utc>>,
        Option<String>,
        i64,
    );
    let page_of = |page: u64, counted: bool| {
        base.clone()
            .select_only()
            .columns([
                notice::Column::Reference,
                notice::Column::Title,
                notice::Column::Description,
                notice::Column::Status,
                notice::Column::ClosesAt,
                notice::Column::PublishedAt,
                notice::Column::AmendedAt,
            ])
            .column(organisation::Column::Name)
            .column_as(
                Expr::cust(if counted {
                    "COUNT(*) OVER ()"
                } else {
                    "CAST(0 AS BIGINT)"
                }),
                "found",
            )
            .join(
                sea_orm::JoinType::LeftJoin,
                notice::Entity::belongs_to(organisation::Entity)
                    .from(notice::Column::LeadOrganisationId)
                    .to(organisation::Column::Id)
                    .into(),
            )
            .order_by_desc(notice::Column::PublishedAt)
            .order_by_desc(notice::Column::Id)
            .offset((page - 1) * PER_PAGE)
            .limit(PER_PAGE)
            .into_tuple::<Listed>()
    };
    let counted_page = |total: u64| async move {
        let page = query.page.clamp(1, total.div_ceil(PER_PAGE).max(1));
        let rows = page_of(page, false).all(db).await?;
        Ok::<_, DomainError>((total, page, rows))
    };
    // A word search reads every matching notice's text: counting them in the same pass as
    // the page halves that. The plain list counts from an index and reads only its page.
    let (total, page, rows) = if query.q.trim().is_empty() {
        counted_page(base.clone().count(db).await?).await?
    } else {
        let rows = page_of(query.page, true).all(db).await?;
        match rows.first() {
            Some(first) => (u64::try_from(first.8).unwrap_or(0), query.page, rows),
            None if query.page <= 1 => (0, 1, rows),
            // Past the last page: show the last one, as the plain list does.
            None => counted_page(base.clone().count(db).await?).await?,
        }
    };
    let pages = total.div_ceil(PER_PAGE).max(1);
    let items = rows
        .into_iter()
        .map(
            |(
                reference,
                title,
                description,
                status,
                closes_at,
                published_at,
                amended_at,
                lead,
                _,
            )| {
                ListItem {
                    status: NoticeStatus::parse(&status)
                        .unwrap_or(NoticeStatus::Closed)
                        .effective(closes_at, now),
                    lead: lead.unwrap_or_default(),
                    summary: summary(&description, SUMMARY_CHARS),
                    amended: amended_at.is_some(),
                    reference,
                    title,
                    closes_at,
                    published_at,
                }
            },
        )
        .collect();
    let (divisions, service_areas, authorities) = choices().clone();
    Ok(ListPage {
        query: ListQuery { page, ..query },
        items,
        total,
        page,
        pages,
        divisions,
        service_areas,
        authorities,
    })
}

/// A notice as the public sees it, with the row the supplier panels need.
pub struct PublicNotice {
    pub view: NoticeView,
    pub row: notice::Model,
    /// Whether the actor is in the notice's challenge (to link to its working page).
    pub is_member: bool,
}

pub async fn detail(
    db: &impl ConnectionTrait,
    actor: &Actor,
    reference: &str,
    now: DateTime<Utc>,
) -> DomainResult<PublicNotice> {
    let row = by_reference(db, reference)
        .await?
        .ok_or(DomainError::NotFound)?;
    let facts = authorize(db, actor, &row, NoticeAction::View, now).await?;
    Ok(PublicNotice {
        view: view(db, &row, now).await?,
        row,
        is_member: facts.actor_role.is_some(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_drop_markdown_and_stop_at_a_word() {
        assert_eq!(
            summary("## The *problem*\n\n- one", 100),
            "The problem - one"
        );
        assert_eq!(summary("alpha beta gamma", 11), "alpha beta…");
    }

    #[test]
    fn the_query_string_keeps_the_filters() {
        let query = ListQuery {
            q: "housing & repairs".into(),
            division: "72".into(),
            ..Default::default()
        };
        assert_eq!(
            query.href(2),
            "/notices?q=housing+%26+repairs&division=72&page=2"
        );
        assert_eq!(ListQuery::default().href(1), "/notices");
    }
}
