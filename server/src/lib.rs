#![recursion_limit = "512"]

//! The Coprocure web server: settings, the router and its handlers, and the commands
//! that prepare a database. `main.rs` only parses the command line and calls in here.

pub mod bench_seed;
pub mod ctx;
pub mod demo;
mod demo_notice;
pub mod forms;
pub mod middleware;
pub mod publish;
pub mod routes;
pub mod settings;
pub mod sqlite_alloc;
pub mod state;

pub use routes::router;
pub use settings::Settings;
pub use state::AppState;

/// Connects, migrates and returns the state the router needs.
pub async fn prepare(settings: Settings) -> anyhow::Result<AppState> {
    let db = app::ssr::db::connect(&settings.database_url).await?;
    app::ssr::db::migrate(&db).await?;
    let state = AppState::new(db, settings);
    // On PostgreSQL, serve only once changes made on other instances arrive here too (a
    // database that is slow to answer only delays live updates, so do not wait forever).
    if tokio::time::timeout(std::time::Duration::from_secs(10), state.live.ready())
        .await
        .is_err()
    {
        tracing::warn!("the live listener is not connected yet; it keeps trying");
    }
    Ok(state)
}
