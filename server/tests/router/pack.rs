//! The challenge pack export: `/pack` (print page), `/pack.md` and `/pack.csv`, for
//! members only. Needs, criteria and sign-off rows are inserted straight into the tables.

use crate::common::*;
use app::ssr::entities::{criterion, criterion_need, need, signoff, signoff_round};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::StatusCode;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, Set};
use uuid::Uuid;

/// A need with awkward text: commas, quotes, a line break and a formula-looking start.
pub const TRICKY_NEED: &str = "to report a repair, \"any time\"\nday or night";

pub async fn insert_need(
    app: &TestApp,
    challenge: Uuid,
    position: i32,
    texts: (&str, &str, &str),
    priority: &str,
    status: &str,
) -> Uuid {
    let author = app.user_by_email(CAMDEN).await.expect("Priya exists");
    let id = Uuid::new_v4();
    need::ActiveModel {
        id: Set(id),
        challenge_id: Set(challenge),
        as_a: Set(texts.0.into()),
        i_need: Set(texts.1.into()),
        so_that: Set(texts.2.into()),
        priority: Set(priority.into()),
        evidence: Set("Survey of **400** tenants, 2025.".into()),
        tags: Set("repairs, access".into()),
        position: Set(position),
        proposed_by: Set(author.organisation_id),
        status: Set(status.into()),
        merged_into: Set(None),
        version: Set(1),
        created_by: Set(author.id),
        created_at: Set(Utc::now()),
        updated_at: Set(Utc::now()),
        priority_spread: Set(0),
    }
    .insert(&app.db)
    .await
    .expect("inserting a need");
    id
}

#[allow(clippy::too_many_arguments)]
async fn insert_criterion(
    app: &TestApp,
    challenge: Uuid,
    position: i32,
    name: &str,
    kind: &str,
    category: &str,
    weight: Option<i32>,
    covers: &[Uuid],
) -> Uuid {
    let author = app.user_by_email(CAMDEN).await.expect("Priya exists");
    let id = Uuid::new_v4();
    criterion::ActiveModel {
        id: Set(id),
        challenge_id: Set(challenge),
        name: Set(name.into()),
        description: Set(format!("How well the bid meets {name}.")),
        kind: Set(kind.into()),
        category: Set(category.into()),
        weight_hundredths: Set(weight),
        guidance: Set("0: not met; 5: fully met, with evidence".into()),
        position: Set(position),
        status: Set("live".into()),
        version: Set(1),
        created_by: Set(author.id),
        created_at: Set(Utc::now()),
        updated_at: Set(Utc::now()),
    }
    .insert(&app.db)
    .await
    .expect("inserting a criterion");
    for need in covers {
        criterion_need::ActiveModel {
            criterion_id: Set(id),
            need_id: Set(*need),
        }
        .insert(&app.db)
        .await
        .expect("linking a criterion to a need");
    }
    id
}

/// A private Camden challenge with Brent participating and Islington observing: three
/// live needs (one archived), three criteria and a sign-off round Brent agreed to.
pub async fn seed(app: &TestApp) -> Uuid {
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
    let n1 = insert_need(
        app,
        challenge,
        1,
        ("tenant", TRICKY_NEED, "my home is safe"),
        "must",
        "live",
    )
    .await;
    let n2 = insert_need(
        app,
        challenge,
        2,
        (
            "repairs officer",
            "to see every open job",
            "I can plan visits",
        ),
        "should",
        "live",
    )
    .await;
    insert_need(
        app,
        challenge,
        3,
        ("housing manager", "=HYPERLINK(\"x\")", "costs stay visible"),
        "must",
        "live",
    )
    .await;
    insert_need(
        app,
        challenge,
        4,
        ("ghost", "an archived need", "it is hidden"),
        "must",
        "archived",
    )
    .await;
    insert_criterion(
        app,
        challenge,
        1,
        "Reporting, \"24/7\"",
        "scored",
        "quality",
        Some(6000),
        &[n1, n2],
    )
    .await;
    insert_criterion(
        app,
        challenge,
        2,
        "Price",
        "scored",
        "price",
        Some(4000),
        &[],
    )
    .await;
    insert_criterion(
        app,
        challenge,
        3,
        "Accessibility",
        "pass_fail",
        "quality",
        None,
        &[n1],
    )
    .await;
    let lead = app.user_by_email(CAMDEN).await.unwrap();
    let tom = app.user_by_email(BRENT).await.unwrap();
    let round = Uuid::new_v4();
    signoff_round::ActiveModel {
        id: Set(round),
        challenge_id: Set(challenge),
        criteria_set_version: Set(1),
        status: Set("open".into()),
        proposed_by: Set(lead.id),
        proposed_at: Set(Utc::now()),
        closed_at: Set(None),
    }
    .insert(&app.db)
    .await
    .expect("inserting a sign-off round");
    signoff::ActiveModel {
        round_id: Set(round),
        organisation_id: Set(tom.organisation_id),
        decision: Set("agreed".into()),
        comment: Set("Fine by Brent".into()),
        user_id: Set(tom.id),
        user_name: Set(tom.display_name.clone()),
        decided_at: Set(Utc::now()),
    }
    .insert(&app.db)
    .await
    .expect("inserting a sign-off");
    challenge
}

