//! The email outbox. Services add messages in the same transaction as the change that
//! causes them, so an email is never sent for a change that was rolled back, nor lost for
//! one that was saved. A delivery loop hands them to a transport.

use super::entities::outbox_email;
use super::error::DomainResult;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

pub async fn enqueue(
    db: &impl ConnectionTrait,
    to: &str,
    subject: &str,
    body: &str,
) -> DomainResult<()> {
    outbox_email::ActiveModel {
        id: Set(Uuid::new_v4()),
        to_address: Set(to.to_string()),
        subject: Set(subject.to_string()),
        body: Set(body.to_string()),
        created_at: Set(Utc::now()),
        sent_at: Set(None),
        attempts: Set(0),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Where outgoing email goes. Development logs it; an SMTP transport can take its place.
pub trait Transport: Send + Sync {
    fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), String>;
}

/// Writes each message to the log, which is where a developer reads invitation links.
pub struct LogTransport;

impl Transport for LogTransport {
    fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), String> {
        tracing::info!(
            to,
            subject,
            body,
            "email (development transport: logged, not sent)"
        );
        Ok(())
    }
}

/// Delivers up to `batch` waiting messages and returns how many went out. A message is
/// claimed by setting `sent_at` only where it is still unset, so two server instances
/// never send the same message twice.
pub async fn deliver_pending(
    db: &DatabaseConnection,
    transport: &dyn Transport,
    batch: u64,
) -> DomainResult<usize> {
    let waiting = outbox_email::Entity::find()
        .filter(outbox_email::Column::SentAt.is_null())
        .filter(outbox_email::Column::Attempts.lt(5))
        .order_by_asc(outbox_email::Column::CreatedAt)
        .limit(batch)
        .all(db)
        .await?;
    let mut sent = 0;
    for message in waiting {
        let claimed = outbox_email::Entity::update_many()
            .col_expr(
                outbox_email::Column::SentAt,
                sea_orm::sea_query::Expr::value(Utc::now()),
            )
            .col_expr(
                outbox_email::Column::Attempts,
                sea_orm::sea_query::Expr::value(message.attempts + 1),
            )
            .filter(outbox_email::Column::Id.eq(message.id))
            .filter(outbox_email::Column::SentAt.is_null())
            .exec(db)
            .await?;
        if claimed.rows_affected == 0 {
            continue;
        }
        if let Err(err) = transport.send(&message.to_address, &message.subject, &message.body) {
            tracing::warn!(error = %err, to = %message.to_address, "email delivery failed; will retry");
            outbox_email::Entity::update_many()
                .col_expr(
                    outbox_email::Column::SentAt,
                    sea_orm::sea_query::Expr::value(Option::<chrono::DateTime<Utc>>::None),
                )
                .filter(outbox_email::Column::Id.eq(message.id))
                .exec(db)
                .await?;
            continue;
        }
        sent += 1;
    }
    Ok(sent)
}

/// The newest messages to one address, for the admin outbox page and for tests.
pub async fn messages_to(
    db: &impl ConnectionTrait,
    to: &str,
) -> DomainResult<Vec<outbox_email::Model>> {
    Ok(outbox_email::Entity::find()
        .filter(outbox_email::Column::ToAddress.eq(to))
        .order_by_desc(outbox_email::Column::CreatedAt)
        .all(db)
        .await?)
}

pub async fn latest(
    db: &impl ConnectionTrait,
    limit: u64,
) -> DomainResult<Vec<outbox_email::Model>> {
    Ok(outbox_email::Entity::find()
        .order_by_desc(outbox_email::Column::CreatedAt)
        .limit(limit)
        .all(db)
        .await?)
}
