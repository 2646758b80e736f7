//! The suppliers' side of market engagement: registering interest, answering a notice's
//! questionnaire (drafts, submissions, resubmissions), clarification questions and their
//! answers, follows and the supplier dashboard. Every entry point asks
//! `domain::engagement_policy` first, through `access`.

mod access;
pub mod answering;
pub mod clarifications;
pub mod dashboard;
pub mod follows;
pub mod interest;
pub mod panels;

pub use access::{not_open_message, NoticeHeading};
