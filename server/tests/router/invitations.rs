//! Inviting council officers into an authority: who may invite whom, the emailed link,
//! accepting it once, and links that are spent or expired.

use crate::common::*;
use app::ssr::entities::invitation;
use app::ssr::outbox;
use axum::http::StatusCode;
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

const INVITEE: &str = "new.officer@camden.gov.uk";
const INVITEE_PASSWORD: &str = "a long and private passphrase";

async fn invitations_to(app: &TestApp, email: &str) -> Vec<invitation::Model> {
    invitation::Entity::find()
        .filter(invitation::Column::Email.eq(email))
        .all(&app.db)
        .await
        .expect("reading invitations")
}

/// Sends an invitation through the router and returns the link token shown on the page.
async fn invite(client: &mut Client, organisation: uuid::Uuid, email: &str) -> String {
    let res = client
        .post_form(
            "/invitations",
            &[
                ("organisation_id", &organisation.to_string()),
                ("email", email),
                ("org_role", "member"),
            ],
        )
        .await;
    res.assert_status(StatusCode::CREATED);
    invitation_token(&res.testid("invitation-link"))
}

fn acceptance(name: &str) -> Vec<(&str, &str)> {
    vec![
        ("full_name", name),
        ("password", INVITEE_PASSWORD),
        ("password_confirmation", INVITEE_PASSWORD),
    ]
}

/// Camden's org admin invites a colleague; the email carries the link; the colleague
/// opens it, creates an account, is signed in as a Camden user; the link then is spent.
async fn org_admin_invites_a_colleague_who_accepts_once(app: TestApp) {
    let camden = app.org(ons::CAMDEN).await;
    let mut priya = app.signed_in(CAMDEN).await;
    let page = priya.get("/invitations").await;
    page.assert_status(StatusCode::OK);
    assert_eq!(page.input("organisation_id"), Some(camden.to_string()));

    let res = priya
        .post_form(
            "/invitations",
            &[
                ("organisation_id", &camden.to_string()),
                ("email", "  New.Officer@Camden.gov.uk "),
                ("org_role", "member"),
            ],
        )
        .await;
    res.assert_status(StatusCode::CREATED);
    res.assert_text("Invitation sent to New.Officer@Camden.gov.uk");
    let shown = res.testid("invitation-link");
    assert!(
        shown.contains("http://coprocure.test/invitations/"),
        "{shown}"
    );
    let token = invitation_token(&shown);
    assert!(token.len() >= 40, "an unguessable token: {token}");

    let mail = outbox::messages_to(&app.db, INVITEE)
        .await
        .expect("the outbox");
    assert_eq!(mail.len(), 1, "one email to the invitee");
    assert!(mail[0].subject.contains("Camden"), "{}", mail[0].subject);
    assert!(
        mail[0].body.contains(&format!("/invitations/{token}")),
        "the email carries the same link: {}",
        mail[0].body
    );
    let stored = invitations_to(&app, INVITEE).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].organisation_id, camden);
    assert!(
        !stored[0].token_hash.contains(&token),
        "only the token's hash is stored"
    );

    let mut invitee = app.client();
    let open = invitee.get(&format!("/invitations/{token}")).await;
    open.assert_status(StatusCode::OK);
    assert_eq!(open.testid("invited-email"), INVITEE);
    open.assert_text("Join Camden on Coprocure");

    let res = invitee
        .post_form(&format!("/invitations/{token}"), &acceptance("Jordan Lee"))
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/");
    let home = invitee.get("/").await;
    home.assert_text("Welcome, Jordan Lee");
    home.assert_text("You have joined Camden");
    assert!(home.testid("signed-in-as").contains("Camden"));
    let user = app.user_by_email(INVITEE).await.expect("the new account");
    assert_eq!(user.organisation_id, camden);
    assert_eq!(user.org_role, "member");
    // A Camden member can open challenges for Camden.
    invitee
        .get("/challenges/new")
        .await
        .assert_status(StatusCode::OK);

    // The link works once.
    let mut someone = app.client();
    let again = someone.get(&format!("/invitations/{token}")).await;
    again.assert_status(StatusCode::GONE);
    again.assert_text("already been used");
    let again = someone
        .post_form(
            &format!("/invitations/{token}"),
            &acceptance("Jordan Again"),
        )
        .await;
    again.assert_status(StatusCode::GONE);
    assert!(someone.session().is_none());

    // The org admin sees it accepted, and the new colleague in the team.
    let page = priya.get("/invitations").await;
    page.assert_text("Accepted");
    page.assert_text("Jordan Lee");
}
both_databases!(org_admin_invites_a_colleague_who_accepts_once);

