//! WebAssembly bindings for meritkit (wasm-bindgen).
//!
//! A thin layer: every function converts its argument to JSON text, calls the
//! core dispatcher [`meritkit::api::call_json`] and converts the tagged answer
//! back. The answer text is the one the Rust core, the CLI and the Python
//! package produce, so results are byte-identical across them. Failures become
//! `Error` objects carrying `code`, `path`, `kind` and `details` (every
//! problem); each function has a `safe*` twin that returns
//! `{ ok: true, value } | { ok: false, error }` and never throws.
//!
//! The TypeScript types of the data (`ScoreRequest`, `ScoreOutput`, ...) are
//! generated from the core's Rust types by tsify (feature `tsify` of the core).
//!
//! Panics: the workspace denies `unwrap`/`expect`/`panic` in library code and
//! this crate indexes nothing; on `wasm32-unknown-unknown` a panic would be a
//! trap (there is no unwinding on that target whatever the profile says), so
//! the design goal is that no panic is reachable, not that one is caught.
#![forbid(unsafe_code)]

use js_sys::{Array, Float64Array, Object, Reflect, Uint32Array, Uint8Array, JSON};
use meritkit::api::ErrorAnswer;
use meritkit::columnar::{score_columns, Columns, PerformanceColumn};
use meritkit::error::{Code, Error as CoreError, Problem};
use meritkit::scoring::PolicyInfo;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(typescript_custom_section)]
const TS_COMMON: &'static str = r#"
/** An `Error` thrown by meritkit: `code` and `path` of the first problem, `details` = every problem. */
export interface MeritkitError extends Error {
  name: "MeritkitError";
  /** `policy_error`, `rule_set_error`, `request_error`, `input_error` or `internal_error`. */
  kind: string;
  code: Code;
  path: string;
  /** The message in Bahasa Indonesia (`message` is English). */
  message_id: string;
  details: Problem[];
}
/** Answer of the non-throwing `safe*` functions. */
export type Safe<T> = { ok: true; value: T } | { ok: false; error: MeritkitError };
"#;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "ScoreRequest | Employee[] | string")]
    pub type ScoreRequestArg;
    #[wasm_bindgen(typescript_type = "string")]
    pub type DateArg;
    #[wasm_bindgen(typescript_type = "ScoreOutput")]
    pub type ScoreOutputJs;
    #[wasm_bindgen(typescript_type = "Safe<ScoreOutput>")]
    pub type SafeScoreOutput;
    #[wasm_bindgen(typescript_type = "ValidateRequest | string")]
    pub type ValidateRequestArg;
    #[wasm_bindgen(typescript_type = "ValidateOutput")]
    pub type ValidateOutputJs;
    #[wasm_bindgen(typescript_type = "Safe<ValidateOutput>")]
    pub type SafeValidateOutput;
    #[wasm_bindgen(typescript_type = "SuccessionRequest | string")]
    pub type SuccessionRequestArg;
    #[wasm_bindgen(typescript_type = "SuccessionOutput")]
    pub type SuccessionOutputJs;
    #[wasm_bindgen(typescript_type = "Safe<SuccessionOutput>")]
    pub type SafeSuccessionOutput;
    #[wasm_bindgen(typescript_type = "AdverseImpactRequest | string")]
    pub type AdverseImpactRequestArg;
    #[wasm_bindgen(typescript_type = "ImpactReport")]
    pub type ImpactReportJs;
    #[wasm_bindgen(typescript_type = "Safe<ImpactReport>")]
    pub type SafeImpactReport;
    #[wasm_bindgen(typescript_type = "PresetInfo[]")]
    pub type PresetList;
    #[wasm_bindgen(typescript_type = "Safe<PresetInfo[]>")]
    pub type SafePresetList;
    #[wasm_bindgen(typescript_type = "Record<string, unknown>")]
    pub type JsonSchemaJs;
    #[wasm_bindgen(typescript_type = "Safe<Record<string, unknown>>")]
    pub type SafeJsonSchema;
    #[wasm_bindgen(typescript_type = "Safe<string>")]
    pub type SafeString;
    #[wasm_bindgen(typescript_type = "string | Policy")]
    pub type PolicyArg;
    #[wasm_bindgen(typescript_type = "ColumnarScore")]
    pub type ColumnarScoreJs;
    #[wasm_bindgen(typescript_type = "Safe<ColumnarScore>")]
    pub type SafeColumnarScore;
    #[wasm_bindgen(typescript_type = "FlatRequest | string")]
    pub type FlatRequestArg;
    #[wasm_bindgen(typescript_type = "Employee[]")]
    pub type RecordList;
    #[wasm_bindgen(typescript_type = "Safe<Employee[]>")]
    pub type SafeRecordList;
    #[wasm_bindgen(typescript_type = "GridLayoutRequest")]
    pub type GridLayoutRequestArg;
    #[wasm_bindgen(typescript_type = "Layout")]
    pub type LayoutJs;
    #[wasm_bindgen(typescript_type = "Record<string, Record<string, Message>>")]
    pub type CatalogueJs;
    #[wasm_bindgen(typescript_type = "Record<string, unknown> | string")]
    pub type CompareRequestArg;
    #[wasm_bindgen(typescript_type = "Record<string, unknown>")]
    pub type ComparisonJs;
    #[wasm_bindgen(typescript_type = "SnapshotRequest | string")]
    pub type SnapshotRequestArg;
    #[wasm_bindgen(typescript_type = "SnapshotAnswer")]
    pub type SnapshotAnswerJs;
    #[wasm_bindgen(typescript_type = "AppendRequest | string")]
    pub type AppendRequestArg;
    #[wasm_bindgen(typescript_type = "Entry")]
    pub type EntryJs;
    #[wasm_bindgen(typescript_type = "ReportRequest | string")]
    pub type ReportRequestArg;
    #[wasm_bindgen(typescript_type = "SessionReport")]
    pub type SessionReportJs;
    #[wasm_bindgen(typescript_type = "VerifyRequest | string")]
    pub type VerifyRequestArg;
    #[wasm_bindgen(typescript_type = "Verification")]
    pub type VerificationJs;
    #[wasm_bindgen(typescript_type = "ExportRequest | string")]
    pub type ExportRequestArg;
}

