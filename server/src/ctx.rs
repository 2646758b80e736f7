//! The request context every page handler takes: who is asking, their session, a one-off
//! flash message, and how to answer with a page, a redirect or an error page.

use crate::state::AppState;
use app::domain::policy::Actor;
use app::domain::{OrgKind, OrgRole};
use app::ssr::{accounts, DomainError};
use app::ui::layout::{HeaderUser, PageMeta};
use app::ui::pages::errors::ProblemPage;
use app::ui::render::document;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::{COOKIE, LOCATION, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use base64::Engine;
use leptos::prelude::*;
use std::net::SocketAddr;

pub const SESSION_COOKIE: &str = "coprocure_session";
pub const FLASH_COOKIE: &str = "coprocure_flash";

pub struct Ctx {
    pub actor: Actor,
    pub session_token: Option<String>,
    pub flash: Option<String>,
    pub path: String,
    pub method: Method,
    pub client_address: String,
    pub request_id: String,
    pub secure_cookies: bool,
    /// The page a form was posted from (the path of the `Referer`), to lead back to.
    pub came_from: Option<String>,
}

/// A response that ends a handler early: an error page or a redirect.
pub struct Failure(pub Box<Response>);

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        *self.0
    }
}

impl From<Response> for Failure {
    fn from(response: Response) -> Self {
        Failure(Box::new(response))
    }
}

pub type Answer = Result<Response, Failure>;

pub fn cookie_value(parts: &Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
}

fn client_address(parts: &Parts, trust_proxy: bool) -> String {
    if trust_proxy {
        if let Some(forwarded) = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
        {
            return forwarded.trim().to_string();
        }
    }
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let session_token = cookie_value(parts, SESSION_COOKIE);
        let request_id = parts
            .headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-")
            .to_string();
        let actor = match accounts::actor_for_session(&state.db, session_token.as_deref()).await {
            Ok(actor) => actor,
            Err(err) => {
                tracing::error!(error = %err, "loading the session failed");
                return Err(internal_error_page(&request_id));
            }
        };
        // Only a page the person navigates to shows (and so clears) the flash message: a
        // live refresh's background fetch of the page they are leaving must not take it.
        let navigating = parts
            .headers
            .get("sec-fetch-mode")
            .is_none_or(|mode| mode.as_bytes() == b"navigate");
        let flash = cookie_value(parts, FLASH_COOKIE)
            .filter(|_| navigating)
            .and_then(|raw| {
                base64::engine::general_purpose::URL_SAFE_NO_PAD
                    .decode(raw)
                    .ok()
                    .and_then(|bytes| String::from_utf8(bytes).ok())
            });
        Ok(Ctx {
            actor,
            session_token,
            flash,
            path: parts.uri.path().to_string(),
            method: parts.method.clone(),
            client_address: client_address(parts, state.settings.trust_proxy),
            request_id,
            secure_cookies: state.settings.secure_cookies,
            came_from: parts
                .headers
                .get(axum::http::header::REFERER)
                .and_then(|v| v.to_str().ok())
                .and_then(|referer| {
                    let host = parts.headers.get(axum::http::header::HOST)?.to_str().ok()?;
                    local_path(referer, host)
                }),
        })
    }
}

/// The path and query of an address, when it is one of this site's pages (`host` is the
/// request's): an absolute address must name this host; anything that could lead
/// elsewhere (`//host`, `/\\host`, another site) is dropped.
fn local_path(address: &str, host: &str) -> Option<String> {
    let path = match address.split_once("://") {
        Some((_, rest)) => {
            let slash = rest.find('/')?;
            if !rest[..slash].eq_ignore_ascii_case(host) {
                return None;
            }
            &rest[slash..]
        }
        None => address,
    };
    let local = path.starts_with('/') && !path.starts_with("//") && !path.starts_with("/\\");
    (local && path.len() < 2000).then(|| path.to_string())
}

pub fn header_user(actor: &Actor) -> Option<HeaderUser> {
    actor.user().map(|user| HeaderUser {
        name: user.name.clone(),
        organisation_name: user.organisation_name.clone(),
        is_authority: user.organisation_kind == OrgKind::Authority,
        can_invite: user.platform_admin
            || (user.org_role == OrgRole::OrgAdmin && user.organisation_kind == OrgKind::Authority),
        platform_admin: user.platform_admin,
    })
}

fn internal_error_page(request_id: &str) -> Response {
    let meta = PageMeta::new("Sorry, there is a problem with the service");
    let reference = request_id.to_string();
    let html = document(meta, move || {
        view! {
            <ProblemPage heading="Sorry, there is a problem with the service"
                message="Try again later. Nothing you had already saved has been lost."
                reference=reference />
        }
    });
    (StatusCode::INTERNAL_SERVER_ERROR, Html(html)).into_response()
}

impl Ctx {
    pub fn meta(&self, title: impl Into<String>) -> PageMeta {
        PageMeta {
            title: title.into(),
            user: header_user(&self.actor),
            path: self.path.clone(),
            flash: self.flash.clone(),
            ..Default::default()
        }
    }

    /// A page inside a challenge: its breadcrumbs lead through the challenge list to the
    /// challenge.
    pub fn challenge_meta(
        &self,
        title: impl Into<String>,
        id: impl std::fmt::Display,
        challenge_title: &str,
    ) -> PageMeta {
        self.meta(title)
            .crumb("Home", "/")
            .crumb("Challenges", "/challenges")
            .crumb(challenge_title.to_string(), format!("/challenges/{id}"))
    }

