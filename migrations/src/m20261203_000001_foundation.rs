//! The foundation schema: organisations, people, sessions, invitations, the email outbox,
//! service areas, challenges with their member authorities and join requests, and the audit
//! trail.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in tables() {
            manager.create_table(table).await?;
        }
        for index in indexes() {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let drop_order = [
            AuditEvents::Table.into_iden(),
            JoinRequests::Table.into_iden(),
            ChallengeMembers::Table.into_iden(),
            Challenges::Table.into_iden(),
            ServiceAreas::Table.into_iden(),
            OutboxEmails::Table.into_iden(),
            Invitations::Table.into_iden(),
            LoginAttempts::Table.into_iden(),
            Sessions::Table.into_iden(),
            Users::Table.into_iden(),
            Organisations::Table.into_iden(),
        ];
        for table in drop_order {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

fn fk(
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
            .table(Organisations::Table)
            .col(pk_uuid(Organisations::Id))
            .col(string_len(Organisations::Kind, 16))
            .col(string_len(Organisations::Name, 200))
            .col(string_len_null(Organisations::OnsCode, 9).unique_key())
            .col(string_len_null(Organisations::AuthorityType, 32))
            .col(string_len_null(Organisations::CompaniesHouseNumber, 8))
            .col(timestamp_with_time_zone(Organisations::CreatedAt))
            .to_owned(),
        Table::create()
            .table(Users::Table)
            .col(pk_uuid(Users::Id))
            .col(uuid(Users::OrganisationId))
            .col(string_len(Users::Email, 254).unique_key())
            .col(string_len(Users::DisplayName, 120))
            .col(string_len_null(Users::JobTitle, 120))
            .col(string(Users::PasswordHash))
            .col(string_len(Users::OrgRole, 16))
            .col(boolean(Users::IsPlatformAdmin))
            .col(timestamp_with_time_zone(Users::CreatedAt))
            .foreign_key(&mut fk(
                Users::Table,
                Users::OrganisationId,
                Organisations::Table,
                Organisations::Id,
            ))
            .to_owned(),
        Table::create()
            .table(Sessions::Table)
            .col(string_len(Sessions::TokenHash, 64).primary_key())
            .col(uuid(Sessions::UserId))
            .col(timestamp_with_time_zone(Sessions::CreatedAt))
            .col(timestamp_with_time_zone(Sessions::ExpiresAt))
            .foreign_key(&mut fk(
                Sessions::Table,
                Sessions::UserId,
                Users::Table,
                Users::Id,
            ))
            .to_owned(),
        Table::create()
            .table(LoginAttempts::Table)
            .col(pk_auto(LoginAttempts::Id))
            .col(string_len(LoginAttempts::Email, 254))
            .col(string_len(LoginAttempts::ClientAddress, 64))
            .col(boolean(LoginAttempts::Succeeded))
            .col(timestamp_with_time_zone(LoginAttempts::AttemptedAt))
            .to_owned(),
        Table::create()
            .table(Invitations::Table)
            .col(pk_uuid(Invitations::Id))
            .col(string_len(Invitations::TokenHash, 64).unique_key())
            .col(uuid(Invitations::OrganisationId))
            .col(string_len(Invitations::Email, 254))
            .col(string_len(Invitations::OrgRole, 16))
            .col(uuid(Invitations::InvitedBy))
            .col(timestamp_with_time_zone(Invitations::CreatedAt))
            .col(timestamp_with_time_zone(Invitations::ExpiresAt))
            .col(timestamp_with_time_zone_null(Invitations::AcceptedAt))
            .foreign_key(&mut fk(
                Invitations::Table,
                Invitations::OrganisationId,
                Organisations::Table,
                Organisations::Id,
            ))
            .to_owned(),
        Table::create()
            .table(OutboxEmails::Table)
            .col(pk_uuid(OutboxEmails::Id))
            .col(string_len(OutboxEmails::ToAddress, 254))
            .col(string_len(OutboxEmails::Subject, 300))
            .col(text(OutboxEmails::Body))
            .col(timestamp_with_time_zone(OutboxEmails::CreatedAt))
            .col(timestamp_with_time_zone_null(OutboxEmails::SentAt))
            .col(integer(OutboxEmails::Attempts).default(0))
            .to_owned(),
        Table::create()
            .table(ServiceAreas::Table)
            .col(string_len(ServiceAreas::Slug, 64).primary_key())
            .col(string_len(ServiceAreas::Name, 120))
            .col(integer(ServiceAreas::Position))
            .to_owned(),
        Table::create()
            .table(Challenges::Table)
            .col(pk_uuid(Challenges::Id))
            .col(string_len(Challenges::Title, 200))
            .col(text(Challenges::ProblemStatement))
            .col(string_len(Challenges::ServiceArea, 64))
            .col(string_len(Challenges::Status, 32))
            .col(string_len(Challenges::Visibility, 16))
            .col(integer(Challenges::Version))
            .col(uuid(Challenges::CreatedBy))
            .col(timestamp_with_time_zone(Challenges::CreatedAt))
            .col(timestamp_with_time_zone(Challenges::UpdatedAt))
            .foreign_key(&mut fk(
                Challenges::Table,
                Challenges::ServiceArea,
                ServiceAreas::Table,
                ServiceAreas::Slug,
            ))
            .to_owned(),
        Table::create()
            .table(ChallengeMembers::Table)
            .col(uuid(ChallengeMembers::ChallengeId))
            .col(uuid(ChallengeMembers::OrganisationId))
            .col(string_len(ChallengeMembers::Role, 16))
            .col(timestamp_with_time_zone(ChallengeMembers::AddedAt))
            .primary_key(
                Index::create()
                    .col(ChallengeMembers::ChallengeId)
                    .col(ChallengeMembers::OrganisationId),
            )
            .foreign_key(&mut fk(
                ChallengeMembers::Table,
                ChallengeMembers::ChallengeId,
                Challenges::Table,
                Challenges::Id,
            ))
            .foreign_key(&mut fk(
                ChallengeMembers::Table,
                ChallengeMembers::OrganisationId,
                Organisations::Table,
                Organisations::Id,
            ))
            .to_owned(),
        Table::create()
            .table(JoinRequests::Table)
            .col(pk_uuid(JoinRequests::Id))
            .col(uuid(JoinRequests::ChallengeId))
            .col(uuid(JoinRequests::OrganisationId))
            .col(uuid(JoinRequests::RequestedBy))
            .col(string_len(JoinRequests::RequestedRole, 16))
            .col(text(JoinRequests::Message))
            .col(string_len(JoinRequests::Status, 16))
            .col(timestamp_with_time_zone(JoinRequests::CreatedAt))
            .col(uuid_null(JoinRequests::DecidedBy))
            .col(timestamp_with_time_zone_null(JoinRequests::DecidedAt))
            .foreign_key(&mut fk(
                JoinRequests::Table,
                JoinRequests::ChallengeId,
                Challenges::Table,
                Challenges::Id,
            ))
            .to_owned(),
        Table::create()
            .table(AuditEvents::Table)
            .col(pk_uuid(AuditEvents::Id))
            .col(uuid_null(AuditEvents::ChallengeId))
            .col(uuid_null(AuditEvents::ActorUserId))
            .col(string_len(AuditEvents::ActorName, 120))
            .col(uuid_null(AuditEvents::ActorOrganisationId))
            .col(string_len(AuditEvents::ActorOrganisationName, 200))
            .col(string_len(AuditEvents::Action, 64))
            .col(text(AuditEvents::Summary))
            .col(timestamp_with_time_zone(AuditEvents::OccurredAt))
            .to_owned(),
    ]
}

fn indexes() -> Vec<IndexCreateStatement> {
    vec![
        Index::create()
            .name("idx_users_organisation")
            .table(Users::Table)
            .col(Users::OrganisationId)
            .to_owned(),
        Index::create()
            .name("idx_sessions_user")
            .table(Sessions::Table)
            .col(Sessions::UserId)
            .to_owned(),
        Index::create()
            .name("idx_login_attempts_email")
            .table(LoginAttempts::Table)
            .col(LoginAttempts::Email)
            .col(LoginAttempts::AttemptedAt)
            .to_owned(),
        Index::create()
            .name("idx_login_attempts_address")
            .table(LoginAttempts::Table)
            .col(LoginAttempts::ClientAddress)
            .col(LoginAttempts::AttemptedAt)
            .to_owned(),
        Index::create()
            .name("idx_challenge_members_organisation")
            .table(ChallengeMembers::Table)
            .col(ChallengeMembers::OrganisationId)
            .to_owned(),
        Index::create()
            .name("idx_join_requests_challenge")
            .table(JoinRequests::Table)
            .col(JoinRequests::ChallengeId)
            .to_owned(),
        Index::create()
            .name("idx_audit_events_challenge")
            .table(AuditEvents::Table)
            .col(AuditEvents::ChallengeId)
            .col(AuditEvents::OccurredAt)
            .to_owned(),
        Index::create()
            .name("idx_outbox_unsent")
            .table(OutboxEmails::Table)
            .col(OutboxEmails::SentAt)
            .to_owned(),
    ]
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
    Kind,
    Name,
    OnsCode,
    AuthorityType,
    CompaniesHouseNumber,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    OrganisationId,
    Email,
    DisplayName,
    JobTitle,
    PasswordHash,
    OrgRole,
    IsPlatformAdmin,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    TokenHash,
    UserId,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum LoginAttempts {
    Table,
    Id,
    Email,
    ClientAddress,
    Succeeded,
    AttemptedAt,
}

#[derive(DeriveIden)]
enum Invitations {
    Table,
    Id,
    TokenHash,
    OrganisationId,
    Email,
    OrgRole,
    InvitedBy,
    CreatedAt,
    ExpiresAt,
    AcceptedAt,
}

#[derive(DeriveIden)]
enum OutboxEmails {
    Table,
    Id,
    ToAddress,
    Subject,
    Body,
    CreatedAt,
    SentAt,
    Attempts,
}

#[derive(DeriveIden)]
enum ServiceAreas {
    Table,
    Slug,
    Name,
    Position,
}

#[derive(DeriveIden)]
enum Challenges {
    Table,
    Id,
    Title,
    ProblemStatement,
    ServiceArea,
    Status,
    Visibility,
    Version,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ChallengeMembers {
    Table,
    ChallengeId,
    OrganisationId,
    Role,
    AddedAt,
}

#[derive(DeriveIden)]
enum JoinRequests {
    Table,
    Id,
    ChallengeId,
    OrganisationId,
    RequestedBy,
    RequestedRole,
    Message,
    Status,
    CreatedAt,
    DecidedBy,
    DecidedAt,
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    ChallengeId,
    ActorUserId,
    ActorName,
    ActorOrganisationId,
    ActorOrganisationName,
    Action,
    Summary,
    OccurredAt,
}
