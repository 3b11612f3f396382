//! Benchmarks for meritkit (see benches/benches).
