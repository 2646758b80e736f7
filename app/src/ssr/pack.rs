//! The challenge pack: the agreed user needs and buying criteria, with weights, guidance,
//! the traceability matrix and the sign-off status, as a lead borough pastes them into its
//! tender documents. Three forms: Markdown, CSV and a print-friendly page.
//!
//! Read straight from the entities: live needs (`status = "live"`) by position, live
//! criteria (`status = "live"`) by position and the needs each covers, the latest sign-off
//! round of the challenge and its decisions.
//!
//! ## CSV layout
//!
//! One header row, then one row per criterion × need it covers, in criterion order then
//! need order. A criterion that covers no need has one row with the need columns empty; a
//! need no criterion covers has one row with the criterion columns empty (after all the
//! criteria). Columns:
//!
//! `criterion_ref, criterion, type, category, weight_percent, description, guidance,
//!  need_ref, as_a, i_need, so_that, priority`
//!
//! `criterion_ref` is C1, C2, … and `need_ref` N1, N2, …, as in the Markdown and the page.
//! Fields are quoted when they contain a comma, a quote, or a line break (RFC 4180, CRLF
//! line ends, UTF-8 with a byte-order mark so that spreadsheet programs read it as UTF-8).
//! A text field starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`
//! so that a spreadsheet shows it as text instead of running it as a formula.

use super::challenges::{self, MemberView};
use super::entities::{
    criterion, criterion_need, need, organisation, signoff, signoff_round, user,
};
use super::error::DomainResult;
use super::markdown;
use crate::domain::moscow::Priority;
use crate::domain::policy::{Actor, ChallengeAction};
use crate::domain::traceability;
use crate::domain::weights::{Weight, WeightTotal};
use crate::domain::{ChallengeId, ChallengeStatus};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackNeed {
    pub id: Uuid,
    /// N1, N2, … in the agreed order.
    pub reference: String,
    pub as_a: String,
    pub i_need: String,
    pub so_that: String,
    /// The stored priority (`must`, …) and its label ("Must have").
    pub priority: String,
    pub priority_label: String,
    pub evidence: String,
    pub tags: Vec<String>,
}

