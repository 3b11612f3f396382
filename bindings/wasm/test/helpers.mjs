// Shared helpers of the Node tests: paths, the package, the subset rule of
// tests/vectors/README.md, and the native reference runners.
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const here = dirname(fileURLToPath(import.meta.url));
export const pkgDir = join(here, '..');
export const root = join(pkgDir, '..', '..');
export const vectorsDir = join(root, 'tests', 'vectors');
const require = createRequire(import.meta.url);
/** The Node build (dist/node), as a user's `require('meritkit')` gets it. */
export const mk = require('../dist/node/meritkit_wasm.js');

/**
 * Subset matching (tests/vectors/README.md): returns a list of mismatch
 * descriptions, empty when `actual` matches `expected`.
 */
export function subsetMismatches(expected, actual, path = '$') {
  if (expected === null || typeof expected !== 'object') {
    if (typeof expected === 'number' && typeof actual === 'number') {
      const diff = Math.abs(expected - actual);
      const ok = Math.abs(expected) < 1e-12 ? diff <= 1e-12 : diff <= 1e-9 * Math.abs(expected);
      return ok ? [] : [`${path}: expected ${expected}, got ${actual}`];
    }
    return Object.is(expected, actual) || expected === actual ? [] : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${JSON.stringify(actual)?.slice(0, 80)}`];
    if (expected.length !== actual.length) return [`${path}: expected ${expected.length} elements, got ${actual.length}`];
    return expected.flatMap((e, i) => subsetMismatches(e, actual[i], `${path}[${i}]`));
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
    return [`${path}: expected an object, got ${JSON.stringify(actual)?.slice(0, 80)}`];
  }
  return Object.keys(expected).flatMap((k) =>
    Object.prototype.hasOwnProperty.call(actual, k) ? subsetMismatches(expected[k], actual[k], `${path}.${k}`) : [`${path}: missing key ${k}`],
  );
}

const cargo = (args, input) => execFileSync('cargo', args, { cwd: root, input, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'inherit'] });

/** `meritkit::api::call_json` run natively (bindings/wasm/examples/call_json.rs). */
export function nativeCallJson(fn, requestJson) {
  return cargo(['run', '-q', '--locked', '-p', 'meritkit-wasm', '--example', 'call_json', '--', fn], requestJson);
}

/** The CLI (`meritkit ...`), stdout as text; exit codes 0 and 3 (row errors) are answers. */
export function cli(args) {
  try {
    return cargo(['run', '-q', '--locked', '-p', 'meritkit-cli', '--', ...args]);
  } catch (e) {
    if (e.status === 3) return e.stdout;
    throw e;
  }
}
