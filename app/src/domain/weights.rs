//! Criterion weights. A weight is a percentage with at most two decimal places, kept as a
//! whole number of hundredths so that sums are exact: 33.33 + 33.33 + 33.34 is 100, and
//! 99.5 is not.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A weight in hundredths of a percent: 1250 is 12.5%.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Weight(u32);

pub const FULL: u32 = 100 * 100;

impl Weight {
    pub fn from_hundredths(hundredths: u32) -> Option<Self> {
        (hundredths <= FULL).then_some(Self(hundredths))
    }

    pub fn hundredths(self) -> u32 {
        self.0
    }

    /// Parses what a person typed: "25", "12.5", "33.33", with or without a "%".
    pub fn parse(input: &str) -> Result<Self, String> {
        let text = input.trim().trim_end_matches('%').trim();
        if text.is_empty() {
            return Err("Enter a weight for this scored criterion, as a percentage".into());
        }
        if text.starts_with('-') {
            return Err("Weight must be 0% or more".into());
        }
        let (whole, fraction) = match text.split_once('.') {
            Some((w, f)) => (w, f),
            None => (text, ""),
        };
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        if !(digits(whole) || (whole.is_empty() && digits(fraction)))
            || !(fraction.is_empty() || digits(fraction))
        {
            return Err("Weight must be a number, like 25 or 12.5".into());
        }
        if fraction.len() > 2 {
            return Err("Weight can have at most two decimal places, like 33.33".into());
        }
        if whole.len() > 3 {
            return Err("Weight must be 100% or less".into());
        }
        let whole: u32 = if whole.is_empty() {
            0
        } else {
            whole
                .parse()
                .map_err(|_| "Weight must be a number, like 25 or 12.5")?
        };
        let fraction: u32 = format!("{fraction:0<2}").parse().unwrap_or(0);
        let hundredths = whole * 100 + fraction;
        if hundredths > FULL {
            return Err("Weight must be 100% or less".into());
        }
        Ok(Self(hundredths))
    }
}

impl fmt::Display for Weight {
    /// "25%", "12.5%", "33.33%".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.0 / 100;
        let fraction = self.0 % 100;
        if fraction == 0 {
            write!(f, "{whole}%")
        } else if fraction.is_multiple_of(10) {
            write!(f, "{whole}.{}%", fraction / 10)
        } else {
            write!(f, "{whole}.{fraction:02}%")
        }
    }
}

/// Where the scored weights stand: the running total shown while drafting, and whether the
/// set may be proposed for sign-off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeightTotal {
    pub total_hundredths: u64,
}

impl WeightTotal {
    pub fn of(weights: impl IntoIterator<Item = Weight>) -> Self {
        Self {
            total_hundredths: weights.into_iter().map(|w| u64::from(w.0)).sum(),
        }
    }

    pub fn is_complete(self) -> bool {
        self.total_hundredths == u64::from(FULL)
    }

    /// What to tell the person when the total is not exactly 100%.
    pub fn problem(self) -> Option<String> {
        let total = self.total_hundredths;
        let full = u64::from(FULL);
        let show = |h: u64| Weight(h.min(u64::from(u32::MAX)) as u32).to_string();
        if total == full {
            None
        } else if total < full {
            Some(format!(
                "Scored criteria weights add up to {}: they must add up to exactly 100% ({} still to allocate)",
                show(total),
                show(full - total)
            ))
        } else {
            Some(format!(
                "Scored criteria weights add up to {}: they must add up to exactly 100% ({} too much)",
                show(total),
                show(total - full)
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_what_people_type() {
        assert_eq!(Weight::parse("25").unwrap().hundredths(), 2500);
        assert_eq!(Weight::parse(" 12.5 % ").unwrap().hundredths(), 1250);
        assert_eq!(Weight::parse("33.33").unwrap().hundredths(), 3333);
        assert_eq!(Weight::parse("0").unwrap().hundredths(), 0);
        assert_eq!(Weight::parse("100").unwrap().hundredths(), 10000);
        assert_eq!(Weight::parse(".5").unwrap().hundredths(), 50);
    }

    #[test]
    fn refuses_bad_weights_with_specific_messages() {
        assert_eq!(Weight::parse("-5"), Err("Weight must be 0% or more".into()));
        assert_eq!(
            Weight::parse("101"),
            Err("Weight must be 100% or less".into())
        );
        assert_eq!(
            Weight::parse("100.01"),
            Err("Weight must be 100% or less".into())
        );
        assert_eq!(
            Weight::parse("abc"),
            Err("Weight must be a number, like 25 or 12.5".into())
        );
        assert_eq!(
            Weight::parse("1e2"),
            Err("Weight must be a number, like 25 or 12.5".into())
        );
        assert_eq!(
            Weight::parse("12.345"),
            Err("Weight can have at most two decimal places, like 33.33".into())
        );
        assert_eq!(
            Weight::parse(""),
            Err("Enter a weight for this scored criterion, as a percentage".into())
        );
        assert!(Weight::parse("99999999999").is_err());
        assert!(Weight::parse("1.2.3").is_err());
    }

    #[test]
    fn totals_must_be_exactly_one_hundred() {
        let w = |s: &str| Weight::parse(s).unwrap();
        assert!(WeightTotal::of([w("33.33"), w("33.33"), w("33.34")]).is_complete());
        let short = WeightTotal::of([w("50"), w("49.5")]);
        assert!(!short.is_complete());
        assert_eq!(
            short.problem().unwrap(),
            "Scored criteria weights add up to 99.5%: they must add up to exactly 100% (0.5% still to allocate)"
        );
        let over = WeightTotal::of([w("60"), w("60")]);
        assert!(over.problem().unwrap().contains("20% too much"));
        assert_eq!(WeightTotal::of([]).total_hundredths, 0);
    }

    #[test]
    fn displays_like_people_write_it() {
        assert_eq!(Weight::parse("25").unwrap().to_string(), "25%");
        assert_eq!(Weight::parse("12.5").unwrap().to_string(), "12.5%");
        assert_eq!(Weight::parse("33.33").unwrap().to_string(), "33.33%");
        assert_eq!(Weight::parse("0.05").unwrap().to_string(), "0.05%");
    }

    proptest! {
        #[test]
        fn display_and_parse_round_trip(h in 0u32..=10_000) {
            let w = Weight::from_hundredths(h).unwrap();
            prop_assert_eq!(Weight::parse(&w.to_string()).unwrap(), w);
        }

        #[test]
        fn any_text_either_parses_in_range_or_gives_a_message(s in "\\PC{0,12}") {
            match Weight::parse(&s) {
                Ok(w) => prop_assert!(w.hundredths() <= FULL),
                Err(message) => prop_assert!(message.starts_with("Weight") || message.starts_with("Enter")),
            }
        }

        #[test]
        fn complete_exactly_when_sum_is_100(parts in proptest::collection::vec(0u32..=10_000, 0..10)) {
            let weights: Vec<Weight> = parts.iter().map(|h| Weight::from_hundredths(*h).unwrap()).collect();
            let total = WeightTotal::of(weights);
            let sum: u64 = parts.iter().map(|h| u64::from(*h)).sum();
            prop_assert_eq!(total.is_complete(), sum == 10_000);
            prop_assert_eq!(total.problem().is_none(), sum == 10_000);
        }
    }
}
