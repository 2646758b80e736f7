use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "clarifications")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub notice_id: Uuid,
    pub organisation_id: Uuid,
    pub asked_by: Uuid,
    pub question: String,
    pub asked_at: DateTimeUtc,
    pub answer: Option<String>,
    pub visibility: Option<String>,
    pub answered_by: Option<Uuid>,
    pub answered_at: Option<DateTimeUtc>,
    /// Earlier answers, oldest first, as a JSON array (see `ssr::responses::clarifications`).
    pub answer_history: String,
    pub version: i32,
    /// The question as published with a public answer, when the lead reworded it.
    pub published_question: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
