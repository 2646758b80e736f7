//! People and their sessions: sign-in with rate limiting, sign-out, supplier registration,
//! invitations into an authority, and the platform admin created from the command line.

use super::entities::{invitation, login_attempt, organisation, session, user};
use super::error::{DomainError, DomainResult};
use super::{outbox, secrets};
use crate::domain::policy::{self, Actor, User};
use crate::domain::validation::{
    CompaniesHouseNumber, CompanyName, EmailAddress, NewPassword, PersonName,
};
use crate::domain::{FieldErrors, OrgKind, OrgRole, OrganisationId, UserId};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub const SESSION_HOURS: i64 = 12;
pub const INVITATION_DAYS: i64 = 7;
pub const RATE_WINDOW_MINUTES: i64 = 15;
pub const MAX_FAILURES_PER_ACCOUNT: u64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: u64 = 30;
pub const PLATFORM_ORGANISATION_NAME: &str = "Coprocure platform team";

/// The same words whether the email is unknown or the password wrong, so the form does
/// not tell anyone which addresses have accounts.
pub const SIGN_IN_FAILED: &str = "Enter a correct email address and password";

pub async fn actor_for_session(
    db: &impl ConnectionTrait,
    token: Option<&str>,
) -> DomainResult<Actor> {
    let Some(token) = token.filter(|t| !t.is_empty() && t.len() < 200) else {
        return Ok(Actor::Anonymous);
    };
    use sea_orm::{JoinType, QuerySelect};
    // Every page asks this: the session, its person and their organisation in one query.
    let row: Option<SessionRow> = session::Entity::find_by_id(secrets::token_hash(token))
        .select_only()
        .column(session::Column::ExpiresAt)
        .column(user::Column::Id)
        .column(user::Column::DisplayName)
        .column(user::Column::Email)
        .column(user::Column::OrgRole)
        .column(user::Column::IsPlatformAdmin)
        .column(organisation::Column::Id)
        .column(organisation::Column::Name)
        .column(organisation::Column::Kind)
        .join(
            JoinType::InnerJoin,
            session::Entity::belongs_to(user::Entity)
                .from(session::Column::UserId)
                .to(user::Column::Id)
                .into(),
        )
        .join(
            JoinType::InnerJoin,
            user::Entity::belongs_to(organisation::Entity)
                .from(user::Column::OrganisationId)
                .to(organisation::Column::Id)
                .into(),
        )
        .into_tuple()
        .one(db)
        .await?;
    match row {
        Some((expires_at, id, name, email, role, admin, org, org_name, kind))
            if expires_at >= Utc::now() =>
        {
            Ok(Actor::User(to_user((
                id, name, email, role, admin, org, org_name, kind,
            ))?))
        }
        _ => Ok(Actor::Anonymous),
    }
}

/// A session's expiry, then the columns of a `UserRow`.
type SessionRow = (
    DateTime<Utc>,
    Uuid,
    String,
    String,
    String,
    bool,
    Uuid,
    String,
    String,
);

/// A person and their organisation as read from the database: id, name, email, role in
/// the organisation, platform admin; organisation id, name and kind.
type UserRow = (Uuid, String, String, String, bool, Uuid, String, String);

fn to_user(
    (id, name, email, org_role, platform_admin, org_id, org_name, kind): UserRow,
) -> DomainResult<User> {
    Ok(User {
        id: UserId(id),
        name,
        email,
        organisation_id: OrganisationId(org_id),
        organisation_name: org_name,
        organisation_kind: OrgKind::parse(&kind)
            .ok_or_else(|| DomainError::Internal(format!("unknown organisation kind {kind}")))?,
        org_role: OrgRole::parse(&org_role).unwrap_or(OrgRole::Member),
        platform_admin,
    })
}

