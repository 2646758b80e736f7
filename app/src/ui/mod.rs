//! Pages and the components they are built from. Pages are rendered on the server from
//! plain data, so they are compiled for the server only; islands are the parts that
//! also compile to wasm and hydrate in the browser.

#[cfg(feature = "ssr")]
pub mod form;
#[cfg(feature = "ssr")]
pub mod format;
pub mod islands;
#[cfg(feature = "ssr")]
pub mod layout;
#[cfg(feature = "ssr")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod pagination;
#[cfg(feature = "ssr")]
pub mod render;
