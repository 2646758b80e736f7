//! Configuration from environment variables, each with a default that suits running on
//! one machine.

use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct Settings {
    /// `sqlite://…` (the default, a file under `data/`) or `postgres://…`.
    pub database_url: String,
    pub addr: String,
    /// Where the built wasm bundle (`pkg/`) and stylesheet (`assets/`) are.
    pub site_root: PathBuf,
    /// The address people use to reach the service, for links in emails.
    pub public_url: String,
    /// Whether cookies carry `Secure`: on whenever the public address is https.
    pub secure_cookies: bool,
    /// Whether to take the client address from `X-Forwarded-For` (behind a load balancer).
    pub trust_proxy: bool,
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| default.to_string())
}

impl Settings {
    pub fn from_env() -> Self {
        let addr = env_or("COPROCURE_ADDR", "127.0.0.1:3000");
        let public_url = env_or("COPROCURE_PUBLIC_URL", &format!("http://{addr}"));
        Self {
            database_url: env_or("DATABASE_URL", app::ssr::db::DEFAULT_DATABASE_URL),
            site_root: PathBuf::from(env_or("COPROCURE_SITE_ROOT", "target/site")),
            secure_cookies: public_url.starts_with("https://"),
            trust_proxy: env_or("COPROCURE_TRUST_PROXY", "false") == "true",
            public_url,
            addr,
        }
    }

    /// Settings for tests: the given database, everything else local.
    pub fn for_tests(database_url: &str) -> Self {
        Self {
            database_url: database_url.to_string(),
            addr: "127.0.0.1:0".into(),
            site_root: PathBuf::from("target/site"),
            public_url: "http://coprocure.test".into(),
            secure_cookies: false,
            trust_proxy: false,
        }
    }
}
