//! The page shell: head, skip link, header with who is signed in, service navigation,
//! breadcrumbs, a flash banner, the main content and the footer.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeaderUser {
    pub name: String,
    pub organisation_name: String,
    pub is_authority: bool,
    pub can_invite: bool,
    pub platform_admin: bool,
}

/// Everything about a page that is not its content.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageMeta {
    pub title: String,
    pub user: Option<HeaderUser>,
    pub breadcrumbs: Vec<(String, String)>,
    /// A one-off success message from the previous request (after a redirect).
    pub flash: Option<String>,
    /// Prefixes the title with "Error:" as GOV.UK pages do when a form failed.
    pub has_errors: bool,
    pub path: String,
}

impl PageMeta {
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            ..Default::default()
        }
    }

    pub fn crumb(mut self, label: impl Into<String>, href: impl Into<String>) -> Self {
        self.breadcrumbs.push((label.into(), href.into()));
        self
    }
}

#[component]
fn NavItem(href: &'static str, label: &'static str, path: String) -> impl IntoView {
    let active = path == href || (href != "/" && path.starts_with(href));
    view! {
        <li class=if active { "govuk-service-navigation__item govuk-service-navigation__item--active" } else { "govuk-service-navigation__item" }>
            <a class="govuk-service-navigation__link" href=href aria-current=active.then_some("page")>
                {label}
            </a>
        </li>
    }
}

#[component]
fn Header(user: Option<HeaderUser>, path: String) -> impl IntoView {
    let signed_in = user.clone();
    view! {
        <header class="govuk-header" data-module="govuk-header">
            <div class="govuk-header__container govuk-width-container">
                <div class="govuk-header__logo">
                    <a href="/" class="govuk-header__link govuk-header__link--homepage app-header-service-name">
                        "Coprocure"
                    </a>
                </div>
                <div class="govuk-header__content app-header-account">
                    {match signed_in {
                        Some(user) => view! {
                            <p class="govuk-body-s app-header-who" data-testid="signed-in-as">
                                "Signed in as "<strong>{user.name}</strong>", "{user.organisation_name}
                            </p>
                            <form method="post" action="/sign-out" class="app-inline-form">
                                <button type="submit" class="app-header-button" data-testid="sign-out">
                                    "Sign out"
                                </button>
                            </form>
                        }.into_any(),
                        None => view! {
                            <p class="govuk-body-s app-header-who">
                                <a class="govuk-link govuk-link--inverse" href="/sign-in">"Sign in"</a>
                                " or "
                                <a class="govuk-link govuk-link--inverse" href="/register">"register as a supplier"</a>
                            </p>
                        }.into_any(),
                    }}
                </div>
            </div>
        </header>
        <section class="govuk-service-navigation" aria-label="Service menu" data-module="govuk-service-navigation">
            <div class="govuk-width-container">
                <div class="govuk-service-navigation__container">
                    <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
                        <ul class="govuk-service-navigation__list" id="navigation">
                            <NavItem href="/" label="Home" path=path.clone() />
                            {user.as_ref().map(|_| view! { <NavItem href="/challenges" label="Challenges" path=path.clone() /> })}
                            {user.as_ref().filter(|u| !u.is_authority && !u.platform_admin).map(|_| view! { <NavItem href="/supplier" label="Your dashboard" path=path.clone() /> })}
                            {user.as_ref().filter(|u| u.can_invite).map(|_| view! { <NavItem href="/invitations" label="Invite people" path=path.clone() /> })}
                            {user.as_ref().filter(|u| u.platform_admin).map(|_| view! { <NavItem href="/admin/outbox" label="Outbox" path=path.clone() /> })}
                        </ul>
                    </nav>
                </div>
            </div>
        </section>
    }
}

#[component]
fn Breadcrumbs(items: Vec<(String, String)>) -> impl IntoView {
    (!items.is_empty()).then(|| {
        view! {
            <nav class="govuk-breadcrumbs" aria-label="Breadcrumb">
                <ol class="govuk-breadcrumbs__list">
                    {items
                        .into_iter()
                        .map(|(label, href)| {
                            view! {
                                <li class="govuk-breadcrumbs__list-item">
                                    <a class="govuk-breadcrumbs__link" href=href>{label}</a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            </nav>
        }
    })
}

#[component]
pub fn Flash(message: Option<String>) -> impl IntoView {
    message.map(|message| {
        view! {
            <div class="govuk-notification-banner govuk-notification-banner--success" role="alert"
                aria-labelledby="flash-title" data-module="govuk-notification-banner" data-testid="flash">
                <div class="govuk-notification-banner__header">
                    <h2 class="govuk-notification-banner__title" id="flash-title">"Success"</h2>
                </div>
                <div class="govuk-notification-banner__content">
                    <p class="govuk-notification-banner__heading">{message}</p>
                </div>
            </div>
        }
    })
}

/// The whole HTML document around a page's content.
#[component]
pub fn Document(
    meta: PageMeta,
    #[prop(optional)] head: Option<AnyView>,
    children: Children,
) -> impl IntoView {
    let title = if meta.has_errors {
        format!("Error: {} – Coprocure", meta.title)
    } else {
        format!("{} – Coprocure", meta.title)
    };
    view! {
        <html lang="en" class="govuk-template govuk-template--rebranded">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
                <meta name="theme-color" content="#1d70b8" />
                <title>{title}</title>
                <link rel="stylesheet" href="/assets/coprocure.css" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                {head}
            </head>
            <body class="govuk-template__body">
                <script>
                    "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');"
                </script>
                <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">"Skip to main content"</a>
                <Header user=meta.user.clone() path=meta.path.clone() />
                <div class="govuk-width-container">
                    <Breadcrumbs items=meta.breadcrumbs.clone() />
                    <main class="govuk-main-wrapper" id="main-content">
                        <Flash message=meta.flash.clone() />
                        {children()}
                    </main>
                </div>
                <footer class="govuk-footer">
                    <div class="govuk-width-container">
                        <div class="govuk-footer__meta">
                            <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
                                <h2 class="govuk-visually-hidden">"About Coprocure"</h2>
                                <p class="govuk-body-s app-footer-text">
                                    "Coprocure: London authorities preparing procurements together."
                                </p>
                            </div>
                        </div>
                    </div>
                </footer>
                <script type="module">
                    "import { initAll } from '/assets/govuk-frontend.min.js'; initAll();"
                </script>
            </body>
        </html>
    }
}
