// Two builds of the wasm package side by side: `score` on N generated record objects (the generator of
// bench_score.mjs), each build's first call in a fresh process and then the median of 5 warm calls, the
// builds alternated for ROUNDS rounds. Used to measure a change against the build before it.
// Usage: node benches/js/compare_builds.mjs <a/dist/node/meritkit_wasm.js> <b/dist/node/meritkit_wasm.js> [n] [rounds]
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import os from 'node:os';

const [, self, a, b, nArg, roundsArg] = process.argv;
if (process.env.MERITKIT_COMPARE_CHILD) {
  // child: one build, one fresh process
  const mk = createRequire(import.meta.url)(resolve(a));
  const { generate } = await import('./generate.mjs');
  const records = generate(Number(b));
  const t0 = performance.now();
  const out = mk.score({ records });
  const first = performance.now() - t0;
  if (out.results.length !== records.length || out.errors.length) throw new Error('unexpected answer');
  const ts = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    mk.score({ records });
    ts.push(performance.now() - t);
  }
  ts.sort((x, y) => x - y);
  console.log(JSON.stringify({ first_ms: Math.round(first), warm_median_ms: Math.round(ts[2]) }));
} else {
  if (!a || !b) {
    console.error('usage: node benches/js/compare_builds.mjs <a.js> <b.js> [n] [rounds]');
    process.exit(2);
  }
  const n = Number(nArg ?? 100_000);
  const rounds = Number(roundsArg ?? 2);
  console.log(`n = ${n}, node ${process.version}, load ${os.loadavg()[0].toFixed(2)} (${new Date().toISOString()})`);
  console.log('| round | build | first call ms | warm median ms |');
  console.log('|---|---|---:|---:|');
  for (let r = 1; r <= rounds; r++) {
    for (const build of [a, b]) {
      const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), build, String(n)], {
        env: { ...process.env, MERITKIT_COMPARE_CHILD: '1' },
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      });
      const m = JSON.parse(out.trim().split('\n').pop());
      console.log(`| ${r} | ${build} | ${m.first_ms} | ${m.warm_median_ms} |`);
    }
  }
  console.log(`load ${os.loadavg()[0].toFixed(2)} after`);
}
