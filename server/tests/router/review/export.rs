//! The CSV of every supplier's latest answers, read back with an RFC 4180 parser.

use super::fixtures::*;
use crate::common::*;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::StatusCode;

/// Splits RFC 4180 text into records of fields (quoted fields may hold commas, doubled
/// quotes and line breaks).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

/// One row per supplier with a submitted response, one column per question; awkward
/// text survives quoting; formulas are neutralised; choices are joined.
async fn the_csv_has_every_submitted_answer(app: TestApp) {
    let seeded = seed(&app).await;
    let mut priya = reviewer(&app, CAMDEN, &seeded).await;
    let res = priya.get(&format!("{}.csv", seeded.base())).await;
    res.assert_status(StatusCode::OK);
    assert_eq!(res.headers[CONTENT_TYPE], "text/csv; charset=utf-8");
    assert_eq!(
        res.headers[CONTENT_DISPOSITION],
        "attachment; filename=\"eng-test-0001-responses.csv\""
    );
    let body = res
        .body
        .strip_prefix('\u{feff}')
        .expect("a byte-order mark for spreadsheet programs");
    assert!(body.ends_with("\r\n"));
    let records = parse_csv(body);
    let formula = format!("'{FORMULA_ANSWER}");
    assert_eq!(
        records,
        vec![
            vec![
                "supplier",
                "submitted_at",
                "submission",
                "Q1. Where is the data hosted?",
                "Q2. Do you support open APIs?",
                "Q3. How is it licensed?",
                "Q4. Which channels do tenants use?",
            ],
            vec![
                "Housing Systems Ltd",
                "2027-06-01 15:00 BST",
                "2",
                "In UK data centres, second answer",
                "Yes",
                "Per user",
                "Web; App",
            ],
            vec![
                "Tenancy Tech Ltd",
                "2027-06-01 16:00 BST",
                "1",
                TRICKY_ANSWER,
                "Yes",
                formula.as_str(),
                "Phone",
            ],
        ]
    );
    assert!(!body.contains("Repairs Online"), "drafts are not exported");
    assert!(!body.contains("first answer"), "only the latest submission");

    let event = app
        .history(seeded.challenge)
        .await
        .into_iter()
        .find(|e| e.action == "responses_exported")
        .expect("the download is audited");
    assert_eq!(
        event.summary,
        "Downloaded the responses to notice ENG-TEST-0001 as CSV"
    );
}
both_databases!(the_csv_has_every_submitted_answer);

#[test]
fn the_test_parser_reads_quoted_fields() {
    assert_eq!(
        parse_csv("a,\"b, \"\"c\"\"\nd\"\r\n,e\r\n"),
        vec![vec!["a", "b, \"c\"\nd"], vec!["", "e"]]
    );
}
