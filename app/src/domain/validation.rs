//! Validated values, built only through `parse`, each failure phrased as the message a
//! person sees next to the field (GOV.UK error message style).

use serde::{Deserialize, Serialize};

pub const TITLE_MAX: usize = 150;
pub const PROBLEM_STATEMENT_MAX: usize = 20_000;
pub const NAME_MAX: usize = 120;
pub const ORGANISATION_NAME_MAX: usize = 200;
pub const PASSWORD_MIN: usize = 12;
pub const PASSWORD_MAX: usize = 128;
pub const EMAIL_MAX: usize = 254;
pub const JOIN_MESSAGE_MAX: usize = 2_000;

fn char_count(value: &str) -> usize {
    value.chars().count()
}

/// Trims and checks the length of a required single-line text.
fn required_text(
    value: &str,
    max: usize,
    empty_message: &str,
    what: &str,
) -> Result<String, String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(empty_message.to_string());
    }
    let count = char_count(trimmed);
    if count > max {
        return Err(format!(
            "{what} must be {max} characters or fewer (you entered {count})"
        ));
    }
    if trimmed
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(format!("{what} must not contain control characters"));
    }
    Ok(trimmed.to_string())
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeTitle(String);

impl ChallengeTitle {
    pub fn parse(value: &str) -> Result<Self, String> {
        let text = required_text(value, TITLE_MAX, "Enter a title", "Title")?;
        if text.contains('\n') {
            return Err("Title must be on one line".into());
        }
        Ok(Self(text))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemStatement(String);

impl ProblemStatement {
    pub fn parse(value: &str) -> Result<Self, String> {
        required_text(
            value,
            PROBLEM_STATEMENT_MAX,
            "Enter a problem statement",
            "Problem statement",
        )
        .map(Self)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(value: &str) -> Result<Self, String> {
        let text = required_text(value, NAME_MAX, "Enter your full name", "Full name")?;
        if text.contains('\n') {
            return Err("Full name must be on one line".into());
        }
        Ok(Self(text))
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyName(String);

impl CompanyName {
    pub fn parse(value: &str) -> Result<Self, String> {
        let text = required_text(
            value,
            ORGANISATION_NAME_MAX,
            "Enter your company name",
            "Company name",
        )?;
        if text.contains('\n') {
            return Err("Company name must be on one line".into());
        }
        Ok(Self(text))
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// An email address, trimmed and lower-cased so that one person has one account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(value: &str) -> Result<Self, String> {
        let text = value.trim().to_lowercase();
        if text.is_empty() {
            return Err("Enter an email address".into());
        }
        if char_count(&text) > EMAIL_MAX {
            return Err(format!(
                "Email address must be {EMAIL_MAX} characters or fewer"
            ));
        }
        let well_formed = match text.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !text.chars().any(|c| c.is_whitespace() || c.is_control())
            }
            None => false,
        };
        if !well_formed {
            return Err(
                "Enter an email address in the correct format, like name@example.com".into(),
            );
        }
        Ok(Self(text))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A new password. Length is what makes a password strong (NCSC guidance), so the rule is
/// a minimum length, not a mix of character classes.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(..)")
    }
}

impl NewPassword {
    pub fn parse(value: &str, confirmation: Option<&str>) -> Result<Self, String> {
        if value.is_empty() {
            return Err("Enter a password".into());
        }
        let count = char_count(value);
        if count < PASSWORD_MIN {
            return Err(format!(
                "Password must be {PASSWORD_MIN} characters or more"
            ));
        }
        if count > PASSWORD_MAX {
            return Err(format!(
                "Password must be {PASSWORD_MAX} characters or fewer"
            ));
        }
        if let Some(confirmation) = confirmation {
            if confirmation != value {
                return Err("Passwords do not match".into());
            }
        }
        Ok(Self(value.to_string()))
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// A Companies House registration number: 8 characters, digits or a two-letter prefix
/// (SC, NI, OC…) followed by digits. Shorter all-digit numbers are zero-padded, as
/// Companies House itself does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompaniesHouseNumber(String);

impl CompaniesHouseNumber {
    pub fn parse(value: &str) -> Result<Option<Self>, String> {
        let text: String = value
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase();
        if text.is_empty() {
            return Ok(None);
        }
        let message =
            "Enter a Companies House number in the correct format, like 01234567 or SC123456";
        if text.len() > 8 || !text.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(message.into());
        }
        let normalised = if text.chars().all(|c| c.is_ascii_digit()) {
            format!("{text:0>8}")
        } else {
            text
        };
        let (prefix, rest) = normalised.split_at(2);
        let valid = normalised.len() == 8
            && rest.chars().all(|c| c.is_ascii_digit())
            && (prefix.chars().all(|c| c.is_ascii_digit())
                || prefix.chars().all(|c| c.is_ascii_uppercase()));
        if !valid {
            return Err(message.into());
        }
        Ok(Some(Self(normalised)))
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// An optional free-text message with a maximum length.
pub fn optional_message(value: &str, max: usize, what: &str) -> Result<String, String> {
    let trimmed = value.trim();
    let count = char_count(trimmed);
    if count > max {
        return Err(format!(
            "{what} must be {max} characters or fewer (you entered {count})"
        ));
    }
    Ok(trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn title_rules() {
        assert_eq!(ChallengeTitle::parse("  "), Err("Enter a title".into()));
        assert_eq!(
            ChallengeTitle::parse("  Housing management  ")
                .unwrap()
                .as_str(),
            "Housing management"
        );
        let long = "x".repeat(300);
        assert_eq!(
            ChallengeTitle::parse(&long),
            Err("Title must be 150 characters or fewer (you entered 300)".into())
        );
        assert!(ChallengeTitle::parse(&"é".repeat(150)).is_ok());
        assert!(ChallengeTitle::parse("one\ntwo").is_err());
    }

    #[test]
    fn email_rules() {
        assert_eq!(
            EmailAddress::parse(" Priya.Shah@Camden.gov.uk ")
                .unwrap()
                .as_str(),
            "priya.shah@camden.gov.uk"
        );
        for bad in [
            "",
            "nobody",
            "a@b",
            "@camden.gov.uk",
            "a b@c.uk",
            "a@@c.uk",
            "a@.uk",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn password_rules() {
        assert!(NewPassword::parse("short", None).is_err());
        assert!(NewPassword::parse("long enough pass", Some("different")).is_err());
        assert!(NewPassword::parse("long enough pass", Some("long enough pass")).is_ok());
        assert!(!format!(
            "{:?}",
            NewPassword::parse("long enough pass", None).unwrap()
        )
        .contains("long"));
    }

    #[test]
    fn companies_house_numbers() {
        assert_eq!(CompaniesHouseNumber::parse(""), Ok(None));
        assert_eq!(
            CompaniesHouseNumber::parse("1234567")
                .unwrap()
                .unwrap()
                .into_inner(),
            "01234567"
        );
        assert_eq!(
            CompaniesHouseNumber::parse("sc 123456")
                .unwrap()
                .unwrap()
                .into_inner(),
            "SC123456"
        );
        for bad in ["123456789", "S1234567", "AB12345X", "12-34567"] {
            assert!(CompaniesHouseNumber::parse(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn parsed_titles_are_trimmed_nonempty_and_bounded(s in "\\PC{0,200}") {
            if let Ok(title) = ChallengeTitle::parse(&s) {
                prop_assert!(!title.as_str().is_empty());
                prop_assert_eq!(title.as_str().trim(), title.as_str());
                prop_assert!(title.as_str().chars().count() <= TITLE_MAX);
            }
        }

        #[test]
        fn parsed_emails_are_lowercase(s in "[A-Za-z0-9.]{1,20}@[A-Za-z]{1,10}\\.[A-Za-z]{2,4}") {
            let email = EmailAddress::parse(&s).unwrap();
            prop_assert_eq!(email.as_str(), s.to_lowercase());
        }
    }
}
