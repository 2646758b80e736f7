//! The closed sets of the domain: kinds, roles, statuses and visibilities, each with the
//! text stored in the database and the label shown to people.

use serde::{Deserialize, Serialize};

macro_rules! stored_enum {
    ($name:ident { $($variant:ident => ($stored:literal, $label:literal)),+ $(,)? }) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $stored),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn parse(value: &str) -> Option<Self> {
                match value { $($stored => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

stored_enum!(OrgKind {
    Authority => ("authority", "Local authority"),
    Supplier => ("supplier", "Supplier"),
    Platform => ("platform", "Coprocure platform team"),
});

stored_enum!(OrgRole {
    Member => ("member", "Member"),
    OrgAdmin => ("org_admin", "Organisation admin"),
});

stored_enum!(ChallengeStatus {
    Draft => ("draft", "Draft"),
    Collaborating => ("collaborating", "Collaborating"),
    MarketEngagement => ("market_engagement", "Market engagement"),
    Concluded => ("concluded", "Concluded"),
    Archived => ("archived", "Archived"),
});

stored_enum!(Visibility {
    Private => ("private", "Private: member authorities only"),
    Authorities => ("authorities", "London authorities: any authority user can read it and ask to join"),
    Public => ("public", "Public: anyone can read a summary"),
});

stored_enum!(MemberRole {
    Lead => ("lead", "Lead authority"),
    Participant => ("participant", "Participant"),
    Observer => ("observer", "Observer"),
});

stored_enum!(JoinRequestStatus {
    Pending => ("pending", "Pending"),
    Accepted => ("accepted", "Accepted"),
    Declined => ("declined", "Declined"),
});

impl ChallengeStatus {
    /// The statuses a challenge may move to from this one. The lifecycle runs forwards
    /// one step at a time; a challenge that has not reached the market can be abandoned
    /// (archived) early; an archived challenge is kept as a read-only record.
    pub fn next_statuses(self) -> &'static [ChallengeStatus] {
        use ChallengeStatus::*;
        match self {
            Draft => &[Collaborating, Archived],
            Collaborating => &[MarketEngagement, Draft, Archived],
            MarketEngagement => &[Concluded],
            Concluded => &[Archived],
            Archived => &[],
        }
    }

    pub fn can_move_to(self, next: ChallengeStatus) -> bool {
        self.next_statuses().contains(&next)
    }

    /// Whether the challenge still takes edits and new members.
    pub fn is_open(self) -> bool {
        !matches!(self, ChallengeStatus::Concluded | ChallengeStatus::Archived)
    }

    /// The GOV.UK tag colour modifier for this status.
    pub fn tag_class(self) -> &'static str {
        use ChallengeStatus::*;
        match self {
            Draft => "govuk-tag govuk-tag--grey",
            Collaborating => "govuk-tag govuk-tag--blue",
            MarketEngagement => "govuk-tag govuk-tag--green",
            Concluded => "govuk-tag govuk-tag--purple",
            Archived => "govuk-tag govuk-tag--grey",
        }
    }
}

impl Visibility {
    pub fn short_label(self) -> &'static str {
        match self {
            Visibility::Private => "Private",
            Visibility::Authorities => "London authorities",
            Visibility::Public => "Public",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_text_round_trips_for_every_variant() {
        for status in ChallengeStatus::ALL {
            assert_eq!(ChallengeStatus::parse(status.as_str()), Some(*status));
        }
        for role in MemberRole::ALL {
            assert_eq!(MemberRole::parse(role.as_str()), Some(*role));
        }
        for visibility in Visibility::ALL {
            assert_eq!(Visibility::parse(visibility.as_str()), Some(*visibility));
        }
        assert_eq!(ChallengeStatus::parse("Draft"), None);
    }

    #[test]
    fn lifecycle_moves_forward_and_archive_is_final() {
        use ChallengeStatus::*;
        assert!(Draft.can_move_to(Collaborating));
        assert!(Collaborating.can_move_to(MarketEngagement));
        assert!(MarketEngagement.can_move_to(Concluded));
        assert!(Concluded.can_move_to(Archived));
        assert!(!Draft.can_move_to(MarketEngagement));
        assert!(!MarketEngagement.can_move_to(Draft));
        assert!(!Draft.can_move_to(Draft));
        for status in ChallengeStatus::ALL {
            assert!(!Archived.can_move_to(*status));
        }
    }
}
