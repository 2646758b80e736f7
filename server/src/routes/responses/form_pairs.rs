//! A form body as the list of pairs it was sent as. `forms::FormData` keeps one value a
//! field, but ticked checkboxes send the same field once for each box.

use crate::forms::MAX_FORM_BYTES;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;

pub struct FormPairs(pub Vec<(String, String)>);

impl<S: Send + Sync> FromRequest<S> for FormPairs {
    type Rejection = axum::response::Response;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::to_bytes(req.into_body(), MAX_FORM_BYTES)
            .await
            .map_err(|_| {
                crate::middleware::bare_problem_page(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "What you sent was too large",
                    "Nothing was saved. Shorten the text and try again.",
                )
            })?;
        Ok(FormPairs(
            serde_urlencoded::from_bytes(&bytes).unwrap_or_default(),
        ))
    }
}

impl FormPairs {
    /// The last value sent for a field, or "".
    pub fn get(&self, field: &str) -> String {
        self.0
            .iter()
            .rev()
            .find(|(name, _)| name == field)
            .map(|(_, value)| value.clone())
            .unwrap_or_default()
    }

    /// Every value sent for a field, in order.
    pub fn all(&self, field: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(name, _)| name == field)
            .map(|(_, value)| value.clone())
            .collect()
    }
}
