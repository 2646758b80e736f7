//! The `coprocure` command: serve the site, or prepare its database.

use clap::{Parser, Subcommand};
use server::{demo, prepare, router, Settings};
use std::net::SocketAddr;
use std::time::Duration;
use tracing_subscriber::EnvFilter;

// Rendering a page makes many short-lived allocations on every worker thread; glibc's
// allocator spent a fifth of the needs page's CPU time on them under load.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "coprocure",
    about = "Coprocure: London authorities preparing procurements together"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate the database and serve the site (the default).
    Serve,
    /// Bring the database schema up to date.
    Migrate,
    /// Load generated notices and responses for benchmarking (scripts/bench-notices.sh).
    #[command(hide = true)]
    BenchSeed {
        #[arg(long, default_value_t = 2000)]
        notices: usize,
        #[arg(long, default_value_t = 20000)]
        responses: usize,
    },
    /// Load the reference data (authorities, service areas); with --demo, the demo too.
    Seed {
        #[arg(long)]
        demo: bool,
    },
    /// Create a platform admin account.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Read from COPROCURE_ADMIN_PASSWORD when not given, to keep it out of shell history.
        #[arg(long, env = "COPROCURE_ADMIN_PASSWORD", hide_env_values = true)]
        password: String,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let sqlite_on_mimalloc = server::sqlite_alloc::use_mimalloc();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn")),
        )
        .init();
    if !sqlite_on_mimalloc {
        tracing::warn!("SQLite was already in use: it keeps the system allocator");
    }
    let cli = Cli::parse();
    let settings = Settings::from_env();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(settings).await,
        Command::BenchSeed { notices, responses } => {
            let base = settings.public_url.trim_end_matches('/').to_string();
            let state = prepare(settings).await?;
            server::bench_seed::seed_notices(&state.db, notices, responses, &base)
                .await
                .map_err(|e| anyhow::anyhow!("bench seeding failed: {e}"))?;
            tracing::info!(notices, responses, "bench data loaded");
            Ok(())
        }
        Command::Migrate => {
            prepare(settings).await?;
            tracing::info!("database is up to date");
            Ok(())
        }
        Command::Seed { demo: with_demo } => {
            let state = prepare(settings).await?;
            if with_demo {
                demo::seed(&state.db)
                    .await
                    .map_err(|e| anyhow::anyhow!("seeding the demo failed: {e}"))?;
                tracing::info!("reference data and demo loaded");
            } else {
                app::ssr::reference::seed(&state.db)
                    .await
                    .map_err(|e| anyhow::anyhow!("seeding failed: {e}"))?;
                tracing::info!("reference data loaded");
            }
            Ok(())
        }
        Command::CreateAdmin {
            email,
            name,
            password,
        } => {
            let state = prepare(settings).await?;
            app::ssr::reference::seed(&state.db)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            match app::ssr::accounts::create_admin(&state.db, &email, &name, &password).await {
                Ok(_) => {
                    println!("Created platform admin {email}");
                    Ok(())
                }
                Err(app::ssr::DomainError::Validation(errors)) => {
                    for e in errors.0 {
                        eprintln!("{}: {}", e.field, e.message);
                    }
                    std::process::exit(2);
                }
                Err(other) => Err(anyhow::anyhow!("{other}")),
            }
        }
    }
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    use axum::serve::{Listener, ListenerExt};
    let addr = settings.addr.clone();
    let state = prepare(settings).await?;
    app::ssr::reference::seed(&state.db)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let background_db = state.db.clone();
    let public_url = state.settings.public_url.trim_end_matches('/').to_string();
    tokio::spawn(async move {
        let transport = app::ssr::outbox::LogTransport;
        let mut rounds: u64 = 0;
        loop {
            if let Err(err) =
                app::ssr::outbox::deliver_pending(&background_db, &transport, 50).await
            {
                tracing::warn!(error = %err, "outbox delivery failed");
            }
            if rounds.is_multiple_of(30) {
                if let Err(err) =
                    app::ssr::housekeeping::close_notices(&background_db, &public_url).await
                {
                    tracing::warn!(error = %err, "closing notices failed");
                }
            }
            if rounds.is_multiple_of(1800) {
                if let Err(err) = app::ssr::housekeeping::remove_expired(&background_db).await {
                    tracing::warn!(error = %err, "housekeeping failed");
                }
                if let Err(err) = app::ssr::db::refresh_statistics(&background_db).await {
                    tracing::warn!(error = %err, "refreshing the planner's statistics failed");
                }
            }
            rounds = rounds.wrapping_add(1);
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    });
    let listener = tokio::net::TcpListener::bind(&addr).await?.tap_io(|tcp| {
        // Leptos writes a page in several pieces; without this, Nagle's algorithm holds
        // each response back ~40 ms.
        let _ = tcp.set_nodelay(true);
    });
    tracing::info!("Coprocure is serving on http://{}", listener.local_addr()?);
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
