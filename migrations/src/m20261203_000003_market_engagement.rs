//! Market engagement: preliminary market engagement notices (UK2) drafted from a
//! challenge, their events, questionnaire, amendments and the OCDS releases published for
//! them; suppliers' interest, responses (draft answers plus every submission kept),
//! clarification questions, follows; and the reviewing authorities' conflict-of-interest
//! declarations and private notes.

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
        for table in [
            SupplierFollows::Table.into_iden(),
            ConflictDeclarations::Table.into_iden(),
            Clarifications::Table.into_iden(),
            ResponseNotes::Table.into_iden(),
            ResponseSubmissions::Table.into_iden(),
            Responses::Table.into_iden(),
            SupplierInterests::Table.into_iden(),
            NoticeReleases::Table.into_iden(),
            NoticeAmendments::Table.into_iden(),
            NoticeQuestions::Table.into_iden(),
            NoticeEvents::Table.into_iden(),
            NoticeAuthorities::Table.into_iden(),
            NoticeCpvCodes::Table.into_iden(),
            Notices::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
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
            .table(Notices::Table)
            .col(pk_uuid(Notices::Id))
            .col(uuid(Notices::ChallengeId))
            .col(string_len(Notices::Reference, 20))
            .col(string_len(Notices::Title, 300))
            .col(text(Notices::Description))
            .col(big_integer_null(Notices::ValueMin))
            .col(big_integer_null(Notices::ValueMax))
            .col(timestamp_with_time_zone_null(Notices::ClosesAt))
            .col(timestamp_with_time_zone_null(
                Notices::ClarificationDeadline,
            ))
            .col(string_len(Notices::ContactName, 120))
            .col(string_len(Notices::ContactEmail, 254))
            .col(string_len(Notices::ContactPhone, 40))
            .col(string_len(Notices::Status, 16))
            .col(text_null(Notices::WithdrawnReason))
            .col(timestamp_with_time_zone_null(Notices::PublishedAt))
            .col(timestamp_with_time_zone_null(Notices::WithdrawnAt))
            .col(timestamp_with_time_zone_null(Notices::AmendedAt))
            .col(string_len(Notices::ServiceArea, 64))
            .col(uuid_null(Notices::LeadOrganisationId))
            .col(boolean(Notices::ObserversSeeResponses))
            .col(text(Notices::SearchText))
            .col(integer(Notices::Version))
            .col(uuid(Notices::CreatedBy))
            .col(timestamp_with_time_zone(Notices::CreatedAt))
            .col(timestamp_with_time_zone(Notices::UpdatedAt))
            .foreign_key(&mut cascade(
                Notices::Table,
                Notices::ChallengeId,
                Challenges::Table,
                Challenges::Id,
            ))
            .to_owned(),
        Table::create()
            .table(NoticeCpvCodes::Table)
            .col(uuid(NoticeCpvCodes::NoticeId))
            .col(string_len(NoticeCpvCodes::Code, 8))
            .col(string_len(NoticeCpvCodes::Division, 2))
            .primary_key(
                Index::create()
                    .col(NoticeCpvCodes::NoticeId)
                    .col(NoticeCpvCodes::Code),
            )
            .foreign_key(&mut cascade(
                NoticeCpvCodes::Table,
                NoticeCpvCodes::NoticeId,
                Notices::Table,
                Notices::Id,
            ))
            .to_owned(),
        Table::create()
            .table(NoticeAuthorities::Table)
            .col(uuid(NoticeAuthorities::NoticeId))
            .col(uuid(NoticeAuthorities::OrganisationId))
            .col(string_len(NoticeAuthorities::Role, 16))
            .col(integer(NoticeAuthorities::Position))
            .primary_key(
                Index::create()
                    .col(NoticeAuthorities::NoticeId)
                    .col(NoticeAuthorities::OrganisationId),
            )
            .foreign_key(&mut cascade(
                NoticeAuthorities::Table,
                NoticeAuthorities::NoticeId,
                Notices::Table,
                Notices::Id,
            ))
            .to_owned(),
        Table::create()
            .table(NoticeEvents::Table)
            .col(pk_uuid(NoticeEvents::Id))
            .col(uuid(NoticeEvents::NoticeId))
            .col(string_len(NoticeEvents::Kind, 24))
            .col(timestamp_with_time_zone(NoticeEvents::StartsAt))
            .col(timestamp_with_time_zone_null(NoticeEvents::EndsAt))
            .col(text(NoticeEvents::Place))
            .col(text(NoticeEvents::OnlineLink))
            .col(text(NoticeEvents::HowToRegister))
            .col(integer(NoticeEvents::Position))
            .foreign_key(&mut cascade(
                NoticeEvents::Table,
                NoticeEvents::NoticeId,
                Notices::Table,
                Notices::Id,
            ))
            .to_owned(),
        Table::create()
            .table(NoticeQuestions::Table)
            .col(pk_uuid(NoticeQuestions::Id))
            .col(uuid(NoticeQuestions::NoticeId))
            .col(integer(NoticeQuestions::Position))
            .col(string_len(NoticeQuestions::Kind, 24))
            .col(text(NoticeQuestions::Prompt))
            .col(integer_null(NoticeQuestions::WordLimit))
            .col(text(NoticeQuestions::Options))
            .col(boolean(NoticeQuestions::Required))
            .foreign_key(&mut cascade(
                NoticeQuestions::Table,
                NoticeQuestions::NoticeId,
                Notices::Table,
                Notices::Id,
            ))
            .to_owned(),
        Table::create()
            .table(NoticeAmendments::Table)
            .col(pk_uuid(NoticeAmendments::Id))
            .col(uuid(NoticeAmendments::NoticeId))
            .col(integer(NoticeAmendments::Number))
            .col(text(NoticeAmendments::Changes))
            .col(text(NoticeAmendments::Reason))
            .col(uuid(NoticeAmendments::CreatedBy))
            .col(string_len(NoticeAmendments::CreatedByName, 120))
            .col(timestamp_with_time_zone(NoticeAmendments::CreatedAt))
            .foreign_key(&mut cascade(
                NoticeAmendments::Table,
                NoticeAmendments::NoticeId,
                Notices::Table,
                Notices::Id,
            ))
            .to_owned(),
        Table::create()
            .table(NoticeReleases::Table)
            .col(pk_uuid(NoticeReleases::Id))
            .col(uuid(NoticeReleases::NoticeId))
            .col(string_len(NoticeReleases::ReleaseId, 120))
            .col(string_len(NoticeReleases::Tag, 32))
            .col(timestamp_with_time_zone(NoticeReleases::ReleasedAt))
            .col(text(NoticeReleases::Body))
            .foreign_key(&mut cascade(
                NoticeReleases::Table,
                NoticeReleases::NoticeId,
                Notices::Table,
                Notices::Id,
            ))
            .to_owned(),
        Table::create()
            .table(SupplierInterests::Table)
            .col(uuid(SupplierInterests::NoticeId))
            .col(uuid(SupplierInterests::OrganisationId))
            .col(uuid(SupplierInterests::UserId))
            .col(timestamp_with_time_zone(SupplierInterests::CreatedAt))
            .primary_key(
                Index::create()
                    .col(SupplierInterests::NoticeId)
                    .col(SupplierInterests::OrganisationId),
            )
            .foreign_key(&mut cascade(
                SupplierInterests::Table,
                SupplierInterests::NoticeId,
                Notices::Table,
                Notices::Id,
            ))
            .to_owned(),
        Table::create()
            .table(Responses::Table)
            .col(pk_uuid(Responses::Id))
            .col(uuid(Responses::NoticeId))
            .col(uuid(Responses::OrganisationId))
            .col(string_len(Responses::Status, 16))
            .col(text(Responses::Answers))
            .col(integer(Responses::Version))
            .col(integer(Responses::SubmittedCount))
            .col(text(Responses::ReviewTags))
            .col(uuid(Responses::CreatedBy))
            .col(timestamp_with_time_zone(Responses::CreatedAt))
            .col(timestamp_with_time_zone(Responses::UpdatedAt))
            .col(timestamp_with_time_zone_null(Responses::SubmittedAt))
            .foreign_key(&mut cascade(
                Responses::Table,
                Responses::NoticeId,
                Notices::Table,
                Notices::Id,
            ))
            .to_owned(),
        Table::create()
            .table(ResponseSubmissions::Table)
            .col(pk_uuid(ResponseSubmissions::Id))
            .col(uuid(ResponseSubmissions::ResponseId))
            .col(integer(ResponseSubmissions::Number))
            .col(text(ResponseSubmissions::Answers))
            .col(uuid(ResponseSubmissions::SubmittedBy))
            .col(string_len(ResponseSubmissions::SubmittedByName, 120))
            .col(timestamp_with_time_zone(ResponseSubmissions::SubmittedAt))
            .foreign_key(&mut cascade(
                ResponseSubmissions::Table,
                ResponseSubmissions::ResponseId,
                Responses::Table,
                Responses::Id,
            ))
            .to_owned(),
        Table::create()
            .table(ResponseNotes::Table)
            .col(pk_uuid(ResponseNotes::Id))
            .col(uuid(ResponseNotes::ResponseId))
            .col(uuid(ResponseNotes::OrganisationId))
            .col(uuid(ResponseNotes::UserId))
            .col(string_len(ResponseNotes::AuthorName, 120))
            .col(string_len(ResponseNotes::AuthorOrganisationName, 200))
            .col(text(ResponseNotes::Body))
            .col(timestamp_with_time_zone(ResponseNotes::CreatedAt))
            .foreign_key(&mut cascade(
                ResponseNotes::Table,
                ResponseNotes::ResponseId,
                Responses::Table,
                Responses::Id,
            ))
            .to_owned(),
        Table::create()
            .table(Clarifications::Table)
            .col(pk_uuid(Clarifications::Id))
            .col(uuid(Clarifications::NoticeId))
            .col(uuid(Clarifications::OrganisationId))
            .col(uuid(Clarifications::AskedBy))
            .col(text(Clarifications::Question))
            .col(timestamp_with_time_zone(Clarifications::AskedAt))
            .col(text_null(Clarifications::Answer))
            .col(string_len_null(Clarifications::Visibility, 16))
            .col(uuid_null(Clarifications::AnsweredBy))
            .col(timestamp_with_time_zone_null(Clarifications::AnsweredAt))
            // Answers replaced by a later one, oldest first (JSON): every answer a
            // supplier may have read is kept.
            .col(text(Clarifications::AnswerHistory))
            .col(integer(Clarifications::Version))
            .foreign_key(&mut cascade(
                Clarifications::Table,
                Clarifications::NoticeId,
                Notices::Table,
                Notices::Id,
            ))
            .to_owned(),
        Table::create()
            .table(ConflictDeclarations::Table)
            .col(pk_uuid(ConflictDeclarations::Id))
            .col(uuid(ConflictDeclarations::NoticeId))
            .col(uuid(ConflictDeclarations::UserId))
            .col(uuid(ConflictDeclarations::OrganisationId))
            .col(boolean(ConflictDeclarations::HasConflict))
            .col(text(ConflictDeclarations::Details))
            .col(timestamp_with_time_zone(ConflictDeclarations::DeclaredAt))
            .foreign_key(&mut cascade(
                ConflictDeclarations::Table,
                ConflictDeclarations::NoticeId,
                Notices::Table,
                Notices::Id,
            ))
            .to_owned(),
        Table::create()
            .table(SupplierFollows::Table)
            .col(pk_uuid(SupplierFollows::Id))
            .col(uuid(SupplierFollows::UserId))
            .col(string_len(SupplierFollows::Kind, 16))
            .col(string_len(SupplierFollows::Value, 64))
            .col(timestamp_with_time_zone(SupplierFollows::CreatedAt))
            .foreign_key(&mut cascade(
                SupplierFollows::Table,
                SupplierFollows::UserId,
                Users::Table,
                Users::Id,
            ))
            .to_owned(),
    ]
}

