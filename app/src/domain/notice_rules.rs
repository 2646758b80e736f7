//! The rules of a preliminary market engagement notice (Procurement Act 2023, UK2): how the
//! drafting form's text becomes values (London dates and times, whole pounds), what a
//! notice must say before it can be published, and what an amendment changed.
//! Every failure is phrased as the message shown next to its field.

use super::engagement::{format_london, london_to_utc, LondonTimeError};
use super::validation::EmailAddress;
use super::FieldErrors;
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

pub const NOTICE_TITLE_MAX: usize = 300;
pub const NOTICE_DESCRIPTION_MAX: usize = 20_000;
pub const CONTACT_NAME_MAX: usize = 120;
pub const CONTACT_PHONE_MAX: usize = 40;
pub const AMENDMENT_REASON_MAX: usize = 5_000;
pub const WITHDRAWAL_REASON_MAX: usize = 5_000;
/// £1 trillion: anything larger is a typing slip, and it keeps sums far from i64's limit.
pub const VALUE_MAX_POUNDS: i64 = 1_000_000_000_000;

/// A GOV.UK date input (day, month, year) with a time of day, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DateTimeInput {
    pub day: String,
    pub month: String,
    pub year: String,
    pub time: String,
}

impl DateTimeInput {
    fn is_blank(&self) -> bool {
        [&self.day, &self.month, &self.year, &self.time]
            .iter()
            .all(|part| part.trim().is_empty())
    }
}

/// "5pm", "5:30pm", "17:00", "09:15", "12 noon" → a time of day.
pub fn parse_time_of_day(value: &str) -> Option<NaiveTime> {
    let text: String = value
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let text = text.replace('.', ":");
    if text == "noon" || text == "12noon" || text == "midday" {
        return NaiveTime::from_hms_opt(12, 0, 0);
    }
    if text == "midnight" || text == "12midnight" {
        return NaiveTime::from_hms_opt(0, 0, 0);
    }
    let (clock, meridiem) = if let Some(rest) = text.strip_suffix("am") {
        (rest, Some(false))
    } else if let Some(rest) = text.strip_suffix("pm") {
        (rest, Some(true))
    } else {
        (text.as_str(), None)
    };
    let (hours, minutes) = match clock.split_once(':') {
        Some((h, m)) if m.len() == 2 => (h, m),
        Some(_) => return None,
        None => (clock, "00"),
    };
    if hours.is_empty() || hours.len() > 2 || !hours.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if !minutes.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut hours: u32 = hours.parse().ok()?;
    let minutes: u32 = minutes.parse().ok()?;
    match meridiem {
        Some(pm) => {
            if !(1..=12).contains(&hours) {
                return None;
            }
            hours %= 12;
            if pm {
                hours += 12;
            }
        }
        None if clock.contains(':') || hours == 0 => {}
        // A bare "5" could be 5am or 5pm: ask rather than guess.
        None => return None,
    }
    NaiveTime::from_hms_opt(hours, minutes, 0)
}

fn clock_label(time: NaiveTime) -> String {
    time.format("%-I:%M%P").to_string().replace(":00", "")
}

/// Reads a London date and time. Blank altogether is `None` (a draft may leave it for
/// later); anything partly filled or impossible is refused with the message to show.
/// `what` is the field's name in a sentence, e.g. "The closing date".
pub fn parse_london_date_time(
    input: &DateTimeInput,
    what: &str,
) -> Result<Option<DateTime<Utc>>, String> {
    if input.is_blank() {
        return Ok(None);
    }
    let lower = what.to_lowercase();
    let mut missing = Vec::new();
    for (part, name) in [
        (&input.day, "a day"),
        (&input.month, "a month"),
        (&input.year, "a year"),
    ] {
        if part.trim().is_empty() {
            missing.push(name);
        }
    }
    if !missing.is_empty() {
        return Err(format!("{what} must include {}", missing.join(" and ")));
    }
    let number = |part: &str| part.trim().parse::<u32>().ok();
    let (Some(day), Some(month), Some(year)) = (
        number(&input.day),
        number(&input.month),
        number(&input.year),
    ) else {
        return Err(format!("{what} must be a real date, written in numbers"));
    };
    if !(2000..=2100).contains(&year) {
        return Err(format!("{what} must have a 4-digit year, like 2027"));
    }
    let Some(date) = NaiveDate::from_ymd_opt(year as i32, month, day) else {
        let month_name = match NaiveDate::from_ymd_opt(2000, month, 1) {
            Some(first) => first.format("%B").to_string(),
            None => format!("month {month}"),
        };
        return Err(format!(
            "{what} must be a real date: there is no {day} {month_name} {year}"
        ));
    };
    if input.time.trim().is_empty() {
        return Err(format!(
            "Enter the time for {lower}, for example 5pm or 17:00"
        ));
    }
    let Some(time) = parse_time_of_day(&input.time) else {
        return Err(format!(
            "Enter the time for {lower} as a time of day, for example 5pm or 17:00"
        ));
    };
    london_to_utc(date, time).map(Some).map_err(|err| match err {
        LondonTimeError::DoesNotExist => format!(
            "There is no {} on {} in London: the clocks go forward an hour at 1am. Enter a time from 2am",
            clock_label(time),
            date.format("%-d %B %Y")
        ),
    })
}

