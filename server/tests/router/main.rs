//! Integration tests of the whole service: each drives the real router
//! (`server::router`) in-process, against a fresh seeded database, and runs on SQLite and
//! on PostgreSQL (`<name>_sqlite`, `<name>_postgres`).
//!
//! Run everything with `scripts/with-postgres.sh cargo test -p server`; the PostgreSQL
//! variants fail (they never skip) when `TEST_DATABASE_URL_PG` is not set.

#[macro_use]
#[path = "../common/mod.rs"]
mod common;

mod challenges;
mod criteria;
mod hardening;
mod invitations;
mod live;
mod membership;
mod needs;
mod notices;
mod pack;
mod policy;
mod protections;
mod registration;
mod responses;
mod review;
mod sign_in;
