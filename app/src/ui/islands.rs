//! The interactive parts of pages. Everything else is server-rendered HTML that works
//! without JavaScript; these enhance it once the wasm bundle has loaded.

use leptos::prelude::*;

/// A "Preview" button under a Markdown textarea that shows the text as it will be
/// published, rendered and sanitised by the server. Hidden until hydrated, so people
/// without JavaScript never see a button that does nothing.
#[island]
pub fn MarkdownPreview(source_id: String) -> impl IntoView {
    let (ready, set_ready) = signal(false);
    let (preview, set_preview) = signal(None::<Result<String, String>>);
    Effect::new(move |_| set_ready.set(true));
    let show = move |_| {
        let text = read_textarea(&source_id);
        leptos::task::spawn_local(async move {
            let result = crate::api::preview_markdown(text)
                .await
                .map_err(|e| crate::api::user_message(&e));
            set_preview.set(Some(result));
        });
    };
    view! {
        <div class="govuk-form-group app-markdown-preview" hidden=move || !ready.get()>
            <button type="button" class="govuk-button govuk-button--secondary" on:click=show data-testid="preview-markdown">
                "Preview"
            </button>
            <div aria-live="polite">
                {move || preview.get().map(|result| match result {
                    Ok(html) => view! {
                        <div class="govuk-inset-text app-markdown" data-testid="markdown-preview">
                            <h3 class="govuk-heading-s">"Preview"</h3>
                            <div inner_html=html></div>
                        </div>
                    }.into_any(),
                    Err(message) => view! { <p class="govuk-error-message">{message}</p> }.into_any(),
                })}
            </div>
        </div>
    }
}

#[cfg(feature = "hydrate")]
fn read_textarea(id: &str) -> String {
    use wasm_bindgen::JsCast;
    document()
        .get_element_by_id(id)
        .and_then(|el| el.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        .map(|el| el.value())
        .unwrap_or_default()
}

#[cfg(not(feature = "hydrate"))]
fn read_textarea(_id: &str) -> String {
    String::new()
}

mod live;
pub use live::{LiveChallenge, LiveUpdates, LiveViewer};
