//! Every supplier's latest submitted answers as one CSV file: a row per supplier, a
//! column per question.
//!
//! Columns: `supplier, submitted_at, submission`, then `Q1. <prompt>`, `Q2. …` in
//! questionnaire order. `submitted_at` is London time with its zone ("2027-06-15 17:00
//! BST"); multiple-choice answers are joined with "; "; yes/no answers read "Yes"/"No".
//! Fields follow `pack::csv_field`: RFC 4180 quoting, CRLF line ends, a byte-order mark,
//! and a leading `'` before anything a spreadsheet would run as a formula.

use super::answers::{self, QuestionView};
use super::listing::{questions, submitted};
use super::scope;
use super::Access;
use crate::domain::engagement_policy::NoticeAction;
use crate::domain::policy::Actor;
use crate::domain::ChallengeId;
use crate::ssr::audit;
use crate::ssr::error::{DomainError, DomainResult};
use crate::ssr::pack::csv_field;
use chrono::{DateTime, Utc};
use chrono_tz::Europe::London;
use sea_orm::DatabaseConnection;

pub struct CsvExport {
    pub filename: String,
    pub body: String,
}

fn london_stamp(instant: DateTime<Utc>) -> String {
    instant
        .with_timezone(&London)
        .format("%Y-%m-%d %H:%M %Z")
        .to_string()
}

/// "ENG-2027-0001" → "eng-2027-0001-responses.csv"; anything odd is left out.
fn filename(reference: &str) -> String {
    let stem: String = reference
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(40)
        .collect::<String>()
        .to_ascii_lowercase();
    if stem.is_empty() {
        "responses.csv".into()
    } else {
        format!("{stem}-responses.csv")
    }
}

fn row(out: &mut String, fields: impl IntoIterator<Item = String>) {
    let line: Vec<String> = fields.into_iter().map(|f| csv_field(&f)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

pub(crate) fn header(questions: &[QuestionView]) -> Vec<String> {
    ["supplier", "submitted_at", "submission"]
        .into_iter()
        .map(str::to_string)
        .chain(questions.iter().map(QuestionView::heading))
        .collect()
}

pub async fn csv(
    db: &DatabaseConnection,
    actor: &Actor,
    challenge: ChallengeId,
) -> DomainResult<Access<CsvExport>> {
    let scope =
        match scope::open_declared(db, actor, challenge, NoticeAction::ReviewResponses).await? {
            Access::Ready(scope) => scope,
            Access::Declare => return Ok(Access::Declare),
            Access::NotPublished(_) => return Err(DomainError::NotFound),
        };
    let questions = questions(db, &scope).await?;
    let responses = submitted(db, &scope).await?;
    let mut body = String::from("\u{feff}");
    row(&mut body, header(&questions));
    for response in &responses {
        let parsed = answers::parse(&response.latest.answers);
        let fixed = [
            response.supplier.clone(),
            london_stamp(response.latest.submitted_at),
            response.latest.number.to_string(),
        ];
        let answers = questions
            .iter()
            .map(|q| answers::answer_for(&parsed, q).plain());
        row(&mut body, fixed.into_iter().chain(answers));
    }
    // Who took a copy of confidential responses is worth knowing later.
    let txn = crate::ssr::db::write(db).await?;
    audit::record(
        &txn,
        &scope.user,
        Some(scope.challenge_id),
        "responses_exported",
        format!(
            "Downloaded the responses to notice {} as CSV",
            scope.notice.reference
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(Access::Ready(CsvExport {
        filename: filename(&scope.notice.reference),
        body,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn stamps_are_london_time_with_the_zone() {
        let summer = Utc.with_ymd_and_hms(2027, 6, 15, 16, 0, 0).unwrap();
        assert_eq!(london_stamp(summer), "2027-06-15 17:00 BST");
        let winter = Utc.with_ymd_and_hms(2027, 1, 15, 17, 0, 0).unwrap();
        assert_eq!(london_stamp(winter), "2027-01-15 17:00 GMT");
    }

    #[test]
    fn file_names_are_safe() {
        assert_eq!(filename("ENG-2027-0001"), "eng-2027-0001-responses.csv");
        assert_eq!(filename("\"/.."), "responses.csv");
    }
}
