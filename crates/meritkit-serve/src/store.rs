//! Every access to the calibration store, in one place: a SQLite file or a
//! PostgreSQL database (`postgres://...`), as [`meritkit_store::Location`]
//! reads the `--store` argument. Calls block: callers run them in
//! `tokio::task::spawn_blocking`.

use meritkit::error::Error;
use meritkit_store::{Location, Store};

/// Where the calibration sessions are kept (a URL is never shown by `Debug`).
#[derive(Clone, Debug)]
pub struct StoreAt {
    at: Location,
}

impl StoreAt {
    /// The store given on the command line (`--store`): a SQLite file's path or a `postgres://` URL.
    pub fn new(store: impl AsRef<str>) -> Self {
        StoreAt { at: Location::parse(store.as_ref()) }
    }

    /// One store function ([`meritkit_store::call_json_at`]): the API's tagged answer.
    pub fn call(&self, function: &str, request: &str) -> String {
        meritkit_store::call_json_at(&self.at, function, request)
    }

    /// `calibration_verify` with a head: the session verified, and still holding the entry of hash
    /// `head` ([`Store::verify_head`]); the API's tagged answer.
    pub fn verify_head(&self, session: &str, head: &str) -> String {
        meritkit::api::answer_json(Store::open_read_at(&self.at).and_then(|s| s.verify_head(session, Some(head))))
    }

    /// Creates the store when it does not exist yet (at start-up), so that
    /// reads find an empty store rather than none.
    pub fn ensure(&self) -> Result<(), Error> {
        Store::open_at(&self.at).map(|_| ())
    }

    /// Whether the store can be opened for reading (`/readyz`).
    pub fn ready(&self) -> Result<(), Error> {
        Store::open_read_at(&self.at).map(|_| ())
    }
}