/// Parses RFC 4180 CSV (quoted fields may hold commas, quotes and line breaks).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
        } else {
            match c {
                '"' => quoted = true,
                ',' => row.push(std::mem::take(&mut field)),
                '\r' => {}
                '\n' => {
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                _ => field.push(c),
            }
        }
    }
    assert!(!quoted, "unterminated quoted field in {text:?}");
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

async fn markdown_pack_has_needs_criteria_matrix_and_signoff(app: TestApp) {
    let id = seed(&app).await;
    let mut tom = app.signed_in(BRENT).await;
    let res = tom.get(&format!("/challenges/{id}/pack.md")).await;
    res.assert_status(StatusCode::OK);
    assert!(res.headers[CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/markdown"));
    assert_eq!(
        res.headers[CONTENT_DISPOSITION].to_str().unwrap(),
        "attachment; filename=\"fixing-repairs-faster-pack.md\""
    );
    let md = &res.body;
    for expected in [
        "# Fixing repairs faster",
        "## Problem statement",
        "Residents wait too long",
        "## Member authorities",
        "- Camden (Lead authority)",
        "- Brent (Participant)",
        "## User needs",
        "- **As a** tenant",
        "- **I need** to report a repair, \"any time\" day or night",
        "- **So that** my home is safe",
        "- **Priority:** Must have",
        "Should have",
        "> Survey of **400** tenants, 2025.",
        "## Buying criteria",
        "| C1 | Reporting, \"24/7\" | Scored | Quality | 60% | N1, N2 |",
        "| C2 | Price | Scored | Price | 40% | none |",
        "| C3 | Accessibility | Pass/fail | Quality | – | N1 |",
        "Scored weights add up to 100%.",
        "> 0: not met; 5: fully met, with evidence",
        "## Traceability matrix",
        "| N1 | Must have | ✓ | | ✓ |",
        "**Must needs no criterion covers:** N3.",
        "**Criteria that cover no need:** C2.",
        "## Sign-off",
        "Status: Open for sign-off.",
        "Brent: Signed off by Tom Okafor",
        "Fine by Brent",
        "Waiting for: Camden",
    ] {
        let squeezed = md.replace("  |", " |");
        assert!(
            squeezed.contains(expected),
            "the Markdown pack lacks {expected:?}:\n{md}"
        );
    }
    assert!(
        !md.contains("an archived need"),
        "archived needs are left out"
    );
    assert!(md.contains("- Islington (Observer)"));
}
both_databases!(markdown_pack_has_needs_criteria_matrix_and_signoff);

async fn csv_pack_has_one_row_per_criterion_and_need_and_quotes_properly(app: TestApp) {
    let id = seed(&app).await;
    let mut priya = app.signed_in(CAMDEN).await;
    let res = priya.get(&format!("/challenges/{id}/pack.csv")).await;
    res.assert_status(StatusCode::OK);
    assert!(res.headers[CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert_eq!(
        res.headers[CONTENT_DISPOSITION].to_str().unwrap(),
        "attachment; filename=\"fixing-repairs-faster-pack.csv\""
    );
    assert!(res.body.contains("\r\n"), "CSV lines end with CRLF");
    let rows = parse_csv(&res.body);
    assert_eq!(
        rows[0],
        app::ssr::pack::CSV_HEADER.map(String::from).to_vec()
    );
    let short: Vec<(String, String, String)> = rows[1..]
        .iter()
        .map(|r| {
            assert_eq!(r.len(), 12, "every row has 12 fields: {r:?}");
            (r[0].clone(), r[4].clone(), r[7].clone())
        })
        .collect();
    let s = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(
        short,
        vec![
            s("C1", "60", "N1"),
            s("C1", "60", "N2"),
            s("C2", "40", ""),
            s("C3", "", "N1"),
            s("", "", "N3"),
        ]
    );
    // The awkward texts come back exactly (commas, quotes, line breaks).
    assert_eq!(rows[1][1], "Reporting, \"24/7\"");
    assert_eq!(rows[1][9], TRICKY_NEED);
    assert_eq!(rows[1][11], "Must have");
    assert_eq!(rows[1][3], "Quality");
    // A formula-looking field is neutralised.
    assert_eq!(rows[5][9], "'=HYPERLINK(\"x\")");
    assert!(!res.body.contains("an archived need"));
}
both_databases!(csv_pack_has_one_row_per_criterion_and_need_and_quotes_properly);

async fn print_page_shows_the_pack(app: TestApp) {
    let id = seed(&app).await;
    // An observer may read the pack too.
    let mut daniel = app.signed_in(ISLINGTON).await;
    let res = daniel.get(&format!("/challenges/{id}/pack")).await;
    res.assert_status(StatusCode::OK);
    assert_eq!(res.testid("pack-title"), "Fixing repairs faster");
    assert_eq!(res.testids("pack-need").len(), 3);
    assert_eq!(res.testids("pack-criterion").len(), 3);
    assert_eq!(res.testids("pack-matrix-row").len(), 3);
    assert_eq!(res.testid("pack-weight-total"), "100%");
    assert!(res
        .testid("pack-gaps")
        .contains("Must needs no criterion covers: N3"));
    assert!(res.testid("pack-signoff").contains("Fine by Brent"));
    let members = res.testid("pack-members");
    assert!(members.contains("Islington (Observer)"), "{members}");
    let downloads = html::links(html::by_testid(&res.body, "pack-downloads")[0]);
    assert!(downloads
        .iter()
        .any(|(href, _)| href == &format!("/challenges/{id}/pack.md")));
    assert!(downloads
        .iter()
        .any(|(href, _)| href == &format!("/challenges/{id}/pack.csv")));
    res.assert_text("As a tenant, I need to report a repair, \"any time\" day or night");
    res.assert_no_text("an archived need");
    // Evidence Markdown is rendered (and sanitised), not shown raw.
    assert!(res.body.contains("<strong>400</strong>"));
}
both_databases!(print_page_shows_the_pack);

async fn pack_is_for_members_only(app: TestApp) {
    let id = seed(&app).await;
    for suffix in ["pack", "pack.md", "pack.csv"] {
        let path = format!("/challenges/{id}/{suffix}");
        let res = app.client().get(&path).await;
        res.assert_status(StatusCode::SEE_OTHER);
        assert!(res.location().starts_with("/sign-in?return_to="));
        for outsider in [HACKNEY, SUPPLIER] {
            let mut client = app.signed_in(outsider).await;
            let res = client.get(&path).await;
            res.assert_status(StatusCode::NOT_FOUND);
            assert!(!res.body.contains("Fixing repairs faster"));
        }
        let mut client = app.signed_in(ADMIN).await;
        let status = client.get(&path).await.status;
        assert_ne!(status, StatusCode::INTERNAL_SERVER_ERROR);
        let mut daniel = app.signed_in(ISLINGTON).await;
        daniel.get(&path).await.assert_status(StatusCode::OK);
    }
    let mut priya = app.signed_in(CAMDEN).await;
    priya
        .get("/challenges/not-a-uuid/pack.csv")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    priya
        .get(&format!("/challenges/{}/pack.md", Uuid::new_v4()))
        .await
        .assert_status(StatusCode::NOT_FOUND);
}
both_databases!(pack_is_for_members_only);

async fn an_empty_challenge_has_a_pack_too(app: TestApp) {
    let mut priya = app.signed_in(CAMDEN).await;
    let id = app
        .open_challenge(&mut priya, "Nothing yet", "housing", "private")
        .await;
    let md = priya.get(&format!("/challenges/{id}/pack.md")).await;
    md.assert_status(StatusCode::OK);
    assert!(md.body.contains("No user needs have been agreed yet."));
    assert!(md
        .body
        .contains("The criteria have not been proposed for sign-off yet."));
    let csv = priya.get(&format!("/challenges/{id}/pack.csv")).await;
    csv.assert_status(StatusCode::OK);
    assert_eq!(parse_csv(&csv.body).len(), 1, "just the header");
    priya
        .get(&format!("/challenges/{id}/pack"))
        .await
        .assert_status(StatusCode::OK)
        .assert_text("No user needs have been agreed yet.");
}
both_databases!(an_empty_challenge_has_a_pack_too);
