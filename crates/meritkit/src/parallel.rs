//! Work spread over rayon's threads in native builds: `f` on `0..n`, answers
//! in order, the same either way (WebAssembly builds run it in order on one
//! thread). Every batch that fans out (rows being scored, candidates being
//! checked, positions being ranked) goes through [`map`].

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