/// Whole pounds as typed ("£250,000", "250000"); blank is `None`.
pub fn parse_pounds(value: &str, what: &str) -> Result<Option<i64>, String> {
    let text: String = value
        .trim()
        .trim_start_matches('£')
        .chars()
        .filter(|c| *c != ',' && !c.is_whitespace())
        .collect();
    if text.is_empty() {
        return Ok(None);
    }
    if let Some((pounds, pence)) = text.split_once('.') {
        if pence.chars().all(|c| c == '0') && !pounds.is_empty() {
            return parse_pounds(pounds, what);
        }
        return Err(format!("{what} must be in whole pounds, like 250000"));
    }
    if text.starts_with('-') {
        return Err(format!("{what} must be £0 or more"));
    }
    if !text.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "{what} must be a number of pounds, like 250000 or £250,000"
        ));
    }
    match text.parse::<i64>() {
        Ok(pounds) if pounds <= VALUE_MAX_POUNDS => Ok(Some(pounds)),
        _ => Err(format!("{what} must be £1 trillion or less")),
    }
}

/// "£1,250,000".
pub fn format_pounds(pounds: i64) -> String {
    let digits = pounds.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    format!("£{out}")
}

/// The notice's own fields as typed into the drafting (or amending) form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DetailsInput {
    pub title: String,
    pub description: String,
    pub value_min: String,
    pub value_max: String,
    pub closes_at: DateTimeInput,
    pub clarification_deadline: DateTimeInput,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
}

/// The notice's own fields, read. A draft may leave any of them empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Details {
    pub title: String,
    pub description: String,
    pub value_min: Option<i64>,
    pub value_max: Option<i64>,
    pub closes_at: Option<DateTime<Utc>>,
    pub clarification_deadline: Option<DateTime<Utc>>,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
}

fn text_field(
    value: &str,
    max: usize,
    what: &str,
    one_line: bool,
    errors: &mut FieldErrors,
    field: &str,
) -> String {
    let trimmed = value.trim();
    let count = trimmed.chars().count();
    if count > max {
        errors.add(
            field,
            format!("{what} must be {max} characters or fewer (you entered {count})"),
        );
    } else if one_line && trimmed.contains(['\n', '\r']) {
        errors.add(field, format!("{what} must be on one line"));
    } else if trimmed
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        errors.add(field, format!("{what} must not contain control characters"));
    }
    trimmed.to_string()
}

