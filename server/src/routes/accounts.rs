//! Sign-in, sign-out, supplier registration and invitations.

use crate::ctx::{Answer, Ctx};
use crate::forms::FormData;
use crate::state::AppState;
use app::domain::policy;
use app::ssr::accounts::{
    self, AcceptInvitationForm, InvitationForm, SignInForm, SupplierRegistration,
};
use app::ssr::{reference, DomainError};
use app::ui::form::FormState;
use app::ui::pages::accounts::{
    AcceptInvitationPage, ForgotPasswordPage, InvitationsData, InvitationsPage, RegisterPage,
    ResetPasswordPage, SignInPage,
};
use axum::extract::{Path, Query, State};
use axum::http::header::SET_COOKIE;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use leptos::prelude::*;
use std::collections::HashMap;

/// Only paths on this site, so a crafted link cannot send people elsewhere after sign-in.
/// Control characters are refused too: browsers drop tabs and newlines from a URL, so
/// `/<TAB>/evil.example` would become `//evil.example`, and a newline cannot go in a header.
fn safe_return_to(raw: &str) -> String {
    if raw.starts_with('/')
        && !raw.starts_with("//")
        && !raw.contains('\\')
        && !raw.chars().any(char::is_control)
        && !raw.starts_with("/sign-in")
    {
        raw.to_string()
    } else {
        "/".to_string()
    }
}

pub async fn sign_in_page(ctx: Ctx, Query(query): Query<HashMap<String, String>>) -> Answer {
    if ctx.actor.user().is_some() {
        return ctx.redirect_with("/", None);
    }
    let mut values = HashMap::new();
    if let Some(return_to) = query.get("return_to") {
        values.insert("return_to".to_string(), safe_return_to(return_to));
    }
    let form = FormState::with_values(values);
    ctx.ok(
        ctx.meta("Sign in"),
        move || view! { <SignInPage form=form /> },
    )
}

pub async fn sign_in(
    State(state): State<AppState>,
    ctx: Ctx,
    FormData(values): FormData,
) -> Answer {
    let form = SignInForm {
        email: values.get("email").cloned().unwrap_or_default(),
        password: values.get("password").cloned().unwrap_or_default(),
    };
    match accounts::sign_in(&state.db, &form, &ctx.client_address).await {
        Ok((token, user)) => {
            tracing::info!(user = %user.id, "signed in");
            let to = safe_return_to(values.get("return_to").map(String::as_str).unwrap_or("/"));
            let mut response = ctx.redirect_with(&to, None)?;
            response
                .headers_mut()
                .append(SET_COOKIE, ctx.session_cookie(&token));
            Ok(response)
        }
        Err(DomainError::Validation(errors)) => {
            let mut meta = ctx.meta("Sign in");
            meta.has_errors = true;
            let form = FormState::failed(values, errors);
            Ok(ctx.page(
                StatusCode::UNPROCESSABLE_ENTITY,
                meta,
                move || view! { <SignInPage form=form /> },
            ))
        }
        Err(DomainError::RateLimited(message)) => {
            let mut meta = ctx.meta("Sign in");
            meta.has_errors = true;
            let form = FormState::with_values(values);
            Ok(ctx.page(
                StatusCode::TOO_MANY_REQUESTS,
                meta,
                move || view! { <SignInPage form=form rate_limited=message /> },
            ))
        }
        Err(other) => Err(ctx.fail(other)),
    }
}

pub async fn sign_out(State(state): State<AppState>, ctx: Ctx) -> Answer {
    if let Some(token) = &ctx.session_token {
        accounts::sign_out(&state.db, token)
            .await
            .map_err(|e| ctx.fail(e))?;
    }
    let mut response = ctx.redirect_with("/", Some("You have signed out"))?;
    response
        .headers_mut()
        .append(SET_COOKIE, ctx.cleared_session_cookie());
    Ok(response)
}

pub async fn register_page(ctx: Ctx) -> Answer {
    if ctx.actor.user().is_some() {
        return ctx.redirect_with("/", None);
    }
    let form = FormState::default();
    ctx.ok(
        ctx.meta("Register as a supplier"),
        move || view! { <RegisterPage form=form /> },
    )
}

