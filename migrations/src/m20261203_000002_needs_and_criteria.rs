//! Co-authoring: user needs with each authority's view of them, buying criteria and the
//! needs they cover, revisions of both, comments, and sign-off rounds. Also the
//! single-use links for resetting a forgotten password.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Challenges::Table)
                    .add_column(integer(Challenges::CriteriaSetVersion).default(1))
                    .to_owned(),
            )
            .await?;
        for table in tables() {
            manager.create_table(table).await?;
        }
        manager.create_table(password_resets()).await?;
        for index in indexes() {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PasswordResets::Table.into_iden(),
            Signoffs::Table.into_iden(),
            SignoffRounds::Table.into_iden(),
            Comments::Table.into_iden(),
            Revisions::Table.into_iden(),
            CriterionNeeds::Table.into_iden(),
            Criteria::Table.into_iden(),
            NeedViews::Table.into_iden(),
            Needs::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Challenges::Table)
                    .drop_column(Challenges::CriteriaSetVersion)
                    .to_owned(),
            )
            .await
    }
}

fn cascade(
    from_table: impl IntoIden,
    from_col: impl IntoIden,
    to_table: impl IntoIden,
    to_col: impl IntoIden,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from_table, from_col)
        .to(to_table, to_col)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn tables() -> Vec<TableCreateStatement> {
    vec![
        Table::create()
            .table(Needs::Table)
            .col(pk_uuid(Needs::Id))
            .col(uuid(Needs::ChallengeId))
            .col(text(Needs::AsA))
            .col(text(Needs::INeed))
            .col(text(Needs::SoThat))
            .col(string_len(Needs::Priority, 8))
            .col(text(Needs::Evidence))
            .col(text(Needs::Tags))
            .col(integer(Needs::Position))
            .col(uuid(Needs::ProposedBy))
            .col(string_len(Needs::Status, 16))
            .col(uuid_null(Needs::MergedInto))
            .col(integer(Needs::Version))
            .col(uuid(Needs::CreatedBy))
            .col(timestamp_with_time_zone(Needs::CreatedAt))
            .col(timestamp_with_time_zone(Needs::UpdatedAt))
            .foreign_key(&mut cascade(
                Needs::Table,
                Needs::ChallengeId,
                Challenges::Table,
                Challenges::Id,
            ))
            .to_owned(),
        Table::create()
            .table(NeedViews::Table)
            .col(uuid(NeedViews::NeedId))
            .col(uuid(NeedViews::OrganisationId))
            .col(boolean(NeedViews::Endorsed))
            .col(string_len_null(NeedViews::Priority, 8))
            .col(uuid(NeedViews::UpdatedBy))
            .col(timestamp_with_time_zone(NeedViews::UpdatedAt))
            .primary_key(
                Index::create()
                    .col(NeedViews::NeedId)
                    .col(NeedViews::OrganisationId),
            )
            .foreign_key(&mut cascade(
                NeedViews::Table,
                NeedViews::NeedId,
                Needs::Table,
                Needs::Id,
            ))
            .to_owned(),
        Table::create()
            .table(Criteria::Table)
            .col(pk_uuid(Criteria::Id))
            .col(uuid(Criteria::ChallengeId))
            .col(string_len(Criteria::Name, 200))
            .col(text(Criteria::Description))
            .col(string_len(Criteria::Kind, 16))
            .col(string_len(Criteria::Category, 16))
            .col(integer_null(Criteria::WeightHundredths))
            .col(text(Criteria::Guidance))
            .col(integer(Criteria::Position))
            .col(string_len(Criteria::Status, 16))
            .col(integer(Criteria::Version))
            .col(uuid(Criteria::CreatedBy))
            .col(timestamp_with_time_zone(Criteria::CreatedAt))
            .col(timestamp_with_time_zone(Criteria::UpdatedAt))
            .foreign_key(&mut cascade(
                Criteria::Table,
                Criteria::ChallengeId,
                Challenges::Table,
                Challenges::Id,
            ))
            .to_owned(),
        Table::create()
            .table(CriterionNeeds::Table)
            .col(uuid(CriterionNeeds::CriterionId))
            .col(uuid(CriterionNeeds::NeedId))
            .primary_key(
                Index::create()
                    .col(CriterionNeeds::CriterionId)
                    .col(CriterionNeeds::NeedId),
            )
            .foreign_key(&mut cascade(
                CriterionNeeds::Table,
                CriterionNeeds::CriterionId,
                Criteria::Table,
                Criteria::Id,
            ))
            .foreign_key(&mut cascade(
                CriterionNeeds::Table,
                CriterionNeeds::NeedId,
                Needs::Table,
                Needs::Id,
            ))
            .to_owned(),
        // One table for the revisions of needs and of criteria: `item_kind` says which.
        Table::create()
            .table(Revisions::Table)
            .col(pk_uuid(Revisions::Id))
            .col(uuid(Revisions::ChallengeId))
            .col(string_len(Revisions::ItemKind, 16))
            .col(uuid(Revisions::ItemId))
            .col(integer(Revisions::Version))
            .col(text(Revisions::Snapshot))
            .col(string_len(Revisions::Summary, 300))
            .col(uuid(Revisions::ActorUserId))
            .col(string_len(Revisions::ActorName, 120))
            .col(string_len(Revisions::ActorOrganisationName, 200))
            .col(timestamp_with_time_zone(Revisions::CreatedAt))
            .foreign_key(&mut cascade(
                Revisions::Table,
                Revisions::ChallengeId,
                Challenges::Table,
                Challenges::Id,
            ))
            .to_owned(),
        Table::create()
            .table(Comments::Table)
            .col(pk_uuid(Comments::Id))
            .col(uuid(Comments::ChallengeId))
            .col(string_len(Comments::ItemKind, 16))
            .col(uuid(Comments::ItemId))
            .col(uuid_null(Comments::ParentId))
            .col(text(Comments::Body))
            .col(uuid(Comments::AuthorUserId))
            .col(string_len(Comments::AuthorName, 120))
            .col(string_len(Comments::AuthorOrganisationName, 200))
            .col(timestamp_with_time_zone(Comments::CreatedAt))
            .foreign_key(&mut cascade(
                Comments::Table,
                Comments::ChallengeId,
                Challenges::Table,
                Challenges::Id,
            ))
            .to_owned(),
        Table::create()
            .table(SignoffRounds::Table)
            .col(pk_uuid(SignoffRounds::Id))
            .col(uuid(SignoffRounds::ChallengeId))
            .col(integer(SignoffRounds::CriteriaSetVersion))
            .col(string_len(SignoffRounds::Status, 16))
            .col(uuid(SignoffRounds::ProposedBy))
            .col(timestamp_with_time_zone(SignoffRounds::ProposedAt))
            .col(timestamp_with_time_zone_null(SignoffRounds::ClosedAt))
            .foreign_key(&mut cascade(
                SignoffRounds::Table,
                SignoffRounds::ChallengeId,
                Challenges::Table,
                Challenges::Id,
            ))
            .to_owned(),
        Table::create()
            .table(Signoffs::Table)
            .col(uuid(Signoffs::RoundId))
            .col(uuid(Signoffs::OrganisationId))
            .col(string_len(Signoffs::Decision, 16))
            .col(text(Signoffs::Comment))
            .col(uuid(Signoffs::UserId))
            .col(string_len(Signoffs::UserName, 120))
            .col(timestamp_with_time_zone(Signoffs::DecidedAt))
            .primary_key(
                Index::create()
                    .col(Signoffs::RoundId)
                    .col(Signoffs::OrganisationId),
            )
            .foreign_key(&mut cascade(
                Signoffs::Table,
                Signoffs::RoundId,
                SignoffRounds::Table,
                SignoffRounds::Id,
            ))
            .to_owned(),
    ]
}

