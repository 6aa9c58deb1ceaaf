/**
 * Oracle test: `kubectl patch --local` runs the very Go code a 1.32 API server patches with
 * (`strategicpatch`, `evanphx/json-patch.v4`), offline. Every case of `patch-oracle-cases-*.ts` goes
 * through kubectl and through this package; results and error texts must agree.
 *
 * `--local` prints the patched document as unstructured JSON — it is *not* decoded into the typed
 * object (nulls, `$patch` leftovers and empty maps stay visible; checked by hand against kubectl
 * 1.32.4) — so results are compared exactly, up to key order.
 */

import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoJsonError } from './go-json.js';
import { applyJsonMergePatch, JsonMergePatchError } from './json-merge-patch.js';
import { applyJsonPatch, decodeJsonPatch, JsonPatchError } from './json-patch.js';
import { DIRECTIVE_CASES } from './patch-oracle-cases-directives.js';
import { JSON_CASES } from './patch-oracle-cases-json.js';
import { SMP_CASES } from './patch-oracle-cases-smp.js';
import type { OracleCase } from './patch-oracle-fixtures.js';
import { patchSchemaFor } from './patch-schema.js';
import { applyStrategicMergePatch, StrategicMergePatchError } from './strategic-merge-patch.js';

function which(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

const ORACLE_CASES: readonly OracleCase[] = [...SMP_CASES, ...DIRECTIVE_CASES, ...JSON_CASES];

const kubectl = which('kubectl');
if (!kubectl) console.warn('patch oracle test skipped: no `kubectl` binary on PATH');

type Outcome = { ok: true; value: unknown } | { ok: false; message: string };

/** The same patch through this package. */
function ours(kase: OracleCase): Outcome {
  const object = kase.object;
  try {
    if (kase.type === 'merge') return { ok: true, value: applyJsonMergePatch(object, kase.patch) };
    if (kase.type === 'json') {
      return { ok: true, value: applyJsonPatch(object, decodeJsonPatch(kase.patch)) };
    }
    const apiVersion = String(object.apiVersion);
    const group = apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
    const schema = patchSchemaFor(group, String(object.kind));
    if (!schema) throw new Error(`no schema for ${apiVersion} ${String(object.kind)}`);
    return { ok: true, value: applyStrategicMergePatch(object, kase.patch, schema) };
  } catch (e) {
    const known = [StrategicMergePatchError, JsonMergePatchError, JsonPatchError, GoJsonError];
    if (known.some((type) => e instanceof type))
      return { ok: false, message: (e as Error).message };
    throw e;
  }
}

/** What kubectl prints for our outcome: `error: <msg>` (kubectl adds the final newline). */
function asKubectlError(kase: OracleCase, message: string): string {
  let text = message;
  // kubectl rewrites this one JSON-patch error client-side (cmd/patch/patch.go).
  const missingKey = message.indexOf('doc is missing key: ');
  if (kase.type === 'json' && missingKey >= 0) {
    text = `Object to be patched is missing field (${message.slice(missingKey + 20)})`;
  }
  return `error: ${text}${text.endsWith('\n') ? '' : '\n'}`;
}

interface KubectlRun {
  code: number;
  stdout: string;
  stderr: string;
}

function runKubectl(args: string[]): Promise<KubectlRun> {
  return new Promise((resolve) => {
    execFile(kubectl ?? 'kubectl', args, { encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe.skipIf(!kubectl)('patches agree with kubectl patch --local (kubectl 1.32)', () => {
  const results = new Map<string, KubectlRun>();
  let dir = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'patch-oracle-'));
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, '');
    const queue = ORACLE_CASES.map((kase, i) => ({ kase, i }));
    // kubectl needs ~50 ms per call: a few at a time keeps the whole suite within seconds.
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const file = join(dir, `case-${next.i}.json`);
        writeFileSync(file, JSON.stringify(next.kase.object));
        const args = ['patch', '--local', '-f', file, '--type', next.kase.type];
        args.push('-p', JSON.stringify(next.kase.patch), '-o', 'json', '--kubeconfig', kubeconfig);
        results.set(next.kase.name, await runKubectl(args));
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has unique case names', () => {
    expect(new Set(ORACLE_CASES.map((c) => c.name)).size).toBe(ORACLE_CASES.length);
  });

  it.each(ORACLE_CASES)('$type: $name', (kase) => {
    const run = results.get(kase.name);
    expect(run, 'kubectl result').toBeDefined();
    if (!run) return;
    expect(run.stderr, 'kubectl crashed on this case').not.toMatch(/^panic:/m);
    const outcome = ours(kase);
    if (run.code === 0) {
      expect(outcome).toStrictEqual({ ok: true, value: JSON.parse(run.stdout) });
    } else {
      expect(outcome.ok, `kubectl failed with ${run.stderr}`).toBe(false);
      if (!outcome.ok) expect(asKubectlError(kase, outcome.message)).toBe(run.stderr);
    }
  });
});
