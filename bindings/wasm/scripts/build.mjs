// Builds the WebAssembly package: cargo (size-optimised profile `wasm-release`),
// then wasm-bindgen for the three targets into dist/web, dist/bundler, dist/node.
// The wasm-bindgen CLI must equal the `wasm-bindgen` version pinned in Cargo.lock
// (scripts/setup.d/20-wasm.sh installs it). Prints the .wasm size, raw and gzipped.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUDGET_GZ_BYTES } from './budget.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, '..');
const root = join(pkg, '..', '..');
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });

const lock = readFileSync(join(root, 'Cargo.lock'), 'utf8');
const pinned = /name = "wasm-bindgen"\nversion = "([^"]+)"/.exec(lock)?.[1];
const cli = execFileSync('wasm-bindgen', ['--version'], { encoding: 'utf8' }).trim().split(/\s+/)[1];
if (pinned && cli !== pinned) {
  console.error(`wasm-bindgen CLI ${cli} != crate ${pinned} (Cargo.lock): run scripts/setup.d/20-wasm.sh`);
  process.exit(2);
}

run('cargo', ['build', '--locked', '-p', 'meritkit-wasm', '--target', 'wasm32-unknown-unknown', '--profile', 'wasm-release']);
const targetDir = process.env.CARGO_TARGET_DIR ? resolve(root, process.env.CARGO_TARGET_DIR) : join(root, 'target');
const wasm = join(targetDir, 'wasm32-unknown-unknown', 'wasm-release', 'meritkit_wasm.wasm');

const dist = join(pkg, 'dist');
rmSync(dist, { recursive: true, force: true });
for (const [target, dir, type] of [['web', 'web', 'module'], ['bundler', 'bundler', 'module'], ['nodejs', 'node', 'commonjs']]) {
  const out = join(dist, dir);
  mkdirSync(out, { recursive: true });
  run('wasm-bindgen', ['--target', target, '--remove-name-section', '--remove-producers-section', '--out-dir', out, wasm]);
  // The package root has no "type"; say per directory how Node should read the .js files.
  writeFileSync(join(out, 'package.json'), JSON.stringify({ type }) + '\n');
  if (type === 'commonjs') commonjsSnippets(join(out, 'snippets'));
}

// wasm-bindgen writes a crate's `inline_js` snippets as ES modules for every target, but its
// nodejs glue `require`s them (Node 20 cannot require an ES module): the node target's
// snippets are made CommonJS here. A snippet may only declare `export function`s.
function commonjsSnippets(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { recursive: true })) {
    const f = join(dir, String(entry));
    if (!f.endsWith('.js')) continue;
    const text = readFileSync(f, 'utf8');
    const names = [...text.matchAll(/^export function (\w+)/gm)].map((m) => m[1]);
    const cjs = text.replace(/^export function /gm, 'function ');
    if (/^\s*(export|import)\b/m.test(cjs)) {
      console.error(`${f}: a snippet may only declare \`export function\`s`);
      process.exit(2);
    }
    writeFileSync(f, `'use strict';\n${cjs}\nmodule.exports = { ${names.join(', ')} };\n`);
  }
}

// wasm-opt (npm `binaryen`, not a dependency), only when asked: MERITKIT_WASM_OPT=1 after
// `npm install --no-save binaryen`. Measured in docs/javascript.md: it makes the gzipped
// file larger here (-Oz: 1.18 MB raw but 452 KB gzipped vs 374 KB), so the build skips it.
if (process.env.MERITKIT_WASM_OPT === '1') {
  const bin = join(pkg, 'node_modules', '.bin', 'wasm-opt');
  if (!existsSync(bin)) {
    console.error('MERITKIT_WASM_OPT=1 but node_modules/.bin/wasm-opt is missing (npm install --no-save binaryen)');
    process.exit(2);
  }
  for (const dir of ['web', 'bundler', 'node']) {
    const f = join(dist, dir, 'meritkit_wasm_bg.wasm');
    run(bin, ['-Oz', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue', f, '-o', f]);
  }
}

const f = join(dist, 'web', 'meritkit_wasm_bg.wasm');
const raw = statSync(f).size;
const gz = gzipSync(readFileSync(f), { level: 9 }).length;
const line = `meritkit_wasm_bg.wasm: ${raw} bytes, ${gz} bytes gzipped (${(gz / 1024).toFixed(1)} KiB; budget ${BUDGET_GZ_BYTES / 1000} KB)`;
console.log(line);
writeFileSync(join(dist, 'SIZE.txt'), line + '\n');
// Over budget is reported here and enforced by `node scripts/size-check.mjs --enforce`, the last step of
// scripts/test.d/20-wasm.sh, so that an over-budget build still gets its functional tests run.
if (gz > BUDGET_GZ_BYTES) console.error(`WARNING: over the ${BUDGET_GZ_BYTES / 1000} KB gzipped budget by ${gz - BUDGET_GZ_BYTES} bytes (see docs/javascript.md, Bundle size)`);
