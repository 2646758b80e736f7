//! What every handler can reach: the database pool, the settings and the live event hub.

use crate::settings::Settings;
use app::ssr::live::LiveHub;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    /// Live updates and presence (in-process on SQLite; LISTEN/NOTIFY on PostgreSQL).
    pub live: LiveHub,
}

impl AppState {
    /// On PostgreSQL this starts the live listener, so it must run inside a tokio runtime.
    pub fn new(db: DatabaseConnection, settings: Settings) -> Self {
        Self {
            live: LiveHub::for_database(&db),
            db,
            settings: Arc::new(settings),
        }
    }
}
