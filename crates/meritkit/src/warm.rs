//! Reading ahead: the memory a batch of rows is about to need, read together
//! first, so that the cache misses of a large input overlap instead of
//! following one another (records and their texts lie scattered on the heap;
//! a row read alone waits for each of its misses in turn).

/// Reads the given bytes (each the start of something the batch will read
/// next: a text's first byte, a vector's first element). Only a hint: the
/// answer never depends on it.
pub(crate) fn touch(bytes: impl IntoIterator<Item = u8>) {
    let seen = bytes.into_iter().fold(0u8, |seen, b| seen ^ b);
    std::hint::black_box(seen);
}

/// The first byte of a text (0 for an empty one), for [`touch`].
pub(crate) fn first(s: &str) -> u8 {
    s.as_bytes().first().copied().unwrap_or(0)
}
