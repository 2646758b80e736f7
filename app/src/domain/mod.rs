//! Pure types and rules shared by the server and the browser: no leptos, axum or sea-orm.

pub mod diff;
pub mod fields;
pub mod ids;
pub mod kinds;
pub mod moscow;
pub mod notice_rules;
pub mod policy;
pub mod traceability;
pub mod validation;
pub mod weights;

pub use fields::{FieldError, FieldErrors};
pub use ids::{ChallengeId, JoinRequestId, OrganisationId, UserId};
pub use kinds::*;