impl PackNeed {
    /// "As a resident, I need …, so that …".
    pub fn statement(&self) -> String {
        format!(
            "As a {}, I need {}, so that {}",
            self.as_a.trim(),
            self.i_need.trim(),
            self.so_that.trim()
        )
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackCriterion {
    pub id: Uuid,
    /// C1, C2, … in the agreed order.
    pub reference: String,
    pub name: String,
    pub description: String,
    pub kind: String,
    pub kind_label: String,
    pub category: String,
    pub category_label: String,
    /// "25%", "12.5%"; empty for pass/fail criteria.
    pub weight: String,
    pub guidance: String,
    /// References of the needs it covers (N2, N5), in need order.
    pub covers: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackDecision {
    pub organisation_name: String,
    pub decision: String,
    pub decision_label: String,
    pub user_name: String,
    pub comment: String,
    pub decided_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackSignoff {
    pub status: String,
    pub status_label: String,
    pub criteria_set_version: i32,
    /// The criteria changed after this round was proposed: it no longer applies.
    pub outdated: bool,
    pub proposed_by: String,
    pub proposed_at: DateTime<Utc>,
    pub decisions: Vec<PackDecision>,
    /// Member authorities (lead and participants) that have not decided yet.
    pub waiting_for: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pack {
    pub challenge_id: ChallengeId,
    pub title: String,
    pub problem_statement: String,
    pub problem_statement_html: String,
    pub status_label: String,
    pub members: Vec<MemberView>,
    pub needs: Vec<PackNeed>,
    pub criteria: Vec<PackCriterion>,
    /// Sum of the scored weights ("100%").
    pub weight_total: String,
    /// What is wrong with the weights, if they do not add up to 100%.
    pub weight_problem: Option<String>,
    /// References of Must needs no criterion covers.
    pub uncovered_musts: Vec<String>,
    /// References of criteria that cover no need.
    pub criteria_without_needs: Vec<String>,
    pub criteria_set_version: i32,
    pub signoff: Option<PackSignoff>,
    pub generated_at: DateTime<Utc>,
}

impl Pack {
    /// A file name stem from the title: "fixing-repairs-faster-pack".
    pub fn file_stem(&self) -> String {
        let mut slug = String::new();
        for c in self.title.chars() {
            if c.is_ascii_alphanumeric() {
                slug.push(c.to_ascii_lowercase());
            } else if !slug.ends_with('-') && !slug.is_empty() {
                slug.push('-');
            }
            if slug.len() >= 60 {
                break;
            }
        }
        let slug = slug.trim_end_matches('-');
        if slug.is_empty() {
            "challenge-pack".into()
        } else {
            format!("{slug}-pack")
        }
    }

    /// Whether criterion `c` covers need `n` (by reference).
    pub fn covers(&self, criterion: &PackCriterion, need: &PackNeed) -> bool {
        criterion.covers.contains(&need.reference)
    }
}

/// "pass_fail" → "Pass/fail", "social_value" → "Social value", anything else humanised.
pub fn humanise(value: &str) -> String {
    match value {
        "pass_fail" => "Pass/fail".into(),
        "scored" => "Scored".into(),
        "quality" => "Quality".into(),
        "price" => "Price".into(),
        "social_value" => "Social value".into(),
        "open" => "Open for sign-off".into(),
        "agreed" | "approved" | "signed_off" => "Signed off".into(),
        "changes_requested" => "Changes requested".into(),
        "superseded" => "Superseded by later changes".into(),
        "closed" => "Closed".into(),
        other => {
            let spaced = other.replace('_', " ");
            let mut chars = spaced.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        }
    }
}

fn weight_label(hundredths: Option<i32>) -> Option<Weight> {
    hundredths
        .and_then(|h| u32::try_from(h).ok())
        .and_then(Weight::from_hundredths)
}

/// Loads the pack for a member of the challenge (ViewWork).
pub async fn load(db: &impl ConnectionTrait, actor: &Actor, id: ChallengeId) -> DomainResult<Pack> {
    let loaded = challenges::load_for(db, actor, id, ChallengeAction::ViewWork).await?;
    let row = loaded.row;
    let members = challenges::members(db, row.id).await?;

    let need_rows = need::Entity::find()
        .filter(need::Column::ChallengeId.eq(row.id))
        .filter(need::Column::Status.eq("live"))
        .order_by_asc(need::Column::Position)
        .order_by_asc(need::Column::CreatedAt)
        .all(db)
        .await?;
    let needs: Vec<PackNeed> = need_rows
        .into_iter()
        .enumerate()
        .map(|(i, n)| {
            let priority = Priority::parse(&n.priority);
            PackNeed {
                id: n.id,
                reference: format!("N{}", i + 1),
                priority_label: priority
                    .map(|p| p.label().to_string())
                    .unwrap_or_else(|| humanise(&n.priority)),
                priority: n.priority,
                as_a: n.as_a,
                i_need: n.i_need,
                so_that: n.so_that,
                evidence: n.evidence,
                tags: n
                    .tags
                    .split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_string)
                    .collect(),
            }
        })
        .collect();
    let need_ref: HashMap<Uuid, &PackNeed> = needs.iter().map(|n| (n.id, n)).collect();

    let criterion_rows = criterion::Entity::find()
        .filter(criterion::Column::ChallengeId.eq(row.id))
        .filter(criterion::Column::Status.eq("live"))
        .order_by_asc(criterion::Column::Position)
        .order_by_asc(criterion::Column::CreatedAt)
        .all(db)
        .await?;
    let criterion_ids: Vec<Uuid> = criterion_rows.iter().map(|c| c.id).collect();
    let links = criterion_need::Entity::find()
        .filter(criterion_need::Column::CriterionId.is_in(criterion_ids))
        .all(db)
        .await?;
    let mut covered: HashMap<Uuid, HashSet<Uuid>> = HashMap::new();
    for link in &links {
        covered
            .entry(link.criterion_id)
            .or_default()
            .insert(link.need_id);
    }
    let mut weights = Vec::new();
    let criteria: Vec<PackCriterion> = criterion_rows
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let scored = c.kind != "pass_fail";
            let weight = if scored {
                weight_label(c.weight_hundredths)
            } else {
                None
            };
            if let Some(w) = weight {
                weights.push(w);
            }
            let mine = covered.get(&c.id);
            PackCriterion {
                id: c.id,
                reference: format!("C{}", i + 1),
                kind_label: humanise(&c.kind),
                category_label: humanise(&c.category),
                weight: weight.map(|w| w.to_string()).unwrap_or_default(),
                covers: needs
                    .iter()
                    .filter(|n| mine.is_some_and(|set| set.contains(&n.id)))
                    .map(|n| n.reference.clone())
                    .collect(),
                name: c.name,
                description: c.description,
                kind: c.kind,
                category: c.category,
                guidance: c.guidance,
            }
        })
        .collect();
    let total = WeightTotal::of(weights);
    let any_scored = criteria.iter().any(|c| c.kind != "pass_fail");

    let need_priorities: Vec<(Uuid, Priority)> = needs
        .iter()
        .map(|n| {
            (
                n.id,
                Priority::parse(&n.priority).unwrap_or(Priority::Could),
            )
        })
        .collect();
    let criterion_list: Vec<Uuid> = criteria.iter().map(|c| c.id).collect();
    let coverage: Vec<(Uuid, Uuid)> = links.iter().map(|l| (l.criterion_id, l.need_id)).collect();
    let gaps = traceability::gaps(&need_priorities, &criterion_list, &coverage);
    let criterion_ref: HashMap<Uuid, &str> = criteria
        .iter()
        .map(|c| (c.id, c.reference.as_str()))
        .collect();

    let signoff = load_signoff(db, &row, &members).await?;
    let status_label = ChallengeStatus::parse(&row.status)
        .map(|s| s.label().to_string())
        .unwrap_or_else(|| humanise(&row.status));
    Ok(Pack {
        challenge_id: id,
        problem_statement_html: markdown::render(&row.problem_statement),
        uncovered_musts: gaps
            .uncovered_musts
            .iter()
            .filter_map(|n| need_ref.get(n).map(|n| n.reference.clone()))
            .collect(),
        criteria_without_needs: gaps
            .criteria_without_needs
            .iter()
            .filter_map(|c| criterion_ref.get(c).map(|r| r.to_string()))
            .collect(),
        weight_total: Weight::from_hundredths(
            u32::try_from(total.total_hundredths).unwrap_or(u32::MAX),
        )
        .map(|w| w.to_string())
        .unwrap_or_else(|| format!("{:.2}%", total.total_hundredths as f64 / 100.0)),
        weight_problem: if any_scored { total.problem() } else { None },
        title: row.title,
        problem_statement: row.problem_statement,
        status_label,
        members,
        needs,
        criteria,
        criteria_set_version: row.criteria_set_version,
        signoff,
        generated_at: Utc::now(),
    })
}

async fn load_signoff(
    db: &impl ConnectionTrait,
    row: &super::entities::challenge::Model,
    members: &[MemberView],
) -> DomainResult<Option<PackSignoff>> {
    let Some(round) = signoff_round::Entity::find()
        .filter(signoff_round::Column::ChallengeId.eq(row.id))
        .order_by_desc(signoff_round::Column::ProposedAt)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let decisions = signoff::Entity::find()
        .filter(signoff::Column::RoundId.eq(round.id))
        .order_by_asc(signoff::Column::DecidedAt)
        .all(db)
        .await?;
    let org_ids: Vec<Uuid> = decisions.iter().map(|d| d.organisation_id).collect();
    let orgs: HashMap<Uuid, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(org_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let proposer = user::Entity::find_by_id(round.proposed_by)
        .one(db)
        .await?
        .map(|u| u.display_name)
        .unwrap_or_else(|| "Unknown".into());
    let decided: HashSet<Uuid> = decisions.iter().map(|d| d.organisation_id).collect();
    let waiting_for = members
        .iter()
        .filter(|m| m.role != crate::domain::MemberRole::Observer)
        .filter(|m| !decided.contains(&m.organisation_id.0))
        .map(|m| m.name.clone())
        .collect();
    Ok(Some(PackSignoff {
        status_label: humanise(&round.status),
        outdated: round.criteria_set_version != row.criteria_set_version,
        status: round.status,
        criteria_set_version: round.criteria_set_version,
        proposed_by: proposer,
        proposed_at: round.proposed_at,
        decisions: decisions
            .into_iter()
            .map(|d| PackDecision {
                organisation_name: orgs
                    .get(&d.organisation_id)
                    .cloned()
                    .unwrap_or_else(|| "Unknown authority".into()),
                decision_label: humanise(&d.decision),
                decision: d.decision,
                user_name: d.user_name,
                comment: d.comment,
                decided_at: d.decided_at,
            })
            .collect(),
        waiting_for,
    }))
}

// ------------------------------------------------------------------------- Markdown

/// Makes text safe inside a Markdown table cell: one line, pipes escaped.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('\\', "\\\\")
        .replace('|', "\\|")
}

/// Makes one-line plain text safe in running Markdown (no accidental emphasis, links or
/// headings, and no raw HTML).
fn inline(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(one_line.len());
    for c in one_line.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Markdown written by members (evidence, guidance, the problem statement), indented under
/// its item; headings are demoted so they cannot break the pack's own structure.
fn block(text: &str, prefix: &str) -> String {
    text.trim()
        .lines()
        .map(|line| {
            let trimmed = line.trim_start();
            let line = if trimmed.starts_with('#') {
                format!("**{}**", trimmed.trim_start_matches('#').trim())
            } else {
                line.to_string()
            };
            if line.is_empty() {
                prefix.trim_end().to_string()
            } else {
                format!("{prefix}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn to_markdown(pack: &Pack) -> String {
    let mut md = String::new();
    let push = |md: &mut String, line: &str| {
        md.push_str(line);
        md.push('\n');
    };
    push(&mut md, &format!("# {}", inline(&pack.title)));
    push(&mut md, "");
    push(
        &mut md,
        &format!(
            "Challenge pack generated on {}. Status: {}. Criteria set version {}.",
            crate::ui::format::date_time(&pack.generated_at),
            pack.status_label,
            pack.criteria_set_version
        ),
    );
    push(&mut md, "");
    push(&mut md, "## Problem statement");
    push(&mut md, "");
    push(&mut md, &block(&pack.problem_statement, ""));
    push(&mut md, "");
    push(&mut md, "## Member authorities");
    push(&mut md, "");
    for m in &pack.members {
        push(
            &mut md,
            &format!("- {} ({})", inline(&m.name), m.role.label()),
        );
    }
    push(&mut md, "");
    push(&mut md, "## User needs");
    push(&mut md, "");
    if pack.needs.is_empty() {
        push(&mut md, "No user needs have been agreed yet.");
        push(&mut md, "");
    }
    for n in &pack.needs {
        push(
            &mut md,
            &format!(
                "### {}. {} ({})",
                n.reference,
                inline(&truncate_words(&n.i_need, 80)),
                n.priority_label
            ),
        );
        push(&mut md, "");
        push(&mut md, &format!("- **As a** {}", inline(&n.as_a)));
        push(&mut md, &format!("- **I need** {}", inline(&n.i_need)));
        push(&mut md, &format!("- **So that** {}", inline(&n.so_that)));
        push(&mut md, &format!("- **Priority:** {}", n.priority_label));
        if !n.tags.is_empty() {
            let tags: Vec<String> = n.tags.iter().map(|t| inline(t)).collect();
            push(&mut md, &format!("- **Tags:** {}", tags.join(", ")));
        }
        if !n.evidence.trim().is_empty() {
            push(&mut md, "");
            push(&mut md, "Evidence:");
            push(&mut md, "");
            push(&mut md, &block(&n.evidence, "> "));
        }
        push(&mut md, "");
    }
    push(&mut md, "## Buying criteria");
    push(&mut md, "");
    if pack.criteria.is_empty() {
        push(&mut md, "No buying criteria have been written yet.");
        push(&mut md, "");
    } else {
        push(
            &mut md,
            "| Ref | Criterion | Type | Category | Weight | Needs covered |",
        );
        push(&mut md, "|---|---|---|---|---|---|");
        for c in &pack.criteria {
            push(
                &mut md,
                &format!(
                    "| {} | {} | {} | {} | {} | {} |",
                    c.reference,
                    cell(&c.name),
                    c.kind_label,
                    c.category_label,
                    if c.weight.is_empty() {
                        "–"
                    } else {
                        &c.weight
                    },
                    if c.covers.is_empty() {
                        "none".to_string()
                    } else {
                        c.covers.join(", ")
                    }
                ),
            );
        }
        push(&mut md, "");
        push(
            &mut md,
            &format!("Scored weights add up to {}.", pack.weight_total),
        );
        if let Some(problem) = &pack.weight_problem {
            push(&mut md, "");
            push(&mut md, &format!("**Warning:** {problem}."));
        }
        push(&mut md, "");
        for c in &pack.criteria {
            push(
                &mut md,
                &format!("### {}. {}", c.reference, inline(&c.name)),
            );
            push(&mut md, "");
            let weight = if c.weight.is_empty() {
                String::new()
            } else {
                format!(", weight {}", c.weight)
            };
            push(
                &mut md,
                &format!(
                    "{}, {}{weight}.",
                    c.kind_label,
                    c.category_label.to_lowercase()
                ),
            );
            push(&mut md, "");
            if !c.description.trim().is_empty() {
                push(&mut md, &block(&c.description, ""));
                push(&mut md, "");
            }
            if !c.guidance.trim().is_empty() {
                push(&mut md, "Scoring guidance:");
                push(&mut md, "");
                push(&mut md, &block(&c.guidance, "> "));
                push(&mut md, "");
            }
            let covered: Vec<String> = pack
                .needs
                .iter()
                .filter(|n| pack.covers(c, n))
                .map(|n| format!("- {}: {}", n.reference, inline(&n.statement())))
                .collect();
            if covered.is_empty() {
                push(&mut md, "Covers no user need.");
            } else {
                push(&mut md, "Covers:");
                push(&mut md, "");
                for line in covered {
                    push(&mut md, &line);
                }
            }
            push(&mut md, "");
        }
    }
    push(&mut md, "## Traceability matrix");
    push(&mut md, "");
    if pack.needs.is_empty() || pack.criteria.is_empty() {
        push(
            &mut md,
            "The matrix needs at least one user need and one criterion.",
        );
    } else {
        let mut header = String::from("| Need | Priority |");
        let mut rule = String::from("|---|---|");
        for c in &pack.criteria {
            header.push_str(&format!(" {} |", c.reference));
            rule.push_str("---|");
        }
        push(&mut md, &header);
        push(&mut md, &rule);
        for n in &pack.needs {
            let mut line = format!("| {} | {} |", n.reference, n.priority_label);
            for c in &pack.criteria {
                line.push_str(if pack.covers(c, n) { " ✓ |" } else { "  |" });
            }
            push(&mut md, &line);
        }
    }
    push(&mut md, "");
    if pack.uncovered_musts.is_empty() {
        push(
            &mut md,
            "Every Must need is covered by at least one criterion.",
        );
    } else {
        push(
            &mut md,
            &format!(
                "**Must needs no criterion covers:** {}.",
                pack.uncovered_musts.join(", ")
            ),
        );
    }
    push(&mut md, "");
    if !pack.criteria_without_needs.is_empty() {
        push(
            &mut md,
            &format!(
                "**Criteria that cover no need:** {}.",
                pack.criteria_without_needs.join(", ")
            ),
        );
        push(&mut md, "");
    }
    push(&mut md, "## Sign-off");
    push(&mut md, "");
    match &pack.signoff {
        None => push(
            &mut md,
            "The criteria have not been proposed for sign-off yet.",
        ),
        Some(s) => {
            push(
                &mut md,
                &format!(
                    "Version {} of the criteria was proposed for sign-off by {} on {}. Status: {}.",
                    s.criteria_set_version,
                    inline(&s.proposed_by),
                    s.proposed_at.format("%-d %B %Y"),
                    s.status_label
                ),
            );
            if s.outdated {
                push(&mut md, "");
                push(
                    &mut md,
                    &format!(
                        "**The criteria have changed since (now version {}): sign-off must be given again.**",
                        pack.criteria_set_version
                    ),
                );
            }
            push(&mut md, "");
            for d in &s.decisions {
                let comment = if d.comment.trim().is_empty() {
                    String::new()
                } else {
                    format!(": “{}”", inline(&d.comment))
                };
                push(
                    &mut md,
                    &format!(
                        "- {}: {} by {} on {}{comment}",
                        inline(&d.organisation_name),
                        d.decision_label,
                        inline(&d.user_name),
                        d.decided_at.format("%-d %B %Y")
                    ),
                );
            }
            if !s.waiting_for.is_empty() {
                let names: Vec<String> = s.waiting_for.iter().map(|n| inline(n)).collect();
                push(&mut md, &format!("- Waiting for: {}", names.join(", ")));
            }
        }
    }
    md
}

fn truncate_words(text: &str, max: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let mut out: String = one_line.chars().take(max).collect();
        if let Some(space) = out.rfind(' ') {
            out.truncate(space);
        }
        out.push('…');
        out
    }
}

// ------------------------------------------------------------------------------ CSV

pub const CSV_HEADER: [&str; 12] = [
    "criterion_ref",
    "criterion",
    "type",
    "category",
    "weight_percent",
    "description",
    "guidance",
    "need_ref",
    "as_a",
    "i_need",
    "so_that",
    "priority",
];

/// One CSV field: neutralised against formula injection, quoted when needed.
pub fn csv_field(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

fn csv_row(out: &mut String, fields: &[&str]) {
    let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

pub fn to_csv(pack: &Pack) -> String {
    let mut out = String::from("\u{feff}");
    csv_row(&mut out, &CSV_HEADER);
    let weight_number = |c: &PackCriterion| c.weight.trim_end_matches('%').to_string();
    let empty_need = ["", "", "", "", ""];
    for c in &pack.criteria {
        let weight = weight_number(c);
        let criterion = [
            c.reference.as_str(),
            c.name.as_str(),
            c.kind_label.as_str(),
            c.category_label.as_str(),
            weight.as_str(),
            c.description.as_str(),
            c.guidance.as_str(),
        ];
        let covered: Vec<&PackNeed> = pack.needs.iter().filter(|n| pack.covers(c, n)).collect();
        if covered.is_empty() {
            let row: Vec<&str> = criterion.iter().chain(empty_need.iter()).copied().collect();
            csv_row(&mut out, &row);
        }
        for n in covered {
            let need = [
                n.reference.as_str(),
                n.as_a.as_str(),
                n.i_need.as_str(),
                n.so_that.as_str(),
                n.priority_label.as_str(),
            ];
            let row: Vec<&str> = criterion.iter().chain(need.iter()).copied().collect();
            csv_row(&mut out, &row);
        }
    }
    for n in &pack.needs {
        if pack.criteria.iter().any(|c| pack.covers(c, n)) {
            continue;
        }
        let row = [
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            n.reference.as_str(),
            n.as_a.as_str(),
            n.i_need.as_str(),
            n.so_that.as_str(),
            n.priority_label.as_str(),
        ];
        csv_row(&mut out, &row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_field("-1, really"), "\"'-1, really\"");
        assert_eq!(csv_field(""), "");
    }

    #[test]
    fn markdown_table_cells_stay_on_one_line() {
        assert_eq!(cell("a | b\nc"), "a \\| b c");
        assert_eq!(inline("*not* <b>bold</b>"), "\\*not\\* \\<b\\>bold\\</b\\>");
        assert_eq!(block("# Heading\ntext", "> "), "> **Heading**\n> text");
    }

    #[test]
    fn labels_are_humanised() {
        assert_eq!(humanise("social_value"), "Social value");
        assert_eq!(humanise("pass_fail"), "Pass/fail");
        assert_eq!(humanise("something_new"), "Something new");
    }
}
