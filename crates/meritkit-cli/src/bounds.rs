//! Memory bounds of a run that are not about the input's size: the number of
//! rows with errors kept for the answer (`--max-error-rows`) and, through the
//! core, the size of a succession run (`--max-positions`, `--max-pairs`).

use meritkit::error::Error;
use std::sync::atomic::{AtomicUsize, Ordering};

static MAX_POSITIONS: AtomicUsize = AtomicUsize::new(meritkit::api::MAX_POSITIONS);
static MAX_PAIRS: AtomicUsize = AtomicUsize::new(meritkit::api::MAX_PAIRS);

/// Succession size limits of this process (`--max-positions`, `--max-pairs`):
/// `(max_positions, max_pairs)` for a [`meritkit::api::SuccessionRequest`].
pub fn succession_limits() -> (Option<usize>, Option<usize>) {
    (Some(MAX_POSITIONS.load(Ordering::Relaxed)), Some(MAX_PAIRS.load(Ordering::Relaxed)))
}

/// Sets [`succession_limits`].
pub fn set_succession_limits(max_positions: Option<usize>, max_pairs: Option<usize>) {
    if let Some(n) = max_positions {
        MAX_POSITIONS.store(n, Ordering::Relaxed);
    }
    if let Some(n) = max_pairs {
        MAX_PAIRS.store(n, Ordering::Relaxed);
    }
}

static MAX_ERROR_ROWS: AtomicUsize = AtomicUsize::new(meritkit::scoring::MAX_ERROR_ROWS);

/// Rows with errors one run may report (`--max-error-rows`, `MERITKIT_MAX_ERROR_ROWS`;
/// default [`meritkit::scoring::MAX_ERROR_ROWS`], 500,000).
pub fn max_error_rows() -> usize {
    MAX_ERROR_ROWS.load(Ordering::Relaxed)
}

/// Sets [`max_error_rows`] for this process.
pub fn set_max_error_rows(n: usize) {
    MAX_ERROR_ROWS.store(n, Ordering::Relaxed);
}

/// The refusal of a file with more error rows than allowed: exit 2, code
/// `too_many_errors`, placed at the file position of the row where the limit was passed.
pub fn too_many_error_rows(e: meritkit::scoring::TooManyErrorRows, origins: &[String]) -> Error {
    let place = origins.get(e.row).cloned().unwrap_or_else(|| format!("#{}", e.row + 1));
    Error::Input(vec![e.problem(&place, "--max-error-rows")])
}

/// Counts rows that could not be read while a table is being read, so that a
/// file of millions of faulty lines is refused at the line where the limit is
/// passed instead of after all of them are held in memory.
#[derive(Debug, Default)]
pub struct ErrorRows {
    seen: usize,
}

impl ErrorRows {
    /// Notes input row `row` (0-based, at `origin` in the file), which `failed` to be read or not.
    pub fn note(&mut self, failed: bool, row: usize, origin: &str) -> Result<(), Error> {
        if failed {
            self.seen += 1;
            let limit = max_error_rows();
            if self.seen > limit {
                let e = meritkit::scoring::TooManyErrorRows { row, limit };
                return Err(Error::Input(vec![e.problem(origin, "--max-error-rows")]));
            }
        }
        Ok(())
    }
}
