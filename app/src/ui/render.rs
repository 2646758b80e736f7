//! Turns a page into an HTML document on the server. Each render has its own reactive
//! owner in islands mode, so only `#[island]` components carry hydration markers.

use super::layout::{Document, PageMeta};
use hydration_context::SsrSharedContext;
use leptos::config::LeptosOptions;
use leptos::hydration::HydrationScripts;
use leptos::prelude::*;
use std::sync::Arc;

/// The name the wasm bundle is built under; it must match `LEPTOS_OUTPUT_NAME` at build.
pub const OUTPUT_NAME: &str = "coprocure";

fn options() -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_pkg_dir("pkg")
        .build()
}

pub fn document<F, V>(meta: PageMeta, content: F) -> String
where
    F: FnOnce() -> V + Send + 'static,
    V: IntoView + 'static,
{
    let owner = Owner::new_root(Some(Arc::new(SsrSharedContext::new_islands())));
    let html = owner.with(move || {
        let head = view! { <HydrationScripts options=options() islands=true /> }.into_any();
        view! { <Document meta=meta head=head>{content()}</Document> }.to_html()
    });
    format!("<!DOCTYPE html>{html}")
}
