// The JavaScript API of the package: input forms, byte-identical answers with
// the Rust core and the CLI, the error model, safe* twins, columnar input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { mk, root, nativeCallJson, cli, isUnknownFunction } from './helpers.mjs';

const DEMO_DATE = '2026-01-02'; // crates/meritkit-cli/src/cmd_demo.rs
const demo = JSON.parse(mk.callJson('demo_records', '{}')).value;
const rec = (nip, predikat, potential_score, unit = 'Dinas Pangan') => ({
  nip, unit, position: { kind: 'administrator' }, performance: [{ year: 2025, predikat }], potential_score,
});

test('version is the crate version', () => {
  const cargoToml = readFileSync(join(root, 'Cargo.toml'), 'utf8');
  const v = /\[workspace\.package\][^[]*?version = "([^"]+)"/s.exec(cargoToml)[1];
  assert.equal(mk.version(), v);
  assert.deepEqual(mk.safeVersion(), { ok: true, value: v });
});

test('presets list the national preset with sha256 fingerprints', () => {
  const ps = mk.presets();
  assert.ok(ps.some((p) => p.name === 'permenpanrb_3_2020' && p.local_practice === false));
  for (const p of ps) assert.match(p.fingerprint, /^[0-9a-f]{64}$/);
});

test('policySchema is a JSON Schema of the policy', () => {
  const s = mk.policySchema();
  assert.equal(typeof s, 'object');
  assert.ok(JSON.stringify(s).includes('"thresholds"'));
});

test('score accepts objects and JSON text alike; Sangat Baik + potential 91.5 is box 9', () => {
  const req = { records: [rec('198503152010011002', 'Sangat Baik', 91.5), rec('198503152010011003', 'Baik', 80)] };
  const a = mk.score(req);
  const b = mk.score(JSON.stringify(req));
  assert.deepEqual(a, b);
  // score(records, policy?, date?) is the same call
  assert.deepEqual(mk.score(req.records), a);
  assert.deepEqual(mk.score(req.records, 'permenpanrb_3_2020', '2026-01-02'), mk.score({ ...req, policy: 'permenpanrb_3_2020', date: '2026-01-02' }));
  assert.equal(mk.score(req.records, 'percentile_unit').policy.name, 'percentile_unit');
  const e = thrown(() => mk.score(req, 'manado'));
  assert.deepEqual([e.code, e.path], ['invalid_request', 'policy']);
  assert.equal(mk.safeScore(req, null, '2026-01-02').error.path, 'date');
  // reference §3.2: kinerja di atas × potensial tinggi = 9; sesuai × menengah = 5
  assert.deepEqual(a.results.map((r) => r.box), [9, 5]);
  assert.deepEqual(a.results[0].talent_pool, ['instansi', 'nasional']);
  assert.equal(a.results[0].explanation.box.number, 9);
});

test('callJson answer is byte-identical to the native Rust core (demo population, 1,508 rows)', () => {
  const req = JSON.stringify({ records: demo, date: DEMO_DATE });
  const wasm = mk.callJson('score', req);
  const native = nativeCallJson('score', req);
  assert.ok(wasm.length > 100000);
  assert.equal(wasm, native);
  // the same for an error answer and for another preset
  const bad = JSON.stringify({ records: [], policy: { name: 'x' } });
  assert.equal(mk.callJson('score', bad), nativeCallJson('score', bad));
  const unit = JSON.stringify({ records: demo, policy: 'percentile_unit', date: DEMO_DATE });
  assert.equal(mk.callJson('score', unit), nativeCallJson('score', unit));
});

test('score equals what the CLI computes for the same records (meritkit score --format json)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meritkit-wasm-'));
  const file = join(dir, 'demo.json');
  cli(['demo', '--export', file]);
  const exported = JSON.parse(readFileSync(file, 'utf8'));
  assert.deepEqual(exported, demo);
  const fromCli = JSON.parse(cli(['score', '--format', 'json', '--input', file, '--date', DEMO_DATE]));
  const fromWasm = mk.score({ records: exported, date: DEMO_DATE });
  assert.deepEqual(fromWasm, fromCli);
  const demoCli = JSON.parse(cli(['demo', '--format', 'json']));
  assert.deepEqual(fromWasm.summary, demoCli.summary);
});

function thrown(f) {
  try {
    f();
  } catch (e) {
    return e;
  }
  assert.fail('expected a throw');
}

