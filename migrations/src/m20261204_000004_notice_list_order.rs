//! Indexes in the orders the public notice list and the Atom feed read notices, so that a
//! page of 20 (or the feed's 50) is read from the index instead of sorting every notice.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The feed orders by when a notice last changed; the expression must stay identical to
/// the one in `app::ssr::notices::feed::entries` for the index to be used.
const FEED_ORDER: &str = "CREATE INDEX IF NOT EXISTS idx_notices_feed_order \
     ON notices ((COALESCE(withdrawn_at, amended_at, published_at)))";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_notices_published_order")
                    .table(Alias::new("notices"))
                    .col(Alias::new("published_at"))
                    .col(Alias::new("id"))
                    .to_owned(),
            )
            .await?;
        // An index on an expression, which sea-query's builder cannot write; the same SQL
        // works on SQLite and PostgreSQL.
        manager
            .get_connection()
            .execute_unprepared(FEED_ORDER)
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("DROP INDEX IF EXISTS idx_notices_feed_order")
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_notices_published_order")
                    .table(Alias::new("notices"))
                    .to_owned(),
            )
            .await
    }
}
