//! `meritkit._meritkit`: the thin pyo3 layer between Python and the core's
//! `api`/`columnar` modules. It converts (Arrow columns, dicts, JSON) and maps
//! errors; every domain rule lives in the core. No Rust panic crosses into
//! Python: every entry point runs under `catch_unwind` and a panic becomes a
//! `MeritkitError` with code `internal`.

use arrow_array::builder::{LargeStringBuilder, ListBuilder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::new_null_array;
use arrow_array::types::{Float64Type, Int16Type, Int64Type};
use arrow_array::{
    Array, ArrayRef, DictionaryArray, Float64Array, GenericStringArray, Int16Array, OffsetSizeTrait, RecordBatch,
    StringArray, UInt16Array, UInt32Array, UInt64Array,
};
use arrow_buffer::{BooleanBuffer, NullBuffer};
use arrow_schema::DataType;
use meritkit::api;
use meritkit::columnar::{score_flat, Bits, FlatColumn, FlatScore, FlatTable, STATUS_HOLDING, STATUS_PLACED};
use meritkit::competency::{MappingCategory, SelectionCategory};
use meritkit::error::{Code, Error, Problem};
use meritkit::partition::ResolvedPolicy;
use meritkit::performance::Predikat;
use meritkit::policy::Policy;
use meritkit::position::PositionKind;
use meritkit::scoring::{score_rows, Context, ParseFailure, ParsedRow, ScoreOutput, Stream, Summary};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyString};
use pyo3::IntoPyObjectExt;
use pyo3_arrow::PyTable;
use rayon::prelude::*;
use std::borrow::Cow;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex};

mod pyde;

/// mimalloc for the engine's own allocations (Python objects keep the interpreter's): glibc's
/// malloc spent a third of a `score` of 100,000 dicts freeing across threads.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Raises the Python exception for a core error (classes live in
/// `meritkit._errors`, so that they are plain picklable Python classes).
fn raise(py: Python<'_>, e: &Error) -> PyErr {
    let error = pythonize::pythonize(py, &api::ErrorAnswer::from(e));
    match py.import("meritkit._errors").and_then(|m| m.getattr("_from_error")).and_then(|f| f.call1((error?,))) {
        Ok(exc) => PyErr::from_value(exc),
        Err(e) => e,
    }
}

/// Runs `f` without the GIL, turning a panic into an internal error.
fn guarded<T: Send>(py: Python<'_>, f: impl FnOnce() -> Result<T, Error> + Send) -> PyResult<T> {
    let r = py.detach(|| catch_unwind(AssertUnwindSafe(f)));
    match r {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(raise(py, &e)),
        Err(_) => Err(raise(py, &Error::internal("the engine panicked"))),
    }
}

/// `call_json(function, request_json) -> answer_json`: the one entry point
/// shared with the CLI, the tests and the wasm package.
#[pyfunction]
fn call_json(py: Python<'_>, function: &str, request: &str) -> PyResult<String> {
    let (f, r) = (function.to_string(), request.to_string());
    guarded(py, move || Ok(api::call_json(&f, &r)))
}

/// `store_call_json(store, function, request_json) -> answer_json`: the
/// calibration store's JSON operations on the store at `store` (a SQLite file
/// or a `postgres://` URL: `meritkit_store::call_json_at`, the store the CLI writes).
#[pyfunction]
fn store_call_json(py: Python<'_>, store: String, function: &str, request: &str) -> PyResult<String> {
    let (f, r) = (function.to_string(), request.to_string());
    let at = meritkit_store::Location::parse(&store);
    guarded(py, move || Ok(meritkit_store::call_json_at(&at, &f, &r)))
}

fn resolve(policy: Option<&str>, date: Option<&str>) -> Result<(Policy, Context), Error> {
    let src: Option<meritkit::source::Source> =
        policy.map(serde_json::from_str).transpose().map_err(Error::internal)?;
    // (a policy here is a Policy's canonical JSON or a request's: no file is read, as in the JSON API)
    let p = meritkit::source::policy(src.as_ref(), &meritkit::source::NoFiles)?;
    let today = date.map(api::parse_date).transpose()?;
    Ok((p, Context { today, ..Default::default() }))
}

/// What a result was computed from (for the row path on demand).
enum Source {
    Rows(Vec<ParsedRow>),
    Table { names: Vec<String>, batches: Vec<RecordBatch> },
}

/// A scoring result: columns for DataFrames plus the row path on demand.
#[pyclass(module = "meritkit._meritkit", frozen)]
struct Scored {
    policy: Policy,
    ctx: Context,
    source: Source,
    table: RecordBatch,
    errors: Vec<meritkit::RowError>,
    summary: Summary,
    row_path_rows: usize,
    full: Mutex<Option<Arc<ScoreOutput>>>,
    /// The period of the placements (`period`): the answer's `as_of.period`.
    period: Mutex<Option<String>>,
    /// A partition scored with a resolved policy (issue 16): the policy, and the number of the
    /// partition's first row in the whole input.
    resolved: Option<(Arc<ResolvedPolicy>, usize)>,
}

/// The cells of a result column as Python objects, as pyarrow's `to_pylist` gives them: a
/// null is `None`, a code (dictionary) its text, a list of text a list.
fn column_objects<'py>(py: Python<'py>, a: &ArrayRef) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let cast = |t: &DataType| arrow_cast::cast(a, t).map_err(|e| raise(py, &Error::internal(e)));
    match a.data_type() {
        DataType::Float64 => a.as_primitive::<Float64Type>().iter().map(|v| v.into_bound_py_any(py)).collect(),
        DataType::List(_) => a
            .as_list::<i32>()
            .iter()
            .map(|l| l.map(|l| column_objects(py, &l)).transpose()?.into_bound_py_any(py))
            .collect(),
        t if t.is_integer() => {
            cast(&DataType::Int64)?.as_primitive::<Int64Type>().iter().map(|v| v.into_bound_py_any(py)).collect()
        }
        _ => cast(&DataType::LargeUtf8)?.as_string::<i64>().iter().map(|v| v.into_bound_py_any(py)).collect(),
    }
}

/// A result of at least this many input rows is freed on a worker thread.
const FREE_ASIDE_ROWS: usize = 4096;

impl Drop for Scored {
    /// A large result (the records read, the explained answer) is freed on a rayon worker,
    /// not on the caller's thread while it holds the GIL: freeing the records of a 100,000-row
    /// list of dicts took about as long as scoring them.
    fn drop(&mut self) {
        let large = match &self.source {
            Source::Rows(rows) => rows.len() >= FREE_ASIDE_ROWS,
            Source::Table { .. } => false,
        };
        let full = self.full.get_mut().ok().and_then(Option::take);
        if large || full.is_some() {
            let source = std::mem::replace(&mut self.source, Source::Rows(Vec::new()));
            let errors = std::mem::take(&mut self.errors);
            rayon::spawn(move || drop((source, errors, full)));
        }
    }
}

impl Scored {
    /// A fresh answer: its source, result table, errors and counts (the explained answer made on demand).
    #[allow(clippy::too_many_arguments)]
    fn new(
        policy: Policy,
        ctx: Context,
        source: Source,
        table: RecordBatch,
        errors: Vec<meritkit::RowError>,
        summary: Summary,
        row_path_rows: usize,
        resolved: Option<(Arc<ResolvedPolicy>, usize)>,
    ) -> Self {
        Scored {
            policy,
            ctx,
            source,
            table,
            errors,
            summary,
            row_path_rows,
            full: Mutex::new(None),
            period: Mutex::new(None),
            resolved,
        }
    }