/// Reads the form. Only what is malformed is refused here (an impossible date, a closing
/// time already past, a deadline after the close); what is merely missing is reported
/// when the lead tries to publish.
pub fn parse_details(input: &DetailsInput, now: DateTime<Utc>) -> Result<Details, FieldErrors> {
    let mut errors = FieldErrors::new();
    let title = text_field(
        &input.title,
        NOTICE_TITLE_MAX,
        "Title",
        true,
        &mut errors,
        "title",
    );
    let description = text_field(
        &input.description,
        NOTICE_DESCRIPTION_MAX,
        "Description",
        false,
        &mut errors,
        "description",
    );
    let value_min = errors
        .check(
            "value_min",
            parse_pounds(&input.value_min, "The lowest estimated value"),
        )
        .flatten();
    let value_max = errors
        .check(
            "value_max",
            parse_pounds(&input.value_max, "The highest estimated value"),
        )
        .flatten();
    let closes_at = errors
        .check(
            "closes_at",
            parse_london_date_time(&input.closes_at, "The closing date"),
        )
        .flatten();
    let clarification_deadline = errors
        .check(
            "clarification_deadline",
            parse_london_date_time(
                &input.clarification_deadline,
                "The deadline for clarification questions",
            ),
        )
        .flatten();
    let contact_name = text_field(
        &input.contact_name,
        CONTACT_NAME_MAX,
        "Contact name",
        true,
        &mut errors,
        "contact_name",
    );
    let contact_email = if input.contact_email.trim().is_empty() {
        String::new()
    } else {
        errors
            .check("contact_email", EmailAddress::parse(&input.contact_email))
            .map(EmailAddress::into_inner)
            .unwrap_or_default()
    };
    let contact_phone = input.contact_phone.trim().to_string();
    if contact_phone.chars().count() > CONTACT_PHONE_MAX {
        errors.add(
            "contact_phone",
            format!("Contact phone number must be {CONTACT_PHONE_MAX} characters or fewer"),
        );
    } else if !contact_phone
        .chars()
        .all(|c| c.is_ascii_digit() || " +()-".contains(c))
    {
        errors.add(
            "contact_phone",
            "Enter a phone number using only numbers, spaces, brackets, + and -, like 020 7974 4444",
        );
    }
    let details = Details {
        title,
        description,
        value_min,
        value_max,
        closes_at,
        clarification_deadline,
        contact_name,
        contact_email,
        contact_phone,
    };
    for (field, message) in timing_problems(&details, now) {
        if errors.for_field(field).is_none() {
            errors.add(field, message);
        }
    }
    errors.into_result()?;
    Ok(details)
}

/// What is wrong with the value range and the dates as they stand, whatever else the
/// notice says: these hold for a draft, for publishing and for every amendment.
fn timing_problems(details: &Details, now: DateTime<Utc>) -> Vec<(&'static str, String)> {
    let mut problems = Vec::new();
    if let (Some(min), Some(max)) = (details.value_min, details.value_max) {
        if min > max {
            problems.push((
                "value_min",
                format!(
                    "The lowest estimated value ({}) must not be more than the highest ({})",
                    format_pounds(min),
                    format_pounds(max)
                ),
            ));
        }
    }
    if let Some(close) = details.closes_at {
        if close <= now {
            problems.push((
                "closes_at",
                format!(
                    "The closing date must be in the future: {} has already passed",
                    format_london(close)
                ),
            ));
        }
    }
    if let Some(deadline) = details.clarification_deadline {
        if deadline <= now {
            problems.push((
                "clarification_deadline",
                format!(
                    "The deadline for clarification questions must be in the future: {} has already passed",
                    format_london(deadline)
                ),
            ));
        } else if let Some(close) = details.closes_at {
            if deadline >= close {
                problems.push((
                    "clarification_deadline",
                    format!(
                        "The deadline for clarification questions must be before the closing date ({})",
                        format_london(close)
                    ),
                ));
            }
        }
    }
    problems
}

/// Everything a notice says, as the publishing and amending rules see it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeContent {
    pub details: Details,
    /// The chosen CPV codes, in order.
    pub cpv_codes: Vec<String>,
    /// When each engagement event starts, with its label ("Supplier day").
    pub events: Vec<(String, DateTime<Utc>)>,
    pub question_count: usize,
    /// How many authorities act jointly (the lead and participants).
    pub authority_count: usize,
}

/// Every reason the notice cannot be published yet, each linked to its field. Empty means
/// it can go out.
pub fn publish_problems(content: &NoticeContent, now: DateTime<Utc>) -> FieldErrors {
    let mut errors = FieldErrors::new();
    let d = &content.details;
    if d.title.trim().is_empty() {
        errors.add("title", "Enter a title for the notice");
    }
    if d.description.trim().is_empty() {
        errors.add(
            "description",
            "Enter a description of the subject matter: what the authorities want to buy and why",
        );
    }
    if content.cpv_codes.is_empty() {
        errors.add(
            "cpv_q",
            "Add at least one CPV code, so suppliers following that kind of work find the notice",
        );
    }
    if d.closes_at.is_none() {
        errors.add(
            "closes_at",
            "Enter the date and time the market engagement closes",
        );
    }
    if d.clarification_deadline.is_none() {
        errors.add(
            "clarification_deadline",
            "Enter the deadline for clarification questions",
        );
    }
    for (field, message) in timing_problems(d, now) {
        errors.add(field, message);
    }
    if d.contact_name.trim().is_empty() {
        errors.add(
            "contact_name",
            "Enter the name of the person or team suppliers can contact",
        );
    }
    if d.contact_email.trim().is_empty() {
        errors.add(
            "contact_email",
            "Enter the email address suppliers can write to",
        );
    }
    if content.events.is_empty() && content.question_count == 0 {
        errors.add(
            "engagement",
            "Add at least one way for suppliers to take part: an engagement event or a questionnaire question",
        );
    }
    if let Some(close) = d.closes_at {
        for (label, starts_at) in &content.events {
            if *starts_at >= close {
                errors.add(
                    "engagement",
                    format!(
                        "The {} on {} is after the closing date: move it or the closing date",
                        label.to_lowercase(),
                        format_london(*starts_at)
                    ),
                );
            }
        }
    }
    if content.authority_count == 0 {
        errors.add(
            "authorities",
            "The challenge has no lead authority: add one before publishing",
        );
    }
    errors
}