fn index(
    name: &str,
    table: impl IntoIden,
    cols: &[&'static str],
    unique: bool,
) -> IndexCreateStatement {
    let mut statement = Index::create();
    statement.name(name).table(table);
    for col in cols {
        statement.col(Alias::new(*col));
    }
    if unique {
        statement.unique();
    }
    statement.to_owned()
}

fn indexes() -> Vec<IndexCreateStatement> {
    vec![
        index(
            "idx_notices_reference",
            Notices::Table,
            &["reference"],
            true,
        ),
        index(
            "idx_notices_challenge",
            Notices::Table,
            &["challenge_id"],
            false,
        ),
        index(
            "idx_notices_status_published",
            Notices::Table,
            &["status", "published_at"],
            false,
        ),
        index(
            "idx_notice_cpv_division",
            NoticeCpvCodes::Table,
            &["division", "notice_id"],
            false,
        ),
        index(
            "idx_notice_authorities_org",
            NoticeAuthorities::Table,
            &["organisation_id", "notice_id"],
            false,
        ),
        index(
            "idx_notice_events_notice",
            NoticeEvents::Table,
            &["notice_id", "position"],
            false,
        ),
        index(
            "idx_notice_questions_notice",
            NoticeQuestions::Table,
            &["notice_id", "position"],
            false,
        ),
        index(
            "idx_notice_amendments_notice",
            NoticeAmendments::Table,
            &["notice_id", "number"],
            true,
        ),
        index(
            "idx_notice_releases_notice",
            NoticeReleases::Table,
            &["notice_id", "released_at"],
            false,
        ),
        index(
            "idx_notice_releases_time",
            NoticeReleases::Table,
            &["released_at"],
            false,
        ),
        index(
            "idx_supplier_interests_org",
            SupplierInterests::Table,
            &["organisation_id"],
            false,
        ),
        index(
            "idx_responses_notice_org",
            Responses::Table,
            &["notice_id", "organisation_id"],
            true,
        ),
        index(
            "idx_responses_org",
            Responses::Table,
            &["organisation_id"],
            false,
        ),
        index(
            "idx_response_submissions_number",
            ResponseSubmissions::Table,
            &["response_id", "number"],
            true,
        ),
        index(
            "idx_response_notes_response",
            ResponseNotes::Table,
            &["response_id", "created_at"],
            false,
        ),
        index(
            "idx_clarifications_notice",
            Clarifications::Table,
            &["notice_id", "asked_at"],
            false,
        ),
        index(
            "idx_clarifications_org",
            Clarifications::Table,
            &["organisation_id"],
            false,
        ),
        index(
            "idx_conflict_declarations_user",
            ConflictDeclarations::Table,
            &["notice_id", "user_id"],
            true,
        ),
        index(
            "idx_supplier_follows_unique",
            SupplierFollows::Table,
            &["user_id", "kind", "value"],
            true,
        ),
        index(
            "idx_supplier_follows_value",
            SupplierFollows::Table,
            &["kind", "value"],
            false,
        ),
    ]
}

#[derive(DeriveIden)]
enum Challenges {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Notices {
    Table,
    Id,
    ChallengeId,
    Reference,
    Title,
    Description,
    ValueMin,
    ValueMax,
    ClosesAt,
    ClarificationDeadline,
    ContactName,
    ContactEmail,
    ContactPhone,
    Status,
    WithdrawnReason,
    PublishedAt,
    WithdrawnAt,
    AmendedAt,
    ServiceArea,
    LeadOrganisationId,
    ObserversSeeResponses,
    SearchText,
    Version,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum NoticeCpvCodes {
    Table,
    NoticeId,
    Code,
    Division,
}

#[derive(DeriveIden)]
enum NoticeAuthorities {
    Table,
    NoticeId,
    OrganisationId,
    Role,
    Position,
}

#[derive(DeriveIden)]
enum NoticeEvents {
    Table,
    Id,
    NoticeId,
    Kind,
    StartsAt,
    EndsAt,
    Place,
    OnlineLink,
    HowToRegister,
    Position,
}

#[derive(DeriveIden)]
enum NoticeQuestions {
    Table,
    Id,
    NoticeId,
    Position,
    Kind,
    Prompt,
    WordLimit,
    Options,
    Required,
}

#[derive(DeriveIden)]
enum NoticeAmendments {
    Table,
    Id,
    NoticeId,
    Number,
    Changes,
    Reason,
    CreatedBy,
    CreatedByName,
    CreatedAt,
}

#[derive(DeriveIden)]
enum NoticeReleases {
    Table,
    Id,
    NoticeId,
    ReleaseId,
    Tag,
    ReleasedAt,
    Body,
}

#[derive(DeriveIden)]
enum SupplierInterests {
    Table,
    NoticeId,
    OrganisationId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Responses {
    Table,
    Id,
    NoticeId,
    OrganisationId,
    Status,
    Answers,
    Version,
    SubmittedCount,
    ReviewTags,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    SubmittedAt,
}

#[derive(DeriveIden)]
enum ResponseSubmissions {
    Table,
    Id,
    ResponseId,
    Number,
    Answers,
    SubmittedBy,
    SubmittedByName,
    SubmittedAt,
}

#[derive(DeriveIden)]
enum ResponseNotes {
    Table,
    Id,
    ResponseId,
    OrganisationId,
    UserId,
    AuthorName,
    AuthorOrganisationName,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Clarifications {
    Table,
    Id,
    NoticeId,
    OrganisationId,
    AskedBy,
    Question,
    AskedAt,
    Answer,
    Visibility,
    AnsweredBy,
    AnsweredAt,
    AnswerHistory,
    Version,
}

#[derive(DeriveIden)]
enum ConflictDeclarations {
    Table,
    Id,
    NoticeId,
    UserId,
    OrganisationId,
    HasConflict,
    Details,
    DeclaredAt,
}

#[derive(DeriveIden)]
enum SupplierFollows {
    Table,
    Id,
    UserId,
    Kind,
    Value,
    CreatedAt,
}