/// Output of [`score_columns_js`]: one entry per input row, `0` = not placed.
#[derive(Serialize, tsify::Tsify)]
#[allow(dead_code)] // only its TypeScript declaration is used; the object is built field by field.
pub struct ColumnarScore {
    /// Box number 1..9 (0 = not placed: missing input).
    #[tsify(type = "Uint8Array")]
    pub boxes: Vec<u8>,
    /// Kinerja level index, 1-based (0 = missing).
    #[tsify(type = "Uint8Array")]
    pub performance_level: Vec<u8>,
    /// Potensial level index, 1-based (0 = missing).
    #[tsify(type = "Uint8Array")]
    pub potential_level: Vec<u8>,
    /// The policy the levels came from.
    pub policy: PolicyInfo,
}

fn set(o: &Object, k: &str, v: &JsValue) {
    // Reflect.set on a fresh plain object cannot fail; ignore the boolean.
    let _ = Reflect::set(o, &JsValue::from_str(k), v);
}

fn get(o: &JsValue, k: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
}

/// Builds the thrown `Error` from a tagged error answer (a plain JS object).
fn error_from_answer(err: &JsValue) -> JsValue {
    let message = get(err, "message");
    let en = get(&message, "en").as_string().unwrap_or_else(|| "meritkit error".into());
    let e = js_sys::Error::new(&en);
    e.set_name("MeritkitError");
    let problems = get(err, "problems");
    let first = if Array::is_array(&problems) { problems.unchecked_ref::<Array>().get(0) } else { JsValue::UNDEFINED };
    let path = get(&first, "path");
    let o: &Object = e.unchecked_ref();
    set(o, "kind", &get(err, "kind"));
    set(o, "code", &get(err, "code"));
    set(o, "path", &if path.is_undefined() { JsValue::from_str("") } else { path });
    set(o, "message_id", &get(&message, "id"));
    set(o, "details", &problems);
    e.into()
}

