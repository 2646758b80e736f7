use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notice_authorities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub notice_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub organisation_id: Uuid,
    pub role: String,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