/// An invitation past its expiry date answers 410 and creates no account.
async fn expired_invitation_is_gone(app: TestApp) {
    let camden = app.org(ons::CAMDEN).await;
    let mut priya = app.signed_in(CAMDEN).await;
    let token = invite(&mut priya, camden, INVITEE).await;
    let row = invitations_to(&app, INVITEE).await.remove(0);
    let mut expired: invitation::ActiveModel = row.into();
    expired.expires_at = Set(Utc::now() - Duration::minutes(1));
    expired
        .update(&app.db)
        .await
        .expect("expiring the invitation");

    let mut invitee = app.client();
    let res = invitee.get(&format!("/invitations/{token}")).await;
    res.assert_status(StatusCode::GONE);
    res.assert_text("expired");
    let res = invitee
        .post_form(&format!("/invitations/{token}"), &acceptance("Jordan Lee"))
        .await;
    res.assert_status(StatusCode::GONE);
    assert!(invitee.session().is_none());
    assert!(app.user_by_email(INVITEE).await.is_none());

    // A token nobody issued is simply not found.
    invitee
        .get("/invitations/not-a-real-token")
        .await
        .assert_status(StatusCode::NOT_FOUND);
}
both_databases!(expired_invitation_is_gone);

/// Accepting with a bad form keeps the name and says what is wrong; the link still works.
async fn accepting_with_mismatched_passwords_is_refused(app: TestApp) {
    let camden = app.org(ons::CAMDEN).await;
    let mut priya = app.signed_in(CAMDEN).await;
    let token = invite(&mut priya, camden, INVITEE).await;
    let mut invitee = app.client();
    let res = invitee
        .post_form(
            &format!("/invitations/{token}"),
            &[
                ("full_name", "Jordan Lee"),
                ("password", INVITEE_PASSWORD),
                ("password_confirmation", "something else entirely"),
            ],
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.error_summary().contains("Passwords do not match"));
    assert_eq!(res.input("full_name").as_deref(), Some("Jordan Lee"));
    assert_eq!(res.input("password").as_deref(), Some(""));
    assert!(app.user_by_email(INVITEE).await.is_none());
    invitee
        .post_form(&format!("/invitations/{token}"), &acceptance("Jordan Lee"))
        .await
        .assert_status(StatusCode::SEE_OTHER);
}
both_databases!(accepting_with_mismatched_passwords_is_refused);

/// The same link submitted twice at the same moment makes one account.
async fn invitation_accepted_twice_at_once_makes_one_account(app: TestApp) {
    let camden = app.org(ons::CAMDEN).await;
    let mut priya = app.signed_in(CAMDEN).await;
    let token = invite(&mut priya, camden, INVITEE).await;
    let path = format!("/invitations/{token}");
    let (mut first, mut second) = (app.client(), app.client());
    let form = acceptance("Jordan Lee");
    let (a, b) = tokio::join!(
        first.post_form(&path, &form),
        second.post_form(&path, &form)
    );
    let mut statuses = vec![a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, vec![StatusCode::SEE_OTHER, StatusCode::GONE]);
    assert_eq!(
        usize::from(first.session().is_some()) + usize::from(second.session().is_some()),
        1
    );
    let users = app::ssr::entities::user::Entity::find()
        .filter(app::ssr::entities::user::Column::Email.eq(INVITEE))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(users, 1);
}
both_databases!(invitation_accepted_twice_at_once_makes_one_account);

