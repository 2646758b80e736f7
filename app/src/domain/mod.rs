//! Pure types and rules shared by the server and the browser: no leptos, axum or sea-orm.

#[macro_use]
pub mod kinds;

pub mod answers;
pub mod diff;
pub mod engagement;
pub mod engagement_policy;
pub mod fields;
pub mod ids;
pub mod moscow;
pub mod notice_rules;
pub mod policy;
pub mod traceability;
pub mod validation;
pub mod weights;

pub use fields::{FieldError, FieldErrors};
pub use ids::{ChallengeId, JoinRequestId, OrganisationId, UserId};
pub use kinds::*;
