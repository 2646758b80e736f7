//! The closed sets and time rules of market engagement (preliminary market engagement
//! notices, UK2): shared by the notice, response and review code.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::London;
use serde::{Deserialize, Serialize};

stored_enum!(NoticeStatus {
    Draft => ("draft", "Draft"),
    Published => ("published", "Open"),
    Closed => ("closed", "Closed"),
    Withdrawn => ("withdrawn", "Withdrawn"),
});

stored_enum!(EngagementEventKind {
    SupplierDay => ("supplier_day", "Supplier day"),
    Webinar => ("webinar", "Webinar"),
    OneToOne => ("one_to_one", "One-to-one meetings"),
});

stored_enum!(QuestionKind {
    FreeText => ("free_text", "Free text"),
    YesNo => ("yes_no", "Yes or no"),
    SingleChoice => ("single_choice", "Choose one option"),
    MultipleChoice => ("multiple_choice", "Choose any options"),
});

stored_enum!(ResponseStatus {
    Draft => ("draft", "Draft"),
    Submitted => ("submitted", "Submitted"),
});

stored_enum!(AnswerVisibility {
    Public => ("public", "Published to every supplier"),
    Private => ("private", "Sent only to the supplier who asked"),
});

stored_enum!(FollowKind {
    CpvDivision => ("cpv_division", "CPV division"),
    ServiceArea => ("service_area", "Service area"),
});

impl NoticeStatus {
    /// The status people see: a published notice whose closing time has passed is closed,
    /// whether or not the housekeeping task has written that down yet, so a response one
    /// second after the close is refused even if nothing has run since.
    pub fn effective(self, closes_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Self {
        match (self, closes_at) {
            (NoticeStatus::Published, Some(close)) if now >= close => NoticeStatus::Closed,
            (status, _) => status,
        }
    }

    pub fn tag_class(self) -> &'static str {
        match self {
            NoticeStatus::Draft => "govuk-tag govuk-tag--grey",
            NoticeStatus::Published => "govuk-tag govuk-tag--green",
            NoticeStatus::Closed => "govuk-tag govuk-tag--blue",
            NoticeStatus::Withdrawn => "govuk-tag govuk-tag--red",
        }
    }
}

/// Why a London wall-clock time could not be turned into an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LondonTimeError {
    /// The clocks go forward over this time (e.g. 01:30 on the last Sunday of March).
    DoesNotExist,
}

/// The instant a date and time on London's clocks stands for. When the clocks go back,
/// the repeated hour (01:00–01:59 on the last Sunday of October) is read as its first
/// occurrence (BST), the earlier instant: a deadline never moves later than the person
/// setting it could have meant.
pub fn london_to_utc(date: NaiveDate, time: NaiveTime) -> Result<DateTime<Utc>, LondonTimeError> {
    London
        .from_local_datetime(&NaiveDateTime::new(date, time))
        .earliest()
        .map(|local| local.with_timezone(&Utc))
        .ok_or(LondonTimeError::DoesNotExist)
}

/// An instant as London's clocks show it, with the zone people know (GMT or BST), e.g.
/// "12 March 2027 at 5:00pm GMT".
pub fn format_london(instant: DateTime<Utc>) -> String {
    let local = instant.with_timezone(&London);
    let time = local.format("%-I:%M%P");
    format!(
        "{} at {} {}",
        local.format("%-d %B %Y"),
        time,
        local.format("%Z")
    )
}

/// The London calendar date and wall-clock time of an instant, for pre-filling forms.
pub fn london_parts(instant: DateTime<Utc>) -> (NaiveDate, NaiveTime) {
    let local = instant.with_timezone(&London);
    (local.date_naive(), local.time())
}

/// Whole days from `now` until `deadline`, counting London calendar days (0 on the day).
pub fn london_days_left(deadline: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    let end = deadline.with_timezone(&London).date_naive();
    let today = now.with_timezone(&London).date_naive();
    (end - today).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn winter_times_are_gmt_and_summer_times_bst() {
        let winter = london_to_utc(d(2027, 1, 15), t(17, 0)).unwrap();
        assert_eq!(winter.to_rfc3339(), "2027-01-15T17:00:00+00:00");
        assert_eq!(format_london(winter), "15 January 2027 at 5:00pm GMT");
        let summer = london_to_utc(d(2027, 6, 15), t(17, 0)).unwrap();
        assert_eq!(summer.to_rfc3339(), "2027-06-15T16:00:00+00:00");
        assert_eq!(format_london(summer), "15 June 2027 at 5:00pm BST");
    }

    #[test]
    fn the_hour_skipped_in_march_does_not_exist() {
        // Clocks go forward at 01:00 GMT on Sunday 28 March 2027.
        assert_eq!(
            london_to_utc(d(2027, 3, 28), t(1, 30)),
            Err(LondonTimeError::DoesNotExist)
        );
        let after = london_to_utc(d(2027, 3, 28), t(2, 0)).unwrap();
        assert_eq!(after.to_rfc3339(), "2027-03-28T01:00:00+00:00");
    }

    #[test]
    fn the_hour_repeated_in_october_reads_as_the_first_one() {
        // Clocks go back at 02:00 BST on Sunday 31 October 2027.
        let repeated = london_to_utc(d(2027, 10, 31), t(1, 30)).unwrap();
        assert_eq!(repeated.to_rfc3339(), "2027-10-31T00:30:00+00:00");
        assert_eq!(format_london(repeated), "31 October 2027 at 1:30am BST");
    }

    #[test]
    fn a_published_notice_is_closed_from_its_closing_instant() {
        let close = london_to_utc(d(2027, 2, 1), t(12, 0)).unwrap();
        let second_before = close - chrono::Duration::seconds(1);
        let second_after = close + chrono::Duration::seconds(1);
        let published = NoticeStatus::Published;
        assert_eq!(
            published.effective(Some(close), second_before),
            NoticeStatus::Published
        );
        assert_eq!(
            published.effective(Some(close), close),
            NoticeStatus::Closed
        );
        assert_eq!(
            published.effective(Some(close), second_after),
            NoticeStatus::Closed
        );
        assert_eq!(
            NoticeStatus::Withdrawn.effective(Some(close), second_after),
            NoticeStatus::Withdrawn
        );
        assert_eq!(
            NoticeStatus::Draft.effective(Some(close), second_after),
            NoticeStatus::Draft
        );
    }

    #[test]
    fn days_left_count_london_calendar_days() {
        // 23:30 UTC on 30 June is already 1 July in London.
        let now = Utc.with_ymd_and_hms(2027, 6, 30, 23, 30, 0).unwrap();
        let deadline = london_to_utc(d(2027, 7, 3), t(12, 0)).unwrap();
        assert_eq!(london_days_left(deadline, now), 2);
    }
}
