//! Member authorities reviewing supplier responses: conflict-of-interest declarations,
//! the respondents table, one response, answers compared per question, notes and tags,
//! and the CSV export.
//!
//! Every entry point goes through [`scope::open`], which finds the challenge's published
//! notice and asks `domain::engagement_policy` whether the actor may act on it. People
//! outside the challenge (other authorities, suppliers, the platform team) are told the
//! pages do not exist; a reviewer who has not declared a conflict of interest for the
//! notice gets [`Access::Declare`] instead of any response data.
//!
//! Only submitted responses are reviewed: a response is listed once it has at least one
//! row in `response_submissions`, and what reviewers read is its latest submission. The
//! supplier's working draft (`responses.answers`) is never shown here.

pub mod annotations;
pub mod answers;
pub mod declarations;
pub mod export;
pub mod listing;
pub mod observers;
pub mod scope;
pub mod tags;

use serde::{Deserialize, Serialize};

/// What a review page gets: its data, or where the person has to go first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Access<T> {
    Ready(T),
    /// The person has not declared whether they have a conflict of interest yet.
    Declare,
    /// The challenge has no published notice, so there is nothing to review.
    NotPublished(NotPublished),
}

/// The page shown instead of responses while a challenge has no published notice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotPublished {
    pub challenge_id: crate::domain::ChallengeId,
    pub challenge_title: String,
    /// A draft notice exists (only its authors know it).
    pub has_draft: bool,
}
