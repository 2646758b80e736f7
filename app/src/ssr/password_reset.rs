//! Forgotten passwords: a single-use link, valid for an hour, sent to the account's email.
//! Asking says the same thing whether or not the address has an account.

use super::entities::{password_reset, session, user};
use super::error::{DomainError, DomainResult};
use super::{accounts, outbox, secrets};
use crate::domain::policy::User;
use crate::domain::validation::{EmailAddress, NewPassword};
use crate::domain::{FieldErrors, UserId};
use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};
use uuid::Uuid;

pub const LINK_MINUTES: i64 = 60;
/// Links sent to one account per hour, so the form cannot be used to flood a mailbox.
const MAX_LINKS_PER_HOUR: u64 = 3;

/// Sends a reset link if the address has an account. Only a malformed address is an error.
pub async fn request(db: &DatabaseConnection, email: &str, public_url: &str) -> DomainResult<()> {
    let email = EmailAddress::parse(email).map_err(|m| DomainError::field("email", m))?;
    let Some(account) = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let now = Utc::now();
    let recent = password_reset::Entity::find()
        .filter(password_reset::Column::UserId.eq(account.id))
        .filter(password_reset::Column::CreatedAt.gt(now - Duration::hours(1)))
        .count(db)
        .await?;
    if recent >= MAX_LINKS_PER_HOUR {
        return Ok(());
    }
    let token = secrets::new_token();
    let txn = super::db::write(db).await?;
    password_reset::ActiveModel {
        id: Set(Uuid::new_v4()),
        token_hash: Set(secrets::token_hash(&token)),
        user_id: Set(account.id),
        created_at: Set(now),
        expires_at: Set(now + Duration::minutes(LINK_MINUTES)),
        used_at: Set(None),
    }
    .insert(&txn)
    .await?;
    let link = format!(
        "{}/reset-password/{token}",
        public_url.trim_end_matches('/')
    );
    outbox::enqueue(
        &txn,
        email.as_str(),
        "Reset your Coprocure password",
        &format!(
            "Someone asked to reset the password of the Coprocure account for this address.\n\n\
             Choose a new password:\n{link}\n\nThe link works once and expires in {LINK_MINUTES} minutes. \
             If it was not you, ignore this email: your password has not changed."
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

async fn usable(db: &DatabaseConnection, token: &str) -> DomainResult<password_reset::Model> {
    let row = password_reset::Entity::find()
        .filter(password_reset::Column::TokenHash.eq(secrets::token_hash(token)))
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    if row.used_at.is_some() {
        return Err(DomainError::Gone("This link has already been used. Ask for a new one if you still need to reset your password.".into()));
    }
    if row.expires_at < Utc::now() {
        return Err(DomainError::Gone(format!(
            "This link expired after {LINK_MINUTES} minutes. Ask for a new one."
        )));
    }
    Ok(row)
}

/// Checks a link before showing the new-password form.
pub async fn check(db: &DatabaseConnection, token: &str) -> DomainResult<()> {
    usable(db, token).await.map(|_| ())
}

/// Sets the new password, ends every other session of the account, and signs in.
pub async fn reset(
    db: &DatabaseConnection,
    token: &str,
    password: &str,
    confirmation: &str,
) -> DomainResult<(String, User)> {
    let row = usable(db, token).await?;
    let mut errors = FieldErrors::new();
    let password = errors.check("password", NewPassword::parse(password, Some(confirmation)));
    errors.into_result()?;
    let hash = secrets::hash_password(password.expect("checked").expose())
        .map_err(DomainError::Internal)?;
    let txn = super::db::write(db).await?;
    let spent = password_reset::Entity::update_many()
        .col_expr(password_reset::Column::UsedAt, Expr::value(Utc::now()))
        .filter(password_reset::Column::Id.eq(row.id))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if spent.rows_affected != 1 {
        return Err(DomainError::Gone("This link has already been used.".into()));
    }
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(hash))
        .filter(user::Column::Id.eq(row.user_id))
        .exec(&txn)
        .await?;
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(row.user_id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    accounts::start_session_for(db, UserId(row.user_id)).await
}