pub async fn register(State(state): State<AppState>, ctx: Ctx, form: FormData) -> Answer {
    let registration = SupplierRegistration {
        company_name: form.get("company_name"),
        companies_house_number: form.get("companies_house_number"),
        full_name: form.get("full_name"),
        email: form.get("email"),
        password: form.get("password"),
        password_confirmation: form.get("password_confirmation"),
    };
    match accounts::register_supplier(&state.db, &registration).await {
        Ok((token, user)) => {
            let mut response = ctx.redirect_with(
                "/",
                Some(&format!(
                    "Your account for {} has been created",
                    user.organisation_name
                )),
            )?;
            response
                .headers_mut()
                .append(SET_COOKIE, ctx.session_cookie(&token));
            Ok(response)
        }
        Err(DomainError::Validation(errors)) => {
            let mut meta = ctx.meta("Register as a supplier");
            meta.has_errors = true;
            let mut values = form.0;
            values.remove("password");
            values.remove("password_confirmation");
            let state = FormState::failed(values, errors);
            Ok(ctx.page(
                StatusCode::UNPROCESSABLE_ENTITY,
                meta,
                move || view! { <RegisterPage form=state /> },
            ))
        }
        Err(other) => Err(ctx.fail(other)),
    }
}

async fn invitations_view(
    state: &AppState,
    ctx: &Ctx,
    form: FormState,
    sent_link: Option<String>,
    status: StatusCode,
) -> Answer {
    policy::authorize_invite_page(&ctx.actor).map_err(|d| ctx.fail(d.into()))?;
    let user = ctx.actor.user().expect("authorized users are signed in");
    let all = reference::authorities(&state.db)
        .await
        .map_err(|e| ctx.fail(e))?;
    let authorities = if user.platform_admin {
        all
    } else {
        all.into_iter()
            .filter(|a| a.value == user.organisation_id.to_string())
            .collect()
    };
    let invitations = accounts::invitations_for(&state.db, &ctx.actor)
        .await
        .map_err(|e| ctx.fail(e))?;
    let team = if user.platform_admin {
        Vec::new()
    } else {
        accounts::team(&state.db, user.organisation_id)
            .await
            .map_err(|e| ctx.fail(e))?
    };
    let mut meta = ctx.meta("Invite people");
    meta.has_errors = form.has_errors();
    let data = InvitationsData {
        authorities,
        form,
        invitations,
        team,
        organisation_name: user.organisation_name.clone(),
        sent_link,
    };
    Ok(ctx.page(
        status,
        meta,
        move || view! { <InvitationsPage data=data /> },
    ))
}

pub async fn invitations_page(State(state): State<AppState>, ctx: Ctx) -> Answer {
    invitations_view(&state, &ctx, FormState::default(), None, StatusCode::OK).await
}

