//! Schema migrations, written against sea-orm's schema API so the same steps run on SQLite
//! and PostgreSQL. A migration is never edited once it has landed: add a new one instead.

pub use sea_orm_migration::prelude::*;

mod m20261203_000001_foundation;
mod m20261203_000002_needs_and_criteria;
mod m20261203_000003_market_engagement;
mod m20261204_000004_notice_list_order;
mod m20261204_000005_published_question;
mod m20261204_000006_need_priority_spread;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261203_000001_foundation::Migration),
            Box::new(m20261203_000002_needs_and_criteria::Migration),
            Box::new(m20261203_000003_market_engagement::Migration),
            Box::new(m20261204_000004_notice_list_order::Migration),
            Box::new(m20261204_000005_published_question::Migration),
            Box::new(m20261204_000006_need_priority_spread::Migration),
        ]
    }
}