    fn full_output(&self) -> Result<Arc<ScoreOutput>, Error> {
        let mut g = self.full.lock().map_err(|_| Error::internal("lock poisoned"))?;
        if let Some(o) = g.as_ref() {
            return Ok(o.clone());
        }
        let mut out = match (&self.source, &self.resolved) {
            (Source::Table { names, batches }, Some((r, first))) => {
                let t = flat_table(names, batches)?;
                let layout = t.layout()?;
                meritkit::partition::score_rows(&t.parsed_rows(&layout), r, &self.ctx, *first)?
            }
            (Source::Rows(rows), Some((r, first))) => meritkit::partition::score_rows(rows, r, &self.ctx, *first)?,
            (Source::Rows(rows), None) => score_rows(rows, &self.policy, &self.ctx),
            (Source::Table { names, batches }, None) => {
                let t = flat_table(names, batches)?;
                let layout = t.layout()?;
                score_rows(&t.parsed_rows(&layout), &self.policy, &self.ctx)
            }
        };
        let period = self.period.lock().map_err(|_| Error::internal("lock poisoned"))?.clone();
        out.as_of = meritkit::scoring::AsOf::of(self.ctx.today, period.as_deref());
        let out = Arc::new(out);
        *g = Some(out.clone());
        Ok(out)
    }
}

#[pymethods]
impl Scored {
    /// Results as an Arrow table (one row per input row).
    fn table(&self) -> PyResult<PyTable> {
        PyTable::try_new(vec![self.table.clone()], self.table.schema())
    }

    /// Results as one dict per input row (the table's columns; no pyarrow needed).
    fn rows<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        let names: Vec<_> = self.table.schema().fields().iter().map(|f| PyString::new(py, f.name())).collect();
        let cols: Vec<_> = self.table.columns().iter().map(|c| column_objects(py, c)).collect::<PyResult<_>>()?;
        (0..self.table.num_rows())
            .map(|i| {
                let d = PyDict::new(py);
                for (name, col) in names.iter().zip(&cols) {
                    d.set_item(name, col.get(i))?;
                }
                Ok(d)
            })
            .collect()
    }

    /// Number of input rows.
    fn __len__(&self) -> usize {
        self.table.num_rows()
    }

    /// Rows that went through the row path.
    #[getter]
    fn row_path_rows(&self) -> usize {
        self.row_path_rows
    }

    /// Row errors as a list of dicts.
    fn errors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, &self.errors)?)
    }

    /// The summary as a dict.
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, &self.summary)?)
    }

    /// The policy (full, canonical JSON).
    fn policy_json(&self) -> String {
        self.policy.canonical_json()
    }

    /// Sets the period the placements are for (the answer's `as_of.period`; needs the reference date).
    fn set_period(&self, py: Python<'_>, period: String) -> PyResult<()> {
        let ps = meritkit::scoring::AsOf::check_period(&period, "period", self.ctx.today.is_some());
        if !ps.is_empty() {
            return Err(raise(py, &Error::Request(ps)));
        }
        if let Ok(mut p) = self.period.lock() {
            *p = Some(period);
        }
        if let Ok(mut g) = self.full.lock() {
            *g = None;
        }
        Ok(())
    }

    /// The core's JSON answer for the same input (byte-identical to `call_json("score", ...)`).
    fn json(&self, py: Python<'_>) -> PyResult<String> {
        guarded(py, || Ok(api::answer_json(Ok::<_, Error>(&*self.full_output()?))))
    }

    /// The full placement (with explanation) of input row `i`, or `None` when the row has errors.
    fn explain<'py>(&self, py: Python<'py>, i: usize) -> PyResult<Bound<'py, PyAny>> {
        if i >= self.table.num_rows() {
            return Err(pyo3::exceptions::PyIndexError::new_err(format!("row {i} out of range")));
        }
        // (relative cut-offs, `cutoffs::scope` of some: the row's levels depend on every row)
        let scope = meritkit::cutoffs::scope;
        let relative = scope(&self.policy.potential.cutoffs).is_some()
            || self.policy.performance.cutoffs.as_ref().and_then(scope).is_some()
            || self.resolved.is_some();
        let first = self.resolved.as_ref().map_or(0, |(_, f)| *f);
        let placement = guarded(py, || match &self.source {
            Source::Table { names, batches } if !relative => {
                let t = flat_table(names, batches)?;
                let row = t.parsed_row(&t.layout()?, i);
                let out = score_rows(std::slice::from_ref(&row), &self.policy, &self.ctx);
                Ok(out.results.into_iter().next().map(|mut p| {
                    p.row = i;
                    p
                }))
            }
            _ => Ok(self.full_output()?.results.iter().find(|p| p.row == first + i).cloned()),
        })?;
        Ok(pythonize::pythonize(py, &placement)?)
    }
}

// ---------------------------------------------------------------------------
// Arrow → flat columns
// ---------------------------------------------------------------------------

/// A column of integers or floats as `f64` (a null is NaN); `None` for any other type.
fn numbers(a: &dyn Array) -> Option<Vec<f64>> {
    let dt = a.data_type();
    if !(dt.is_integer() || matches!(dt, DataType::Float32 | DataType::Float64)) {
        return None;
    }
    let f = arrow_cast::cast(a, &DataType::Float64).ok()?;
    Some(f.as_primitive::<Float64Type>().iter().map(|v| v.unwrap_or(f64::NAN)).collect())
}

/// An Arrow validity bitmap, borrowed.
fn bits(n: &NullBuffer) -> Bits<'_> {
    Bits { bytes: n.buffer().as_slice(), offset: n.offset() }
}