/// Only org admins of an authority (and platform admins) may invite.
async fn members_and_suppliers_cannot_invite(app: TestApp) {
    let brent = app.org(ons::BRENT).await;
    let mut tom = app.signed_in(BRENT).await;
    tom.get("/invitations")
        .await
        .assert_status(StatusCode::FORBIDDEN);
    tom.post_form(
        "/invitations",
        &[
            ("organisation_id", &brent.to_string()),
            ("email", "someone@brent.gov.uk"),
            ("org_role", "member"),
        ],
    )
    .await
    .assert_status(StatusCode::FORBIDDEN);

    // The supplier's first user is its org admin, but suppliers invite nobody.
    let mut supplier = app.signed_in(SUPPLIER).await;
    supplier
        .get("/invitations")
        .await
        .assert_status(StatusCode::FORBIDDEN);

    let res = app.client().get("/invitations").await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/sign-in?return_to=/invitations");

    assert!(invitations_to(&app, "someone@brent.gov.uk")
        .await
        .is_empty());
    assert!(outbox::messages_to(&app.db, "someone@brent.gov.uk")
        .await
        .unwrap()
        .is_empty());
}
both_databases!(members_and_suppliers_cannot_invite);

/// An org admin invites only into their own authority; a platform admin into any.
async fn org_admins_invite_only_into_their_own_authority(app: TestApp) {
    let brent = app.org(ons::BRENT).await;
    let mut priya = app.signed_in(CAMDEN).await;
    let res = priya
        .post_form(
            "/invitations",
            &[
                ("organisation_id", &brent.to_string()),
                ("email", "someone@brent.gov.uk"),
                ("org_role", "org_admin"),
            ],
        )
        .await;
    res.assert_status(StatusCode::FORBIDDEN);
    assert!(invitations_to(&app, "someone@brent.gov.uk")
        .await
        .is_empty());
    assert!(outbox::messages_to(&app.db, "someone@brent.gov.uk")
        .await
        .unwrap()
        .is_empty());

    let mut admin = app.signed_in(ADMIN).await;
    let page = admin.get("/invitations").await;
    page.assert_status(StatusCode::OK);
    assert!(
        page.input("organisation_id").is_none(),
        "a choice of authority, not a fixed one"
    );
    page.assert_text("Select an authority");
    let token = invite(&mut admin, brent, "someone@brent.gov.uk").await;
    let stored = invitations_to(&app, "someone@brent.gov.uk").await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].organisation_id, brent);

    let mut invitee = app.client();
    invitee
        .post_form(&format!("/invitations/{token}"), &acceptance("Sam Brent"))
        .await
        .assert_status(StatusCode::SEE_OTHER);
    invitee.get("/").await.assert_text("You have joined Brent");
    assert_eq!(
        app.user_by_email("someone@brent.gov.uk")
            .await
            .unwrap()
            .organisation_id,
        brent
    );
}
both_databases!(org_admins_invite_only_into_their_own_authority);

/// People who already have an account, and malformed addresses, are refused with 422.
async fn existing_account_and_invalid_email_are_refused(app: TestApp) {
    let camden = app.org(ons::CAMDEN).await;
    let mut priya = app.signed_in(CAMDEN).await;
    let res = priya
        .post_form(
            "/invitations",
            &[
                ("organisation_id", &camden.to_string()),
                ("email", &BRENT.to_uppercase()),
                ("org_role", "member"),
            ],
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("This person already has a Coprocure account"));

    let res = priya
        .post_form(
            "/invitations",
            &[
                ("organisation_id", &camden.to_string()),
                ("email", "not-an-email"),
                ("org_role", "org_admin"),
            ],
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("Enter an email address in the correct format, like name@example.com"));
    assert_eq!(res.input("email").as_deref(), Some("not-an-email"));
    assert_eq!(res.checked("org_role").as_deref(), Some("org_admin"));

    let res = priya
        .post_form(
            "/invitations",
            &[
                ("organisation_id", &camden.to_string()),
                ("email", "x@camden.gov.uk"),
                ("org_role", "owner"),
            ],
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("Select whether this person will be a member or an organisation admin"));

    let count = invitation::Entity::find().count(&app.db).await.unwrap();
    assert_eq!(count, 0, "no invitation was stored");
    assert!(app.history_of_invitations().await.is_empty());
}
both_databases!(existing_account_and_invalid_email_are_refused);

impl TestApp {
    /// Audit events about invitations (they belong to no challenge).
    async fn history_of_invitations(&self) -> Vec<app::ssr::entities::audit_event::Model> {
        use app::ssr::entities::audit_event;
        audit_event::Entity::find()
            .filter(audit_event::Column::Action.eq("invitation_sent"))
            .all(&self.db)
            .await
            .expect("reading the audit trail")
    }
}
