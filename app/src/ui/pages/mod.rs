//! One module per area of the site. Each page is a component of plain data.

pub mod accounts;
pub mod admin;
pub mod challenge_form;
pub mod challenges;
pub mod criteria;
pub mod errors;
pub mod home;
pub mod members;
pub mod needs;
pub mod notices;
pub mod pack;
pub mod responses;
pub mod review;