    /// Renders a page with the given status, clearing the flash message it showed.
    pub fn page<F, V>(&self, status: StatusCode, meta: PageMeta, content: F) -> Response
    where
        F: FnOnce() -> V + Send + 'static,
        V: IntoView + 'static,
    {
        let shows_flash = meta.flash.is_some();
        let mut response = (status, Html(document(meta, content))).into_response();
        // Pages can hold private drafts: keep them out of shared caches and the back
        // button's history after sign-out.
        response.headers_mut().insert(
            axum::http::header::CACHE_CONTROL,
            HeaderValue::from_static(if self.actor.user().is_some() {
                "no-store"
            } else {
                "no-cache"
            }),
        );
        if shows_flash {
            response.headers_mut().append(
                SET_COOKIE,
                HeaderValue::from_static(
                    "coprocure_flash=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax",
                ),
            );
        }
        response
    }

    pub fn ok<F, V>(&self, meta: PageMeta, content: F) -> Answer
    where
        F: FnOnce() -> V + Send + 'static,
        V: IntoView + 'static,
    {
        Ok(self.page(StatusCode::OK, meta, content))
    }

    /// A 303 redirect after a successful post, with a message for the next page.
    pub fn redirect_with(&self, to: &str, flash: Option<&str>) -> Answer {
        let mut response = Response::builder()
            .status(StatusCode::SEE_OTHER)
            .header(LOCATION, to)
            .body(axum::body::Body::empty())
            .expect("static response parts");
        if let Some(message) = flash {
            let encoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(message);
            if let Ok(value) = HeaderValue::from_str(&format!(
                "{FLASH_COOKIE}={encoded}; Path=/; Max-Age=60; HttpOnly; SameSite=Lax"
            )) {
                response.headers_mut().append(SET_COOKIE, value);
            }
        }
        Ok(response)
    }

    pub fn session_cookie(&self, token: &str) -> HeaderValue {
        let secure = if self.secure_cookies { "; Secure" } else { "" };
        HeaderValue::from_str(&format!(
            "{SESSION_COOKIE}={token}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{secure}",
            accounts::SESSION_HOURS * 3600
        ))
        .expect("tokens are URL-safe base64")
    }

    pub fn cleared_session_cookie(&self) -> HeaderValue {
        HeaderValue::from_static("coprocure_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax")
    }

    fn problem(&self, status: StatusCode, heading: &str, message: String) -> Response {
        let heading_owned = heading.to_string();
        // A refused post offers the page it came from, not only the home page.
        let back = (self.method != Method::GET)
            .then(|| self.came_from.clone())
            .flatten();
        self.page(status, self.meta(heading), move || {
            view! { <ProblemPage heading=heading_owned message=message back=back /> }
        })
    }

    pub fn not_found(&self) -> Failure {
        Failure::from(self.problem(
            StatusCode::NOT_FOUND,
            "Page not found",
            "If you typed the web address, check it is correct. If you followed a link to a challenge, it may be private to its member authorities.".into(),
        ))
    }

    /// Turns a service error into the page or redirect a person should see.
    pub fn fail(&self, err: DomainError) -> Failure {
        match err {
            DomainError::NotFound => self.not_found(),
            DomainError::SignInRequired => {
                // After signing in, a refused post leads back to the page it came from.
                let return_to = if self.method == Method::GET {
                    self.path.as_str()
                } else {
                    self.came_from.as_deref().unwrap_or("/")
                };
                let location = format!("/sign-in?return_to={}", urlencode(return_to));
                let response = Response::builder()
                    .status(StatusCode::SEE_OTHER)
                    .header(LOCATION, location)
                    .body(axum::body::Body::empty())
                    .expect("static response parts");
                Failure::from(response)
            }
            DomainError::Forbidden => Failure::from(self.problem(
                StatusCode::FORBIDDEN,
                "You cannot do that",
                "Your account does not have permission to do this here. If you think it should, ask the challenge's lead authority or your organisation's Coprocure administrator.".into(),
            )),
            DomainError::Validation(errors) => {
                let message = errors.0.iter().map(|e| e.message.clone()).collect::<Vec<_>>().join(". ");
                Failure::from(self.problem(StatusCode::UNPROCESSABLE_ENTITY, "There is a problem", message))
            }
            DomainError::Conflict(message) => {
                Failure::from(self.problem(StatusCode::CONFLICT, "Your change was not saved", message))
            }
            DomainError::Gone(message) => {
                Failure::from(self.problem(StatusCode::GONE, "This link can no longer be used", message))
            }
            DomainError::RateLimited(message) => {
                Failure::from(self.problem(StatusCode::TOO_MANY_REQUESTS, "Too many attempts", message))
            }
            DomainError::Internal(cause) => {
                tracing::error!(cause = %cause, "request failed");
                Failure::from(internal_error_page(&self.request_id))
            }
        }
    }
}

pub fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_this_sites_pages_are_led_back_to() {
        assert_eq!(
            local_path(
                "https://coprocure.example/notices/CP-2027-0001?x=1",
                "coprocure.example"
            )
            .as_deref(),
            Some("/notices/CP-2027-0001?x=1")
        );
        assert_eq!(
            local_path("/challenges", "coprocure.example").as_deref(),
            Some("/challenges")
        );
        for elsewhere in [
            "https://evil.example/x",
            "https://coprocure.example.evil.example/x",
            "//evil.example/x",
            "/\\evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            "",
        ] {
            assert_eq!(
                local_path(elsewhere, "coprocure.example"),
                None,
                "{elsewhere}"
            );
        }
    }
}