/// A core error as a thrown `Error`, through the same tagged-answer shape.
fn error_from_core(e: &CoreError) -> JsValue {
    let text = serde_json::to_string(&ErrorAnswer::from(e)).unwrap_or_default();
    match JSON::parse(&text) {
        Ok(v) => error_from_answer(&v),
        Err(_) => js_sys::Error::new("internal error").into(),
    }
}

fn request_problem(path: &str, en: &str, id: &str) -> JsValue {
    error_from_core(&CoreError::Request(vec![Problem::new(Code::InvalidInput, path, en, id)]))
}

/// The request as JSON text: strings pass through, `undefined`/`null` mean
/// `{}`, anything else goes through `JSON.stringify`.
fn request_text(req: &JsValue) -> Result<String, JsValue> {
    if let Some(s) = req.as_string() {
        return Ok(s);
    }
    if req.is_undefined() || req.is_null() {
        return Ok("{}".into());
    }
    JSON::stringify(req).ok().and_then(|s| s.as_string()).ok_or_else(|| {
        request_problem(
            "",
            "the request cannot be written as JSON (BigInt, cycle or function)",
            "permintaan tidak dapat ditulis sebagai JSON (BigInt, siklus atau fungsi)",
        )
    })
}

/// Grows the wasm heap in one step before a large call. The allocator
/// (dlmalloc, std's on `wasm32-unknown-unknown`) otherwise extends memory
/// 64 KiB at a time, and each `memory.grow` costs V8 ~1 ms plus GC work
/// proportional to the JS heap: scoring 100k records made thousands of them
/// (docs/benchmarks.md; a first call on 100k compact records took 69 s, the
/// next one 3 s). One large allocation, freed at once, leaves its memory in
/// the allocator's free pool for the call's many small ones. Answers are
/// unchanged (only where the bytes live).
/// Wasm memory never shrinks, so the largest reservation made so far stays
/// available: only a request larger than every earlier one reserves again.
/// The reservation is a guess of the call's peak, bounded (1.5 GiB) and
/// made with `try_reserve`: too large a guess is skipped, never fatal.
fn reserve_heap(request: &str) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static RESERVED: AtomicUsize = AtomicUsize::new(0);
    const MAX: usize = 3 << 29;
    if request.len() < (1 << 20) {
        return;
    }
    // measured (natively, the same allocations): a call peaks at ~10x its request text (its parsed values and
    // answer text) plus ~5 KB per record (records, placements, explanations): 20 MB of 100,000 compact
    // records peak at 729 MB (1,085 MB while the answer was one JSON value)
    let records = request.matches("\"nip\"").count();
    let want = request.len().saturating_mul(10).saturating_add(records.saturating_mul(5 << 10)).min(MAX);
    if want > RESERVED.load(Ordering::Relaxed) {
        let mut v: Vec<u8> = Vec::new();
        if v.try_reserve_exact(want).is_ok() {
            drop(v);
            RESERVED.store(want, Ordering::Relaxed);
        }
    }
}

// The answer of `score` in the packed form (`meritkit::sorted_json::Packed`)
// made into objects: each part said once in the answer (an explanation, a
// description, a talent pool) is one object, frozen, shared by the results
// that carry it. A ~106 MB JSON answer of 100,000 placements is ~16 MB packed;
// `JSON.parse` of the JSON took ~400 ms, this ~160 ms (docs/javascript.md).
// Any other answer is returned as `JSON.parse` reads it.
#[wasm_bindgen(inline_js = r#"
export function unpackAnswer(text) {
  const answer = JSON.parse(text);
  const packed = answer.packed;
  if (answer.ok !== true || packed === undefined) return answer;
  // (each shared part replaces its packed text in place: the parts before it are made when it refers to them)
  const shapes = packed.shapes, parts = packed.shared;
  // (own properties, as JSON.parse makes them: a key that `Object.prototype` has, such as `__proto__`,
  // or one a page gave it an accessor for, is defined rather than assigned; arrays are made by `map`)
  const odd = shapes.map((keys) => keys.some((k) => k in Object.prototype));
  const put = (o, k, v) => Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  const un = (v) => {
    if (!Array.isArray(v)) return v;
    const tag = v[0], n = v.length;
    if (tag < 0) return parts[-tag - 1];
    if (tag === 0) return v.slice(1).map(un);
    const keys = shapes[tag - 1], o = {};
    if (odd[tag - 1]) for (let i = 1; i < n; i++) put(o, keys[i - 1], un(v[i]));
    else for (let i = 1; i < n; i++) o[keys[i - 1]] = un(v[i]);
    return o;
  };
  for (let i = 0; i < parts.length; i++) parts[i] = Object.freeze(un(parts[i]));
  return { ok: true, value: un(packed.value) };
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = unpackAnswer, catch)]
    fn unpack_answer(text: &str) -> Result<JsValue, JsValue>;
}

