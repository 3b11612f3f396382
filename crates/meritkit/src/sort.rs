//! One stable sort for the whole crate.
//!
//! `slice::sort_by` compiles the whole of the standard stable sort (driftsort,
//! about 5 KB of WebAssembly) once per element type and comparator; with a dozen
//! call sites that was ~90 KB of the module (issue #6). [`stable_by`] sorts
//! indices with one comparator behind `dyn`, so the sort itself is compiled once,
//! then moves the elements into that order. Being stable with the same
//! comparator, it gives exactly the order `sort_by` gives. Hot paths with many
//! elements (the score distribution) keep `sort_by`.

use std::cmp::Ordering;

/// Stable sort of `v` by `cmp` (same result as `v.sort_by(cmp)`).
pub fn stable_by<T, F: Fn(&T, &T) -> Ordering>(v: &mut [T], cmp: F) {
    let order = {
        let v: &[T] = v;
        order(v.len(), &|a, b| cmp(&v[a], &v[b]))
    };
    permute(v, &order);
}

/// Stable sort of `v` by a key (same result as `v.sort_by_key(key)`).
pub fn stable_by_key<T, K: Ord, F: Fn(&T) -> K>(v: &mut [T], key: F) {
    stable_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Stable sort of `v` (same result as `v.sort()`).
pub fn stable<T: Ord>(v: &mut [T]) {
    stable_by(v, T::cmp);
}

/// The indices `0..n` in stable sorted order.
fn order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    idx.sort_by(|&a, &b| cmp(a, b));
    idx
}

/// Puts `v` in the order `order` (new `v[i]` = old `v[order[i]]`), following
/// the permutation's cycles.
fn permute<T>(v: &mut [T], order: &[usize]) {
    let mut done = vec![false; v.len()];
    for start in 0..v.len() {
        let mut cur = start;
        while !done[cur] {
            done[cur] = true;
            let next = order[cur];
            if next == start {
                break;
            }
            v.swap(cur, next);
            cur = next;
        }
    }
}

#[cfg(test)]
#[allow(clippy::unnecessary_sort_by)] // the standard calls are the reference
mod tests {
    use super::*;

    #[test]
    fn same_order_as_the_standard_stable_sort() {
        let mut seed = 7u64;
        for n in [0usize, 1, 2, 3, 10, 33, 100, 1000] {
            let v: Vec<(u8, usize)> = (0..n)
                .map(|i| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                    ((seed >> 59) as u8, i)
                })
                .collect();
            let mut a = v.clone();
            let mut b = v.clone();
            a.sort_by(|x, y| x.0.cmp(&y.0));
            stable_by(&mut b, |x, y| x.0.cmp(&y.0));
            assert_eq!(a, b, "n = {n}");
            let mut c = v.clone();
            stable_by_key(&mut c, |x| std::cmp::Reverse(x.0));
            let mut d = v;
            d.sort_by_key(|x| std::cmp::Reverse(x.0));
            assert_eq!(c, d);
        }
    }
}
