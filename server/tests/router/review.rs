//! Reviewing supplier responses through the router: who may reach them, the
//! conflict-of-interest gate, the pages, notes and tags, observer access and the CSV.
//! Notices, questions, responses and submissions are inserted straight into the tables
//! (`fixtures`), so these tests do not depend on the notice and response pages.

mod access;
mod annotations;
mod declaration;
mod export;
mod fixtures;
mod reading;
