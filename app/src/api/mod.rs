//! Server functions: thin entry points that the browser calls from islands. Each takes the
//! actor the server put in context, asks the policy, and calls one service.

use leptos::prelude::*;
use leptos::server_fn::error::ServerFnError;

/// The message to show a person for a failed server function call.
pub fn user_message(error: &ServerFnError) -> String {
    match error {
        ServerFnError::ServerError(message) => message.clone(),
        _ => "The preview could not be shown. Check your connection and try again.".to_string(),
    }
}

#[cfg(feature = "ssr")]
fn actor() -> crate::domain::policy::Actor {
    use_context::<crate::domain::policy::Actor>().unwrap_or(crate::domain::policy::Actor::Anonymous)
}

#[cfg(feature = "ssr")]
fn set_status(status: axum::http::StatusCode) {
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        options.set_status(status);
    }
}

#[cfg(feature = "ssr")]
fn denied_message(denied: crate::domain::policy::Denied) -> ServerFnError {
    use crate::domain::policy::Denied;
    set_status(match denied {
        Denied::SignInRequired => axum::http::StatusCode::UNAUTHORIZED,
        Denied::Forbidden | Denied::NotFound => axum::http::StatusCode::FORBIDDEN,
    });
    ServerFnError::ServerError(
        match denied {
            Denied::SignInRequired => "Your session has ended: sign in again to preview",
            Denied::Forbidden | Denied::NotFound => "You cannot preview text here",
        }
        .to_string(),
    )
}

/// Renders Markdown the way a published page will show it.
#[server(prefix = "/api", endpoint = "preview-markdown")]
pub async fn preview_markdown(text: String) -> Result<String, ServerFnError> {
    use crate::domain::policy::authorize_markdown_preview;
    use crate::domain::validation::PROBLEM_STATEMENT_MAX;
    authorize_markdown_preview(&actor()).map_err(denied_message)?;
    let length = text.chars().count();
    if length > PROBLEM_STATEMENT_MAX {
        set_status(axum::http::StatusCode::UNPROCESSABLE_ENTITY);
        return Err(ServerFnError::ServerError(format!(
            "The text is too long to preview: {length} characters, up to {PROBLEM_STATEMENT_MAX} allowed"
        )));
    }
    Ok(crate::ssr::markdown::render(&text))
}