fn flat_column<'a>(name: &str, arrays: &[&'a ArrayRef]) -> Result<FlatColumn<'a>, Error> {
    // Several chunks of a layout read in place: each chunk borrowed as it is.
    if arrays.len() > 1
        && arrays.iter().all(|a| {
            matches!(a.data_type(), DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Float64)
        })
    {
        let parts = arrays.iter().map(|a| flat_column(name, std::slice::from_ref(a))).collect::<Result<Vec<_>, _>>()?;
        return Ok(FlatColumn::chunked(parts));
    }
    let dt = arrays.first().map(|a| a.data_type().clone()).unwrap_or(DataType::Null);
    let total: usize = arrays.iter().map(|a| a.len()).sum();
    macro_rules! text {
        ($conv:expr) => {{
            let mut v: Vec<Option<&'a str>> = Vec::with_capacity(total);
            for a in arrays {
                v.extend($conv(a).iter());
            }
            FlatColumn::Text(v)
        }};
    }
    Ok(match dt {
        // One chunk of UTF-8: borrowed as is (values, offsets and validity bitmap).
        DataType::Utf8 if arrays.len() == 1 => {
            let a = arrays[0].as_string::<i32>();
            let values = std::str::from_utf8(a.values().as_slice()).map_err(Error::internal)?;
            FlatColumn::Utf8 { values, offsets: a.value_offsets(), valid: a.nulls().map(bits) }
        }
        // One chunk of UTF-8 views (polars' strings): views and data buffers borrowed as they
        // are, when every data buffer is UTF-8 as a whole (else the cells are read one by one).
        DataType::Utf8View
            if arrays.len() == 1
                && arrays[0]
                    .as_string_view()
                    .data_buffers()
                    .iter()
                    .all(|b| std::str::from_utf8(b.as_slice()).is_ok()) =>
        {
            let a = arrays[0].as_string_view();
            FlatColumn::Utf8View {
                views: a.views().inner().as_slice(),
                buffers: a.data_buffers().iter().filter_map(|b| std::str::from_utf8(b.as_slice()).ok()).collect(),
                valid: a.nulls().map(bits),
            }
        }
        // One chunk of Float64: the buffer and its validity bitmap borrowed as they are.
        DataType::Float64 if arrays.len() == 1 => {
            let a = arrays[0].as_primitive::<Float64Type>();
            FlatColumn::Float { values: a.values().as_ref(), valid: a.nulls().map(bits) }
        }
        // One chunk of LargeUtf8 (pandas' `str` dtype): borrowed as is.
        DataType::LargeUtf8 if arrays.len() == 1 => {
            let a = arrays[0].as_string::<i64>();
            let values = std::str::from_utf8(a.values().as_slice()).map_err(Error::internal)?;
            FlatColumn::LargeUtf8 { values, offsets: a.value_offsets(), valid: a.nulls().map(bits) }
        }
        DataType::Utf8 => text!(|a: &&'a ArrayRef| a.as_string::<i32>()),
        DataType::LargeUtf8 => text!(|a: &&'a ArrayRef| a.as_string::<i64>()),
        DataType::Utf8View => text!(|a: &&'a ArrayRef| a.as_string_view()),
        DataType::Boolean => FlatColumn::Bool(arrays.iter().flat_map(|a| a.as_boolean().iter()).collect()),
        DataType::Null => FlatColumn::Empty(total),
        _ => match arrays.iter().map(|a| numbers(a.as_ref())).collect::<Option<Vec<Vec<f64>>>>() {
            Some(parts) => FlatColumn::Number(parts.concat()),
            None => {
                // A column name is made safe (controls stripped, long digit runs hidden) by `diag::key`.
                let name = meritkit::diag::key(name);
                return Err(Error::Input(vec![Problem::new(
                    Code::InvalidInput,
                    format!("columns.{name}"),
                    format!("column `{name}` has an unsupported type {dt}; use text or numbers"),
                    format!("kolom `{name}` bertipe {dt} yang tidak didukung; gunakan teks atau angka"),
                )]));
            }
        },
    })
}

/// Borrowed flat columns over the batches (texts are slices of the Arrow
/// buffers); columns are converted on rayon's threads (from 20,000 rows).
fn flat_table<'a>(names: &[String], batches: &'a [RecordBatch]) -> Result<FlatTable<'a>, Error> {
    let per_col: Vec<Vec<&'a ArrayRef>> =
        (0..names.len()).map(|ci| batches.iter().filter_map(|b| b.columns().get(ci)).collect()).collect();
    let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
    let column = |i: usize| flat_column(&names[i], &per_col[i]);
    let columns: Vec<FlatColumn<'a>> = if rows < 20_000 {
        (0..names.len()).map(column).collect::<Result<_, _>>()?
    } else {
        (0..names.len()).into_par_iter().map(column).collect::<Result<_, _>>()?
    };
    Ok(FlatTable { names: names.to_vec(), columns })
}

