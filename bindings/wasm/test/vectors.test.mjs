// Every shared case in tests/vectors/ through callJson, checked with the
// subset rule. A case whose function the core does not have yet (validate,
// succession, adverse_impact land on other branches) is skipped, and only then.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mk, vectorsDir, subsetMismatches, isUnknownFunction } from './helpers.mjs';

const files = readdirSync(vectorsDir).filter((f) => f.endsWith('.json')).sort();

test('there are shared vectors to run', () => {
  assert.ok(files.length >= 3, `only ${files.length} vector files in ${vectorsDir}`);
});

for (const f of files) {
  const v = JSON.parse(readFileSync(join(vectorsDir, f), 'utf8'));
  test(`vector ${f}: ${v.name ?? ''}`, (t) => {
    const answer = JSON.parse(mk.callJson(v.function, JSON.stringify(v.request)));
    if (isUnknownFunction(answer) && !(v.expect?.ok === false && v.expect?.error?.problems?.[0]?.path === 'function')) {
      t.skip(`core has no function \`${v.function}\` yet`);
      return;
    }
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
