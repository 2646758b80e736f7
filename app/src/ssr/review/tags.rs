//! Reviewers' tags on a response ("shortlist", "ask about pricing"): stored in
//! `responses.review_tags` as a JSON array of strings, changed only by adding or removing
//! one tag at a time so that two reviewers tagging at once both keep their tag.

/// Longest tag, in characters.
pub const TAG_MAX: usize = 40;
/// Most tags one response can carry.
pub const TAGS_PER_RESPONSE: usize = 20;

/// Reads the stored column; an empty column has no tags. Earlier comma-separated text is
/// read too, so nothing typed is lost if the column was filled some other way.
pub fn parse_stored(raw: &str) -> Vec<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Vec::new();
    }
    let items: Vec<String> =
        serde_json::from_str(raw).unwrap_or_else(|_| raw.split(',').map(str::to_string).collect());
    let mut tags = Vec::new();
    for item in items {
        if let Ok(tag) = normalise(&item) {
            if !contains(&tags, &tag) {
                tags.push(tag);
            }
        }
    }
    tags
}

pub fn to_stored(tags: &[String]) -> String {
    serde_json::to_string(tags).unwrap_or_else(|_| "[]".into())
}

/// A tag as typed, tidied (surrounding and repeated spaces removed), or why it cannot be
/// one.
pub fn normalise(typed: &str) -> Result<String, String> {
    let tag = typed.split_whitespace().collect::<Vec<_>>().join(" ");
    if tag.is_empty() {
        return Err("Enter a tag".into());
    }
    let count = tag.chars().count();
    if count > TAG_MAX {
        return Err(format!(
            "Tag must be {TAG_MAX} characters or fewer (you entered {count})"
        ));
    }
    Ok(tag)
}

/// Tags are compared without regard to case: "Shortlist" and "shortlist" are one tag.
pub fn contains(tags: &[String], tag: &str) -> bool {
    tags.iter().any(|t| t.to_lowercase() == tag.to_lowercase())
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TagChange {
    /// The tags after the change.
    Changed(Vec<String>),
    /// Nothing to do: the tag was already there (adding) or already gone (removing).
    Unchanged,
}

pub fn add(tags: &[String], tag: &str) -> Result<TagChange, String> {
    if contains(tags, tag) {
        return Ok(TagChange::Unchanged);
    }
    if tags.len() >= TAGS_PER_RESPONSE {
        return Err(format!(
            "A response can have up to {TAGS_PER_RESPONSE} tags. Remove one before adding another"
        ));
    }
    let mut next = tags.to_vec();
    next.push(tag.to_string());
    Ok(TagChange::Changed(next))
}

pub fn remove(tags: &[String], tag: &str) -> TagChange {
    if !contains(tags, tag) {
        return TagChange::Unchanged;
    }
    TagChange::Changed(
        tags.iter()
            .filter(|t| t.to_lowercase() != tag.to_lowercase())
            .cloned()
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_tags_round_trip() {
        let tags = vec!["shortlist".to_string(), "ask, about \"price\"".to_string()];
        assert_eq!(parse_stored(&to_stored(&tags)), tags);
        assert_eq!(parse_stored(""), Vec::<String>::new());
        assert_eq!(parse_stored("[]"), Vec::<String>::new());
        assert_eq!(
            parse_stored("a, b ,a"),
            vec!["a".to_string(), "b".to_string()]
        );
    }

    #[test]
    fn tags_are_tidied_and_limited() {
        assert_eq!(normalise("  short   list "), Ok("short list".into()));
        assert_eq!(normalise("   "), Err("Enter a tag".into()));
        assert_eq!(normalise(&"x".repeat(40)).map(|t| t.len()), Ok(40));
        assert_eq!(
            normalise(&"x".repeat(41)),
            Err("Tag must be 40 characters or fewer (you entered 41)".into())
        );
    }

    #[test]
    fn adding_and_removing_ignore_case() {
        let tags = vec!["Shortlist".to_string()];
        assert_eq!(add(&tags, "shortlist"), Ok(TagChange::Unchanged));
        assert_eq!(
            add(&tags, "price"),
            Ok(TagChange::Changed(vec!["Shortlist".into(), "price".into()]))
        );
        assert_eq!(remove(&tags, "SHORTLIST"), TagChange::Changed(vec![]));
        assert_eq!(remove(&tags, "other"), TagChange::Unchanged);
        let full: Vec<String> = (0..TAGS_PER_RESPONSE).map(|i| format!("t{i}")).collect();
        assert!(add(&full, "one more").is_err());
    }
}
