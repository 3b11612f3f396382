// TypeScript use of the meritkit WebAssembly package. Every type used here
// (Employee, ScoreOutput, Placement, Code, Safe, ...) is generated from the
// Rust types by tsify; `tsc --noEmit` checks this file in the test run.
import {
  score, safeScore, scoreColumns, presets, version,
  type Employee, type ScoreOutput, type Placement, type Safe, type MeritkitError, type Code, type Predikat,
} from "meritkit";

const records: Employee[] = [
  {
    nip: "198503152010011002",
    unit: "Dinas Pangan",
    position: { kind: "administrator" },
    rank: "iii_d",
    performance: [{ year: 2025, predikat: "sangat_baik" }],
    potential_score: 91.5,
  },
];

const out: ScoreOutput = score({ records, policy: "permenpanrb_3_2020", date: "2026-01-02" });
const first: Placement | undefined = out.results[0];
const box: number | null | undefined = first?.box;
const predikat: Predikat | null | undefined = first?.latest_predikat;
console.log(`meritkit ${version()}: box ${box} (${predikat}) under ${out.policy.name}`);
for (const u of out.summary.units) console.log(u.unit, u.boxes[9] ?? 0);

// the same call with the records array and the policy as arguments
const again: ScoreOutput = score(records, "permenpanrb_3_2020", "2026-01-02");
console.log(again.results.length === out.results.length);

const answer: Safe<ScoreOutput> = safeScore('{"records": [], "policy": "no_such_preset"}');
if (answer.ok) {
  console.log(answer.value.summary.total.rows);
} else {
  const e: MeritkitError = answer.error;
  const code: Code = e.code;
  console.log(code, e.path, e.details.map((p) => p.message.id));
}

const cols = scoreColumns(new Uint8Array([5, 4]), new Float64Array([95, 80]), undefined, "permenpanrb_3_2020");
const boxes: Uint8Array = cols.boxes;
console.log(Array.from(boxes), presets().map((p) => p.name));
