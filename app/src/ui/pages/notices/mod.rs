//! Pages of market engagement notices: drafting, publishing, the public list and detail.

pub mod parts;
pub mod public;
pub mod work;