/// Calls `function` through the core dispatcher; the `value` of the answer
/// or the error to throw. `score` answers in the packed form.
fn call(function: &str, req: &JsValue) -> Result<JsValue, JsValue> {
    let text = request_text(req)?;
    reserve_heap(&text);
    let unreadable = |_| request_problem("", "internal: unreadable answer", "internal: jawaban tidak terbaca");
    let v = if function == "score" {
        unpack_answer(&meritkit::api::score_packed_json(&text)).map_err(unreadable)?
    } else {
        JSON::parse(&meritkit::api::call_json(function, &text)).map_err(unreadable)?
    };
    if get(&v, "ok").as_bool() == Some(true) {
        Ok(get(&v, "value"))
    } else {
        Err(error_from_answer(&get(&v, "error")))
    }
}

fn safe(r: Result<JsValue, JsValue>) -> JsValue {
    let o = Object::new();
    match r {
        Ok(v) => {
            set(&o, "ok", &JsValue::TRUE);
            set(&o, "value", &v);
        }
        Err(e) => {
            set(&o, "ok", &JsValue::FALSE);
            set(&o, "error", &e);
        }
    }
    o.into()
}

/// Calls any core function by name with a JSON request and returns the tagged
/// JSON answer text (`{"ok":true,"value":...}` / `{"ok":false,"error":...}`),
/// byte for byte what the Rust core returns. Never throws.
#[wasm_bindgen(js_name = callJson)]
pub fn call_json(function: &str, request_json: &str) -> String {
    reserve_heap(request_json);
    meritkit::api::call_json(function, request_json)
}

/// `score`'s request: the request itself, or an array of records with the
/// policy and date as separate arguments.
fn score_request(request: &JsValue, policy: &JsValue, date: &JsValue) -> Result<JsValue, JsValue> {
    let given = |v: &JsValue| !(v.is_undefined() || v.is_null());
    if Array::is_array(request) {
        let o = Object::new();
        set(&o, "records", request);
        if given(policy) {
            set(&o, "policy", policy);
        }
        if given(date) {
            set(&o, "date", date);
        }
        return Ok(o.into());
    }
    if given(policy) || given(date) {
        return Err(error_from_core(&CoreError::Request(vec![Problem::new(
            Code::InvalidRequest,
            if given(policy) { "policy" } else { "date" },
            "with a request object, give the policy and date inside it (separate arguments go with a records array)",
            "dengan objek permintaan, cantumkan policy dan date di dalamnya (argumen terpisah hanya untuk larik record)",
        )])));
    }
    Ok(request.clone())
}

/// Scores employee records on the 9-box grid (PermenPANRB 3/2020 jo 20/2025).
/// Takes `{ records, policy?, date? }` (object or JSON text), or
/// `(records, policy?, date?)`.
#[wasm_bindgen]
pub fn score(
    request: ScoreRequestArg,
    policy: Option<PolicyArg>,
    date: Option<DateArg>,
) -> Result<ScoreOutputJs, JsValue> {
    let (p, d) = (
        policy.map(JsValue::from).unwrap_or(JsValue::UNDEFINED),
        date.map(JsValue::from).unwrap_or(JsValue::UNDEFINED),
    );
    call("score", &score_request(&request, &p, &d)?).map(JsCast::unchecked_into)
}

