// The size budget of the package: the .wasm at most 660 KB gzipped (issue #6 set 400 KB; raised to
// 430 KB for the protected-attribute guard and the legal basis of issues 11 and 14, then 440 KB for the guard's second round,
// 445 KB for its third, 446 KB for the guard's speed fix and `detail`, 448 KB for the one grid layout, 452 KB for typed sources, 460 KB for explanations in words and the i18n catalogue, 463 KB for Indonesian preset descriptions and display-text checks, 585 KB for the talent-review cycle, 610 KB for the one scoring kernel, 640 KB for the answer text read and written without JSON values, 650 KB for JSON numbers read correctly rounded, 655 KB for `score`'s packed answer, 660 KB for explanations looked up by content; see docs/javascript.md). Run after
// `npm run build`; prints the figure and the verdict. With `--enforce` it exits 1 when over
// budget: scripts/test.d/20-wasm.sh runs it so, as its last step, after the functional tests
// (see docs/javascript.md, "Bundle size").
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUDGET_GZ_BYTES } from './budget.mjs';

const f = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'web', 'meritkit_wasm_bg.wasm');
const raw = readFileSync(f);
const gz = gzipSync(raw, { level: 9 }).length;
const budget = BUDGET_GZ_BYTES;
console.log(`meritkit_wasm_bg.wasm: ${raw.length} bytes, ${gz} bytes gzipped; budget ${budget}: ${gz <= budget ? 'ok' : `OVER by ${gz - budget}`}`);
if (process.argv.includes('--enforce') && gz > budget) process.exit(1);
