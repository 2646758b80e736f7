//! Signing in, supplier registration, invitations and accepting them.

use crate::domain::validation::PASSWORD_MIN;
use crate::ssr::accounts::{InvitationDetails, PendingInvitation, TeamMember};
use crate::ssr::reference::Choice;
use crate::ui::form::{ErrorSummary, FormState, Hidden, Opt, Radios, Select, TextInput};
use crate::ui::format;
use leptos::prelude::*;

#[component]
pub fn SignInPage(
    form: FormState,
    #[prop(optional)] rate_limited: Option<String>,
) -> impl IntoView {
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=form.errors.clone() />
                {rate_limited.map(|message| view! {
                    <div class="govuk-error-summary" data-module="govuk-error-summary" data-testid="rate-limited">
                        <div role="alert">
                            <h2 class="govuk-error-summary__title">"There is a problem"</h2>
                            <div class="govuk-error-summary__body"><p class="govuk-body">{message}</p></div>
                        </div>
                    </div>
                })}
                <h1 class="govuk-heading-l">"Sign in to Coprocure"</h1>
                <form method="post" action="/sign-in" novalidate>
                    {form.values.get("return_to").cloned().map(|v| view! { <Hidden name="return_to" value=v /> })}
                    <TextInput name="email" label="Email address" value=form.value("email") error=form.error("email") input_type="email" autocomplete="email" spellcheck_off=true />
                    <TextInput name="password" label="Password" value="" error=form.error("password") input_type="password" autocomplete="current-password" />
                    <button type="submit" class="govuk-button" data-module="govuk-button" data-testid="sign-in-submit">"Sign in"</button>
                </form>
                <p class="govuk-body"><a class="govuk-link" href="/forgot-password" data-testid="forgot-password">"Forgotten your password?"</a></p>
                <h2 class="govuk-heading-m">"No account yet?"</h2>
                <p class="govuk-body">"Council officers are invited by their authority's Coprocure administrator."</p>
                <p class="govuk-body">"Suppliers can "<a class="govuk-link" href="/register">"register their company"</a>"."</p>
            </div>
        </div>
    }
}

#[component]
pub fn RegisterPage(form: FormState) -> impl IntoView {
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=form.errors.clone() />
                <h1 class="govuk-heading-l">"Register as a supplier"</h1>
                <p class="govuk-body">"Register your company to follow the challenges London authorities are working on and to respond to their market engagement."</p>
                <form method="post" action="/register" novalidate>
                    <TextInput name="company_name" label="Company name" value=form.value("company_name") error=form.error("company_name") autocomplete="organization" />
                    <TextInput name="companies_house_number" label="Companies House number (optional)" value=form.value("companies_house_number") error=form.error("companies_house_number")
                        hint="8 characters, like 01234567 or SC123456" width_class="govuk-input--width-10" spellcheck_off=true />
                    <TextInput name="full_name" label="Your full name" value=form.value("full_name") error=form.error("full_name") autocomplete="name" />
                    <TextInput name="email" label="Your email address" value=form.value("email") error=form.error("email") input_type="email" autocomplete="email" spellcheck_off=true />
                    <TextInput name="password" label="Create a password" value="" error=form.error("password") input_type="password" autocomplete="new-password"
                        hint=format!("At least {PASSWORD_MIN} characters. A few unrelated words make a strong password.") />
                    <TextInput name="password_confirmation" label="Confirm your password" value="" input_type="password" autocomplete="new-password" />
                    <button type="submit" class="govuk-button" data-module="govuk-button" data-testid="register-submit">"Create account"</button>
                </form>
                <p class="govuk-body">"Already registered? "<a class="govuk-link" href="/sign-in">"Sign in"</a></p>
            </div>
        </div>
    }
}

