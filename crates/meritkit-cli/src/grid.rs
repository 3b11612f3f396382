//! Text rendering of the 9-box grid, laid out as the official figure
//! ([`meritkit::nine_box::Grid::layout`]: kinerja rows from high (top) to
//! low, potensial columns from low to high).

use crate::i18n::{pick, t};
use crate::Lang;
use meritkit::nine_box::Grid;
use meritkit::scoring::GroupSummary;
use std::fmt::Write;

/// Renders one group's counts as the official grid with axis labels.
pub fn render(grid: &Grid, g: &GroupSummary, title: &str, lang: Lang) -> String {
    let mut s = String::new();
    // Titles (unit names) and policy labels come from files: shown through the terminal escaper.
    let label = |m: &meritkit::Message| crate::safe::term(pick(m, lang)).into_owned();
    let _ = writeln!(s, "{}", crate::safe::term(title));
    let placed = g.placed.max(1);
    let w = 18usize;
    let head = t::GRID_AXES.get(lang);
    let layout = grid.layout(meritkit::nine_box::Orientation::PerformanceRows);
    let _ = write!(s, "  {head:<26}");
    for p in &layout.columns {
        let _ = write!(s, "{:^w$}", label(&p.label));
    }
    s.push('\n');
    for (k, cells) in layout.rows.iter().zip(&layout.cells) {
        let _ = write!(s, "  {:<26}", label(&k.label));
        for &n in cells {
            let c = g.boxes.get(&n).copied().unwrap_or(0);
            let cell = format!("[{n}] {c} ({:.0}%)", c as f64 * 100.0 / placed as f64);
            let _ = write!(s, "{cell:^w$}");
        }
        s.push('\n');
    }
    let pool = |p| g.talent_pool.get(&p).copied().unwrap_or(0);
    use meritkit::nine_box::Pool;
    let _ = writeln!(
        s,
        "  {}",
        t::GRID_FOOTER
            .fmt(lang, &[&g.rows, &g.placed, &g.holding, &g.errors, &pool(Pool::Instansi), &pool(Pool::Nasional)])
    );
    s
}
