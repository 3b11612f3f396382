//! Host-side reference for the byte-identity test of the WebAssembly package:
//! `cargo run -q -p meritkit-wasm --example call_json -- <function> < request.json`
//! prints exactly what `meritkit::api::call_json` returns natively.
use std::io::Read;

fn main() {
    let function = std::env::args().nth(1).unwrap_or_default();
    let mut request = String::new();
    if std::io::stdin().read_to_string(&mut request).is_err() {
        std::process::exit(2);
    }
    print!("{}", meritkit::api::call_json(&function, &request));
}
