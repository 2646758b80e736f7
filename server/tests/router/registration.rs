//! Supplier registration: a company and its first user, signed in at once; refusals keep
//! what was typed (never the passwords) and create nothing.

use crate::common::*;
use app::ssr::entities::organisation;
use axum::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const NEW_PASSWORD: &str = "correct horse battery staple";

fn registration<'a>(
    company: &'a str,
    number: &'a str,
    email: &'a str,
    password: &'a str,
    confirmation: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("company_name", company),
        ("companies_house_number", number),
        ("full_name", "Morgan Ellis"),
        ("email", email),
        ("password", password),
        ("password_confirmation", confirmation),
    ]
}

async fn companies_named(app: &TestApp, name: &str) -> u64 {
    organisation::Entity::find()
        .filter(organisation::Column::Name.eq(name))
        .count(&app.db)
        .await
        .expect("counting organisations")
}

/// A supplier registers, is signed in, and the home page shows their company.
async fn supplier_registers_and_is_signed_in(app: TestApp) {
    let mut client = app.client();
    client.get("/register").await.assert_status(StatusCode::OK);
    let res = client
        .post_form(
            "/register",
            &registration(
                "Tenancy Tech Ltd",
                "sc 123456",
                "Morgan@Tenancy-Tech.example",
                NEW_PASSWORD,
                NEW_PASSWORD,
            ),
        )
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/");
    assert!(
        client.session().is_some(),
        "registering signs the supplier in"
    );

    let home = client.get("/").await;
    home.assert_status(StatusCode::OK);
    home.assert_text("Welcome, Morgan Ellis");
    home.assert_text("Tenancy Tech Ltd");
    home.assert_text("Your account for Tenancy Tech Ltd has been created");

    let user = app
        .user_by_email("morgan@tenancy-tech.example")
        .await
        .expect("the email is stored trimmed and lower-cased");
    let company = organisation::Entity::find_by_id(user.organisation_id)
        .one(&app.db)
        .await
        .unwrap()
        .expect("the company");
    assert_eq!(company.kind, "supplier");
    assert_eq!(company.companies_house_number.as_deref(), Some("SC123456"));
    assert_eq!(user.org_role, "org_admin");
    assert!(!user.is_platform_admin);

    // Suppliers do not open challenges.
    client
        .get("/challenges/new")
        .await
        .assert_status(StatusCode::FORBIDDEN);

    // And the new account signs in with its password.
    let mut again = app.client();
    let res = again
        .post_form(
            "/sign-in",
            &[
                ("email", "morgan@tenancy-tech.example"),
                ("password", NEW_PASSWORD),
            ],
        )
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
}
both_databases!(supplier_registers_and_is_signed_in);

/// An email that already has an account is refused with its own message; the typed
/// company name is kept and nothing is created.
async fn duplicate_email_is_refused_keeping_the_form(app: TestApp) {
    let mut client = app.client();
    let res = client
        .post_form(
            "/register",
            &registration(
                "Copycat & Sons Ltd",
                "",
                SUPPLIER,
                NEW_PASSWORD,
                NEW_PASSWORD,
            ),
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let summary = res.error_summary();
    assert!(
        summary.contains("An account already exists for this email address"),
        "{summary}"
    );
    assert_eq!(
        res.input("company_name").as_deref(),
        Some("Copycat & Sons Ltd")
    );
    assert_eq!(res.input("email").as_deref(), Some(SUPPLIER));
    assert_eq!(res.input("full_name").as_deref(), Some("Morgan Ellis"));
    assert_eq!(res.input("password").as_deref(), Some(""));
    assert_eq!(res.input("password_confirmation").as_deref(), Some(""));
    assert!(client.session().is_none());
    assert_eq!(companies_named(&app, "Copycat & Sons Ltd").await, 0);

    // Capitals do not make it another address; council officers' addresses count too.
    let res = client
        .post_form(
            "/register",
            &registration(
                "Copycat Ltd",
                "",
                &CAMDEN.to_uppercase(),
                NEW_PASSWORD,
                NEW_PASSWORD,
            ),
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.error_summary().contains("An account already exists"));
}
both_databases!(duplicate_email_is_refused_keeping_the_form);

/// A malformed Companies House number is refused.
async fn bad_companies_house_number_is_refused(app: TestApp) {
    let mut client = app.client();
    for number in ["12345X78", "123456789", "S1234567", "12-34"] {
        let res = client
            .post_form(
                "/register",
                &registration(
                    "Numbers Ltd",
                    number,
                    "numbers@numbers.example",
                    NEW_PASSWORD,
                    NEW_PASSWORD,
                ),
            )
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        let summary = res.error_summary();
        assert!(
            summary.contains("Enter a Companies House number in the correct format"),
            "{number}: {summary}"
        );
        assert_eq!(res.input("companies_house_number").as_deref(), Some(number));
        assert_eq!(res.input("company_name").as_deref(), Some("Numbers Ltd"));
    }
    assert_eq!(companies_named(&app, "Numbers Ltd").await, 0);
    assert!(app.user_by_email("numbers@numbers.example").await.is_none());
}
both_databases!(bad_companies_house_number_is_refused);

/// Passwords that do not match, or are too short, are refused.
async fn password_mismatch_is_refused(app: TestApp) {
    let mut client = app.client();
    let res = client
        .post_form(
            "/register",
            &registration(
                "Mismatch Ltd",
                "",
                "m@mismatch.example",
                NEW_PASSWORD,
                "correct horse battery stapler",
            ),
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.error_summary().contains("Passwords do not match"));
    assert_eq!(res.input("company_name").as_deref(), Some("Mismatch Ltd"));
    assert_eq!(res.input("password").as_deref(), Some(""));

    let res = client
        .post_form(
            "/register",
            &registration("Mismatch Ltd", "", "m@mismatch.example", "short", "short"),
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("Password must be 12 characters or more"));

    // Every missing field is named at once.
    let res = client.post_form("/register", &[]).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let summary = res.error_summary();
    for message in [
        "Enter your company name",
        "Enter your full name",
        "Enter an email address",
        "Enter a password",
    ] {
        assert!(summary.contains(message), "{message}: {summary}");
    }
    assert!(client.session().is_none());
    assert_eq!(companies_named(&app, "Mismatch Ltd").await, 0);
}
both_databases!(password_mismatch_is_refused);