test('errors are Error objects with kind, code, path, details and an Indonesian message', () => {
  const e = thrown(() => mk.score({ records: [], bogus: 1 }));
  assert.ok(e instanceof Error);
  assert.equal(e.name, 'MeritkitError');
  assert.equal(e.kind, 'request_error');
  assert.equal(e.code, 'unknown_field');
  assert.equal(e.path, 'bogus');
  assert.ok(Array.isArray(e.details) && e.details.length === 1);
  assert.equal(e.details[0].code, 'unknown_field');
  assert.match(e.message, /invalid request/);
  assert.match(e.message_id, /permintaan tidak valid/);

  assert.equal(thrown(() => mk.score('{"records": [')).code, 'invalid_input');
  assert.equal(thrown(() => mk.score({ records: 5 })).code, 'invalid_type');
  assert.equal(thrown(() => mk.score({})).code, 'missing_field');
  const p = thrown(() => mk.score({ records: [], policy: 'no_such_preset' }));
  assert.deepEqual([p.kind, p.code], ['policy_error', 'unknown_preset']);
  const d = thrown(() => mk.score({ records: [], date: '2026-13-45' }));
  assert.deepEqual([d.code, d.path], ['invalid_request', 'date']);
  assert.equal(thrown(() => mk.score({ records: [1n] })).code, 'invalid_input');
  const cyc = { records: [] };
  cyc.self = cyc;
  assert.equal(thrown(() => mk.score(cyc)).code, 'invalid_input');
});

test('an invalid inline policy reports every problem in details', () => {
  const policy = JSON.parse(mk.callJson('preset_policy', '{"name":"permenpanrb_3_2020"}')).value;
  policy.potential.cutoffs.thresholds = [95, 80, 70]; // 3 levels need 2 ascending thresholds
  policy.performance.mapping.baik = 'luar_biasa'; // not a level of the grid
  const e = thrown(() => mk.score({ records: [], policy }));
  assert.equal(e.kind, 'policy_error');
  assert.ok(e.details.length >= 2, JSON.stringify(e.details));
  assert.ok(e.details.every((p) => typeof p.code === 'string' && typeof p.path === 'string' && p.message.en && p.message.id));
  assert.equal(e.code, e.details[0].code);
  assert.equal(e.path, e.details[0].path);
});

test('bad rows come back as row errors with their documented codes, none lost', () => {
  const out = mk.score({ records: demo, date: DEMO_DATE });
  assert.equal(out.results.length + out.errors.length, demo.length);
  // generate::demo_rows appends eight deliberately bad rows, one per error kind
  const codes = out.errors.map((e) => e.code);
  for (const c of ['nip_format', 'nip_sex_digit', 'nip_birth_date', 'nip_appointment_before_birth', 'predikat_mismatch', 'competency_level_out_of_range', 'invalid_value']) {
    assert.ok(codes.includes(c), `missing ${c} in ${codes}`);
  }
  for (const e of out.errors) assert.ok(!e.message.en.includes(e.nip ?? '#none#'), 'NIP must not appear in messages');
});

const nasty = () => {
  const cyc = {};
  cyc.a = cyc;
  let deep = [];
  for (let i = 0; i < 5000; i++) deep = [deep];
  return [undefined, null, 0, NaN, '', '{', 'null', '[]', [], {}, 10n, cyc, Symbol('s'), () => 1, deep, { records: deep },
    { records: [{ nip: 1e308, unit: null, position: [] }] }, { records: Array(3).fill({}) }, 'x'.repeat(100000), new Uint8Array(3)];
};

test('safe* twins never throw and return { ok, value | error }', () => {
  const fns = ['safeScore', 'safeValidate', 'safeRankSuccessors', 'safeAdverseImpact', 'safeFlatRecords'];
  for (const name of fns) {
    for (const input of nasty()) {
      let r;
      assert.doesNotThrow(() => { r = mk[name](input); }, `${name} threw`);
      assert.equal(typeof r.ok, 'boolean');
      if (r.ok) assert.ok('value' in r);
      else {
        assert.ok(r.error instanceof Error);
        assert.equal(typeof r.error.code, 'string');
        assert.ok(Array.isArray(r.error.details));
      }
    }
  }
  for (const name of ['safePresets', 'safePolicySchema', 'safeVersion']) assert.equal(mk[name]().ok, true);
  for (const [a, b, c, d] of [[null, null], [[1], [2]], [new Uint8Array(2), new Float64Array(3)], [new Uint8Array(1), new Float64Array(1), 'x'],
    [new Uint8Array(1), new Float64Array(1), undefined, 'no_such'], [new Uint8Array(1), new Float64Array(1), null, 5n]]) {
    let r;
    assert.doesNotThrow(() => { r = mk.safeScoreColumns(a, b, c, d); });
    assert.equal(r.ok, false);
    assert.ok(r.error instanceof Error && typeof r.error.code === 'string');
  }
  // a deeply nested request is refused (recursion limit), not a crash; the module keeps working
  assert.equal(mk.safeScore({ records: nasty()[14] }).ok, false);
  assert.equal(mk.score({ records: [rec('198503152010011002', 'Baik', 80)] }).results[0].box, 5);
});