/// [`score`] without throwing.
#[wasm_bindgen(js_name = safeScore)]
pub fn safe_score(request: ScoreRequestArg, policy: Option<PolicyArg>, date: Option<DateArg>) -> SafeScoreOutput {
    let (p, d) = (
        policy.map(JsValue::from).unwrap_or(JsValue::UNDEFINED),
        date.map(JsValue::from).unwrap_or(JsValue::UNDEFINED),
    );
    safe(score_request(&request, &p, &d).and_then(|r| call("score", &r))).unchecked_into()
}

/// Validates records against a merit rule set (core function `validate`):
/// `{ records, rules: "jpt_pratama" | {...}, date, policy? }`. Every row comes
/// back as a result (each rule pass / fail / unknown, with the reason) or as a
/// row error.
#[wasm_bindgen]
pub fn validate(request: ValidateRequestArg) -> Result<ValidateOutputJs, JsValue> {
    call("validate", &request).map(JsCast::unchecked_into)
}

/// [`validate`] without throwing.
#[wasm_bindgen(js_name = safeValidate)]
pub fn safe_validate(request: ValidateRequestArg) -> SafeValidateOutput {
    safe(call("validate", &request)).unchecked_into()
}

/// Ranks successors for target positions (core function `succession`):
/// `{ records, positions, date, method?, top?, policy?, ... }`. Per position:
/// the shortlist with readiness, criterion-by-criterion contributions and the
/// gates passed, the excluded with gate and reason, the funnel and the bench.
#[wasm_bindgen(js_name = rankSuccessors)]
pub fn rank_successors(request: SuccessionRequestArg) -> Result<SuccessionOutputJs, JsValue> {
    call("succession", &request).map(JsCast::unchecked_into)
}

/// [`rank_successors`] without throwing.
#[wasm_bindgen(js_name = safeRankSuccessors)]
pub fn safe_rank_successors(request: SuccessionRequestArg) -> SafeSuccessionOutput {
    safe(call("succession", &request)).unchecked_into()
}

/// Adverse-impact table (four-fifths rule, Z test, Fisher exact; core function
/// `adverse_impact`): `{ counts: [{ group, considered, selected }] }` or
/// `{ records, group_column, selected, date?, age_bands?, options? }`.
#[wasm_bindgen(js_name = adverseImpact)]
pub fn adverse_impact(request: AdverseImpactRequestArg) -> Result<ImpactReportJs, JsValue> {
    call("adverse_impact", &request).map(JsCast::unchecked_into)
}

/// [`adverse_impact`] without throwing.
#[wasm_bindgen(js_name = safeAdverseImpact)]
pub fn safe_adverse_impact(request: AdverseImpactRequestArg) -> SafeImpactReport {
    safe(call("adverse_impact", &request)).unchecked_into()
}

/// The 9-box of a policy as drawn (core function `grid_layout`): the row and
/// column levels and the box in each cell, `{ policy?, orientation? }`
/// (default: kinerja on the rows, as the regulation's figure). Every renderer
/// draws this one layout.
#[wasm_bindgen(js_name = gridLayout)]
pub fn grid_layout(request: Option<GridLayoutRequestArg>) -> Result<LayoutJs, JsValue> {
    let req = request.map(JsValue::from).unwrap_or_else(|| Object::new().into());
    call("grid_layout", &req).map(JsCast::unchecked_into)
}

/// The i18n catalogue (core function `labels`): per kind (`position_kind`,
/// `predikat`, `readiness`, `gate`, `criterion`, `method`, `pool`, ...), each
/// code's label `{ en, id }`. Renderers show these, never the codes.
#[wasm_bindgen]
pub fn labels() -> Result<CatalogueJs, JsValue> {
    call("labels", &JsValue::NULL).map(JsCast::unchecked_into)
}

