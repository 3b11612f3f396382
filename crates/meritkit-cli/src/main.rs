//! `meritkit`: the agencies' command-line tool (see the library crate).
#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    meritkit_cli::run()
}
