//! `meritkit`: the agencies' command-line tool (see the library crate).
#![forbid(unsafe_code)]

/// mimalloc: glibc's malloc/free were more than half of the samples of
/// `score` on a large file (cells, records and answers are many small
/// allocations, made and freed on two threads).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    meritkit_cli::run()
}
