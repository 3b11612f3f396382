//! The kernel keeping placements (`Stream::keep_placements`), as the CLI
//! writes a file's JSON answer part by part: a population large enough to be
//! scored on several threads (its parts' explanation records joined), in two
//! parts numbered across the file, with fixed and with population-relative
//! cut-offs, gives the record path's placements with their full explanations.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use meritkit::columnar::employees_to_flat;
use meritkit::generate::{population, Options};
use meritkit::policy::Policy;
use meritkit::scoring::{score_rows, Context, Detail, Placement, Stream};

fn kept_placements(preset: &str, detail: Detail, split: usize) {
    let mut pop = population(&Options { count: 30_000, seed: 12, ..Options::default() });
    for e in &mut pop {
        e.performance.sort_by_key(|a| a.year);
    }
    let policy = Policy::preset(preset).unwrap();
    let ctx = Context { detail, ..Context::default() };
    let table = employees_to_flat(&pop);
    let view = table.view();
    let layout = view.layout().unwrap();
    let rows = view.parsed_rows(&layout);
    let whole = score_rows(&rows, &policy, &ctx);

    // the same file in two parts, as a streamed reader gives it
    let parts = [0..split, split..rows.len()];
    let tables: Vec<_> = parts.iter().map(|r| employees_to_flat(&pop[r.clone()])).collect();
    let mut s = Stream::new(&policy, &ctx, usize::MAX);
    s.keep_placements();
    if s.needs_population() {
        for t in &tables {
            let v = t.view();
            let l = v.layout().unwrap();
            s.observe_table(&v, &|i| v.parsed_row(&l, i), &vec![false; v.rows()]).unwrap();
        }
    }
    let mut placed: Vec<Placement> = Vec::new();
    let mut first = 0;
    for t in &tables {
        let v = t.view();
        let l = v.layout().unwrap();
        let fs = s.score_table(&v, &|i| v.parsed_row(&l, i), &vec![false; v.rows()]).unwrap();
        assert!(
            fs.row_path_rows < v.rows() / 2,
            "the kernel placed most rows ({} by the record path)",
            fs.row_path_rows
        );
        placed.extend((0..v.rows()).filter_map(|j| s.placement(&fs, j, first)));
        first += v.rows();
    }
    assert_eq!(placed.len(), whole.results.len());
    for (a, b) in placed.iter().zip(&whole.results) {
        assert_eq!(a, b, "row {}", b.row);
    }
    assert_eq!(s.finish(), whole.summary);
}

#[test]
fn kept_placements_are_the_record_paths_with_fixed_cutoffs() {
    kept_placements("permenpanrb_3_2020", Detail::Full, 25_000);
}

#[test]
fn kept_placements_are_the_record_paths_with_percentile_cutoffs() {
    kept_placements("percentile_unit", Detail::Text, 4_000);
}

#[test]
fn kept_placements_without_explanation_keep_the_placement() {
    kept_placements("permenpanrb_3_2020", Detail::None, 21_000);
}
