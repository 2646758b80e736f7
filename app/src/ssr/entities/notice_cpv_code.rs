use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notice_cpv_codes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub notice_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub division: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
