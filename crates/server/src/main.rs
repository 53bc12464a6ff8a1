//! `bianmin-server --listen 127.0.0.1:8080 --db server.sqlite --seed on --admin`: the reference
//! backend on its own.
//!
//! - `--listen ADDR:PORT` where to listen (default `127.0.0.1:8080`; port 0 picks a free one)
//! - `--db FILE` the SQLite file, created if missing (default `bianmin-server.sqlite`)
//! - `--seed on|off` `on` (default) publishes the full demo catalogue and forms at every start;
//!   `off` only migrates the database and leaves its data as it is
//! - `--admin` mounts `/admin` (fault injection, stats, publishing forms); off by default: never
//!   in front of real users
//! - `--practice` practice mode: `POST /v1/sign-in/otp` answers the one-time code itself
//!   (`practiceCode`), as there is no SMS; for demos and the API fuzz, never for real users

use std::net::SocketAddr;
use std::path::PathBuf;

const USAGE: &str =
    "usage: bianmin-server [--listen ADDR:PORT] [--db FILE] [--seed on|off] [--admin] [--practice]";

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .init();
    let mut listen: SocketAddr = SocketAddr::from(([127, 0, 0, 1], 8080));
    let mut db = PathBuf::from("bianmin-server.sqlite");
    let mut config = bianmin_server::ServerConfig {
        catalogue: bianmin_server::DemoCatalogue::Full,
        ..bianmin_server::ServerConfig::default()
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--admin" => config.admin = true,
            "--practice" => config.practice = true,
            "--help" | "-h" => {
                println!("{USAGE}");
                return std::process::ExitCode::SUCCESS;
            }
            "--listen" | "--db" | "--seed" => {
                let Some(value) = args.next() else {
                    return fail(&format!("{arg} needs a value\n{USAGE}"));
                };
                match (arg.as_str(), value.as_str()) {
                    ("--listen", v) => match v.parse() {
                        Ok(a) => listen = a,
                        Err(e) => return fail(&format!("--listen {v}: {e}")),
                    },
                    ("--db", v) => db = PathBuf::from(v),
                    ("--seed", "on") => config.catalogue = bianmin_server::DemoCatalogue::Full,
                    ("--seed", "off") => config.catalogue = bianmin_server::DemoCatalogue::Off,
                    (_, v) => return fail(&format!("{arg} {v}: expected on or off\n{USAGE}")),
                }
            }
            other => return fail(&format!("unknown argument {other}\n{USAGE}")),
        }
    }
    let server = match bianmin_server::spawn_configured(listen, &db, config).await {
        Ok(s) => s,
        Err(e) => return fail(&e.to_string()),
    };
    println!("bianmin reference backend on {}", server.base_url());
    let _ = tokio::signal::ctrl_c().await;
    server.shutdown().await;
    std::process::ExitCode::SUCCESS
}

fn fail(message: &str) -> std::process::ExitCode {
    eprintln!("{message}");
    std::process::ExitCode::FAILURE
}
