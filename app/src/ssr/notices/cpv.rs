//! The Common Procurement Vocabulary (CPV 2008): 9 454 eight-digit codes, compiled into the
//! binary and indexed once on first use, so the picker and the validation never read a
//! file at run time.

use std::collections::HashMap;
use std::sync::OnceLock;

const CPV_CSV: &str = include_str!("../../../data/cpv-2008.csv");

/// How many matches the picker lists at once: enough to choose from, short enough to read.
pub const SEARCH_LIMIT: usize = 25;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CpvCode {
    pub code: &'static str,
    pub description: &'static str,
    /// The description lower-cased, for searching.
    search: String,
}

impl CpvCode {
    /// The first two digits: the division suppliers follow.
    pub fn division(&self) -> &'static str {
        &self.code[..2]
    }
}

struct Index {
    codes: Vec<CpvCode>,
    by_code: HashMap<&'static str, usize>,
}

/// One CSV field: quoted fields may hold commas and doubled quotes.
fn split_line(line: &'static str) -> Option<(&'static str, String)> {
    let (code, rest) = line.split_once(',')?;
    let description = match rest.strip_prefix('"') {
        Some(quoted) => quoted.strip_suffix('"')?.replace("\"\"", "\""),
        None => rest.to_string(),
    };
    Some((code.trim(), description))
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut codes = Vec::with_capacity(9_500);
        for line in CPV_CSV.lines().skip(1) {
            let line = line.trim_end_matches('\r');
            let Some((code, description)) = split_line(line) else {
                continue;
            };
            if code.len() != 8 || !code.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            // Leaked once for the life of the process, so lookups hand out &'static str.
            let description: &'static str = Box::leak(description.into_boxed_str());
            codes.push(CpvCode {
                code,
                description,
                search: description.to_lowercase(),
            });
        }
        let by_code = codes.iter().enumerate().map(|(i, c)| (c.code, i)).collect();
        Index { codes, by_code }
    })
}

/// The code as people may type it: "72000000", "72000000-5" (with its check digit) or
/// "72 00 00 00" → "72000000".
pub fn normalise(raw: &str) -> String {
    let without_check = raw.trim().split('-').next().unwrap_or_default();
    without_check
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

pub fn lookup(raw: &str) -> Option<&'static CpvCode> {
    let index = index();
    index
        .by_code
        .get(normalise(raw).as_str())
        .map(|i| &index.codes[*i])
}

pub fn description(code: &str) -> Option<&'static str> {
    lookup(code).map(|c| c.description)
}

/// Codes whose number starts with the digits typed, or whose description holds every word
/// typed, in code order, at most `limit`.
pub fn search(query: &str, limit: usize) -> Vec<&'static CpvCode> {
    let query = query.trim().to_lowercase();
    if query.is_empty() {
        return Vec::new();
    }
    let digits = normalise(&query);
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        return index()
            .codes
            .iter()
            .filter(|c| c.code.starts_with(&digits))
            .take(limit)
            .collect();
    }
    let words: Vec<&str> = query.split_whitespace().collect();
    index()
        .codes
        .iter()
        .filter(|c| words.iter().all(|w| c.search.contains(w)))
        .take(limit)
        .collect()
}

/// The divisions (first two digits) with their own description, for the filter on the
/// public list.
pub fn divisions() -> Vec<&'static CpvCode> {
    index()
        .codes
        .iter()
        .filter(|c| c.code.ends_with("000000"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_vocabulary_is_indexed() {
        assert_eq!(index().codes.len(), 9_454);
        assert_eq!(
            description("72000000"),
            Some("IT services: consulting, software development, Internet and support")
        );
        assert_eq!(lookup("72000000-5").map(|c| c.code), Some("72000000"));
        assert_eq!(lookup("99999999"), None);
        assert_eq!(lookup("03000000").map(|c| c.division()), Some("03"));
    }

    #[test]
    fn search_by_words_or_by_number() {
        let housing = search("housing services", 50);
        assert!(!housing.is_empty());
        assert!(housing
            .iter()
            .all(|c| c.search.contains("housing") && c.search.contains("services")));
        let it = search("72", 5);
        assert_eq!(it.len(), 5);
        assert!(it.iter().all(|c| c.code.starts_with("72")));
        assert!(search("  ", 5).is_empty());
        assert!(divisions().iter().any(|d| d.code == "45000000"));
    }
}
