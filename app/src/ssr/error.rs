//! The one error type of the services. Handlers map it to an HTTP status and a page once.

use crate::domain::policy::Denied;
use crate::domain::FieldErrors;

#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("sign in required")]
    SignInRequired,
    #[error("invalid input")]
    Validation(FieldErrors),
    /// Someone else saved first; the message says who and when.
    #[error("conflict: {0}")]
    Conflict(String),
    /// The thing existed but can no longer be used (an expired or spent invitation).
    #[error("gone: {0}")]
    Gone(String),
    #[error("too many attempts: {0}")]
    RateLimited(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl DomainError {
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        DomainError::Validation(FieldErrors::single(field, message))
    }
}

impl From<Denied> for DomainError {
    fn from(denied: Denied) -> Self {
        match denied {
            Denied::SignInRequired => DomainError::SignInRequired,
            Denied::Forbidden => DomainError::Forbidden,
            Denied::NotFound => DomainError::NotFound,
        }
    }
}

impl From<FieldErrors> for DomainError {
    fn from(errors: FieldErrors) -> Self {
        DomainError::Validation(errors)
    }
}

impl From<sea_orm::DbErr> for DomainError {
    fn from(err: sea_orm::DbErr) -> Self {
        DomainError::Internal(format!("database: {err}"))
    }
}

impl<E: std::error::Error> From<sea_orm::TransactionError<E>> for DomainError
where
    DomainError: From<E>,
{
    fn from(err: sea_orm::TransactionError<E>) -> Self {
        match err {
            sea_orm::TransactionError::Connection(db) => db.into(),
            sea_orm::TransactionError::Transaction(inner) => inner.into(),
        }
    }
}

pub type DomainResult<T> = Result<T, DomainError>;
