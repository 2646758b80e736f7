use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "needs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub challenge_id: Uuid,
    pub as_a: String,
    pub i_need: String,
    pub so_that: String,
    pub priority: String,
    pub evidence: String,
    pub tags: String,
    pub position: i32,
    pub proposed_by: Uuid,
    pub status: String,
    pub merged_into: Option<Uuid>,
    pub version: i32,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Highest minus lowest of the authorities' priority ranks (see `needs::refresh_spread`).
    pub priority_spread: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
