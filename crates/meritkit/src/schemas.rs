//! The JSON Schemas of policy files, employee records and rule files, as
//! committed JSON files (`crates/meritkit/schemas/*.schema.json`).
//!
//! With the default `schema` feature the core builds these schemas at run time
//! with `schemars` ([`crate::policy::Policy::json_schema`], [`crate::api::record_schema`],
//! [`crate::rules::schema`]); without it (the WebAssembly build, where `schemars`
//! costs ~40 KB gzipped) the same functions parse these embedded files instead.
//! `tests/schemas.rs` fails when a file differs from the `schemars` output
//! (`MERITKIT_WRITE_SCHEMAS=1 cargo test -p meritkit --test schemas` rewrites them),
//! so both builds answer the same schema.

/// `schemas/policy.schema.json`: the schema of policy files.
pub const POLICY: &str = include_str!("../schemas/policy.schema.json");
/// `schemas/record.schema.json`: the schema of employee records.
pub const RECORD: &str = include_str!("../schemas/record.schema.json");
/// `schemas/rules.schema.json`: the schema of rule files.
pub const RULES: &str = include_str!("../schemas/rules.schema.json");

/// One embedded schema as a JSON value (`null` if the file were not JSON,
/// which `tests/schemas.rs` rules out).
pub fn embedded(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or(serde_json::Value::Null)
}
