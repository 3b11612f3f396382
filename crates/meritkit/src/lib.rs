//! # meritkit
//!
//! Talent management for Indonesian civil servants (ASN) under the merit
//! system: the national 9-box (*kotak talenta*, PermenPANRB 3/2020 jo
//! 20/2025), performance predikat (PermenPANRB 6/2022), competency and JPM
//! (PermenPANRB 38/2017), NIP parsing (Perka BKN 22/2007), and a batch scorer
//! that loses no row.
//!
//! ```
//! use meritkit::{api, policy::Policy, scoring::{score, Context}};
//! let records: Vec<meritkit::model::Employee> = serde_json::from_str(r#"[{
//!   "nip": "198503152010011002", "unit": "Dinas Pangan",
//!   "position": {"kind": "Administrator"}, "rank": "III/d",
//!   "performance": [{"year": 2025, "predikat": "Sangat Baik"}],
//!   "potential_score": 91.5
//! }]"#).unwrap();
//! let out = score(&records, &Policy::preset("permenpanrb_3_2020").unwrap(), &Context::default());
//! assert_eq!(out.results[0].box_, Some(9));
//! assert_eq!(out.results[0].potential_level.as_deref(), Some("tinggi"));
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod basis;
pub mod calibration;
pub mod catalogue;
pub mod columnar;
pub mod competency;
pub mod cutoffs;
pub mod date;
pub mod development;
pub mod diag;
pub mod error;
pub mod explain;
pub mod fairness;
pub mod flat;
pub mod generate;
pub mod label;
pub mod mapping;
pub mod mcdm;
pub mod model;
pub mod movement;
pub mod nine_box;
pub mod nip;
mod parallel;
pub mod partition;
pub mod performance;
pub mod policy;
pub mod position;
pub mod potential;
pub mod protected;
pub mod rank;
pub mod raters;
pub mod read;
pub mod rules;
pub mod scoring;
mod sort;
pub mod sorted_json;
pub mod source;
pub mod statute;
pub mod succession;
mod text;
mod warm;
pub mod weights;
#[rustfmt::skip]
mod protected_fold;
pub mod api;
pub mod schemas;

pub use error::{Code, Error, Message, Problem, RowError};
pub use model::Employee;
pub use parallel::{cap_pool, max_threads};
pub use policy::Policy;

/// Library version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
