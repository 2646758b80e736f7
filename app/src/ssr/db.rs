//! Connecting to the database and bringing its schema up to date.

use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr};
use std::time::Duration;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/coprocure.db?mode=rwc";

pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    if let Some(path) = sqlite_file_path(url) {
        if let Some(parent) = std::path::Path::new(&path).parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| DbErr::Custom(format!("creating {}: {e}", parent.display())))?;
            }
        }
    }
    let mut options = ConnectOptions::new(url.to_string());
    options
        .max_connections(if url.starts_with("sqlite") { 8 } else { 16 })
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        // A ping on every checkout doubled the round trips of each query (and on SQLite
        // each round trip is two thread switches); only a connection left idle long
        // enough to have been dropped by the server or a proxy is tested first.
        .test_before_acquire_if_idle_for(Duration::from_secs(30))
        .sqlx_logging(false)
        // Set on every connection the pool opens, not just the first one.
        .map_sqlx_sqlite_opts(|sqlite| {
            use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
            // WAL lets readers go on while one writer commits; the busy timeout makes a
            // second writer wait its turn instead of failing at once; NORMAL is durable
            // in WAL mode except for the last commits on a power cut.
            sqlite
                .journal_mode(SqliteJournalMode::Wal)
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true)
                .synchronous(SqliteSynchronous::Normal)
                // Reads come straight from the mapped file instead of being copied
                // into SQLite's page cache.
                .pragma("mmap_size", "268435456")
        });
    let db = Database::connect(options).await?;
    Ok(db)
}

pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await?;
    refresh_statistics(db).await
}

/// Lets SQLite's planner know how large each table and index is. Without statistics it
/// prefers the narrowest index for a filter and then sorts every row, where reading an
/// index already in the wanted order would stop after one page (the public notice list).
/// PostgreSQL keeps its own statistics (autovacuum).
pub async fn refresh_statistics(db: &DatabaseConnection) -> Result<(), DbErr> {
    if db.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
        db.execute_unprepared("ANALYZE").await?;
    }
    Ok(())
}

/// Answers whether the database responds, for the health check.
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.ping().await.is_ok()
}

fn sqlite_file_path(url: &str) -> Option<String> {
    let rest = url.strip_prefix("sqlite://")?;
    let path = rest.split('?').next().unwrap_or("");
    if path.is_empty() || path == ":memory:" {
        None
    } else {
        Some(path.to_string())
    }
}

/// Starts a transaction that will write. On SQLite it takes the write lock at `BEGIN`
/// (`BEGIN IMMEDIATE`), so concurrent writers queue on the busy timeout instead of
/// failing with "database is locked" when a read lock cannot be upgraded; PostgreSQL
/// ignores the mode.
pub async fn write(db: &DatabaseConnection) -> Result<sea_orm::DatabaseTransaction, DbErr> {
    use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}
