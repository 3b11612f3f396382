// Every shared case in tests/vectors/ through callJson, checked with the
// subset rule. No case is skipped: every function a vector names (score,
// validate, succession, adverse_impact, ahp_weights, mcdm, map_headers, ...)
// must exist in the wasm build and answer what the vector expects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mk, vectorsDir, subsetMismatches } from './helpers.mjs';

const files = readdirSync(vectorsDir).filter((f) => f.endsWith('.json')).sort();

test('there are shared vectors to run, for every function family', () => {
  assert.ok(files.length >= 40, `only ${files.length} vector files in ${vectorsDir}`);
  const fns = new Set(files.map((f) => JSON.parse(readFileSync(join(vectorsDir, f), 'utf8')).function));
  for (const fn of ['score', 'validate', 'succession', 'adverse_impact', 'ahp_weights', 'mcdm', 'map_headers']) {
    assert.ok(fns.has(fn), `no vector for ${fn}`);
  }
});

for (const f of files) {
  const v = JSON.parse(readFileSync(join(vectorsDir, f), 'utf8'));
  test(`vector ${f}: ${v.name ?? ''}`, () => {
    assert.equal(typeof v.function, 'string', `${f}: no function`);
    const answer = JSON.parse(mk.callJson(v.function, JSON.stringify(v.request)));
    const bad = subsetMismatches(v.expect, answer);
    assert.deepEqual(bad, [], `${f}:\n  ${bad.slice(0, 10).join('\n  ')}`);
  });
}

test('the subset matcher itself rejects what it should', () => {
  assert.deepEqual(subsetMismatches({ a: 1 }, { a: 1, b: 2 }), []);
  assert.equal(subsetMismatches({ a: 1 }, { a: 2 }).length, 1);
  assert.equal(subsetMismatches({ a: [1, 2] }, { a: [1] }).length, 1);
  assert.equal(subsetMismatches({ a: 'x' }, {}).length, 1);
  assert.deepEqual(subsetMismatches(0.1 + 0.2, 0.3), []);
  assert.equal(subsetMismatches(1, 1.001).length, 1);
  assert.equal(subsetMismatches(null, 0).length, 1);
});
