use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notices")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub challenge_id: Uuid,
    pub reference: String,
    pub title: String,
    pub description: String,
    pub value_min: Option<i64>,
    pub value_max: Option<i64>,
    pub closes_at: Option<DateTimeUtc>,
    pub clarification_deadline: Option<DateTimeUtc>,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub status: String,
    pub withdrawn_reason: Option<String>,
    pub published_at: Option<DateTimeUtc>,
    pub withdrawn_at: Option<DateTimeUtc>,
    pub amended_at: Option<DateTimeUtc>,
    pub service_area: String,
    pub lead_organisation_id: Option<Uuid>,
    pub observers_see_responses: bool,
    pub search_text: String,
    pub version: i32,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
