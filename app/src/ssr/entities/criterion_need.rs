use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "criterion_needs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub criterion_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub need_id: Uuid,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