/// The fields an amendment changed, as people name them, in form order.
pub fn changed_fields(before: &NoticeContent, after: &NoticeContent) -> Vec<&'static str> {
    let (b, a) = (&before.details, &after.details);
    let mut changed = Vec::new();
    let mut note = |same: bool, label: &'static str| {
        if !same {
            changed.push(label);
        }
    };
    note(b.title == a.title, "Title");
    note(b.description == a.description, "Description");
    note(before.cpv_codes == after.cpv_codes, "CPV codes");
    note(
        b.value_min == a.value_min && b.value_max == a.value_max,
        "Estimated value",
    );
    note(b.closes_at == a.closes_at, "Closing date");
    note(
        b.clarification_deadline == a.clarification_deadline,
        "Clarification deadline",
    );
    note(
        b.contact_name == a.contact_name
            && b.contact_email == a.contact_email
            && b.contact_phone == a.contact_phone,
        "Contact",
    );
    changed
}

/// Checks an amendment of a published notice: everything publishing needs still holds
/// (so the close cannot move into the past, nor the clarification deadline after it),
/// something changed, and the reason is given.
pub fn amendment_problems(
    before: &NoticeContent,
    after: &NoticeContent,
    reason: &str,
    now: DateTime<Utc>,
) -> FieldErrors {
    let mut errors = publish_problems(after, now);
    // Events and questions are not part of an amendment: only the form's own fields are.
    errors.0.retain(|e| e.field != "engagement");
    if changed_fields(before, after).is_empty() {
        errors.add(
            "title",
            "You have not changed anything: change the notice, or go back",
        );
    }
    let count = reason.trim().chars().count();
    if count == 0 {
        errors.add(
            "reason",
            "Enter what changed and why: suppliers see it in the notice's change log",
        );
    } else if count > AMENDMENT_REASON_MAX {
        errors.add(
            "reason",
            format!("What changed and why must be {AMENDMENT_REASON_MAX} characters or fewer (you entered {count})"),
        );
    }
    errors
}

/// The reason a notice is withdrawn, which the public page shows.
pub fn parse_withdrawal_reason(value: &str) -> Result<String, String> {
    let text = value.trim();
    if text.is_empty() {
        return Err("Enter why the notice is being withdrawn: suppliers will see it".into());
    }
    let count = text.chars().count();
    if count > WITHDRAWAL_REASON_MAX {
        return Err(format!(
            "The reason must be {WITHDRAWAL_REASON_MAX} characters or fewer (you entered {count})"
        ));
    }
    Ok(text.to_string())
}

/// The notice reference for the `number`th notice published in `year`: CP-2027-0042.
pub fn reference(year: i32, number: u32) -> String {
    format!("CP-{year}-{number:04}")
}

/// The number in a reference of the given year, if it is one.
pub fn reference_number(reference: &str, year: i32) -> Option<u32> {
    reference
        .strip_prefix(&format!("CP-{year}-"))
        .and_then(|n| n.parse().ok())
}