/// Placements over time (core function `compare`): `{ periods: [{ period, date, records | results }], policy?,
/// min_move?, detail? }` → movement matrices per pair of periods, pool entries and exits, large moves, new and
/// gone people, each person's trend, error rows.
#[wasm_bindgen]
pub fn compare(request: CompareRequestArg) -> Result<ComparisonJs, JsValue> {
    call("compare", &request).map(JsCast::unchecked_into)
}

/// Opens a calibration session (core function `calibration_snapshot`): the first log entry and the rows that
/// could not be placed. Store the entry (e.g. in IndexedDB); pass the entries back to the other calls.
#[wasm_bindgen(js_name = calibrationSnapshot)]
pub fn calibration_snapshot(request: SnapshotRequestArg) -> Result<SnapshotAnswerJs, JsValue> {
    call("calibration_snapshot", &request).map(JsCast::unchecked_into)
}

/// The next log entry for an event, checked against the session the log replays to (core function
/// `calibration_append`): `{ log, actor, time, event }`.
#[wasm_bindgen(js_name = calibrationAppend)]
pub fn calibration_append(request: AppendRequestArg) -> Result<EntryJs, JsValue> {
    call("calibration_append", &request).map(JsCast::unchecked_into)
}

/// The session a log replays to (core function `calibration_report`): raw and calibrated side by side,
/// guidelines, moves per actor, adverse impact of the moves.
#[wasm_bindgen(js_name = calibrationReport)]
pub fn calibration_report(request: ReportRequestArg) -> Result<SessionReportJs, JsValue> {
    call("calibration_report", &request).map(JsCast::unchecked_into)
}

/// Checks an exported JSONL log (core function `calibration_verify`): the first entry that does not match.
#[wasm_bindgen(js_name = calibrationVerify)]
pub fn calibration_verify(request: VerifyRequestArg) -> Result<VerificationJs, JsValue> {
    call("calibration_verify", &request).map(JsCast::unchecked_into)
}

/// The log as JSON Lines, each line its entry's canonical JSON (core function `calibration_export`).
#[wasm_bindgen(js_name = calibrationExport)]
pub fn calibration_export(request: ExportRequestArg) -> Result<String, JsValue> {
    call("calibration_export", &request).map(|v| v.as_string().unwrap_or_default())
}

/// The built-in policy presets (name, description, local practice, fingerprint).
#[wasm_bindgen]
pub fn presets() -> Result<PresetList, JsValue> {
    call("presets", &JsValue::NULL).map(JsCast::unchecked_into)
}

/// [`presets`] without throwing.
#[wasm_bindgen(js_name = safePresets)]
pub fn safe_presets() -> SafePresetList {
    safe(call("presets", &JsValue::NULL)).unchecked_into()
}

/// JSON Schema of policy files.
#[wasm_bindgen(js_name = policySchema)]
pub fn policy_schema() -> Result<JsonSchemaJs, JsValue> {
    call("policy_schema", &JsValue::NULL).map(JsCast::unchecked_into)
}

/// [`policy_schema`] without throwing.
#[wasm_bindgen(js_name = safePolicySchema)]
pub fn safe_policy_schema() -> SafeJsonSchema {
    safe(call("policy_schema", &JsValue::NULL)).unchecked_into()
}

/// The engine version.
#[wasm_bindgen]
pub fn version() -> Result<String, JsValue> {
    call("version", &JsValue::NULL).map(|v| v.as_string().unwrap_or_default())
}

/// [`version`] without throwing.
#[wasm_bindgen(js_name = safeVersion)]
pub fn safe_version() -> SafeString {
    safe(call("version", &JsValue::NULL)).unchecked_into()
}

/// Turns a flat table (CSV header + rows, columns as in `meritkit::flat`) into
/// records for [`score`] (shaped like `Employee`; each row is still checked
/// when scored, so a bad cell becomes that row's error).
#[wasm_bindgen(js_name = flatRecords)]
pub fn flat_records(request: FlatRequestArg) -> Result<RecordList, JsValue> {
    call("flat_records", &request).map(JsCast::unchecked_into)
}

