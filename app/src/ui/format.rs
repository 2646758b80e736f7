//! How dates and times read on a page: London time (GMT or BST, said with the time),
//! because every person using Coprocure works to London's clocks.

use chrono::{DateTime, Utc};
use chrono_tz::Europe::London;

/// "3 December 2026 at 4:05pm GMT": GOV.UK style, with the time zone said.
pub fn date_time(at: &DateTime<Utc>) -> String {
    let local = at.with_timezone(&London);
    let time = local.format("%-I:%M%P").to_string().replace(":00", "");
    format!(
        "{} at {} {}",
        local.format("%-d %B %Y"),
        time,
        local.format("%Z")
    )
}

/// The London calendar date.
pub fn date(at: &DateTime<Utc>) -> String {
    at.with_timezone(&London).format("%-d %B %Y").to_string()
}

/// The machine-readable form for a `<time datetime>` attribute.
pub fn iso(at: &DateTime<Utc>) -> String {
    at.to_rfc3339()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn gov_uk_style_in_london_time() {
        let winter = Utc.with_ymd_and_hms(2026, 12, 3, 16, 5, 0).unwrap();
        assert_eq!(date_time(&winter), "3 December 2026 at 4:05pm GMT");
        let on_the_hour = Utc.with_ymd_and_hms(2026, 1, 9, 9, 0, 0).unwrap();
        assert_eq!(date_time(&on_the_hour), "9 January 2026 at 9am GMT");
        let summer = Utc.with_ymd_and_hms(2026, 7, 1, 9, 30, 0).unwrap();
        assert_eq!(date_time(&summer), "1 July 2026 at 10:30am BST");
    }

    #[test]
    fn the_date_is_londons_date() {
        // 23:30 UTC on 30 June is already 1 July in London (BST).
        let late = Utc.with_ymd_and_hms(2026, 6, 30, 23, 30, 0).unwrap();
        assert_eq!(date(&late), "1 July 2026");
    }
}
