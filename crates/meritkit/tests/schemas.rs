//! The committed schema files (`schemas/*.schema.json`, served by the core when
//! the `schema` feature is off, e.g. in WebAssembly) must equal what `schemars`
//! builds from the Rust types. `MERITKIT_WRITE_SCHEMAS=1` rewrites them.
#![cfg(feature = "schema")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

fn check(file: &str, built: serde_json::Value, embedded: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schemas").join(file);
    // Compact (one line): the files are embedded in the WebAssembly module.
    let text = serde_json::to_string(&built).unwrap() + "\n";
    if std::env::var_os("MERITKIT_WRITE_SCHEMAS").is_some() {
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap();
    assert!(
        on_disk == text && embedded == text,
        "{file} differs from the schemars output: run MERITKIT_WRITE_SCHEMAS=1 cargo test -p meritkit --test schemas"
    );
    // What the core answers without the `schema` feature: the parsed file.
    assert_eq!(meritkit::schemas::embedded(embedded), built);
    assert!(built["title"].is_string() && built["properties"].is_object(), "{file}: not an object schema");
}

#[test]
fn policy_schema_file_matches_schemars() {
    check("policy.schema.json", meritkit::policy::Policy::json_schema(), meritkit::schemas::POLICY);
}

#[test]
fn record_schema_file_matches_schemars() {
    check("record.schema.json", meritkit::api::record_schema(), meritkit::schemas::RECORD);
}

#[test]
fn rules_schema_file_matches_schemars() {
    check("rules.schema.json", meritkit::rules::schema(), meritkit::schemas::RULES);
}
