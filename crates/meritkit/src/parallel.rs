//! Work spread over rayon's threads in native builds: `f` on `0..n`, answers
//! in order, the same either way (WebAssembly builds run it in order on one
//! thread). Every batch that fans out (rows being scored, candidates being
//! checked, positions being ranked) goes through [`map`], or [`for_each_mut`] /
//! [`chunks`] when each task fills its own part of one buffer.

/// How many threads [`map`] spreads work over: rayon's (its pool, as
/// `RAYON_NUM_THREADS` or the embedding application set it), at most 8; one
/// in WebAssembly builds. Work cut into more parts than this only pays for
/// joining them again.
pub(crate) fn threads() -> usize {
    #[cfg(not(target_arch = "wasm32"))]
    let n = rayon::current_num_threads();
    #[cfg(target_arch = "wasm32")]
    let n = 1;
    n.clamp(1, 8)
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