/// The London calendar year of an instant (references are numbered per year).
pub fn london_year(instant: DateTime<Utc>) -> i32 {
    instant.with_timezone(&chrono_tz::Europe::London).year()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 1, 10, 12, 0, 0).unwrap()
    }

    fn when(day: &str, month: &str, year: &str, time: &str) -> DateTimeInput {
        DateTimeInput {
            day: day.into(),
            month: month.into(),
            year: year.into(),
            time: time.into(),
        }
    }

    fn complete() -> NoticeContent {
        NoticeContent {
            details: Details {
                title: "Housing management system".into(),
                description: "One system for three boroughs.".into(),
                value_min: Some(100_000),
                value_max: Some(900_000),
                closes_at: Some(Utc.with_ymd_and_hms(2027, 3, 1, 17, 0, 0).unwrap()),
                clarification_deadline: Some(Utc.with_ymd_and_hms(2027, 2, 20, 17, 0, 0).unwrap()),
                contact_name: "Procurement team".into(),
                contact_email: "procurement@camden.gov.uk".into(),
                contact_phone: String::new(),
            },
            cpv_codes: vec!["48000000".into()],
            events: vec![(
                "Supplier day".into(),
                Utc.with_ymd_and_hms(2027, 2, 1, 10, 0, 0).unwrap(),
            )],
            question_count: 0,
            authority_count: 2,
        }
    }

    fn fields(errors: &FieldErrors) -> Vec<&str> {
        errors.0.iter().map(|e| e.field.as_str()).collect()
    }

    #[test]
    fn times_of_day_in_the_ways_people_write_them() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        assert_eq!(parse_time_of_day("5pm"), t(17, 0));
        assert_eq!(parse_time_of_day("5:30 PM"), t(17, 30));
        assert_eq!(parse_time_of_day("17:00"), t(17, 0));
        assert_eq!(parse_time_of_day("09.15"), t(9, 15));
        assert_eq!(parse_time_of_day("12am"), t(0, 0));
        assert_eq!(parse_time_of_day("12pm"), t(12, 0));
        assert_eq!(parse_time_of_day("noon"), t(12, 0));
        assert_eq!(parse_time_of_day("5"), None, "5am or 5pm?");
        assert_eq!(parse_time_of_day("25:00"), None);
        assert_eq!(parse_time_of_day("13pm"), None);
        assert_eq!(parse_time_of_day("5:3pm"), None);
        assert_eq!(parse_time_of_day("soon"), None);
    }

    #[test]
    fn london_dates_refuse_what_cannot_be() {
        let what = "The closing date";
        assert_eq!(
            parse_london_date_time(&when("", "", "", ""), what),
            Ok(None)
        );
        assert_eq!(
            parse_london_date_time(&when("31", "2", "2027", "5pm"), what),
            Err("The closing date must be a real date: there is no 31 February 2027".into())
        );
        assert_eq!(
            parse_london_date_time(&when("1", "", "", "5pm"), what),
            Err("The closing date must include a month and a year".into())
        );
        assert_eq!(
            parse_london_date_time(&when("x", "2", "2027", "5pm"), what),
            Err("The closing date must be a real date, written in numbers".into())
        );
        assert_eq!(
            parse_london_date_time(&when("1", "2", "27", "5pm"), what),
            Err("The closing date must have a 4-digit year, like 2027".into())
        );
        assert!(parse_london_date_time(&when("1", "2", "2027", ""), what)
            .unwrap_err()
            .starts_with("Enter the time for the closing date"));
        // Clocks go forward at 1am on 28 March 2027.
        assert_eq!(
            parse_london_date_time(&when("28", "3", "2027", "1:30am"), what),
            Err("There is no 1:30am on 28 March 2027 in London: the clocks go forward an hour at 1am. Enter a time from 2am".into())
        );
        let summer = parse_london_date_time(&when("15", "6", "2027", "5pm"), what)
            .unwrap()
            .unwrap();
        assert_eq!(summer.to_rfc3339(), "2027-06-15T16:00:00+00:00");
    }

    #[test]
    fn pounds_are_whole_and_not_negative() {
        assert_eq!(parse_pounds("", "V"), Ok(None));
        assert_eq!(parse_pounds("£250,000", "V"), Ok(Some(250_000)));
        assert_eq!(parse_pounds("250000.00", "V"), Ok(Some(250_000)));
        assert!(parse_pounds("250000.50", "V")
            .unwrap_err()
            .contains("whole pounds"));
        assert!(parse_pounds("-5", "V").unwrap_err().contains("£0 or more"));
        assert!(parse_pounds("lots", "V")
            .unwrap_err()
            .contains("number of pounds"));
        assert!(parse_pounds("99999999999999999999", "V").is_err());
        assert_eq!(format_pounds(1_250_000), "£1,250,000");
        assert_eq!(format_pounds(0), "£0");
    }

    #[test]
    fn the_form_refuses_a_range_upside_down_and_dates_that_cannot_work() {
        let input = DetailsInput {
            value_min: "900000".into(),
            value_max: "100000".into(),
            closes_at: when("1", "1", "2027", "5pm"),
            contact_email: "not an address".into(),
            contact_phone: "call me".into(),
            ..Default::default()
        };
        let errors = parse_details(&input, now()).unwrap_err();
        assert_eq!(
            fields(&errors),
            vec!["contact_email", "contact_phone", "value_min", "closes_at"]
        );
        assert!(errors.for_field("value_min").unwrap().contains("£900,000"));
        assert!(errors
            .for_field("closes_at")
            .unwrap()
            .contains("must be in the future"));

        let deadline_after_close = DetailsInput {
            closes_at: when("1", "3", "2027", "5pm"),
            clarification_deadline: when("2", "3", "2027", "5pm"),
            ..Default::default()
        };
        let errors = parse_details(&deadline_after_close, now()).unwrap_err();
        assert_eq!(
            errors.for_field("clarification_deadline"),
            Some("The deadline for clarification questions must be before the closing date (1 March 2027 at 5:00pm GMT)")
        );
        // A draft may be mostly empty.
        assert_eq!(
            parse_details(&DetailsInput::default(), now()),
            Ok(Details::default())
        );
    }

    #[test]
    fn publishing_names_every_missing_field() {
        let empty = NoticeContent::default();
        assert_eq!(
            fields(&publish_problems(&empty, now())),
            vec![
                "title",
                "description",
                "cpv_q",
                "closes_at",
                "clarification_deadline",
                "contact_name",
                "contact_email",
                "engagement",
                "authorities"
            ]
        );
        assert!(publish_problems(&complete(), now()).is_empty());
        // A questionnaire alone is a way to engage.
        let mut questionnaire_only = complete();
        questionnaire_only.events.clear();
        questionnaire_only.question_count = 3;
        assert!(publish_problems(&questionnaire_only, now()).is_empty());
    }

    #[test]
    fn publishing_refuses_a_close_in_the_past_and_a_late_deadline() {
        let mut late = complete();
        late.details.clarification_deadline = late.details.closes_at;
        assert_eq!(
            fields(&publish_problems(&late, now())),
            vec!["clarification_deadline"]
        );
        let after_close = Utc.with_ymd_and_hms(2027, 3, 2, 0, 0, 0).unwrap();
        let errors = publish_problems(&complete(), after_close);
        assert_eq!(fields(&errors), vec!["closes_at", "clarification_deadline"]);
        let mut event_after_close = complete();
        event_after_close.events[0].1 = Utc.with_ymd_and_hms(2027, 3, 5, 10, 0, 0).unwrap();
        assert!(publish_problems(&event_after_close, now())
            .for_field("engagement")
            .unwrap()
            .starts_with("The supplier day on 5 March 2027"));
    }

    #[test]
    fn amendments_say_why_change_something_and_keep_the_dates_sound() {
        let before = complete();
        let mut after = complete();
        assert_eq!(
            fields(&amendment_problems(&before, &after, "", now())),
            vec!["title", "reason"]
        );
        after.details.closes_at = Some(Utc.with_ymd_and_hms(2027, 1, 5, 17, 0, 0).unwrap());
        after.cpv_codes.push("72000000".into());
        let errors = amendment_problems(&before, &after, "Moved the close", now());
        assert_eq!(fields(&errors), vec!["closes_at", "clarification_deadline"]);
        assert_eq!(
            changed_fields(&before, &after),
            vec!["CPV codes", "Closing date"]
        );
        after.details.closes_at = Some(Utc.with_ymd_and_hms(2027, 4, 1, 17, 0, 0).unwrap());
        assert!(amendment_problems(&before, &after, "More time", now()).is_empty());
    }

    #[test]
    fn references_count_within_a_year() {
        assert_eq!(reference(2027, 7), "CP-2027-0007");
        assert_eq!(reference(2027, 12345), "CP-2027-12345");
        assert_eq!(reference_number("CP-2027-0042", 2027), Some(42));
        assert_eq!(reference_number("CP-2026-0042", 2027), None);
        // 23:30 UTC on 31 December is already the next year in London only in summer
        // time, which December is not.
        let new_year = Utc.with_ymd_and_hms(2026, 12, 31, 23, 30, 0).unwrap();
        assert_eq!(london_year(new_year), 2026);
    }

    #[test]
    fn withdrawal_needs_a_reason() {
        assert!(parse_withdrawal_reason("  ").is_err());
        assert_eq!(
            parse_withdrawal_reason(" Budget withdrawn "),
            Ok("Budget withdrawn".into())
        );
    }
}