#[component]
pub fn AcceptInvitationPage(
    token: String,
    invitation: InvitationDetails,
    form: FormState,
) -> impl IntoView {
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=form.errors.clone() />
                <h1 class="govuk-heading-l">{format!("Join {} on Coprocure", invitation.organisation_name)}</h1>
                <p class="govuk-body">{
                    let role = invitation.org_role.label().to_lowercase();
                    let article = if role.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
                    format!("You have been invited as {article} {role} of {}.", invitation.organisation_name)
                }</p>
                <dl class="govuk-summary-list">
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">"Email address"</dt>
                        <dd class="govuk-summary-list__value" data-testid="invited-email">{invitation.email.clone()}</dd>
                    </div>
                </dl>
                <form method="post" action=format!("/invitations/{token}") novalidate>
                    <TextInput name="full_name" label="Your full name" value=form.value("full_name") error=form.error("full_name") autocomplete="name" />
                    <TextInput name="password" label="Create a password" value="" error=form.error("password") input_type="password" autocomplete="new-password"
                        hint=format!("At least {PASSWORD_MIN} characters.") />
                    <TextInput name="password_confirmation" label="Confirm your password" value="" input_type="password" autocomplete="new-password" />
                    <button type="submit" class="govuk-button" data-module="govuk-button" data-testid="accept-invitation">"Create my account"</button>
                </form>
            </div>
        </div>
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct InvitationsData {
    pub authorities: Vec<Choice>,
    pub form: FormState,
    pub invitations: Vec<PendingInvitation>,
    pub team: Vec<TeamMember>,
    pub organisation_name: String,
    /// The link of the invitation just sent, shown once so it can be passed on by hand
    /// where email is slow.
    pub sent_link: Option<String>,
}

#[component]
pub fn InvitationsPage(data: InvitationsData) -> impl IntoView {
    let form = data.form;
    let authorities: Vec<Opt> = data
        .authorities
        .iter()
        .map(|a| Opt::new(a.value.clone(), a.label.clone()))
        .collect();
    let single = authorities.len() == 1;
    let roles = vec![
        Opt::hinted("member", "Member", "Works on challenges"),
        Opt::hinted(
            "org_admin",
            "Organisation admin",
            "Can also invite people into the authority",
        ),
    ];
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=form.errors.clone() />
                {data.sent_link.clone().map(|link| view! {
                    <div class="govuk-inset-text" data-testid="invitation-link">
                        "The invitation has been emailed. The link, which works once, is: "<code class="app-break-all">{link}</code>
                    </div>
                })}
                <h1 class="govuk-heading-l">"Invite people"</h1>
                <form method="post" action="/invitations" novalidate>
                    {if single {
                        let only = authorities[0].clone();
                        view! {
                            <Hidden name="organisation_id" value=only.value.clone() />
                            <p class="govuk-body">{format!("People you invite join {}.", only.label)}</p>
                        }.into_any()
                    } else {
                        view! {
                            <Select name="organisation_id" label="Authority" options=authorities.clone() selected=form.value("organisation_id") error=form.error("organisation_id") blank="Select an authority".to_string() />
                        }.into_any()
                    }}
                    <TextInput name="email" label="Their email address" value=form.value("email") error=form.error("email") input_type="email" autocomplete="off" spellcheck_off=true />
                    <Radios name="org_role" legend="Their role" options=roles selected=form.value_or("org_role", "member") error=form.error("org_role") />
                    <button type="submit" class="govuk-button" data-module="govuk-button" data-testid="send-invitation">"Send invitation"</button>
                </form>
                <h2 class="govuk-heading-m">"Invitations"</h2>
                {if data.invitations.is_empty() {
                    view! { <p class="govuk-body">"No invitations yet."</p> }.into_any()
                } else {
                    view! {
                        <table class="govuk-table">
                            <caption class="govuk-visually-hidden">"Invitations sent"</caption>
                            <thead class="govuk-table__head"><tr class="govuk-table__row">
                                <th scope="col" class="govuk-table__header">"Email"</th>
                                <th scope="col" class="govuk-table__header">"Authority"</th>
                                <th scope="col" class="govuk-table__header">"Role"</th>
                                <th scope="col" class="govuk-table__header">"Status"</th>
                            </tr></thead>
                            <tbody class="govuk-table__body">
                                {data.invitations.clone().into_iter().map(|i| view! {
                                    <tr class="govuk-table__row">
                                        <td class="govuk-table__cell">{i.email}</td>
                                        <td class="govuk-table__cell">{i.organisation_name}</td>
                                        <td class="govuk-table__cell">{i.org_role.label()}</td>
                                        <td class="govuk-table__cell">{if i.accepted {
                                            "Accepted".to_string()
                                        } else if i.expires_at < chrono::Utc::now() {
                                            format!("Expired {}", format::date(&i.expires_at))
                                        } else {
                                            format!("Waiting, expires {}", format::date(&i.expires_at))
                                        }}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
                {(!data.team.is_empty()).then(|| view! {
                    <h2 class="govuk-heading-m">{format!("People in {}", data.organisation_name)}</h2>
                    <ul class="govuk-list">
                        {data.team.clone().into_iter().map(|m| view! { <li>{format!("{} – {} ({})", m.name, m.email, m.org_role.label().to_lowercase())}</li> }).collect_view()}
                    </ul>
                })}
            </div>
        </div>
    }
}

#[component]
pub fn ForgotPasswordPage(form: FormState, #[prop(optional)] sent: bool) -> impl IntoView {
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=form.errors.clone() />
                {if sent {
                    view! {
                        <h1 class="govuk-heading-l">"Check your email"</h1>
                        <p class="govuk-body" data-testid="reset-sent">
                            {format!("If {} has a Coprocure account, we have sent it a link to choose a new password. The link works once and expires in {} minutes.", form.value("email"), crate::ssr::password_reset::LINK_MINUTES)}
                        </p>
                        <p class="govuk-body">"Nothing arrived? Check your spam folder, or "<a class="govuk-link" href="/forgot-password">"ask for another link"</a>"."</p>
                    }.into_any()
                } else {
                    view! {
                        <h1 class="govuk-heading-l">"Reset your password"</h1>
                        <p class="govuk-body">"Enter the email address you sign in with. We will send you a link to choose a new password."</p>
                        <form method="post" action="/forgot-password" novalidate>
                            <TextInput name="email" label="Email address" value=form.value("email") error=form.error("email") input_type="email" autocomplete="email" spellcheck_off=true />
                            <button type="submit" class="govuk-button" data-module="govuk-button" data-testid="send-reset-link">"Send the link"</button>
                        </form>
                    }.into_any()
                }}
            </div>
        </div>
    }
}

#[component]
pub fn ResetPasswordPage(token: String, form: FormState) -> impl IntoView {
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=form.errors.clone() />
                <h1 class="govuk-heading-l">"Choose a new password"</h1>
                <form method="post" action=format!("/reset-password/{token}") novalidate>
                    <TextInput name="password" label="New password" value="" error=form.error("password") input_type="password" autocomplete="new-password"
                        hint=format!("At least {PASSWORD_MIN} characters. A few unrelated words make a strong password.") />
                    <TextInput name="password_confirmation" label="Confirm your new password" value="" input_type="password" autocomplete="new-password" />
                    <button type="submit" class="govuk-button" data-module="govuk-button" data-testid="reset-password">"Change password and sign in"</button>
                </form>
            </div>
        </div>
    }
}