fn password_resets() -> TableCreateStatement {
    Table::create()
        .table(PasswordResets::Table)
        .col(pk_uuid(PasswordResets::Id))
        .col(string_len(PasswordResets::TokenHash, 64).unique_key())
        .col(uuid(PasswordResets::UserId))
        .col(timestamp_with_time_zone(PasswordResets::CreatedAt))
        .col(timestamp_with_time_zone(PasswordResets::ExpiresAt))
        .col(timestamp_with_time_zone_null(PasswordResets::UsedAt))
        .foreign_key(&mut cascade(
            PasswordResets::Table,
            PasswordResets::UserId,
            Users::Table,
            Users::Id,
        ))
        .to_owned()
}

fn indexes() -> Vec<IndexCreateStatement> {
    vec![
        Index::create()
            .name("idx_needs_challenge")
            .table(Needs::Table)
            .col(Needs::ChallengeId)
            .col(Needs::Position)
            .to_owned(),
        Index::create()
            .name("idx_criteria_challenge")
            .table(Criteria::Table)
            .col(Criteria::ChallengeId)
            .col(Criteria::Position)
            .to_owned(),
        Index::create()
            .name("idx_criterion_needs_need")
            .table(CriterionNeeds::Table)
            .col(CriterionNeeds::NeedId)
            .to_owned(),
        Index::create()
            .name("idx_revisions_item")
            .table(Revisions::Table)
            .col(Revisions::ItemId)
            .col(Revisions::Version)
            .to_owned(),
        Index::create()
            .name("idx_comments_item")
            .table(Comments::Table)
            .col(Comments::ItemId)
            .col(Comments::CreatedAt)
            .to_owned(),
        Index::create()
            .name("idx_signoff_rounds_challenge")
            .table(SignoffRounds::Table)
            .col(SignoffRounds::ChallengeId)
            .to_owned(),
    ]
}

#[derive(DeriveIden)]
enum Challenges {
    Table,
    Id,
    CriteriaSetVersion,
}

#[derive(DeriveIden)]
enum Needs {
    Table,
    Id,
    ChallengeId,
    AsA,
    INeed,
    SoThat,
    Priority,
    Evidence,
    Tags,
    Position,
    ProposedBy,
    Status,
    MergedInto,
    Version,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum NeedViews {
    Table,
    NeedId,
    OrganisationId,
    Endorsed,
    Priority,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Criteria {
    Table,
    Id,
    ChallengeId,
    Name,
    Description,
    Kind,
    Category,
    WeightHundredths,
    Guidance,
    Position,
    Status,
    Version,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CriterionNeeds {
    Table,
    CriterionId,
    NeedId,
}

#[derive(DeriveIden)]
enum Revisions {
    Table,
    Id,
    ChallengeId,
    ItemKind,
    ItemId,
    Version,
    Snapshot,
    Summary,
    ActorUserId,
    ActorName,
    ActorOrganisationName,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Comments {
    Table,
    Id,
    ChallengeId,
    ItemKind,
    ItemId,
    ParentId,
    Body,
    AuthorUserId,
    AuthorName,
    AuthorOrganisationName,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SignoffRounds {
    Table,
    Id,
    ChallengeId,
    CriteriaSetVersion,
    Status,
    ProposedBy,
    ProposedAt,
    ClosedAt,
}

#[derive(DeriveIden)]
enum Signoffs {
    Table,
    RoundId,
    OrganisationId,
    Decision,
    Comment,
    UserId,
    UserName,
    DecidedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PasswordResets {
    Table,
    Id,
    TokenHash,
    UserId,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}