/// [`flat_records`] without throwing.
#[wasm_bindgen(js_name = safeFlatRecords)]
pub fn safe_flat_records(request: FlatRequestArg) -> SafeRecordList {
    safe(call("flat_records", &request)).unchecked_into()
}

fn columns_inner(
    predikat: &JsValue,
    potential: &JsValue,
    units: &JsValue,
    policy: &JsValue,
) -> Result<JsValue, JsValue> {
    let typed = |name: &str, what: &str| {
        request_problem(name, &format!("`{name}` must be a {what}"), &format!("`{name}` harus berupa {what}"))
    };
    let pred = predikat.dyn_ref::<Uint8Array>().ok_or_else(|| typed("predikat", "Uint8Array"))?.to_vec();
    let pot = potential.dyn_ref::<Float64Array>().ok_or_else(|| typed("potential_score", "Float64Array"))?.to_vec();
    let unit = if units.is_undefined() || units.is_null() {
        None
    } else {
        Some(units.dyn_ref::<Uint32Array>().ok_or_else(|| typed("unit", "Uint32Array"))?.to_vec())
    };
    let source: Option<meritkit::source::Source> = if policy.is_undefined() || policy.is_null() {
        None
    } else {
        let text = match policy.as_string() {
            Some(name) => serde_json::Value::String(name).to_string(),
            None => request_text(policy)?,
        };
        Some(serde_json::from_str(&text).map_err(|_| {
            request_problem(
                "policy",
                "policy must be a preset name, {text}, or an object",
                "policy harus nama preset, {text}, atau objek",
            )
        })?)
    };
    let p = meritkit::api::resolve_policy(source.as_ref()).map_err(|e| error_from_core(&e))?;
    let cols =
        Columns { performance: PerformanceColumn::Predikat(&pred), potential_score: &pot, unit: unit.as_deref() };
    let out = score_columns(&cols, &p).map_err(|e| error_from_core(&e))?;
    let o = Object::new();
    set(&o, "boxes", &Uint8Array::from(out.boxes.as_slice()).into());
    set(&o, "performance_level", &Uint8Array::from(out.performance_level.as_slice()).into());
    set(&o, "potential_level", &Uint8Array::from(out.potential_level.as_slice()).into());
    let info = serde_json::to_string(&PolicyInfo::of(&p)).unwrap_or_default();
    set(&o, "policy", &JSON::parse(&info).unwrap_or(JsValue::NULL));
    Ok(o.into())
}

/// Column-wise scoring for large populations (`meritkit::columnar`): predikat
/// codes (0 missing, 1 sangat_kurang .. 5 sangat_baik) and potential scores
/// (NaN missing), optionally a unit id per row (needed for `scope = "unit"`
/// cut-offs). The policy must take kinerja from the predikat (the default).
/// Same boxes as [`score`] for the same inputs.
#[wasm_bindgen(js_name = scoreColumns)]
pub fn score_columns_js(
    predikat: &Uint8Array,
    potential_score: &Float64Array,
    unit: Option<Uint32Array>,
    policy: Option<PolicyArg>,
) -> Result<ColumnarScoreJs, JsValue> {
    let units = unit.map(JsValue::from).unwrap_or(JsValue::UNDEFINED);
    let policy = policy.map(JsValue::from).unwrap_or(JsValue::UNDEFINED);
    columns_inner(predikat.as_ref(), potential_score.as_ref(), &units, &policy).map(JsCast::unchecked_into)
}

/// [`score_columns_js`] without throwing (also when given the wrong array types).
#[wasm_bindgen(js_name = safeScoreColumns)]
pub fn safe_score_columns(
    predikat: &Uint8Array,
    potential_score: &Float64Array,
    unit: Option<Uint32Array>,
    policy: Option<PolicyArg>,
) -> SafeColumnarScore {
    let units = unit.map(JsValue::from).unwrap_or(JsValue::UNDEFINED);
    let policy = policy.map(JsValue::from).unwrap_or(JsValue::UNDEFINED);
    safe(columns_inner(predikat.as_ref(), potential_score.as_ref(), &units, &policy)).unchecked_into()
}
