//! Coprocure's shared crate: the domain rules, the pages, the server functions, and (with
//! the `ssr` feature) the services that read and write the database.

#![recursion_limit = "512"]

pub mod api;
pub mod domain;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod ui;
