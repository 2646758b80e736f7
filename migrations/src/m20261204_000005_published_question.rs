//! The wording of a clarification question as published with a public answer: the lead
//! may take out anything that names the supplier who asked. The question as asked is kept.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Clarifications {
    Table,
    PublishedQuestion,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Clarifications::Table)
                    .add_column(
                        ColumnDef::new(Clarifications::PublishedQuestion)
                            .text()
                            .null(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Clarifications::Table)
                    .drop_column(Clarifications::PublishedQuestion)
                    .to_owned(),
            )
            .await
    }
}
