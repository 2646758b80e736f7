//! MoSCoW priorities, and how the member authorities' own priorities for a need compare:
//! where they agree, and where a joint specification must decide what is common.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Priority {
    Must,
    Should,
    Could,
    Wont,
}

impl Priority {
    pub const ALL: [Priority; 4] = [
        Priority::Must,
        Priority::Should,
        Priority::Could,
        Priority::Wont,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Must => "must",
            Priority::Should => "should",
            Priority::Could => "could",
            Priority::Wont => "wont",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Priority::Must => "Must have",
            Priority::Should => "Should have",
            Priority::Could => "Could have",
            Priority::Wont => "Won't have this time",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Priority::ALL.into_iter().find(|p| p.as_str() == value)
    }

    /// Steps from Must (0) to Won't (3), for measuring how far apart two views are.
    fn rank(self) -> u8 {
        self as u8
    }
}

/// How far the authorities that gave a priority are from agreeing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Agreement {
    /// Fewer than two authorities have given a priority: nothing to compare.
    NotEnoughViews,
    /// Every authority gave the same priority.
    Unanimous,
    /// Neighbouring priorities (Must and Should, say): a matter of emphasis.
    Close,
    /// Two or more steps apart (Must and Could), but nobody rules it out.
    Divergent,
    /// At least one authority must have it and another won't: the joint specification has
    /// to decide whether this is common or may differ between authorities.
    Conflicting,
}

impl Agreement {
    pub fn needs_decision(self) -> bool {
        matches!(self, Agreement::Divergent | Agreement::Conflicting)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consensus {
    /// How many authorities gave each priority, in MoSCoW order.
    pub counts: [usize; 4],
    pub agreement: Agreement,
    /// The priority most authorities gave; a tie goes to the stronger priority, so a need
    /// is never quietly demoted.
    pub most_common: Option<Priority>,
}

pub fn consensus(views: &[Priority]) -> Consensus {
    let mut counts = [0usize; 4];
    for view in views {
        counts[view.rank() as usize] += 1;
    }
    let most_common = (0..4)
        .filter(|&i| counts[i] > 0)
        .max_by(|&a, &b| counts[a].cmp(&counts[b]).then(b.cmp(&a)))
        .map(|i| Priority::ALL[i]);
    let agreement = if views.len() < 2 {
        Agreement::NotEnoughViews
    } else {
        let strongest = views.iter().map(|p| p.rank()).min().unwrap_or(0);
        let weakest = views.iter().map(|p| p.rank()).max().unwrap_or(0);
        if counts[Priority::Must.rank() as usize] > 0 && counts[Priority::Wont.rank() as usize] > 0
        {
            Agreement::Conflicting
        } else {
            match weakest - strongest {
                0 => Agreement::Unanimous,
                1 => Agreement::Close,
                _ => Agreement::Divergent,
            }
        }
    };
    Consensus {
        counts,
        agreement,
        most_common,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use Priority::*;

    #[test]
    fn classifies_agreement() {
        assert_eq!(consensus(&[]).agreement, Agreement::NotEnoughViews);
        assert_eq!(consensus(&[Must]).agreement, Agreement::NotEnoughViews);
        assert_eq!(
            consensus(&[Must, Must, Must]).agreement,
            Agreement::Unanimous
        );
        assert_eq!(consensus(&[Must, Should]).agreement, Agreement::Close);
        assert_eq!(consensus(&[Must, Could]).agreement, Agreement::Divergent);
        assert_eq!(consensus(&[Should, Wont]).agreement, Agreement::Divergent);
        assert_eq!(
            consensus(&[Must, Should, Wont]).agreement,
            Agreement::Conflicting
        );
        assert!(Agreement::Conflicting.needs_decision());
        assert!(!Agreement::Close.needs_decision());
    }

    #[test]
    fn most_common_breaks_ties_towards_the_stronger_priority() {
        assert_eq!(consensus(&[Could, Must]).most_common, Some(Must));
        assert_eq!(consensus(&[Could, Could, Must]).most_common, Some(Could));
        assert_eq!(consensus(&[]).most_common, None);
        assert_eq!(consensus(&[Wont, Should, Wont]).counts, [0, 1, 0, 2]);
    }

    #[test]
    fn stored_text_round_trips() {
        for p in Priority::ALL {
            assert_eq!(Priority::parse(p.as_str()), Some(p));
        }
        assert_eq!(Priority::parse("Must"), None);
    }

    fn priority() -> impl Strategy<Value = Priority> {
        prop_oneof![Just(Must), Just(Should), Just(Could), Just(Wont)]
    }

    proptest! {
        #[test]
        fn counts_add_up_and_order_does_not_matter(mut views in proptest::collection::vec(priority(), 0..12)) {
            let first = consensus(&views);
            prop_assert_eq!(first.counts.iter().sum::<usize>(), views.len());
            views.reverse();
            prop_assert_eq!(consensus(&views), first);
        }

        #[test]
        fn conflict_exactly_when_must_meets_wont(views in proptest::collection::vec(priority(), 2..12)) {
            let c = consensus(&views);
            let conflict = views.contains(&Must) && views.contains(&Wont);
            prop_assert_eq!(c.agreement == Agreement::Conflicting, conflict);
            if views.iter().all(|v| *v == views[0]) {
                prop_assert_eq!(c.agreement, Agreement::Unanimous);
            }
        }

        /// The needs list counts and filters disputed needs in SQL as "the given
        /// priorities are two or more steps apart" (`ssr::needs::disputed_needs`): that
        /// must stay the same rule as `needs_decision`.
        #[test]
        fn a_decision_is_needed_exactly_when_views_are_two_steps_apart(views in proptest::collection::vec(priority(), 0..12)) {
            let spread = match (views.iter().min(), views.iter().max()) {
                (Some(a), Some(b)) => b.rank() - a.rank(),
                _ => 0,
            };
            prop_assert_eq!(consensus(&views).agreement.needs_decision(), spread >= 2);
        }

        #[test]
        fn most_common_is_a_given_view_with_the_highest_count(views in proptest::collection::vec(priority(), 1..12)) {
            let c = consensus(&views);
            let top = c.most_common.unwrap();
            prop_assert!(views.contains(&top));
            prop_assert_eq!(c.counts[top as usize], *c.counts.iter().max().unwrap());
        }
    }
}
