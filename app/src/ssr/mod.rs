//! Server-only code: database access, services that check the policy and write with an
//! audit trail in one transaction, and the helpers they need.

pub mod accounts;
pub mod audit;
pub mod challenges;
pub mod comments;
pub mod criteria;
pub mod db;
pub mod entities;
pub mod error;
pub mod housekeeping;
pub mod live;
pub mod markdown;
pub mod membership;
pub mod needs;
pub mod notices;
pub mod outbox;
pub mod pack;
pub mod password_reset;
pub mod reference;
pub mod responses;
pub mod review;
pub mod revisions;
pub mod secrets;
pub mod signoff;

pub use error::DomainError;