/// Casts types the flat layout reads as text (dictionaries, dates) to UTF-8.
fn normalize_batches(batches: Vec<RecordBatch>) -> Result<Vec<RecordBatch>, Error> {
    let cast = |c: &ArrayRef, t: &DataType| arrow_cast::cast(c, t).map_err(Error::internal);
    batches
        .into_iter()
        .map(|b| {
            let mut cols = Vec::new();
            for (f, c) in b.schema().fields().iter().zip(b.columns()) {
                // the flat schema says which columns hold numbers
                let numeric_target = meritkit::flat::Column::classify(meritkit::flat::clean_name(f.name()))
                    .is_some_and(|c| c.kind() == meritkit::flat::Kind::Number);
                let col = match c.data_type() {
                    // Integers in text columns (a NIP read as a number): exact digits, not via f64.
                    dt if dt.is_integer() && !numeric_target => cast(c, &DataType::Utf8)?,
                    DataType::Dictionary(_, v)
                        if matches!(**v, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View) =>
                    {
                        cast(c, &DataType::Utf8)?
                    }
                    DataType::Date32 | DataType::Date64 => cast(c, &DataType::Utf8)?,
                    DataType::Timestamp(_, _) => cast(&cast(c, &DataType::Date32)?, &DataType::Utf8)?,
                    _ => c.clone(),
                };
                cols.push((f.name().clone(), col, true));
            }
            RecordBatch::try_from_iter_with_nullable(cols).map_err(Error::internal)
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Result columns
// ---------------------------------------------------------------------------

/// A text result column (`nip`, `name`, `unit`). When every value is the
/// input cell itself (borrowed untrimmed from the same buffer, and absent
/// exactly where the input is null), the input array (`Utf8` or `LargeUtf8`)
/// is returned as is: no copy. Otherwise a `LargeUtf8` column is built (sized
/// up front).
fn text_out(input: Option<&ArrayRef>, vals: &[Option<Cow<'_, str>>]) -> ArrayRef {
    /// Whether every value is the input cell itself.
    fn same_cells<O: OffsetSizeTrait>(s: &GenericStringArray<O>, vals: &[Option<Cow<'_, str>>]) -> bool {
        let base = s.values().as_slice().as_ptr() as usize;
        let offs = s.value_offsets();
        let nulls = s.nulls();
        vals.iter().enumerate().all(|(i, v)| {
            let valid = nulls.is_none_or(|n| n.is_valid(i));
            match v {
                Some(Cow::Borrowed(t)) => {
                    let (a, b) = (offs[i].as_usize(), offs[i + 1].as_usize());
                    valid && t.as_ptr() as usize == base + a && t.len() == b - a
                }
                Some(Cow::Owned(_)) => false,
                None => !valid,
            }
        })
    }
    if let Some(a) = input.filter(|a| a.len() == vals.len()) {
        let same = match a.data_type() {
            DataType::LargeUtf8 => same_cells(a.as_string::<i64>(), vals),
            DataType::Utf8 => same_cells(a.as_string::<i32>(), vals),
            _ => false,
        };
        if same {
            return a.clone();
        }
    }
    let bytes: usize = vals.iter().map(|v| v.as_deref().map_or(0, str::len)).sum();
    let mut b = LargeStringBuilder::with_capacity(vals.len(), bytes);
    for v in vals {
        b.append_option(v.as_deref());
    }
    Arc::new(b.finish())
}

/// The input column named `name` (canonical flat name), for [`text_out`].
fn input_column<'b>(names: &[String], batches: &'b [RecordBatch], name: &str) -> Option<&'b ArrayRef> {
    let [batch] = batches else { return None };
    let i = names.iter().position(|n| n.trim().trim_start_matches('\u{feff}') == name)?;
    batch.columns().get(i)
}

/// A low-cardinality code column (status, levels, categories, predikat, error
/// codes) as an Arrow dictionary over every possible code, in the order the
/// core declares them: pandas reads it as a `category` column, polars as
/// `Categorical`, with the same categories whatever the data.
fn categories<'s>(
    keys: impl Iterator<Item = Option<i16>>,
    values: impl Iterator<Item = &'s str>,
) -> Result<ArrayRef, Error> {
    let keys: Vec<Option<i16>> = keys.collect();
    let nulls = keys
        .iter()
        .any(Option::is_none)
        .then(|| NullBuffer::new(BooleanBuffer::collect_bool(keys.len(), |i| keys[i].is_some())));
    let keys = Int16Array::new(keys.iter().map(|k| k.unwrap_or(0)).collect::<Vec<i16>>().into(), nulls);
    let values = StringArray::from_iter_values(values);
    Ok(Arc::new(DictionaryArray::<Int16Type>::try_new(keys, Arc::new(values)).map_err(Error::internal)?))
}

fn result_batch(
    fs: &FlatScore<'_>,
    policy: &Policy,
    names: &[String],
    input: &[RecordBatch],
    first_row: u64,
) -> Result<RecordBatch, Error> {
    let grid = policy.grid();
    let n = fs.status.len();
    // NaN = absent: the values as they are, with a validity bitmap
    let opt_f = |v: &[f64]| {
        Float64Array::new(
            v.to_vec().into(),
            Some(NullBuffer::new(BooleanBuffer::collect_bool(v.len(), |i| !v[i].is_nan()))),
        )
    };
    // Talent pools per box number, as one list column.
    let pool_codes: Vec<Vec<&str>> = (0..=grid.performance_count() * grid.potential_count())
        .map(|b| grid.box_def(b as u16).map(|d| d.talent_pool.iter().map(|p| p.code()).collect()).unwrap_or_default())
        .collect();
    let mut pools = ListBuilder::with_capacity(StringBuilder::new(), n);
    for &b in &fs.boxes {
        pools.append_value(pool_codes.get(usize::from(b)).into_iter().flatten().map(Some));
    }
    let levels = |defs: &[meritkit::nine_box::LevelDef]| defs.iter().map(|l| l.code.clone()).collect::<Vec<String>>();
    let (perf_levels, pot_levels) = (levels(&grid.performance_levels), levels(&grid.potential_levels));
    let level_key = |l: u8| (l > 0).then(|| i16::from(l) - 1);
    let cols: Vec<(&str, ArrayRef)> = vec![
        ("row", Arc::new(UInt64Array::from_iter_values(first_row..first_row + n as u64))),
        ("nip", text_out(input_column(names, input, "nip"), &fs.nip)),
        ("name", text_out(input_column(names, input, "name"), &fs.name)),
        ("unit", text_out(input_column(names, input, "unit"), &fs.unit)),
        (
            "position_kind",
            categories(
                fs.position_kind.iter().map(|k| k.map(|k| k as i16)),
                PositionKind::ALL.iter().map(|k| k.code()),
            )?,
        ),
        (
            "status",
            categories(
                fs.status.iter().map(|&s| {
                    Some(match s {
                        STATUS_PLACED => 0,
                        STATUS_HOLDING => 1,
                        _ => 2,
                    })
                }),
                ["placed", "holding", "error"].into_iter(),
            )?,
        ),
        ("box", Arc::new(UInt16Array::from_iter(fs.boxes.iter().map(|&b| (b > 0).then_some(b))))),
        (
            "performance_level",
            categories(fs.performance_level.iter().map(|&l| level_key(l)), perf_levels.iter().map(String::as_str))?,
        ),
        (
            "potential_level",
            categories(fs.potential_level.iter().map(|&l| level_key(l)), pot_levels.iter().map(String::as_str))?,
        ),
        ("performance_score", Arc::new(opt_f(&fs.performance_score))),
        ("potential_score", Arc::new(opt_f(&fs.potential_score))),
        ("jpm", Arc::new(opt_f(&fs.jpm))),
        (
            "jpm_selection",
            categories(
                fs.jpm.iter().map(|&j| (!j.is_nan()).then(|| SelectionCategory::of(j) as i16)),
                SelectionCategory::ALL.iter().map(|c| c.code()),
            )?,
        ),
        (
            "jpm_mapping",
            categories(
                fs.jpm.iter().map(|&j| (!j.is_nan()).then(|| MappingCategory::of(j) as i16)),
                MappingCategory::ALL.iter().map(|c| c.code()),
            )?,
        ),
        (
            "latest_predikat",
            categories(fs.latest_predikat.iter().map(|&c| level_key(c)), Predikat::ALL.iter().map(|p| p.code()))?,
        ),
        ("talent_pool", Arc::new(pools.finish())),
        ("warnings", Arc::new(UInt32Array::from(fs.warnings.clone()))),
        ("error_count", Arc::new(UInt32Array::from(fs.error_count.clone()))),
        (
            "error_code",
            categories(fs.error_code.iter().map(|c| c.map(|c| c as i16)), Code::ALL.iter().map(|c| c.as_str()))?,
        ),
        (
            "error_path",
            if fs.error_path.iter().all(Option::is_none) {
                new_null_array(&DataType::Utf8, n)
            } else {
                Arc::new(StringArray::from_iter(fs.error_path.iter().map(|p| p.as_deref())))
            },
        ),
    ];
    RecordBatch::try_from_iter_with_nullable(cols.into_iter().map(|(n, a)| (n, a, true))).map_err(Error::internal)
}

fn scored_from_rows(rows: Vec<ParsedRow>, policy: Policy, ctx: Context) -> Result<Scored, Error> {
    // The columns need no explanation: they are scored without one, and the explained answer
    // (`.explain()`, `.to_dicts()`) is made on demand (placements, errors and counts do not depend on it).
    //
    // `score_rows` is this same stream (`explained_in`: observed first when the cut-offs need the
    // population, then scored by the kernel fed with the records) followed by `into_output`, which makes
    // every placement; the columns of those placements (`FlatScore::from_output`) are the stream's own
    // (tests/kernel_equivalence.rs), so they are taken from the stream, with its errors and counts.
    let bare = Context::placements(ctx.today);
    let (table, errors, summary) = {
        let mut stream = Stream::new(&policy, &bare, usize::MAX);
        stream.keep_placements();
        let unlimited = |_| Error::internal("no limit on error rows was exceeded");
        if stream.needs_population() {
            stream.observe_records(&rows).map_err(unlimited)?;
        }
        let mut fs = stream.score_records(&rows).map_err(unlimited)?;
        let table = result_batch(&fs, &policy, &[], &[], 0)?;
        (table, std::mem::take(&mut fs.errors), stream.summary())
    };
    let n = rows.len();
    Ok(Scored::new(policy, ctx, Source::Rows(rows), table, errors, summary, n, None))
}

/// Scores an Arrow-compatible table (anything with `__arrow_c_stream__`:
/// pandas, polars, pyarrow) in flat columns.
#[pyfunction]
#[pyo3(signature = (data, policy=None, date=None))]
fn score_table(py: Python<'_>, data: PyTable, policy: Option<String>, date: Option<String>) -> PyResult<Scored> {
    let (batches, schema) = data.into_inner();
    let names: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
    guarded(py, move || {
        let (policy, ctx) = resolve(policy.as_deref(), date.as_deref())?;
        let batches = normalize_batches(batches)?;
        let (table, errors, summary, row_path_rows) = {
            let t = flat_table(&names, &batches)?;
            let fs = score_flat(&t, &policy, &ctx)?;
            (result_batch(&fs, &policy, &names, &batches, 0)?, fs.errors, fs.summary, fs.row_path_rows)
        };
        Ok(Scored::new(policy, ctx, Source::Table { names, batches }, table, errors, summary, row_path_rows, None))
    })
}

/// `partition_summary_table(data, policy_json, date) -> summary_json`: the summary of one
/// partition given as a flat table (`meritkit::partition::summarise_table`).
#[pyfunction]
#[pyo3(signature = (data, policy=None, date=None))]
fn partition_summary_table(
    py: Python<'_>,
    data: PyTable,
    policy: Option<String>,
    date: Option<String>,
) -> PyResult<String> {
    let (batches, schema) = data.into_inner();
    let names: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
    guarded(py, move || {
        let (policy, ctx) = resolve(policy.as_deref(), date.as_deref())?;
        let batches = normalize_batches(batches)?;
        let t = flat_table(&names, &batches)?;
        let s = meritkit::partition::summarise_table(&t, &policy, &ctx)?;
        serde_json::to_string(&s).map_err(Error::internal)
    })
}

/// `resolve_policy_json(policy_json, summary_json) -> resolved_json`: the policy resolved
/// against the merged summary, as canonical JSON (`ResolvedPolicy::to_json`: read back exactly).
#[pyfunction]
fn resolve_policy_json(py: Python<'_>, policy: String, summary: String) -> PyResult<String> {
    guarded(py, move || {
        let (policy, _) = resolve(Some(&policy), None)?;
        let summary: meritkit::partition::Summary = api::parse_request(&summary)?;
        Ok(meritkit::partition::resolve(&policy, &summary)?.to_json())
    })
}

/// `merge_score_summaries(summaries_json) -> summary`: answers' counts merged, as a dict of the
/// shape `Scored.summary()` gives (box numbers as integer keys).
#[pyfunction]
fn merge_score_summaries<'py>(py: Python<'py>, summaries: String) -> PyResult<Bound<'py, PyAny>> {
    let merged = guarded(py, move || {
        let all: Vec<Summary> = api::parse_request(&summaries)?;
        meritkit::partition::merge_score_summaries(&all)
    })?;
    Ok(pythonize::pythonize(py, &merged)?)
}