pub async fn load_user(db: &impl ConnectionTrait, id: UserId) -> DomainResult<User> {
    let row = user::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let org = organisation::Entity::find_by_id(row.organisation_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    to_user((
        row.id,
        row.display_name,
        row.email,
        row.org_role,
        row.is_platform_admin,
        org.id,
        org.name,
        org.kind,
    ))
}

async fn start_session(db: &impl ConnectionTrait, user: UserId) -> DomainResult<String> {
    let token = secrets::new_token();
    let now = Utc::now();
    session::ActiveModel {
        token_hash: Set(secrets::token_hash(&token)),
        user_id: Set(user.0),
        created_at: Set(now),
        expires_at: Set(now + Duration::hours(SESSION_HOURS)),
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// Starts a session for someone who has just proved who they are another way.
pub async fn start_session_for(
    db: &impl ConnectionTrait,
    user: UserId,
) -> DomainResult<(String, User)> {
    let token = start_session(db, user).await?;
    Ok((token, load_user(db, user).await?))
}

pub async fn sign_out(db: &impl ConnectionTrait, token: &str) -> DomainResult<()> {
    session::Entity::delete_by_id(secrets::token_hash(token))
        .exec(db)
        .await?;
    Ok(())
}

#[derive(Clone, Debug, Default)]
pub struct SignInForm {
    pub email: String,
    pub password: String,
}

async fn recent_failures(
    db: &impl ConnectionTrait,
    column: login_attempt::Column,
    value: &str,
    since: DateTime<Utc>,
) -> DomainResult<u64> {
    Ok(login_attempt::Entity::find()
        .filter(column.eq(value))
        .filter(login_attempt::Column::Succeeded.eq(false))
        .filter(login_attempt::Column::AttemptedAt.gt(since))
        .count(db)
        .await?)
}

/// Signs in and returns the new session token. Failures are counted per account and per
/// client address in the database, so the limit holds across server instances.
pub async fn sign_in(
    db: &DatabaseConnection,
    form: &SignInForm,
    client_address: &str,
) -> DomainResult<(String, User)> {
    let mut errors = FieldErrors::new();
    if form.email.trim().is_empty() {
        errors.add("email", "Enter your email address");
    }
    if form.password.is_empty() {
        errors.add("password", "Enter your password");
    }
    errors.into_result()?;
    let email = form.email.trim().to_lowercase();
    let client_address: String = client_address.chars().take(64).collect();
    let since = Utc::now() - Duration::minutes(RATE_WINDOW_MINUTES);
    // The attempt is recorded as a failure before anything is checked, and marked as a
    // success only once the password is verified. Simultaneous attempts therefore count
    // each other: a burst of guesses gets no more tries than the same guesses in a row.
    let attempt = login_attempt::ActiveModel {
        email: Set(email.clone()),
        client_address: Set(client_address.clone()),
        succeeded: Set(false),
        attempted_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    if recent_failures(db, login_attempt::Column::Email, &email, since).await?
        > MAX_FAILURES_PER_ACCOUNT
        || recent_failures(
            db,
            login_attempt::Column::ClientAddress,
            &client_address,
            since,
        )
        .await?
            > MAX_FAILURES_PER_ADDRESS
    {
        // A refused attempt was never checked, so it does not count: otherwise retrying
        // would extend the lock for ever, and anyone could keep an officer locked out.
        login_attempt::Entity::delete_by_id(attempt.id)
            .exec(db)
            .await?;
        return Err(DomainError::RateLimited(format!(
            "Too many failed attempts to sign in. Wait {RATE_WINDOW_MINUTES} minutes and try again."
        )));
    }
    let found = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(db)
        .await?;
    let verified = match &found {
        Some(row) => secrets::verify_password(&form.password, &row.password_hash),
        None => {
            secrets::verify_against_dummy(&form.password);
            false
        }
    };
    if verified {
        login_attempt::Entity::update_many()
            .col_expr(
                login_attempt::Column::Succeeded,
                sea_orm::sea_query::Expr::value(true),
            )
            .filter(login_attempt::Column::Id.eq(attempt.id))
            .exec(db)
            .await?;
    }
    match (found, verified) {
        (Some(row), true) => {
            let token = start_session(db, UserId(row.id)).await?;
            let user = load_user(db, UserId(row.id)).await?;
            Ok((token, user))
        }
        _ => Err(DomainError::Validation(FieldErrors::single(
            "email",
            SIGN_IN_FAILED,
        ))),
    }
}

#[derive(Clone, Debug, Default)]
pub struct SupplierRegistration {
    pub company_name: String,
    pub companies_house_number: String,
    pub full_name: String,
    pub email: String,
    pub password: String,
    pub password_confirmation: String,
}

async fn email_taken(db: &impl ConnectionTrait, email: &EmailAddress) -> DomainResult<bool> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .count(db)
        .await?
        > 0)
}

const EMAIL_TAKEN: &str =
    "An account already exists for this email address: sign in instead, or use another address";

/// A supplier registers their company and themselves, and is signed in.
pub async fn register_supplier(
    db: &DatabaseConnection,
    form: &SupplierRegistration,
) -> DomainResult<(String, User)> {
    let mut errors = FieldErrors::new();
    let company = errors.check("company_name", CompanyName::parse(&form.company_name));
    let number = errors.check(
        "companies_house_number",
        CompaniesHouseNumber::parse(&form.companies_house_number),
    );
    let name = errors.check("full_name", PersonName::parse(&form.full_name));
    let email = errors.check("email", EmailAddress::parse(&form.email));
    let password = errors.check(
        "password",
        NewPassword::parse(&form.password, Some(&form.password_confirmation)),
    );
    if let Some(email) = &email {
        if email_taken(db, email).await? {
            errors.add("email", EMAIL_TAKEN);
        } else if email.as_str().ends_with(".gov.uk") {
            // Council officers join through their authority's invitation; a supplier
            // account on a council address would lock the officer out of it.
            errors.add(
                "email",
                "Council officers cannot register as suppliers: ask your authority's Coprocure administrator to invite you",
            );
        } else if pending_invitation(db, email).await?.is_some() {
            errors.add(
                "email",
                "This address has been invited to join a London authority: use the link in the invitation email instead",
            );
        }
    }
    errors.into_result()?;
    let (company, number, name, email, password) = (
        company.expect("checked"),
        number.expect("checked"),
        name.expect("checked"),
        email.expect("checked"),
        password.expect("checked"),
    );
    let password_hash = secrets::hash_password(password.expose()).map_err(DomainError::Internal)?;
    let txn = super::db::write(db).await?;
    let org_id = Uuid::new_v4();
    organisation::ActiveModel {
        id: Set(org_id),
        kind: Set(OrgKind::Supplier.as_str().into()),
        name: Set(company.into_inner()),
        ons_code: Set(None),
        authority_type: Set(None),
        companies_house_number: Set(number.map(|n| n.into_inner())),
        created_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    let user_id = insert_user(
        &txn,
        org_id,
        &email,
        &name.into_inner(),
        &password_hash,
        OrgRole::OrgAdmin,
        false,
    )
    .await
    .map_err(|e| unique_email_to_field(e, &email))?;
    let token = start_session(&txn, user_id).await?;
    txn.commit().await?;
    let user = load_user(db, user_id).await?;
    Ok((token, user))
}

/// Two registrations with the same email can race past the check above; the unique index
/// settles it, and the loser gets the same field message.
fn unique_email_to_field(err: DomainError, _email: &EmailAddress) -> DomainError {
    match err {
        DomainError::Internal(message)
            if message.contains("UNIQUE")
                || message.contains("unique")
                || message.contains("duplicate") =>
        {
            DomainError::field("email", EMAIL_TAKEN)
        }
        other => other,
    }
}

async fn insert_user(
    db: &impl ConnectionTrait,
    organisation: Uuid,
    email: &EmailAddress,
    name: &str,
    password_hash: &str,
    role: OrgRole,
    platform_admin: bool,
) -> DomainResult<UserId> {
    let id = Uuid::new_v4();
    user::ActiveModel {
        id: Set(id),
        organisation_id: Set(organisation),
        email: Set(email.as_str().to_string()),
        display_name: Set(name.to_string()),
        job_title: Set(None),
        password_hash: Set(password_hash.to_string()),
        org_role: Set(role.as_str().to_string()),
        is_platform_admin: Set(platform_admin),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    Ok(UserId(id))
}

/// Creates (or, given an existing email, leaves alone) a user in an organisation. Used by
/// the demo seed and the `create-admin` command, not by any web form.
pub async fn ensure_user(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    email: &str,
    name: &str,
    password: &str,
    role: OrgRole,
    platform_admin: bool,
) -> DomainResult<UserId> {
    let email = EmailAddress::parse(email).map_err(|m| DomainError::field("email", m))?;
    if let Some(existing) = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(db)
        .await?
    {
        return Ok(UserId(existing.id));
    }
    let name = PersonName::parse(name).map_err(|m| DomainError::field("full_name", m))?;
    let password =
        NewPassword::parse(password, None).map_err(|m| DomainError::field("password", m))?;
    let hash = secrets::hash_password(password.expose()).map_err(DomainError::Internal)?;
    insert_user(
        db,
        organisation.0,
        &email,
        &name.into_inner(),
        &hash,
        role,
        platform_admin,
    )
    .await
}

pub async fn platform_organisation(db: &impl ConnectionTrait) -> DomainResult<OrganisationId> {
    if let Some(org) = organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(OrgKind::Platform.as_str()))
        .one(db)
        .await?
    {
        return Ok(OrganisationId(org.id));
    }
    let id = Uuid::new_v4();
    organisation::ActiveModel {
        id: Set(id),
        kind: Set(OrgKind::Platform.as_str().into()),
        name: Set(PLATFORM_ORGANISATION_NAME.into()),
        ons_code: Set(None),
        authority_type: Set(None),
        companies_house_number: Set(None),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    Ok(OrganisationId(id))
}

pub async fn create_admin(
    db: &DatabaseConnection,
    email: &str,
    name: &str,
    password: &str,
) -> DomainResult<UserId> {
    let org = platform_organisation(db).await?;
    let parsed = EmailAddress::parse(email).map_err(|m| DomainError::field("email", m))?;
    if email_taken(db, &parsed).await? {
        return Err(DomainError::field("email", EMAIL_TAKEN));
    }
    ensure_user(db, org, email, name, password, OrgRole::OrgAdmin, true).await
}

pub async fn organisation_by_ons_code(
    db: &impl ConnectionTrait,
    ons_code: &str,
) -> DomainResult<organisation::Model> {
    organisation::Entity::find()
        .filter(organisation::Column::OnsCode.eq(ons_code))
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)
}

#[derive(Clone, Debug, Default)]
pub struct InvitationForm {
    pub organisation_id: String,
    pub email: String,
    pub org_role: String,
}

/// Invites a person into an authority. Returns the link token, which is also emailed.
pub async fn invite(
    db: &DatabaseConnection,
    actor: &Actor,
    form: &InvitationForm,
    public_url: &str,
) -> DomainResult<String> {
    policy::authorize_invite_page(actor)?;
    let inviter = actor.user().ok_or(DomainError::SignInRequired)?;
    let mut errors = FieldErrors::new();
    let organisation = match form.organisation_id.parse::<Uuid>() {
        Ok(id) => organisation::Entity::find_by_id(id).one(db).await?,
        Err(_) => None,
    };
    let organisation = match organisation {
        Some(org) if org.kind == OrgKind::Authority.as_str() => Some(org),
        _ => {
            errors.add(
                "organisation_id",
                "Select the authority to invite this person into",
            );
            None
        }
    };
    let email = errors.check("email", EmailAddress::parse(&form.email));
    let role = OrgRole::parse(&form.org_role);
    if role.is_none() {
        errors.add(
            "org_role",
            "Select whether this person will be a member or an organisation admin",
        );
    }
    if let Some(email) = &email {
        if email_taken(db, email).await? {
            errors.add("email", "This person already has a Coprocure account");
        } else if let Some(waiting) = pending_invitation(db, email).await? {
            errors.add(
                "email",
                format!(
                    "An invitation to this address is already waiting: it was sent on {} and can be used until {}",
                    waiting.created_at.format("%-d %B %Y"),
                    waiting.expires_at.format("%-d %B %Y")
                ),
            );
        }
    }
    errors.into_result()?;
    let (organisation, email, role) = (
        organisation.expect("checked"),
        email.expect("checked"),
        role.expect("checked"),
    );
    policy::authorize_invite(actor, OrganisationId(organisation.id), OrgKind::Authority)?;
    let token = secrets::new_token();
    let now = Utc::now();
    let txn = super::db::write(db).await?;
    invitation::ActiveModel {
        id: Set(Uuid::new_v4()),
        token_hash: Set(secrets::token_hash(&token)),
        organisation_id: Set(organisation.id),
        email: Set(email.as_str().to_string()),
        org_role: Set(role.as_str().to_string()),
        invited_by: Set(inviter.id.0),
        created_at: Set(now),
        expires_at: Set(now + Duration::days(INVITATION_DAYS)),
        accepted_at: Set(None),
    }
    .insert(&txn)
    .await?;
    let link = format!("{}/invitations/{token}", public_url.trim_end_matches('/'));
    let body = format!(
        "{inviter} ({inviter_org}) has invited you to join {org} on Coprocure, where London \
         authorities prepare procurements together.\n\nAccept the invitation and choose a \
         password:\n{link}\n\nThe link works once and expires in {INVITATION_DAYS} days.",
        inviter = inviter.name,
        inviter_org = inviter.organisation_name,
        org = organisation.name,
    );
    outbox::enqueue(
        &txn,
        email.as_str(),
        &format!(
            "You have been invited to join {} on Coprocure",
            organisation.name
        ),
        &body,
    )
    .await?;
    super::audit::record(
        &txn,
        inviter,
        None,
        "invitation_sent",
        format!(
            "Invited {} into {} as {}",
            email.as_str(),
            organisation.name,
            role.label()
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(token)
}

async fn pending_invitation(
    db: &impl ConnectionTrait,
    email: &EmailAddress,
) -> DomainResult<Option<invitation::Model>> {
    Ok(invitation::Entity::find()
        .filter(invitation::Column::Email.eq(email.as_str()))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(Utc::now()))
        .one(db)
        .await?)
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingInvitation {
    pub email: String,
    pub organisation_name: String,
    pub org_role: OrgRole,
    pub expires_at: DateTime<Utc>,
    pub accepted: bool,
}

/// Invitations the actor can see: all for a platform admin, their own authority's for an
/// org admin.
pub async fn invitations_for(
    db: &impl ConnectionTrait,
    actor: &Actor,
) -> DomainResult<Vec<PendingInvitation>> {
    policy::authorize_invite_page(actor)?;
    let user = actor.user().ok_or(DomainError::SignInRequired)?;
    let mut query = invitation::Entity::find().order_by_desc(invitation::Column::CreatedAt);
    if !user.platform_admin {
        query = query.filter(invitation::Column::OrganisationId.eq(user.organisation_id.0));
    }
    let rows = query.all(db).await?;
    let orgs = organisation::Entity::find().all(db).await?;
    Ok(rows
        .into_iter()
        .map(|row| PendingInvitation {
            organisation_name: orgs
                .iter()
                .find(|o| o.id == row.organisation_id)
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            email: row.email,
            org_role: OrgRole::parse(&row.org_role).unwrap_or(OrgRole::Member),
            expires_at: row.expires_at,
            accepted: row.accepted_at.is_some(),
        })
        .collect())
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationDetails {
    pub email: String,
    pub organisation_name: String,
    pub org_role: OrgRole,
}

async fn usable_invitation(
    db: &impl ConnectionTrait,
    token: &str,
) -> DomainResult<invitation::Model> {
    let row = invitation::Entity::find()
        .filter(invitation::Column::TokenHash.eq(secrets::token_hash(token)))
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    if row.accepted_at.is_some() {
        return Err(DomainError::Gone(
            "This invitation has already been used. If that was you, sign in with the email \
             address it was sent to."
                .into(),
        ));
    }
    if row.expires_at < Utc::now() {
        return Err(DomainError::Gone(format!(
            "This invitation expired on {}. Ask the person who invited you to send a new one.",
            row.expires_at.format("%-d %B %Y")
        )));
    }
    Ok(row)
}

pub async fn invitation_details(
    db: &impl ConnectionTrait,
    token: &str,
) -> DomainResult<InvitationDetails> {
    let row = usable_invitation(db, token).await?;
    let org = organisation::Entity::find_by_id(row.organisation_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok(InvitationDetails {
        email: row.email,
        organisation_name: org.name,
        org_role: OrgRole::parse(&row.org_role).unwrap_or(OrgRole::Member),
    })
}

#[derive(Clone, Debug, Default)]
pub struct AcceptInvitationForm {
    pub full_name: String,
    pub password: String,
    pub password_confirmation: String,
}

/// Creates the invited person's account and signs them in. The invitation is spent in the
/// same transaction, guarded on `accepted_at` still being empty, so a link works once even
/// when clicked twice at the same moment.
pub async fn accept_invitation(
    db: &DatabaseConnection,
    token: &str,
    form: &AcceptInvitationForm,
) -> DomainResult<(String, User)> {
    let invitation = usable_invitation(db, token).await?;
    let mut errors = FieldErrors::new();
    let name = errors.check("full_name", PersonName::parse(&form.full_name));
    let password = errors.check(
        "password",
        NewPassword::parse(&form.password, Some(&form.password_confirmation)),
    );
    errors.into_result()?;
    let (name, password) = (name.expect("checked"), password.expect("checked"));
    let email = EmailAddress::parse(&invitation.email).map_err(DomainError::Internal)?;
    if email_taken(db, &email).await? {
        return Err(DomainError::Gone(
            "An account already exists for the email address this invitation was sent to: sign in instead."
                .into(),
        ));
    }
    let hash = secrets::hash_password(password.expose()).map_err(DomainError::Internal)?;
    let txn = super::db::write(db).await?;
    let spent = invitation::Entity::update_many()
        .col_expr(
            invitation::Column::AcceptedAt,
            sea_orm::sea_query::Expr::value(Utc::now()),
        )
        .filter(invitation::Column::Id.eq(invitation.id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .exec(&txn)
        .await?;
    if spent.rows_affected != 1 {
        return Err(DomainError::Gone(
            "This invitation has already been used.".into(),
        ));
    }
    let role = OrgRole::parse(&invitation.org_role).unwrap_or(OrgRole::Member);
    let user_id = insert_user(
        &txn,
        invitation.organisation_id,
        &email,
        &name.into_inner(),
        &hash,
        role,
        false,
    )
    .await
    .map_err(|e| unique_email_to_field(e, &email))?;
    let token = start_session(&txn, user_id).await?;
    txn.commit().await?;
    let user = load_user(db, user_id).await?;
    Ok((token, user))
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub name: String,
    pub email: String,
    pub org_role: OrgRole,
}

pub async fn team(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
) -> DomainResult<Vec<TeamMember>> {
    Ok(user::Entity::find()
        .filter(user::Column::OrganisationId.eq(organisation.0))
        .order_by_asc(user::Column::DisplayName)
        .all(db)
        .await?
        .into_iter()
        .map(|u| TeamMember {
            name: u.display_name,
            email: u.email,
            org_role: OrgRole::parse(&u.org_role).unwrap_or(OrgRole::Member),
        })
        .collect())
}

/// The organisation of the user with this email, if there is one.
pub async fn organisation_by_supplier_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> DomainResult<Option<OrganisationId>> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email.trim().to_lowercase()))
        .one(db)
        .await?
        .map(|u| OrganisationId(u.organisation_id)))
}