const PREDIKAT_CODE = { sangat_kurang: 1, kurang: 2, butuh_perbaikan: 3, baik: 4, sangat_baik: 5 };

test('columnar input (typed arrays) gives the same boxes as record input', () => {
  for (const policy of ['permenpanrb_3_2020', 'percentile_unit']) {
    // the generated population without the eight deliberately bad rows at the end: a row that
    // errors on one axis still counts in its unit's percentile population, and columns carry no errors
    const good = demo.slice(0, demo.length - 8);
    const out = mk.score({ records: good, policy, date: DEMO_DATE });
    assert.equal(out.errors.length, 0);
    const rows = out.results;
    assert.ok(rows.filter((r) => r.status === 'placed').length > 1400);
    const units = [...new Set(rows.map((r) => r.unit))];
    const pred = Uint8Array.from(rows, (r) => PREDIKAT_CODE[r.latest_predikat] ?? 0);
    const pot = Float64Array.from(rows, (r) => r.potential_score ?? NaN);
    const unit = Uint32Array.from(rows, (r) => units.indexOf(r.unit));
    const c = mk.scoreColumns(pred, pot, unit, policy);
    assert.ok(c.boxes instanceof Uint8Array);
    assert.deepEqual(Array.from(c.boxes), rows.map((r) => r.box ?? 0), policy);
    assert.equal(c.policy.fingerprint, out.policy.fingerprint);
  }
  // missing inputs: predikat 0 or NaN potential → 0 (not placed)
  const c = mk.scoreColumns(new Uint8Array([5, 4, 0, 1]), new Float64Array([95, 80, 50, NaN]));
  assert.deepEqual(Array.from(c.boxes), [9, 5, 0, 0]);
  const e = thrown(() => mk.scoreColumns(new Uint8Array(2), new Float64Array(3)));
  assert.equal(e.code, 'invalid_request');
  assert.equal(thrown(() => mk.scoreColumns([5], new Float64Array(1))).path, 'predikat');
});

test('flatRecords turns CSV-style rows into scorable records', () => {
  const recs = mk.flatRecords({ columns: ['nip', 'unit', 'position_kind', 'performance_2025', 'potential_score'],
    rows: [['198503152010011002', 'Dinas Pangan', 'administrator', 'Sangat Baik', '91,5']] });
  assert.equal(mk.score({ records: recs }).results[0].box, 9);
  const e = thrown(() => mk.flatRecords({ columns: ['nip', 'gaji'], rows: [] }));
  assert.deepEqual([e.code, e.path], ['unknown_field', 'columns[1]']);
});

test('validate, rankSuccessors, adverseImpact go through the core dispatcher', (t) => {
  for (const [js, core] of [['validate', 'validate'], ['rankSuccessors', 'succession'], ['adverseImpact', 'adverse_impact']]) {
    const answer = JSON.parse(mk.callJson(core, '{}'));
    const r = mk[`safe${js[0].toUpperCase()}${js.slice(1)}`]({});
    if (isUnknownFunction(answer)) {
      t.diagnostic(`core has no \`${core}\` yet: ${js} answers unknown function`);
      assert.equal(r.ok, false);
      assert.equal(r.error.path, 'function');
      continue;
    }
    // the function exists: JS answer equals the core answer for the same request
    assert.equal(r.ok, answer.ok);
    if (r.ok) assert.deepEqual(r.value, answer.value);
    else assert.equal(r.error.code, answer.error.code);
  }
});

test('the package resolves through its exports map (require and import)', async () => {
  const require = createRequire(join(root, 'bindings', 'wasm', 'package.json'));
  assert.equal(typeof require('meritkit').score, 'function');
  const esm = await import('meritkit');
  assert.equal(typeof esm.score, 'function');
  assert.equal(typeof esm.scoreColumns, 'function');
  const web = await import('meritkit/web');
  assert.equal(typeof web.default, 'function'); // the web target's init()
});