/// `resolved_policy_check(resolved_json) -> (fingerprint, policy_json)`: a resolved policy read and checked.
#[pyfunction]
fn resolved_policy_check(py: Python<'_>, resolved: String) -> PyResult<(String, String)> {
    guarded(py, move || {
        let r = resolved_of(resolved)?;
        Ok((r.fingerprint.clone(), r.policy.canonical_json()))
    })
}

/// The last resolved policy read (its text and the policy, checked): a worker scores many
/// partitions with the same one, which is read and checked once.
static RESOLVED: Mutex<Option<(String, Arc<ResolvedPolicy>)>> = Mutex::new(None);

/// A resolved policy from its JSON text, checked ([`ResolvedPolicy::from_json_str`]), or the
/// one read last when the text is the same.
fn resolved_of(text: String) -> Result<Arc<ResolvedPolicy>, Error> {
    if let Ok(g) = RESOLVED.lock() {
        if let Some((t, r)) = g.as_ref() {
            if *t == text {
                return Ok(r.clone());
            }
        }
    }
    let r = Arc::new(ResolvedPolicy::from_json_str(&text)?);
    if let Ok(mut g) = RESOLVED.lock() {
        *g = Some((text, r.clone()));
    }
    Ok(r)
}

/// Scores one partition given as a flat table with a resolved policy (`resolved_json`), rows
/// numbered from `first_row`; or, given a policy with fixed cut-offs (`policy_json`), as
/// `score_table` does (a relative policy without its resolution is refused).
#[pyfunction]
#[pyo3(signature = (data, resolved=None, policy=None, date=None, first_row=0))]
fn score_partition_table(
    py: Python<'_>,
    data: PyTable,
    resolved: Option<String>,
    policy: Option<String>,
    date: Option<String>,
    first_row: usize,
) -> PyResult<Scored> {
    let (batches, schema) = data.into_inner();
    let names: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
    guarded(py, move || {
        let r = match resolved {
            Some(text) => resolved_of(text)?,
            None => {
                let (p, ctx) = resolve(policy.as_deref(), date.as_deref())?;
                // (a fixed policy resolves to itself, against no population)
                let empty = meritkit::partition::summarise_rows(&[], &p, &ctx)?;
                if empty.potential.is_some() || empty.performance.is_some() {
                    return Err(Error::Policy(vec![Problem::new(
                        Code::InvalidPolicy,
                        "potential.cutoffs",
                        "relative cut-offs need the whole population: give the policy resolved by resolve_policy",
                        "batas relatif memerlukan seluruh populasi: berikan kebijakan hasil resolve_policy",
                    )]));
                }
                Arc::new(meritkit::partition::resolve(&p, &empty)?)
            }
        };
        let today = date.as_deref().map(api::parse_date).transpose()?;
        let ctx = Context { today, ..Default::default() };
        let batches = normalize_batches(batches)?;
        let (table, errors, summary, row_path_rows) = {
            let t = flat_table(&names, &batches)?;
            let fs = meritkit::partition::score_table(&t, &r, &ctx, first_row)?;
            let batch = result_batch(&fs, &r.policy, &names, &batches, first_row as u64)?;
            (batch, fs.errors, fs.summary, fs.row_path_rows)
        };
        // (the resolved policy's date when none was given: `partition::score_table` took it)
        let today = today.or(r.date.as_deref().map(api::parse_date).transpose()?);
        let (policy, ctx) = (r.policy.clone(), Context { today, ..Default::default() });
        let source = Source::Table { names, batches };
        Ok(Scored::new(policy, ctx, source, table, errors, summary, row_path_rows, Some((r, first_row))))
    })
}

fn failure_from_dict(obj: &Bound<'_, PyAny>, p: Problem) -> ParseFailure {
    let get = |k: &str| -> Option<String> {
        obj.cast::<PyDict>().ok()?.get_item(k).ok().flatten()?.extract::<String>().ok().map(|s| s.trim().to_string())
    };
    ParseFailure { nip: get("nip"), unit: get("unit"), problems: vec![p] }
}

/// Reads one row of a list of record dicts through pythonize and the core's located
/// reader: the record, or the row's error (code, path, message) as every input gets it.
fn parse_item(item: &Bound<'_, PyAny>) -> ParsedRow {
    if item.cast::<PyDict>().is_ok() {
        let mut de = pythonize::Depythonizer::from_object(item);
        api::parse_record(&mut de).or_else(|p| {
            // Failed rows only: re-read through the core's JSON reader so that
            // the error (code, path, message) is the one every other input gets.
            match pythonize::depythonize::<serde_json::Value>(item) {
                Ok(v) => api::parse_row(&v),
                Err(_) => Err(failure_from_dict(item, p)),
            }
        })
    } else {
        Err(ParseFailure {
            nip: None,
            unit: None,
            problems: vec![Problem::new(
                Code::InvalidInput,
                "",
                "a record must be a dict",
                "sebuah record harus berupa dict",
            )],
        })
    }
}

/// Scores a list of record dicts (nested wire format), read straight into
/// the typed record (no intermediate JSON).
#[pyfunction]
#[pyo3(signature = (records, policy=None, date=None))]
fn score_records(
    py: Python<'_>,
    records: &Bound<'_, PyAny>,
    policy: Option<String>,
    date: Option<String>,
) -> PyResult<Scored> {
    let mut rows: Vec<ParsedRow> = Vec::new();
    for item in records.try_iter()? {
        rows.push(parse_item(&item?));
    }
    guarded(py, move || {
        let (policy, ctx) = resolve(policy.as_deref(), date.as_deref())?;
        scored_from_rows(rows, policy, ctx)
    })
}