pub async fn send_invitation(State(state): State<AppState>, ctx: Ctx, form: FormData) -> Answer {
    let invitation = InvitationForm {
        organisation_id: form.get("organisation_id"),
        email: form.get("email"),
        org_role: form.get("org_role"),
    };
    match accounts::invite(
        &state.db,
        &ctx.actor,
        &invitation,
        &state.settings.public_url,
    )
    .await
    {
        Ok(token) => {
            let link = format!(
                "{}/invitations/{token}",
                state.settings.public_url.trim_end_matches('/')
            );
            let mut meta_flash = ctx.flash.clone();
            meta_flash
                .get_or_insert_with(|| format!("Invitation sent to {}", invitation.email.trim()));
            let ctx = Ctx {
                flash: meta_flash,
                ..ctx
            };
            invitations_view(
                &state,
                &ctx,
                FormState::default(),
                Some(link),
                StatusCode::CREATED,
            )
            .await
        }
        Err(DomainError::Validation(errors)) => {
            invitations_view(
                &state,
                &ctx,
                FormState::failed(form.0, errors),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(other) => Err(ctx.fail(other)),
    }
}

pub async fn invitation_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> Answer {
    let invitation = accounts::invitation_details(&state.db, &token)
        .await
        .map_err(|e| ctx.fail(e))?;
    let form = FormState::default();
    ctx.ok(ctx.meta("Accept your invitation"), move || {
        view! { <AcceptInvitationPage token=token invitation=invitation form=form /> }
    })
}

pub async fn accept_invitation(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    form: FormData,
) -> Answer {
    let accept = AcceptInvitationForm {
        full_name: form.get("full_name"),
        password: form.get("password"),
        password_confirmation: form.get("password_confirmation"),
    };
    match accounts::accept_invitation(&state.db, &token, &accept).await {
        Ok((session, user)) => {
            let mut response = ctx.redirect_with(
                "/",
                Some(&format!(
                    "Welcome to Coprocure. You have joined {}",
                    user.organisation_name
                )),
            )?;
            response
                .headers_mut()
                .append(SET_COOKIE, ctx.session_cookie(&session));
            Ok(response.into_response())
        }
        Err(DomainError::Validation(errors)) => {
            let invitation = accounts::invitation_details(&state.db, &token)
                .await
                .map_err(|e| ctx.fail(e))?;
            let mut meta = ctx.meta("Accept your invitation");
            meta.has_errors = true;
            let mut values = form.0;
            values.remove("password");
            values.remove("password_confirmation");
            let state = FormState::failed(values, errors);
            Ok(ctx.page(StatusCode::UNPROCESSABLE_ENTITY, meta, move || {
                view! { <AcceptInvitationPage token=token invitation=invitation form=state /> }
            }))
        }
        Err(other) => Err(ctx.fail(other)),
    }
}

pub async fn forgot_password_page(ctx: Ctx) -> Answer {
    let form = FormState::default();
    ctx.ok(
        ctx.meta("Reset your password"),
        move || view! { <ForgotPasswordPage form=form /> },
    )
}

pub async fn forgot_password(
    State(state): State<AppState>,
    ctx: Ctx,
    FormData(values): FormData,
) -> Answer {
    let email = values.get("email").cloned().unwrap_or_default();
    match app::ssr::password_reset::request(&state.db, &email, &state.settings.public_url).await {
        Ok(()) => {
            let form = FormState::with_values(HashMap::from([(
                "email".to_string(),
                email.trim().to_string(),
            )]));
            ctx.ok(
                ctx.meta("Check your email"),
                move || view! { <ForgotPasswordPage form=form sent=true /> },
            )
        }
        Err(DomainError::Validation(errors)) => {
            let mut meta = ctx.meta("Reset your password");
            meta.has_errors = true;
            let form = FormState::failed(values, errors);
            Ok(ctx.page(
                StatusCode::UNPROCESSABLE_ENTITY,
                meta,
                move || view! { <ForgotPasswordPage form=form /> },
            ))
        }
        Err(other) => Err(ctx.fail(other)),
    }
}

pub async fn reset_password_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> Answer {
    app::ssr::password_reset::check(&state.db, &token)
        .await
        .map_err(|e| ctx.fail(e))?;
    let form = FormState::default();
    ctx.ok(
        ctx.meta("Choose a new password"),
        move || view! { <ResetPasswordPage token=token form=form /> },
    )
}

pub async fn reset_password(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    form: FormData,
) -> Answer {
    match app::ssr::password_reset::reset(
        &state.db,
        &token,
        &form.get("password"),
        &form.get("password_confirmation"),
    )
    .await
    {
        Ok((session, _user)) => {
            let mut response = ctx.redirect_with(
                "/",
                Some("Your password has been changed and you are signed in"),
            )?;
            response
                .headers_mut()
                .append(SET_COOKIE, ctx.session_cookie(&session));
            Ok(response)
        }
        Err(DomainError::Validation(errors)) => {
            let mut meta = ctx.meta("Choose a new password");
            meta.has_errors = true;
            let state_form = FormState::failed(HashMap::new(), errors);
            Ok(ctx.page(
                StatusCode::UNPROCESSABLE_ENTITY,
                meta,
                move || view! { <ResetPasswordPage token=token form=state_form /> },
            ))
        }
        Err(other) => Err(ctx.fail(other)),
    }
}
