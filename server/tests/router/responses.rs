//! Supplier responses, clarification questions, follows and the supplier dashboard
//! through the router. Notices are made by `fixtures` straight into the database, so
//! these tests do not depend on how notices are drafted and published.

mod answering;
mod clarifications;
mod fixtures;
mod panels;
mod supplier;