/// Whether a row of `mk.score(list)` is a flat (CSV-like) dict, as Python's
/// `isinstance(r, Mapping) and _is_flat_dict(r)` answers: decided here for an exact
/// `dict` with a `dict` or `list` value among plain values (a nested record: not
/// flat), else by calling `flat_row` (that same Python expression) on the row.
fn is_flat_row(row: &Bound<'_, PyAny>, flat_row: &Bound<'_, PyAny>) -> PyResult<bool> {
    if let Ok(d) = row.cast_exact::<PyDict>() {
        for (_, v) in d.iter() {
            if v.is_exact_instance_of::<PyDict>() || v.is_exact_instance_of::<PyList>() {
                return Ok(false); // `any(isinstance(v, (dict, list)) ...)` is true: not flat
            }
            let plain = v.is_none()
                || v.is_exact_instance_of::<PyString>()
                || v.is_exact_instance_of::<pyo3::types::PyFloat>()
                || v.is_exact_instance_of::<pyo3::types::PyInt>()
                || v.is_exact_instance_of::<pyo3::types::PyBool>();
            if !plain {
                break; // an `isinstance` that only Python answers
            }
        }
    }
    flat_row.call1((row,))?.is_truthy()
}

/// `mk.score(list_of_dicts)`: `None` when a row is a flat dict (the caller reads the rows
/// through the flat layout, as before), else the scored rows. `flat_row(r)` is Python's
/// `isinstance(r, Mapping) and _is_flat_dict(r)`, asked only for rows not decided here.
///
/// Each exact `dict` row is read first by the fast reader ([`pyde`]) into the core's record
/// type; a row it does not read, and every other row, is read by [`parse_item`] (pythonize,
/// the core's located reader), so a row's record or error is what it always was.
///
/// The rows are tested and read in one pass, each row tested just before it is read (the rows
/// were all tested first, then all read): the answer is the same, as reading a row changes
/// nothing that a test sees, and a flat row or an exception of `flat_row` stops the pass
/// before anything is scored.
#[pyfunction]
#[pyo3(signature = (records, flat_row, policy=None, date=None))]
fn score_dicts(
    py: Python<'_>,
    records: &Bound<'_, PyList>,
    flat_row: &Bound<'_, PyAny>,
    policy: Option<String>,
    date: Option<String>,
) -> PyResult<Option<Scored>> {
    let reader = pyde::Reader::new(py);
    // Reads a row into `out`; false: the row is flat (nothing read).
    let read = |item: &Bound<'_, PyAny>, out: &mut Vec<ParsedRow>| -> PyResult<bool> {
        let values = std::cell::Cell::new(pyde::Values::default());
        let fast = if item.is_exact_instance_of::<PyDict>() {
            reader.read_dict::<meritkit::Employee>(item, &values)
        } else {
            Err(pyde::Bail)
        };
        // A dict whose values are all exact built-ins, one of them a `dict` or a `list`, is not flat
        // (`_is_flat_dict` answers False at that value, having run no code on the values before it):
        // the test is needed only for the other rows. (Reading first changes nothing the test sees.)
        let v = values.get();
        match fast {
            Ok(e) if v.container && !v.other => out.push(Ok(e)),
            fast => {
                if is_flat_row(item, flat_row)? {
                    return Ok(false);
                }
                out.push(match fast {
                    Ok(e) => Ok(e),
                    Err(_) => parse_item(item),
                });
            }
        }
        Ok(true)
    };
    if records.len() >= 2 * PART_ROWS {
        // (a policy or date that does not resolve is raised below, after the rows are read, as always)
        if let Ok((p, ctx)) = resolve(policy.as_deref(), date.as_deref()) {
            if !Stream::new(&p, &Context::placements(ctx.today), usize::MAX).needs_population() {
                return pipelined(py, records, &read, p, ctx);
            }
        }
    }
    let mut rows: Vec<ParsedRow> = Vec::with_capacity(records.len());
    for item in records.iter() {
        if !read(&item, &mut rows)? {
            return Ok(None);
        }
    }
    guarded(py, move || {
        let (policy, ctx) = resolve(policy.as_deref(), date.as_deref())?;
        scored_from_rows(rows, policy, ctx)
    })
    .map(Some)
}

/// Reads one row of `mk.score(list)` into a list of rows: false when the row is flat (nothing read).
type ReadRow<'f> = dyn Fn(&Bound<'_, PyAny>, &mut Vec<ParsedRow>) -> PyResult<bool> + 'f;

/// Rows per part of [`pipelined`]: below the row count from which the core's per-row work goes to
/// rayon (4096), so that a part is scored on the scoring thread alone while the other core reads.
const PART_ROWS: usize = 4000;

/// [`scored_from_rows`] for a policy with fixed cut-offs, overlapped with the reading: the rows
/// are read (under the GIL, on this thread) in parts of [`PART_ROWS`], each part scored on a
/// scoring thread as soon as it is read, by one [`Stream`] — the core's scoring of an input that
/// arrives in parts, whose answers are those of [`score_rows`] on all of it at once (rows numbered
/// across the parts, a NIP repeated in a later part a `duplicate_nip` there, the counts of every
/// part). The parts' columns are appended, the rows moved into one list, and the result table
/// built on that thread too.
fn pipelined(
    py: Python<'_>,
    records: &Bound<'_, PyList>,
    read: &ReadRow<'_>,
    policy: Policy,
    ctx: Context,
) -> PyResult<Option<Scored>> {
    type Done = (Vec<ParsedRow>, RecordBatch, Vec<meritkit::RowError>, Summary);
    let n = records.len();
    let bare = Context::placements(ctx.today);
    let (p, b) = (&policy, &bare);
    let score = move |parts: std::sync::mpsc::Receiver<Vec<ParsedRow>>| -> Result<Done, Error> {
        let unlimited = |_| Error::internal("no limit on error rows was exceeded");
        let mut stream = Stream::new(p, b, usize::MAX);
        stream.keep_placements();
        let mut rows: Vec<ParsedRow> = Vec::with_capacity(n);
        let mut all: Option<FlatScore<'static>> = None;
        for mut part in parts {
            let fs = stream.score_records(&part).map_err(unlimited)?.into_owned();
            match all.as_mut() {
                Some(a) => a.append(fs),
                None => all = Some(fs),
            }
            rows.append(&mut part);
        }
        let mut fs = all.ok_or_else(|| Error::internal("no part was scored"))?;
        let table = result_batch(&fs, p, &[], &[], 0)?;
        Ok((rows, table, std::mem::take(&mut fs.errors), stream.summary()))
    };
    // Ok(None): a flat row (or Err, an exception of `flat_row`) stopped the reading; the parts
    // sent are dropped with the scoring thread's answer.
    let done = std::thread::scope(|s| -> PyResult<Option<Result<Done, Error>>> {
        let (tx, rx) = std::sync::mpsc::channel::<Vec<ParsedRow>>();
        let worker = match std::thread::Builder::new()
            .name("meritkit-score".into())
            .spawn_scoped(s, move || catch_unwind(AssertUnwindSafe(|| score(rx))))
        {
            Ok(w) => w,
            Err(e) => return Ok(Some(Err(Error::internal(e)))),
        };
        let mut part = Vec::with_capacity(PART_ROWS);
        let mut stopped = None;
        for item in records.iter() {
            match read(&item, &mut part) {
                Ok(true) => {}
                Ok(false) => {
                    stopped = Some(Ok(None));
                    break;
                }
                Err(e) => {
                    stopped = Some(Err(e));
                    break;
                }
            }
            if part.len() == PART_ROWS && tx.send(std::mem::replace(&mut part, Vec::with_capacity(PART_ROWS))).is_err()
            {
                break; // the scoring thread stopped: its error is below
            }
        }
        if stopped.is_none() && !part.is_empty() {
            let _ = tx.send(part);
        }
        drop(tx);
        let answer = py.detach(|| worker.join());
        if let Some(stop) = stopped {
            return stop;
        }
        Ok(Some(match answer {
            Ok(Ok(r)) => r,
            Ok(Err(_)) | Err(_) => Err(Error::internal("the engine panicked")),
        }))
    })?;
    let Some(done) = done else { return Ok(None) };
    let (rows, table, errors, summary) = done.map_err(|e| raise(py, &e))?;
    let n = rows.len();
    Ok(Some(Scored::new(policy, ctx, Source::Rows(rows), table, errors, summary, n, None)))
}

