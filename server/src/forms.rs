//! Form bodies and path ids, parsed so that bad input becomes a clear page, never a
//! framework rejection or a panic.

use crate::ctx::{Ctx, Failure};
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use std::collections::HashMap;

/// A url-encoded form body as field → value. Repeated fields keep their last value.
pub struct FormData(pub HashMap<String, String>);

pub const MAX_FORM_BYTES: usize = 256 * 1024;

impl<S: Send + Sync> FromRequest<S> for FormData {
    type Rejection = axum::response::Response;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let bytes = match axum::body::to_bytes(req.into_body(), MAX_FORM_BYTES).await {
            Ok(bytes) => bytes,
            Err(_) => {
                return Err(crate::middleware::bare_problem_page(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "What you sent was too large",
                    "Nothing was saved. Shorten the text and try again.",
                ))
            }
        };
        let fields: HashMap<String, String> = form_urlencoded_pairs(&bytes);
        Ok(FormData(fields))
    }
}

fn form_urlencoded_pairs(bytes: &[u8]) -> HashMap<String, String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(bytes)
        .unwrap_or_default()
        .into_iter()
        .collect()
}

impl FormData {
    pub fn get(&self, field: &str) -> String {
        self.0.get(field).cloned().unwrap_or_default()
    }
}

/// Parses an id from the URL; a malformed one is simply a page that does not exist.
pub fn parse_id<T: std::str::FromStr>(ctx: &Ctx, raw: &str) -> Result<T, Failure> {
    raw.parse().map_err(|_| ctx.not_found())
}
