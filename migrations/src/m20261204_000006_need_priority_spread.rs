//! Each need keeps how far apart its authorities' priorities are (`priority_spread`: the
//! highest rank minus the lowest, Must 0 to Won't 3, 0 with fewer than two priorities), so
//! the needs page counts and filters the disputed ones (spread of 2 or more) from the needs
//! table instead of grouping every view of the challenge on each request. The service
//! refreshes it in the transaction that changes a view; this fills it for existing needs.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Needs {
    Table,
    ChallengeId,
    Status,
    PrioritySpread,
}

const INDEX: &str = "idx_needs_challenge_status_spread";

/// The same expression as the service's (`needs::PRIORITY_SPREAD_SQL`), as it stood when
/// this migration was written.
const FILL: &str = "UPDATE needs SET priority_spread = COALESCE((\
     SELECT MAX(CASE need_views.priority WHEN 'must' THEN 0 WHEN 'should' THEN 1 \
     WHEN 'could' THEN 2 WHEN 'wont' THEN 3 END) \
     - MIN(CASE need_views.priority WHEN 'must' THEN 0 WHEN 'should' THEN 1 \
     WHEN 'could' THEN 2 WHEN 'wont' THEN 3 END) \
     FROM need_views WHERE need_views.need_id = needs.id \
     AND need_views.priority IS NOT NULL), 0)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Needs::Table)
                    .add_column(
                        ColumnDef::new(Needs::PrioritySpread)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .to_owned(),
            )
            .await?;
        manager.get_connection().execute_unprepared(FILL).await?;
        manager
            .create_index(
                Index::create()
                    .name(INDEX)
                    .table(Needs::Table)
                    .col(Needs::ChallengeId)
                    .col(Needs::Status)
                    .col(Needs::PrioritySpread)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name(INDEX).table(Needs::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Needs::Table)
                    .drop_column(Needs::PrioritySpread)
                    .to_owned(),
            )
            .await
    }
}