/// Scores JSON text: an array of records, or a score request object.
#[pyfunction]
#[pyo3(signature = (text, policy=None, date=None))]
fn score_json(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    policy: Option<String>,
    date: Option<String>,
) -> PyResult<Scored> {
    let s = match text.cast::<PyBytes>() {
        Ok(b) => String::from_utf8(b.as_bytes().to_vec()),
        Err(_) if text.is_instance_of::<PyString>() => Ok(text.extract::<String>()?),
        Err(_) => return Err(PyTypeError::new_err("expected str or bytes")),
    };
    guarded(py, move || {
        let s = s.map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            Error::Input(vec![Problem::new(
                Code::InvalidInput,
                "",
                format!("not valid UTF-8 at byte {at}"),
                format!("bukan UTF-8 yang sah pada byte {at}"),
            )])
        })?;
        let v: serde_json::Value = serde_json::from_str(&s).map_err(|e| {
            // serde_json's own text can quote the input: the message is written again from the
            // core's value-free catalogue (`meritkit::diag`), with the line and column.
            let mut p =
                meritkit::diag::diagnose(String::new(), &e.to_string(), e.is_syntax() || e.is_eof(), "JSON").problem();
            p.code = Code::InvalidInput;
            Error::Input(vec![p])
        })?;
        let (records, policy, date, period) = match v {
            serde_json::Value::Array(a) => (a, policy, date, None),
            obj @ serde_json::Value::Object(_) => {
                let req: api::ScoreRequest = api::parse_request(&obj.to_string())?;
                let pol = match policy {
                    Some(p) => Some(p),
                    None => req.policy.map(|p| serde_json::to_string(&p)).transpose().map_err(Error::internal)?,
                };
                let date = date.or(req.date);
                if let Some(p) = &req.period {
                    let ps = meritkit::scoring::AsOf::check_period(p, "period", date.is_some());
                    if !ps.is_empty() {
                        return Err(Error::Request(ps));
                    }
                }
                (req.records, pol, date, req.period)
            }
            _ => {
                return Err(Error::Input(vec![Problem::new(
                    Code::InvalidInput,
                    "",
                    "JSON input must be an array of records or a request object",
                    "masukan JSON harus berupa larik record atau objek permintaan",
                )]))
            }
        };
        let (policy, ctx) = resolve(policy.as_deref(), date.as_deref())?;
        let rows: Vec<ParsedRow> = records.iter().map(api::parse_row).collect();
        let scored = scored_from_rows(rows, policy, ctx)?;
        if let Ok(mut p) = scored.period.lock() {
            *p = period;
        }
        Ok(scored)
    })
}

/// Flat table → nested record JSON array (for functions that take records).
#[pyfunction]
fn table_to_records_json(py: Python<'_>, data: PyTable) -> PyResult<String> {
    let (batches, schema) = data.into_inner();
    let names: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
    guarded(py, move || {
        let batches = normalize_batches(batches)?;
        let t = flat_table(&names, &batches)?;
        let layout = t.layout()?;
        let rows: Vec<serde_json::Value> =
            (0..t.rows()).map(|i| layout.to_value(&t.columns.iter().map(|c| c.cell(i)).collect::<Vec<_>>())).collect();
        serde_json::to_string(&rows).map_err(Error::internal)
    })
}

/// A generated fictional population as a flat Arrow table.
#[pyfunction]
#[pyo3(signature = (n, seed=2026))]
fn generate_table(py: Python<'_>, n: usize, seed: u64) -> PyResult<PyTable> {
    let batch = guarded(py, move || {
        let pop = meritkit::generate::population(&meritkit::generate::Options { count: n, seed, ..Default::default() });
        let t = meritkit::columnar::employees_to_flat(&pop);
        let cols = t.names.iter().zip(&t.columns).map(|(name, c)| {
            let a: ArrayRef = match c {
                meritkit::columnar::OwnedColumn::Text(v) => Arc::new(StringArray::from_iter(v)),
                meritkit::columnar::OwnedColumn::Number(v) => {
                    Arc::new(Float64Array::from_iter(v.iter().map(|x| (!x.is_nan()).then_some(*x))))
                }
            };
            (name, a, true)
        });
        RecordBatch::try_from_iter_with_nullable(cols).map_err(Error::internal)
    })?;
    PyTable::try_new(vec![batch.clone()], batch.schema())
}

/// A generated fictional population as nested record dicts.
#[pyfunction]
#[pyo3(signature = (n, seed=2026))]
fn generate_records<'py>(py: Python<'py>, n: usize, seed: u64) -> PyResult<Bound<'py, PyAny>> {
    let pop = guarded(py, move || {
        Ok(meritkit::generate::population(&meritkit::generate::Options { count: n, seed, ..Default::default() }))
    })?;
    let list = PyList::empty(py);
    for e in &pop {
        list.append(pythonize::pythonize(py, e)?)?;
    }
    Ok(list.into_any())
}

/// A `str` or path argument as the core reads it: with `file`, a file;
/// else a built-in name or a file by its spelling
/// ([`meritkit::source::Source::from_os_arg`]; a file name keeps its bytes,
/// UTF-8 or not).
fn source_arg(arg: &std::ffi::OsStr, file: bool) -> meritkit::source::Source {
    if file {
        meritkit::source::Source::File(arg.into())
    } else {
        meritkit::source::Source::from_os_arg(arg)
    }
}

/// The canonical JSON of the policy a `str` or path argument names ([`source_arg`]), files read locally.
#[pyfunction]
fn policy_load_arg(py: Python<'_>, arg: std::ffi::OsString, file: bool) -> PyResult<String> {
    guarded(py, move || {
        let files = meritkit::source::LocalFiles::default();
        Ok(meritkit::source::policy(Some(&source_arg(&arg, file)), &files)?.canonical_json())
    })
}

/// The rule set a source names, files read locally: `(name, version,
/// implements, fingerprint, canonical JSON)`.
fn rule_set_identity(src: &meritkit::source::Source) -> Result<(String, String, String, String, String), Error> {
    let rs = meritkit::source::rule_set(src, &meritkit::source::LocalFiles::default())?;
    let i = rs.info();
    Ok((i.name, i.version, i.implements, i.fingerprint, meritkit::policy::canonical_json_of(&rs)))
}

