//! The browser bundle: it hydrates the islands of a server-rendered page.

#![recursion_limit = "256"]

// Linking `app` brings its `#[island]` components into the bundle, where the island
// loader finds them by name.
pub use app::ui::islands;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
