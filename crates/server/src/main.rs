//! `bianmin-server --listen 127.0.0.1:8080 --db server.sqlite`: the reference backend on its own.

use std::net::SocketAddr;
use std::path::PathBuf;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .init();
    let mut listen: SocketAddr = SocketAddr::from(([127, 0, 0, 1], 8080));
    let mut db = PathBuf::from("bianmin-server.sqlite");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--listen", Some(v)) => match v.parse() {
                Ok(a) => listen = a,
                Err(e) => return fail(&format!("--listen {v}: {e}")),
            },
            ("--db", Some(v)) => db = PathBuf::from(v),
            _ => return fail("usage: bianmin-server [--listen ADDR:PORT] [--db FILE]"),
        }
    }
    let config = bianmin_server::ServerConfig {
        catalogue: bianmin_server::DemoCatalogue::Full,
        ..bianmin_server::ServerConfig::default()
    };
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
