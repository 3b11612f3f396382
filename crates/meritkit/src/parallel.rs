//! Work spread over rayon's threads in native builds: `f` on `0..n`, answers
//! in order, the same either way (WebAssembly builds run it in order on one
//! thread). Every batch that fans out (rows being scored, candidates being
//! checked, positions being ranked) goes through [`map`], or [`for_each_mut`] /
//! [`chunks`] when each task fills its own part of one buffer.

/// How many parts the scoring kernel cuts its rows into: rayon's threads (its
/// pool, as `RAYON_NUM_THREADS` or the embedding application set it), at most
/// 8; one in WebAssembly builds. Rows cut into more parts than this only pay
/// for joining them again. ([`map`] itself uses the whole pool.)
pub(crate) fn threads() -> usize {
    #[cfg(not(target_arch = "wasm32"))]
    let n = rayon::current_num_threads();
    #[cfg(target_arch = "wasm32")]
    let n = 1;
    n.clamp(1, 8)
}

/// The most threads rayon's global pool is given by [`cap_pool`]: four per
/// core, at least 8. Each thread reserves its stack, and a pool of tens of
/// thousands made a process abort (exit 134) or spend minutes starting them
/// when the system refused one, where more threads than this gain nothing for
/// work that keeps every core busy. Our default.
pub fn max_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).saturating_mul(4).max(8)
}

/// Caps rayon's global pool at [`max_threads`] when `RAYON_NUM_THREADS` asks
/// for more; any other value (unset, 0, not a number, up to the cap) is left
/// to rayon, which reads the variable itself. Call it before any work, as the
/// `meritkit` command and the Python module (on import) do: once the pool
/// exists it cannot be changed, and then this does nothing. Returns the cap
/// when it was applied. Does nothing in WebAssembly builds (one thread).
///
/// ```
/// // With RAYON_NUM_THREADS unset or small, rayon's own choice stands.
/// assert!(meritkit::max_threads() >= 8);
/// let _ = meritkit::cap_pool();
/// ```
pub fn cap_pool() -> Option<usize> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let asked = std::env::var("RAYON_NUM_THREADS").ok().and_then(|v| v.trim().parse::<usize>().ok());
        let cap = max_threads();
        if asked.is_some_and(|n| n > cap) {
            // (fails only when the pool exists already: then it was made before this was asked)
            return rayon::ThreadPoolBuilder::new().num_threads(cap).build_global().ok().map(|()| cap);
        }
    }
    None
}

/// `f(i)` for each `i` in `0..n`, in order; on rayon's threads when `parallel`.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn map<T: Send>(n: usize, parallel: bool, f: impl Fn(usize) -> T + Sync + Send) -> Vec<T> {
    use rayon::prelude::*;
    if parallel {
        (0..n).into_par_iter().map(f).collect()
    } else {
        (0..n).map(f).collect()
    }
}

/// `f(i)` for each `i` in `0..n`, in order.
#[cfg(target_arch = "wasm32")]
pub(crate) fn map<T>(n: usize, _parallel: bool, f: impl Fn(usize) -> T) -> Vec<T> {
    (0..n).map(f).collect()
}

/// `f(i, &mut items[i])` for each item, each item to one task; on rayon's threads when `parallel`.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn for_each_mut<T: Send>(items: &mut [T], parallel: bool, f: impl Fn(usize, &mut T) + Sync + Send) {
    use rayon::prelude::*;
    if parallel {
        items.par_iter_mut().enumerate().for_each(|(i, t)| f(i, t));
    } else {
        items.iter_mut().enumerate().for_each(|(i, t)| f(i, t));
    }
}

/// `f(i, &mut items[i])` for each item, in order.
#[cfg(target_arch = "wasm32")]
pub(crate) fn for_each_mut<T>(items: &mut [T], _parallel: bool, f: impl Fn(usize, &mut T)) {
    items.iter_mut().enumerate().for_each(|(i, t)| f(i, t));
}

/// `f(start, part)` for the parts of `out` of `chunk` items (the last may be shorter), `start` being
/// the part's first index; on rayon's threads when there are at least two parts.
pub(crate) fn chunks<T: Send>(out: &mut [T], chunk: usize, f: impl Fn(usize, &mut [T]) + Sync + Send) {
    let chunk = chunk.max(1);
    let mut parts: Vec<&mut [T]> = out.chunks_mut(chunk).collect();
    let many = parts.len() >= 2;
    for_each_mut(&mut parts, many, |c, part| f(c * chunk, part));
}
