//! The traceability check between needs and criteria: every Must need should be judged by
//! at least one criterion, and every criterion should judge at least one need.

use super::moscow::Priority;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::hash::Hash;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gaps<N, C> {
    /// Must needs no criterion covers, in the order given.
    pub uncovered_musts: Vec<N>,
    /// Criteria that cover no (live) need, in the order given.
    pub criteria_without_needs: Vec<C>,
}

impl<N, C> Gaps<N, C> {
    pub fn is_clean(&self) -> bool {
        self.uncovered_musts.is_empty() && self.criteria_without_needs.is_empty()
    }
}

/// `needs` are (id, priority) of the live needs; `coverage` is the (criterion, need) pairs.
/// Pairs naming a need that is not live (archived, merged away) do not count as coverage.
pub fn gaps<N, C>(needs: &[(N, Priority)], criteria: &[C], coverage: &[(C, N)]) -> Gaps<N, C>
where
    N: Clone + Eq + Hash,
    C: Clone + Eq + Hash,
{
    let live: HashSet<&N> = needs.iter().map(|(n, _)| n).collect();
    let counted: Vec<&(C, N)> = coverage.iter().filter(|(_, n)| live.contains(n)).collect();
    let covered_needs: HashSet<&N> = counted.iter().map(|(_, n)| n).collect();
    let covering_criteria: HashSet<&C> = counted.iter().map(|(c, _)| c).collect();
    Gaps {
        uncovered_musts: needs
            .iter()
            .filter(|(n, p)| *p == Priority::Must && !covered_needs.contains(n))
            .map(|(n, _)| n.clone())
            .collect(),
        criteria_without_needs: criteria
            .iter()
            .filter(|c| !covering_criteria.contains(c))
            .cloned()
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use Priority::*;

    #[test]
    fn flags_uncovered_musts_and_idle_criteria() {
        let needs = [(1, Must), (2, Must), (3, Should), (4, Could)];
        let criteria = ["usability", "price", "security"];
        let coverage = [
            ("usability", 1),
            ("usability", 3),
            ("price", 4),
            ("security", 99),
        ];
        let g = gaps(&needs, &criteria, &coverage);
        assert_eq!(g.uncovered_musts, vec![2]);
        // "security" only covers a need that is no longer live.
        assert_eq!(g.criteria_without_needs, vec!["security"]);
        assert!(!g.is_clean());
    }

    #[test]
    fn clean_when_everything_is_traced() {
        let g = gaps(&[(1, Must), (2, Wont)], &["a"], &[("a", 1)]);
        assert!(g.is_clean());
        let empty: Gaps<i32, &str> = gaps(&[], &[], &[]);
        assert!(empty.is_clean());
    }

    fn priority() -> impl Strategy<Value = Priority> {
        prop_oneof![Just(Must), Just(Should), Just(Could), Just(Wont)]
    }

    proptest! {
        #[test]
        fn reported_gaps_are_exactly_the_untraced_items(
            priorities in proptest::collection::vec(priority(), 0..15),
            criteria_count in 0usize..8,
            pairs in proptest::collection::vec((0usize..8, 0usize..20), 0..40),
        ) {
            let needs: Vec<(usize, Priority)> = priorities.into_iter().enumerate().collect();
            let criteria: Vec<usize> = (0..criteria_count).collect();
            let coverage: Vec<(usize, usize)> = pairs.into_iter().filter(|(c, _)| *c < criteria_count).collect();
            let g = gaps(&needs, &criteria, &coverage);
            for (n, p) in &needs {
                let covered = coverage.iter().any(|(_, m)| m == n);
                prop_assert_eq!(g.uncovered_musts.contains(n), *p == Must && !covered);
            }
            for c in &criteria {
                let used = coverage.iter().any(|(d, m)| d == c && needs.iter().any(|(n, _)| n == m));
                prop_assert_eq!(g.criteria_without_needs.contains(c), !used);
            }
        }
    }
}
