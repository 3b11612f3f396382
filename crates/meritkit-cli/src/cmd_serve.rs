//! `meritkit serve`: the JSON API over HTTP (the `meritkit-serve` crate): the
//! flags become its [`meritkit_serve::Config`]; the token is read from a file
//! or `MERITKIT_TOKEN`, never from the command line (it would show in `ps`).

use crate::cmd_calibration::DEFAULT_STORE;
use meritkit::error::{Code, Error, Problem};
use meritkit_serve::{defaults, Config, StoreAt};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Shown after `meritkit serve --help`: the global `--max-rows` has its own default here.
pub const AFTER_HELP: &str = "--max-rows (global): for serve, the most rows in one request; default 200000 \
(not the 6000000 of the file commands) / untuk serve, baris terbanyak dalam satu permintaan; bawaan 200000.";

#[derive(clap::Args)]
pub struct Args {
    /// Address to listen on; anything but loopback needs a token / alamat yang didengarkan; selain loopback
    /// memerlukan token.
    #[arg(long, default_value = defaults::BIND)]
    pub bind: SocketAddr,
    /// File holding the bearer token every /v1 request must carry (or MERITKIT_TOKEN) / berkas berisi token
    /// bearer yang wajib dibawa setiap permintaan /v1 (atau MERITKIT_TOKEN).
    #[arg(long)]
    pub token_file: Option<PathBuf>,
    /// Calibration store: a SQLite file or a postgres:// URL / penyimpanan kalibrasi: berkas SQLite atau URL
    /// postgres://.
    #[arg(long, env = "MERITKIT_STORE", hide_env_values = true, default_value = DEFAULT_STORE)]
    pub store: String,
    /// Largest request body, in MiB / ukuran isi permintaan terbesar, dalam MiB.
    #[arg(long, default_value_t = defaults::MAX_BODY_BYTES / (1024 * 1024))]
    pub max_body_mb: usize,
    /// Longest time one request may take, in seconds / waktu terlama satu permintaan, dalam detik.
    #[arg(long, default_value_t = defaults::TIMEOUT_S)]
    pub timeout_s: u64,
    /// Requests at work at once; more are refused with 503 busy / permintaan yang dikerjakan sekaligus.
    #[arg(long, default_value_t = defaults::MAX_CONCURRENT)]
    pub max_concurrent: usize,
    /// An origin allowed by CORS (repeatable); none: CORS off / origin yang diizinkan CORS (boleh berulang).
    #[arg(long)]
    pub cors_origin: Vec<String>,
    /// A host name accepted in the Host header besides localhost, 127.0.0.1, [::1] and the bound address
    /// (repeatable; * for any, with a token only) / nama host yang diterima pada header Host (boleh
    /// berulang).
    #[arg(long, value_name = "NAME")]
    pub allow_host: Vec<String>,
}

fn refuse(path: &str, en: &str, id: &str) -> Error {
    Error::Request(vec![Problem::new(Code::InvalidValue, path, en, id)])
}

/// The bearer token: the file's first line, or `MERITKIT_TOKEN`; an empty file is refused.
fn token(file: Option<&PathBuf>) -> Result<Option<String>, Error> {
    match file {
        Some(f) => {
            let text = std::fs::read_to_string(f).map_err(|_| {
                refuse("token_file", "the token file cannot be read", "berkas token tidak dapat dibaca")
            })?;
            let t = text.lines().next().unwrap_or("").trim().to_string();
            if t.is_empty() {
                return Err(refuse("token_file", "the token file is empty", "berkas token kosong"));
            }
            Ok(Some(t))
        }
        None => Ok(std::env::var("MERITKIT_TOKEN").ok().map(|t| t.trim().to_string()).filter(|t| !t.is_empty())),
    }
}

pub fn run(a: Args, max_rows: Option<usize>) -> Result<u8, Error> {
    let mut cfg = Config::new(StoreAt::new(a.store));
    cfg.bind = a.bind;
    cfg.token = token(a.token_file.as_ref())?;
    cfg.max_body_bytes = a.max_body_mb.saturating_mul(1024 * 1024);
    cfg.max_rows = max_rows.unwrap_or(defaults::MAX_ROWS);
    cfg.timeout = Duration::from_secs(a.timeout_s);
    cfg.max_concurrent = a.max_concurrent;
    cfg.cors_origins = a.cors_origin;
    cfg.allow_hosts = a.allow_host;
    meritkit_serve::run(cfg)?;
    Ok(0)
}
