// TypeScript use of the meritkit WebAssembly package. Every type used here
// (Employee, ScoreOutput, Placement, Code, Safe, ...) is generated from the
// Rust types by tsify (also ValidateOutput, SuccessionOutput, ImpactReport ...); `tsc --noEmit` checks this file in the test run.
import {
  score, safeScore, scoreColumns, presets, version, validate, rankSuccessors, safeRankSuccessors, adverseImpact,
  type Employee, type ScoreOutput, type Placement, type Safe, type MeritkitError, type Code, type Predikat,
  type ValidateOutput, type RuleResult, type Outcome, type SuccessionRequest, type SuccessionOutput, type TargetPosition,
  type Shortlisted, type Readiness, type Contribution, type GateResult, type ImpactReport, type GroupResult,
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

// Merit rules: is this administrator eligible for a JPT Pratama post on the date?
const checked: ValidateOutput = validate({
  records: [{ ...records[0], rank: "iv_b", education: "s1", position: { kind: "administrator", since: "2020-01-01" } }],
  rules: "jpt_pratama",
  date: "2026-06-15",
});
for (const r of checked.results) {
  const age: RuleResult | undefined = r.rules.find((x) => x.id === "usia_maksimal");
  const outcome: Outcome | undefined = age?.outcome;
  console.log(r.nip, r.eligible, outcome, age?.reason.id);
}

// Succession: a vacant position and its ranked successors, with readiness and reasons.
const position: TargetPosition = { id: "PANGAN-KABID", title: "Kepala Bidang", unit: "Dinas Pangan", kind: "administrator", critical: true };
const request: SuccessionRequest = { records, positions: [position], date: "2026-01-02", top: 5, method: "saw" };
const plan: SuccessionOutput = rankSuccessors(request);
for (const p of plan.positions) {
  console.log(p.id, p.funnel.considered, p.funnel.shortlisted, p.bench.has_ready_now, p.bench.at_risk);
  for (const c of p.candidates) {
    const s: Shortlisted = c;
    const readiness: Readiness = s.readiness;
    const why: Contribution[] = s.contributions;
    const gates: GateResult[] = s.gates;
    console.log(s.rank, s.nip, s.box, readiness, s.score, why.map((w) => `${w.criterion}=${w.contribution ?? w.value}`), gates.filter((g) => g.passed).length);
  }
  for (const x of p.excluded) console.log(x.nip, x.gate, x.code, x.reason.en);
}
const noDate: Safe<SuccessionOutput> = safeRankSuccessors({ records, positions: [position] });
if (!noDate.ok) console.log(noDate.error.code, noDate.error.path);

// Fairness: the four-fifths rule on selection counts.
const impact: ImpactReport = adverseImpact({ counts: [{ group: "a", considered: 100, selected: 50 }, { group: "b", considered: 100, selected: 20 }] });
const b: GroupResult | undefined = impact.groups.find((g) => g.group === "b");
console.log(impact.reference_group, b?.impact_ratio, b?.four_fifths_flag);
