//! Calibration sessions: the talent team's meeting that reviews the proposed
//! placements, as an append-only, tamper-evident log of events folded into a
//! session ([`session`]), with distribution guidelines ([`guideline`]) and the
//! hash chain that `verify` checks ([`log`]).

pub mod guideline;
pub mod log;
pub mod ops;
pub mod session;

use session::{Event, SessionPolicy, Snapshot, Subject};

/// A small snapshot (six people of two units on the ASN grid), for examples and tests.
pub fn example_snapshot() -> Event {
    let p = |nip: &str, unit: &str, b: u16| Subject {
        nip: nip.into(),
        unit: unit.into(),
        box_: Some(b),
        predikat: None,
        groups: Default::default(),
    };
    Event::Snapshot(Box::new(Snapshot {
        session: "contoh-2026".into(),
        title: None,
        policy: SessionPolicy { name: "permenpanrb_3_2020".into(), fingerprint: "0".repeat(64) },
        grid: None,
        subjects: vec![
            p("198503152010011002", "Dinas Pangan", 9),
            p("196502222007011005", "Dinas Pangan", 5),
            p("197001012000031001", "Dinas Pangan", 7),
            p("198001012005012002", "Dinas Kesehatan", 8),
            p("199001012015031003", "Dinas Kesehatan", 2),
            p("198801012012012004", "Dinas Kesehatan", 5),
        ],
    }))
}
