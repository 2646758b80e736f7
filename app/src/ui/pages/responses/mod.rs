//! Pages of the supplier side of market engagement: the response form and submissions,
//! clarification questions (asking, and the member authorities' answering), follows,
//! the supplier dashboard, and the panels included in the public notice page.

pub mod dashboard;
pub mod fields;
pub mod follows;
pub mod panels;
pub mod questions;
pub mod response;