/// [`rule_set_load`] of a `str` or path argument ([`source_arg`]).
#[pyfunction]
fn rule_set_load_arg(
    py: Python<'_>,
    arg: std::ffi::OsString,
    file: bool,
) -> PyResult<(String, String, String, String, String)> {
    guarded(py, move || rule_set_identity(&source_arg(&arg, file)))
}

/// Name, fingerprint, canonical JSON and local choices ([`Policy::local_choices`]) of a policy given as
/// JSON (a preset name as a JSON string, `{"text": ...}` or an object; no file is read).
#[pyfunction]
fn policy_info(py: Python<'_>, policy_json: String) -> PyResult<(String, String, String, Vec<String>)> {
    guarded(py, move || {
        let (p, _) = resolve(Some(&policy_json), None)?;
        Ok((p.name.clone(), p.fingerprint(), p.canonical_json(), p.local_choices()))
    })
}

/// A policy (JSON) as TOML text.
#[pyfunction]
fn policy_toml(py: Python<'_>, policy_json: String) -> PyResult<String> {
    guarded(py, move || {
        let (p, _) = resolve(Some(&policy_json), None)?;
        p.to_toml()
    })
}

/// A merit rule set from a source's wire form (a built-in name as a JSON
/// string, `{"file": ...}`, `{"text": ...}` or the object; checked: field
/// names, types, values, the protected-attribute guard):
/// `(name, version, implements, fingerprint, canonical JSON)`.
#[pyfunction]
fn rule_set_load(py: Python<'_>, source: String) -> PyResult<(String, String, String, String, String)> {
    guarded(py, move || {
        let src: meritkit::source::Source = serde_json::from_str(&source).map_err(Error::internal)?;
        rule_set_identity(&src)
    })
}

/// A rule set (JSON) as TOML text.
#[pyfunction]
fn rule_set_toml(py: Python<'_>, rule_set_json: String) -> PyResult<String> {
    guarded(py, move || meritkit::rules::parse_rule_set(&rule_set_json)?.to_toml())
}

/// The talent grid of a policy: level codes and box numbers.
#[pyfunction]
fn policy_grid<'py>(py: Python<'py>, policy_json: String) -> PyResult<Bound<'py, PyAny>> {
    let g = guarded(py, move || {
        let (p, _) = resolve(Some(&policy_json), None)?;
        Ok(p.grid().into_owned())
    })?;
    Ok(pythonize::pythonize(py, &g)?)
}

/// Native-endian bytes of 8-byte values, in a `bytearray` (NumPy reads it with
/// `frombuffer`, writable, without a per-element Python loop).
fn bytearray_of<'py, T: Copy>(
    py: Python<'py>,
    values: &[T],
    to_bytes: impl Fn(T) -> [u8; 8],
) -> PyResult<Bound<'py, PyByteArray>> {
    PyByteArray::new_with(py, values.len() * 8, |b| {
        for (chunk, &v) in b.chunks_exact_mut(8).zip(values) {
            chunk.copy_from_slice(&to_bytes(v));
        }
        Ok(())
    })
}

/// `mcdm_matrix(matrix, rows, cols, weights, params) -> (scores, order, ranks, normalisation)`:
/// SAW / TOPSIS on a float64 matrix given as its raw bytes (C order, native
/// endianness: `numpy.ascontiguousarray(m, dtype="float64").tobytes()`), `rows` ×
/// `cols`. No JSON in between: this abi3-py39 build has no buffer protocol (the
/// limited API has it from Python 3.11 only), so the matrix crosses as `bytes`
/// (one copy in Python) and is decoded once into the core's `DecisionMatrix`.
/// The weights arrive typed; `params` is a dict with the rest of the request
/// (method, types, normalisation, ranges: one value per criterion), read into
/// the core's `McdmRequest` with its path-tracking reader and diagnosis, so that
/// every problem has the code, path and message of `call_json("mcdm", ...)`
/// (without a text position: there is no text). The computation is
/// `api::mcdm_matrix`, the function behind `api::mcdm`. Scores (f64), order and
/// competition ranks (i64) come back as native-endian `bytearray`s.
#[pyfunction]
#[allow(clippy::type_complexity)]
fn mcdm_matrix<'py>(
    py: Python<'py>,
    matrix: &Bound<'py, PyBytes>,
    rows: usize,
    cols: usize,
    weights: Vec<f64>,
    params: &Bound<'py, PyDict>,
) -> PyResult<(Bound<'py, PyByteArray>, Bound<'py, PyByteArray>, Bound<'py, PyByteArray>, Bound<'py, PyAny>)> {
    let mut v: serde_json::Value = pythonize::depythonize(params).map_err(|e| {
        raise(
            py,
            &Error::Request(vec![Problem::new(
                Code::InvalidRequest,
                "",
                format!("unreadable MCDM options: {e}"),
                format!("opsi MCDM tidak terbaca: {e}"),
            )]),
        )
    })?;
    if let serde_json::Value::Object(o) = &mut v {
        // the request's required fields that arrive separately
        o.insert("matrix".into(), serde_json::Value::Array(Vec::new()));
        o.insert("weights".into(), serde_json::Value::Array(Vec::new()));
    }
    let raw = matrix.as_bytes();
    let a = guarded(py, move || {
        let req: api::McdmRequest = meritkit::read::read(&v).map_err(|f| {
            Error::Request(vec![meritkit::diag::diagnose(f.path, &f.error.to_string(), false, "JSON").problem()])
        })?;
        if raw.len() % 8 != 0 {
            return Err(Error::internal("the matrix bytes are not whole float64 values"));
        }
        let data: Vec<f64> =
            raw.chunks_exact(8).map(|c| <[u8; 8]>::try_from(c).map_or(f64::NAN, f64::from_ne_bytes)).collect();
        let m = meritkit::mcdm::DecisionMatrix::new(rows, cols, data)?;
        api::mcdm_matrix(&m, req.method, &weights, &req.types, req.normalisation, req.ranges.as_deref())
    })?;
    let norm = pythonize::pythonize(py, &a.normalisation)?;
    let to_i64 = |v: usize| i64::try_from(v).unwrap_or(i64::MAX).to_ne_bytes();
    Ok((
        bytearray_of(py, &a.scores, f64::to_ne_bytes)?,
        bytearray_of(py, &a.order, to_i64)?,
        bytearray_of(py, &a.ranks, to_i64)?,
        norm,
    ))
}

/// The compiled module: the class and the functions above, and the core's version.
#[pymodule]
mod _meritkit {
    use pyo3::prelude::*;

    #[pymodule_export]
    use super::{
        call_json, generate_records, generate_table, mcdm_matrix, merge_score_summaries, partition_summary_table,
        policy_grid, policy_info, policy_load_arg, policy_toml, resolve_policy_json, resolved_policy_check,
        rule_set_load, rule_set_load_arg, rule_set_toml, score_dicts, score_json, score_partition_table, score_records,
        score_table, store_call_json, table_to_records_json, Scored,
    };

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        // RAYON_NUM_THREADS above four threads per core capped before any work: this module's own pool
        // (tens of thousands of threads made the interpreter hang or abort; docs/security.md)
        meritkit::cap_pool();
        m.add("__version__", meritkit::VERSION)
    }
}
