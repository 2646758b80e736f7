//! A word-level difference between two texts, for showing what a revision changed.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    Same(String),
    Removed(String),
    Added(String),
}

/// Beyond this many words on a side, the whole text is shown as replaced: the table the
/// comparison needs grows with the product of the two lengths.
const MAX_WORDS: usize = 4_000;

/// Splits into words, keeping the whitespace after each, so joining the pieces gives the
/// text back exactly.
fn words(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            in_space = true;
        } else if in_space {
            pieces.push(&text[start..i]);
            start = i;
            in_space = false;
        }
    }
    if start < text.len() {
        pieces.push(&text[start..]);
    }
    pieces
}

fn push(changes: &mut Vec<Change>, change: Change) {
    match (changes.last_mut(), change) {
        (Some(Change::Same(a)), Change::Same(b)) => a.push_str(&b),
        (Some(Change::Removed(a)), Change::Removed(b)) => a.push_str(&b),
        (Some(Change::Added(a)), Change::Added(b)) => a.push_str(&b),
        (_, change) => changes.push(change),
    }
}

pub fn diff(before: &str, after: &str) -> Vec<Change> {
    if before == after {
        return if before.is_empty() {
            Vec::new()
        } else {
            vec![Change::Same(before.to_string())]
        };
    }
    let a = words(before);
    let b = words(after);
    if a.len() > MAX_WORDS || b.len() > MAX_WORDS {
        let mut changes = Vec::new();
        if !before.is_empty() {
            changes.push(Change::Removed(before.to_string()));
        }
        if !after.is_empty() {
            changes.push(Change::Added(after.to_string()));
        }
        return changes;
    }
    // Longest common subsequence of words, filled from the end.
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![0u16; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[at(i, j)] = if a[i] == b[j] {
                lcs[at(i + 1, j + 1)] + 1
            } else {
                lcs[at(i + 1, j)].max(lcs[at(i, j + 1)])
            };
        }
    }
    let mut changes = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if a[i] == b[j] {
            push(&mut changes, Change::Same(a[i].to_string()));
            i += 1;
            j += 1;
        } else if lcs[at(i + 1, j)] >= lcs[at(i, j + 1)] {
            push(&mut changes, Change::Removed(a[i].to_string()));
            i += 1;
        } else {
            push(&mut changes, Change::Added(b[j].to_string()));
            j += 1;
        }
    }
    for word in &a[i..] {
        push(&mut changes, Change::Removed(word.to_string()));
    }
    for word in &b[j..] {
        push(&mut changes, Change::Added(word.to_string()));
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rebuild(changes: &[Change], keep_added: bool) -> String {
        changes
            .iter()
            .filter_map(|c| match c {
                Change::Same(t) => Some(t.as_str()),
                Change::Removed(t) if !keep_added => Some(t.as_str()),
                Change::Added(t) if keep_added => Some(t.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn marks_changed_words() {
        let changes = diff(
            "tenants report repairs by phone",
            "tenants report repairs online",
        );
        assert_eq!(
            changes,
            vec![
                Change::Same("tenants report repairs ".into()),
                Change::Removed("by phone".into()),
                Change::Added("online".into()),
            ]
        );
        assert_eq!(diff("", ""), vec![]);
        assert_eq!(diff("", "new"), vec![Change::Added("new".into())]);
    }

    proptest! {
        #[test]
        fn both_texts_can_be_rebuilt(a in "[a-c ]{0,40}", b in "[a-c ]{0,40}") {
            let changes = diff(&a, &b);
            prop_assert_eq!(rebuild(&changes, false), a);
            prop_assert_eq!(rebuild(&changes, true), b);
        }
    }
}
