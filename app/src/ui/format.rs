//! How dates and times read on a page.

use chrono::{DateTime, Utc};

/// "3 December 2026 at 4:05pm (UTC)": GOV.UK style, with the time zone said.
pub fn date_time(at: &DateTime<Utc>) -> String {
    let time = at.format("%-I:%M%P").to_string().replace(":00", "");
    format!("{} at {} (UTC)", at.format("%-d %B %Y"), time)
}

pub fn date(at: &DateTime<Utc>) -> String {
    at.format("%-d %B %Y").to_string()
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
    fn gov_uk_date_style() {
        let at = Utc.with_ymd_and_hms(2026, 12, 3, 16, 5, 0).unwrap();
        assert_eq!(date_time(&at), "3 December 2026 at 4:05pm (UTC)");
        let on_the_hour = Utc.with_ymd_and_hms(2026, 1, 9, 9, 0, 0).unwrap();
        assert_eq!(date_time(&on_the_hour), "9 January 2026 at 9am (UTC)");
    }
}
